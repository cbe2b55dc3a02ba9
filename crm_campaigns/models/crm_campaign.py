from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, is_html_empty

CAMPAIGN_STATES = [
    ("plan", "Planned"),
    ("running", "Running"),
    ("done", "Done"),
    ("evaluated", "Evaluated"),
    ("cancelled", "Cancelled"),
]
CAMPAIGN_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("phone", "Phone"),
    ("visit", "Visit"),
    ("gift", "Gift"),
    ("event", "Event"),
    ("post", "Post"),
]
# Member statuses of customers who are not contacted (see crm_campaign_member).
EXCLUDED_STATUSES = ("no_consent", "opted_out")
# Marketing consent each channel needs; visits, gifts and events need none.
CHANNEL_CONSENT = {"email": "email", "sms": "sms", "phone": "phone", "post": "post"}
# Trace results that may count as a response (a setting picks them).
RESPONSE_STATUSES = ("reply", "click", "open")
RESPONSE_STATUSES_PARAM = "crm_campaigns.response_statuses"
DEFAULT_RESPONSE_STATUSES = "reply,click"
# Traces of mails that left the server.
SENT_TRACE_STATUSES = ("pending", "sent", "open", "reply")
# Figures frozen by the evaluation; written only by the campaign itself.
FIGURE_FIELDS = (
    "audience_count",
    "sent_count",
    "response_count",
    "response_rate",
    "conversion_count",
    "revenue",
    "roi",
    "roi_undefined",
)
# Written only by the campaign's transitions (crm.workflow.mixin): the state, the
# evaluation, the figures it freezes, and the mailing whose traces are its responses.
PROTECTED_FIELDS = frozenset(
    {"state", "evaluation_date", "evaluated_by_id", "mailing_id", "utm_campaign_id", *FIGURE_FIELDS}
)
MANAGER = "crm_campaigns.group_campaign_manager"


