from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_campaign import CHANNEL_CONSENT, EXCLUDED_STATUSES, SENT_TRACE_STATUSES

MEMBER_STATUSES = [
    ("pending", "Pending"),
    ("contacted", "Contacted"),
    ("responded", "Responded"),
    ("converted", "Converted"),
    ("no_consent", "No Consent"),
    ("opted_out", "Opted Out"),
]
# Progress of a member; no consent and opted out are outside of it.
STATUS_RANK = {"pending": 0, "contacted": 1, "responded": 2, "converted": 3}
OPT_OUT_REASONS = [
    ("blacklisted", "Blacklisted"),
    ("request", "Customer Request"),
    ("mailing", "Excluded by the Mailing"),
]
CONTACT_ACTIVITY = "crm_campaigns.mail_activity_type_campaign_contact"
# How far the member went, and what it brought: written only by the member
# buttons, the mailing-trace sync, the consent check and the conversion measure
# (crm.workflow.mixin). The campaign and the customer are given at creation.
PROTECTED_FIELDS = frozenset(
    {
        "campaign_id",
        "partner_id",
        "status",
        "opt_out_reason",
        "contact_date",
        "response_date",
        "conversion_date",
        "revenue",
        "lead_id",
    }
)
CREATE_FIELDS = frozenset({"campaign_id", "partner_id"})


