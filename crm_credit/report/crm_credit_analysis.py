from odoo import api, fields, models, tools
from odoo.addons.crm_customer_info.models.res_partner import LIFECYCLE
from odoo.tools import SQL


class CrmCreditAnalysis(models.Model):
    """Credit composition (seed 004 客户信用分析): one row per customer and
    company with his rating, grade and open receivable split by days past due.

    Customers are the commercial partners that are customers, carry a rating
    or owe something; the receivable is computed as the partner's
    ``credit_exposure`` is (posted, unreconciled receivable lines)."""

    _name = "crm.credit.analysis"
    _description = "Credit Composition Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "exposure desc, id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    rating_id = fields.Many2one("crm.credit.rating", string="Credit Rating", readonly=True)
    score = fields.Float(string="Credit Score", readonly=True, digits=(5, 2), aggregator="avg")
    grade_id = fields.Many2one("crm.customer.grade", string="Grade", readonly=True)
    customer_state = fields.Selection(LIFECYCLE, string="Lifecycle", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    exposure = fields.Monetary(string="Open Receivable", readonly=True, aggregator="sum")
    amount_not_due = fields.Monetary(string="Not Due", readonly=True, aggregator="sum")
    amount_1_30 = fields.Monetary(string="1-30 Days", readonly=True, aggregator="sum")
    amount_31_60 = fields.Monetary(string="31-60 Days", readonly=True, aggregator="sum")
    amount_61_90 = fields.Monetary(string="61-90 Days", readonly=True, aggregator="sum")
    amount_over_90 = fields.Monetary(string="Over 90 Days", readonly=True, aggregator="sum")
    amount_overdue = fields.Monetary(string="Overdue", readonly=True, aggregator="sum")
    max_days_overdue = fields.Integer(string="Days Overdue", readonly=True, aggregator="max")
    aging_bucket = fields.Selection(
        [
            ("none", "Nothing Owed"),
            ("not_due", "Not Due"),
            ("1_30", "1-30 Days"),
            ("31_60", "31-60 Days"),
            ("61_90", "61-90 Days"),
            ("over_90", "Over 90 Days"),
        ],
        string="Oldest Overdue",
        readonly=True,
        help="Bucket of the customer's oldest open receivable.",
    )

    _depends = {
        "account.move.line": [
            "amount_residual",
            "reconciled",
            "date_maturity",
            "date",
            "partner_id",
            "account_id",
            "parent_state",
            "company_id",
        ],
        "res.partner": [
            "commercial_partner_id",
            "user_id",
            "credit_rating_id",
            "credit_score",
            "grade_id",
            "customer_state",
            "customer_rank",
            "company_id",
        ],
    }

    @api.model
    def _query(self):
        days = SQL("(CURRENT_DATE - COALESCE(aml.date_maturity, aml.date))")
        return SQL(
            """
            WITH receivable AS (
                SELECT partner.commercial_partner_id AS partner_id,
                       aml.company_id AS company_id,
                       SUM(aml.amount_residual) AS exposure,
                       SUM(aml.amount_residual) FILTER (WHERE %(days)s <= 0) AS amount_not_due,
                       SUM(aml.amount_residual) FILTER (WHERE %(days)s BETWEEN 1 AND 30)
                           AS amount_1_30,
                       SUM(aml.amount_residual) FILTER (WHERE %(days)s BETWEEN 31 AND 60)
                           AS amount_31_60,
                       SUM(aml.amount_residual) FILTER (WHERE %(days)s BETWEEN 61 AND 90)
                           AS amount_61_90,
                       SUM(aml.amount_residual) FILTER (WHERE %(days)s > 90) AS amount_over_90,
                       SUM(aml.amount_residual) FILTER (WHERE %(days)s > 0) AS amount_overdue,
                       GREATEST(
                           COALESCE(MAX(%(days)s) FILTER (WHERE aml.amount_residual > 0), 0), 0
                       ) AS max_days
                  FROM account_move_line aml
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner partner ON partner.id = aml.partner_id
                 WHERE account.account_type = 'asset_receivable'
                   AND aml.parent_state = 'posted'
                   AND NOT aml.reconciled
              GROUP BY partner.commercial_partner_id, aml.company_id
            ),
            customer AS (
                SELECT partner.id AS partner_id, company.id AS company_id
                  FROM res_partner partner
                  JOIN res_company company
                    ON partner.company_id IS NULL OR partner.company_id = company.id
                 WHERE partner.id = partner.commercial_partner_id
                   AND partner.active
                   AND (partner.customer_rank > 0 OR partner.credit_rating_id IS NOT NULL)
                 UNION
                SELECT partner_id, company_id FROM receivable
            )
            SELECT ROW_NUMBER() OVER (ORDER BY customer.partner_id, customer.company_id) AS id,
                   customer.partner_id AS partner_id,
                   partner.user_id AS user_id,
                   partner.credit_rating_id AS rating_id,
                   partner.credit_score AS score,
                   partner.grade_id AS grade_id,
                   partner.customer_state AS customer_state,
                   customer.company_id AS company_id,
                   company.currency_id AS currency_id,
                   COALESCE(receivable.exposure, 0) AS exposure,
                   COALESCE(receivable.amount_not_due, 0) AS amount_not_due,
                   COALESCE(receivable.amount_1_30, 0) AS amount_1_30,
                   COALESCE(receivable.amount_31_60, 0) AS amount_31_60,
                   COALESCE(receivable.amount_61_90, 0) AS amount_61_90,
                   COALESCE(receivable.amount_over_90, 0) AS amount_over_90,
                   COALESCE(receivable.amount_overdue, 0) AS amount_overdue,
                   COALESCE(receivable.max_days, 0) AS max_days_overdue,
                   CASE WHEN COALESCE(receivable.exposure, 0) <= 0 THEN 'none'
                        WHEN receivable.max_days > 90 THEN 'over_90'
                        WHEN receivable.max_days > 60 THEN '61_90'
                        WHEN receivable.max_days > 30 THEN '31_60'
                        WHEN receivable.max_days > 0 THEN '1_30'
                        ELSE 'not_due' END AS aging_bucket
              FROM customer
              JOIN res_partner partner ON partner.id = customer.partner_id
              JOIN res_company company ON company.id = customer.company_id
         LEFT JOIN receivable
                ON receivable.partner_id = customer.partner_id
               AND receivable.company_id = customer.company_id
            """,
            days=days,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
