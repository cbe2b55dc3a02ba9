from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmPartnerEducation(models.Model):
    _name = "crm.partner.education"
    _description = "Education History Entry"
    _order = "partner_id, date_start desc, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    school = fields.Char(required=True, help="From senior high school on.")
    level_id = fields.Many2one("crm.education.level", string="Level")
    major = fields.Char(string="Major / Main Courses")
    degree = fields.Char()
    date_start = fields.Date(string="From")
    date_end = fields.Date(string="To")
    outcome = fields.Selection(
        string="Graduation",
        selection=[
            ("graduated", "Graduated"),
            ("incomplete", "Did not complete"),
            ("studying", "Studying"),
        ],
        default="graduated",
    )
    honours = fields.Text(string="Awards and Honours")
    clubs_sports = fields.Char(string="Clubs and Sports", help="Societies and sports at school.")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for entry in self:
            if entry.date_start and entry.date_end and entry.date_end < entry.date_start:
                raise ValidationError(
                    self.env._(
                        "Education at %(school)s: the end date %(value)s is before the start date.",
                        school=entry.school,
                        value=entry.date_end,
                    )
                )
