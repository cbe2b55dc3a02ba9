from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .res_partner_rfm import SEGMENTATION_GROUPS

VALUE_QUADRANTS = [
    ("star", "Star"),
    ("trouble", "Trouble"),
    ("chicken_rib", "Chicken Rib"),
    ("dog", "Dog"),
]
ABC_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]
VALUE_FIELDS = [
    "value_profit",
    "value_complexity",
    "value_quadrant",
    "abc_class",
    "abc_revenue_share",
]
# Weights of one unit of service effort in the complexity score.
ACTIVITY_WEIGHT, RETURN_WEIGHT, COMPLAINT_WEIGHT = 1, 2, 3


class ResPartner(models.Model):
    """Value matrix (profit contribution x service complexity) and ABC
    (Pareto) class of each customer, computed set-based after the RFM scores."""

    _inherit = "res.partner"

    value_profit = fields.Float(
        string="Profit Contribution",
        readonly=True,
        digits="Account",
        aggregator="sum",
        help="Margin on the invoices of the RFM window where products have a cost, revenue "
        "otherwise.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    value_complexity = fields.Float(
        string="Service Complexity",
        readonly=True,
        digits=(16, 1),
        help="Activities, credit notes and complaints of the RFM window.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    value_quadrant = fields.Selection(
        VALUE_QUADRANTS,
        string="Value Quadrant",
        readonly=True,
        index="btree_not_null",
        help="Star: high profit, low service effort. Trouble: high profit, high effort. "
        "Chicken rib: low profit, low effort. Dog: low profit, high effort.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        readonly=True,
        index="btree_not_null",
        help="Pareto class from the customer's share of revenue in the RFM window.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    abc_revenue_share = fields.Float(
        string="Cumulative Revenue Share (%)",
        readonly=True,
        digits=(5, 2),
        help="Share of revenue of this customer and every customer who bought more.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    abc_suggested_grade_id = fields.Many2one(
        "crm.customer.grade",
        string="Suggested Grade",
        compute="_compute_abc_suggested_grade_id",
        help="The customer grade whose code is the ABC class.",
        groups=SEGMENTATION_GROUPS,
    )

    @api.depends("abc_class", "grade_id")
    def _compute_abc_suggested_grade_id(self):
        grades = {
            grade.code: grade
            for grade in self.env["crm.customer.grade"].search([("code", "in", ["A", "B", "C"])])
        }
        for partner in self:
            partner.abc_suggested_grade_id = grades.get(partner.abc_class, False)

    # ------------------------------------------------------------------
    # Set-based recomputation
    # ------------------------------------------------------------------
    @api.model
    def _crm_value_settings(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        return {
            "profit_threshold": float(get("crm_campaigns.value_profit_threshold") or 0.0),
            "complexity_threshold": float(get("crm_campaigns.value_complexity_threshold") or 0.0),
            "abc_a": float(get("crm_campaigns.abc_a_share") or 80.0),
            "abc_b": float(get("crm_campaigns.abc_b_share") or 95.0),
        }

    @api.model
    def _crm_service_effort_sql(self, date_from, date_to):
        """Units of service effort per customer in the window: activities
        (open, and done ones kept as messages), credit notes and, when the
        complaints register is installed, complaints. One row per event."""
        queries = [
            SQL(
                """
                SELECT partner.commercial_partner_id AS partner_id, %(weight)s AS effort
                  FROM mail_activity activity
                  JOIN res_partner partner ON partner.id = activity.res_id
                 WHERE activity.res_model = 'res.partner'
                   AND activity.create_date::date > %(date_from)s
                """,
                weight=ACTIVITY_WEIGHT,
                date_from=date_from,
            ),
            SQL(
                """
                SELECT partner.commercial_partner_id, %(weight)s
                  FROM mail_message message
                  JOIN res_partner partner ON partner.id = message.res_id
                 WHERE message.model = 'res.partner'
                   AND message.mail_activity_type_id IS NOT NULL
                   AND message.date::date > %(date_from)s
                   AND message.date::date <= %(date_to)s
                """,
                weight=ACTIVITY_WEIGHT,
                date_from=date_from,
                date_to=date_to,
            ),
            SQL(
                """
                SELECT moves.partner_id, %(weight)s
                  FROM (%(moves)s) moves
                 WHERE moves.move_type = 'out_refund'
                """,
                weight=RETURN_WEIGHT,
                moves=self._crm_rfm_invoice_sql(date_from, date_to),
            ),
        ]
        if "crm.complaint" in self.env:
            queries.append(
                SQL(
                    """
                    SELECT partner.commercial_partner_id, %(weight)s
                      FROM crm_complaint complaint
                      JOIN res_partner partner ON partner.id = complaint.partner_id
                     WHERE complaint.date_received::date > %(date_from)s
                       AND complaint.date_received::date <= %(date_to)s
                    """,
                    weight=COMPLAINT_WEIGHT,
                    date_from=date_from,
                    date_to=date_to,
                )
            )
        return SQL(" UNION ALL ").join(queries)

    @api.model
    def _crm_compute_value(self):
        """Value quadrant and ABC class of every customer scored by RFM.

        Profit is the margin of the window's invoice lines (revenue less
        quantity x product cost where the product has a cost, revenue
        otherwise), net of credit notes. High profit: at or above the profit
        threshold; high complexity: above the complexity threshold; a threshold
        of 0 means the median of the customers. ABC ranks customers by net
        revenue: A until the customers before reach the A share of revenue,
        then B until the B share, then C."""
        self.env["account.move.line"].flush_model()
        self.env["mail.activity"].flush_model()
        if "crm.complaint" in self.env:
            self.env["crm.complaint"].flush_model()
        self.flush_model()
        days, today = self._crm_rfm_window()
        date_from = fields.Date.subtract(today, days=days)
        settings = self._crm_value_settings()
        self.env.execute_query(
            SQL(
                """
                WITH population AS (
                    SELECT id AS partner_id, rfm_monetary AS revenue
                      FROM res_partner
                     WHERE rfm_code IS NOT NULL
                ),
                profit AS (
                    SELECT move.commercial_partner_id AS partner_id,
                           SUM(-line.balance - SIGN(-line.balance) * ABS(line.quantity)
                               * COALESCE(
                                   (product.standard_price ->> move.company_id::text)::numeric,
                                   0)) AS profit
                      FROM account_move_line line
                      JOIN account_move move ON move.id = line.move_id
                 LEFT JOIN product_product product ON product.id = line.product_id
                     WHERE move.state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                       AND move.company_id = %(company)s
                       AND move.invoice_date > %(date_from)s
                       AND move.invoice_date <= %(date_to)s
                       AND line.display_type = 'product'
                  GROUP BY move.commercial_partner_id
                ),
                effort AS (
                    SELECT partner_id, SUM(effort) AS complexity
                      FROM (%(effort)s) events
                  GROUP BY partner_id
                ),
                figures AS (
                    SELECT population.partner_id,
                           population.revenue,
                           COALESCE(profit.profit, 0) AS profit,
                           COALESCE(effort.complexity, 0) AS complexity
                      FROM population
                 LEFT JOIN profit ON profit.partner_id = population.partner_id
                 LEFT JOIN effort ON effort.partner_id = population.partner_id
                ),
                thresholds AS (
                    SELECT COALESCE(
                               NULLIF(%(profit_threshold)s, 0),
                               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY profit)
                           ) AS profit,
                           COALESCE(
                               NULLIF(%(complexity_threshold)s, 0),
                               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY complexity)
                           ) AS complexity
                      FROM figures
                ),
                ranked AS (
                    SELECT partner_id,
                           100 * SUM(revenue) OVER (ORDER BY revenue DESC, partner_id)
                               / NULLIF(SUM(revenue) OVER (), 0) AS share,
                           100 * (SUM(revenue) OVER (ORDER BY revenue DESC, partner_id) - revenue)
                               / NULLIF(SUM(revenue) OVER (), 0) AS share_before
                      FROM figures
                     WHERE revenue > 0
                ),
                target AS (
                    SELECT figures.partner_id,
                           figures.profit,
                           figures.complexity,
                           CASE WHEN figures.profit >= thresholds.profit THEN
                                     CASE WHEN figures.complexity > thresholds.complexity
                                          THEN 'trouble' ELSE 'star' END
                                ELSE CASE WHEN figures.complexity > thresholds.complexity
                                          THEN 'dog' ELSE 'chicken_rib' END
                           END AS quadrant,
                           ranked.share,
                           CASE WHEN ranked.partner_id IS NULL THEN 'C'
                                WHEN ranked.share_before < %(abc_a)s THEN 'A'
                                WHEN ranked.share_before < %(abc_b)s THEN 'B'
                                ELSE 'C' END AS abc
                      FROM figures
                     CROSS JOIN thresholds
                 LEFT JOIN ranked ON ranked.partner_id = figures.partner_id
                    UNION ALL
                    SELECT id, NULL, NULL, NULL, NULL, NULL
                      FROM res_partner
                     WHERE rfm_code IS NULL
                       AND (value_quadrant IS NOT NULL OR abc_class IS NOT NULL)
                )
                UPDATE res_partner partner
                   SET value_profit = target.profit,
                       value_complexity = target.complexity,
                       value_quadrant = target.quadrant,
                       abc_revenue_share = target.share,
                       abc_class = target.abc
                  FROM target
                 WHERE partner.id = target.partner_id
                """,
                company=self.env.company.id,
                date_from=date_from,
                date_to=today,
                effort=self._crm_service_effort_sql(date_from, today),
                profit_threshold=settings["profit_threshold"],
                complexity_threshold=settings["complexity_threshold"],
                abc_a=settings["abc_a"],
                abc_b=settings["abc_b"],
            )
        )
        self.invalidate_model(VALUE_FIELDS)

    # ------------------------------------------------------------------
    # Applying ABC grades
    # ------------------------------------------------------------------
    def action_crm_apply_abc_grade(self):
        """Give each selected customer the grade matching his ABC class,
        logged in the grade history. Campaign managers only."""
        if not self.env.user.has_group("crm_campaigns.group_campaign_manager"):
            raise AccessError(self.env._("Only campaign managers can apply ABC grades."))
        changes = self.filtered(
            lambda p: p.abc_suggested_grade_id and p.abc_suggested_grade_id != p.grade_id
        )
        if not changes and not self.filtered("abc_suggested_grade_id"):
            raise UserError(
                self.env._(
                    "None of the selected customers has an ABC class: recompute the "
                    "segmentation first, or select customers who bought in the window."
                )
            )
        for grade, partners in changes.grouped("abc_suggested_grade_id").items():
            partners._crm_write_with_grade_reason(
                {"grade_id": grade.id},
                self.env._("ABC analysis: class %(code)s", code=grade.code),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s customer grade(s) changed.", count=len(changes)),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
