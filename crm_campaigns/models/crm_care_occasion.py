import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_care_rule import (
    CARE_ACTIONS,
    FAMILY_RELATIONS,
    OCCASION_TYPES,
    PERSONAL_OCCASION_TYPES,
    SERVICE,
)

_logger = logging.getLogger(__name__)

OCCASION_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# Written by the care actions, the buttons and the daily job only (crm.workflow.mixin);
# the rule is given at creation and kept: it decides who may read the occasion.
PROTECTED_FIELDS = frozenset({"state", "done_date", "mail_sent", "rule_id"})


class CrmCareOccasion(models.Model):
    """One care occasion: a rule met a person (the customer, or the spouse
    or child of the customer) in one year. Exactly one per rule, person and
    year, guaranteed by a unique index.

    Occasions on a personal date (birthdays, anniversaries) tell that date:
    only customer service reads them (record rules); campaign users read the
    holiday occasions."""

    _name = "crm.care.occasion"
    _description = "Customer Care Occasion"
    _inherit = ["crm.mail.thread.lang", "mail.activity.mixin", "crm.workflow.mixin"]
    _order = "occasion_date desc, id desc"
    _check_company_auto = True
    _crm_protected_fields = PROTECTED_FIELDS
    _crm_create_fields = frozenset({"rule_id"})

    rule_id = fields.Many2one(
        "crm.care.rule",
        string="Care Rule",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    family_member_id = fields.Many2one(
        "crm.partner.family.member",
        string="Family Member",
        index="btree_not_null",
        ondelete="cascade",
        groups=SERVICE,
        help="For the birthday of the customer's spouse or child.",
    )
    # Read as superuser, so as restricted as its source; not a related field,
    # which Odoo would let anybody sort by.
    family_member_name = fields.Char(
        string="Family Member Name",
        compute="_compute_family_member_name",
        compute_sudo=True,
        groups=SERVICE,
    )
    occasion_type = fields.Selection(
        OCCASION_TYPES,
        string="Occasion",
        compute="_compute_from_rule",
        store=True,
        precompute=True,
        readonly=True,
        index=True,
    )
    care_action = fields.Selection(
        CARE_ACTIONS,
        compute="_compute_from_rule",
        store=True,
        precompute=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_from_rule",
        store=True,
        precompute=True,
        readonly=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_from_rule",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
    )
    occasion_date = fields.Date(required=True, tracking=True, string="Date")
    year = fields.Integer(
        compute="_compute_year", store=True, precompute=True, readonly=True, aggregator=False
    )
    action_date = fields.Date(
        compute="_compute_action_date",
        store=True,
        precompute=True,
        readonly=False,
        help="When the care action is due: the rule's days before the occasion.",
    )
    state = fields.Selection(
        OCCASION_STATES,
        string="Status",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        default="planned",
    )
    done_date = fields.Date(readonly=True, copy=False)
    mail_sent = fields.Boolean(string="Email Sent", readonly=True, copy=False)
    gift_description = fields.Char(string="Gift")
    currency_id = fields.Many2one(related="company_id.currency_id")
    gift_cost = fields.Monetary(string="Gift Cost", currency_field="currency_id")
    gift_delivered = fields.Boolean(string="Gift Delivered", copy=False, tracking=True)
    note = fields.Text()

    _rule_person_year_uniq = models.UniqueIndex(
        "(rule_id, partner_id, COALESCE(family_member_id, 0), year)",
        "A care rule gives one occasion per person and year.",
    )

    @api.depends("rule_id")
    def _compute_from_rule(self):
        for occasion in self:
            rule = occasion.rule_id
            occasion.occasion_type = rule.occasion_type
            occasion.care_action = rule.action
            occasion.company_id = rule.company_id
            occasion.user_id = rule.user_id

    @api.depends("family_member_id.name")
    def _compute_family_member_name(self):
        for occasion in self:
            occasion.family_member_name = occasion.family_member_id.name

    @api.depends("occasion_date")
    def _compute_year(self):
        for occasion in self:
            occasion.year = occasion.occasion_date.year if occasion.occasion_date else 0

    @api.depends("occasion_date", "rule_id")
    def _compute_action_date(self):
        for occasion in self:
            occasion.action_date = occasion.occasion_date and occasion.occasion_date - timedelta(
                days=occasion.rule_id.days_before
            )

    @api.depends("rule_id", "partner_id", "family_member_id", "occasion_date", "occasion_type")
    @api.depends_context("uid")
    def _compute_display_name(self):
        # Also computed as superuser for a user who may not read the occasion
        # (the records listed by an access error in debug mode): the person and
        # the personal date only for the users who read them.
        personal_readable = self.env.user.has_group(SERVICE)
        for occasion in self:
            occasion_sudo = occasion.sudo()
            rule_name = occasion_sudo.rule_id.name or ""
            if occasion_sudo.occasion_type in PERSONAL_OCCASION_TYPES and not personal_readable:
                occasion.display_name = rule_name
                continue
            person = occasion_sudo.partner_id.name or ""
            if occasion_sudo.family_member_id:
                person = f"{person} / {occasion_sudo.family_member_id.name}"
            occasion.display_name = f"{rule_name}: {person} ({occasion_sudo.occasion_date})"

    def _name_for_user(self, record, hidden):
        """``record``'s name if the user may read it, else ``hidden``: an
        error never names what its reader may not read."""
        if record.with_user(self.env.uid).has_access("read"):
            return record.sudo().display_name
        return hidden

    @api.constrains("family_member_id", "partner_id", "rule_id")
    def _check_family_member(self):
        for occasion in self:
            member_sudo = occasion.sudo().family_member_id
            is_family = occasion.occasion_type in FAMILY_RELATIONS
            if member_sudo and not is_family:
                raise ValidationError(
                    self.env._(
                        "Only the birthday of a spouse or a child is about a family member: "
                        "the care rule %(rule)s is not.",
                        rule=occasion.rule_id.name,
                    )
                )
            if member_sudo and member_sudo.partner_id != occasion.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(member)s is not a family member of %(partner)s.",
                        member=self._name_for_user(
                            member_sudo, self.env._("The chosen family member")
                        ),
                        partner=self._name_for_user(
                            occasion.partner_id, self.env._("the customer")
                        ),
                    )
                )
            if is_family and not member_sudo:
                raise ValidationError(
                    self.env._(
                        "The occasion %(occasion)s is a family member's birthday: choose the "
                        "family member.",
                        occasion=occasion.display_name,
                    )
                )

    @api.constrains("user_id")
    def _check_responsible(self):
        # The responsible follows the occasion and is told of it (name, date).
        for occasion in self:
            user = occasion.user_id
            if (
                occasion.occasion_type in PERSONAL_OCCASION_TYPES
                and user
                and not user.has_group(SERVICE)
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s does not read customers' personal dates: the occasions of "
                        "the care rule %(rule)s need a responsible from customer service.",
                        user=user.name,
                        rule=occasion.rule_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # Before the insert: its unique index would otherwise tell a campaign
        # user whether a customer has an occasion on a personal date.
        self.browse().check_access("create")
        default_rule_id = self.env.context.get("default_rule_id")
        rules = self.env["crm.care.rule"].browse(
            rule_id
            for rule_id in {vals.get("rule_id", default_rule_id) for vals in vals_list}
            # a forged context value is no rule: the create fails on it later
            if isinstance(rule_id, int) and not isinstance(rule_id, bool)
        )
        self._check_personal_rules(rules)
        return super().create(vals_list)

    def _check_personal_rules(self, rules):
        """Only customer service records occasions on personal dates."""
        if self.env.su or self.env.user.has_group(SERVICE):
            return
        personal = (
            rules.sudo()
            .exists()
            .filtered(lambda rule: rule.occasion_type in PERSONAL_OCCASION_TYPES)
        )
        if personal:
            raise AccessError(
                self.env._(
                    "Only customer service records care occasions on customers' personal "
                    "dates (care rule %(rules)s).",
                    rules=", ".join(personal.mapped("name")),
                )
            )

    @api.constrains("gift_cost")
    def _check_gift_cost(self):
        if any(occasion.gift_cost < 0 for occasion in self):
            raise ValidationError(self.env._("The cost of a gift cannot be negative."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        done = self.filtered(lambda occasion: occasion.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Care occasions already done are kept as history: %(occasions)s",
                    occasions=", ".join(done.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Daily job
    # ------------------------------------------------------------------
    @api.model
    def _cron_create_occasions(self):
        """Create today's care occasions of every active rule and take their
        care action. Safe to run again (or twice at once): existing
        occasions are skipped.

        The entry point of the daily job only: a private method, which no
        client can call, run by the job's server action, which only
        administrators edit. It always reports its progress (and commits) per
        rule; Odoo's ``_commit_progress`` itself tells the job's run from a
        manual call. Nothing here reads the context, which a client fills:
        a ``cron_id`` sent with a request proves nothing."""
        today = fields.Date.context_today(self)
        rules = self.env["crm.care.rule"].sudo().search([], order="id")
        self.env["ir.cron"]._commit_progress(remaining=len(rules))
        occasions = self.browse()
        for rule in rules:
            occasions |= rule._generate_occasions(today)
            self.env["ir.cron"]._commit_progress(1)
        return occasions

    # ------------------------------------------------------------------
    # Care actions (batched per rule)
    # ------------------------------------------------------------------
    def _perform_care_action(self):
        planned = self.filtered(lambda occasion: occasion.state == "planned")
        for action, occasions in planned.grouped("care_action").items():
            if action == "email":
                occasions._send_care_email()
            elif action == "activity":
                occasions._schedule_care_activity()

    def _can_receive_care_email(self):
        self.ensure_one()
        partner = self.partner_id.sudo()
        return bool(
            partner.email and not partner.is_blacklisted and partner._crm_can_contact("email")
        )

    def _send_care_email(self):
        """Email the customers who consented and are not on the blacklist;
        the occasions of the others are cancelled with the reason."""
        sendable = self.filtered(lambda occasion: occasion._can_receive_care_email())
        blocked = self - sendable
        for template, occasions in sendable.grouped(
            lambda occasion: occasion.rule_id.mail_template_id
        ).items():
            template.send_mail_batch(occasions.ids)
        today = fields.Date.context_today(self)
        if sendable:
            sendable._crm_transition_write({"mail_sent": True, "state": "done", "done_date": today})
        # The reason is kept on the occasion: in its responsible's language.
        for occasions in blocked._crm_grouped_by_reader_lang().values():
            occasions._crm_transition_write(
                {
                    "state": "cancelled",
                    "note": occasions.env._(
                        "No email sent: no email consent, no email address or the address is "
                        "on the blacklist."
                    ),
                }
            )

    def _schedule_care_activity(self):
        today = fields.Date.context_today(self)
        groups = self.grouped(
            lambda occasion: (
                occasion.rule_id,
                occasion.user_id,
                max(occasion.action_date or today, today),
            )
        )
        for (rule, user, deadline), occasions in groups.items():
            if rule.occasion_type in PERSONAL_OCCASION_TYPES and not (
                user or self.env.user
            ).has_group(SERVICE):
                # A responsible chosen before rules on personal dates required
                # customer service: no activity tells him the date.
                _logger.warning(
                    "Care rule %s: responsible %s is not in customer service, no activities.",
                    rule.id,
                    user.id,
                )
                continue
            # In the language of the responsible who takes care.
            assignee = user or self.env.user
            lang = self._crm_lang_of(assignee)
            occasions.with_context(lang=lang).activity_schedule(
                activity_type_id=(
                    rule.activity_type_id
                    or self.env.ref("crm_campaigns.mail_activity_type_care_occasion")
                ).id,
                date_deadline=deadline,
                summary=rule.with_context(lang=lang).name,
                user_id=assignee.id,
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _check_can_close(self):
        reasons = [
            self.env._("%(occasion)s is not planned", occasion=occasion.display_name)
            for occasion in self
            if occasion.state != "planned"
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "These care occasions cannot change: %(reasons)s.", reasons="; ".join(reasons)
                )
            )

    def action_done(self):
        self._check_can_close()
        self._action_done()
        return True

    def _prepare_done_values(self):
        return {"state": "done", "done_date": fields.Date.context_today(self)}

    def _action_done(self):
        gifts = self.filtered(lambda occasion: occasion.care_action == "gift")
        if gifts:
            gifts.gift_delivered = True
        self._crm_transition_write(self._prepare_done_values())
        self.activity_ids.action_feedback(feedback=self.env._("Care occasion done."))

    def action_cancel(self):
        self._check_can_close()
        self._crm_transition_write({"state": "cancelled"})
        self.activity_ids.unlink()
        return True

    def action_send_email(self):
        """Send the email of planned email occasions now (for example after
        the customer gave the consent)."""
        reasons = [
            self.env._("%(occasion)s does not send emails", occasion=occasion.display_name)
            for occasion in self
            if occasion.care_action != "email"
        ]
        if reasons:
            raise UserError(
                self.env._(
                    "These care occasions cannot be emailed: %(reasons)s.",
                    reasons="; ".join(reasons),
                )
            )
        self._check_can_close()
        self._send_care_email()
        return True
