"""Care occasions tell birthdays and anniversaries, and name family members:
what only customer service reads. A campaign user tries every way to read
them anyway."""

from datetime import date
from unittest.mock import MagicMock, patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .test_care import CareCase

# What the occasions of the fixtures would give away (dates of this year's
# anniversaries, names of the family members).
SECRETS = ("Spouse Wu", "Child One", "Child Two", "12-30", "12-31", "01-01", "01-03")


class TestCarePrivacy(CareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_year = cls.env.ref("crm_campaigns.crm_care_holiday_new_year")
        cls.birthday_rule = cls._rule(name="Birthday flowers")
        cls.spouse_rule = cls._rule(name="Spouse flowers", occasion_type="spouse_birthday")
        cls.wedding_rule = cls._rule(name="Wedding flowers", occasion_type="wedding_anniversary")
        cls.founding_rule = cls._rule(name="Founding flowers", occasion_type="founding_anniversary")
        cls.holiday_rule = cls._rule(
            name="New Year cards", occasion_type="holiday", holiday_id=cls.new_year.id
        )
        cls.personal_rules = (
            cls.birthday_rule | cls.spouse_rule | cls.wedding_rule | cls.founding_rule
        )
        cls.rules = cls.personal_rules | cls.holiday_rule
        cls.Occasion = cls.env["crm.care.occasion"]
        cls._run_cron(cls, "2026-12-28")
        cls.occasions = cls.Occasion.search([("rule_id", "in", cls.rules.ids)])
        cls.personal = cls.occasions.filtered(lambda o: o.rule_id in cls.personal_rules)
        cls.holiday = cls.occasions - cls.personal
        cls.spouse_occasion = cls.occasions.filtered(lambda o: o.rule_id == cls.spouse_rule)
        cls.alice_birthday = cls.occasions.filtered(
            lambda o: o.rule_id == cls.birthday_rule and o.partner_id == cls.alice
        )
        # Exporting is a right of its own: given, to try the export too.
        (cls.user_marketing | cls.user_care).write(
            {"group_ids": [Command.link(cls.env.ref("base.group_allow_export").id)]}
        )

    def _as(self, user):
        return self.Occasion.with_user(user)

    def assertTellsNothing(self, text):
        for secret in SECRETS:
            self.assertNotIn(secret, text)

    def test_fixtures(self):
        # Every kind of occasion is there to be attacked.
        self.assertEqual(
            set(self.occasions.mapped("occasion_type")),
            {"birthday", "spouse_birthday", "wedding_anniversary", "founding_anniversary",
             "holiday"},
        )  # fmt: skip
        self.assertEqual(self.spouse_occasion.family_member_id, self.spouse)
        self.assertEqual(self.alice_birthday.occasion_date, date(2026, 12, 30))
        self.assertEqual(self.holiday.partner_id, self.test_partners)

    # ------------------------------------------------------------------
    # Reading the occasions
    # ------------------------------------------------------------------
    def test_campaign_user_lists_holiday_occasions_only(self):
        domain = [("rule_id", "in", self.rules.ids)]
        for user in (self.user_marketing, self.user_marketing_manager):
            with self.subTest(user=user.login):
                Occasion = self._as(user)
                self.assertEqual(Occasion.search(domain), self.holiday)
                self.assertEqual(Occasion.search_count(domain), len(self.holiday))
                rows = Occasion.search_read(domain, ["occasion_date", "display_name"])
                self.assertEqual({row["id"] for row in rows}, set(self.holiday.ids))
                self.assertEqual({row["occasion_date"] for row in rows}, {date(2027, 1, 1)})
                groups = Occasion.formatted_read_group(domain, ["occasion_type"], ["__count"])
                self.assertEqual(
                    [(g["occasion_type"], g["__count"]) for g in groups],
                    [("holiday", len(self.holiday))],
                )
                days = Occasion.formatted_read_group(domain, ["occasion_date:day"], ["__count"])
                self.assertEqual(len(days), 1, "only New Year's Day, no birthday")
                # Searching by the dates finds nothing either.
                self.assertFalse(Occasion.search([("occasion_date", "=", "2026-12-30")]))
                rules = self.rules.with_user(user)
                self.assertEqual(rules.occasion_ids, self.holiday)
                self.assertEqual(sum(rules.mapped("occasion_count")), len(self.holiday))
                family = self.family.with_user(user)
                self.assertEqual(family.care_occasion_count, 1, "the New Year card only")
                self.assertEqual(
                    self.env["crm.customer.overview"]
                    .browse(self.env.ref("crm_customer_info.crm_customer_overview_main").id)
                    .with_user(user)
                    .care_occasion_ids
                    & self.personal,
                    self.Occasion,
                )

    def test_customer_service_still_reads_every_occasion(self):
        Occasion = self._as(self.user_care)
        self.assertEqual(Occasion.search([("rule_id", "in", self.rules.ids)]), self.occasions)
        [row] = Occasion.browse(self.spouse_occasion.id).read(
            ["occasion_date", "family_member_id", "family_member_name", "display_name"]
        )
        self.assertEqual(row["occasion_date"], date(2027, 1, 1))
        self.assertEqual(row["family_member_id"][0], self.spouse.id)
        self.assertEqual(row["family_member_name"], "Spouse Wu")
        self.assertEqual(
            row["display_name"], "Spouse flowers: Care Family / Spouse Wu (2027-01-01)"
        )
        groups = Occasion.formatted_read_group(
            [("rule_id", "in", self.rules.ids)], ["occasion_type"], ["__count"]
        )
        self.assertEqual(len(groups), 5)
        exported = Occasion.browse(self.spouse_occasion.id).export_data(
            ["occasion_date", "family_member_name", "partner_id/birthday"]
        )["datas"]
        self.assertEqual(exported, [[date(2027, 1, 1), "Spouse Wu", ""]])
        # The spouse's birthday, the wedding anniversary and the New Year card.
        self.assertEqual(self.family.with_user(self.user_care).care_occasion_count, 3)

    def test_campaign_user_reads_no_personal_occasion_by_id(self):
        attempts = {
            "read": lambda record: record.read(["occasion_date"]),
            "export": lambda record: record.export_data(["occasion_date"]),
            "field": lambda record: record.occasion_date,
            "button": lambda record: record.action_done(),
            "write": lambda record: record.write({"note": "Call"}),
        }
        for occasion in self.personal:
            record = occasion.with_user(self.user_marketing)
            for name, attempt in attempts.items():
                with (
                    self.subTest(occasion=occasion.rule_id.name, attempt=name),
                    self.assertRaises(AccessError) as caught,
                ):
                    attempt(record)
                self.assertIn("Customer Care Occasion", str(caught.exception))
                self.assertTellsNothing(str(caught.exception))
        self.assertEqual(set(self.personal.mapped("state")), {"planned"})

    def test_access_error_in_debug_mode_names_no_personal_date(self):
        """In debug mode an access error lists the refused records by their
        names, computed as superuser: the name of an occasion on a personal
        date tells no date, person or family member to whom may not read it."""
        debug = MagicMock()
        debug.session.debug = "1"
        Occasion = self._as(self.user_marketing)
        with patch("odoo.addons.base.models.res_users.request", debug):
            with self.assertRaises(AccessError) as caught:
                Occasion.browse(self.personal.ids).read(["state"])
            holiday_name = Occasion.browse(self.holiday[:1].id).display_name
        message = str(caught.exception)
        self.assertIn("Blame the following rules", message, "the debug message")
        self.assertIn("Spouse flowers (crm.care.occasion", message)
        self.assertTellsNothing(message)
        for partner in self.test_partners:
            self.assertNotIn(partner.name, message)
        # Holiday occasions keep their full name.
        self.assertIn("(2027-01-01)", holiday_name)
        # The same occasion names its person and date to customer service.
        self.assertIn(
            "Care Alice (2026-12-30)",
            self.alice_birthday.with_user(self.user_care).sudo().display_name,
        )

    # ------------------------------------------------------------------
    # Through the customer and the family member: search, order, group by
    # ------------------------------------------------------------------
    def test_no_condition_order_or_group_on_restricted_fields(self):
        Occasion = self._as(self.user_marketing)
        attacks = {
            "search by birthday": lambda: Occasion.search([("partner_id.birthday", "!=", False)]),
            "search by month": lambda: Occasion.search_count(
                [("partner_id.birthday_month", "=", 12)]
            ),
            "search by anniversary": lambda: Occasion.search(
                [("partner_id.wedding_anniversary", "!=", False)]
            ),
            "search by family": lambda: Occasion.search(
                [("partner_id.family_member_ids.name", "ilike", "Wu")]
            ),
            "search by member": lambda: Occasion.search([("family_member_id", "!=", False)]),
            "search by member name": lambda: Occasion.search(
                [("family_member_name", "ilike", "Wu")]
            ),
            "order by member": lambda: Occasion.search([], order="family_member_name"),
            "group by member": lambda: Occasion.formatted_read_group(
                [], ["family_member_id"], ["__count"]
            ),
            "group by birth month": lambda: Occasion.formatted_read_group(
                [], ["partner_id.birthday_month"], ["__count"]
            ),
            "read member": lambda: (
                self.holiday[:1].with_user(self.user_marketing).read(["family_member_name"])
            ),
            "export birthday": lambda: (
                self.holiday[:1].with_user(self.user_marketing).export_data(["partner_id/birthday"])
            ),
            "export member": lambda: (
                self.holiday[:1]
                .with_user(self.user_marketing)
                .export_data(["family_member_id/name"])
            ),
        }
        for name, attack in attacks.items():
            with self.subTest(name), self.assertRaises(AccessError) as caught:
                attack()
            self.assertIn(
                "You do not have enough rights to access the field", str(caught.exception)
            )
            self.assertTellsNothing(str(caught.exception))

    def test_views_show_no_family_member_to_campaign_users(self):
        for view_type in ("list", "form", "calendar"):
            with self.subTest(view_type):
                arch = self._as(self.user_marketing).get_views([(False, view_type)])["views"][
                    view_type
                ]["arch"]
                self.assertNotIn("family_member", arch)
                arch = self._as(self.user_care).get_views([(False, view_type)])["views"][view_type][
                    "arch"
                ]
                self.assertIn("family_member_name", arch)

    # ------------------------------------------------------------------
    # Error messages
    # ------------------------------------------------------------------
    def test_error_messages_name_no_family_member(self):
        """The tester's path: an occasion created with somebody else's family
        member answered with that member's name."""
        Occasion = self._as(self.user_marketing)
        for rule in (self.holiday_rule, self.spouse_rule):
            with self.subTest(rule=rule.name), self.assertRaises(AccessError) as caught:
                Occasion.create(
                    {
                        "rule_id": rule.id,
                        "partner_id": self.alice.id,
                        "family_member_id": self.spouse.id,
                        "occasion_date": "2027-01-01",
                    }
                )
            self.assertTellsNothing(str(caught.exception))
            self.assertNotIn("Care Family", str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            self.holiday[:1].with_user(self.user_marketing).write(
                {"family_member_id": self.spouse.id}
            )
        self.assertIn('access the field "family_member_id"', str(caught.exception))
        self.assertTellsNothing(str(caught.exception))

    def test_constraint_run_as_superuser_names_what_its_reader_reads(self):
        # The check reads the family as superuser; its message goes to the user.
        as_marketing = self.spouse_occasion.with_user(self.user_marketing).sudo()
        with self.assertRaises(ValidationError) as caught:
            as_marketing.partner_id = self.alice
        self.assertEqual(
            str(caught.exception), "The chosen family member is not a family member of Care Alice."
        )
        # Customer service reads the family: the message names the member.
        with self.assertRaises(ValidationError) as caught:
            self.spouse_occasion.with_user(self.user_care).partner_id = self.alice
        self.assertEqual(str(caught.exception), "Spouse Wu is not a family member of Care Alice.")
        self.assertEqual(self.spouse_occasion.partner_id, self.family)
        with self.assertRaises(ValidationError) as caught:
            self.holiday[:1].with_user(self.user_care).family_member_id = self.spouse
        self.assertIn("Only the birthday of a spouse or a child", str(caught.exception))
        self.assertFalse(self.holiday.family_member_id)

    def test_duplicate_personal_occasion_tells_nothing(self):
        """The unique index would answer whether Alice has a birthday occasion:
        a campaign user is refused before asking it."""
        values = {
            "rule_id": self.birthday_rule.id,
            "partner_id": self.alice.id,
            "occasion_date": "2026-12-30",
        }
        for partner in (self.alice, self.bob):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError) as caught:
                self._as(self.user_marketing).create(dict(values, partner_id=partner.id))
            self.assertEqual(
                str(caught.exception),
                "Only customer service records care occasions on customers' personal dates "
                "(care rule Birthday flowers).",
            )
        # With the rule as default, as the rule's Occasions button opens them.
        with self.assertRaises(AccessError) as caught:
            self._as(self.user_marketing).with_context(
                default_rule_id=self.birthday_rule.id
            ).create({"partner_id": self.bob.id, "occasion_date": "2026-12-30"})
        self.assertIn("Birthday flowers", str(caught.exception))
        # Customer service gets the index's answer.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._as(self.user_care).create(values)
            self.env.flush_all()

    def test_holiday_occasion_cannot_move_to_a_personal_rule(self):
        occasion = self.holiday.filtered(lambda o: o.partner_id == self.alice)
        for user in (self.user_marketing, self.user_care):
            with self.subTest(user=user.login), self.assertRaises(UserError) as caught:
                occasion.with_user(user).write({"rule_id": self.birthday_rule.id})
            self.assertIn("Care Rule change only through", str(caught.exception))
        self.assertEqual(occasion.rule_id, self.holiday_rule)
        self.assertEqual(occasion.occasion_type, "holiday")

    # ------------------------------------------------------------------
    # The responsible and the activities
    # ------------------------------------------------------------------
    def test_responsible_of_personal_dates_is_customer_service(self):
        for occasion_type in ("birthday", "spouse_birthday", "wedding_anniversary"):
            for action in ("activity", "gift"):
                with (
                    self.subTest(occasion_type=occasion_type, action=action),
                    self.assertRaises(ValidationError) as caught,
                ):
                    self._rule(
                        occasion_type=occasion_type,
                        action=action,
                        user_id=self.user_marketing.id,
                    )
                self.assertIn(
                    f"the responsible user {self.user_marketing.name} does not read customers' "
                    "personal dates",
                    str(caught.exception),
                )
        with self.assertRaises(ValidationError) as caught:
            self.birthday_rule.user_id = self.user_marketing
        self.assertIn("does not read customers' personal dates", str(caught.exception))
        # Nor can one occasion be handed to him (he would be told of it).
        with self.assertRaises(ValidationError) as caught:
            self.alice_birthday.with_user(self.user_care).user_id = self.user_marketing
        self.assertIn(
            f"{self.user_marketing.name} does not read customers' personal dates",
            str(caught.exception),
        )
        self.assertFalse(self.alice_birthday.user_id)
        # Holidays are his.
        self._rule(
            occasion_type="holiday",
            holiday_id=self.new_year.id,
            action="activity",
            user_id=self.user_marketing.id,
        )
        self.alice_birthday.with_user(self.user_care).user_id = self.user_care

    def test_activities_on_personal_dates_go_to_customer_service_only(self):
        self._rule(name="Call on birthdays", action="activity", user_id=self.user_care.id)
        self._rule(
            name="Call at New Year",
            occasion_type="holiday",
            holiday_id=self.new_year.id,
            action="activity",
            user_id=self.user_marketing.id,
        )
        # A rule given a campaign user before the check existed.
        legacy = self._rule(
            name="Legacy birthday calls", action="activity", user_id=self.user_care.id
        )
        self.env.cr.execute(
            "UPDATE crm_care_rule SET user_id = %s WHERE id = %s",
            (self.user_marketing.id, legacy.id),
        )
        legacy.invalidate_recordset()
        with self.assertLogs("odoo.addons.crm_campaigns.models.crm_care_occasion", "WARNING"):
            self._run_cron("2026-12-28")
        Activity = self.env["mail.activity"]
        mine = Activity.with_user(self.user_marketing).search(
            [("res_model", "=", "crm.care.occasion")]
        )
        self.assertEqual(
            set(mine.mapped("res_name")),
            {f"Call at New Year: {partner.name} (2027-01-01)" for partner in self.test_partners},
        )
        service = Activity.with_user(self.user_care).search(
            [("res_model", "=", "crm.care.occasion"), ("user_id", "=", self.user_care.id)]
        )
        self.assertIn("Call on birthdays: Care Alice (2026-12-30)", service.mapped("res_name"))
        self.assertFalse(
            Activity.search(
                [("res_model", "=", "crm.care.occasion"), ("user_id", "=", self.user_marketing.id)]
            ).filtered(lambda a: "birthday" in a.res_name.lower())
        )

    # ------------------------------------------------------------------
    # The rules: audience and the button
    # ------------------------------------------------------------------
    def test_audience_count_answers_nothing_on_restricted_fields(self):
        rule = self._rule(
            name="Alice in December",
            domain=repr([("id", "=", self.alice.id), ("birthday_month", "=", 12)]),
        )
        self.assertEqual(rule.with_user(self.user_care).audience_count, 1)
        for user in (self.user_marketing, self.user_marketing_manager):
            with self.subTest(user=user.login):
                self.assertEqual(rule.with_user(user).audience_count, 0)

    def test_holiday_audience_filters_on_what_campaign_users_read(self):
        """Every campaign user sees whom a holiday rule greets: an audience
        of customers born in December would tell their birth month."""
        manager = new_test_user(
            self.env,
            login="t_cp_care_manager",
            groups="crm_campaigns.group_campaign_manager,crm_customer_info.group_customer_service",
        )
        Rule = self.env["crm.care.rule"].with_user(manager)
        values = {
            "name": "Born in December",
            "occasion_type": "holiday",
            "holiday_id": self.new_year.id,
            "action": "gift",
            "gift_description": "Card",
        }
        for domain, field in (
            ([("birthday_month", "=", 12)], "Birthday Month"),
            ([("parent_id.birthday", "!=", False)], "Birthday"),
            ([("child_ids", "any", [("wedding_anniversary", "!=", False)])], "Wedding Anniversary"),
            ([("family_member_ids.relation", "=", "spouse")], "Family Members"),
            (["|", ("name", "=", "x"), ("zodiac_sign", "=", "capricorn")], "Star Sign"),
        ):
            with self.subTest(domain=domain), self.assertRaises(ValidationError) as caught:
                Rule.create(dict(values, domain=repr(domain)))
            self.assertIn(
                f"its audience cannot filter on {field}, which only customer service reads",
                str(caught.exception),
            )
        # Nor by turning a birthday rule with such an audience into a holiday rule.
        birthday = Rule.create(
            dict(values, occasion_type="birthday", domain=repr([("birthday_month", "=", 12)]))
        )
        with self.assertRaises(ValidationError):
            birthday.write({"occasion_type": "holiday", "holiday_id": self.new_year.id})
        # What campaign users read is fine.
        rule = Rule.create(
            dict(values, domain=repr([("is_company", "=", False), ("grade_id.code", "=", "A")]))
        )
        self.assertEqual(rule.occasion_type, "holiday")

    def test_generate_now_tells_no_count_of_birthdays(self):
        """A one-customer birthday rule and the count of what the button
        created would tell whether the customer's birthday is in the window."""
        messages = set()
        for partner in (self.alice, self.bob, self.company):
            rule = self._rule(
                name=f"Only {partner.name}", domain=repr([("id", "=", partner.id)]), days_before=3
            )
            with freeze_time("2026-12-28"):
                action = rule.with_user(self.user_marketing_manager).action_generate_occasions()
            messages.add((action["params"]["type"], action["params"]["message"]))
        self.assertEqual(len(messages), 1, "the same answer whoever is born when")
        self.assertNotIn("1", next(iter(messages))[1])
        # Customer service gets the count.
        rule = self._rule(
            name="Alice again", domain=repr([("id", "=", self.alice.id)]), days_before=3
        )
        manager = new_test_user(
            self.env,
            login="t_cp_care_manager2",
            groups="crm_campaigns.group_campaign_manager,crm_customer_info.group_customer_service",
        )
        with freeze_time("2026-12-28"):
            action = rule.with_user(manager).action_generate_occasions()
        self.assertEqual(action["params"]["message"], "1 care occasions created.")
