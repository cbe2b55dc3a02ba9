import calendar
from ast import literal_eval
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, split_every

OCCASION_TYPES = [
    ("birthday", "Customer's Birthday"),
    ("spouse_birthday", "Spouse's Birthday"),
    ("child_birthday", "Child's Birthday"),
    ("wedding_anniversary", "Wedding Anniversary"),
    ("founding_anniversary", "Founding Anniversary"),
    ("holiday", "Holiday"),
]
CARE_ACTIONS = [
    ("email", "Send an Email"),
    ("activity", "Schedule an Activity"),
    ("gift", "Record a Gift to Deliver"),
]
CONSENT_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("phone", "Phone"),
    ("post", "Post"),
]
SERVICE = "crm_customer_info.group_customer_service"
CAMPAIGN_USER = "crm_campaigns.group_campaign_user"
# Occasions on a date only customer service reads (the customer's birthday,
# wedding anniversary, founding date, the family's birthdays): the occasion
# itself tells the date, so only customer service reads these occasions.
PERSONAL_OCCASION_TYPES = frozenset(
    {"birthday", "spouse_birthday", "child_birthday", "wedding_anniversary", "founding_anniversary"}
)
# Occasions on a date of the customer record itself.
PARTNER_DATE_FIELDS = {
    "birthday": "birthday",
    "wedding_anniversary": "wedding_anniversary",
    "founding_anniversary": "founding_date",
}
# Occasions on the birthday of a family member of the customer.
FAMILY_RELATIONS = {
    "spouse_birthday": "spouse",
    "child_birthday": "child",
}
MAX_DAYS_BEFORE = 365
INSERT_BATCH_SIZE = 1000


def anniversary_keys(start, end):
    """``{month * 100 + day: [dates]}`` for every day from ``start`` to
    ``end`` (included). In common years 28 February also stands for 29
    February, so that people born on a leap day are not forgotten."""
    keys = defaultdict(list)
    day = start
    while day <= end:
        keys[day.month * 100 + day.day].append(day)
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            keys[229].append(day)
        day += timedelta(days=1)
    return keys


def month_day_sql(column):
    """``month * 100 + day`` of a date column, as an integer."""
    return SQL("(EXTRACT(MONTH FROM %s) * 100 + EXTRACT(DAY FROM %s))::int", column, column)


