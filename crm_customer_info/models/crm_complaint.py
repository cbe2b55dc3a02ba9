from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

SERVICE = "crm_customer_info.group_customer_service"

COMPLAINT_STATES = [
    ("received", "Received"),
    ("investigating", "Investigating"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]
CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("visit", "During a Visit"),
    ("letter", "Letter"),
    ("portal", "Website or Portal"),
    ("social", "Social Media"),
    ("store", "At the Point of Sale"),
    ("call_center", "Call Centre"),
    ("other", "Other"),
]
CATEGORIES = [
    ("quality", "Product Quality"),
    ("delivery", "Delivery"),
    ("service", "Service Attitude"),
    ("price", "Price or Billing"),
    ("after_sales", "After-Sales Service"),
    ("returns", "Returns and Exchanges"),
    ("suggestion", "Suggestion"),
    ("other", "Other"),
]
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
SATISFACTION = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
# The transitions a button makes, from the states it accepts.
TRANSITIONS = {
    "investigating": ("received", "resolved", "closed"),
    "resolved": ("received", "investigating"),
    "closed": ("resolved",),
}
PROTECTED_FIELDS = frozenset({"state", "date_resolved", "date_closed"})


class CrmComplaint(models.Model):
    """投诉档案 (seed 002): every complaint or piece of feedback of a customer,
    handled to its resolution; the counts feed the value matrix (service
    complexity) and bring the customer's profile review forward."""

    _name = "crm.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.workflow.mixin",
        "crm.personal.data.mixin",
    ]
    _crm_protected_fields = PROTECTED_FIELDS
    # The complaint is about the customer and made by the contact: erasing
    # either empties it (PIPL erasure).
    _crm_personal_partner_fields = ("partner_id", "contact_id")
    _crm_personal_text_fields = ("description", "resolution")
    _order = "date_received desc, id desc"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('parent_id', '=', False)]",
        help="The customer file (commercial partner) the complaint belongs to.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Complained By",
        ondelete="set null",
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="The person who made the complaint, when known.",
    )
    date_received = fields.Date(
        string="Received On", required=True, index=True, default=fields.Date.context_today
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    category = fields.Selection(CATEGORIES, required=True, default="quality", tracking=True)
    severity = fields.Selection(
        SEVERITIES,
        required=True,
        default="medium",
        tracking=True,
        groups=SERVICE,
        help="Critical: the relationship with the customer is at stake.",
    )
    description = fields.Text(required=True, help="What the customer complains about.")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Who follows the complaint up to its resolution.",
    )
    state = fields.Selection(
        COMPLAINT_STATES,
        string="Status",
        default="received",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    resolution = fields.Text(
        groups=SERVICE, tracking=True, help="How the complaint was resolved, and why."
    )
    satisfaction = fields.Selection(
        SATISFACTION,
        string="Customer Satisfaction",
        tracking=True,
        help="How satisfied the customer is with the resolution (1 to 5).",
    )
    date_resolved = fields.Date(string="Resolved On", readonly=True, copy=False)
    date_closed = fields.Date(string="Complaint Closed On", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for complaint in self:
            name = complaint.name if complaint.name and complaint.name != "/" else ""
            customer = complaint.partner_id.display_name or ""
            complaint.display_name = f"{name} {customer}".strip() or self.env._("New Complaint")

    @api.constrains("date_received")
    def _check_date_received(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            if complaint.date_received > today:
                raise ValidationError(
                    self.env._(
                        "A complaint cannot be received in the future (%(date)s).",
                        date=format_date(self.env, complaint.date_received),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = Partner.browse(vals["partner_id"]).commercial_partner_id.id
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.complaint") or "/"
        complaints = super().create(vals_list)
        complaints.partner_id._crm_complaint_review()
        return complaints

    def write(self, vals):
        if vals.get("partner_id"):
            vals = dict(
                vals,
                partner_id=self.env["res.partner"]
                .browse(vals["partner_id"])
                .commercial_partner_id.id,
            )
        result = super().write(vals)
        if {"partner_id", "date_received"} & vals.keys():
            self.partner_id._crm_complaint_review()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handled(self):
        if handled := self.filtered(lambda complaint: complaint.state != "received"):
            raise UserError(
                self.env._(
                    "Complaints under way or settled stay in the register: %(complaints)s",
                    complaints=", ".join(handled.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Transitions: action_x -> guard -> _prepare_x_values -> _action_x
    # ------------------------------------------------------------------

    def _check_can_move(self, state):
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        reasons = []
        is_service = self.env.su or self.env.user.has_group(SERVICE)
        for complaint in self:
            if complaint.state not in TRANSITIONS[state]:
                reasons.append(
                    self.env._(
                        "%(complaint)s is %(state)s.",
                        complaint=complaint.display_name,
                        state=state_labels[complaint.state],
                    )
                )
            if state == "investigating" and not (is_service or complaint.user_id == self.env.user):
                reasons.append(
                    self.env._(
                        "%(complaint)s: only its owner or customer service investigates it.",
                        complaint=complaint.display_name,
                    )
                )
            if state == "resolved" and is_service and not (complaint.resolution or "").strip():
                reasons.append(
                    self.env._(
                        "%(complaint)s: write down the resolution first.",
                        complaint=complaint.display_name,
                    )
                )
        if state in ("resolved", "closed") and not is_service:
            reasons.append(self.env._("Only customer service resolves and closes complaints."))
        if reasons:
            raise UserError(
                self.env._(
                    "You cannot set these complaints to %(state)s:\n%(reasons)s",
                    state=state_labels[state],
                    reasons="\n".join(reasons),
                )
            )

    def action_investigate(self):
        self._check_can_move("investigating")
        return self._crm_transition_write({"state": "investigating", "date_closed": False})

    def action_resolve(self):
        self._check_can_move("resolved")
        return self._crm_transition_write(
            {"state": "resolved", "date_resolved": fields.Date.context_today(self)}
        )

    def action_close(self):
        self._check_can_move("closed")
        return self._crm_transition_write(
            {"state": "closed", "date_closed": fields.Date.context_today(self)}
        )

    # ------------------------------------------------------------------
    # Counts for other features
    # ------------------------------------------------------------------

    @api.model
    def _count_by_partner(self, partner_ids=None, date_from=None, date_to=None):
        """``{commercial partner id: number of complaints}`` received between the
        dates (included), whatever the current user may read: the value matrix
        and the clean-up rules count every complaint."""
        domain = []
        if partner_ids is not None:
            domain.append(("partner_id", "in", list(partner_ids)))
        if date_from:
            domain.append(("date_received", ">=", date_from))
        if date_to:
            domain.append(("date_received", "<=", date_to))
        return {
            partner.id: count
            for partner, count in self.sudo()._read_group(
                domain, groupby=["partner_id"], aggregates=["__count"]
            )
        }
