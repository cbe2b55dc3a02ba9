from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..models.crm_partner_review import REVIEW_OUTCOMES
from ..models.res_partner_review import REVIEW_ACTIVITY


class CrmPartnerReviewWizard(models.TransientModel):
    _name = "crm.partner.review.wizard"
    _description = "Close Customer Profile Review"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    profile_completeness = fields.Integer(related="partner_id.profile_completeness")
    outcome = fields.Selection(
        REVIEW_OUTCOMES, string="Review Outcome", required=True, default="unchanged"
    )
    note = fields.Text(help="Kept in the review log, which only customer service reads.")
    next_review_date = fields.Date(
        string="Next Review On",
        compute="_compute_next_review_date",
        help="The review is closed today; the next one follows the customer's interval.",
    )

    @api.depends("partner_id")
    def _compute_next_review_date(self):
        today = fields.Date.context_today(self)
        default_interval = self.env["res.partner"]._get_default_review_interval()
        for wizard in self:
            interval = wizard.partner_id.review_interval_days or default_interval
            wizard.next_review_date = today + timedelta(days=interval)

    def action_close_review(self):
        self.ensure_one()
        self.env["crm.partner.review"].check_access("create")
        self._check_can_close_review()
        self._action_close_review(self._prepare_review_values())
        return {"type": "ir.actions.act_window_close"}

    def _check_can_close_review(self):
        partner = self.partner_id
        reasons = []
        if partner.parent_id:
            reasons.append(
                self.env._(
                    "%(partner)s is a contact of %(company)s: review the company's profile.",
                    partner=partner.display_name,
                    company=partner.parent_id.display_name,
                )
            )
        if not partner.customer_state:
            reasons.append(
                self.env._(
                    "%(partner)s has no lifecycle: only customers are reviewed.",
                    partner=partner.display_name,
                )
            )
        if not partner.active:
            reasons.append(self.env._("%(partner)s is archived.", partner=partner.display_name))
        if self.outcome == "other" and not (self.note or "").strip():
            reasons.append(self.env._('Explain the outcome "Other" in the note.'))
        if reasons:
            raise UserError(
                self.env._("The review cannot be closed:\n%(reasons)s", reasons="\n".join(reasons))
            )

    def _prepare_review_values(self):
        partner = self.partner_id
        # The previous review is the baseline of this cycle.
        previous = self.env["crm.partner.review"].search(
            [("partner_id", "=", partner.id)], order="date desc, id desc", limit=1
        )
        completeness = partner.profile_completeness
        return {
            "partner_id": partner.id,
            "date": fields.Date.context_today(self),
            "reviewer_id": self.env.uid,
            "outcome": self.outcome,
            "note": self.note,
            "completeness_before": previous.completeness_after if previous else completeness,
            "completeness_after": completeness,
        }

    def _action_close_review(self, values):
        """Log the review, restart the cycle and close the review activity."""
        partner = self.partner_id
        review = self.env["crm.partner.review"].create(values)
        had_activity = bool(partner.activity_search([REVIEW_ACTIVITY], only_automated=False))
        partner.write({"last_review_date": review.date})
        # The chatter is readable by salespeople: the outcome goes there, not the note.
        summary = self.env._(
            "Profile review closed: %(outcome)s. Next review on %(date)s.",
            outcome=dict(self._fields["outcome"]._description_selection(self.env))[review.outcome],
            date=format_date(self.env, partner.next_review_date),
        )
        partner._update_review_activities(feedback=summary)
        if not had_activity:
            partner.message_post(body=summary)
        return review
