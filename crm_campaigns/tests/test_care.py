import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import CampaignCase

# Gregorian dates of the lunar holidays, checked against the Chinese calendar.
LUNAR_DATES = {
    "spring_festival": ["2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13",
                        "2030-02-03"],
    "lantern": ["2025-02-12", "2026-03-03", "2027-02-20", "2028-02-09", "2029-02-27",
                "2030-02-17"],
    "dragon_boat": ["2025-05-31", "2026-06-19", "2027-06-09", "2028-05-28", "2029-06-16",
                    "2030-06-05"],
    "mid_autumn": ["2025-10-06", "2026-09-25", "2027-09-15", "2028-10-03", "2029-09-22",
                   "2030-09-12"],
}  # fmt: skip


class CareCase(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Demo rules stay out of the way of the daily job run by the tests.
        cls.env["crm.care.rule"].search([]).active = False
        cls.template = cls.env.ref("crm_campaigns.mail_template_care_birthday")
        Partner = cls.env["res.partner"]
        cls.alice = Partner.create(
            {"name": "Care Alice", "email": "alice@example.com", "birthday": date(1980, 12, 30)}
        )
        cls.bob = Partner.create(
            {"name": "Care Bob", "email": "bob@example.com", "birthday": date(1985, 1, 2)}
        )
        cls.carol = Partner.create(
            {"name": "Care Carol", "email": "carol@example.com", "birthday": date(1990, 1, 3)}
        )
        cls.leap = Partner.create(
            {"name": "Care Leap", "email": "leap@example.com", "birthday": date(1988, 2, 29)}
        )
        cls.company = Partner.create(
            {
                "name": "Care Founding Co.",
                "is_company": True,
                "email": "info@founding.example.com",
                "founding_date": date(2010, 1, 3),
            }
        )
        cls.family = Partner.create(
            {
                "name": "Care Family",
                "email": "family@example.com",
                "wedding_anniversary": date(2005, 1, 3),
            }
        )
        Member = cls.env["crm.partner.family.member"]
        cls.spouse = Member.create(
            {
                "partner_id": cls.family.id,
                "name": "Spouse Wu",
                "relation": "spouse",
                "birthday": date(1979, 1, 1),
            }
        )
        cls.child_1 = Member.create(
            {
                "partner_id": cls.family.id,
                "name": "Child One",
                "relation": "child",
                "birthday": date(2010, 12, 31),
            }
        )
        cls.child_2 = Member.create(
            {
                "partner_id": cls.family.id,
                "name": "Child Two",
                "relation": "child",
                "birthday": date(2012, 12, 31),
            }
        )
        cls.parent = Member.create(
            {
                "partner_id": cls.family.id,
                "name": "Parent Wu",
                "relation": "parent",
                "birthday": date(1950, 12, 31),
            }
        )
        # Bob never gave the email consent.
        (cls.alice | cls.carol | cls.leap | cls.company | cls.family)._crm_set_consent(
            "email", True
        )
        cls.test_partners = cls.alice | cls.bob | cls.carol | cls.leap | cls.company | cls.family

    @classmethod
    def _rule(cls, **values):
        vals = {
            "name": "Test care rule",
            "occasion_type": "birthday",
            "days_before": 7,
            "action": "gift",
            "gift_description": "Flowers",
            "domain": repr([("id", "in", cls.test_partners.ids)]),
        }
        vals.update(values)
        return cls.env["crm.care.rule"].create(vals)

    def _occasions(self, rule):
        return self.env["crm.care.occasion"].search([("rule_id", "=", rule.id)])

    def _run_cron(self, day):
        # The daily job commits its progress per rule: not inside a test.
        with (
            freeze_time(day),
            patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0),
        ):
            return self.env["crm.care.occasion"]._cron_create_occasions()


