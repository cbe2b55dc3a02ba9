"""Credit exceptions on the managers' overview."""

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

OVERVIEW = "crm_customer_info.crm_customer_overview_main"
COUNTERS = ["credit_blocked_count", "credit_over_limit_count", "credit_override_count"]


@tagged("post_install", "-at_install")
class TestCreditOverview(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="t_ov_credit_manager",
            groups="crm_customer_info.group_manager,crm_credit.group_credit_manager",
            company_id=cls.company.id,
        )
        cls.manager_credit_user = new_test_user(
            cls.env,
            login="t_ov_credit_user",
            groups="crm_customer_info.group_manager,crm_credit.group_credit_user",
            company_id=cls.company.id,
        )
        cls.manager_no_credit = new_test_user(
            cls.env,
            login="t_ov_no_credit",
            groups="crm_customer_info.group_manager",
            company_id=cls.company.id,
        )
        cls.overview = cls.env.ref(OVERVIEW)
        cls.blocking = cls.env["crm.credit.rating"].search([("block", "=", True)], limit=1)

    def _counters(self, user=None):
        overview = self.overview.with_user(user or self.manager)
        overview.invalidate_recordset()
        return {name: overview[name] for name in COUNTERS}

    def _open(self, method):
        action = getattr(self.overview.with_user(self.manager), method)()
        return self.env[action["res_model"]].with_user(self.manager).search(action["domain"])

    def _post(self, partner, amount, override=False):
        invoice = self.init_invoice("out_invoice", partner=partner, amounts=[amount], taxes=[])
        if override:
            invoice.with_user(self.manager).write(
                {"credit_override": True, "credit_override_reason": "Prepaid"}
            )
        invoice.action_post()
        return invoice

    def test_counters_follow_the_records(self):
        before = self._counters()
        # Over its limit: 1,000 owed against a limit of 400 (set after posting).
        self._post(self.partner_a, 1000.0)
        self.partner_a.with_company(self.company)._crm_set_credit_limit(400.0)
        # Within its limit.
        self._post(self.partner_b, 100.0)
        self.partner_b.with_company(self.company)._crm_set_credit_limit(400.0)
        # Blocked by its rating, and an invoice posted over the block.
        blocked = self.env["res.partner"].create({"name": "Blocked Customer", "is_company": True})
        blocked._crm_transition_write({"credit_rating_id": self.blocking.id})
        self._post(blocked, 300.0, override=True)
        after = self._counters()
        self.assertEqual(
            {name: after[name] - before[name] for name in COUNTERS},
            {"credit_blocked_count": 1, "credit_over_limit_count": 1, "credit_override_count": 1},
        )
        exceptions = self.overview.with_user(self.manager).credit_exception_partner_ids
        self.assertIn(self.partner_a, exceptions)
        self.assertIn(blocked, exceptions)
        self.assertNotIn(self.partner_b, exceptions)
        # Each button opens what its number counts.
        self.assertEqual(
            len(self._open("action_open_credit_blocked")), after["credit_blocked_count"]
        )
        self.assertEqual(self._open("action_open_credit_over_limit").ids, [self.partner_a.id])
        self.assertIn(blocked, self._open("action_open_credit_exceptions"))
        self.assertEqual(
            len(self._open("action_open_credit_overrides")), after["credit_override_count"]
        )

    def test_sections_follow_the_credit_rights(self):
        """Credit users see the exceptions but not the override log; managers
        without a credit right see no credit figure at all."""
        overview = self.overview.with_user(self.manager_credit_user)
        self.assertIsInstance(overview.credit_blocked_count, int)
        with self.assertRaises(AccessError) as caught:
            overview.read(["credit_override_count"])
        self.assertIn('access the field "credit_override_count"', str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            self.overview.with_user(self.manager_no_credit).read(["credit_blocked_count"])
        self.assertIn('access the field "credit_blocked_count"', str(caught.exception))
        # The base counters stay readable without credit rights.
        self.assertTrue(
            self.overview.with_user(self.manager_no_credit).read(["overdue_loan_count"])
        )
