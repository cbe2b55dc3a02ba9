from odoo import api, fields, models
from odoo.tools import SQL, float_round

# (field name, lowest days past due, highest days past due); None means open-ended.
AGING_BUCKETS = [
    ("credit_amount_not_due", None, 0),
    ("credit_amount_1_30", 1, 30),
    ("credit_amount_31_60", 31, 60),
    ("credit_amount_61_90", 61, 90),
    ("credit_amount_over_90", 91, None),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_amount_not_due = fields.Monetary(
        string="Not Due",
        compute="_compute_credit_exposure",
        currency_field="currency_id",
        groups="crm_credit.group_credit_user",
    )
    credit_amount_1_30 = fields.Monetary(
        string="1-30 Days",
        compute="_compute_credit_exposure",
        currency_field="currency_id",
        groups="crm_credit.group_credit_user",
    )
    credit_amount_31_60 = fields.Monetary(
        string="31-60 Days",
        compute="_compute_credit_exposure",
        currency_field="currency_id",
        groups="crm_credit.group_credit_user",
    )
    credit_amount_61_90 = fields.Monetary(
        string="61-90 Days",
        compute="_compute_credit_exposure",
        currency_field="currency_id",
        groups="crm_credit.group_credit_user",
    )
    credit_amount_over_90 = fields.Monetary(
        string="Over 90 Days",
        compute="_compute_credit_exposure",
        currency_field="currency_id",
        groups="crm_credit.group_credit_user",
    )
    credit_exposure = fields.Monetary(
        string="Open Receivable",
        compute="_compute_credit_exposure",
        currency_field="currency_id",
        groups="crm_credit.group_credit_user",
        help="Open receivable of posted entries, in company currency.",
    )
    credit_amount_overdue = fields.Monetary(
        string="Overdue",
        compute="_compute_credit_exposure",
        currency_field="currency_id",
        groups="crm_credit.group_credit_user",
    )
    credit_max_days_overdue = fields.Integer(
        string="Days Overdue",
        compute="_compute_credit_exposure",
        groups="crm_credit.group_credit_user",
        help="Days past the due date of the oldest open receivable.",
    )
    credit_utilisation = fields.Float(
        string="Credit Utilisation (%)",
        compute="_compute_credit_exposure",
        digits=(16, 0),
        groups="crm_credit.group_credit_user",
        help="Open receivable as a percentage of the credit limit, rounded half up to the "
        "whole percent (0 without a limit).",
    )
    # Salespeople see what is left, never the limit or the ledger behind it.
    credit_available = fields.Monetary(
        string="Available Credit",
        compute="_compute_credit_available",
        currency_field="currency_id",
        help="Credit limit minus open receivable, in company currency.",
        groups="base.group_user",
    )

    def _get_credit_exposure_data(self):
        """Aggregate the open receivable of the commercial partners of ``self``
        for the current company in one query.

        :return: ``{commercial_partner_id: {bucket field: amount, ...,
            'total': amount, 'overdue': amount, 'max_days': int}}``
        """
        commercial_ids = [pid for pid in self.commercial_partner_id.ids if pid]
        if not commercial_ids:
            return {}
        self.env["account.move.line"].flush_model(
            [
                "amount_residual",
                "reconciled",
                "date_maturity",
                "partner_id",
                "account_id",
                "parent_state",
                "company_id",
                "date",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        days = SQL("(%s::date - COALESCE(aml.date_maturity, aml.date))", fields.Date.today())
        bucket_sql = []
        for name, low, high in AGING_BUCKETS:
            conditions = []
            if low is not None:
                conditions.append(SQL("%s >= %s", days, low))
            if high is not None:
                conditions.append(SQL("%s <= %s", days, high))
            bucket_sql.append(
                SQL(
                    "COALESCE(SUM(aml.amount_residual) FILTER (WHERE %s), 0) AS %s",
                    SQL(" AND ").join(conditions),
                    SQL.identifier(name),
                )
            )
        rows = self.env.execute_query_dict(
            SQL(
                """
            SELECT partner.commercial_partner_id AS partner_id,
                   %(buckets)s,
                   COALESCE(SUM(aml.amount_residual), 0) AS total,
                   COALESCE(SUM(aml.amount_residual) FILTER (WHERE %(days)s > 0), 0) AS overdue,
                   COALESCE(MAX(%(days)s) FILTER (WHERE aml.amount_residual > 0), 0) AS max_days
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE account.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND NOT aml.reconciled
               AND aml.company_id = %(company_id)s
               AND partner.commercial_partner_id IN %(partner_ids)s
          GROUP BY partner.commercial_partner_id
            """,
                buckets=SQL(", ").join(bucket_sql),
                days=days,
                company_id=self.env.company.id,
                partner_ids=tuple(commercial_ids),
            )
        )
        return {row.pop("partner_id"): row for row in rows}

    @api.depends_context("company")
    def _compute_credit_exposure(self):
        data = self._get_credit_exposure_data()
        for partner in self:
            values = data.get(partner.commercial_partner_id.id, {})
            for name, _low, _high in AGING_BUCKETS:
                partner[name] = values.get(name, 0.0)
            total = values.get("total", 0.0)
            limit = partner.commercial_partner_id.credit_limit
            partner.credit_exposure = total
            partner.credit_amount_overdue = values.get("overdue", 0.0)
            partner.credit_max_days_overdue = max(values.get("max_days", 0), 0)
            # Rounded once here: the warning and every view show the same figure.
            partner.credit_utilisation = (
                float_round(total / limit * 100.0, precision_digits=0) if limit > 0 else 0.0
            )

    @api.depends_context("company")
    def _compute_credit_available(self):
        partners_sudo = self.sudo()
        data = partners_sudo._get_credit_exposure_data()
        for partner, partner_sudo in zip(self, partners_sudo, strict=True):
            commercial_sudo = partner_sudo.commercial_partner_id
            total = data.get(commercial_sudo.id, {}).get("total", 0.0)
            partner.credit_available = commercial_sudo.credit_limit - total