class CrmCareRule(models.Model):
    """客户关怀: when, for whom and how the company shows care for its
    customers (birthdays of the customer and the family, anniversaries,
    holidays). A daily job turns each rule into care occasions."""

    _name = "crm.care.rule"
    _description = "Customer Care Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    occasion_type = fields.Selection(
        OCCASION_TYPES, string="Occasion", required=True, default="birthday", tracking=True
    )
    holiday_id = fields.Many2one(
        "crm.care.holiday", string="Holiday", tracking=True, ondelete="restrict"
    )
    days_before = fields.Integer(
        string="Days Before",
        default=7,
        tracking=True,
        help="How many days ahead of the occasion the care action is taken (0 to 365).",
    )
    domain = fields.Char(
        string="Audience",
        default="[]",
        required=True,
        help="Customers this rule applies to. Family-member birthdays follow the customer.",
    )
    required_consent = fields.Selection(
        CONSENT_CHANNELS,
        string="Required Consent",
        help="Only customers who gave this consent are part of the audience. Emails always "
        "require the email consent.",
    )
    action = fields.Selection(
        CARE_ACTIONS, required=True, default="email", tracking=True, string="Care Action"
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "crm.care.occasion")],
        tracking=True,
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        default=lambda self: self.env.ref(
            "crm_campaigns.mail_activity_type_care_occasion", raise_if_not_found=False
        ),
        domain=[("res_model", "in", (False, "crm.care.occasion"))],
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        domain=lambda self: [
            ("share", "=", False),
            ("all_group_ids", "in", self.env.ref("crm_campaigns.group_campaign_user").ids),
        ],
        help="Campaign user who receives the activities of this rule.",
    )
    gift_description = fields.Char(string="Gift", help="What is given, for gift rules.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    gift_budget = fields.Monetary(
        string="Budget per Gift", currency_field="currency_id", tracking=True
    )
    note = fields.Html()
    occasion_ids = fields.One2many("crm.care.occasion", "rule_id", string="Occasions")
    occasion_count = fields.Integer(compute="_compute_occasion_count")
    audience_count = fields.Integer(
        compute="_compute_audience_count", help="Customers currently in the audience."
    )

    # ------------------------------------------------------------------
    # Computes and checks
    # ------------------------------------------------------------------
    def _compute_occasion_count(self):
        counts = dict(
            self.env["crm.care.occasion"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.occasion_count = counts.get(rule, 0)

    @api.depends("domain", "required_consent", "action", "company_id")
    @api.depends_context("uid")
    def _compute_audience_count(self):
        # Counted with the reader's rights: an audience on fields the reader
        # may not search (a birthday) would otherwise answer questions on them.
        Partner = self.env["res.partner"]
        for rule in self:
            try:
                rule.audience_count = Partner.search_count(rule._audience_domain())
            except (ValueError, SyntaxError, AccessError):
                rule.audience_count = 0

    @api.constrains("days_before")
    def _check_days_before(self):
        for rule in self:
            if not 0 <= rule.days_before <= MAX_DAYS_BEFORE:
                raise ValidationError(
                    self.env._(
                        "Care rule %(rule)s: the days before the occasion must be between 0 "
                        "and %(max)s, not %(value)s.",
                        rule=rule.name,
                        max=MAX_DAYS_BEFORE,
                        value=rule.days_before,
                    )
                )

    @api.constrains(
        "occasion_type", "holiday_id", "action", "mail_template_id", "user_id", "gift_description"
    )
    def _check_action_settings(self):
        for rule in self:
            reasons = []
            if rule.occasion_type == "holiday" and not rule.holiday_id:
                reasons.append(self.env._("a holiday rule needs the holiday"))
            if rule.action == "email":
                if not rule.mail_template_id:
                    reasons.append(self.env._("an email rule needs an email template"))
                elif rule.mail_template_id.model != "crm.care.occasion":
                    reasons.append(self.env._("the email template must be made for care occasions"))
            if rule.action == "activity":
                if not rule.user_id:
                    reasons.append(self.env._("an activity rule needs a responsible user"))
                elif not rule.user_id.has_group("crm_campaigns.group_campaign_user"):
                    reasons.append(
                        self.env._(
                            "the responsible user %(user)s is not a campaign user",
                            user=rule.user_id.name,
                        )
                    )
            if (
                rule.occasion_type in PERSONAL_OCCASION_TYPES
                and rule.user_id
                and not rule.user_id.has_group(SERVICE)
            ):
                reasons.append(
                    self.env._(
                        "the responsible user %(user)s does not read customers' personal "
                        "dates: choose somebody from customer service",
                        user=rule.user_id.name,
                    )
                )
            if rule.action == "gift" and not rule.gift_description:
                reasons.append(self.env._("a gift rule needs the description of the gift"))
            if rule.gift_budget < 0:
                reasons.append(self.env._("the gift budget cannot be negative"))
            if reasons:
                raise ValidationError(
                    self.env._(
                        "Care rule %(rule)s: %(reasons)s.",
                        rule=rule.name,
                        reasons="; ".join(reasons),
                    )
                )

    @api.constrains("domain", "occasion_type")
    def _check_domain(self):
        Partner = self.env["res.partner"].sudo()
        for rule in self:
            try:
                domain = Domain(literal_eval(rule.domain or "[]"))
                domain.validate(Partner)
            except (ValueError, SyntaxError, TypeError, KeyError):
                raise ValidationError(
                    self.env._(
                        "Care rule %(rule)s: the audience %(domain)s is not a valid filter on "
                        "customers.",
                        rule=rule.name,
                        domain=rule.domain,
                    )
                ) from None
            if rule.occasion_type in PERSONAL_OCCASION_TYPES:
                continue
            # Every campaign user reads the holiday occasions: whom they were
            # created for must not tell what campaign users may not read.
            hidden = rule._fields_hidden_from_campaign_users(domain, Partner)
            if hidden:
                raise ValidationError(
                    self.env._(
                        "Care rule %(rule)s: every campaign user sees whom a holiday rule "
                        "greets, so its audience cannot filter on %(fields)s, which only "
                        "customer service reads.",
                        rule=rule.name,
                        fields=", ".join(hidden),
                    )
                )

    def _fields_hidden_from_campaign_users(self, domain, model):
        """Labels of the fields ``domain`` filters on, along every path, that
        some campaign user may not read."""
        definitions = self.env["res.groups"]._get_group_definitions()
        readers = definitions.parse(CAMPAIGN_USER)
        hidden = []
        for condition in domain.iter_conditions():
            comodel = model
            for fname in condition.field_expr.split("."):
                field = comodel._fields.get(fname)
                if field is None:
                    break
                if field.groups and not readers <= definitions.parse(
                    field.groups, raise_if_not_found=False
                ):
                    hidden.append(field._description_string(self.env))
                if not field.relational:
                    break
                comodel = self.env[field.comodel_name].sudo()
            else:
                if condition.operator in ("any", "not any", "any!", "not any!"):
                    hidden += self._fields_hidden_from_campaign_users(
                        Domain(condition.value), comodel
                    )
        return list(dict.fromkeys(hidden))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_occasions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_campaigns.crm_care_occasion_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"default_rule_id": self.id}
        return action

    def action_generate_occasions(self):
        """Create the occasions of today's window now instead of waiting for
        the daily job (configuration is for campaign managers only)."""
        self.check_access("write")
        occasions = self.sudo()._generate_occasions(fields.Date.context_today(self))
        if self.env.user.has_group(SERVICE) or not any(
            rule.occasion_type in PERSONAL_OCCASION_TYPES for rule in self
        ):
            message = self.env._("%(count)s care occasions created.", count=len(occasions))
            kind = "success" if occasions else "info"
        else:
            # How many birthdays fall in the window is itself what only
            # customer service may know (a one-customer audience would tell
            # his birthday): the same answer whatever was created.
            message = self.env._(
                "The care occasions of the coming days are created; customer service sees "
                "those on customers' personal dates."
            )
            kind = "info"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------
    # Occasion generation (runs as superuser: birthdays are restricted to
    # customer service, the job reads them for everybody's rules)
    # ------------------------------------------------------------------
    def _audience_domain(self):
        self.ensure_one()
        domain = Domain(literal_eval(self.domain or "[]"))
        domain &= Domain("company_id", "in", [False, self.company_id.id])
        if self.required_consent:
            domain &= Domain(f"consent_{self.required_consent}", "=", True)
        if self.action == "email":
            domain &= Domain("consent_email", "=", True) & Domain("email", "!=", False)
        return domain

    def _generate_occasions(self, today):
        """Create, for every rule of ``self``, the occasions falling between
        ``today`` and ``today + days_before`` that do not exist yet, then
        take the care action on them. Returns the new occasions."""
        occasions = self.env["crm.care.occasion"]
        for rule in self.filtered("active"):
            end = today + timedelta(days=rule.days_before)
            candidates = rule._find_candidates(today, end)
            new = rule._insert_occasions(candidates)
            new._perform_care_action()
            occasions |= new
        return occasions

    def _find_candidates(self, start, end):
        """``(partner_id, family_member_id or None, occasion date)`` of every
        occasion of the rule between ``start`` and ``end``."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        audience = self._audience_domain()
        if self.occasion_type == "holiday":
            dates, missing = self.holiday_id._dates_between(start, end)
            if missing:
                self.holiday_id._warn_missing_dates(missing)
            if not dates:
                return []
            partner_ids = Partner.search(audience, order="id").ids
            return [(partner_id, None, day) for day in dates for partner_id in partner_ids]

        keys = anniversary_keys(start, end)
        if self.occasion_type in PARTNER_DATE_FIELDS:
            fname = PARTNER_DATE_FIELDS[self.occasion_type]
            domain = audience & Domain(fname, "!=", False)
            if self.occasion_type == "founding_anniversary":
                domain &= Domain("is_company", "=", True)
            Partner.flush_model([fname])
            query = Partner._search(domain, order="id")
            column = SQL.identifier(query.table, fname)
            query.add_where(SQL("%s IN %s", month_day_sql(column), tuple(keys)))
            rows = self.env.execute_query(query.select(SQL.identifier(query.table, "id"), column))
            return [
                (partner_id, None, day)
                for partner_id, value in rows
                for day in keys[value.month * 100 + value.day]
            ]

        Member = self.env["crm.partner.family.member"].sudo()
        Member.flush_model(["relation", "birthday", "partner_id"])
        query = Member._search(
            Domain("relation", "=", FAMILY_RELATIONS[self.occasion_type])
            & Domain("birthday", "!=", False)
            & Domain("partner_id", "any", audience),
            order="id",
        )
        column = SQL.identifier(query.table, "birthday")
        query.add_where(SQL("%s IN %s", month_day_sql(column), tuple(keys)))
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(query.table, "partner_id"),
                SQL.identifier(query.table, "id"),
                column,
            )
        )
        return [
            (partner_id, member_id, day)
            for partner_id, member_id, value in rows
            for day in keys[value.month * 100 + value.day]
        ]

    def _insert_occasions(self, candidates):
        """Insert the occasions in one statement per batch; the unique index
        on (rule, partner, family member, year) makes existing ones, or ones
        inserted meanwhile by another worker, silently skipped."""
        self.ensure_one()
        Occasion = self.env["crm.care.occasion"]
        if not candidates:
            return Occasion
        Occasion.flush_model()
        now = SQL("(now() AT TIME ZONE 'UTC')")
        uid = self.env.uid
        new_ids = []
        for batch in split_every(INSERT_BATCH_SIZE, candidates):
            values = SQL(", ").join(
                SQL(
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'planned', %s, %s, %s, %s)",
                    self.id,
                    partner_id,
                    member_id,
                    day,
                    day.year,
                    day - timedelta(days=self.days_before),
                    self.company_id.id,
                    self.occasion_type,
                    self.action,
                    self.user_id.id or None,
                    self.gift_description or None,
                    uid,
                    now,
                    uid,
                    now,
                )
                for partner_id, member_id, day in batch
            )
            rows = self.env.execute_query(
                SQL(
                    """
                    INSERT INTO crm_care_occasion (
                        rule_id, partner_id, family_member_id, occasion_date, year,
                        action_date, company_id, occasion_type, care_action, user_id,
                        gift_description, state, create_uid, create_date, write_uid,
                        write_date
                    )
                    VALUES %s
                    ON CONFLICT DO NOTHING
                    RETURNING id
                    """,
                    values,
                )
            )
            new_ids += [row[0] for row in rows]
        return Occasion.browse(new_ids)