class CrmCampaign(models.Model):
    """A marketing campaign towards a segment of customers (or an explicit list),
    on one channel, whose response, conversions and return are measured."""

    _name = "crm.campaign"
    _description = "Customer Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.workflow.mixin"]
    _order = "date_start desc, id desc"
    _crm_protected_fields = PROTECTED_FIELDS

    name = fields.Char(required=True, tracking=True)
    objective = fields.Text(help="What the campaign should achieve, and for whom.")
    color = fields.Integer()
    segment_id = fields.Many2one(
        "crm.customer.segment",
        string="Segment",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="The customers targeted; Load Members adds them to the campaign.",
    )
    channel = fields.Selection(
        CAMPAIGN_CHANNELS,
        required=True,
        default="email",
        tracking=True,
        help="Email is sent as an email marketing mailing; the other channels create one "
        "activity per customer for the owner.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    budget = fields.Monetary(tracking=True, help="Planned spending, in company currency.")
    actual_cost = fields.Monetary(
        string="Actual Cost", tracking=True, help="What the campaign cost, in company currency."
    )
    date_start = fields.Date(
        string="Start Date", default=fields.Date.context_today, required=True, tracking=True
    )
    date_end = fields.Date(string="End Date", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Runs the campaign; the contact activities of the non-email channels are his.",
    )
    expected_response_rate = fields.Float(
        string="Expected Response Rate (%)",
        digits=(5, 2),
        help="Responses per customer reached that the campaign aims for.",
    )
    conversion_days = fields.Integer(
        string="Conversion Window (days)",
        default=30,
        required=True,
        help="Invoices of a customer within this many days after he was contacted count "
        "as the campaign's revenue.",
    )
    state = fields.Selection(
        CAMPAIGN_STATES,
        string="Status",
        required=True,
        default="plan",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand="_group_expand_states",
    )
    utm_campaign_id = fields.Many2one(
        "utm.campaign",
        string="UTM Campaign",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="Tags the mailing and the opportunities of the campaign.",
    )
    # Email content
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'res.partner')]",
        help="Subject and body of the mailing, unless given below.",
    )
    mail_subject = fields.Char(string="Email Subject")
    mail_body = fields.Html(string="Email Body", sanitize="email_outgoing")
    mailing_id = fields.Many2one(
        "mailing.mailing", string="Mailing", readonly=True, copy=False, ondelete="set null"
    )
    # Members
    member_ids = fields.One2many("crm.campaign.member", "campaign_id", string="Members", copy=False)
    member_count = fields.Integer(string="Member Count", compute="_compute_member_counts")
    opted_out_count = fields.Integer(string="Opted Out", compute="_compute_member_counts")
    lead_count = fields.Integer(string="Opportunities", compute="_compute_member_counts")
    # Figures, stored so that campaigns compare in pivots; frozen once evaluated.
    audience_count = fields.Integer(
        string="Audience Size",
        compute="_compute_figures",
        store=True,
        help="Members the campaign is meant to contact: every member but those excluded "
        "before any contact (no consent for the channel, opted out).",
    )
    sent_count = fields.Integer(
        string="Reached",
        compute="_compute_figures",
        store=True,
        help="Members contacted, responded or converted.",
    )
    response_count = fields.Integer(
        string="Responses",
        compute="_compute_figures",
        store=True,
        help="Members who responded or converted.",
    )
    response_rate = fields.Float(
        string="Response Rate (%)",
        compute="_compute_figures",
        store=True,
        digits=(5, 2),
        aggregator="avg",
        help="Responses (members who responded or converted) per member of the audience. "
        "Members still pending count as not responded: the rate grows while the campaign "
        "contacts its audience.",
    )
    conversion_count = fields.Integer(string="Conversions", compute="_compute_figures", store=True)
    revenue = fields.Monetary(
        compute="_compute_figures",
        store=True,
        help="Untaxed invoices net of credit notes of the members within the conversion "
        "window, in company currency.",
    )
    roi = fields.Float(
        string="ROI",
        compute="_compute_figures",
        store=True,
        digits=(16, 2),
        aggregator="avg",
        help="(Revenue - cost) / cost. Undefined, and shown as 0, without a cost.",
    )
    roi_undefined = fields.Boolean(
        string="ROI Undefined",
        compute="_compute_figures",
        store=True,
        help="The campaign has no cost: its return on investment cannot be computed.",
    )
    response_rate_gap = fields.Float(
        string="Response Rate vs Expected",
        compute="_compute_response_rate_gap",
        digits=(5, 2),
        help="Actual minus expected response rate, in points.",
    )
    evaluation_date = fields.Datetime(string="Evaluated On", readonly=True, copy=False)
    evaluated_by_id = fields.Many2one(
        "res.users", string="Evaluated By", readonly=True, copy=False, ondelete="set null"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("member_ids.status", "member_ids.lead_id")
    def _compute_member_counts(self):
        counts = defaultdict(lambda: defaultdict(int))
        for campaign, status, count in self.env["crm.campaign.member"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "status"], ["__count"]
        ):
            counts[campaign][status] = count
        leads = dict(
            self.env["crm.campaign.member"]._read_group(
                [("campaign_id", "in", self.ids), ("lead_id", "!=", False)],
                ["campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.member_count = sum(counts[campaign].values())
            campaign.opted_out_count = counts[campaign]["opted_out"]
            campaign.lead_count = leads.get(campaign, 0)

    @api.depends(
        "member_ids.status", "member_ids.contact_date", "member_ids.revenue", "actual_cost"
    )
    def _compute_figures(self):
        # Evaluated campaigns keep the figures stored when they were evaluated.
        live = self.filtered(lambda campaign: campaign.state != "evaluated" or not campaign.id)
        stats = defaultdict(lambda: defaultdict(int))
        audience = defaultdict(int)
        revenue = defaultdict(float)
        for campaign, status, count, contacted, amount in self.env[
            "crm.campaign.member"
        ]._read_group(
            [("campaign_id", "in", live.ids)],
            ["campaign_id", "status"],
            ["__count", "contact_date:count", "revenue:sum"],
        ):
            stats[campaign][status] = count
            # Excluded members count only when they were contacted before opting out.
            audience[campaign] += contacted if status in EXCLUDED_STATUSES else count
            revenue[campaign] += amount
        for campaign in live:
            counts = stats[campaign]
            responses = counts["responded"] + counts["converted"]
            sent = counts["contacted"] + responses
            cost = campaign.actual_cost
            campaign.audience_count = audience[campaign]
            campaign.sent_count = sent
            campaign.response_count = responses
            campaign.response_rate = (
                100.0 * responses / audience[campaign] if audience[campaign] else 0.0
            )
            campaign.conversion_count = counts["converted"]
            campaign.revenue = revenue[campaign]
            campaign.roi_undefined = campaign.currency_id.is_zero(cost)
            campaign.roi = 0.0 if campaign.roi_undefined else (revenue[campaign] - cost) / cost

    @api.model
    def _group_expand_states(self, states, domain):
        """Kanban columns in the order of the workflow; cancelled only when used."""
        return [state for state, __ in CAMPAIGN_STATES if state != "cancelled" or state in states]

    @api.depends("response_rate", "expected_response_rate")
    def _compute_response_rate_gap(self):
        for campaign in self:
            campaign.response_rate_gap = campaign.response_rate - campaign.expected_response_rate

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("budget", "actual_cost")
    def _check_amounts(self):
        for campaign in self:
            if campaign.budget < 0 or campaign.actual_cost < 0:
                raise ValidationError(
                    self.env._(
                        "Campaign %(campaign)s: the budget and the actual cost cannot be negative.",
                        campaign=campaign.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end and campaign.date_end < campaign.date_start:
                raise ValidationError(
                    self.env._(
                        "Campaign %(campaign)s ends before it starts.", campaign=campaign.name
                    )
                )

    @api.constrains("conversion_days")
    def _check_conversion_days(self):
        for campaign in self:
            if campaign.conversion_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Campaign %(campaign)s: the conversion window must last at least one day.",
                        campaign=campaign.name,
                    )
                )

    @api.constrains("expected_response_rate")
    def _check_expected_response_rate(self):
        for campaign in self:
            if not 0 <= campaign.expected_response_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "Campaign %(campaign)s: the expected response rate is a percentage "
                        "between 0 and 100.",
                        campaign=campaign.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        campaigns = super().create(vals_list)
        campaigns._create_utm_campaigns()
        return campaigns

    def write(self, vals):
        # Transitions move a campaign on; the rule below is for its users.
        if not self._crm_in_transition():
            self._check_locked_vals(vals)
        result = super().write(vals)
        if "name" in vals:
            self.utm_campaign_id.write({"title": vals["name"]})
        if "channel" in vals:
            # Members are checked against the consent of the new channel.
            self.member_ids._apply_eligibility()
        return result

    def _check_locked_vals(self, vals):
        # What defines the audience and the measure is fixed once the campaign runs.
        reasons = []
        planned_only = {"channel", "segment_id", "company_id"} & set(vals)
        if planned_only:
            reasons += [
                self.env._(
                    "Campaign %(campaign)s is no longer planned: its channel, segment and "
                    "company cannot change.",
                    campaign=campaign.name,
                )
                for campaign in self
                if campaign.state != "plan"
            ]
        measured = {"actual_cost", "conversion_days", "expected_response_rate"} & set(vals)
        if measured:
            reasons += [
                self.env._(
                    "Campaign %(campaign)s is evaluated: its cost, conversion window and "
                    "expected response rate are frozen.",
                    campaign=campaign.name,
                )
                for campaign in self
                if campaign.state == "evaluated"
            ]
        if reasons:
            raise UserError("\n".join(reasons))

    def _create_utm_campaigns(self):
        campaigns = self.filtered(lambda campaign: not campaign.utm_campaign_id)
        if not campaigns:
            return
        utm_campaigns = self.env["utm.campaign"].create(
            [{"title": campaign.name, "user_id": campaign.user_id.id} for campaign in campaigns]
        )
        for campaign, utm_campaign in zip(campaigns, utm_campaigns, strict=True):
            campaign._crm_transition_write({"utm_campaign_id": utm_campaign.id})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_running_or_evaluated(self):
        blocked = self.filtered(lambda campaign: campaign.state in ("running", "evaluated"))
        if blocked:
            raise UserError(
                self.env._(
                    "Running and evaluated campaigns cannot be deleted: %(campaigns)s. "
                    "Cancel a running campaign first.",
                    campaigns=", ".join(blocked.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _get_response_statuses(self):
        """Trace results counting as a response: a subset of reply, click, open."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(RESPONSE_STATUSES_PARAM, DEFAULT_RESPONSE_STATUSES)
        )
        return {status for status in value.split(",") if status in RESPONSE_STATUSES}

    # ------------------------------------------------------------------
    # Members
    # ------------------------------------------------------------------
    def _check_can_load_members(self):
        reasons = []
        for campaign in self:
            if campaign.state != "plan":
                reasons.append(
                    self.env._(
                        "Campaign %(campaign)s is no longer planned.", campaign=campaign.name
                    )
                )
            if not campaign.segment_id:
                reasons.append(
                    self.env._("Campaign %(campaign)s has no segment.", campaign=campaign.name)
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def action_load_members(self):
        self._check_can_load_members()
        self._action_load_members()
        return True

    def _action_load_members(self):
        """Check the members again against the consent of the campaign's
        channel, then add the segment's customers who are not members yet;
        those who cannot be contacted on the channel are added as excluded."""
        Member = self.env["crm.campaign.member"]
        for campaign in self:
            campaign.member_ids._apply_eligibility()
            # The segment is evaluated with the user's rights.
            partners = campaign.segment_id._get_members() - campaign.member_ids.partner_id
            members = Member.create(
                [{"campaign_id": campaign.id, "partner_id": partner.id} for partner in partners]
            )
            statuses = campaign.member_ids.mapped("status")
            campaign.message_post(
                body=self.env._(
                    "%(count)s members loaded from segment %(segment)s. Of the %(total)s "
                    "members, %(no_consent)s have no consent for the channel and "
                    "%(opted_out)s opted out.",
                    count=len(members),
                    segment=campaign.segment_id.name,
                    total=len(statuses),
                    no_consent=statuses.count("no_consent"),
                    opted_out=statuses.count("opted_out"),
                )
            )
        return True

    def _get_mailing_recipient_domain(self):
        """res.partner domain of the mailing's recipients, evaluated when the
        mailing is sent: members not opted out, still consenting, not blacklisted."""
        self.ensure_one()
        return [
            (
                "crm_campaign_member_ids",
                "any",
                [("campaign_id", "=", self.id), ("status", "not in", EXCLUDED_STATUSES)],
            ),
            ("consent_email", "=", True),
            ("is_blacklisted", "=", False),
        ]

    # ------------------------------------------------------------------
    # Start
    # ------------------------------------------------------------------
    def _check_can_start(self):
        reasons = []
        for campaign in self:
            if campaign.state != "plan":
                reasons.append(
                    self.env._("Campaign %(campaign)s is not planned.", campaign=campaign.name)
                )
            if not campaign.member_ids.filtered(lambda member: member.status == "pending"):
                reasons.append(
                    self.env._(
                        "Campaign %(campaign)s has no member to contact: load the members "
                        "of its segment or add customers.",
                        campaign=campaign.name,
                    )
                )
            if campaign.channel == "email":
                subject = campaign.mail_subject or campaign.mail_template_id.subject
                body = campaign.mail_body or campaign.mail_template_id.body_html
                if not subject:
                    reasons.append(
                        self.env._(
                            "Campaign %(campaign)s: the email has no subject.",
                            campaign=campaign.name,
                        )
                    )
                if is_html_empty(body):
                    reasons.append(
                        self.env._(
                            "Campaign %(campaign)s: the email has no body.",
                            campaign=campaign.name,
                        )
                    )
        if reasons:
            raise UserError("\n".join(reasons))

    def action_start(self):
        self._check_can_start()
        self._action_start()
        return True

    def _action_start(self):
        # Consents may have changed since the members were loaded.
        self.member_ids._apply_eligibility()
        for campaign in self:
            if campaign.channel == "email":
                campaign._create_mailing()
            else:
                campaign.member_ids.filtered(
                    lambda member: member.status == "pending"
                )._schedule_contact_activities()
        self._crm_transition_write({"state": "running"})

    def _prepare_mailing_values(self):
        self.ensure_one()
        template = self.mail_template_id
        return {
            "subject": self.mail_subject or template.subject,
            "body_arch": self.mail_body or template.body_html,
            "body_html": self.mail_body or template.body_html,
            "mailing_type": "mail",
            "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            "mailing_domain": repr(self._get_mailing_recipient_domain()),
            "campaign_id": self.utm_campaign_id.id,
            "user_id": self.user_id.id,
            "crm_campaign_id": self.id,
        }

    def _create_mailing(self):
        self.ensure_one()
        mailing = self.env["mailing.mailing"].create(self._prepare_mailing_values())
        self._crm_transition_write({"mailing_id": mailing.id})
        return mailing

    # ------------------------------------------------------------------
    # Done, evaluation, cancellation
    # ------------------------------------------------------------------
    def _check_can_done(self):
        reasons = [
            self.env._("Campaign %(campaign)s is not running.", campaign=campaign.name)
            for campaign in self
            if campaign.state != "running"
        ]
        if reasons:
            raise UserError("\n".join(reasons))

    def action_done(self):
        self._check_can_done()
        self._action_done()
        return True

    def _action_done(self):
        self._sync_mailing_responses()
        self._update_conversions()
        # Contacts not made by the end of the campaign will not be made.
        self.member_ids.filtered(
            lambda member: member.status == "pending"
        )._unlink_contact_activities()
        self._crm_transition_write({"state": "done"})

    def _check_can_evaluate(self):
        reasons = []
        if not self.env.user.has_group(MANAGER):
            reasons.append(self.env._("Only campaign managers evaluate campaigns."))
        reasons += [
            self.env._(
                "Campaign %(campaign)s is not done: only done campaigns are evaluated.",
                campaign=campaign.name,
            )
            for campaign in self
            if campaign.state != "done"
        ]
        if reasons:
            raise UserError("\n".join(reasons))

    def action_evaluate(self):
        self._check_can_evaluate()
        self._action_evaluate()
        return True

    def _action_evaluate(self):
        self._sync_mailing_responses()
        self._update_conversions()
        # Figures are computed now, before the state freezes them.
        self.flush_recordset(list(FIGURE_FIELDS))
        self._crm_transition_write(
            {
                "state": "evaluated",
                "evaluation_date": fields.Datetime.now(),
                "evaluated_by_id": self.env.user.id,
            }
        )

    def _check_can_cancel(self):
        reasons = [
            self.env._(
                "Campaign %(campaign)s can only be cancelled while planned or running.",
                campaign=campaign.name,
            )
            for campaign in self
            if campaign.state not in ("plan", "running")
        ]
        if reasons:
            raise UserError("\n".join(reasons))

    def action_cancel(self):
        self._check_can_cancel()
        self._action_cancel()
        return True

    def _action_cancel(self):
        unsent = self.mailing_id.filtered(lambda mailing: mailing.state in ("draft", "in_queue"))
        unsent.action_cancel()
        unsent.action_archive()
        self.member_ids._unlink_contact_activities()
        self._crm_transition_write({"state": "cancelled"})

    def _check_can_reset(self):
        reasons = []
        for campaign in self:
            if campaign.state != "cancelled":
                reasons.append(
                    self.env._("Campaign %(campaign)s is not cancelled.", campaign=campaign.name)
                )
            if campaign.sent_count:
                reasons.append(
                    self.env._(
                        "Campaign %(campaign)s already reached customers: copy it instead.",
                        campaign=campaign.name,
                    )
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def action_draft(self):
        self._check_can_reset()
        self._crm_transition_write({"state": "plan", "mailing_id": False})
        return True

    # ------------------------------------------------------------------
    # Responses from the mailing
    # ------------------------------------------------------------------
    def _sync_mailing_responses(self):
        """Report the mailing traces on the members: a sent mail makes the
        member contacted, a response (reply, click or open, as configured)
        responded; an address excluded by the blacklist or an opt-out makes
        him opted out, a consent withdrawn since the start no consent.
        Statuses only move forward."""
        campaigns = self.filtered(
            lambda campaign: (
                campaign.channel == "email"
                and campaign.mailing_id
                and campaign.state in ("running", "done")
            )
        )
        if not campaigns:
            return
        response_statuses = self._get_response_statuses()
        by_mailing = {campaign.mailing_id.id: campaign for campaign in campaigns}
        # Traces are the mailing's statistics, read as the campaign's own data.
        traces = (
            self.env["mailing.trace"]
            .sudo()
            .search_fetch(
                [
                    ("mass_mailing_id", "in", list(by_mailing)),
                    ("model", "=", "res.partner"),
                    ("is_test_trace", "=", False),
                ],
                [
                    "mass_mailing_id",
                    "res_id",
                    "trace_status",
                    "failure_type",
                    "sent_datetime",
                    "open_datetime",
                    "reply_datetime",
                    "links_click_datetime",
                    "create_date",
                ],
            )
        )
        members = {
            (member.campaign_id.id, member.partner_id.id): member
            for member in self.env["crm.campaign.member"].search(
                [("campaign_id", "in", campaigns.ids)]
            )
        }
        updates = {}
        for trace in traces:
            campaign = by_mailing[trace.mass_mailing_id.id]
            member = members.get((campaign.id, trace.res_id))
            if member:
                values = member._prepare_trace_values(trace, response_statuses)
                if values:
                    updates[member] = values
        self.env["crm.campaign.member"]._write_grouped(updates)
        # The mailing skipped members whose consent was withdrawn since the start.
        campaigns.member_ids._apply_eligibility()

    @api.model
    def _cron_sync_mailing_responses(self):
        campaigns = self.search(
            [
                ("state", "in", ("running", "done")),
                ("channel", "=", "email"),
                ("mailing_id", "!=", False),
            ]
        )
        self.env["ir.cron"]._commit_progress(remaining=len(campaigns))
        for campaign in campaigns:
            campaign._sync_mailing_responses()
            if not self.env["ir.cron"]._commit_progress(1):
                break

    # ------------------------------------------------------------------
    # Conversions
    # ------------------------------------------------------------------
    def _get_conversion_revenues(self):
        """{member id: (revenue, first invoice date)} of the contacted members of
        the campaigns: posted customer invoices minus credit notes (untaxed,
        company currency) of the member's commercial partner, dated within the
        conversion window after the contact, in one query."""
        if not self:
            return {}
        self.env["crm.campaign.member"].flush_model(
            ["campaign_id", "partner_id", "contact_date", "status"]
        )
        self.flush_model(["company_id", "conversion_days"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move"].flush_model(
            [
                "commercial_partner_id",
                "company_id",
                "state",
                "move_type",
                "invoice_date",
                "amount_untaxed_signed",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT member.id, SUM(move.amount_untaxed_signed), MIN(move.invoice_date)
                  FROM crm_campaign_member member
                  JOIN crm_campaign campaign ON campaign.id = member.campaign_id
                  JOIN res_partner partner ON partner.id = member.partner_id
                  JOIN account_move move
                    ON move.commercial_partner_id = partner.commercial_partner_id
                   AND move.company_id = campaign.company_id
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date >= member.contact_date
                   AND move.invoice_date <= member.contact_date + campaign.conversion_days
                 WHERE member.campaign_id IN %s
                   AND member.contact_date IS NOT NULL
                   AND member.status NOT IN %s
                 GROUP BY member.id
                """,
                tuple(self.ids),
                EXCLUDED_STATUSES,
            )
        )
        return {member_id: (amount or 0.0, first_date) for member_id, amount, first_date in rows}

    def _update_conversions(self):
        """Revenue of every member of the campaigns; a member with revenue is
        converted, one whose revenue vanished (credit note) goes back."""
        campaigns = self.filtered(lambda campaign: campaign.state in ("running", "done"))
        revenues = campaigns._get_conversion_revenues()
        updates = {}
        for member in campaigns.member_ids:
            revenue, first_date = revenues.get(member.id, (0.0, False))
            values = member._prepare_conversion_values(revenue, first_date)
            if values:
                updates[member] = values
        self.env["crm.campaign.member"]._write_grouped(updates)

    @api.model
    def _cron_update_conversions(self):
        campaigns = self.search([("state", "in", ("running", "done"))])
        self.env["ir.cron"]._commit_progress(remaining=len(campaigns))
        for campaign in campaigns:
            campaign._update_conversions()
            if not self.env["ir.cron"]._commit_progress(1):
                break

    def action_update_figures(self):
        """Button: sync the mailing and recompute conversions now."""
        self._sync_mailing_responses()
        self._update_conversions()
        return True

    # ------------------------------------------------------------------
    # Opportunities
    # ------------------------------------------------------------------
    def _get_responders_without_lead(self):
        return self.member_ids.filtered(
            lambda member: member.status in ("responded", "converted") and not member.lead_id
        )

    def _check_can_create_opportunities(self):
        reasons = []
        for campaign in self:
            if campaign.state not in ("running", "done", "evaluated"):
                reasons.append(
                    self.env._("Campaign %(campaign)s has not started.", campaign=campaign.name)
                )
            elif not campaign._get_responders_without_lead():
                reasons.append(
                    self.env._(
                        "Campaign %(campaign)s has no responder without an opportunity.",
                        campaign=campaign.name,
                    )
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def action_create_opportunities(self):
        self._check_can_create_opportunities()
        leads = self._action_create_opportunities()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s opportunities created.", count=len(leads)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _prepare_opportunity_values(self, member):
        self.ensure_one()
        return {
            "name": self.env._(
                "%(campaign)s: %(customer)s", campaign=self.name, customer=member.partner_id.name
            ),
            "type": "opportunity",
            "partner_id": member.partner_id.id,
            "campaign_id": self.utm_campaign_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "description": member.note,
        }

    def _action_create_opportunities(self):
        members = self._get_responders_without_lead()
        Lead = self.env["crm.lead"]
        # Marketing users hand responders over to sales without being salespeople
        # of the CRM app themselves.
        if not Lead.has_access("create"):
            Lead = Lead.sudo()
        leads = Lead.create(
            [member.campaign_id._prepare_opportunity_values(member) for member in members]
        )
        for member, lead in zip(members, leads, strict=True):
            member._crm_transition_write({"lead_id": lead.id})
        return leads

    # ------------------------------------------------------------------
    # Smart buttons and report
    # ------------------------------------------------------------------
    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_campaigns.crm_campaign_member_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id, "search_default_group_status": 1}
        return action

    def action_view_mailing(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": self.mailing_id.id,
            "view_mode": "form",
        }

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("id", "in", self.member_ids.lead_id.ids)]
        action["context"] = {"create": False}
        return action

    def _get_report_status_breakdown(self):
        """[(status label, members, revenue)] for the evaluation report."""
        self.ensure_one()
        groups = {
            status: (count, amount)
            for status, count, amount in self.env["crm.campaign.member"]._read_group(
                [("campaign_id", "=", self.id)], ["status"], ["__count", "revenue:sum"]
            )
        }
        labels = dict(
            self.env["crm.campaign.member"]._fields["status"]._description_selection(self.env)
        )
        return [(labels[status], *groups.get(status, (0, 0.0))) for status in labels]
