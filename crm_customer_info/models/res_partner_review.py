from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

SERVICE = "crm_customer_info.group_customer_service"
REVIEW_ACTIVITY = "crm_customer_info.mail_activity_type_profile_review"
REVIEW_INTERVAL_PARAM = "crm_customer_info.review_interval_days"
DEFAULT_REVIEW_INTERVAL = 60
MAX_REVIEW_INTERVAL = 3650
# Incomplete profiles first: they gain the most from a review.
REVIEW_ORDER = "profile_completeness asc, next_review_date asc, id asc"


class ResPartner(models.Model):
    """Periodic review of every customer profile.

    Seed 004, 动态管理: 定期(如二个月)开展客户档案全面修订核查工作.
    Only customers are reviewed: commercial partners (no parent) with a
    lifecycle. The dates and the reviewer are visible to salespeople; the
    review log is customer-service information.
    """

    _inherit = "res.partner"

    review_interval_days = fields.Integer(
        string="Review Interval (days)",
        help="Days between two reviews of this profile; 0 uses the interval of the settings.",
        groups="base.group_user",
    )
    last_review_date = fields.Date(
        string="Last Reviewed On", tracking=True, copy=False, groups="base.group_user"
    )
    next_review_date = fields.Date(
        string="Next Review On",
        compute="_compute_next_review_date",
        store=True,
        index=True,
        copy=False,
        help="Last review (or creation) plus the review interval.",
        groups="base.group_user",
    )
    review_due = fields.Boolean(
        string="Review Due",
        compute="_compute_review_due",
        search="_search_review_due",
        groups="base.group_user",
    )
    reviewer_id = fields.Many2one(
        "res.users",
        string="Reviewer",
        compute="_compute_reviewer_id",
        store=True,
        readonly=False,
        tracking=True,
        index="btree_not_null",
        ondelete="set null",
        domain="[('share', '=', False)]",
        help="Responsible for the periodic review; follows the salesperson unless changed.",
        groups="base.group_user",
    )
    review_ids = fields.One2many(
        "crm.partner.review", "partner_id", string="Reviews", readonly=True, groups=SERVICE
    )

    @api.depends(
        "parent_id", "customer_state", "create_date", "last_review_date", "review_interval_days"
    )
    def _compute_next_review_date(self):
        default_interval = self._get_default_review_interval()
        for partner in self:
            start = partner.last_review_date or (partner.create_date and partner.create_date.date())
            if not start or not partner._is_reviewed_customer():
                partner.next_review_date = False
                continue
            interval = partner.review_interval_days or default_interval
            partner.next_review_date = start + timedelta(days=interval)

    @api.depends("next_review_date")
    def _compute_review_due(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.review_due = bool(partner.next_review_date) and (
                partner.next_review_date <= today
            )

    def _search_review_due(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        due = Domain("next_review_date", "<=", today)
        not_due = Domain("next_review_date", "=", False) | Domain("next_review_date", ">", today)
        return Domain.OR(due if flag else not_due for flag in value)

    @api.depends("user_id")
    def _compute_reviewer_id(self):
        for partner in self:
            partner.reviewer_id = partner.user_id or partner.reviewer_id

    @api.constrains("review_interval_days")
    def _check_review_interval_days(self):
        for partner in self:
            if partner.review_interval_days < 0:
                partner._raise_bad_value("review_interval_days", "negative")
            if partner.review_interval_days > MAX_REVIEW_INTERVAL:
                partner._raise_bad_value("review_interval_days", "impossible")

    @api.model
    def _get_default_review_interval(self):
        value = self.env["ir.config_parameter"].sudo().get_param(REVIEW_INTERVAL_PARAM)
        try:
            interval = int(value)
        except (TypeError, ValueError):
            return DEFAULT_REVIEW_INTERVAL
        return interval if 0 < interval <= MAX_REVIEW_INTERVAL else DEFAULT_REVIEW_INTERVAL

    def _is_reviewed_customer(self):
        self.ensure_one()
        return not self.parent_id and bool(self.customer_state)

    @api.model
    def _reviewed_customer_domain(self):
        return Domain("parent_id", "=", False) & Domain("customer_state", "!=", False)

    def _recompute_next_review_date(self):
        """Follow a new interval in the settings; called when it changes."""
        self.env.add_to_compute(self._fields["next_review_date"], self)
        self._recompute_recordset(["next_review_date"])

    def action_open_review_close(self):
        self.ensure_one()
        # Closing a review writes the customer-service log.
        self.env["crm.partner.review"].check_access("create")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_partner_review_wizard_action"
        )
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def _update_review_activities(self, feedback=None):
        """Keep the "Profile Review" activity in line with each partner's review state.

        Due customers without an open review activity get one, in the order of
        ``self``; reviewed customers have theirs marked done (with
        ``feedback``); partners that are no longer reviewed lose it.

        :return: the activities planned, in the order of ``self``
        """
        activity_type = self.env.ref(REVIEW_ACTIVITY, raise_if_not_found=False)
        Activity = self.env["mail.activity"]
        if not activity_type or not self:
            return Activity
        # One query for the whole batch; done activities are archived, so do not count.
        open_partner_ids = {
            res_id
            for [res_id] in Activity._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                groupby=["res_id"],
            )
        }
        to_plan = []
        to_done = to_unlink = self.browse()
        for partner in self:
            has_open = partner.id in open_partner_ids
            if not partner._is_reviewed_customer():
                if has_open:
                    to_unlink |= partner
            elif partner.review_due:
                user = partner.reviewer_id or partner.user_id or activity_type.default_user_id
                if not has_open and user:
                    to_plan.append((partner, user))
            elif has_open:
                to_done |= partner

        # Batched actions
        planned = Activity
        if to_plan:
            model_id = self.env["ir.model"]._get_id(self._name)
            # Quick update: no e-mail per activity, the reviewers see them in their to-do list.
            # In each reviewer's language, whoever plans them (the daily job).
            texts = {
                user: self._crm_activity_type_texts(activity_type, self._crm_lang_of(user))
                for user in {user for _partner, user in to_plan}
            }
            planned = Activity.with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "activity_type_id": activity_type.id,
                        "summary": texts[user][0],
                        "note": texts[user][1],
                        "automated": True,
                        "date_deadline": partner.next_review_date,
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "user_id": user.id,
                    }
                    for partner, user in to_plan
                ]
            )
        if to_done:
            to_done.activity_feedback([REVIEW_ACTIVITY], feedback=feedback, only_automated=False)
        if to_unlink:
            to_unlink.activity_unlink([REVIEW_ACTIVITY], only_automated=False)
        return planned

    @api.model
    def _review_cron_domain(self, activity_type):
        """Due customers that have no open review activity and someone to review them."""
        domain = (
            self._reviewed_customer_domain()
            & Domain("review_due", "=", True)
            & Domain(
                "activity_ids",
                "not any",
                [("res_model", "=", self._name), ("activity_type_id", "=", activity_type.id)],
            )
        )
        if not activity_type.default_user_id:
            domain &= Domain("reviewer_id", "!=", False) | Domain("user_id", "!=", False)
        return domain

    @api.model
    def _cron_review_profiles(self, batch_size=100):
        """Plan a review activity for every due customer, least complete profiles first.

        Each batch is committed, so a run that stops (time limit, crash)
        resumes where it left off: the customers handled have an open activity
        and drop out of the domain.
        """
        activity_type = self.env.ref(REVIEW_ACTIVITY, raise_if_not_found=False)
        if not activity_type:
            return
        # One search per run: searching the domain again for each batch scans
        # the due customers every time, quadratic in their number (make bench).
        due_ids = self.search(self._review_cron_domain(activity_type), order=REVIEW_ORDER).ids
        for start in range(0, len(due_ids), batch_size):
            partners = self.browse(due_ids[start : start + batch_size])
            planned = partners._update_review_activities()
            remaining = len(due_ids) - start - len(partners)
            time_left = self.env["ir.cron"]._commit_progress(len(planned), remaining=remaining)
            # Nothing planned means the domain and the planning disagree: do not loop on it.
            if not planned or not time_left:
                break
