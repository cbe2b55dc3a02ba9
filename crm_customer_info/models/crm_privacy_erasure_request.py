from odoo import api, fields, models
from odoo.exceptions import UserError

OFFICER = "crm_customer_info.group_privacy_officer"

ERASURE_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("done", "Done"),
]
SOURCES = [("portal", "Portal"), ("backoffice", "Back Office")]
# Set by the request and the officer's decision only (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset(
    {"state", "officer_id", "date_decided", "log", "requested_by", "source"}
)


class CrmPrivacyErasureRequest(models.Model):
    """A customer's request to erase his personal data (PIPL article 47)."""

    _name = "crm.privacy.erasure.request"
    _description = "Personal Data Erasure Request"
    _inherit = ["mail.thread", "crm.workflow.mixin"]
    _order = "create_date desc, id desc"
    _crm_protected_fields = PROTECTED_FIELDS

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    requested_by = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
        readonly=True,
    )
    source = fields.Selection(SOURCES, required=True, default="backoffice", readonly=True)
    reason = fields.Text(help="Why the customer asks for the erasure.")
    state = fields.Selection(
        ERASURE_STATES,
        string="Status",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        default="requested",
    )
    officer_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False, ondelete="restrict"
    )
    decision_reason = fields.Text(
        string="Decision Reason",
        copy=False,
        tracking=True,
        help="Required to refuse, e.g. a legal obligation to keep the data.",
    )
    date_decided = fields.Datetime(string="Decided On", readonly=True, copy=False)
    log = fields.Text(
        string="Erasure Log", readonly=True, copy=False, help="What the anonymisation did."
    )
    # The company the customer asked: its privacy officers decide.
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.depends("partner_id", "create_date")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Erasure of %(customer)s", customer=request.partner_id.display_name or ""
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # The requests and their decisions prove compliance: never deleted.
        raise UserError(self.env._("Erasure requests cannot be deleted."))

    def _check_can_decide(self, refuse=False):
        reasons = []
        if not self.env.user.has_group(OFFICER):
            reasons.append(self.env._("Only a privacy officer can decide on erasure requests."))
        for request in self:
            if request.state != "requested":
                reasons.append(
                    self.env._(
                        "%(request)s has already been decided.", request=request.display_name
                    )
                )
            if refuse and not (request.decision_reason or "").strip():
                reasons.append(
                    self.env._(
                        "%(request)s: give the reason for the refusal.",
                        request=request.display_name,
                    )
                )
            if not refuse and request.partner_id.sudo().crm_anonymised_date:
                reasons.append(
                    self.env._(
                        "%(customer)s is already anonymised.",
                        customer=request.partner_id.display_name,
                    )
                )
            if not refuse:
                reasons += request._crm_internal_user_reasons()
        self._crm_raise_if_reasons(self.env._("The request cannot be decided:"), reasons)

    def _crm_internal_user_reasons(self):
        # The erasure closes portal accounts only: an employee's account is
        # closed by an administrator.
        self.ensure_one()
        internal_users = (
            self.partner_id._crm_anonymise_targets()
            .with_context(active_test=False)
            .user_ids.filtered(lambda user: not user.share)
        )
        if not internal_users:
            return []
        return [
            self.env._(
                "%(customer)s is the contact of the internal user(s) %(users)s: an "
                "administrator closes an employee's account, not an erasure request.",
                customer=self.partner_id.display_name,
                users=", ".join(internal_users.mapped("login")),
            )
        ]

    def _prepare_decision_values(self, state):
        return {
            "state": state,
            "officer_id": self.env.user.id,
            "date_decided": fields.Datetime.now(),
        }

    def action_approve(self):
        self._check_can_decide()
        self._crm_transition_write(self._prepare_decision_values("approved"))
        self._action_approve()
        return True

    def _action_approve(self):
        """Hook: anonymise the customers, keep the log, close the requests."""
        for request in self:
            log = request.partner_id._crm_anonymise()
            request._crm_transition_write({"log": log, "state": "done"})
            request.message_post(body=self.env._("Personal data erased."))

    def action_reject(self):
        self._check_can_decide(refuse=True)
        self._crm_transition_write(self._prepare_decision_values("refused"))
        self._action_reject()
        return True

    def _action_reject(self):
        """Hook after a refusal."""
        for request in self:
            request.message_post(
                body=self.env._("Refused: %(reason)s", reason=request.decision_reason)
            )
