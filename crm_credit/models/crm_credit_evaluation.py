from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

EVALUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]

# the five C of credit, in the order they are shown and weighted
FACTORS = ("character", "capacity", "capital", "collateral", "conditions")
DEFAULT_WEIGHTS = {
    "character": 30,
    "capacity": 25,
    "capital": 20,
    "collateral": 15,
    "conditions": 10,
}
WEIGHT_FIELDS = frozenset(f"{factor}_weight" for factor in FACTORS)
# Decided by the evaluation's transitions only (crm.workflow.mixin); the weights
# are the settings' when the evaluation is created.
PROTECTED_FIELDS = (
    frozenset(
        {
            "state",
            "approver_id",
            "approval_date",
            "rejection_reason",
            "previous_rating_id",
            "total_score",
            "rating_id",
        }
    )
    | WEIGHT_FIELDS
)
# What is evaluated: frozen once the evaluation is submitted.
EVALUATED_FIELDS = frozenset(
    {"partner_id", "company_id", "date", "valid_until", "evaluator_id"}
    | {f"{factor}_score" for factor in FACTORS}
)


def _default_weight(factor):
    def default(self):
        return self._get_weight_settings()[factor]

    return default


class CrmCreditEvaluation(models.Model):
    """A 5C credit evaluation of a customer; its approval sets the rating."""

    _name = "crm.credit.evaluation"
    _description = "Credit Evaluation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.credit.archive.mixin",
        "crm.workflow.mixin",
    ]
    _order = "date desc, id desc"
    _rec_names_search = ["partner_id.name"]
    _crm_protected_fields = PROTECTED_FIELDS

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        EVALUATION_STATES,
        string="Status",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        default="draft",
    )
    date = fields.Date(string="Evaluation Date", required=True, default=fields.Date.context_today)
    valid_until = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(years=1),
        tracking=True,
    )
    is_expired = fields.Boolean(string="Expired", compute="_compute_is_expired")
    evaluator_id = fields.Many2one(
        "res.users",
        string="Evaluator",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    approval_date = fields.Datetime(readonly=True, copy=False)
    rejection_reason = fields.Text(copy=False, tracking=True)
    note = fields.Html(string="Notes")

    # scores 0-100 per factor
    character_score = fields.Float(string="Character", digits=(5, 2), tracking=True)
    capacity_score = fields.Float(string="Capacity", digits=(5, 2), tracking=True)
    capital_score = fields.Float(string="Capital", digits=(5, 2), tracking=True)
    collateral_score = fields.Float(string="Collateral", digits=(5, 2), tracking=True)
    conditions_score = fields.Float(string="Conditions", digits=(5, 2), tracking=True)
    character_note = fields.Text(string="Character Notes")
    capacity_note = fields.Text(string="Capacity Notes")
    capital_note = fields.Text(string="Capital Notes")
    collateral_note = fields.Text(string="Collateral Notes")
    conditions_note = fields.Text(string="Conditions Notes")

    # weights copied from the settings when the evaluation is created, so that
    # later changes of the settings do not alter past evaluations
    character_weight = fields.Integer(default=_default_weight("character"), readonly=True)
    capacity_weight = fields.Integer(default=_default_weight("capacity"), readonly=True)
    capital_weight = fields.Integer(default=_default_weight("capital"), readonly=True)
    collateral_weight = fields.Integer(default=_default_weight("collateral"), readonly=True)
    conditions_weight = fields.Integer(default=_default_weight("conditions"), readonly=True)

    total_score = fields.Float(
        digits=(5, 2), compute="_compute_total_score", store=True, aggregator="avg"
    )
    rating_id = fields.Many2one(
        "crm.credit.rating",
        string="Rating",
        compute="_compute_rating_id",
        store=True,
        index=True,
    )
    rating_block = fields.Boolean(related="rating_id.block", string="Blocks Invoices")
    previous_rating_id = fields.Many2one(
        "crm.credit.rating", string="Previous Rating", readonly=True, copy=False
    )

    # inputs read from accounting, shown beside the scores
    avg_days_late = fields.Float(
        string="Average Days Late",
        digits=(16, 1),
        compute="_compute_accounting_inputs",
        help="Paid customer invoices of the last 12 months: average of the days between "
        "the due date and the last payment reconciled with the invoice (0 when on time).",
    )
    paid_invoice_count = fields.Integer(
        string="Paid Invoices (12 months)", compute="_compute_accounting_inputs"
    )
    open_receivable = fields.Monetary(
        compute="_compute_accounting_inputs",
        help="What the customer owes now (its receivable balance).",
    )
    revenue_12m = fields.Monetary(
        string="Revenue (12 months)",
        compute="_compute_accounting_inputs",
        help="Posted customer invoices minus credit notes of the last 12 months, untaxed.",
    )
    # Aging and promises of the customer, beside the scores.
    amount_overdue = fields.Monetary(related="partner_id.credit_amount_overdue", string="Overdue")
    amount_over_90 = fields.Monetary(
        related="partner_id.credit_amount_over_90", string="Overdue over 90 Days"
    )
    max_days_overdue = fields.Integer(
        related="partner_id.credit_max_days_overdue", string="Oldest Overdue (days)"
    )
    broken_promise_count = fields.Integer(related="partner_id.broken_promise_count")

    # ------------------------------------------------------------------
    # defaults, computes, constraints
    # ------------------------------------------------------------------

    @api.model
    def _get_weight_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        return {
            factor: int(params.get_param(f"crm_credit.weight_{factor}", default))
            for factor, default in DEFAULT_WEIGHTS.items()
        }

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = self.env._(
                "%(partner)s (%(date)s)",
                partner=evaluation.partner_id.name or self.env._("New"),
                date=evaluation.date or "",
            )

    @api.depends("valid_until")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for evaluation in self:
            evaluation.is_expired = bool(evaluation.valid_until and evaluation.valid_until < today)

    @api.depends(
        *[f"{factor}_score" for factor in FACTORS],
        *[f"{factor}_weight" for factor in FACTORS],
    )
    def _compute_total_score(self):
        for evaluation in self:
            weights = sum(evaluation[f"{factor}_weight"] for factor in FACTORS)
            total = sum(
                evaluation[f"{factor}_score"] * evaluation[f"{factor}_weight"] for factor in FACTORS
            )
            evaluation.total_score = total / weights if weights else 0.0

    @api.depends("total_score")
    def _compute_rating_id(self):
        Rating = self.env["crm.credit.rating"]
        for evaluation in self:
            # approved evaluations keep the rating they were approved with
            if evaluation.state == "approved" and evaluation.rating_id:
                continue
            evaluation.rating_id = Rating._get_rating_for_score(evaluation.total_score)

    def _compute_accounting_inputs(self):
        today = fields.Date.context_today(self)
        since = today - relativedelta(years=1)
        Move = self.env["account.move"]
        for evaluation in self:
            partner = evaluation.partner_id.commercial_partner_id
            evaluation.open_receivable = partner.credit if partner else 0.0
            evaluation.avg_days_late = 0.0
            evaluation.paid_invoice_count = 0
            evaluation.revenue_12m = 0.0
            if not partner:
                continue
            base_domain = Domain(
                [
                    ("commercial_partner_id", "=", partner.id),
                    ("company_id", "=", evaluation.company_id.id),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", since),
                    ("invoice_date", "<=", today),
                ]
            )
            revenue = Move._read_group(
                base_domain & Domain("move_type", "in", ("out_invoice", "out_refund")),
                aggregates=["amount_untaxed_signed:sum"],
            )
            evaluation.revenue_12m = revenue[0][0] or 0.0
            paid = Move.search(
                base_domain
                & Domain("move_type", "=", "out_invoice")
                & Domain("payment_state", "in", ("paid", "in_payment"))
            )
            delays = []
            for invoice in paid:
                # the last reconciled counterpart tells when the invoice was settled
                receivable = invoice.line_ids.filtered(
                    lambda line: line.account_type == "asset_receivable"
                )
                counterparts = (
                    receivable.matched_credit_ids.credit_move_id
                    | receivable.matched_debit_ids.debit_move_id
                ) - receivable
                if not counterparts or not invoice.invoice_date_due:
                    continue
                paid_on = max(counterparts.mapped("date"))
                delays.append(max((paid_on - invoice.invoice_date_due).days, 0))
            evaluation.paid_invoice_count = len(delays)
            evaluation.avg_days_late = sum(delays) / len(delays) if delays else 0.0

    @api.constrains(*[f"{factor}_score" for factor in FACTORS])
    def _check_scores(self):
        for evaluation in self:
            wrong = [
                self.env._(
                    "%(factor)s: %(score)s",
                    factor=evaluation._fields[f"{factor}_score"].string,
                    score=evaluation[f"{factor}_score"],
                )
                for factor in FACTORS
                if not 0 <= evaluation[f"{factor}_score"] <= 100
            ]
            if wrong:
                raise ValidationError(
                    self.env._(
                        "Each 5C score must be between 0 and 100:\n%(scores)s",
                        scores="\n".join(wrong),
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_commercial(self):
        for evaluation in self:
            if evaluation.partner_id != evaluation.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Evaluate the company %(company)s, not its contact %(contact)s.",
                        company=evaluation.partner_id.commercial_partner_id.display_name,
                        contact=evaluation.partner_id.display_name,
                    )
                )

    @api.constrains("date", "valid_until")
    def _check_valid_until(self):
        for evaluation in self:
            if evaluation.valid_until < evaluation.date:
                raise ValidationError(self.env._("An evaluation cannot expire before its date."))

    def write(self, vals):
        if (
            EVALUATED_FIELDS & vals.keys()
            and not self._crm_in_transition()
            and any(evaluation.state != "draft" for evaluation in self)
        ):
            raise UserError(
                self.env._(
                    "Only draft credit evaluations can be changed; "
                    "a rejected one is reset to draft first."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if any(evaluation.state == "approved" for evaluation in self):
            raise UserError(self.env._("Approved credit evaluations cannot be deleted."))

    # ------------------------------------------------------------------
    # transitions
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        self._crm_transition_write(self._prepare_submit_values())
        self._action_submit()
        return True

    def _get_score_reasons(self):
        """Why the scores of the evaluations cannot be decided on."""
        return [
            self.env._(
                "%(evaluation)s has no score: rate at least one of character, capacity, "
                "capital, collateral and conditions.",
                evaluation=evaluation.display_name,
            )
            for evaluation in self
            if not any(evaluation[f"{factor}_score"] for factor in FACTORS)
        ]

    def _check_can_submit(self):
        reasons = []
        for evaluation in self:
            if evaluation.state != "draft":
                reasons.append(
                    self.env._("%(evaluation)s is not a draft.", evaluation=evaluation.display_name)
                )
            reasons += evaluation._get_score_reasons()
            if not evaluation.rating_id:
                reasons.append(
                    self.env._(
                        "No rating of the scale matches the score of %(evaluation)s.",
                        evaluation=evaluation.display_name,
                    )
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def _prepare_submit_values(self):
        return {"state": "submitted"}

    def _action_submit(self):
        """Hook after submission."""

    def action_approve(self):
        self._check_can_approve()
        for evaluation in self:
            evaluation._crm_transition_write(evaluation._prepare_approve_values())
        self._action_approve()
        return True

    def _check_can_approve(self):
        reasons = []
        if not self.env.user.has_group("crm_credit.group_credit_manager"):
            reasons.append(self.env._("Only credit managers approve credit evaluations."))
        for evaluation in self:
            if evaluation.state != "submitted":
                reasons.append(
                    self.env._(
                        "%(evaluation)s has not been submitted.",
                        evaluation=evaluation.display_name,
                    )
                )
            # the creator counts too: the evaluator field can be edited in draft
            if self.env.user in evaluation.evaluator_id | evaluation.create_uid:
                reasons.append(
                    self.env._(
                        "You evaluated %(evaluation)s yourself: someone else must approve it.",
                        evaluation=evaluation.display_name,
                    )
                )
            reasons += evaluation._get_score_reasons()
            if not evaluation.rating_id:
                reasons.append(
                    self.env._(
                        "No rating of the scale matches the score of %(evaluation)s.",
                        evaluation=evaluation.display_name,
                    )
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def _prepare_approve_values(self):
        self.ensure_one()
        return {
            "state": "approved",
            "approver_id": self.env.user.id,
            "approval_date": fields.Datetime.now(),
            "previous_rating_id": self.partner_id.credit_rating_id.id,
            "rejection_reason": False,
        }

    def _action_approve(self):
        """Set the customers' ratings, log the change and file the signed form."""
        for evaluation in self:
            evaluation.partner_id._crm_set_credit_rating(
                evaluation.rating_id,
                evaluation.total_score,
                evaluation.valid_until,
                evaluation=evaluation,
            )
        self._file_in_archive(
            "crm_credit.action_report_credit_evaluation",
            "crm_customer_info.archive_type_credit_limit",
            self.env._("Credit Evaluation"),
        )

    def action_reject(self, reason):
        """Reject with the reason the manager gave (the Reject button asks for it)."""
        self._check_can_reject(reason)
        self._crm_transition_write(self._prepare_reject_values(reason))
        self._action_reject()
        return True

    def _check_can_reject(self, reason):
        reasons = []
        if not self.env.user.has_group("crm_credit.group_credit_manager"):
            reasons.append(self.env._("Only credit managers reject credit evaluations."))
        for evaluation in self:
            if evaluation.state != "submitted":
                reasons.append(
                    self.env._(
                        "%(evaluation)s has not been submitted.",
                        evaluation=evaluation.display_name,
                    )
                )
            if not (reason or "").strip():
                reasons.append(
                    self.env._(
                        "Give the reason for rejecting %(evaluation)s.",
                        evaluation=evaluation.display_name,
                    )
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def _prepare_reject_values(self, reason):
        return {
            "state": "rejected",
            "approver_id": self.env.user.id,
            "rejection_reason": reason.strip(),
        }

    def _action_reject(self):
        """Hook after rejection."""

    def action_draft(self):
        reasons = [
            self.env._("%(evaluation)s was not rejected.", evaluation=evaluation.display_name)
            for evaluation in self
            if evaluation.state != "rejected"
        ]
        if reasons:
            raise UserError("\n".join(reasons))
        self._crm_transition_write({"state": "draft", "approver_id": False})
        return True
