import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

SERVICE = "crm_customer_info.group_customer_service"
# Field types a proposed value (typed as text) can be converted to.
PROPOSABLE_TYPES = {
    "char",
    "text",
    "selection",
    "date",
    "integer",
    "float",
    "monetary",
    "boolean",
    "many2one",
}
# Standard contact fields a salesperson may report changes of.
STANDARD_PROFILE_FIELDS = (
    "name",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "phone",
    "email",
    "website",
    "function",
    "vat",
    "industry_id",
    "title",
)
# Profile fields kept out of the reports: they change through their own flows
# (consents, reviews, anonymisation), each with its own log.
EXCLUDED_PROFILE_FIELDS = {
    "consent_email",
    "consent_sms",
    "consent_phone",
    "consent_post",
    "consent_sensitive",
    "crm_anonymised_date",
    "last_review_date",
    "review_interval_days",
}
# Comodels this small are matched on their full display name too.
SMALL_COMODEL = 300
TRUE_WORDS = {"1", "y", "yes", "true", "x", "是", "有", "对"}
FALSE_WORDS = {"0", "n", "no", "false", "否", "无", "没有"}


class CrmInfoReportLine(models.Model):
    """One proposed change of a customer profile field: the field, the value
    now and the value proposed, as text. It belongs to an information report,
    or to a visit report until the salesperson turns it into one."""

    _name = "crm.info.report.line"
    _description = "Proposed Profile Change"
    _inherit = ["crm.workflow.mixin", "crm.personal.data.mixin"]
    _crm_personal_text_fields = ("new_value", "old_value")
    # Recorded when the report is applied.
    _crm_protected_fields = frozenset({"old_value", "applied"})
    _order = "sequence, id"

    report_id = fields.Many2one(
        "crm.info.report", string="Information Report", index=True, ondelete="cascade"
    )
    visit_report_id = fields.Many2one(
        "crm.visit.report", string="Visit Report", index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_partner_id", store=True, index=True
    )
    field_name = fields.Selection(
        selection="_selection_field_name",
        string="Field",
        required=True,
        help="The profile field to change; only profile fields can be proposed.",
    )
    current_value = fields.Char(
        compute="_compute_current_value",
        help="The value on the customer now, as far as you may read it.",
    )
    new_value = fields.Text(
        string="Proposed Value",
        help="As text: a date as 2024-05-31, yes or no, a number, an option or a name as shown. "
        "Leave empty to clear the field.",
    )
    old_value = fields.Text(
        string="Value Before",
        readonly=True,
        copy=False,
        groups=SERVICE,
        help="The value the field had when the report was applied.",
    )
    applied = fields.Boolean(readonly=True, copy=False)

    _one_parent = models.Constraint(
        "CHECK((report_id IS NULL) <> (visit_report_id IS NULL))",
        "A proposed change belongs to exactly one information report or visit report.",
    )

    # ------------------------------------------------------------------
    # Fields that can be proposed
    # ------------------------------------------------------------------

    @api.model
    def _allowed_field_names(self):
        """Stored, editable res.partner fields of the profile (this module's
        fields and the standard contact fields), of a type a text converts to."""
        Partner = self.env["res.partner"]
        names = []
        for name, field in Partner._fields.items():
            if (
                name in EXCLUDED_PROFILE_FIELDS
                or field.type not in PROPOSABLE_TYPES
                or not field.store
                or field.compute
                or field.related
                or field.readonly
            ):
                continue
            if name in STANDARD_PROFILE_FIELDS or "crm_customer_info" in field._modules:
                names.append(name)
        return names

    @api.model
    def _selection_field_name(self):
        Partner = self.env["res.partner"]
        return sorted(
            (
                (name, Partner._fields[name]._description_string(self.env))
                for name in self._allowed_field_names()
            ),
            key=lambda option: option[1].lower(),
        )

    @api.depends("report_id.partner_id", "visit_report_id.partner_id")
    def _compute_partner_id(self):
        for line in self:
            line.partner_id = line.report_id.partner_id or line.visit_report_id.partner_id

    @api.depends("field_name", "partner_id")
    @api.depends_context("uid")
    def _compute_current_value(self):
        for line in self:
            line.current_value = line._partner_value_text(line.partner_id, line.field_name)

    def _partner_value_text(self, partner, fname):
        """The field's value as the current user may read it, as text."""
        if not partner or not fname:
            return False
        field = partner._fields[fname]
        if not partner._has_field_access(field, "read"):
            return self.env._("(hidden)")
        try:
            value = partner.read([fname])[0][fname]
        except AccessError:
            return self.env._("(hidden)")
        return self._format_value(field, value, partner)

    @api.model
    def _format_value(self, field, value, partner):
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if value is False or value is None or value == "":
            return False
        if field.type == "many2one":
            # read() gives (id, name)
            return value[1] if isinstance(value, tuple | list) else value.display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return fields.Date.to_string(value)
        return str(value)

    # ------------------------------------------------------------------
    # Conversion
    # ------------------------------------------------------------------

    def _convert_value(self):
        """The proposed text converted to the field's type, ready to write.

        :raise ValidationError: naming the field and what is expected
        """
        self.ensure_one()
        Partner = self.env["res.partner"]
        if self.field_name not in self._allowed_field_names():
            raise ValidationError(
                self.env._(
                    "%(field)s cannot be changed through a report.",
                    field=self.field_name or "?",
                )
            )
        field = Partner._fields[self.field_name]
        label = field._description_string(self.env)
        text = (self.new_value or "").strip()
        if not text:
            return False

        def bad(expected):
            return ValidationError(
                self.env._(
                    "%(field)s: %(value)s is not a valid value; %(expected)s",
                    field=label,
                    value=text,
                    expected=expected,
                )
            )

        if field.type in ("char", "text"):
            if field.size and len(text) > field.size:
                raise bad(self.env._("at most %(size)s characters.", size=field.size))
            return text
        if field.type == "boolean":
            word = text.lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise bad(self.env._("give yes or no."))
        if field.type == "integer":
            try:
                return int(text.replace(",", "").replace(" ", ""))
            except ValueError:
                raise bad(self.env._("give a whole number.")) from None
        if field.type in ("float", "monetary"):
            try:
                return float(text.replace(",", "").replace(" ", ""))
            except ValueError:
                raise bad(self.env._("give a number.")) from None
        if field.type == "date":
            normalised = re.sub(r"[/.年月]", "-", text).rstrip("日")
            try:
                return fields.Date.to_date(normalised)
            except ValueError:
                raise bad(self.env._("give a date as 2024-05-31.")) from None
        if field.type == "selection":
            options = field._description_selection(self.env)
            english = field._description_selection(self.env(context={"lang": "en_US"}))
            lowered = text.lower()
            for key, option_label in [*options, *english]:
                if lowered in (str(key).lower(), str(option_label).lower()):
                    return key
            raise bad(
                self.env._(
                    "choose one of: %(options)s.",
                    options=", ".join(option_label for __, option_label in options),
                )
            )
        if field.type == "many2one":
            Comodel = self.env[field.comodel_name]
            records = Comodel.search([("display_name", "=ilike", text)], limit=2)
            if not records and Comodel.search_count([], limit=SMALL_COMODEL + 1) <= SMALL_COMODEL:
                # Names shown with a code ("A · Key Customer") are not searchable.
                records = Comodel.search([]).filtered(
                    lambda record: (record.display_name or "").lower() == text.lower()
                )
            if not records:
                records = Comodel.search([("display_name", "ilike", text)], limit=2)
            if len(records) != 1:
                raise bad(
                    self.env._("give the exact name of one %(model)s.", model=Comodel._description)
                )
            return records.id
        raise bad(self.env._("this kind of field cannot be proposed."))

    def _check_values(self):
        """Every reason the proposed values cannot be written, one per line."""
        reasons = []
        for line in self:
            try:
                line._convert_value()
            except ValidationError as error:
                reasons.append(str(error.args[0]))
        return reasons

    # ------------------------------------------------------------------
    # Edits follow the parent report
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self.env["crm.info.report"].browse(
            {vals["report_id"] for vals in vals_list if vals.get("report_id")}
        )._check_reporter_can_edit()
        self.env["crm.visit.report"].browse(
            {vals["visit_report_id"] for vals in vals_list if vals.get("visit_report_id")}
        )._check_author_can_edit()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - self._crm_protected:
            self.report_id._check_reporter_can_edit()
            self.visit_report_id._check_author_can_edit()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if self.env.su:
            return
        self.report_id._check_reporter_can_edit()
        self.visit_report_id._check_author_can_edit()

    @api.constrains("field_name")
    def _check_field_name(self):
        allowed = set(self._allowed_field_names())
        for line in self:
            if line.field_name not in allowed:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be changed through a report.", field=line.field_name
                    )
                )

    def _describe(self):
        """``Label: value`` of each line, for messages."""
        Partner = self.env["res.partner"]
        return [
            self.env._(
                "%(field)s: %(value)s",
                field=Partner._fields[line.field_name]._description_string(self.env),
                value=(line.new_value or "").strip() or self.env._("(cleared)"),
            )
            for line in self
        ]
