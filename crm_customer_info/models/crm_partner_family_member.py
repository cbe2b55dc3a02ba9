from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_sensitive_mixin import SensitiveChar
from .res_partner_person import _validate_resident_id, age_on

RELATIONS = [
    ("spouse", "Spouse"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Sibling"),
    ("relative", "Other Relative"),
]


class CrmPartnerFamilyMember(models.Model):
    _name = "crm.partner.family.member"
    _inherit = ["crm.sensitive.mixin"]
    _description = "Family Member of a Customer"
    _order = "partner_id, sequence, id"
    # The customer's consent covers his family members' sensitive information.
    _crm_consent_path = "partner_id.consent_sensitive"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    relation = fields.Selection(RELATIONS, required=True, default="spouse")
    form_of_address = fields.Char(help="How the customer calls this person (称呼).")
    gender = fields.Selection([("male", "Male"), ("female", "Female")])
    birthday = fields.Date()
    age = fields.Integer(compute="_compute_age")
    blood_type = fields.Selection(
        [("a", "A"), ("b", "B"), ("ab", "AB"), ("o", "O"), ("other", "Other")]
    )
    education_level_id = fields.Many2one("crm.education.level", string="Education")
    school = fields.Char(help="School or university, for children in education.")
    employer = fields.Char(string="Employer / Unit")
    job_title = fields.Char(string="Position")
    phone = fields.Char()
    resident_id = SensitiveChar(
        string="Resident ID Number",
        copy=False,
        help="Sensitive personal information: needs the customer's separate consent.",
    )
    closeness = fields.Selection(
        [("closest", "Closest"), ("good", "Good"), ("normal", "Normal"), ("poor", "Poor")],
        help="How well the customer gets along with this family member.",
    )
    interests = fields.Text(string="Interests and Hobbies")
    in_custody = fields.Boolean(string="In Custody", help="For children: the customer has custody.")
    education_views = fields.Text(
        string="Views on Education", help="For children: the customer's views on their education."
    )
    note = fields.Text()

    @api.depends("birthday")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.age = age_on(member.birthday, today)

    @api.constrains("birthday")
    def _check_birthday(self):
        today = fields.Date.context_today(self)
        for member in self:
            if member.birthday and member.birthday > today:
                raise ValidationError(
                    self.env._(
                        "Family member %(name)s: the birthday %(value)s is in the future.",
                        name=member.name,
                        value=member.birthday,
                    )
                )

    @api.constrains("resident_id", "birthday", "gender")
    def _check_resident_id(self):
        for member in self.filtered("resident_id"):
            try:
                compact = _validate_resident_id(member.resident_id)
            except StdnumError:
                raise ValidationError(
                    self.env._(
                        "Family member %(name)s: %(value)s is not a valid resident ID number.",
                        name=member.name,
                        value=member.resident_id,
                    )
                ) from None
            gender = "male" if int(compact[16]) % 2 else "female"
            if (member.birthday and member.birthday != ric.get_birth_date(compact)) or (
                member.gender and member.gender != gender
            ):
                raise ValidationError(
                    self.env._(
                        "Family member %(name)s: the resident ID number %(value)s does not "
                        "match the birthday or gender.",
                        name=member.name,
                        value=member.resident_id,
                    )
                )
