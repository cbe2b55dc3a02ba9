from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmPartnerEmployment(models.Model):
    _name = "crm.partner.employment"
    _description = "Work History Entry"
    _order = "partner_id, date_start desc, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    employer = fields.Char(required=True, string="Employer")
    employer_address = fields.Char()
    occupation = fields.Char(help="Occupation (从事职业).")
    job_title = fields.Char(string="Position")
    date_start = fields.Date(string="From")
    date_end = fields.Date(string="To", help="Empty for the current employer.")
    is_current = fields.Boolean(compute="_compute_is_current", store=True, string="Current")
    note = fields.Text()

    @api.depends("date_end")
    def _compute_is_current(self):
        for entry in self:
            entry.is_current = not entry.date_end

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for entry in self:
            if entry.date_start and entry.date_end and entry.date_end < entry.date_start:
                raise ValidationError(
                    self.env._(
                        "Work at %(employer)s: the end date %(value)s is before the start date.",
                        employer=entry.employer,
                        value=entry.date_end,
                    )
                )
