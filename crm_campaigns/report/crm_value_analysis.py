from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.res_partner_value import ABC_CLASSES, VALUE_QUADRANTS


class CrmValueAnalysis(models.Model):
    """Value-matrix quadrants: one row per customer placed in the matrix, with
    his profit contribution, service complexity and revenue."""

    _name = "crm.value.analysis"
    _description = "Value Matrix Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "profit desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    grade_id = fields.Many2one("crm.customer.grade", string="Grade", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    value_quadrant = fields.Selection(VALUE_QUADRANTS, string="Quadrant", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    rfm_segment_id = fields.Many2one("crm.rfm.segment", string="RFM Segment", readonly=True)
    profit = fields.Monetary(string="Profit Contribution", readonly=True, aggregator="sum")
    complexity = fields.Float(
        string="Service Complexity", readonly=True, digits=(16, 1), aggregator="avg"
    )
    revenue = fields.Monetary(readonly=True, aggregator="sum")

    _depends = {
        "res.partner": [
            "user_id",
            "grade_id",
            "company_id",
            "value_quadrant",
            "abc_class",
            "rfm_segment_id",
            "value_profit",
            "value_complexity",
            "rfm_monetary",
        ],
    }

    @api.model
    def _query(self):
        return SQL(
            """
            SELECT partner.id AS id,
                   partner.id AS partner_id,
                   partner.user_id AS user_id,
                   partner.grade_id AS grade_id,
                   partner.company_id AS company_id,
                   company.currency_id AS currency_id,
                   partner.value_quadrant AS value_quadrant,
                   partner.abc_class AS abc_class,
                   partner.rfm_segment_id AS rfm_segment_id,
                   partner.value_profit AS profit,
                   partner.value_complexity AS complexity,
                   partner.rfm_monetary AS revenue
              FROM res_partner partner
              JOIN res_company company
                ON company.id = COALESCE(
                       partner.company_id,
                       (SELECT MIN(main.id) FROM res_company main WHERE main.parent_id IS NULL))
             WHERE partner.value_quadrant IS NOT NULL
               AND partner.active
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