class TestCareHolidays(CareCase):
    def test_lunar_holidays_seeded_with_real_dates(self):
        for code, days in LUNAR_DATES.items():
            holiday = self.env.ref(f"crm_campaigns.crm_care_holiday_{code}")
            self.assertEqual(holiday.kind, "dated")
            self.assertEqual(
                sorted(str(day) for day in holiday.date_ids.mapped("date")), days, code
            )
            for day in days:
                self.assertEqual(str(holiday._date_in_year(int(day[:4]))), day)
        new_year = self.env.ref("crm_campaigns.crm_care_holiday_new_year")
        national = self.env.ref("crm_campaigns.crm_care_holiday_national_day")
        self.assertEqual(new_year._date_in_year(2031), date(2031, 1, 1))
        self.assertEqual(national._date_in_year(2031), date(2031, 10, 1))

    def test_one_date_per_holiday_and_year(self):
        holiday = self.env.ref("crm_campaigns.crm_care_holiday_mid_autumn")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["crm.care.holiday.date"].create(
                {"holiday_id": holiday.id, "date": "2027-09-16"}
            )
            self.env.flush_all()

    def test_fixed_holiday_validation(self):
        Holiday = self.env["crm.care.holiday"]
        with self.assertRaisesRegex(ValidationError, "2/30 is not a valid month and day"):
            Holiday.create({"name": "Bad", "code": "bad", "kind": "fixed", "month": 2, "day": 30})
        with self.assertRaisesRegex(ValidationError, "13/1 is not a valid month and day"):
            Holiday.create({"name": "Bad", "code": "bad", "kind": "fixed", "month": 13, "day": 1})
        leap_day = Holiday.create(
            {"name": "Leap", "code": "leap", "kind": "fixed", "month": 2, "day": 29}
        )
        self.assertEqual(leap_day._date_in_year(2027), date(2027, 2, 28))
        self.assertEqual(leap_day._date_in_year(2028), date(2028, 2, 29))
        with self.assertRaisesRegex(ValidationError, "it takes no dates per year"):
            self.env["crm.care.holiday.date"].create(
                {"holiday_id": leap_day.id, "date": "2027-03-01"}
            )

    def test_dates_missing_filter(self):
        holiday = self.env["crm.care.holiday"].create(
            {"name": "Undated", "code": "undated", "kind": "dated"}
        )
        missing = self.env["crm.care.holiday"].search([("dates_missing", "=", True)])
        self.assertIn(holiday, missing)
        self.assertNotIn(self.env.ref("crm_campaigns.crm_care_holiday_new_year"), missing)


class TestCareRuleValidation(CareCase):
    def test_bad_input_is_rejected(self):
        partner_template = self.env["mail.template"].create(
            {"name": "Not for occasions", "model_id": self.env.ref("base.model_res_partner").id}
        )
        bad_values = [
            ({"days_before": -1}, "must be between 0 and 365, not -1"),
            ({"days_before": 366}, "must be between 0 and 365, not 366"),
            ({"occasion_type": "holiday", "holiday_id": False}, "a holiday rule needs the holiday"),
            ({"action": "email", "mail_template_id": False}, "email rule needs an email template"),
            ({"action": "email", "mail_template_id": partner_template.id},
             "the email template must be made for care occasions"),
            ({"action": "activity", "user_id": False}, "an activity rule needs a responsible user"),
            ({"action": "activity", "user_id": self.user_sales.id}, "is not a campaign user"),
            ({"action": "gift", "gift_description": False},
             "a gift rule needs the description of the gift"),
            ({"gift_budget": -10}, "the gift budget cannot be negative"),
            ({"domain": "[('no_such_field', '=', 1)]"}, "is not a valid filter on customers"),
            ({"domain": "not a domain"}, "is not a valid filter on customers"),
        ]  # fmt: skip
        for values, message in bad_values:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                self._rule(**values)

    def test_failed_write_leaves_the_rule_unchanged(self):
        rule = self._rule(days_before=3)
        with self.assertRaisesRegex(ValidationError, "must be between 0 and 365, not -2"):
            rule.write({"days_before": -2})
        self.assertEqual(rule.days_before, 3)

    def test_valid_rules(self):
        email = self._rule(action="email", mail_template_id=self.template.id, days_before=0)
        activity = self._rule(action="activity", user_id=self.user_care.id, days_before=365)
        holiday = self._rule(
            occasion_type="holiday",
            holiday_id=self.env.ref("crm_campaigns.crm_care_holiday_mid_autumn").id,
        )
        self.assertTrue(email and activity and holiday)
        self.assertEqual(email.audience_count, 5, "Bob gave no email consent")
        self.assertEqual(holiday.audience_count, 6)


