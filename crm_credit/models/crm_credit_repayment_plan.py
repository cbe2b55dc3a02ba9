from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare

PLAN_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# Decided by the plan's transitions only (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset({"state"})
# What was promised: fixed while the plan is confirmed or done, the instalments
# too (crm.credit.repayment.line).
PROMISE_FIELDS = frozenset({"partner_id", "company_id", "date"})


class CrmCreditRepaymentPlan(models.Model):
    """还款计划: the instalments a customer promised in order to clear arrears."""

    _name = "crm.credit.repayment.plan"
    _description = "Repayment Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.credit.archive.mixin",
        "crm.workflow.mixin",
    ]
    _order = "date desc, id desc"
    _crm_protected_fields = PROTECTED_FIELDS

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date = fields.Date(
        string="Plan Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Payments received from this date on are allocated to the instalments.",
    )
    reason = fields.Text(string="Reason")
    state = fields.Selection(
        PLAN_STATES,
        string="Status",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        default="draft",
    )
    line_ids = fields.One2many(
        "crm.credit.repayment.line",
        "plan_id",
        string="Instalments",
        copy=True,
    )
    amount_total = fields.Monetary(
        string="Promised",
        compute="_compute_amounts",
        currency_field="currency_id",
    )
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_amounts",
        currency_field="currency_id",
    )
    broken_count = fields.Integer(string="Broken Promises", compute="_compute_amounts")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )

    @api.depends("line_ids.amount", "line_ids.amount_paid", "line_ids.status")
    def _compute_amounts(self):
        for plan in self:
            plan.amount_total = sum(plan.line_ids.mapped("amount"))
            plan.amount_paid = sum(plan.line_ids.mapped("amount_paid"))
            plan.broken_count = len(plan.line_ids.filtered(lambda line: line.status == "broken"))

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = self.env._(
                "%(partner)s - %(date)s",
                partner=plan.partner_id.display_name or "",
                date=plan.date or "",
            )

    def write(self, vals):
        if PROMISE_FIELDS & vals.keys():
            self._check_promise_editable()
        return super().write(vals)

    def _check_promise_editable(self):
        """The customer, date and instalments of a plan are what was promised:
        they are fixed while the plan is confirmed or done."""
        if self._crm_in_transition():
            return
        if fixed := self.filtered(lambda plan: plan.state in ("confirmed", "done")):
            raise UserError(
                self.env._(
                    "%(plans)s: the promise of a confirmed repayment plan cannot change; "
                    "cancel the plan first.",
                    plans=", ".join(fixed.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Payments
    # ------------------------------------------------------------------

    def _get_received_amounts(self):
        """Customer payments received for each plan, in company currency.

        Rule: every inbound customer payment that is not draft, cancelled or
        rejected, made by the plan's commercial partner (or one of its
        contacts) in the plan's company on or after the plan date counts.

        :return: ``{plan_id: amount}``
        """
        plans = self.filtered(lambda plan: plan.partner_id and plan.date and plan.id)
        if not plans:
            return {}
        self.env["account.payment"].flush_model(
            [
                "partner_id",
                "company_id",
                "date",
                "state",
                "payment_type",
                "partner_type",
                "amount_company_currency_signed",
            ]
        )
        self.flush_model(["partner_id", "company_id", "date"])
        rows = self.env.execute_query(
            SQL(
                """
            SELECT plan.id, COALESCE(SUM(payment.amount_company_currency_signed), 0)
              FROM crm_credit_repayment_plan plan
              JOIN res_partner partner ON partner.commercial_partner_id = plan.partner_id
              JOIN account_payment payment
                ON payment.partner_id = partner.id
               AND payment.company_id = plan.company_id
               AND payment.date >= plan.date
             WHERE plan.id IN %s
               AND payment.payment_type = 'inbound'
               AND payment.partner_type = 'customer'
               AND payment.state NOT IN ('draft', 'canceled', 'rejected')
          GROUP BY plan.id
            """,
                tuple(plans.ids),
            )
        )
        return dict(rows)

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def action_confirm(self):
        self._check_can_confirm()
        self._crm_transition_write(self._prepare_confirm_values())
        self._action_confirm()
        return True

    def _check_can_confirm(self):
        reasons = []
        for plan in self:
            if plan.state != "draft":
                reasons.append(self.env._("%(plan)s is not a draft.", plan=plan.display_name))
            if not plan.line_ids:
                reasons.append(self.env._("%(plan)s has no instalment.", plan=plan.display_name))
            elif any(
                float_compare(line.amount, 0.0, precision_rounding=plan.currency_id.rounding) <= 0
                for line in plan.line_ids
            ):
                reasons.append(
                    self.env._("%(plan)s has an instalment without amount.", plan=plan.display_name)
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def _prepare_confirm_values(self):
        return {"state": "confirmed"}

    def _action_confirm(self):
        """Hook: file the confirmed plan in the customer archive."""
        self._file_in_archive(
            "crm_credit.action_report_repayment_plan",
            "crm_customer_info.archive_type_credit_plan",
            self.env._("Repayment Plan"),
        )

    def action_done(self):
        if any(plan.state != "confirmed" for plan in self):
            raise UserError(self.env._("Only confirmed plans can be closed."))
        self._crm_transition_write({"state": "done"})
        return True

    def action_cancel(self):
        if any(plan.state == "done" for plan in self):
            raise UserError(self.env._("A closed plan cannot be cancelled."))
        if cancelled := self.filtered(lambda plan: plan.state == "cancelled"):
            raise UserError(
                self.env._(
                    "%(plans)s: already cancelled.",
                    plans=", ".join(cancelled.mapped("display_name")),
                )
            )
        self._crm_transition_write({"state": "cancelled"})
        return True

    def action_draft(self):
        if any(plan.state != "cancelled" for plan in self):
            raise UserError(self.env._("Only cancelled plans can be reset to draft."))
        self._crm_transition_write({"state": "draft"})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(plan.state in ("confirmed", "done") for plan in self):
            raise UserError(self.env._("Confirmed repayment plans are kept; cancel them instead."))