class CrmCampaignMember(models.Model):
    """A customer targeted by a campaign, and how far he went: contacted,
    responded, converted (bought within the conversion window), or opted out."""

    _name = "crm.campaign.member"
    _description = "Campaign Member"
    _inherit = ["crm.mail.thread.lang", "mail.activity.mixin", "crm.workflow.mixin"]
    _order = "campaign_id desc, id"
    _crm_protected_fields = PROTECTED_FIELDS
    _crm_create_fields = CREATE_FIELDS

    campaign_id = fields.Many2one(
        "crm.campaign", string="Campaign", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    channel = fields.Selection(related="campaign_id.channel")
    campaign_state = fields.Selection(related="campaign_id.state", string="Campaign Status")
    user_id = fields.Many2one(related="campaign_id.user_id", string="Owner")
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    status = fields.Selection(
        MEMBER_STATUSES,
        required=True,
        default="pending",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    opt_out_reason = fields.Selection(
        OPT_OUT_REASONS,
        string="Opt-out Reason",
        readonly=True,
        copy=False,
        help="How the customer opted out.",
    )
    contact_date = fields.Date(string="Contacted On", readonly=True, copy=False)
    response_date = fields.Date(string="Responded On", readonly=True, copy=False)
    conversion_date = fields.Date(
        string="Converted On",
        readonly=True,
        copy=False,
        help="First invoice of the customer within the conversion window.",
    )
    revenue = fields.Monetary(
        readonly=True,
        copy=False,
        help="Untaxed invoices net of credit notes of the customer within the conversion "
        "window after the contact, in company currency.",
    )
    note = fields.Text(help="What the customer said, or how he was contacted.")
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", readonly=True, copy=False, ondelete="set null"
    )

    _campaign_partner_uniq = models.Constraint(
        "UNIQUE(campaign_id, partner_id)", "This customer is already a member of the campaign."
    )

    @api.depends("partner_id", "campaign_id")
    def _compute_display_name(self):
        for member in self:
            member.display_name = f"{member.campaign_id.name} - {member.partner_id.display_name}"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members._check_campaign_state({"plan", "running"})
        members._apply_eligibility()
        # Customers added to a running campaign are contacted like the others
        # (an email campaign's mailing picks them up when it is sent).
        members.filtered(
            lambda member: (
                member.status == "pending"
                and member.campaign_id.state == "running"
                and member.campaign_id.channel != "email"
            )
        )._schedule_contact_activities()
        return members

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started_campaign(self):
        started = self.filtered(lambda member: member.campaign_id.state != "plan")
        if started:
            raise UserError(
                self.env._(
                    "Members of a campaign that started are kept as its history: %(members)s.",
                    members=", ".join(started.mapped("display_name")),
                )
            )

    def _check_campaign_state(self, states):
        wrong = self.campaign_id.filtered(lambda campaign: campaign.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Customers can only be added to planned or running campaigns: %(campaigns)s.",
                    campaigns=", ".join(wrong.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Eligibility
    # ------------------------------------------------------------------
    def _get_eligibility_values(self):
        """Status and opt-out reason of the member on the campaign's channel, as
        the customer's consent and blacklist decide them now."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        channel = self.campaign_id.channel
        consent = CHANNEL_CONSENT.get(channel)
        if consent and not partner._crm_can_contact(consent):
            return {"status": "no_consent", "opt_out_reason": False}
        if (channel == "email" and partner.is_blacklisted) or (
            channel in ("sms", "phone") and partner.phone_sanitized_blacklisted
        ):
            return {"status": "opted_out", "opt_out_reason": "blacklisted"}
        return {"status": "pending", "opt_out_reason": False}

    def _is_decided_by_eligibility(self):
        """Pending members, and, before the campaign starts, the members its
        consent check excluded: their status follows the channel and consents."""
        self.ensure_one()
        if self.status == "pending":
            return True
        return self.campaign_id.state == "plan" and (
            self.status == "no_consent"
            or (self.status == "opted_out" and self.opt_out_reason == "blacklisted")
        )

    def _apply_eligibility(self):
        """Check the members against the consent of their campaign's current
        channel: pending members without it are excluded and, while the
        campaign is planned, excluded members who may now be contacted (the
        channel changed, the customer consented) are pending again."""
        updates = {}
        for member in self.filtered(lambda member: member._is_decided_by_eligibility()):
            values = member._get_eligibility_values()
            if (member.status, member.opt_out_reason) != (
                values["status"],
                values["opt_out_reason"],
            ):
                updates[member] = values
        self._write_grouped(updates)
        return True

    # ------------------------------------------------------------------
    # Batch updates from the campaign
    # ------------------------------------------------------------------
    @api.model
    def _write_grouped(self, updates):
        """Write {member: values} with one write per distinct values."""
        groups = defaultdict(lambda: self.browse())
        for member, values in updates.items():
            groups[tuple(sorted(values.items()))] |= member
        for values, members in groups.items():
            members._crm_transition_write(dict(values))

    def _prepare_trace_values(self, trace, response_statuses):
        """Values moving the member forward after a mailing trace, or {}."""
        self.ensure_one()
        if self.status in EXCLUDED_STATUSES:
            return {}
        if trace.trace_status == "cancel" and trace.failure_type in ("mail_bl", "mail_optout"):
            if self.status == "pending":
                return {"status": "opted_out", "opt_out_reason": "mailing"}
            return {}
        if trace.trace_status not in SENT_TRACE_STATUSES and not trace.sent_datetime:
            return {}
        values = {}
        status = "contacted"
        if not self.contact_date:
            values["contact_date"] = (trace.sent_datetime or trace.create_date).date()
        responded_on = [
            moment
            for key, moment in (
                (
                    "reply",
                    trace.reply_datetime or (trace.trace_status == "reply" and trace.create_date),
                ),
                ("click", trace.links_click_datetime),
                (
                    "open",
                    trace.open_datetime
                    or (trace.trace_status in ("open", "reply") and trace.create_date),
                ),
            )
            if key in response_statuses and moment
        ]
        if responded_on:
            status = "responded"
            if not self.response_date:
                values["response_date"] = min(responded_on).date()
        if STATUS_RANK[status] > STATUS_RANK[self.status]:
            values["status"] = status
        return values

    def _prepare_conversion_values(self, revenue, first_date):
        """Values after the revenue of the conversion window was measured, or {}."""
        self.ensure_one()
        if self.status == "pending" or self.status in EXCLUDED_STATUSES:
            return {"revenue": 0.0} if self.revenue else {}
        values = {}
        if self.currency_id.compare_amounts(revenue, self.revenue):
            values["revenue"] = revenue
        if self.currency_id.compare_amounts(revenue, 0) > 0:
            if self.status != "converted":
                values.update(status="converted", conversion_date=first_date)
        elif self.status == "converted":
            values.update(
                status="responded" if self.response_date else "contacted", conversion_date=False
            )
        return values

    # ------------------------------------------------------------------
    # Contact activities (channels other than email)
    # ------------------------------------------------------------------
    def _schedule_contact_activities(self):
        """One contact activity per member for the campaign owner, in one create."""
        if not self:
            return
        activity_type = self.env.ref(CONTACT_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        # In the owner's language, and so is Odoo's "assigned to you"
        # notification of the creation: one create per language.
        by_lang = self.grouped(lambda member: self._crm_lang_of(member.campaign_id.user_id))
        for lang, members in by_lang.items():
            self.env["mail.activity"].with_context(lang=lang).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": member.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": member.campaign_id.user_id.id,
                        "date_deadline": max(member.campaign_id.date_start, today),
                        "summary": member._contact_activity_summary(),
                    }
                    for member in members.with_context(lang=lang)
                ]
            )

    def _contact_activity_summary(self):
        """The channel and the campaign, in the language of ``self``'s env."""
        self.ensure_one()
        channels = dict(self.campaign_id._fields["channel"]._description_selection(self.env))
        return self.env._(
            "%(channel)s: %(campaign)s",
            channel=channels[self.campaign_id.channel],
            campaign=self.campaign_id.name,
        )

    def _unlink_contact_activities(self):
        if self:
            self.activity_unlink([CONTACT_ACTIVITY])

    def _set_contacted(self):
        """Pending members of running campaigns become contacted today."""
        pending = self.filtered(
            lambda member: member.status == "pending" and member.campaign_id.state == "running"
        )
        pending._crm_transition_write(
            {"status": "contacted", "contact_date": fields.Date.context_today(self)}
        )
        return pending

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _check_can_record(self, allowed_statuses, action_label):
        reasons = []
        for member in self:
            if member.campaign_id.state not in ("running", "done"):
                reasons.append(
                    self.env._(
                        "%(member)s: the campaign is not running.", member=member.display_name
                    )
                )
            elif member.status not in allowed_statuses:
                reasons.append(
                    self.env._(
                        "%(member)s: a %(status)s member cannot be marked %(action)s.",
                        member=member.display_name,
                        status=dict(MEMBER_STATUSES)[member.status].lower(),
                        action=action_label,
                    )
                )
        if reasons:
            raise UserError("\n".join(reasons))

    def action_mark_contacted(self):
        self._check_can_record({"pending"}, self.env._("contacted"))
        self._crm_transition_write(
            {"status": "contacted", "contact_date": fields.Date.context_today(self)}
        )
        # Marking the activity done records the contact in the chatter.
        self.activity_feedback([CONTACT_ACTIVITY])
        return True

    def action_mark_responded(self):
        self._check_can_record({"pending", "contacted"}, self.env._("responded"))
        today = fields.Date.context_today(self)
        for member in self:
            member._crm_transition_write(
                {
                    "status": "responded",
                    "contact_date": member.contact_date or today,
                    "response_date": today,
                }
            )
        self.activity_feedback([CONTACT_ACTIVITY])
        return True

    def action_mark_opted_out(self):
        self._check_can_record({"pending", "contacted", "responded"}, self.env._("opted out"))
        self._crm_transition_write({"status": "opted_out", "opt_out_reason": "request"})
        self._unlink_contact_activities()
        return True
