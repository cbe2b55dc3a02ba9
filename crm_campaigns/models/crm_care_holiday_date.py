from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCareHolidayDate(models.Model):
    """The Gregorian date of a holiday dated per year (a lunar holiday) in one year."""

    _name = "crm.care.holiday.date"
    _description = "Holiday Date in a Year"
    _order = "holiday_id, date"
    _rec_name = "date"

    holiday_id = fields.Many2one(
        "crm.care.holiday",
        string="Holiday",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("kind", "=", "dated")],
    )
    date = fields.Date(required=True)
    year = fields.Integer(compute="_compute_year", store=True, index=True)

    _holiday_year_uniq = models.Constraint(
        "UNIQUE(holiday_id, year)", "A holiday has only one date per year."
    )

    @api.depends("date")
    def _compute_year(self):
        for line in self:
            line.year = line.date.year if line.date else 0

    @api.constrains("holiday_id")
    def _check_holiday_kind(self):
        for line in self:
            if line.holiday_id.kind != "dated":
                raise ValidationError(
                    self.env._(
                        "%(holiday)s falls on the same date every year: it takes no dates "
                        "per year.",
                        holiday=line.holiday_id.name,
                    )
                )

    @api.depends("holiday_id", "date")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.holiday_id.name} {line.date or ''}".strip()
