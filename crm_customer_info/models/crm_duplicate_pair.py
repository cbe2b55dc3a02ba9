from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ARCHIVIST = "crm_customer_info.group_archive_admin"

# Strongest evidence first: a pair takes the first rule it matches.
DUPLICATE_RULES = [
    ("uscc", "Same Unified Social Credit Code"),
    ("resident_id", "Same Resident ID Number"),
    ("phone", "Same Phone Number"),
    ("email", "Same Email"),
    ("name_city", "Same Chinese Name and City"),
]
PAIR_STATES = [
    ("new", "To Review"),
    ("merged", "Merged"),
    ("not_duplicate", "Not a Duplicate"),
]
# A key shared by more customers than this is a switchboard or a placeholder,
# not a duplicate.
# Found by the detection, decided by an archive administrator, recorded by a
# merge: never typed in (crm.workflow.mixin). A pair made by hand of any two
# contacts would open the archive administrators' merge to them.
PROTECTED_FIELDS = frozenset(
    {
        "partner_a_id",
        "partner_b_id",
        "rule",
        "matched_rules",
        "state",
        "merged_partner_name",
        "merged_partner_ref",
        "decided_by_id",
        "decided_on",
    }
)
MAX_GROUP_SIZE = 10
# Phone numbers shorter than this (in digits) are too vague to compare.
MIN_PHONE_DIGITS = 7
CJK = "[一-鿿]"


