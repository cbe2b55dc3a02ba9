from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

BORROW_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("lent", "Lent"),
    ("returned", "Returned"),
    ("cancelled", "Cancelled"),
]
CANCELLABLE_STATES = ("draft", "submitted", "approved")
# Only the borrower edits these, and only while the request is a draft.
BORROWER_FIELDS = frozenset(
    {"borrower_id", "purpose", "mode", "due_date", "line_ids", "company_id"}
)

# Decided by the register's transitions only (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset(
    {
        "name",
        "state",
        "request_date",
        "approver_id",
        "second_approver_id",
        "handler_id",
        "lent_on",
        "returned_on",
        "return_condition",
        "rejection_reason",
        "renewal_due_date",
        "renewal_reason",
        "renewal_count",
        "overdue_reminded",
        "overdue_escalated",
    }
)

# Settings (res.config.settings), with their defaults.
PARAM_DEFAULT_DAYS = ("crm_customer_info.borrow_default_days", 7)
PARAM_MAX_DAYS = ("crm_customer_info.borrow_max_days", 30)
PARAM_ESCALATION_DAYS = ("crm_customer_info.borrow_escalation_days", 3)
PARAM_APPROVER = "crm_customer_info.borrow_approver"
APPROVER_GROUPS = {
    "archive_admin": "crm_customer_info.group_archive_admin",
    "manager": "crm_customer_info.group_manager",
}

ACTIVITY_RETURN = "crm_customer_info.mail_activity_type_borrow_return"
ACTIVITY_ESCALATION = "crm_customer_info.mail_activity_type_borrow_escalation"


