from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .res_partner_rfm import SEGMENTATION_GROUPS

CHURN_FIELDS = [
    "churn_avg_interval_days",
    "churn_days_since_last",
    "churn_overdue",
    "churn_revenue_recent",
    "churn_revenue_previous",
    "churn_revenue_change",
    "churn_revenue_drop",
    "churn_single_product",
    "churn_risk",
]


class ResPartner(models.Model):
    """Early warnings of customer loss (客户流失预警): a purchase cycle overdue,
    falling revenue, a single product bought."""

    _inherit = "res.partner"

    churn_avg_interval_days = fields.Float(
        string="Average Purchase Interval (days)",
        readonly=True,
        digits=(16, 1),
        help="Average days between two invoice dates of the customer.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    churn_days_since_last = fields.Integer(
        groups=SEGMENTATION_GROUPS, string="Days Since Last Purchase", readonly=True, copy=False
    )
    churn_overdue = fields.Boolean(
        string="Purchase Overdue",
        readonly=True,
        help="More days since the last purchase than the churn factor times the customer's "
        "own average purchase interval.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    churn_revenue_recent = fields.Float(
        string="Revenue, Last Period",
        readonly=True,
        digits="Account",
        aggregator="sum",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    churn_revenue_previous = fields.Float(
        string="Revenue, Period Before",
        readonly=True,
        digits="Account",
        aggregator="sum",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    churn_revenue_change = fields.Float(
        string="Revenue Change (%)",
        readonly=True,
        digits=(16, 1),
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    churn_revenue_drop = fields.Boolean(
        string="Falling Revenue",
        readonly=True,
        help="Revenue of the last period fell by more than the threshold against the "
        "period before.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    churn_single_product = fields.Boolean(
        string="Single Product",
        readonly=True,
        help="Bought several times in the RFM window, always the same product: easy to lose "
        "to a competitor.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    churn_risk = fields.Boolean(
        string="Churn Warning",
        readonly=True,
        index="btree_not_null",
        help="At least one churn signal is raised.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )

    @api.model
    def _crm_churn_settings(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        return {
            "factor": float(get("crm_campaigns.churn_interval_factor") or 1.5),
            "period": int(get("crm_campaigns.churn_period_days") or 90),
            "drop": float(get("crm_campaigns.churn_revenue_drop") or 50.0),
        }

    @api.model
    def _crm_compute_churn(self):
        """Churn signals of every active, non-former customer with invoices,
        in one statement; the others are cleared."""
        self.env["account.move.line"].flush_model()
        self.flush_model()
        days, today = self._crm_rfm_window()
        settings = self._crm_churn_settings()
        period = settings["period"]
        self.env.execute_query(
            SQL(
                """
                WITH moves AS (%(moves)s),
                stats AS (
                    SELECT moves.partner_id,
                           COUNT(DISTINCT invoice_date)
                               FILTER (WHERE move_type = 'out_invoice') AS days_bought,
                           MIN(invoice_date) FILTER (WHERE move_type = 'out_invoice') AS first,
                           MAX(invoice_date) FILTER (WHERE move_type = 'out_invoice') AS last,
                           COALESCE(SUM(amount) FILTER (
                               WHERE invoice_date > %(recent_from)s), 0) AS recent,
                           COALESCE(SUM(amount) FILTER (
                               WHERE invoice_date > %(previous_from)s
                                 AND invoice_date <= %(recent_from)s), 0) AS previous
                      FROM moves
                      JOIN res_partner partner ON partner.id = moves.partner_id
                     WHERE partner.active
                       AND partner.customer_state IS DISTINCT FROM 'former'
                  GROUP BY moves.partner_id
                    HAVING COUNT(*) FILTER (WHERE move_type = 'out_invoice') > 0
                ),
                products AS (
                    SELECT move.commercial_partner_id AS partner_id,
                           COUNT(DISTINCT line.product_id) AS products,
                           COUNT(DISTINCT move.id) AS invoices
                      FROM account_move_line line
                      JOIN account_move move ON move.id = line.move_id
                     WHERE move.state = 'posted'
                       AND move.move_type = 'out_invoice'
                       AND move.company_id = %(company)s
                       AND move.invoice_date > %(window_from)s
                       AND move.invoice_date <= %(today)s
                       AND line.display_type = 'product'
                       AND line.product_id IS NOT NULL
                  GROUP BY move.commercial_partner_id
                ),
                signals AS (
                    SELECT stats.partner_id,
                           CASE WHEN days_bought > 1
                                THEN (last - first)::numeric / (days_bought - 1) END AS interval,
                           %(today)s - last AS since_last,
                           recent,
                           previous,
                           CASE WHEN previous > 0
                                THEN 100 * (recent - previous) / previous END AS change,
                           products.products = 1 AND products.invoices > 1 AS single_product
                      FROM stats
                 LEFT JOIN products ON products.partner_id = stats.partner_id
                ),
                target AS (
                    SELECT partner_id, interval, since_last, recent, previous, change,
                           COALESCE(since_last > %(factor)s * interval, FALSE) AS overdue,
                           COALESCE(change < -%(drop)s, FALSE) AS drop,
                           COALESCE(single_product, FALSE) AS single_product
                      FROM signals
                    UNION ALL
                    SELECT id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                      FROM res_partner
                     WHERE churn_days_since_last IS NOT NULL
                       AND id NOT IN (SELECT partner_id FROM signals)
                )
                UPDATE res_partner partner
                   SET churn_avg_interval_days = target.interval,
                       churn_days_since_last = target.since_last,
                       churn_revenue_recent = target.recent,
                       churn_revenue_previous = target.previous,
                       churn_revenue_change = target.change,
                       churn_overdue = target.overdue,
                       churn_revenue_drop = target.drop,
                       churn_single_product = target.single_product,
                       churn_risk = CASE WHEN target.overdue OR target.drop
                                              OR target.single_product
                                         THEN TRUE END
                  FROM target
                 WHERE partner.id = target.partner_id
                """,
                moves=self._crm_rfm_invoice_sql(
                    fields.Date.subtract(today, days=2 * period + 3650), today
                ),
                company=self.env.company.id,
                today=today,
                window_from=fields.Date.subtract(today, days=days),
                recent_from=fields.Date.subtract(today, days=period),
                previous_from=fields.Date.subtract(today, days=2 * period),
                factor=settings["factor"],
                drop=settings["drop"],
            )
        )
        self.invalidate_model(CHURN_FIELDS)

    def action_crm_retention_campaign(self):
        """One click from the warning list: a visit campaign in plan state
        whose members are the selected customers, opened for review."""
        partners = self.filtered("churn_risk")
        if not partners:
            raise UserError(self.env._("Select at least one customer with a churn warning."))
        campaign = self.env["crm.campaign"].create(
            {
                "name": self.env._("Retention %(date)s", date=fields.Date.context_today(self)),
                "objective": self.env._(
                    "Win back customers with churn warnings before they are lost."
                ),
                "channel": "visit",
                "member_ids": [Command.create({"partner_id": p.id}) for p in partners],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.campaign",
            "res_id": campaign.id,
            "view_mode": "form",
        }
