from odoo import api, fields, models
from odoo.addons.crm_customer_info.models.res_partner import LIFECYCLE
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

SEGMENT_MODES = [
    ("dynamic", "Dynamic"),
    ("snapshot", "Snapshot"),
]
CONTACT_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("phone", "Phone"),
    ("post", "Post"),
]
MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
# A snapshot's customers are the ones its freeze or refresh found, never a list
# typed in (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset({"mode", "member_ids", "snapshot_date"})


class CrmCustomerSegment(models.Model):
    """A saved filter over customers. Dynamic segments are evaluated live, with
    the rights of the current user; a snapshot keeps the members found when it
    was frozen or last refreshed. ``_get_member_domain`` and ``_get_members``
    are the API campaigns and other features build on."""

    _name = "crm.customer.segment"
    _description = "Customer Segment"
    _inherit = ["mail.thread", "crm.workflow.mixin"]
    _order = "sequence, name, id"
    _crm_protected_fields = PROTECTED_FIELDS

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(help="Who is in the segment and what it is used for.")
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty to share the segment between companies.",
    )
    mode = fields.Selection(
        SEGMENT_MODES,
        required=True,
        default="dynamic",
        readonly=True,
        copy=False,
        tracking=True,
        help="Dynamic: the members are the customers matching the filters right now. "
        "Snapshot: the members found when the segment was frozen or last refreshed.",
    )
    # Filters
    grade_ids = fields.Many2many(
        "crm.customer.grade", string="Grades", help="Customers of any of these grades."
    )
    customer_state = fields.Selection(LIFECYCLE, string="Lifecycle")
    rfm_segment_ids = fields.Many2many(
        "crm.rfm.segment", string="RFM Segments", help="Customers in any of these RFM segments."
    )
    value_quadrant = fields.Selection(selection="_selection_value_quadrant", string="Quadrant")
    abc_class = fields.Selection(selection="_selection_abc_class", string="ABC Class")
    state_ids = fields.Many2many(
        "res.country.state", string="Regions", help="Customers in any of these provinces."
    )
    industry_ids = fields.Many2many(
        "res.partner.industry", string="Industries", help="Customers of any of these industries."
    )
    org_nature = fields.Selection(selection="_selection_org_nature", string="Nature")
    org_category = fields.Selection(selection="_selection_org_category", string="Category")
    category_ids = fields.Many2many(
        "res.partner.category", string="Tags", help="Customers with any of these tags."
    )
    consent_channel = fields.Selection(
        CONTACT_CHANNELS,
        string="Required Consent",
        help="Only customers who consented to marketing on this channel.",
    )
    birthday_month = fields.Selection(
        MONTHS,
        string="Birthday Month",
        help="Only customers born in this month. Needs access to birthdays (customer service).",
    )
    extra_domain = fields.Char(
        string="Additional Conditions",
        default="[]",
        help="Any further conditions on customers.",
    )
    # Members
    member_ids = fields.Many2many(
        "res.partner",
        "crm_customer_segment_member_rel",
        "segment_id",
        "partner_id",
        string="Frozen Members",
        readonly=True,
        copy=False,
        help="The customers of a snapshot segment, as found when it was last frozen or refreshed.",
    )
    snapshot_date = fields.Datetime(string="Snapshot Taken On", readonly=True, copy=False)
    member_count = fields.Integer(string="Members", compute="_compute_member_count")
    member_access_denied = fields.Boolean(
        compute="_compute_member_count",
        help="The segment filters on customer information you are not allowed to read.",
    )
    campaign_ids = fields.One2many("crm.campaign", "segment_id", string="Campaigns")
    campaign_count = fields.Integer(string="Campaign Count", compute="_compute_campaign_count")

    # ------------------------------------------------------------------
    # Selections borrowed from the customer profile
    # ------------------------------------------------------------------
    @api.model
    def _selection_partner_field(self, fname):
        return self.env["res.partner"]._fields[fname]._description_selection(self.env)

    @api.model
    def _selection_value_quadrant(self):
        return self._selection_partner_field("value_quadrant")

    @api.model
    def _selection_abc_class(self):
        return self._selection_partner_field("abc_class")

    @api.model
    def _selection_org_nature(self):
        return self._selection_partner_field("org_nature")

    @api.model
    def _selection_org_category(self):
        return self._selection_partner_field("org_category")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    @api.depends(
        "mode",
        "member_ids",
        "grade_ids",
        "customer_state",
        "rfm_segment_ids",
        "value_quadrant",
        "abc_class",
        "state_ids",
        "industry_ids",
        "org_nature",
        "org_category",
        "category_ids",
        "consent_channel",
        "birthday_month",
        "extra_domain",
    )
    def _compute_member_count(self):
        Partner = self.env["res.partner"]
        for segment in self:
            segment.member_access_denied = False
            if segment.mode == "snapshot":
                # The many2many is read for all segments at once (prefetch) and
                # filtered by the user's record rules.
                segment.member_count = len(segment.member_ids)
                continue
            try:
                segment.member_count = Partner.search_count(segment._get_member_domain())
            except AccessError:
                # A list of segments must still open for users who cannot
                # evaluate one of them; evaluating it raises the error.
                segment.member_count = 0
                segment.member_access_denied = True

    def _compute_campaign_count(self):
        counts = dict(
            self.env["crm.campaign"]._read_group(
                [("segment_id", "in", self.ids)], ["segment_id"], ["__count"]
            )
        )
        for segment in self:
            segment.campaign_count = counts.get(segment, 0)

    @api.constrains("extra_domain")
    def _check_extra_domain(self):
        # Only the structure is checked here (fields, operators, values), which
        # reads no customer: sudo keeps a domain on restricted fields valid for
        # the users allowed to evaluate it.
        Partner = self.env["res.partner"].sudo()
        for segment in self:
            try:
                segment._parse_extra_domain().validate(Partner)
            except (ValueError, TypeError, SyntaxError, NameError, KeyError) as error:
                raise ValidationError(
                    self.env._(
                        "Segment %(segment)s: the additional conditions are not a valid "
                        "filter on customers (%(error)s).",
                        segment=segment.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------------
    # API
    # ------------------------------------------------------------------
    def _extra_domain_eval_context(self):
        return {
            "context_today": datetime.datetime.now,
            "datetime": datetime,
            "dateutil": dateutil,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "time": time,
            "uid": self.env.uid,
            "user": self.env.user,
            "company_ids": self.env.companies.ids,
            "company_id": self.env.company.id,
        }

    def _parse_extra_domain(self):
        self.ensure_one()
        value = safe_eval(self.extra_domain or "[]", self._extra_domain_eval_context())
        if not isinstance(value, (list, tuple)):
            raise ValueError(self.env._("a domain is a list of conditions"))
        return Domain(value)

    def _get_criteria_domain(self):
        """The conditions of the filter fields, without the base customer domain."""
        self.ensure_one()
        conditions = []
        if self.grade_ids:
            conditions.append(Domain("grade_id", "in", self.grade_ids.ids))
        if self.customer_state:
            conditions.append(Domain("customer_state", "=", self.customer_state))
        if self.rfm_segment_ids:
            conditions.append(Domain("rfm_segment_id", "in", self.rfm_segment_ids.ids))
        if self.value_quadrant:
            conditions.append(Domain("value_quadrant", "=", self.value_quadrant))
        if self.abc_class:
            conditions.append(Domain("abc_class", "=", self.abc_class))
        if self.state_ids:
            conditions.append(Domain("state_id", "in", self.state_ids.ids))
        if self.industry_ids:
            conditions.append(Domain("industry_id", "in", self.industry_ids.ids))
        if self.org_nature:
            conditions.append(Domain("org_nature", "=", self.org_nature))
        if self.org_category:
            conditions.append(Domain("org_category", "=", self.org_category))
        if self.category_ids:
            conditions.append(Domain("category_id", "in", self.category_ids.ids))
        if self.consent_channel:
            conditions.append(Domain(f"consent_{self.consent_channel}", "=", True))
        if self.birthday_month:
            conditions.append(Domain("birthday_month", "=", int(self.birthday_month)))
        return Domain.AND([*conditions, self._parse_extra_domain()])

    @api.model
    def _get_customer_domain(self):
        """What makes a partner a customer a segment can select."""
        return Domain("customer_state", "!=", False) | Domain("customer_rank", ">", 0)

    def _get_member_domain(self):
        """The res.partner domain of the segment's filters (whatever its mode)."""
        self.ensure_one()
        return self._get_customer_domain() & self._get_criteria_domain()

    def _get_members(self):
        """The members: the frozen customers of a snapshot, the customers
        matching the filters of a dynamic segment. Evaluated with the current
        user's rights: filters on fields he cannot read raise AccessError."""
        self.ensure_one()
        if self.mode == "snapshot":
            return self.member_ids
        return self.env["res.partner"].search(self._get_member_domain())

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_freeze(self):
        reasons = [
            self.env._("Segment %(segment)s is already a snapshot.", segment=segment.name)
            for segment in self
            if segment.mode == "snapshot"
        ]
        if reasons:
            raise UserError("\n".join(reasons))

    def action_freeze(self):
        self._check_can_freeze()
        self._action_take_snapshot()
        return True

    def _check_can_refresh(self):
        reasons = [
            self.env._(
                "Segment %(segment)s is dynamic: freeze it to take a snapshot.",
                segment=segment.name,
            )
            for segment in self
            if segment.mode != "snapshot"
        ]
        if reasons:
            raise UserError("\n".join(reasons))

    def action_refresh(self):
        self._check_can_refresh()
        self._action_take_snapshot()
        return True

    def _action_take_snapshot(self):
        now = fields.Datetime.now()
        for segment in self:
            members = self.env["res.partner"].search(segment._get_member_domain())
            segment._crm_transition_write(
                {
                    "mode": "snapshot",
                    "member_ids": [fields.Command.set(members.ids)],
                    "snapshot_date": now,
                }
            )
            segment.message_post(
                body=self.env._("Snapshot taken: %(count)s customers.", count=len(members))
            )

    def action_make_dynamic(self):
        self._check_can_refresh()
        self._crm_transition_write(
            {"mode": "dynamic", "member_ids": [fields.Command.clear()], "snapshot_date": False}
        )
        return True

    def action_view_members(self):
        self.ensure_one()
        if self.mode == "snapshot":
            domain = [("id", "in", self.member_ids.ids)]
        else:
            domain = list(self._get_member_domain())
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members of %(segment)s", segment=self.name),
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "domain": domain,
            "context": {"create": False},
        }

    def action_view_campaigns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_campaigns.crm_campaign_action")
        action["domain"] = [("segment_id", "=", self.id)]
        action["context"] = {"default_segment_id": self.id}
        return action
