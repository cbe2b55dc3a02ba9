from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import CampaignCase


class TestSegment(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.grade_a = ref("crm_customer_info.customer_grade_a")
        cls.grade_b = ref("crm_customer_info.customer_grade_b")
        cls.state_bj = ref("base.state_cn_BJ")
        cls.state_sh = ref("base.state_cn_SH")
        cls.rfm_champions = ref("crm_campaigns.rfm_segment_champions")
        cls.industry = cls.env["res.partner.industry"].create({"name": "Test Machinery"})
        # Every test customer carries this tag, so that segments ignore demo data.
        cls.tag = cls.env["res.partner.category"].create({"name": "Segment Test"})
        cls.vip = cls.env["res.partner.category"].create({"name": "Segment VIP"})
        Partner = cls.env["res.partner"]

        def customer(name, **vals):
            vals.setdefault("customer_state", "current")
            tags = vals.pop("tags", cls.env["res.partner.category"])
            return Partner.create(
                {"name": name, "category_id": [Command.set((cls.tag | tags).ids)], **vals}
            )

        cls.alpha = customer(
            "Alpha Trading",
            is_company=True,
            grade_id=cls.grade_a.id,
            state_id=cls.state_bj.id,
            country_id=cls.state_bj.country_id.id,
            industry_id=cls.industry.id,
            org_nature="state_owned",
            city="Beijing",
            tags=cls.vip,
        )
        cls.beta = customer(
            "Beta Stores",
            is_company=True,
            grade_id=cls.grade_b.id,
            state_id=cls.state_sh.id,
            country_id=cls.state_sh.country_id.id,
            org_nature="joint_stock",
        )
        cls.gamma = customer(
            "Gamma Wang",
            grade_id=cls.grade_a.id,
            customer_state="potential",
            birthday=date(1980, 3, 9),
        )
        cls.delta = customer("Delta Li", birthday=date(1990, 7, 1))
        # Tagged but not a customer (no lifecycle, never invoiced): never a member.
        cls.supplier = Partner.create(
            {"name": "Epsilon Supplies", "category_id": [Command.set(cls.tag.ids)]}
        )
        cls.alpha._crm_set_consent("email", True)
        cls.gamma._crm_set_consent("email", True)
        cls.gamma._crm_set_consent("sms", True)
        (cls.alpha | cls.delta).write(
            {"rfm_segment_id": cls.rfm_champions.id, "value_quadrant": "star"}
        )
        cls.beta.write({"value_quadrant": "dog", "abc_class": "C"})
        cls.alpha.write({"abc_class": "A"})
        cls.everyone = cls.alpha | cls.beta | cls.gamma | cls.delta

    def _segment(self, **vals):
        vals.setdefault("name", "Test Segment")
        vals.setdefault("category_ids", [Command.set(self.tag.ids)])
        return self.env["crm.customer.segment"].create(vals)

    def test_customers_only(self):
        segment = self._segment()
        self.assertEqual(segment._get_members(), self.everyone)
        self.assertEqual(segment.member_count, 4)
        self.assertNotIn(self.supplier, segment._get_members())

    def test_filters(self):
        cases = [
            ({"grade_ids": [Command.set(self.grade_a.ids)]}, self.alpha | self.gamma),
            (
                {"grade_ids": [Command.set((self.grade_a | self.grade_b).ids)]},
                self.alpha | self.beta | self.gamma,
            ),
            ({"customer_state": "potential"}, self.gamma),
            ({"rfm_segment_ids": [Command.set(self.rfm_champions.ids)]}, self.alpha | self.delta),
            ({"value_quadrant": "dog"}, self.beta),
            ({"abc_class": "A"}, self.alpha),
            ({"state_ids": [Command.set(self.state_sh.ids)]}, self.beta),
            ({"industry_ids": [Command.set(self.industry.ids)]}, self.alpha),
            ({"org_nature": "joint_stock"}, self.beta),
            ({"category_ids": [Command.set(self.vip.ids)]}, self.alpha),
            ({"consent_channel": "email"}, self.alpha | self.gamma),
            ({"consent_channel": "sms"}, self.gamma),
            ({"birthday_month": "7"}, self.delta),
            ({"extra_domain": "[('city', '=', 'Beijing')]"}, self.alpha),
            (
                {"grade_ids": [Command.set(self.grade_a.ids)], "consent_channel": "sms"},
                self.gamma,
            ),
        ]
        for vals, expected in cases:
            with self.subTest(vals=vals):
                segment = self._segment(**vals)
                self.assertEqual(segment._get_members(), expected)
                self.assertEqual(segment.member_count, len(expected))
                # The domain is the API other features search with.
                self.assertEqual(
                    self.env["res.partner"].search(segment._get_member_domain()), expected
                )

    def test_snapshot(self):
        segment = self._segment(grade_ids=[Command.set(self.grade_a.ids)])
        self.assertEqual(segment.mode, "dynamic")
        segment.action_freeze()
        self.assertEqual(segment.mode, "snapshot")
        self.assertTrue(segment.snapshot_date)
        self.assertEqual(segment.member_ids, self.alpha | self.gamma)
        # A new grade-A customer joins dynamic segments at once, snapshots on refresh.
        self.delta.grade_id = self.grade_a
        dynamic = self._segment(grade_ids=[Command.set(self.grade_a.ids)])
        self.assertEqual(dynamic._get_members(), self.alpha | self.gamma | self.delta)
        self.assertEqual(segment._get_members(), self.alpha | self.gamma)
        self.assertEqual(segment.member_count, 2)
        with self.assertRaisesRegex(UserError, "already a snapshot"):
            segment.action_freeze()
        segment.action_refresh()
        self.assertEqual(segment._get_members(), self.alpha | self.gamma | self.delta)
        self.assertEqual(segment.member_count, 3)
        segment.action_make_dynamic()
        self.assertEqual(segment.mode, "dynamic")
        self.assertFalse(segment.member_ids)
        with self.assertRaisesRegex(UserError, "is dynamic"):
            segment.action_refresh()
        self.assertEqual(segment._get_members(), self.alpha | self.gamma | self.delta)

    def test_bad_domain(self):
        for bad in ("[('no_such_field', '=', 1)]", "[('name', 'bogus', 1)]", "not a domain", "42"):
            with (
                self.subTest(domain=bad),
                self.assertRaisesRegex(ValidationError, "not a valid filter"),
            ):
                self._segment(extra_domain=bad)
        segment = self._segment(extra_domain="[('city', '=', 'Beijing')]")
        with self.assertRaisesRegex(ValidationError, "not a valid filter"):
            segment.extra_domain = "[('city', '=',"
        self.assertEqual(segment.extra_domain, "[('city', '=', 'Beijing')]")
        self.assertEqual(segment._get_members(), self.alpha)

    def test_birthday_needs_customer_service(self):
        segment = self._segment(birthday_month="3")
        marketing = segment.with_user(self.user_marketing)
        # No sudo around the field's group: the user gets Odoo's access error.
        with self.assertRaisesRegex(
            AccessError, 'enough rights to access the field "birthday_month"'
        ):
            marketing._get_members()
        with self.assertRaisesRegex(
            AccessError, 'enough rights to access the field "birthday_month"'
        ):
            marketing.action_freeze()
        self.assertEqual(segment.mode, "dynamic")
        # Lists of segments still open for him.
        self.assertEqual(marketing.member_count, 0)
        self.assertTrue(marketing.member_access_denied)
        service = new_test_user(
            self.env,
            login="t_cp_service",
            groups="crm_campaigns.group_campaign_user,crm_customer_info.group_customer_service",
        )
        self.assertEqual(segment.with_user(service)._get_members(), self.gamma)
        self.assertFalse(segment.with_user(service).member_access_denied)

    def test_access(self):
        Segment = self.env["crm.customer.segment"]
        with self.assertRaisesRegex(AccessError, "not allowed to create 'Customer Segment'"):
            Segment.with_user(self.user_sales).create({"name": "Sales Segment"})
        segment = Segment.with_user(self.user_marketing).create(
            {"name": "Marketing Segment", "category_ids": [Command.set(self.tag.ids)]}
        )
        with self.assertRaisesRegex(AccessError, "not allowed to access 'Customer Segment'"):
            segment.with_user(self.user_sales).read(["name"])
        self.assertEqual(segment._get_members(), self.everyone)
        segment.name = "Renamed"
        other_company = self.env["res.company"].create({"name": "Other Segment Company"})
        foreign = Segment.create({"name": "Foreign", "company_id": other_company.id})
        shared = Segment.create({"name": "Shared", "company_id": False})
        visible = Segment.with_user(self.user_marketing).search(
            [("id", "in", (foreign | shared).ids)]
        )
        self.assertEqual(visible, shared)
        with self.assertRaisesRegex(AccessError, r"'read' access to:\n- Customer Segment \("):
            foreign.with_user(self.user_marketing).read(["name"])
        segment.unlink()
        self.assertFalse(segment.exists())
