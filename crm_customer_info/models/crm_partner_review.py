from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

REVIEW_OUTCOMES = [
    ("unchanged", "Confirmed Unchanged"),
    ("updated", "Profile Updated"),
    ("grade_changed", "Grade Changed"),
    ("lifecycle_changed", "Lifecycle Changed"),
    ("other", "Other"),
]


class CrmPartnerReview(models.Model):
    """One closed periodic review of a customer profile (seed 004, 动态管理).

    The log belongs to customer service: salespeople see the review dates on
    the customer, not what the reviewer wrote.
    """

    _name = "crm.partner.review"
    _description = "Customer Profile Review"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reviewer_id = fields.Many2one(
        "res.users",
        string="Reviewer",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
        help="Who checked the profile and closed the review.",
    )
    outcome = fields.Selection(
        REVIEW_OUTCOMES, string="Review Outcome", required=True, default="unchanged"
    )
    note = fields.Text()
    completeness_before = fields.Integer(
        string="Completeness Before (%)",
        aggregator="avg",
        help="Profile completeness when the previous review was closed: the baseline of "
        "this review cycle.",
    )
    completeness_after = fields.Integer(string="Completeness After (%)", aggregator="avg")

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for review in self:
            review.display_name = self.env._(
                "%(customer)s, %(date)s",
                customer=review.partner_id.display_name or "",
                date=format_date(self.env, review.date),
            )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for review in self:
            if review.date > today:
                raise ValidationError(
                    self.env._(
                        "A review cannot be dated in the future (%(date)s).",
                        date=format_date(self.env, review.date),
                    )
                )
