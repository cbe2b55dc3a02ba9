import calendar
import logging
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

HOLIDAY_KINDS = [
    ("fixed", "Same Date Every Year"),
    ("dated", "Dated per Year"),
]


def anniversary_in_year(month, day, year):
    """The (month, day) anniversary in ``year``; 29 February falls on the
    28th in common years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, month, day)


class CrmCareHoliday(models.Model):
    """A holiday of the care calendar: either on the same Gregorian date every
    year (New Year's Day, National Day) or dated year by year (the lunar
    holidays: Spring Festival, Lantern, Dragon Boat, Mid-Autumn)."""

    _name = "crm.care.holiday"
    _description = "Care Holiday"
    _inherit = ["crm.mail.thread.lang", "mail.activity.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        copy=False,
        help="Short technical name, unique (for example spring_festival).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        HOLIDAY_KINDS,
        required=True,
        default="fixed",
        tracking=True,
        help="Lunar holidays move every year: give their Gregorian date year by year.",
    )
    month = fields.Integer(help="Month of a holiday on the same date every year (1-12).")
    day = fields.Integer(help="Day of the month of a holiday on the same date every year.")
    date_ids = fields.One2many("crm.care.holiday.date", "holiday_id", string="Dates")
    next_date = fields.Date(
        compute="_compute_next_date",
        help="Next occurrence from today; empty when the calendar has no date for it yet.",
    )
    dates_missing = fields.Boolean(
        string="Dates Missing",
        compute="_compute_dates_missing",
        search="_search_dates_missing",
        help="A holiday dated per year has no date for this year or the next one: care "
        "rules on it create nothing until the date is entered.",
    )
    date_warning_year = fields.Integer(
        string="Warned Up To",
        readonly=True,
        copy=False,
        help="Latest year for which campaign managers were told that the date is missing.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a holiday must be unique.")

    @api.constrains("kind", "month", "day")
    def _check_fixed_date(self):
        for holiday in self.filtered(lambda h: h.kind == "fixed"):
            try:
                # 2000 is a leap year: 29 February is a valid fixed date.
                date(2000, holiday.month, holiday.day)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "Holiday %(name)s: %(month)s/%(day)s is not a valid month and day.",
                        name=holiday.name,
                        month=holiday.month,
                        day=holiday.day,
                    )
                ) from None

    @api.depends("kind", "month", "day", "date_ids.date")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for holiday in self:
            upcoming = [
                day
                for year in (today.year, today.year + 1)
                if (day := holiday._date_in_year(year)) and day >= today
            ]
            holiday.next_date = min(upcoming, default=False)

    @api.depends("kind", "date_ids.year")
    def _compute_dates_missing(self):
        years = self._years_to_check()
        for holiday in self:
            holiday.dates_missing = holiday.kind == "dated" and bool(
                set(years) - set(holiday.date_ids.mapped("year"))
            )

    def _search_dates_missing(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        missing_ids = self.search([("kind", "=", "dated")]).filtered("dates_missing").ids
        if (operator == "in") == (True in value):
            return Domain("id", "in", missing_ids)
        return Domain("id", "not in", missing_ids)

    def _years_to_check(self):
        year = fields.Date.context_today(self).year
        return (year, year + 1)

    def _date_in_year(self, year):
        """The holiday's date in ``year``, or None when the calendar lacks it."""
        self.ensure_one()
        if self.kind == "fixed":
            return anniversary_in_year(self.month, self.day, year)
        dated = self.date_ids.filtered(lambda line: line.year == year)[:1]
        return dated.date if dated else None

    def _dates_between(self, start, end):
        """Dates of the holiday between ``start`` and ``end`` (both included)
        and the years of that span for which the calendar has no date."""
        self.ensure_one()
        dates, missing = [], []
        for year in range(start.year, end.year + 1):
            day = self._date_in_year(year)
            if day is None:
                missing.append(year)
            elif start <= day <= end:
                dates.append(day)
        return dates, missing

    def _warn_missing_dates(self, years):
        """Tell the campaign managers, once per holiday and year, that care
        rules on this holiday create nothing for ``years``: a scheduled
        activity for each of them and a message on the holiday."""
        self.ensure_one()
        years = sorted(years)
        _logger.warning(
            "Care holiday %s (%s) has no date for %s: no care occasions created for it.",
            self.code,
            self.id,
            ", ".join(map(str, years)),
        )
        if years[-1] <= self.date_warning_year:
            return False
        managers = self.env.ref("crm_campaigns.group_campaign_manager").sudo().all_user_ids
        managers = managers.filtered(lambda user: user.active and not user.share)
        holiday = self.sudo()
        holiday_lang = holiday._crm_in_reader_lang()
        holiday_lang.message_post(
            body=holiday_lang._missing_dates_note(years), partner_ids=managers.partner_id.ids
        )
        for user in managers:
            holiday_lang = holiday._crm_for_user(user)
            holiday_lang.activity_schedule(
                "crm_campaigns.mail_activity_type_care_holiday_date",
                summary=holiday_lang.env._(
                    "Enter the date of %(holiday)s for %(years)s",
                    holiday=holiday_lang.name,
                    years=", ".join(map(str, years)),
                ),
                note=holiday_lang._missing_dates_note(years),
                user_id=user.id,
            )
        holiday.date_warning_year = years[-1]
        return True

    def _missing_dates_note(self, years):
        """Why ``years`` have no occasions, in the language of ``self``'s env."""
        self.ensure_one()
        return self.env._(
            "The holiday calendar has no date of %(holiday)s for %(years)s. Care rules on "
            "this holiday create no occasions until the date is entered.",
            holiday=self.name,
            years=", ".join(map(str, years)),
        )