class CrmDuplicatePair(models.Model):
    """Two customers that are probably one (seed 001: 析取、合并、删除、识别、
    校验). Pairs are found by SQL, one query per rule; a reviewer merges them
    with Odoo's partner merge or marks them as not duplicates, which sticks."""

    _name = "crm.duplicate.pair"
    _description = "Probable Duplicate Customers"
    _inherit = ["crm.mail.thread.lang", "crm.workflow.mixin"]
    _order = "state, rule_sequence, id desc"
    _crm_protected_fields = PROTECTED_FIELDS

    partner_a_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        help="After a merge: the customer that was kept.",
    )
    partner_b_id = fields.Many2one(
        "res.partner",
        string="Probable Duplicate",
        index="btree_not_null",
        ondelete="cascade",
        help="Empty after a merge: it became the customer above.",
    )
    rule = fields.Selection(
        DUPLICATE_RULES,
        string="Found By",
        readonly=True,
        help="The strongest rule the pair matches; empty for a merge made by hand.",
    )
    rule_sequence = fields.Integer(compute="_compute_rule_sequence", store=True)
    matched_rules = fields.Char(
        string="Matching Rule Codes",
        readonly=True,
        help="Technical codes of every rule the two customers matched when last detected.",
    )
    matched_rule_names = fields.Char(
        string="Matching Rules",
        compute="_compute_matched_rule_names",
        help="Every rule the two customers matched when last detected.",
    )
    state = fields.Selection(
        PAIR_STATES,
        string="Status",
        default="new",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    merged_partner_name = fields.Char(
        string="Merged Customer", readonly=True, help="Name of the customer merged away."
    )
    merged_partner_ref = fields.Integer(
        string="Merged Customer ID", readonly=True, aggregator=False
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    decided_on = fields.Datetime(readonly=True)
    partner_a_city = fields.Char(related="partner_a_id.city", string="City")
    partner_a_phone = fields.Char(related="partner_a_id.phone", string="Phone")
    partner_b_phone = fields.Char(related="partner_b_id.phone", string="Duplicate's Phone")
    partner_a_email = fields.Char(related="partner_a_id.email", string="Email")
    partner_b_email = fields.Char(related="partner_b_id.email", string="Duplicate's Email")
    company_id = fields.Many2one(related="partner_a_id.company_id", store=True, index=True)

    _pair_uniq = models.UniqueIndex(
        "(partner_a_id, partner_b_id) WHERE partner_b_id IS NOT NULL",
        "These two customers are already paired.",
    )
    _ordered = models.Constraint(
        "CHECK(partner_b_id IS NULL OR partner_a_id < partner_b_id)",
        "A pair lists the older customer first.",
    )

    @api.depends("rule")
    def _compute_rule_sequence(self):
        order = {rule: index for index, (rule, __) in enumerate(DUPLICATE_RULES)}
        for pair in self:
            pair.rule_sequence = order.get(pair.rule, len(order))

    @api.depends("matched_rules")
    @api.depends_context("lang")
    def _compute_matched_rule_names(self):
        labels = dict(self._fields["rule"]._description_selection(self.env))
        for pair in self:
            codes = [code for code in (pair.matched_rules or "").split(",") if code]
            pair.matched_rule_names = ", ".join(labels.get(code, code) for code in codes)

    @api.depends("partner_a_id", "partner_b_id", "merged_partner_name")
    def _compute_display_name(self):
        for pair in self:
            other = pair.partner_b_id.display_name or pair.merged_partner_name or "?"
            pair.display_name = f"{pair.partner_a_id.display_name} ↔ {other}"

    @api.constrains("state", "partner_b_id")
    def _check_merged(self):
        for pair in self:
            if pair.state != "merged" and not pair.partner_b_id:
                raise ValidationError(self.env._("A pair to review needs two customers."))

    # ------------------------------------------------------------------
    # Detection: one set-based query per rule
    # ------------------------------------------------------------------

    @api.model
    def _rule_key_queries(self):
        """``{rule: SQL}`` selecting ``(id, company_id, key)`` of every customer
        that has the rule's normalised key."""
        customers = SQL(
            """
            p.active
            AND p.parent_id IS NULL
            AND p.partner_share
            AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
            """
        )
        # Digits only, without the country code nor the trunk prefix 0.
        digits = SQL("regexp_replace(p.phone, '\\D', '', 'g')")
        phone = SQL(
            "regexp_replace(regexp_replace(%s, '^(0086|86)(\\d{9,})$', '\\2'), '^0+', '')",
            digits,
        )
        return {
            "uscc": SQL(
                "SELECT p.id, p.company_id, upper(regexp_replace(p.vat, '\\s', '', 'g')) AS key"
                " FROM res_partner p WHERE %s AND p.is_company AND coalesce(p.vat, '') != ''",
                customers,
            ),
            "resident_id": SQL(
                "SELECT p.id, p.company_id,"
                " upper(regexp_replace(p.resident_id, '\\s', '', 'g')) AS key"
                " FROM res_partner p WHERE %s AND coalesce(p.resident_id, '') != ''",
                customers,
            ),
            "phone": SQL(
                "SELECT p.id, p.company_id, %s AS key FROM res_partner p"
                " WHERE %s AND length(regexp_replace(coalesce(p.phone, ''), '\\D', '', 'g')) >= %s",
                phone,
                customers,
                MIN_PHONE_DIGITS,
            ),
            "email": SQL(
                "SELECT p.id, p.company_id, lower(trim(p.email)) AS key FROM res_partner p"
                " WHERE %s AND coalesce(trim(p.email), '') != ''",
                customers,
            ),
            "name_city": SQL(
                "SELECT p.id, p.company_id,"
                " regexp_replace(p.name, '\\s', '', 'g') || '|'"
                " || regexp_replace(regexp_replace(lower(p.city), '\\s', '', 'g'), '市$', '')"
                " AS key"
                " FROM res_partner p"
                " WHERE %s AND p.name ~ %s AND coalesce(trim(p.city), '') != ''",
                customers,
                CJK,
            ),
        }

    @api.model
    def _find_pairs(self, rule):
        """``[(partner id, partner id)]`` (smaller id first) sharing the rule's key,
        in the same company or without one."""
        query = SQL(
            """
            WITH keyed AS (
                SELECT k.*, count(*) OVER (PARTITION BY k.key) AS group_size
                  FROM (%(keys)s) AS k
            )
            SELECT a.id, b.id
              FROM keyed a
              JOIN keyed b ON b.key = a.key AND a.id < b.id
             WHERE a.group_size <= %(max_group)s
               AND (a.company_id IS NULL OR b.company_id IS NULL OR a.company_id = b.company_id)
            """,
            keys=self._rule_key_queries()[rule],
            max_group=MAX_GROUP_SIZE,
        )
        return [tuple(row) for row in self.env.execute_query(query)]

    @api.model
    def _detect_duplicates(self):
        """Refresh the pairs to review: new pairs are added, the rules of pairs
        still to review are updated, pairs that no longer match are dropped.
        Pairs marked as not duplicates stay so, whatever they match.

        :return: the pairs created
        """
        self.env["res.partner"].flush_model()
        found = defaultdict(list)
        for rule, __ in DUPLICATE_RULES:
            for pair in self._find_pairs(rule):
                found[pair].append(rule)
        Pair = self.sudo().with_context(active_test=False)
        existing = {
            (pair.partner_a_id.id, pair.partner_b_id.id): pair
            for pair in Pair.search([("partner_b_id", "!=", False)])
        }
        to_create = []
        for key, rules in found.items():
            values = {"rule": rules[0], "matched_rules": ",".join(rules)}
            pair = existing.get(key)
            if not pair:
                to_create.append(dict(values, partner_a_id=key[0], partner_b_id=key[1]))
            elif pair.state == "new" and (pair.rule, pair.matched_rules) != (
                values["rule"],
                values["matched_rules"],
            ):
                pair._crm_transition_write(values)
        stale = Pair.browse(
            [pair.id for key, pair in existing.items() if key not in found and pair.state == "new"]
        )
        stale.unlink()
        with Pair._crm_transition():
            return Pair.create(to_create)

    def action_detect_duplicates(self):
        if not (self.env.su or self.env.user.has_group(ARCHIVIST)):
            raise UserError(self.env._("Only archive administrators look for duplicates."))
        created = self._detect_duplicates()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(count)s new probable duplicates found.", count=len(created)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_detect_duplicates(self):
        self._detect_duplicates()

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------

    def _check_can_decide(self):
        reasons = []
        if not (self.env.su or self.env.user.has_group(ARCHIVIST)):
            reasons.append(self.env._("Only archive administrators decide on duplicates."))
        for pair in self:
            if pair.state != "new":
                reasons.append(self.env._("%(pair)s is already decided.", pair=pair.display_name))
        self._crm_raise_if_reasons(self.env._("You cannot decide:"), reasons)

    def action_not_duplicate(self):
        self._check_can_decide()
        self._crm_transition_write(
            {
                "state": "not_duplicate",
                "decided_by_id": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
        return True

    def action_reset(self):
        if not (self.env.su or self.env.user.has_group(ARCHIVIST)):
            raise UserError(self.env._("Only archive administrators decide on duplicates."))
        if self.filtered(lambda pair: pair.state != "not_duplicate"):
            raise UserError(self.env._("Only pairs marked as not duplicates go back to review."))
        self._crm_transition_write({"state": "new", "decided_by_id": False, "decided_on": False})
        return True

    def action_merge(self):
        """Open Odoo's merge wizard on the two customers; the older one is kept
        unless the reviewer chooses otherwise."""
        self.ensure_one()
        self._check_can_decide()
        partners = self.partner_a_id | self.partner_b_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Customers"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": partners.ids},
        }

    def _merge_partners(self, dst_partner=None):
        """Merge the pair now, keeping ``dst_partner`` (by default the older)."""
        self.ensure_one()
        self._check_can_decide()
        partners = self.partner_a_id | self.partner_b_id
        dst_partner = dst_partner or self.partner_a_id
        self.env["base.partner.merge.automatic.wizard"]._merge(partners.ids, dst_partner)
        return dst_partner

    # ------------------------------------------------------------------
    # Merge support, called by the merge wizard before the foreign keys move
    # ------------------------------------------------------------------

    @api.model
    def _prepare_partner_merge(self, src_partners, dst_partner):
        """Record the merge on the pairs of the partners merged away, and point
        their other pairs at the kept partner (one pair per two customers)."""
        Pair = self.sudo()
        merged = src_partners | dst_partner
        pairs = Pair.search(
            [
                "|",
                ("partner_a_id", "in", src_partners.ids),
                ("partner_b_id", "in", src_partners.ids),
            ]
        )
        now = fields.Datetime.now()
        done_sources = set()
        for pair in pairs:
            a, b = pair.partner_a_id, pair.partner_b_id
            if b and (a | b) <= merged:
                source = (a | b) - dst_partner
                pair._crm_transition_write(
                    {
                        "state": "merged",
                        "partner_a_id": dst_partner.id,
                        "partner_b_id": False,
                        "merged_partner_name": source[:1].display_name,
                        "merged_partner_ref": source[:1].id,
                        "decided_by_id": self.env.user.id,
                        "decided_on": now,
                    }
                )
                done_sources |= set(source.ids)
                continue
            # A pair with a third customer, or an earlier merge into a source.
            ids = {(dst_partner if partner in src_partners else partner).id for partner in a | b}
            if not b:
                pair._crm_transition_write({"partner_a_id": dst_partner.id})
                continue
            low, high = min(ids), max(ids)
            if Pair.search_count(
                [("partner_a_id", "=", low), ("partner_b_id", "=", high), ("id", "!=", pair.id)]
            ):
                pair.unlink()
            else:
                pair._crm_transition_write({"partner_a_id": low, "partner_b_id": high})
        # A merge made without a pair is logged as one.
        with Pair._crm_transition():
            Pair.create(
                [
                    {
                        "state": "merged",
                        "partner_a_id": dst_partner.id,
                        "merged_partner_name": source.display_name,
                        "merged_partner_ref": source.id,
                        "decided_by_id": self.env.user.id,
                        "decided_on": now,
                    }
                    for source in src_partners
                    if source.id not in done_sources
                ]
            )
