from odoo import api, fields, models
from odoo.tools import float_compare

LINE_STATUSES = [
    ("pending", "Pending"),
    ("kept", "Kept"),
    ("broken", "Broken"),
]
# An instalment's promise; its paid figures and status are computed.
PROMISE_FIELDS = frozenset({"plan_id", "date", "amount"})


class CrmCreditRepaymentLine(models.Model):
    _name = "crm.credit.repayment.line"
    _description = "Repayment Plan Instalment"
    _order = "plan_id, date, id"

    plan_id = fields.Many2one(
        "crm.credit.repayment.plan",
        string="Plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    date = fields.Date(string="Promised Date", required=True)
    amount = fields.Monetary(string="Amount", required=True, currency_field="currency_id")
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_amount_paid",
        currency_field="currency_id",
        help="Payments received since the plan date, allocated to the instalments "
        "in promised-date order.",
    )
    status = fields.Selection(LINE_STATUSES, compute="_compute_amount_paid")
    notes = fields.Char(string="Notes")

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["crm.credit.repayment.plan"].browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )
        plans._check_promise_editable()
        return super().create(vals_list)

    def write(self, vals):
        if PROMISE_FIELDS & vals.keys():
            self.plan_id._check_promise_editable()
        if vals.get("plan_id"):
            self.plan_id.browse(vals["plan_id"])._check_promise_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_promised(self):
        self.plan_id._check_promise_editable()

    @api.depends("amount", "date", "plan_id.date", "plan_id.partner_id", "plan_id.state")
    @api.depends_context("today")
    def _compute_amount_paid(self):
        """Allocate what the customer paid since the plan date to the
        instalments, earliest promised date first: each takes what it needs
        until the money runs out. An instalment is kept once fully paid and
        broken when its date has passed without being fully paid."""
        today = fields.Date.context_today(self)
        received = self.plan_id._get_received_amounts()
        for plan in self.plan_id:
            available = received.get(plan.id, 0.0)
            rounding = plan.currency_id.rounding or 0.01
            for line in plan.line_ids.sorted(lambda line: (line.date or today, line.id or 0)):
                paid = min(max(available, 0.0), line.amount)
                available -= paid
                line.amount_paid = paid
                if (
                    plan.state in ("confirmed", "done")
                    and float_compare(paid, line.amount, precision_rounding=rounding) >= 0
                ):
                    line.status = "kept"
                elif plan.state in ("confirmed", "done") and line.date and line.date < today:
                    line.status = "broken"
                else:
                    line.status = "pending"
        for line in self - self.plan_id.line_ids:
            line.amount_paid = 0.0
            line.status = "pending"
