from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase

ADDONS = ("crm_customer_info", "crm_credit", "crm_campaigns")
# A record rule refusing a read: the record is there, the reader may not see it.
RULE_REFUSAL = r"(?s)doesn't have 'read' access to:.*%s"


@tagged("post_install", "-at_install")
class TestCompanyRules(CustomerInfoCase):
    """Every model of the addons that belongs to a company has its company
    rule; a user of another company reads none of its records."""

    def _company_bound_models(self):
        """Models defined by the addons (installed ones) with a stored company."""
        return sorted(
            name
            for name, Model in self.env.registry.items()
            if Model._original_module in ADDONS
            and not Model._abstract
            and not Model._transient
            and "company_id" in Model._fields
            and Model._fields["company_id"].store
        )

    def test_every_company_bound_model_has_a_company_rule(self):
        models = self._company_bound_models()
        # The logs the issue found readable are among them.
        for name in ("crm.archive.access.log", "crm.privacy.erasure.request"):
            self.assertIn(name, models)
        self.assertIn("crm.partner.consent", models)
        Rule = self.env["ir.rule"].sudo()
        missing = []
        for name in models:
            rules = Rule.search(
                [
                    ("model_id.model", "=", name),
                    ("global", "=", True),
                    ("active", "=", True),
                    ("perm_read", "=", True),
                ]
            )
            if not rules.filtered(
                lambda rule: (
                    "company_id" in rule.domain_force and "company_ids" in rule.domain_force
                )
            ):
                missing.append(name)
        self.assertEqual(missing, [], "company-bound models without a global company rule")


@tagged("post_install", "-at_install")
class TestOtherCompanyReadsNothing(CustomerInfoCase):
    """The archive access log, erasure requests, consent log and proposed
    profile changes of one company are not read from another."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "第二测试分公司"})
        groups = ",".join(
            [
                "crm_customer_info.group_manager",
                "crm_customer_info.group_archive_admin",
                "crm_customer_info.group_privacy_officer",
            ]
        )
        cls.user_b = new_test_user(
            cls.env,
            login="t_company_b",
            groups=groups,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        # A customer both companies deal with (no company of its own).
        cls.customer = cls.env["res.partner"].create(
            {"name": "两地共享客户有限公司", "is_company": True, "email": "shared@example.com"}
        )
        cls.document = cls.env["crm.archive.document"].create(
            {
                "partner_id": cls.customer.id,
                "category_id": cls.env.ref("crm_customer_info.archive_category_basic").id,
                "title": "A 公司的营业执照",
            }
        )
        Log = cls.env["crm.archive.access.log"]
        cls.log_a = Log.with_user(cls.user_archivist)._log("view", cls.document)
        cls.request_a = cls.customer.with_user(cls.user_service)._crm_request_erasure("A 公司收到")
        cls.customer._crm_set_consent("email", True, note="A 公司记录")
        Consent = cls.env["crm.partner.consent"]
        cls.consent_a = Consent.search([("partner_id", "=", cls.customer.id)])
        # The same customer asks company B too.
        customer_b = cls.customer.with_user(cls.user_b).with_company(cls.company_b)
        cls.request_b = customer_b._crm_request_erasure("B 公司收到")
        customer_b.sudo()._crm_set_consent("sms", True, note="B 公司记录")
        cls.consent_b = Consent.search([("partner_id", "=", cls.customer.id)]) - cls.consent_a
        cls.report_a = cls.env["crm.info.report"].create(
            {
                "partner_id": cls.customer.id,
                "subject": "A 公司的信息报告",
                "line_ids": [Command.create({"field_name": "phone", "new_value": "0571-1234567"})],
            }
        )

    def test_records_belong_to_their_company(self):
        self.assertEqual(self.log_a.company_id, self.company_a)
        self.assertEqual(self.request_a.company_id, self.company_a)
        self.assertEqual(self.consent_a.company_id, self.company_a)
        self.assertEqual(self.request_b.company_id, self.company_b)
        self.assertEqual(self.consent_b.company_id, self.company_b)
        self.assertNotEqual(
            self.request_a, self.request_b, "a request pending in one company is not another's"
        )

    def test_other_company_searches_find_nothing(self):
        env_b = self.env(user=self.user_b)
        domain = [("partner_id", "=", self.customer.id)]
        self.assertFalse(env_b["crm.archive.access.log"].search(domain))
        self.assertEqual(env_b["crm.privacy.erasure.request"].search(domain), self.request_b)
        self.assertEqual(env_b["crm.partner.consent"].search(domain), self.consent_b)
        self.assertFalse(env_b["crm.info.report.line"].search(domain))
        self.assertEqual(env_b["crm.partner.consent"].search_count([]), len(self.consent_b))
        # Through the customer, shared by both companies: B's consent log only.
        self.assertEqual(self.customer.with_user(self.user_b).consent_ids, self.consent_b)
        self.env.invalidate_all()
        self.assertEqual(
            self.customer.with_user(self.user_service).consent_ids,
            self.consent_a,
            "and A's log for A",
        )

    def test_other_company_cannot_read_by_id(self):
        for records, label in (
            (self.log_a, r"Archive Access Log"),
            (self.request_a, r"Personal Data Erasure Request"),
            (self.consent_a, r"Customer Consent Log"),
            (self.report_a.line_ids, r"Proposed Profile Change"),
        ):
            with (
                self.subTest(model=records._name),
                self.assertRaisesRegex(AccessError, RULE_REFUSAL % label),
            ):
                records.with_user(self.user_b).read(["display_name"])

    def test_other_company_cannot_decide(self):
        with self.assertRaisesRegex(AccessError, RULE_REFUSAL % "Personal Data Erasure Request"):
            self.request_a.with_user(self.user_b).action_approve()
        self.assertEqual(self.request_a.state, "requested")
        self.assertEqual(self.customer.name, "两地共享客户有限公司")

    def test_forged_company_context_is_refused(self):
        Log = self.env["crm.archive.access.log"].with_user(self.user_b)
        with self.assertRaisesRegex(AccessError, "Access to unauthorized or invalid companies"):
            Log.with_context(allowed_company_ids=self.company_a.ids).search([])
