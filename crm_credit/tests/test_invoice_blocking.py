from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInvoiceBlocking(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_credit = new_test_user(
            cls.env,
            login="t_block_credit_user",
            groups="crm_credit.group_credit_user,account.group_account_invoice",
            company_id=cls.env.company.id,
        )
        cls.user_credit_manager = new_test_user(
            cls.env,
            login="t_block_credit_manager",
            groups="crm_credit.group_credit_manager",
            company_id=cls.env.company.id,
        )
        cls.company = cls.env.company
        cls.company.account_use_credit_limit = True
        cls.customer = cls.partner_a

    def _invoice(self, amount=1000.0):
        return self.init_invoice("out_invoice", partner=self.customer, amounts=[amount], taxes=[])

    def _block_by_rating(self):
        rating = self.env.ref("crm_credit.crm_credit_rating_c", raise_if_not_found=False)
        if not rating:
            rating = self.env["crm.credit.rating"].search([("block", "=", True)], limit=1)
        self.assertTrue(rating.block)
        # As an approved evaluation leaves it.
        self.customer.sudo()._crm_transition_write({"credit_rating_id": rating.id})
        return rating

    def _logs(self, move):
        return self.env["crm.credit.override.log"].sudo().search([("move_id", "=", move.id)])

    def test_unblocked_customer_posts(self):
        invoice = self._invoice()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(self._logs(invoice))

    def test_blocked_rating_prevents_posting(self):
        rating = self._block_by_rating()
        invoice = self._invoice()
        with self.assertRaisesRegex(UserError, rating.name):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_exposure_above_limit_prevents_posting(self):
        self.customer.with_company(self.company)._crm_set_credit_limit(1500.0)
        self._invoice(1000.0).action_post()
        second = self._invoice(1000.0)
        with self.assertRaisesRegex(UserError, "credit limit"):
            second.action_post()
        self.assertEqual(second.state, "draft")
        # the company setting switches the check off
        self.company.account_use_credit_limit = False
        second.action_post()
        self.assertEqual(second.state, "posted")

    def test_refunds_and_vendor_bills_not_blocked(self):
        self._block_by_rating()
        bill = self.init_invoice("in_invoice", partner=self.customer, amounts=[500.0], taxes=[])
        bill.action_post()
        self.assertEqual(bill.state, "posted")
        refund = self.init_invoice("out_refund", partner=self.customer, amounts=[500.0], taxes=[])
        refund.action_post()
        self.assertEqual(refund.state, "posted")

    def test_override_by_credit_manager_posts_and_logs(self):
        self._block_by_rating()
        invoice = self._invoice()
        invoice.with_user(self.user_credit_manager).write(
            {
                "credit_override": True,
                "credit_override_reason": "Prepayment received by bank transfer",
            }
        )
        self.assertEqual(invoice.credit_override_user_id, self.user_credit_manager)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        log = self._logs(invoice)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_credit_manager)
        self.assertEqual(log.partner_id, self.customer)
        self.assertEqual(log.amount, invoice.amount_total_signed)
        self.assertEqual(log.reason, "Prepayment received by bank transfer")
        self.assertIn("overridden by", invoice.message_ids[0].body)

    def test_override_needs_reason(self):
        self._block_by_rating()
        invoice = self._invoice()
        invoice.with_user(self.user_credit_manager).credit_override = True
        with self.assertRaisesRegex(UserError, "needs a reason"):
            invoice.action_post()
        self.assertFalse(self._logs(invoice))

    def test_credit_user_cannot_set_override(self):
        self._block_by_rating()
        invoice = self._invoice()
        with self.assertRaisesRegex(UserError, "Only credit managers"):
            invoice.with_user(self.user_credit).write(
                {
                    "credit_override": True,
                    "credit_override_reason": "Please",
                }
            )
        self.assertFalse(invoice.credit_override)
        with self.assertRaisesRegex(UserError, "cannot be posted because of the customer's credit"):
            invoice.action_post()

    def test_override_log_read_only(self):
        self._block_by_rating()
        invoice = self._invoice()
        invoice.with_user(self.user_credit_manager).write(
            {
                "credit_override": True,
                "credit_override_reason": "Guaranteed by the parent company",
            }
        )
        invoice.action_post()
        log = self._logs(invoice).with_user(self.user_credit_manager)
        self.assertTrue(log.reason)
        with self.assertRaisesRegex(UserError, "change only through the buttons"):
            log.write({"reason": "changed"})
        with self.assertRaises(AccessError) as caught:
            log.unlink()
        self.assertRegex(
            str(caught.exception), r"not allowed to delete .*\(crm\.credit\.override\.log\) records"
        )
        with self.assertRaises(AccessError) as caught:
            log.with_user(self.user_credit).read(["reason"])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.credit\.override\.log\) records"
        )
