from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

ACTION_STATUSES = [
    ("todo", "To Do"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
OPEN_STATUSES = ("todo", "in_progress")
# What the owner of an action may change without being a campaign user (the
# status and its date through the buttons).
OWNER_FIELDS = {"status", "done_date", "note"}
# Changed by the buttons only (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset({"status", "done_date"})


class CrmAccountPlanAction(models.Model):
    """An action of the action plan of an objective: who does what by when."""

    _name = "crm.account.plan.action"
    _description = "Key-Account Plan Action"
    _inherit = ["mail.thread", "crm.workflow.mixin"]
    _order = "due_date, sequence, id"
    _crm_protected_fields = PROTECTED_FIELDS

    objective_id = fields.Many2one(
        "crm.account.plan.objective",
        string="Objective",
        required=True,
        index=True,
        ondelete="cascade",
    )
    plan_id = fields.Many2one(related="objective_id.plan_id", store=True, index=True, string="Plan")
    partner_id = fields.Many2one(related="plan_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Action", required=True, tracking=True)
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
    )
    due_date = fields.Date(string="Due Date", tracking=True)
    status = fields.Selection(
        ACTION_STATUSES,
        required=True,
        default="todo",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    done_date = fields.Date(readonly=True, copy=False)
    resources = fields.Text(
        help="Resources the action needs and who provides them (their agreement is sought "
        "when the plan is shared)."
    )
    note = fields.Text()
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Not done or cancelled, and the due date is past.",
    )

    @api.depends("due_date", "status")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.status in OPEN_STATUSES and action.due_date and action.due_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = Domain("status", "in", OPEN_STATUSES) & Domain(
            "due_date", "<", fields.Date.context_today(self)
        )
        return overdue if (operator == "in") == (True in value) else ~overdue

    def _progress(self):
        """Done actions in percent of those not cancelled."""
        counted = self.filtered(lambda action: action.status != "cancelled")
        if not counted:
            return 0.0
        done = counted.filtered(lambda action: action.status == "done")
        return round(100.0 * len(done) / len(counted), 2)

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_create_values(vals_list)
        today = fields.Date.context_today(self)
        vals_list = [
            {"done_date": today, **vals} if vals.get("status") == "done" else vals
            for vals in vals_list
        ]
        # The caller's values were checked: the done date is the model's own.
        with self._crm_transition():
            actions = super().create(vals_list)
        if not self.env.su:
            actions.plan_id._check_open()
        return actions

    def write(self, vals):
        # A protected field is refused as such, before asking whose action it is.
        if not self._crm_in_transition() and (changed := self._crm_protected_changes(vals)):
            self._crm_raise_protected(changed)
        if not self.env.su:
            self._check_owner_write(vals)
            self.plan_id._check_open()
        return super().write(vals)

    def _check_owner_write(self, vals):
        """Salespeople update the actions they own, and only their status and notes."""
        if self.env.user.has_group("crm_campaigns.group_campaign_user"):
            return
        if set(vals) - OWNER_FIELDS or any(action.owner_id != self.env.user for action in self):
            raise AccessError(
                self.env._(
                    "You can only update the status and notes of the key-account plan actions "
                    "assigned to you."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_plan(self):
        self.plan_id._check_open()

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _check_can_set_status(self, allowed, title):
        labels = dict(self._fields["status"]._description_selection(self.env))
        reasons = [
            "- "
            + self.env._(
                "%(action)s is %(status)s", action=action.name, status=labels[action.status]
            )
            for action in self
            if action.status not in allowed
        ]
        self._crm_raise_if_reasons(title, reasons)

    def _set_status(self, status):
        done_date = fields.Date.context_today(self) if status == "done" else False
        return self._crm_transition_write({"status": status, "done_date": done_date})

    def action_start(self):
        self._check_can_set_status({"todo"}, self.env._("The action cannot start:"))
        return self._set_status("in_progress")

    def action_mark_done(self):
        self._check_can_set_status(OPEN_STATUSES, self.env._("The action cannot be done:"))
        return self._set_status("done")

    def action_cancel(self):
        self._check_can_set_status(OPEN_STATUSES, self.env._("The action cannot be cancelled:"))
        return self._set_status("cancelled")

    def action_reopen(self):
        self._check_can_set_status(
            {"done", "cancelled"}, self.env._("The action cannot be reopened:")
        )
        return self._set_status("todo")