class TestCareOccasions(CareCase):
    def test_cron_is_idempotent_across_the_year_end(self):
        rule = self._rule(action="email", mail_template_id=self.template.id, days_before=7)
        self._run_cron("2026-12-28 08:00:00")
        occasions = self._occasions(rule)
        dates = {occasion.partner_id: occasion.occasion_date for occasion in occasions}
        # Alice on 30 December this year, Carol on 3 January next year;
        # Bob is born on 2 January but gave no email consent.
        self.assertEqual(dates, {self.alice: date(2026, 12, 30), self.carol: date(2027, 1, 3)})
        self.assertEqual(
            sorted(occasions.mapped("year")), [2026, 2027], "the year of the occasion, not today"
        )
        self.assertEqual(
            occasions.filtered(lambda o: o.partner_id == self.carol).action_date,
            date(2026, 12, 27),
        )
        mails = self.env["mail.mail"].search(
            [("model", "=", "crm.care.occasion"), ("res_id", "in", occasions.ids)]
        )
        self.assertEqual(len(mails), 2)

        # Again the same day, and the next day: nothing new, nothing sent twice.
        self._run_cron("2026-12-28 18:00:00")
        self._run_cron("2026-12-29 08:00:00")
        self.assertEqual(self._occasions(rule), occasions)
        mails = self.env["mail.mail"].search(
            [("model", "=", "crm.care.occasion"), ("res_id", "in", occasions.ids)]
        )
        self.assertEqual(len(mails), 2)

        # A year later, new occasions for the new year.
        self._run_cron("2027-12-28 08:00:00")
        self.assertEqual(sorted(self._occasions(rule).mapped("year")), [2026, 2027, 2027, 2028])

    def test_two_workers_insert_once(self):
        rule = self._rule(days_before=7)
        with freeze_time("2026-12-28"):
            candidates = rule._find_candidates(date(2026, 12, 28), date(2027, 1, 4))
        self.assertEqual(len(candidates), 3)
        first = rule._insert_occasions(candidates)
        second = rule._insert_occasions(candidates)
        self.assertEqual(len(first), 3)
        self.assertFalse(second, "occasions already inserted are skipped")

    def test_duplicate_occasion_violates_the_unique_index(self):
        rule = self._rule(days_before=7)
        values = {"rule_id": rule.id, "partner_id": self.alice.id, "occasion_date": "2026-12-30"}
        self.env["crm.care.occasion"].create(values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            # Another date of the same year: still the same person and year.
            self.env["crm.care.occasion"].create(dict(values, occasion_date="2026-06-30"))
            self.env.flush_all()
        # With a family member, NULLs do not slip through either.
        spouse_rule = self._rule(occasion_type="spouse_birthday", days_before=7)
        values = {
            "rule_id": spouse_rule.id,
            "partner_id": self.family.id,
            "family_member_id": self.spouse.id,
            "occasion_date": "2027-01-01",
        }
        self.env["crm.care.occasion"].create(values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["crm.care.occasion"].create(values)
            self.env.flush_all()

    def test_february_29(self):
        rule = self._rule(days_before=5)
        # A common year: the leap-day birthday is celebrated on 28 February.
        self._run_cron("2027-02-25")
        occasion = self._occasions(rule).filtered(lambda o: o.partner_id == self.leap)
        self.assertEqual(occasion.occasion_date, date(2027, 2, 28))
        # A leap year: on the 29th, and only once.
        self._run_cron("2028-02-27")
        occasion = self._occasions(rule).filtered(
            lambda o: o.partner_id == self.leap and o.year == 2028
        )
        self.assertEqual(occasion.occasion_date, date(2028, 2, 29))
        # A window that ends on 27 February of a common year misses it.
        self._run_cron("2029-02-20")
        self.assertFalse(
            self._occasions(rule).filtered(lambda o: o.partner_id == self.leap and o.year == 2029)
        )

    def test_family_birthdays(self):
        spouse_rule = self._rule(occasion_type="spouse_birthday", days_before=7)
        child_rule = self._rule(occasion_type="child_birthday", days_before=7)
        self._run_cron("2026-12-28")
        spouse = self._occasions(spouse_rule)
        self.assertEqual(spouse.family_member_id, self.spouse)
        self.assertEqual(spouse.partner_id, self.family)
        self.assertEqual(spouse.occasion_date, date(2027, 1, 1))
        children = self._occasions(child_rule)
        # Both children (born on the same day) but not the parent.
        self.assertEqual(children.family_member_id, self.child_1 | self.child_2)
        self.assertEqual(set(children.mapped("occasion_date")), {date(2026, 12, 31)})
        # Customer service reads the name; campaign users not even the occasion.
        self.assertEqual(spouse.with_user(self.user_care).family_member_name, self.spouse.name)
        with self.assertRaisesRegex(AccessError, r"'read' access to:\n- Customer Care Occasion"):
            spouse.with_user(self.user_marketing).read(["occasion_date"])
        self._run_cron("2026-12-29")
        self.assertEqual(len(self._occasions(child_rule)), 2)

    def test_wedding_and_founding_anniversaries(self):
        wedding_rule = self._rule(occasion_type="wedding_anniversary", days_before=7)
        founding_rule = self._rule(occasion_type="founding_anniversary", days_before=7)
        self._run_cron("2026-12-28")
        wedding = self._occasions(wedding_rule)
        self.assertEqual(wedding.partner_id, self.family)
        self.assertEqual(wedding.occasion_date, date(2027, 1, 3))
        founding = self._occasions(founding_rule)
        self.assertEqual(founding.partner_id, self.company)
        self.assertEqual(founding.occasion_date, date(2027, 1, 3))
        # Outside the window: nothing.
        self._run_cron("2026-11-01")
        self.assertEqual(len(self._occasions(founding_rule)), 1)

    def test_lunar_holiday_from_the_calendar_with_a_gift(self):
        rule = self._rule(
            occasion_type="holiday",
            holiday_id=self.env.ref("crm_campaigns.crm_care_holiday_mid_autumn").id,
            days_before=10,
            gift_budget=300,
        )
        self._run_cron("2027-09-04")
        self.assertFalse(self._occasions(rule), "Mid-Autumn 2027 is on 15 September")
        self._run_cron("2027-09-05")
        occasions = self._occasions(rule)
        self.assertEqual(occasions.partner_id, self.test_partners)
        self.assertEqual(set(occasions.mapped("occasion_date")), {date(2027, 9, 15)})
        self.assertEqual(set(occasions.mapped("gift_description")), {"Flowers"})
        self.assertEqual(set(occasions.mapped("state")), {"planned"})
        occasion = occasions[0]
        occasion.with_user(self.user_marketing).write({"gift_cost": 280})
        occasion.with_user(self.user_marketing).action_done()
        self.assertEqual(occasion.state, "done")
        self.assertTrue(occasion.gift_delivered)
        with self.assertRaisesRegex(UserError, r"cannot change: .* is not planned"):
            occasion.action_done()
        with self.assertRaisesRegex(ValidationError, "The cost of a gift cannot be negative"):
            occasions[1].gift_cost = -1

    def test_fixed_holiday_across_the_year_end(self):
        rule = self._rule(
            occasion_type="holiday",
            holiday_id=self.env.ref("crm_campaigns.crm_care_holiday_new_year").id,
            days_before=10,
        )
        self._run_cron("2026-12-25")
        occasions = self._occasions(rule)
        self.assertEqual(set(occasions.mapped("occasion_date")), {date(2027, 1, 1)})
        self.assertEqual(set(occasions.mapped("year")), {2027})

    def test_missing_lunar_year_warns_once_and_creates_nothing(self):
        spring = self.env.ref("crm_campaigns.crm_care_holiday_spring_festival")
        rule = self._rule(occasion_type="holiday", holiday_id=spring.id, days_before=40)
        Activity = self.env["mail.activity"]
        activity_domain = [
            ("res_model", "=", "crm.care.holiday"),
            ("res_id", "=", spring.id),
            ("user_id", "=", self.user_marketing_manager.id),
        ]
        # The window reaches into 2031, which has no Spring Festival date yet.
        with self.assertLogs("odoo.addons.crm_campaigns.models.crm_care_holiday", "WARNING"):
            self._run_cron("2030-12-20")
        self.assertFalse(self._occasions(rule))
        self.assertEqual(Activity.search_count(activity_domain), 1)
        self.assertEqual(spring.date_warning_year, 2031)
        self.assertIn(
            self.user_marketing_manager.partner_id,
            spring.message_ids[0].partner_ids,
            "the campaign managers are told in the chatter",
        )
        self._run_cron("2030-12-21")
        self.assertEqual(Activity.search_count(activity_domain), 1, "warned once")
        # Once the date is entered, the occasions come.
        self.env["crm.care.holiday.date"].create({"holiday_id": spring.id, "date": "2031-01-23"})
        self._run_cron("2030-12-22")
        self.assertEqual(set(self._occasions(rule).mapped("occasion_date")), {date(2031, 1, 23)})

    def test_email_only_with_consent_and_not_blacklisted(self):
        self.env["mail.blacklist"].create({"email": "carol@example.com"})
        rule = self._rule(action="email", mail_template_id=self.template.id, days_before=7)
        self._run_cron("2026-12-28")
        occasions = self._occasions(rule)
        by_partner = {occasion.partner_id: occasion for occasion in occasions}
        self.assertNotIn(self.bob, by_partner, "no consent: not even an occasion")
        alice, carol = by_partner[self.alice], by_partner[self.carol]
        self.assertEqual((alice.state, alice.mail_sent), ("done", True))
        self.assertEqual((carol.state, carol.mail_sent), ("cancelled", False))
        mails = self.env["mail.mail"].search(
            [("model", "=", "crm.care.occasion"), ("res_id", "in", occasions.ids)]
        )
        self.assertEqual(mails.recipient_ids, self.alice)
        self.assertIn("Happy birthday", mails.subject)

    def test_consent_withdrawn_before_sending(self):
        rule = self._rule(action="email", mail_template_id=self.template.id, days_before=7)
        occasion = self.env["crm.care.occasion"].create(
            {"rule_id": rule.id, "partner_id": self.alice.id, "occasion_date": "2026-12-30"}
        )
        self.alice._crm_set_consent("email", False)
        occasion.with_user(self.user_care).action_send_email()
        self.assertEqual(occasion.state, "cancelled")
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "crm.care.occasion"), ("res_id", "=", occasion.id)]
            )
        )

    def test_activity_action(self):
        rule = self._rule(action="activity", user_id=self.user_care.id, days_before=7)
        self._run_cron("2026-12-28")
        occasion = self._occasions(rule).filtered(lambda o: o.partner_id == self.carol)
        activity = occasion.activity_ids
        self.assertEqual(activity.user_id, self.user_care)
        self.assertEqual(activity.activity_type_id.res_model, "crm.care.occasion")
        self.assertEqual(activity.date_deadline, date(2026, 12, 28), "action date 27 Dec is past")
        occasion.with_user(self.user_care).action_done()
        self.assertEqual(occasion.state, "done")
        self.assertFalse(occasion.activity_ids)

    def test_audience_and_required_consent(self):
        rule = self._rule(
            days_before=7,
            domain=repr([("id", "in", (self.alice | self.bob).ids)]),
            required_consent="phone",
        )
        self._run_cron("2026-12-28")
        self.assertFalse(self._occasions(rule), "nobody gave the phone consent")
        (self.alice | self.bob)._crm_set_consent("phone", True)
        self._run_cron("2026-12-28")
        self.assertEqual(self._occasions(rule).partner_id, self.alice | self.bob)

    def test_queries_do_not_grow_with_the_audience(self):
        def generate(count):
            partners = self.env["res.partner"].create(
                [{"name": f"Many {i}", "birthday": date(1980, 12, 30)} for i in range(count)]
            )
            rule = self._rule(domain=repr([("id", "in", partners.ids)]))
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            occasions = rule._generate_occasions(date(2026, 12, 28))
            self.assertEqual(len(occasions), count)
            return self.cr.sql_log_count - start

        self.assertEqual(generate(3), generate(30))

    def test_inactive_rule_creates_nothing(self):
        rule = self._rule(days_before=7, active=False)
        self._run_cron("2026-12-28")
        self.assertFalse(self._occasions(rule))


