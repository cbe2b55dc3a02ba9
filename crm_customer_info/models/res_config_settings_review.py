from odoo import models
from odoo.fields import Domain


class ResConfigSettings(models.TransientModel):
    """Move the next review date of the customers that follow the review interval setting."""

    _inherit = "res.config.settings"

    def set_values(self):
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        interval_before = Partner._get_default_review_interval()
        result = super().set_values()
        if Partner._get_default_review_interval() != interval_before:
            Partner.search(
                Partner._reviewed_customer_domain() & Domain("review_interval_days", "in", [0])
            )._recompute_next_review_date()
        return result
