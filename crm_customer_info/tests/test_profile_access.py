from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerInfoCase

# A sample of detailed-profile fields, personal and organisational.
PROFILE_FIELDS = [
    "birthday",
    "resident_id",
    "health_status",
    "religion",
    "income_range",
    "hobbies",
    "family_member_ids",
    "relationship_ids",
    "registered_capital",
    "legal_representative",
    "competitor_usage_ids",
    "key_person_role",
]
PROFILE_MODELS = [
    "crm.partner.family.member",
    "crm.partner.education",
    "crm.partner.employment",
    "crm.partner.club",
    "crm.partner.relationship",
    "crm.competitor.usage",
    "crm.partner.event",
]


@tagged("post_install", "-at_install")
class TestProfileAccess(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create(
            {
                "name": "陈静",
                "gender": "female",
                "hobbies": "书法",
                "family_member_ids": [(0, 0, {"name": "刘强", "relation": "spouse"})],
            }
        )
        # sensitive fields (religion) need the customer's separate consent
        cls.person._crm_set_consent("sensitive", True)

    def test_every_profile_field_is_restricted(self):
        """Every field this addon adds to res.partner beyond grade and lifecycle
        belongs to customer service and above."""
        open_fields = {
            # review planning is everyone's; the review log is not (review_ids)
            "review_interval_days",
            "last_review_date",
            "next_review_date",
            "review_due",
            "reviewer_id",
            "grade_id",
            "grade_color",
            "grade_history_ids",
            "importance",
            "customer_state",
            "stop_trade_reason",
            "stop_trade_date",
            "first_trade_date",
            "source_id",
            "referrer_id",
            "developed_on",
            "developer_id",
            "is_crm_customer",
            # consents: contact permissions every role must respect
            "consent_email",
            "consent_sms",
            "consent_phone",
            "consent_post",
            "consent_sensitive",
        }
        ours = [
            field
            for field in self.env["res.partner"]._fields.values()
            if field._modules[:1] == ("crm_customer_info",)
        ]
        self.assertGreater(len(ours), 150)
        for field in ours:
            if field.name not in open_fields:
                self.assertIn(
                    "crm_customer_info.group_customer_service", field.groups or "", field.name
                )

    def test_salesperson_cannot_read_profile(self):
        partner = self.person.with_user(self.user_sales)
        self.assertEqual(partner.name, "陈静")
        for fname in PROFILE_FIELDS:
            with self.assertRaisesRegex(AccessError, f'access the field "{fname}"', msg=fname):
                partner.read([fname])

    def test_salesperson_cannot_search_profile(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        for domain in (
            [("hobbies", "ilike", "书法")],
            [("birthday", "!=", False)],
            [("resident_id", "=", "x")],
            [("family_member_ids.name", "=", "刘强")],
        ):
            fname = domain[0][0].split(".")[0]
            with self.assertRaisesRegex(
                AccessError, f'access the field "{fname}"', msg=str(domain)
            ):
                Partner.search(domain)

    def test_salesperson_cannot_touch_profile_models(self):
        for model in PROFILE_MODELS:
            with self.assertRaisesRegex(
                AccessError, rf"You are not allowed to access .* \({model}\)", msg=model
            ):
                self.env[model].with_user(self.user_sales).search([])

    def test_salesperson_sees_grade_and_lifecycle(self):
        grade_a = self.env.ref("crm_customer_info.customer_grade_a")
        self.person.write({"grade_id": grade_a.id, "customer_state": "current"})
        partner = self.person.with_user(self.user_sales)
        self.assertEqual(partner.read(["grade_id", "customer_state"])[0]["grade_id"][0], grade_a.id)
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.user_sales)
            .search_count([("grade_id", "=", grade_a.id), ("id", "=", self.person.id)]),
            1,
        )

    def test_customer_service_reads_and_writes(self):
        partner = self.person.with_user(self.user_service)
        partner.write({"hobbies": "书法, 茶道", "religion": "Buddhism"})
        self.assertEqual(partner.hobbies, "书法, 茶道")
        partner.write({"family_member_ids": [(0, 0, {"name": "刘小雨", "relation": "child"})]})
        self.assertEqual(len(partner.family_member_ids), 2)
        self.env["crm.partner.relationship"].with_user(self.user_service).create(
            {"partner_id": self.person.id, "name": "周老师", "relation_type": "classmate"}
        )

    def test_sensitive_fields_are_marked(self):
        sensitive = self.env["res.partner"]._crm_sensitive_fields
        for fname in (
            "resident_id",
            "health_status",
            "religion",
            "political_affiliation",
            "income_range",
        ):
            self.assertIn(fname, sensitive)
            self.assertIn(fname, self.env["res.partner"]._fields)

    def test_completeness_is_read_by_profile_readers_only(self):
        # computed over restricted fields: it would tell which are filled
        with self.assertRaisesRegex(AccessError, 'access the field "profile_completeness"'):
            self.person.with_user(self.user_sales).read(["profile_completeness"])
        with self.assertRaisesRegex(AccessError, "profile_completeness"):
            self.env["res.partner"].with_user(self.user_sales).search(
                [("profile_completeness", "<", 80)]
            )
        self.assertIsInstance(
            self.person.with_user(self.user_service).read(["profile_completeness"])[0][
                "profile_completeness"
            ],
            int,
        )
