from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.crm_customer_info.models.crm_customer_overview import OVERVIEW_LIST_LIMIT

CAMPAIGN_USER = "crm_campaigns.group_campaign_user"
# Care occasions are listed this many days ahead.
CARE_DAYS_AHEAD = 14


class CrmCustomerOverview(models.Model):
    """Churn warnings, care occasions of the coming days, running campaigns
    and the responses of this month."""

    _inherit = "crm.customer.overview"

    churn_risk_count = fields.Integer(
        string="Churn Warnings", compute="_compute_campaigns", groups=CAMPAIGN_USER
    )
    churn_partner_ids = fields.Many2many(
        "res.partner",
        string="Customers at Risk",
        compute="_compute_campaigns",
        groups=CAMPAIGN_USER,
    )
    care_upcoming_count = fields.Integer(
        string="Care Occasions (14 Days)",
        compute="_compute_campaigns",
        groups=CAMPAIGN_USER,
        help="Planned care occasions of the next 14 days.",
    )
    care_occasion_ids = fields.Many2many(
        "crm.care.occasion",
        string="Upcoming Care Occasions",
        compute="_compute_campaigns",
        groups=CAMPAIGN_USER,
    )
    running_campaign_count = fields.Integer(
        string="Running Campaigns", compute="_compute_campaigns", groups=CAMPAIGN_USER
    )
    response_month_count = fields.Integer(
        string="Responses This Month",
        compute="_compute_campaigns",
        groups=CAMPAIGN_USER,
        help="Campaign members who responded this month.",
    )

    @api.model
    def _get_campaigns_domain(self, key):
        today = fields.Date.context_today(self)
        domains = {
            "churn": [("churn_risk", "=", True)],
            "care": [
                ("state", "=", "planned"),
                ("occasion_date", ">=", today),
                ("occasion_date", "<=", today + timedelta(days=CARE_DAYS_AHEAD)),
            ],
            "running": [("state", "=", "running")],
            "responses": [("response_date", ">=", self._get_month_start())],
        }
        return domains[key]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_campaigns(self):
        Partner = self.env["res.partner"]
        Occasion = self.env["crm.care.occasion"]
        churn_domain = self._get_campaigns_domain("churn")
        care_domain = self._get_campaigns_domain("care")
        churn_count = Partner.search_count(churn_domain)
        churn_partners = Partner.search(churn_domain, limit=OVERVIEW_LIST_LIMIT)
        care_count = Occasion.search_count(care_domain)
        occasions = Occasion.search(
            care_domain, order="occasion_date asc, id asc", limit=OVERVIEW_LIST_LIMIT
        )
        running = self.env["crm.campaign"].search_count(self._get_campaigns_domain("running"))
        responses = self.env["crm.campaign.member"].search_count(
            self._get_campaigns_domain("responses")
        )
        for overview in self:
            overview.churn_risk_count = churn_count
            overview.churn_partner_ids = churn_partners
            overview.care_upcoming_count = care_count
            overview.care_occasion_ids = occasions
            overview.running_campaign_count = running
            overview.response_month_count = responses

    def action_open_churn(self):
        return self._get_list_action(
            "crm_campaigns.res_partner_action_churn",
            self._get_campaigns_domain("churn"),
            name=self.env._("Churn Warnings"),
        )

    def action_open_care_upcoming(self):
        return self._get_list_action(
            "crm_campaigns.crm_care_occasion_action",
            self._get_campaigns_domain("care"),
            name=self.env._("Care Occasions of the Next 14 Days"),
        )

    def action_open_running_campaigns(self):
        return self._get_list_action(
            "crm_campaigns.crm_campaign_action",
            self._get_campaigns_domain("running"),
            name=self.env._("Running Campaigns"),
        )

    def action_open_responses(self):
        return self._get_list_action(
            "crm_campaigns.crm_campaign_member_action",
            self._get_campaigns_domain("responses"),
            name=self.env._("Responses This Month"),
        )
