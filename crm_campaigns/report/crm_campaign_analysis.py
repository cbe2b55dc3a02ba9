from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.crm_campaign import CAMPAIGN_CHANNELS, CAMPAIGN_STATES


class CrmCampaignAnalysis(models.Model):
    """Campaign funnel: members, reached, responded, converted, revenue, cost
    and return of each campaign, as the campaign itself records them (an
    evaluated campaign keeps its frozen figures)."""

    _name = "crm.campaign.analysis"
    _description = "Campaign Funnel Analysis"
    _auto = False
    _rec_name = "campaign_id"
    _order = "date_start desc, id desc"

    campaign_id = fields.Many2one("crm.campaign", string="Campaign", readonly=True)
    segment_id = fields.Many2one("crm.customer.segment", string="Segment", readonly=True)
    channel = fields.Selection(CAMPAIGN_CHANNELS, readonly=True)
    state = fields.Selection(CAMPAIGN_STATES, string="Status", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    date_start = fields.Date(string="Start Date", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    member_count = fields.Integer(string="Members", readonly=True, aggregator="sum")
    sent_count = fields.Integer(string="Reached", readonly=True, aggregator="sum")
    response_count = fields.Integer(string="Responded", readonly=True, aggregator="sum")
    conversion_count = fields.Integer(string="Converted", readonly=True, aggregator="sum")
    revenue = fields.Monetary(readonly=True, aggregator="sum")
    cost = fields.Monetary(string="Actual Cost", readonly=True, aggregator="sum")
    profit = fields.Monetary(
        string="Net Return", readonly=True, aggregator="sum", help="Revenue minus actual cost."
    )
    roi = fields.Float(
        string="ROI", readonly=True, digits=(16, 2), aggregator="avg", help="Of each campaign."
    )

    _depends = {
        "crm.campaign": [
            "segment_id",
            "channel",
            "state",
            "user_id",
            "date_start",
            "company_id",
            "sent_count",
            "response_count",
            "conversion_count",
            "revenue",
            "actual_cost",
            "roi",
        ],
        "crm.campaign.member": ["campaign_id"],
    }

    @api.model
    def _query(self):
        return SQL(
            """
            SELECT campaign.id AS id,
                   campaign.id AS campaign_id,
                   campaign.segment_id AS segment_id,
                   campaign.channel AS channel,
                   campaign.state AS state,
                   campaign.user_id AS user_id,
                   campaign.date_start AS date_start,
                   campaign.company_id AS company_id,
                   company.currency_id AS currency_id,
                   COALESCE(members.member_count, 0) AS member_count,
                   COALESCE(campaign.sent_count, 0) AS sent_count,
                   COALESCE(campaign.response_count, 0) AS response_count,
                   COALESCE(campaign.conversion_count, 0) AS conversion_count,
                   COALESCE(campaign.revenue, 0) AS revenue,
                   COALESCE(campaign.actual_cost, 0) AS cost,
                   COALESCE(campaign.revenue, 0) - COALESCE(campaign.actual_cost, 0) AS profit,
                   COALESCE(campaign.roi, 0) AS roi
              FROM crm_campaign campaign
              JOIN res_company company ON company.id = campaign.company_id
         LEFT JOIN (SELECT campaign_id, COUNT(*) AS member_count
                      FROM crm_campaign_member
                  GROUP BY campaign_id) members ON members.campaign_id = campaign.id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
