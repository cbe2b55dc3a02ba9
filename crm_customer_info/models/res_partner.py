from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_workflow_mixin import cursor_state

SERVICE = "crm_customer_info.group_customer_service"

LIFECYCLE = [
    ("potential", "Potential Customer"),
    ("current", "Current Customer"),
    ("former", "Former Customer"),
]
# Reasons of grade changes being written, by partner id (on the cursor).
GRADE_REASON_KEY = "crm_grade_change_reason"
IMPORTANCE = [("important", "Important"), ("special", "Special"), ("general", "General")]


class ResPartner(models.Model):
    """Grade, lifecycle and completeness of every customer, and shared checks."""

    _inherit = "res.partner"

    # Key fields whose filling makes the completeness score, per customer type.
    _crm_completeness_person = [
        "phone",
        "email",
        "street",
        "city",
        "gender",
        "birthday",
        "native_place",
        "ethnicity_id",
        "education_level_id",
        "marital_status",
        "function",
        "hobbies",
        "personality",
        "grade_id",
        "source_id",
    ]
    _crm_completeness_company = [
        "phone",
        "email",
        "street",
        "city",
        "vat",
        "legal_representative",
        "registered_capital",
        "founding_date",
        "org_nature",
        "org_category",
        "industry_id",
        "staff_count",
        "business_scope",
        "main_products",
        "grade_id",
        "source_id",
    ]

    grade_id = fields.Many2one(
        "crm.customer.grade",
        string="Grade",
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        help="A: key customer, B: ordinary, C: non-priority.",
        # our internal classification of the customer: not for portal users,
        groups="base.group_user",
    )
    grade_color = fields.Integer(related="grade_id.color", groups="base.group_user")
    grade_history_ids = fields.One2many(
        "crm.customer.grade.history",
        "partner_id",
        string="Grade History",
        readonly=True,
        groups="base.group_user",
    )
    importance = fields.Selection(
        IMPORTANCE,
        tracking=True,
        help="Customer tier for service: important, special, general.",
        groups="base.group_user",
    )
    customer_state = fields.Selection(
        LIFECYCLE,
        string="Lifecycle",
        tracking=True,
        index=True,
        help="Potential, current or former customer: the three card types of the archive.",
        groups="base.group_user",
    )
    stop_trade_reason = fields.Text(
        string="Reason for Stopping Trade", tracking=True, groups="base.group_user"
    )
    stop_trade_date = fields.Date(
        string="Stopped Trading On", tracking=True, groups="base.group_user"
    )
    first_trade_date = fields.Date(string="First Trade On", groups="base.group_user")
    source_id = fields.Many2one(
        "crm.customer.source",
        string="Source Channel",
        ondelete="restrict",
        tracking=True,
        groups="base.group_user",
    )
    referrer_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        ondelete="set null",
        help="The customer or contact who introduced this customer.",
        groups="base.group_user",
    )
    developed_on = fields.Date(string="Developed On", groups="base.group_user")
    developer_id = fields.Many2one(
        "res.users",
        string="Developed By",
        ondelete="set null",
        help="The salesperson who won this customer.",
        groups="base.group_user",
    )
    visit_route = fields.Char(
        string="Visit Route",
        groups=SERVICE,
        help="The salesperson's route and this customer's place on it (客户路序).",
    )
    survey_date = fields.Date(string="Surveyed On", groups=SERVICE)
    survey_user_id = fields.Many2one(
        "res.users",
        string="Surveyed By",
        groups=SERVICE,
        ondelete="set null",
        help="Who filled in the customer survey card.",
    )
    survey_reviewer_id = fields.Many2one(
        "res.users",
        string="Survey Reviewed By",
        groups=SERVICE,
        ondelete="set null",
        help="Who checked the survey card (审核).",
    )
    profile_completeness = fields.Integer(
        string="Profile Completeness (%)",
        compute="_compute_profile_completeness",
        store=True,
        aggregator="avg",
        # Computed as superuser over restricted profile fields: it would tell
        # whoever reads it which of them are filled.
        groups="crm_customer_info.group_customer_service",
    )

    @api.depends(
        lambda self: sorted(
            set(self._crm_completeness_person)
            | set(self._crm_completeness_company)
            | {"is_company"}
        )
    )
    def _compute_profile_completeness(self):
        for partner in self:
            # Computed as superuser: the score must not depend on who saves.
            record = partner.sudo()
            names = (
                self._crm_completeness_company
                if partner.is_company
                else self._crm_completeness_person
            )
            filled = sum(1 for name in names if record[name])
            partner.profile_completeness = round(100 * filled / len(names))

    @api.constrains("customer_state", "stop_trade_date")
    def _check_stop_trade(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.stop_trade_date and partner.stop_trade_date > today:
                partner._raise_bad_value("stop_trade_date", "future")

    @api.constrains("survey_date")
    def _check_survey_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.survey_date and partner.survey_date > today:
                partner._raise_bad_value("survey_date", "future")

    @api.constrains("developed_on", "first_trade_date")
    def _check_lifecycle_dates(self):
        today = fields.Date.context_today(self)
        for partner in self:
            for fname in ("developed_on", "first_trade_date"):
                if partner[fname] and partner[fname] > today:
                    partner._raise_bad_value(fname, "future")

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        graded = partners.filtered("grade_id")
        if graded:
            graded._log_grade_change(dict.fromkeys(graded, False))
        return partners

    def write(self, vals):
        if "grade_id" not in vals:
            return super().write(vals)
        before = {partner: partner.grade_id for partner in self}
        result = super().write(vals)
        self._log_grade_change(before)
        return result

    def copy_data(self, default=None):
        # A copy is a new contact: what only some roles may see (the personal and
        # organisation profile, sensitive data) stays with the contact it describes,
        # and whoever may create a contact may duplicate one. Named in the defaults
        # so that they are not even read, then left out.
        default = dict(default or {})
        restricted = {name for name, field in self._fields.items() if field.groups} - set(default)
        vals_list = super().copy_data(dict.fromkeys(restricted, False) | default)
        return [
            vals and {name: value for name, value in vals.items() if name not in restricted}
            for vals in vals_list
        ]

    def _crm_write_with_grade_reason(self, vals, reason):
        """``write``, keeping ``reason`` in the grade history if the grade changes:
        the grade-change wizard, the ABC analysis and applied reports give one.
        The reason travels on the cursor, where no client can put one."""
        reasons = cursor_state(self.env.cr, GRADE_REASON_KEY, dict)
        reasons.update(dict.fromkeys(self.ids, reason))
        try:
            return self.write(vals)
        finally:
            for partner_id in self.ids:
                reasons.pop(partner_id, None)

    def _log_grade_change(self, before):
        reasons = cursor_state(self.env.cr, GRADE_REASON_KEY, dict)
        history = [
            {
                "partner_id": partner.id,
                "old_grade_id": old.id if old else False,
                "new_grade_id": partner.grade_id.id,
                "reason": reasons.get(partner.id) or False,
            }
            for partner, old in before.items()
            if partner.grade_id != old
        ]
        if history:
            self.env["crm.customer.grade.history"].sudo().create(history)

    # Shared helpers for clear, translated validation errors.
    def _field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    def _selection_label(self, fname, value):
        return dict(self._fields[fname]._description_selection(self.env)).get(value, value)

    def _raise_bad_value(self, fname, reason):
        messages = {
            "future": self.env._("%(field)s: %(value)s is in the future."),
            "before_birth": self.env._("%(field)s: %(value)s is not after the birthday."),
            "before_start": self.env._("%(field)s: %(value)s is before the start date."),
            "negative": self.env._("%(field)s: %(value)s cannot be negative."),
            "impossible": self.env._("%(field)s: %(value)s is not a possible value."),
            "percentage": self.env._("%(field)s: %(value)s is not between 0 and 100."),
            "huge": self.env._("%(field)s: %(value)s is too large to be a real figure."),
        }
        raise ValidationError(
            messages[reason] % {"field": self._field_label(fname), "value": self[fname]}
        )

    def action_open_grade_change(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_grade_change_wizard_action"
        )
        action["context"] = {"default_partner_ids": self.ids}
        return action
