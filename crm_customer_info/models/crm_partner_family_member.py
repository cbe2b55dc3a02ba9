from odoo import api, fields, models
from odoo.exceptions import ValidationError

RELATIONS = [
    ("spouse", "Spouse"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Sibling"),
    ("relative", "Other Relative"),
]


class CrmPartnerFamilyMember(models.Model):
    _name = "crm.partner.family.member"
    _description = "Family Member of a Customer"
    _order = "partner_id, sequence, id"

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
    interests = fields.Text(string="Interests and Hobbies")
    in_custody = fields.Boolean(
        string="In Custody", help="For children: the customer has custody."
    )
    education_views = fields.Text(
        string="Views on Education", help="For children: the customer's views on their education."
    )
    note = fields.Text()

    @api.depends("birthday")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for member in self:
            birthday = member.birthday
            member.age = (
                today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))
                if birthday
                else 0
            )

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
