from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "To Approve"),
    ("second_approval", "Second Approval"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]

# Decided by the request's transitions only (crm.workflow.mixin). The requester
# is the user who creates the request, never someone named by him: the one who
# asks never approves.
PROTECTED_FIELDS = frozenset(
    {
        "name",
        "state",
        "requested_by",
        "approver_id",
        "second_approver_id",
        "approval_date",
        "previous_limit",
        "previous_use_partner_limit",
        "current_limit",
    }
)
# Frozen once the request has left the draft state.
REQUEST_FIELDS = frozenset(
    {"partner_id", "company_id", "requested_limit", "limit_type", "date_end"}
)

EXPIRE_BATCH_SIZE = 100


class CrmCreditLimitRequest(models.Model):
    """客户信用额度审批表: a request to change the credit limit of a customer."""

    _name = "crm.credit.limit.request"
    _description = "Credit Limit Request"
    _inherit = [
        "crm.mail.thread.lang",
        "mail.activity.mixin",
        "crm.credit.archive.mixin",
        "crm.workflow.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _crm_protected_fields = PROTECTED_FIELDS

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    current_limit = fields.Monetary(
        string="Current Limit",
        readonly=True,
        copy=False,
        help="Credit limit of the customer in this company when the request was created.",
    )
    requested_limit = fields.Monetary(string="Requested Limit", required=True, tracking=True)
    limit_type = fields.Selection(
        [("permanent", "Permanent"), ("temporary", "Temporary")],
        string="Type",
        required=True,
        default="permanent",
        tracking=True,
    )
    date_end = fields.Date(
        string="Valid Until",
        tracking=True,
        help="A temporary limit falls back to the previous limit after this day.",
    )
    previous_limit = fields.Monetary(
        string="Previous Limit",
        readonly=True,
        copy=False,
        help="Limit in force when the request was approved, "
        "restored when a temporary limit expires.",
    )
    previous_use_partner_limit = fields.Boolean(readonly=True, copy=False)
    reason = fields.Text(required=True)
    requested_by = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    state = fields.Selection(
        REQUEST_STATES,
        string="Status",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        default="draft",
    )
    needs_second_approval = fields.Boolean(
        compute="_compute_needs_second_approval",
        help="Requests above the second-approval amount are approved by two credit managers.",
    )
    approver_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False, tracking=True
    )
    second_approver_id = fields.Many2one(
        "res.users", string="Second Approval By", readonly=True, copy=False, tracking=True
    )
    approval_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("requested_limit")
    def _compute_needs_second_approval(self):
        threshold = self._get_second_approval_amount()
        for request in self:
            request.needs_second_approval = (
                float_compare(request.requested_limit, threshold, precision_digits=2) > 0
            )

    @api.model
    def _get_second_approval_amount(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param("crm_credit.second_approval_amount")
        )
        try:
            return float(value) if value not in (None, False, "") else 100000.0
        except ValueError:
            return 100000.0

    @api.constrains("requested_limit")
    def _check_requested_limit(self):
        if any(request.requested_limit <= 0 for request in self):
            raise ValidationError(
                self.env._("The requested credit limit must be greater than zero.")
            )

    @api.constrains("limit_type", "date_end", "state")
    def _check_date_end(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.limit_type != "temporary":
                continue
            if not request.date_end:
                raise ValidationError(
                    self.env._(
                        "A temporary credit limit needs an end date (%(name)s).", name=request.name
                    )
                )
            if (
                request.state in ("draft", "submitted", "second_approval")
                and request.date_end <= today
            ):
                raise ValidationError(
                    self.env._(
                        "The end date of the temporary credit limit %(name)s "
                        "must be in the future.",
                        name=request.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_create_values(vals_list)
        for vals in vals_list:
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if partner:
                vals["partner_id"] = partner.commercial_partner_id.id
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("crm.credit.limit.request") or "/"
                )
        with self._crm_transition():
            requests = super().create(vals_list)
        for request in requests:
            partner = request.partner_id.with_company(request.company_id).sudo()
            request._crm_transition_write({"current_limit": partner.credit_limit})
        return requests

    def write(self, vals):
        if (
            REQUEST_FIELDS & vals.keys()
            and not self._crm_in_transition()
            and any(request.state != "draft" for request in self)
        ):
            raise UserError(
                self.env._(
                    "Only draft credit-limit requests can be changed; "
                    "reset the request to draft first."
                )
            )
        if vals.get("partner_id"):
            vals["partner_id"] = (
                self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(request.state not in ("draft", "cancelled") for request in self):
            raise UserError(
                self.env._("Only draft or cancelled credit-limit requests can be deleted.")
            )

    # ------------------------------------------------------------------
    # Submit
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        self._crm_transition_write(self._prepare_submit_values())
        self._action_submit()
        return True

    def _check_can_submit(self):
        reasons = []
        for request in self:
            if request.state != "draft":
                reasons.append(self.env._("%(name)s is not a draft.", name=request.name))
            if request.requested_limit <= 0:
                reasons.append(
                    self.env._("%(name)s: the requested limit must be positive.", name=request.name)
                )
        if reasons:
            raise UserError(
                self.env._(
                    "These requests cannot be submitted:\n%(reasons)s", reasons="\n".join(reasons)
                )
            )

    def _prepare_submit_values(self):
        return {"state": "submitted"}

    def _action_submit(self):
        self._update_approval_activities()
        return True

    def _get_approvers(self):
        """Credit managers who may take the next approval step of the request:
        not its requester nor its first approver, in its company. The
        administrator account belongs to the group from the installation on;
        it approves only when no credit manager of the company can."""
        self.ensure_one()
        managers = (
            (
                self.env.ref("crm_credit.group_credit_manager")
                .sudo()
                .all_user_ids.filtered(
                    lambda user: (
                        user.active
                        and not user.share
                        and user.id != SUPERUSER_ID
                        and self.company_id in user.company_ids
                    )
                )
            )
            - self.requested_by
            - self.approver_id
        )
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        return (managers - admin) if admin and managers - admin else managers

    def _update_approval_activities(self):
        """One to-do per credit manager who may approve; none once decided."""
        xmlid = "crm_credit.mail_activity_type_credit_limit_approval"
        self.sudo().activity_unlink([xmlid])
        waiting = self.filtered(lambda r: r.state in ("submitted", "second_approval"))
        for request in waiting.sudo():
            for manager in request._get_approvers():
                request_lang = request._crm_for_user(manager)
                request_lang.activity_schedule(
                    xmlid,
                    user_id=manager.id,
                    summary=request_lang.env._("Approve credit limit %(name)s", name=request.name),
                )

    def _crm_reader_user(self):
        """What the system writes on a request, its requester reads."""
        self.ensure_one()
        return self.sudo().requested_by

    # ------------------------------------------------------------------
    # Approve
    # ------------------------------------------------------------------

    def action_approve(self):
        self._check_can_approve()
        user = self.env.user
        for request in self:
            first_of_two = request.state == "submitted" and request.needs_second_approval
            request._crm_transition_write(request._prepare_approve_values(user, first_of_two))
        self._action_approve()
        self._update_approval_activities()
        return True

    def _check_can_approve(self):
        user = self.env.user
        reasons = []
        if not user.has_group("crm_credit.group_credit_manager"):
            reasons.append(self.env._("Only credit managers approve credit-limit requests."))
        for request in self:
            if request.state not in ("submitted", "second_approval"):
                reasons.append(
                    self.env._("%(name)s is not waiting for approval.", name=request.name)
                )
            if request.requested_by == user:
                reasons.append(
                    self.env._("You cannot approve your own request %(name)s.", name=request.name)
                )
            if request.state == "second_approval" and request.approver_id == user:
                reasons.append(
                    self.env._(
                        "%(name)s needs a second approval by another credit manager.",
                        name=request.name,
                    )
                )
            if request.requested_limit <= 0:
                reasons.append(
                    self.env._("%(name)s: the requested limit must be positive.", name=request.name)
                )
            if request.limit_type == "temporary" and (
                not request.date_end or request.date_end <= fields.Date.context_today(request)
            ):
                reasons.append(self.env._("%(name)s: the end date has passed.", name=request.name))
        if reasons:
            raise UserError(
                self.env._(
                    "These requests cannot be approved:\n%(reasons)s",
                    reasons="\n".join(dict.fromkeys(reasons)),
                )
            )

    def _prepare_approve_values(self, user, first_of_two):
        self.ensure_one()
        if first_of_two:
            return {"state": "second_approval", "approver_id": user.id}
        partner = self.partner_id.with_company(self.company_id).sudo()
        values = {
            "state": "approved",
            "approval_date": fields.Datetime.now(),
            "previous_limit": partner.credit_limit,
            "previous_use_partner_limit": partner.use_partner_credit_limit,
        }
        if self.state == "second_approval":
            values["second_approver_id"] = user.id
        else:
            values["approver_id"] = user.id
        return values

    def _action_approve(self):
        """Apply the approved limits on the customers and file the forms."""
        approved = self.filtered(lambda r: r.state == "approved")
        for request in approved:
            request.partner_id.with_company(request.company_id)._crm_set_credit_limit(
                request.requested_limit
            )
            request.message_post(
                body=self.env._(
                    "Credit limit of %(partner)s set to %(limit)s.",
                    partner=request.partner_id.display_name,
                    limit=request.requested_limit,
                )
            )
        if approved:
            approved._file_in_archive(
                "crm_credit.action_report_credit_limit_request",
                "crm_customer_info.archive_type_credit_limit",
                self.env._("Credit Limit Approval"),
            )
        return True

    # ------------------------------------------------------------------
    # Reject / cancel / reset
    # ------------------------------------------------------------------

    def action_reject(self):
        reasons = []
        if not self.env.user.has_group("crm_credit.group_credit_manager"):
            reasons.append(self.env._("Only credit managers reject credit-limit requests."))
        reasons += [
            self.env._("%(name)s is not waiting for approval.", name=r.name)
            for r in self
            if r.state not in ("submitted", "second_approval")
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "These requests cannot be rejected:\n%(reasons)s", reasons="\n".join(reasons)
                )
            )
        self._crm_transition_write({"state": "rejected"})
        self._update_approval_activities()
        return True

    def action_cancel(self):
        user = self.env.user
        is_manager = user.has_group("crm_credit.group_credit_manager")
        reasons = []
        for request in self:
            if request.state not in ("draft", "submitted", "second_approval"):
                reasons.append(
                    self.env._("%(name)s can no longer be cancelled.", name=request.name)
                )
            if not is_manager and request.requested_by != user:
                reasons.append(
                    self.env._("%(name)s was requested by someone else.", name=request.name)
                )
        if reasons:
            raise UserError(
                self.env._(
                    "These requests cannot be cancelled:\n%(reasons)s", reasons="\n".join(reasons)
                )
            )
        self._crm_transition_write({"state": "cancelled"})
        self._update_approval_activities()
        return True

    def action_draft(self):
        reasons = [
            self.env._("%(name)s is neither rejected nor cancelled.", name=r.name)
            for r in self
            if r.state not in ("rejected", "cancelled")
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "These requests cannot be reset to draft:\n%(reasons)s",
                    reasons="\n".join(reasons),
                )
            )
        self._crm_transition_write(
            {"state": "draft", "approver_id": False, "second_approver_id": False}
        )
        return True

    # ------------------------------------------------------------------
    # Expiry of temporary limits
    # ------------------------------------------------------------------

    @api.model
    def _cron_expire_temporary_limits(self):
        domain = [
            ("state", "=", "approved"),
            ("limit_type", "=", "temporary"),
            ("date_end", "<", fields.Date.context_today(self)),
        ]
        requests = self.search(domain, order="date_end, id")
        ir_cron = self.env["ir.cron"]
        ir_cron._commit_progress(remaining=len(requests))
        for start in range(0, len(requests), EXPIRE_BATCH_SIZE):
            batch = requests[start : start + EXPIRE_BATCH_SIZE]
            batch._action_expire()
            if not ir_cron._commit_progress(processed=len(batch)):
                break

    def _action_expire(self):
        for request in self:
            partner = request.partner_id.with_company(request.company_id).sudo()
            partner._crm_set_credit_limit(
                request.previous_limit if request.previous_use_partner_limit else None
            )
            # Written by the daily job: in the language of whoever reads the request.
            request_lang = request._crm_in_reader_lang()
            request_lang.message_post(
                body=request_lang.env._(
                    "The temporary credit limit ended on %(date)s; "
                    "the limit of %(partner)s is back to %(limit)s.",
                    date=request.date_end,
                    partner=request.partner_id.display_name,
                    limit=partner.credit_limit,
                )
            )
        self._crm_transition_write({"state": "expired"})
