from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# Segmentation figures (RFM, value, ABC, churn) are the campaign team's internal
# classification of a customer: not for portal users nor other roles.
SEGMENTATION_GROUPS = "crm_campaigns.group_campaign_user"
WINDOW_PARAM = "crm_campaigns.rfm_window_days"
DEFAULT_WINDOW = 365
RFM_FIELDS = [
    "rfm_recency_days",
    "rfm_frequency",
    "rfm_monetary",
    "rfm_r_score",
    "rfm_f_score",
    "rfm_m_score",
    "rfm_r_band",
    "rfm_f_band",
    "rfm_code",
    "rfm_segment_id",
    "rfm_date",
]
# Axes of the RFM grid: the scores, labelled so that a pivot says which is which.
R_BANDS = [
    ("1", "R1 (longest ago)"),
    ("2", "R2"),
    ("3", "R3"),
    ("4", "R4"),
    ("5", "R5 (most recent)"),
]
F_BANDS = [
    ("1", "F1 (least often)"),
    ("2", "F2"),
    ("3", "F3"),
    ("4", "F4"),
    ("5", "F5 (most often)"),
]


class ResPartner(models.Model):
    """RFM scores, value-matrix quadrant and ABC class of each customer,
    written by the set-based recomputation in ``crm.rfm.segment``."""

    _inherit = "res.partner"

    rfm_history_ids = fields.One2many(
        "crm.rfm.history",
        "partner_id",
        string="RFM Segment History",
        readonly=True,
        groups=SEGMENTATION_GROUPS,
    )

    # Figures of one customer: averaged, never added up across customers.
    rfm_recency_days = fields.Integer(
        string="Recency (days)",
        readonly=True,
        aggregator="avg",
        help="Days since the customer's last posted invoice in the RFM window.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    rfm_frequency = fields.Integer(
        string="Frequency",
        readonly=True,
        aggregator="avg",
        help="Posted customer invoices in the RFM window.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    rfm_monetary = fields.Float(
        string="Monetary",
        readonly=True,
        digits="Account",
        aggregator="sum",
        help="Untaxed invoiced amount in the RFM window, net of credit notes, in company currency.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    rfm_r_score = fields.Integer(
        string="R Score",
        readonly=True,
        aggregator=None,
        help="Recency score: 5 bought most recently, 1 longest ago.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    rfm_f_score = fields.Integer(
        string="F Score",
        readonly=True,
        aggregator=None,
        help="Frequency score: 5 buys most often, 1 least often.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    rfm_m_score = fields.Integer(
        string="M Score",
        readonly=True,
        aggregator=None,
        help="Monetary score: 5 spends most, 1 least.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    # Written with the scores by the recomputation; computed for other writes.
    rfm_r_band = fields.Selection(
        R_BANDS,
        string="Recency (R)",
        compute="_compute_rfm_bands",
        store=True,
        help="The R score as an axis of the RFM grid: R5 bought most recently.",
        groups=SEGMENTATION_GROUPS,
    )
    rfm_f_band = fields.Selection(
        F_BANDS,
        string="Frequency (F)",
        compute="_compute_rfm_bands",
        store=True,
        help="The F score as an axis of the RFM grid: F5 buys most often.",
        groups=SEGMENTATION_GROUPS,
    )
    rfm_code = fields.Char(
        string="RFM Code",
        readonly=True,
        index="btree_not_null",
        help="Recency, frequency and monetary scores side by side; 555 is the best customer.",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    rfm_segment_id = fields.Many2one(
        "crm.rfm.segment",
        string="RFM Segment",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        groups=SEGMENTATION_GROUPS,
    )
    rfm_date = fields.Datetime(
        string="RFM Computed On", readonly=True, copy=False, groups=SEGMENTATION_GROUPS
    )

    @api.depends("rfm_r_score", "rfm_f_score")
    def _compute_rfm_bands(self):
        for partner in self:
            partner.rfm_r_band = str(partner.rfm_r_score) if partner.rfm_r_score else False
            partner.rfm_f_band = str(partner.rfm_f_score) if partner.rfm_f_score else False

    # ------------------------------------------------------------------
    # Set-based recomputation
    # ------------------------------------------------------------------
    @api.model
    def _crm_rfm_window(self):
        """Window in days and its last day (today) used by every segmentation figure."""
        param = self.env["ir.config_parameter"].sudo().get_param(WINDOW_PARAM, DEFAULT_WINDOW)
        try:
            days = int(param)
        except ValueError:
            days = 0
        if days <= 0:
            raise UserError(
                self.env._(
                    "The RFM window must be a positive number of days, not %(value)s: "
                    "correct it in the settings.",
                    value=param,
                )
            )
        return days, fields.Date.context_today(self)

    @api.model
    def _crm_rfm_invoice_sql(self, date_from, date_to):
        """Posted customer invoices and credit notes of the current company
        dated in ]date_from, date_to], one row per move, amounts signed in
        company currency (credit notes negative)."""
        return SQL(
            """
            SELECT move.commercial_partner_id AS partner_id,
                   move.move_type,
                   move.invoice_date,
                   move.amount_untaxed_signed AS amount
              FROM account_move move
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND move.company_id = %(company)s
               AND move.invoice_date > %(date_from)s
               AND move.invoice_date <= %(date_to)s
            """,
            company=self.env.company.id,
            date_from=date_from,
            date_to=date_to,
        )

    @api.model
    def _crm_compute_rfm(self):
        """Score every customer of the company in one statement.

        Recency is the days since the last invoice of the window, frequency the
        number of invoices, monetary the untaxed amount net of credit notes.
        Each score is the quintile of the share of customers doing no better
        (``CUME_DIST``), so equal values always get equal scores and 5 is the
        best. Customers without an invoice in the window lose their scores.
        Segment changes are written to the history in the same statement."""
        self.env["account.move"].flush_model()
        self.flush_model()
        self.env["crm.rfm.segment"].flush_model()
        days, today = self._crm_rfm_window()
        date_from = fields.Date.subtract(today, days=days)
        self.env.execute_query(
            SQL(
                """
                WITH moves AS (%(moves)s),
                base AS (
                    SELECT partner_id,
                           %(today)s - MAX(invoice_date)
                               FILTER (WHERE move_type = 'out_invoice') AS recency,
                           COUNT(*) FILTER (WHERE move_type = 'out_invoice') AS frequency,
                           SUM(amount) AS monetary
                      FROM moves
                  GROUP BY partner_id
                    HAVING COUNT(*) FILTER (WHERE move_type = 'out_invoice') > 0
                ),
                scored AS (
                    SELECT base.*,
                           CEIL(5 * CUME_DIST() OVER (ORDER BY recency DESC))::int AS r,
                           CEIL(5 * CUME_DIST() OVER (ORDER BY frequency))::int AS f,
                           CEIL(5 * CUME_DIST() OVER (ORDER BY monetary))::int AS m
                      FROM base
                ),
                target AS (
                    SELECT scored.*, segment.id AS segment_id
                      FROM scored
                      LEFT JOIN LATERAL (
                            SELECT id FROM crm_rfm_segment
                             WHERE active
                               AND scored.r BETWEEN r_min AND r_max
                               AND scored.f BETWEEN f_min AND f_max
                               AND scored.m BETWEEN m_min AND m_max
                          ORDER BY sequence, id
                             LIMIT 1
                      ) segment ON TRUE
                    UNION ALL
                    SELECT partner.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                      FROM res_partner partner
                     WHERE partner.rfm_code IS NOT NULL
                       AND partner.id NOT IN (SELECT partner_id FROM scored)
                ),
                updated AS (
                    UPDATE res_partner partner
                       SET rfm_recency_days = target.recency,
                           rfm_frequency = target.frequency,
                           rfm_monetary = target.monetary,
                           rfm_r_score = target.r,
                           rfm_f_score = target.f,
                           rfm_m_score = target.m,
                           rfm_r_band = target.r::text,
                           rfm_f_band = target.f::text,
                           rfm_code = target.r::text || target.f::text || target.m::text,
                           rfm_segment_id = target.segment_id,
                           rfm_date = %(now)s
                      FROM target, res_partner old
                     WHERE partner.id = target.partner_id
                       AND old.id = partner.id
                 RETURNING partner.id, old.rfm_segment_id AS previous_segment_id,
                           target.segment_id, partner.rfm_code, target.recency,
                           target.frequency, target.monetary
                )
                INSERT INTO crm_rfm_history (
                       partner_id, date, previous_segment_id, segment_id, rfm_code,
                       recency_days, frequency, monetary,
                       create_uid, create_date, write_uid, write_date)
                SELECT id, %(now)s, previous_segment_id, segment_id, rfm_code,
                       recency, frequency, monetary,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM updated
                 WHERE previous_segment_id IS DISTINCT FROM segment_id
                """,
                moves=self._crm_rfm_invoice_sql(date_from, today),
                today=today,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        self.invalidate_model([*RFM_FIELDS, "rfm_history_ids"])
        self.env["crm.rfm.history"].invalidate_model()

    @api.model
    def _crm_compute_segmentation(self):
        """Every set-based customer figure of this addon, in dependency order."""
        self._crm_compute_rfm()
        # Fresh statistics on the scores just written: with stale ones (first
        # run, after a migration) the value query gets a quadratic plan.
        self.env.cr.execute("ANALYZE res_partner")
        self._crm_compute_value()
        self._crm_compute_churn()

    @api.model
    def _cron_compute_segmentation(self):
        # The figures live on the shared partner: they are those of the
        # company of the cron's user (the main company).
        self._crm_compute_segmentation()

    def action_crm_compute_segmentation(self):
        """Button: recompute now for the current company."""
        if not self.env.user.has_group("crm_campaigns.group_campaign_user"):
            raise AccessError(self.env._("Only campaign users can recompute the segmentation."))
        self.env["res.partner"]._crm_compute_segmentation()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Customer segmentation recomputed."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
