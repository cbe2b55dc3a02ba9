from odoo import fields, models
from odoo.tools import SQL


class CrmCreditAgingReport(models.Model):
    """Open receivable per customer and company, bucketed by days past due.

    The view compares due dates with ``CURRENT_DATE``, so the buckets move
    every day without any recomputation.
    """

    _name = "crm.credit.aging.report"
    _description = "Receivable Aging"
    _auto = False
    _rec_name = "partner_id"
    _order = "amount_total desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    amount_not_due = fields.Monetary(string="Not Due", readonly=True)
    amount_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    amount_over_90 = fields.Monetary(string="Over 90 Days", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    max_days_overdue = fields.Integer(string="Days Overdue", readonly=True, aggregator="max")

    def _query(self):
        days = SQL("(CURRENT_DATE - COALESCE(aml.date_maturity, aml.date))")
        return SQL(
            """
            SELECT MIN(aml.id) AS id,
                   partner.commercial_partner_id AS partner_id,
                   commercial.user_id AS user_id,
                   aml.company_id AS company_id,
                   company.currency_id AS currency_id,
                   SUM(aml.amount_residual) FILTER (WHERE %(days)s <= 0) AS amount_not_due,
                   SUM(aml.amount_residual) FILTER (WHERE %(days)s BETWEEN 1 AND 30) AS amount_1_30,
                   SUM(aml.amount_residual) FILTER (WHERE %(days)s BETWEEN 31 AND 60)
                       AS amount_31_60,
                   SUM(aml.amount_residual) FILTER (WHERE %(days)s BETWEEN 61 AND 90)
                       AS amount_61_90,
                   SUM(aml.amount_residual) FILTER (WHERE %(days)s > 90) AS amount_over_90,
                   SUM(aml.amount_residual) FILTER (WHERE %(days)s > 0) AS amount_overdue,
                   SUM(aml.amount_residual) AS amount_total,
                   GREATEST(COALESCE(MAX(%(days)s) FILTER (WHERE aml.amount_residual > 0), 0), 0)
                       AS max_days_overdue
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
              JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
              JOIN res_company company ON company.id = aml.company_id
             WHERE account.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND NOT aml.reconciled
          GROUP BY partner.commercial_partner_id, commercial.user_id,
                   aml.company_id, company.currency_id
            """,
            days=days,
        )

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
