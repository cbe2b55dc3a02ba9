from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.res_partner_rfm import F_BANDS, R_BANDS


class CrmRfmAnalysis(models.Model):
    """RFM grid: one row per scored customer, for a recency x frequency pivot
    with the number of customers and their revenue in each cell."""

    _name = "crm.rfm.analysis"
    _description = "RFM Grid Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "r_score desc, f_score desc, monetary desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    grade_id = fields.Many2one("crm.customer.grade", string="Grade", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    rfm_segment_id = fields.Many2one("crm.rfm.segment", string="RFM Segment", readonly=True)
    rfm_code = fields.Char(string="RFM Code", readonly=True)
    # Scores are dimensions of the grid: grouped by, never added up.
    r_score = fields.Integer(string="R Score", readonly=True, aggregator=None)
    f_score = fields.Integer(string="F Score", readonly=True, aggregator=None)
    m_score = fields.Integer(string="M Score", readonly=True, aggregator=None)
    # The grid's axes, labelled R1..R5 and F1..F5.
    r_band = fields.Selection(R_BANDS, string="Recency (R)", readonly=True)
    f_band = fields.Selection(F_BANDS, string="Frequency (F)", readonly=True)
    # Figures of one customer: averaged, never added up across customers.
    recency_days = fields.Integer(string="Recency (days)", readonly=True, aggregator="avg")
    frequency = fields.Integer(string="Invoices", readonly=True, aggregator="avg")
    monetary = fields.Monetary(string="Revenue", readonly=True, aggregator="sum")

    _depends = {
        "res.partner": [
            "user_id",
            "grade_id",
            "company_id",
            "rfm_segment_id",
            "rfm_code",
            "rfm_r_score",
            "rfm_f_score",
            "rfm_m_score",
            "rfm_recency_days",
            "rfm_frequency",
            "rfm_monetary",
        ],
    }

    @api.model
    def _query(self):
        # Monetary amounts on the partner are in its company's currency, or the
        # main company's for shared customers.
        return SQL(
            """
            SELECT partner.id AS id,
                   partner.id AS partner_id,
                   partner.user_id AS user_id,
                   partner.grade_id AS grade_id,
                   partner.company_id AS company_id,
                   company.currency_id AS currency_id,
                   partner.rfm_segment_id AS rfm_segment_id,
                   partner.rfm_code AS rfm_code,
                   partner.rfm_r_score AS r_score,
                   partner.rfm_f_score AS f_score,
                   partner.rfm_m_score AS m_score,
                   partner.rfm_r_score::text AS r_band,
                   partner.rfm_f_score::text AS f_band,
                   partner.rfm_recency_days AS recency_days,
                   partner.rfm_frequency AS frequency,
                   partner.rfm_monetary AS monetary
              FROM res_partner partner
              JOIN res_company company
                ON company.id = COALESCE(
                       partner.company_id,
                       (SELECT MIN(main.id) FROM res_company main WHERE main.parent_id IS NULL))
             WHERE partner.rfm_code IS NOT NULL
               AND partner.active
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
