from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPrivacyInvoices(AccountTestInvoicingCommon):
    """Erasing a customer's personal data keeps his accounting intact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_service = new_test_user(
            cls.env,
            login="t_privacy_service",
            groups="crm_customer_info.group_customer_service",
            company_id=cls.env.company.id,
        )
        cls.user_officer = new_test_user(
            cls.env,
            login="t_privacy_officer",
            groups="crm_customer_info.group_privacy_officer",
            company_id=cls.env.company.id,
        )
        values = {
            "name": "陈个人客户",
            "email": "chen@example.com",
            "street": "解放路 8 号",
            "city": "杭州",
            "vat": "CN-PERSONAL-1",
        }
        Partner = cls.env["res.partner"]
        values["credit_limit"] = 1000000.0
        # A limit as an approved limit request leaves it.
        with Partner._crm_transition():
            cls.customer = Partner.create(values)
        cls.invoice = cls.init_invoice(
            "out_invoice", partner=cls.customer, amounts=[1000.0], post=True
        )

    def test_posted_invoice_survives_erasure_and_reconciles(self):
        receivable = self.invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        request = self.customer.with_user(self.user_service)._crm_request_erasure("请删除")
        request.with_user(self.user_officer).action_approve()

        self.assertEqual(request.state, "done")
        self.assertEqual(self.customer.name, f"Anonymised customer #{self.customer.id}")
        self.assertFalse(self.customer.email)
        self.assertFalse(self.customer.vat)
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(self.invoice.partner_id, self.customer)
        self.assertEqual(self.invoice.amount_total, 1000.0)
        self.assertEqual(self.invoice.payment_state, "not_paid")

        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()

        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(receivable.reconciled)