class TestCareAccess(CareCase):
    def test_rules_and_holidays_configured_by_managers(self):
        rule = self._rule()
        holiday = self.env.ref("crm_campaigns.crm_care_holiday_mid_autumn")
        as_user = rule.with_user(self.user_marketing)
        self.assertEqual(as_user.name, rule.name, "campaign users read the rules")
        with self.assertRaisesRegex(AccessError, "not allowed to modify 'Customer Care Rule'"):
            as_user.write({"days_before": 3})
        with self.assertRaisesRegex(AccessError, "not allowed to create 'Customer Care Rule'"):
            self.env["crm.care.rule"].with_user(self.user_marketing).create(
                {"name": "Mine", "action": "gift", "gift_description": "Tea"}
            )
        with self.assertRaisesRegex(AccessError, "not allowed to modify 'Customer Care Rule'"):
            as_user.action_generate_occasions()
        with self.assertRaisesRegex(AccessError, "not allowed to modify 'Care Holiday'"):
            holiday.with_user(self.user_marketing).write({"name": "Moon"})
        with self.assertRaisesRegex(AccessError, "not allowed to create 'Holiday Date in a Year'"):
            self.env["crm.care.holiday.date"].with_user(self.user_marketing).create(
                {"holiday_id": holiday.id, "date": "2031-10-01"}
            )
        rule.with_user(self.user_marketing_manager).write({"days_before": 3})
        self.env["crm.care.holiday.date"].with_user(self.user_marketing_manager).create(
            {"holiday_id": holiday.id, "date": "2031-10-01"}
        )
        self.env["crm.care.rule"].with_user(self.user_marketing_manager).create(
            {"name": "Manager's", "action": "gift", "gift_description": "Tea"}
        )

    def test_salespeople_have_no_access_to_care(self):
        rule = self._rule()
        occasion = self.env["crm.care.occasion"].create(
            {"rule_id": rule.id, "partner_id": self.alice.id, "occasion_date": "2026-12-30"}
        )
        for record in (rule, occasion, self.env.ref("crm_campaigns.crm_care_holiday_new_year")):
            with self.assertRaisesRegex(
                AccessError, rf"not allowed to access '[^']+' \({re.escape(record._name)}\)"
            ):
                record.with_user(self.user_sales).read(["display_name"])

    def test_campaign_users_manage_occasions(self):
        rule = self._rule(
            occasion_type="holiday",
            holiday_id=self.env.ref("crm_campaigns.crm_care_holiday_mid_autumn").id,
        )
        Occasion = self.env["crm.care.occasion"].with_user(self.user_marketing)
        occasion = Occasion.create(
            {"rule_id": rule.id, "partner_id": self.alice.id, "occasion_date": "2026-12-30"}
        )
        occasion.write({"note": "Call first"})
        with self.assertRaisesRegex(AccessError, "not allowed to delete 'Customer Care Occasion'"):
            occasion.unlink()
        as_manager = occasion.with_user(self.user_marketing_manager)
        as_manager.action_done()
        with self.assertRaisesRegex(UserError, "Care occasions already done are kept as history"):
            as_manager.unlink()

    def test_company_rules(self):
        other = self.env["res.company"].create({"name": "Other Care Company"})
        rule = self._rule(company_id=other.id)
        occasion = self.env["crm.care.occasion"].create(
            {"rule_id": rule.id, "partner_id": self.alice.id, "occasion_date": "2026-12-30"}
        )
        self.assertEqual(occasion.company_id, other)
        for record in (rule, occasion):
            self.assertFalse(
                record.with_user(self.user_marketing_manager).search_count([("id", "=", record.id)])
            )
            with self.assertRaisesRegex(
                AccessError, rf"'read' access to:\n- [^\n]*\({re.escape(record._name)}\)"
            ):
                record.with_user(self.user_marketing_manager).read(["display_name"])

    def test_partner_smart_button(self):
        rule = self._rule(
            occasion_type="holiday",
            holiday_id=self.env.ref("crm_campaigns.crm_care_holiday_mid_autumn").id,
        )
        self.env["crm.care.occasion"].create(
            {"rule_id": rule.id, "partner_id": self.alice.id, "occasion_date": "2026-12-30"}
        )
        self.assertEqual(self.alice.with_user(self.user_marketing).care_occasion_count, 1)
        action = self.alice.with_user(self.user_marketing).action_view_care_occasions()
        self.assertEqual(action["domain"], [("partner_id", "=", self.alice.id)])
