from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PLAN_STATES = [
    ("draft", "Draft"),
    ("shared", "Shared for Comments"),
    ("approved", "Approved"),
    ("closed", "Closed"),
]
# Only the transitions write these (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset({"state", "approved_by_id", "approved_date"})
CAMPAIGN_USER = "crm_campaigns.group_campaign_user"
CAMPAIGN_MANAGER = "crm_campaigns.group_campaign_manager"


class CrmAccountPlan(models.Model):
    """客户计划 of a key account (seed 001, 客户计划的制订): a) summary,
    b) customer profile, c) competitors, d) assessment of the relationship
    (SWOT), e) the account strategy as objectives with action plans. It is
    shared with the core team for comments, then approved by the executive
    sponsor or a campaign manager."""

    _name = "crm.account.plan"
    _description = "Key-Account Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _crm_protected_fields = PROTECTED_FIELDS
    # Core team members comment in the chatter with read access only.
    _mail_post_access = "read"

    name = fields.Char(required=True, tracking=True, index="trigram")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    sponsor_id = fields.Many2one(
        "res.users",
        string="Executive Sponsor",
        tracking=True,
        domain=[("share", "=", False)],
        help="Senior manager who supports the account (行政支持者) and approves the plan.",
    )
    team_user_ids = fields.Many2many(
        "res.users",
        "crm_account_plan_team_rel",
        "plan_id",
        "user_id",
        string="Core Team",
        domain=[("share", "=", False)],
        help="Everyone involved with the customer: account team, sales and operations "
        "managers, project and customer service managers. They are asked for comments "
        "when the plan is shared.",
    )
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="End", tracking=True)
    state = fields.Selection(
        PLAN_STATES,
        string="Status",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        default="draft",
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    approved_date = fields.Date(readonly=True, copy=False)

    # a) Plan summary
    summary = fields.Html(
        string="Plan Summary",
        help="Overall purpose and direction, the account objectives and the main conclusions: "
        "the customer's potential, what the account manager wants to reach and how.",
    )
    # b) Customer profile
    key_persons = fields.Text(string="Key Persons")
    key_contact_ids = fields.Many2many(
        "res.partner",
        "crm_account_plan_key_contact_rel",
        "plan_id",
        "partner_id",
        string="Key Contacts",
        domain="[('parent_id', '=', partner_id)]",
    )
    customer_products = fields.Text(string="Products")
    customer_location = fields.Text(string="Location")
    customer_market = fields.Text(string="Market")
    customer_strategy = fields.Text(string="Strategy")
    customer_trends = fields.Text(string="Trends")
    customer_needs = fields.Text(
        string="Needs", help="Past, present and expressed needs of the customer."
    )
    # c) Competitors
    competitor_ids = fields.One2many("crm.account.plan.competitor", "plan_id", string="Competitors")
    # d) Assessment of our position
    relationship_history = fields.Text(string="Relationship History")
    current_business = fields.Text(string="Current Business")
    our_strengths = fields.Text(string="Strengths")
    our_weaknesses = fields.Text(string="Weaknesses")
    opportunities = fields.Text()
    threats = fields.Text()
    # e) Account strategy
    objective_ids = fields.One2many("crm.account.plan.objective", "plan_id", string="Objectives")
    action_ids = fields.One2many("crm.account.plan.action", "plan_id", string="Actions")
    progress = fields.Float(
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="Share of the plan's actions that are done (cancelled actions do not count).",
    )
    action_count = fields.Integer(compute="_compute_action_counts")
    overdue_action_count = fields.Integer(compute="_compute_action_counts")

    @api.depends("action_ids.status")
    def _compute_progress(self):
        for plan in self:
            plan.progress = plan.action_ids._progress()

    def _compute_action_counts(self):
        Action = self.env["crm.account.plan.action"]
        domain = [("plan_id", "in", self.ids)]
        total = dict(Action._read_group(domain, ["plan_id"], ["__count"]))
        overdue = dict(
            Action._read_group([*domain, ("is_overdue", "=", True)], ["plan_id"], ["__count"])
        )
        for plan in self:
            plan.action_count = total.get(plan, 0)
            plan.overdue_action_count = overdue.get(plan, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._("Key-account plan %(plan)s ends before it starts.", plan=plan.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans._subscribe_team()
        return plans

    def write(self, vals):
        if not self._crm_in_transition():
            # A protected field is refused as such, even on a closed plan.
            if changed := self._crm_protected_changes(vals):
                self._crm_raise_protected(changed)
            if not self.env.su:
                self._check_open()
        result = super().write(vals)
        if {"user_id", "sponsor_id", "team_user_ids"}.intersection(vals) and self.filtered(
            lambda plan: plan.state != "draft"
        ):
            self.filtered(lambda plan: plan.state != "draft")._subscribe_team()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(
                self.env._("Only draft key-account plans can be deleted; close the others.")
            )

    def unlink(self):
        # The plan's own refusals first, so that they are the ones the user reads.
        self.check_access("unlink")
        self._unlink_except_draft()
        # Lines next, through the ORM: the database cascade alone leaves the
        # actions' stored plan fields pending in the cache.
        self.action_ids.unlink()
        self.objective_ids.unlink()
        return super().unlink()

    def _check_open(self):
        closed = self.filtered(lambda plan: plan.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Closed key-account plans cannot be changed: %(plans)s",
                    plans=", ".join(closed.mapped("name")),
                )
            )

    def _subscribe_team(self):
        for plan in self:
            users = plan.user_id | plan.sponsor_id | plan.team_user_ids
            plan.message_subscribe(partner_ids=users.partner_id.ids)

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def _raise_reasons(self, message, reasons):
        self._crm_raise_if_reasons(message, [f"- {reason}" for reason in reasons])

    def action_share(self):
        self._check_can_share()
        self._action_share()
        return True

    def _check_can_share(self):
        self.check_access("write")
        reasons = []
        for plan in self:
            if plan.state != "draft":
                reasons.append(self.env._("%(plan)s is not a draft", plan=plan.name))
            if not plan.summary or not plan.summary.striptags().strip():
                reasons.append(self.env._("%(plan)s has no plan summary", plan=plan.name))
            if not plan.objective_ids:
                reasons.append(self.env._("%(plan)s has no objective", plan=plan.name))
            if not plan.team_user_ids and not plan.sponsor_id:
                reasons.append(
                    self.env._(
                        "%(plan)s has neither a core team nor an executive sponsor to share "
                        "it with",
                        plan=plan.name,
                    )
                )
        self._raise_reasons(self.env._("The plan cannot be shared:"), reasons)

    def _action_share(self):
        self._crm_transition_write({"state": "shared"})
        self._subscribe_team()
        for plan in self:
            users = (plan.sponsor_id | plan.team_user_ids) - self.env.user
            plan.message_post(
                body=self.env._(
                    "The plan is shared with the core team: please comment on it before it is "
                    "submitted for approval."
                ),
                partner_ids=users.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def action_approve(self):
        self._check_can_approve()
        self._action_approve()
        return True

    def _check_can_approve(self):
        self.check_access("read")
        reasons = []
        is_manager = self.env.user.has_group(CAMPAIGN_MANAGER)
        for plan in self:
            if plan.state != "shared":
                reasons.append(
                    self.env._("%(plan)s has not been shared with the core team", plan=plan.name)
                )
            if not is_manager and plan.sponsor_id != self.env.user:
                reasons.append(
                    self.env._(
                        "only the executive sponsor or a campaign manager approves %(plan)s",
                        plan=plan.name,
                    )
                )
            empty = plan.objective_ids.filtered(lambda objective: not objective.action_ids)
            if not plan.objective_ids or empty:
                reasons.append(
                    self.env._(
                        "every objective of %(plan)s needs at least one action", plan=plan.name
                    )
                )
        self._raise_reasons(self.env._("The plan cannot be approved:"), reasons)

    def _prepare_approve_values(self):
        return {
            "state": "approved",
            "approved_by_id": self.env.user.id,
            "approved_date": fields.Date.context_today(self),
        }

    def _action_approve(self):
        # The executive sponsor may have read access only: the access rights, not
        # the workflow guard, need sudo here; _check_can_approve decided.
        self.sudo()._crm_transition_write(self._prepare_approve_values())

    def action_close(self):
        reasons = [
            self.env._("%(plan)s is not approved", plan=plan.name)
            for plan in self
            if plan.state != "approved"
        ]
        self._raise_reasons(self.env._("The plan cannot be closed:"), reasons)
        self._crm_transition_write({"state": "closed"})
        return True

    def action_draft(self):
        reasons = [
            self.env._("%(plan)s is neither shared nor approved", plan=plan.name)
            for plan in self
            if plan.state not in ("shared", "approved")
        ]
        self._raise_reasons(self.env._("The plan cannot go back to draft:"), reasons)
        self._crm_transition_write(
            {"state": "draft", "approved_by_id": False, "approved_date": False}
        )
        return True

    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_campaigns.crm_account_plan_action_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"search_default_filter_open": 1}
        return action

    def action_view_overdue_actions(self):
        action = self.action_view_actions()
        action["context"] = {"search_default_filter_overdue": 1}
        return action