class CrmArchiveBorrow(models.Model):
    """表2-8 客户资料借阅表: one request, one or more documents."""

    _name = "crm.archive.borrow"
    _description = "Archive Borrowing Request"
    _inherit = ["crm.mail.thread.lang", "mail.activity.mixin", "crm.workflow.mixin"]
    _order = "request_date desc, id desc"
    _check_company_auto = True
    _crm_protected_fields = PROTECTED_FIELDS

    name = fields.Char(readonly=True, copy=False, default="/")
    borrower_id = fields.Many2one(
        "res.users",
        string="Borrower",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    purpose = fields.Text(string="Borrowing Purpose", required=True)
    mode = fields.Selection(
        [("consult", "On-Site Consultation"), ("lend", "Lending")],
        required=True,
        default="consult",
        tracking=True,
        help="Originals can only be consulted on site.",
    )
    request_date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    due_date = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: self._default_due_date(),
    )
    line_ids = fields.One2many("crm.archive.borrow.line", "borrow_id", string="Documents")
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, tracking=True)
    second_approver_id = fields.Many2one(
        "res.users", string="Second Approval By", readonly=True, tracking=True
    )
    handler_id = fields.Many2one("res.users", string="Handled By", readonly=True, tracking=True)
    lent_on = fields.Datetime(readonly=True, copy=False)
    returned_on = fields.Datetime(readonly=True, copy=False)
    return_condition = fields.Text(readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    state = fields.Selection(
        BORROW_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    needs_second_approval = fields.Boolean(
        compute="_compute_needs_second_approval",
        help="A secret document is requested: a manager approves after the archive administrator.",
    )
    is_borrower = fields.Boolean(
        compute="_compute_is_borrower", help="The current user is the borrower."
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Handed out and not returned by the due date.",
    )
    renewal_due_date = fields.Date(
        string="Requested Due Date",
        readonly=True,
        copy=False,
        tracking=True,
        help="A renewal waiting for the approval of an archive administrator.",
    )
    renewal_reason = fields.Text(readonly=True, copy=False)
    renewal_count = fields.Integer(string="Renewals", readonly=True, copy=False)
    overdue_reminded = fields.Boolean(readonly=True, copy=False)
    overdue_escalated = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------
    # Defaults, computes, settings
    # ------------------------------------------------------------

    @api.model
    def _get_borrow_setting(self, param):
        key, default = param
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value else default
        except ValueError:
            return default

    def _default_due_date(self):
        days = self._get_borrow_setting(PARAM_DEFAULT_DAYS)
        return fields.Date.context_today(self) + timedelta(days=days)

    @api.depends("line_ids.document_id.confidentiality")
    def _compute_needs_second_approval(self):
        for borrow in self:
            borrow.needs_second_approval = any(
                confidentiality == "secret"
                for confidentiality in borrow.line_ids.document_id.sudo().mapped("confidentiality")
            )

    @api.depends("borrower_id")
    @api.depends_context("uid")
    def _compute_is_borrower(self):
        for borrow in self:
            borrow.is_borrower = borrow.borrower_id == self.env.user

    @api.depends("state", "due_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for borrow in self:
            borrow.is_overdue = borrow.state == "lent" and borrow.due_date < today

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        return Domain("state", "=", "lent") & Domain(
            "due_date", "<", fields.Date.context_today(self)
        )

    @api.model
    def _document_label(self, document):
        number = document.number if document.number and document.number != "/" else False
        return f"{number} {document.title}" if number else document.title

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_create_values(vals_list)
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].next_by_code("crm.archive.borrow") or "/"
        with self._crm_transition():
            return super().create(vals_list)

    def write(self, vals):
        if BORROWER_FIELDS & vals.keys() and not self._crm_in_transition():
            self._check_borrower_can_edit()
        if not self.env.su and vals.get("borrower_id", self.env.uid) != self.env.uid:
            raise UserError(self.env._("A request is always made in the borrower's own name."))
        return super().write(vals)

    def _check_borrower_can_edit(self):
        if self.env.su:
            return
        reasons = [
            self.env._("%(request)s is no longer a draft.", request=borrow.name)
            for borrow in self
            if borrow.state != "draft"
        ] + [
            self.env._("%(request)s is not your request.", request=borrow.name)
            for borrow in self
            if borrow.borrower_id != self.env.user
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "Only the borrower edits a draft request:\n%(reasons)s",
                    reasons="\n".join(reasons),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_progress(self):
        if in_progress := self.filtered(lambda b: b.state not in ("draft", "cancelled")):
            raise UserError(
                self.env._(
                    "Only draft or cancelled requests can be deleted; keep the others in the "
                    "register: %(requests)s",
                    requests=", ".join(in_progress.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # Guards: every reason at once
    # ------------------------------------------------------------

    def _is_archive_admin(self):
        return self.env.su or self.env.user.has_group("crm_customer_info.group_archive_admin")

    def _get_document_reasons(self, handing_out=False):
        """Why the documents of these requests cannot go out in their mode."""
        reasons = []
        lent_lines = self.env["crm.archive.borrow.line"]
        if handing_out:
            lent_lines = (
                self.env["crm.archive.borrow.line"]
                .sudo()
                .search(
                    [
                        ("document_id", "in", self.line_ids.document_id.ids),
                        ("state", "=", "lent"),
                        ("borrow_id", "not in", self.ids),
                    ]
                )
            )
        for borrow in self:
            for document in borrow.line_ids.document_id.sudo():
                values = {"request": borrow.name, "document": self._document_label(document)}
                if document.state == "destroyed":
                    reasons.append(
                        self.env._(
                            "%(request)s: %(document)s has been destroyed and cannot be borrowed.",
                            **values,
                        )
                    )
                    continue
                if borrow.mode == "lend" and document.original == "original":
                    reasons.append(
                        self.env._(
                            "%(request)s: %(document)s is an original; originals can only be "
                            "consulted on site, never lent.",
                            **values,
                        )
                    )
                if borrow.mode == "lend" and document.state == "bound":
                    reasons.append(
                        self.env._(
                            "%(request)s: %(document)s is bound into a closed volume; it can "
                            "only be consulted on site.",
                            **values,
                        )
                    )
                if not handing_out:
                    continue
                other = lent_lines.filtered(lambda line, d=document: line.document_id == d)
                if other or document.state == "lent":
                    reasons.append(
                        self.env._(
                            "%(request)s: %(document)s is already handed out (%(other)s).",
                            other=", ".join(other.borrow_id.mapped("name")) or self.env._("lent"),
                            **values,
                        )
                    )
        return reasons

    def _check_can_submit(self):
        reasons = []
        max_days = self._get_borrow_setting(PARAM_MAX_DAYS)
        for borrow in self:
            if borrow.state != "draft":
                reasons.append(self.env._("%(request)s is not a draft.", request=borrow.name))
            if not self.env.su and borrow.borrower_id != self.env.user:
                reasons.append(
                    self.env._(
                        "%(request)s: only the borrower submits the request.", request=borrow.name
                    )
                )
            if not borrow.line_ids:
                reasons.append(
                    self.env._("%(request)s: add at least one document.", request=borrow.name)
                )
            if borrow.due_date < borrow.request_date:
                reasons.append(
                    self.env._(
                        "%(request)s: the due date is before the request date.",
                        request=borrow.name,
                    )
                )
            elif borrow.due_date > borrow.request_date + timedelta(days=max_days):
                reasons.append(
                    self.env._(
                        "%(request)s: documents are borrowed for %(days)s days at most.",
                        request=borrow.name,
                        days=max_days,
                    )
                )
        reasons += self._get_document_reasons()
        self._crm_raise_if_reasons(self.env._("You cannot submit:"), reasons)

    def _check_can_approve(self):
        reasons = []
        user = self.env.user
        is_manager = self.env.su or user.has_group("crm_customer_info.group_manager")
        approver = self.env["ir.config_parameter"].sudo().get_param(PARAM_APPROVER)
        if not self._is_archive_admin():
            reasons.append(self.env._("Only archive administrators approve borrowing requests."))
        elif approver == "manager" and not is_manager:
            reasons.append(
                self.env._("Borrowing requests are approved by a manager (see the settings).")
            )
        for borrow in self:
            if borrow.state != "submitted":
                reasons.append(
                    self.env._("%(request)s is not waiting for approval.", request=borrow.name)
                )
            if borrow.borrower_id == user:
                reasons.append(
                    self.env._("%(request)s: nobody approves his own request.", request=borrow.name)
                )
            if borrow.approver_id and not is_manager:
                reasons.append(
                    self.env._(
                        "%(request)s: a secret document needs the second approval of a manager.",
                        request=borrow.name,
                    )
                )
            if borrow.approver_id == user:
                reasons.append(
                    self.env._(
                        "%(request)s: the second approval must come from another person than "
                        "the first.",
                        request=borrow.name,
                    )
                )
        reasons += self._get_document_reasons()
        self._crm_raise_if_reasons(self.env._("You cannot approve:"), reasons)

    def _check_can_reject(self, reason):
        reasons = []
        if not self._is_archive_admin():
            reasons.append(self.env._("Only archive administrators reject borrowing requests."))
        if not (reason or "").strip():
            reasons.append(self.env._("Give the reason of the rejection."))
        for borrow in self:
            if borrow.state != "submitted":
                reasons.append(
                    self.env._("%(request)s is not waiting for approval.", request=borrow.name)
                )
            if borrow.borrower_id == self.env.user:
                reasons.append(
                    self.env._(
                        "%(request)s: nobody decides on his own request.", request=borrow.name
                    )
                )
        self._crm_raise_if_reasons(self.env._("You cannot reject:"), reasons)

    def _check_can_lend(self):
        reasons = []
        if not self._is_archive_admin():
            reasons.append(self.env._("Only archive administrators hand out documents."))
        for borrow in self:
            if borrow.state != "approved":
                reasons.append(self.env._("%(request)s is not approved.", request=borrow.name))
            # 表2-8: the leader who approves and the clerk who hands out (领导批准,
            # 经办人) are two people.
            if self.env.user in borrow.approver_id | borrow.second_approver_id:
                reasons.append(
                    self.env._(
                        "%(request)s: you approved it; another archive administrator hands "
                        "the documents out.",
                        request=borrow.name,
                    )
                )
        reasons += self._get_document_reasons(handing_out=True)
        self._crm_raise_if_reasons(self.env._("You cannot hand out:"), reasons)

    def _check_can_return(self, condition):
        reasons = []
        if not self._is_archive_admin():
            reasons.append(self.env._("Only archive administrators take documents back."))
        if not (condition or "").strip():
            reasons.append(self.env._("Describe the condition of the returned documents."))
        for borrow in self:
            if borrow.state != "lent":
                reasons.append(self.env._("%(request)s is not handed out.", request=borrow.name))
        self._crm_raise_if_reasons(self.env._("You cannot take back:"), reasons)

    def _check_can_cancel(self):
        reasons = []
        is_admin = self._is_archive_admin()
        for borrow in self:
            if borrow.state not in CANCELLABLE_STATES:
                reasons.append(
                    self.env._(
                        "%(request)s: only draft, submitted or approved requests can be cancelled.",
                        request=borrow.name,
                    )
                )
            if not is_admin and borrow.borrower_id != self.env.user:
                reasons.append(self.env._("%(request)s is not your request.", request=borrow.name))
        self._crm_raise_if_reasons(self.env._("You cannot cancel:"), reasons)

    def _check_can_reset_to_draft(self):
        reasons = []
        for borrow in self:
            if borrow.state not in ("rejected", "cancelled"):
                reasons.append(
                    self.env._(
                        "%(request)s: only rejected or cancelled requests go back to draft.",
                        request=borrow.name,
                    )
                )
            if not self.env.su and borrow.borrower_id != self.env.user:
                reasons.append(self.env._("%(request)s is not your request.", request=borrow.name))
        self._crm_raise_if_reasons(self.env._("You cannot reset to draft:"), reasons)

    def _check_can_request_renewal(self, new_due_date):
        reasons = []
        max_days = self._get_borrow_setting(PARAM_MAX_DAYS)
        today = fields.Date.context_today(self)
        if not new_due_date:
            reasons.append(self.env._("Give the new due date."))
        elif new_due_date < today:
            reasons.append(self.env._("The new due date cannot be in the past."))
        elif new_due_date > today + timedelta(days=max_days):
            reasons.append(
                self.env._("The new due date is at most %(days)s days from today.", days=max_days)
            )
        for borrow in self:
            if borrow.state != "lent":
                reasons.append(self.env._("%(request)s is not handed out.", request=borrow.name))
            if borrow.renewal_due_date:
                reasons.append(
                    self.env._(
                        "%(request)s: a renewal is already waiting for approval.",
                        request=borrow.name,
                    )
                )
            if new_due_date and new_due_date <= borrow.due_date:
                reasons.append(
                    self.env._(
                        "%(request)s: the new due date must be after %(due)s.",
                        request=borrow.name,
                        due=borrow.due_date,
                    )
                )
            if (
                not self.env.su
                and borrow.borrower_id != self.env.user
                and not self._is_archive_admin()
            ):
                reasons.append(self.env._("%(request)s is not your request.", request=borrow.name))
        self._crm_raise_if_reasons(self.env._("You cannot ask for a renewal:"), reasons)

    def _check_can_decide_renewal(self):
        reasons = []
        if not self._is_archive_admin():
            reasons.append(self.env._("Only archive administrators decide on renewals."))
        for borrow in self:
            if borrow.state != "lent" or not borrow.renewal_due_date:
                reasons.append(
                    self.env._("%(request)s has no renewal to decide.", request=borrow.name)
                )
            if borrow.borrower_id == self.env.user:
                reasons.append(
                    self.env._("%(request)s: nobody approves his own renewal.", request=borrow.name)
                )
        self._crm_raise_if_reasons(self.env._("You cannot decide on the renewal:"), reasons)

    # ------------------------------------------------------------
    # Transitions: action_x -> guard -> _prepare_x_values -> _action_x
    # ------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        return self._action_submit(self._prepare_submit_values())

    def _prepare_submit_values(self):
        return {"state": "submitted", "approver_id": False, "second_approver_id": False}

    def _action_submit(self, values):
        return self._crm_transition_write(values)

    def action_approve(self):
        self._check_can_approve()
        for borrow in self:
            borrow._action_approve(borrow._prepare_approve_values())
        return True

    def _prepare_approve_values(self):
        self.ensure_one()
        if self.approver_id:
            # The first approval is in: this is the manager's second one.
            return {"second_approver_id": self.env.user.id, "state": "approved"}
        values = {"approver_id": self.env.user.id}
        if not self.needs_second_approval:
            values["state"] = "approved"
        return values

    def _action_approve(self, values):
        self._crm_transition_write(values)
        if self.state == "submitted":
            self.message_post(
                body=self.env._("First approval given; a manager must now approve it too.")
            )

    def action_reject(self, reason):
        self._check_can_reject(reason)
        return self._action_reject(self._prepare_reject_values(reason))

    def _prepare_reject_values(self, reason):
        return {"state": "rejected", "rejection_reason": reason.strip()}

    def _action_reject(self, values):
        self._crm_transition_write(values)
        for borrow in self:
            borrow.message_post(
                body=self.env._("Rejected: %(reason)s", reason=values["rejection_reason"])
            )
        return True

    def action_lend(self):
        self._check_can_lend()
        try:
            # The partial unique index on the lines catches the request that
            # lost a race the guard could not see (a concurrent transaction).
            with self.env.cr.savepoint():
                self._action_lend(self._prepare_lend_values())
        except UniqueViolation:
            raise UserError(
                self.env._(
                    "You cannot hand out:\nA document of %(requests)s was handed out at the same "
                    "time under another request.",
                    requests=", ".join(self.mapped("name")),
                )
            ) from None
        return True

    def _prepare_lend_values(self):
        return {"state": "lent", "handler_id": self.env.user.id, "lent_on": fields.Datetime.now()}

    def _action_lend(self, values):
        self._crm_transition_write(values)
        # Lines first: the unique index is checked before the documents are touched.
        self.env["crm.archive.borrow.line"].flush_model(["state"])
        Log = self.env["crm.archive.access.log"]
        for borrow in self:
            documents = borrow.line_ids.document_id
            if borrow.mode == "lend":
                # Document state belongs to the archive workflow, not to the user's rights.
                documents.sudo()._crm_transition_write({"state": "lent"})
            Log._log("lend", documents, borrow=borrow)

    def action_return(self, condition):
        self._check_can_return(condition)
        return self._action_return(self._prepare_return_values(condition))

    def _prepare_return_values(self, condition):
        return {
            "state": "returned",
            "returned_on": fields.Datetime.now(),
            "return_condition": condition.strip(),
            "renewal_due_date": False,
            "renewal_reason": False,
        }

    def _action_return(self, values):
        self._crm_transition_write(values)
        Log = self.env["crm.archive.access.log"]
        for borrow in self:
            documents = borrow.line_ids.document_id
            documents.sudo().filtered(lambda d: d.state == "lent")._crm_transition_write(
                {"state": "filed"}
            )
            Log._log("return", documents, borrow=borrow)
        self._update_borrow_activities()
        return True

    def action_cancel(self):
        self._check_can_cancel()
        return self._action_cancel(self._prepare_cancel_values())

    def _prepare_cancel_values(self):
        return {"state": "cancelled"}

    def _action_cancel(self, values):
        self._crm_transition_write(values)
        self._update_borrow_activities()
        return True

    def action_draft(self):
        self._check_can_reset_to_draft()
        return self._crm_transition_write(self._prepare_draft_values())

    def _prepare_draft_values(self):
        return {
            "state": "draft",
            "approver_id": False,
            "second_approver_id": False,
            "rejection_reason": False,
        }

    def action_request_renewal(self, new_due_date, reason=False):
        new_due_date = fields.Date.to_date(new_due_date)
        self._check_can_request_renewal(new_due_date)
        return self._crm_transition_write(self._prepare_renewal_values(new_due_date, reason))

    def _prepare_renewal_values(self, new_due_date, reason):
        return {"renewal_due_date": new_due_date, "renewal_reason": reason or False}

    def action_approve_renewal(self):
        self._check_can_decide_renewal()
        for borrow in self:
            borrow._action_approve_renewal(borrow._prepare_approve_renewal_values())
        return True

    def _prepare_approve_renewal_values(self):
        self.ensure_one()
        return {
            "due_date": self.renewal_due_date,
            "renewal_due_date": False,
            "renewal_reason": False,
            "renewal_count": self.renewal_count + 1,
            "overdue_reminded": False,
            "overdue_escalated": False,
        }

    def _action_approve_renewal(self, values):
        self._crm_transition_write(values)
        self.message_post(
            body=self.env._("Renewal approved: due on %(date)s.", date=values["due_date"])
        )
        self._update_borrow_activities()

    def action_reject_renewal(self):
        self._check_can_decide_renewal()
        self._crm_transition_write({"renewal_due_date": False, "renewal_reason": False})
        for borrow in self:
            borrow.message_post(body=self.env._("Renewal refused: the due date is unchanged."))
        return True

    # ------------------------------------------------------------
    # Activities and cron
    # ------------------------------------------------------------

    def _update_borrow_activities(self):
        """Close the return reminders once nothing is overdue any more."""
        settled = self.filtered(lambda b: b.state != "lent" or not b.is_overdue)
        if settled:
            settled.activity_feedback([ACTIVITY_RETURN, ACTIVITY_ESCALATION])

    def _schedule_overdue_activities(self, today):
        escalation_days = self._get_borrow_setting(PARAM_ESCALATION_DAYS)
        managers = self.env.ref("crm_customer_info.group_manager").all_user_ids.filtered(
            lambda u: u.active and not u.share
        )
        for borrow in self:
            if not borrow.overdue_reminded:
                for user in borrow.borrower_id | borrow.handler_id:
                    borrow._schedule_overdue_activity(ACTIVITY_RETURN, user, today)
                borrow._crm_transition_write({"overdue_reminded": True})
            if (
                not borrow.overdue_escalated
                and borrow.due_date + timedelta(days=escalation_days) <= today
            ):
                for manager in managers:
                    borrow._schedule_overdue_activity(ACTIVITY_ESCALATION, manager, today)
                borrow._crm_transition_write({"overdue_escalated": True})

    def _schedule_overdue_activity(self, act_type_xmlid, user, today):
        """The reminder of an overdue loan, in ``user``'s language."""
        borrow = self._crm_for_user(user)
        return borrow.activity_schedule(
            act_type_xmlid,
            date_deadline=today,
            note=borrow.env._(
                "%(request)s was due on %(date)s; bring the documents back to the archive.",
                request=borrow.name,
                date=borrow.due_date,
            ),
            user_id=user.id,
        )

    @api.model
    def _cron_borrow_overdue(self):
        today = fields.Date.context_today(self)
        escalation_days = self._get_borrow_setting(PARAM_ESCALATION_DAYS)
        domain = (
            Domain("state", "=", "lent")
            & Domain("due_date", "<=", today)
            & (
                Domain("overdue_reminded", "=", False)
                | (
                    Domain("overdue_escalated", "=", False)
                    & Domain("due_date", "<=", today - timedelta(days=escalation_days))
                )
            )
        )
        borrows = self.search(domain)
        self.env["ir.cron"]._commit_progress(remaining=len(borrows))
        for borrow in borrows:
            borrow._schedule_overdue_activities(today)
            if not self.env["ir.cron"]._commit_progress(1):
                break
