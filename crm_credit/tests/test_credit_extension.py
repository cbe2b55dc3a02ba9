from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_credit_aging import CreditLedgerCase


@tagged("post_install", "-at_install")
class TestCreditExtension(CreditLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(4000.0, -40)
        cls.new_due = cls.today + relativedelta(days=20)
        cls.extension = (
            cls.env["crm.credit.extension"]
            .with_user(cls.user_credit)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "invoice_id": cls.invoice.id,
                    "requested_due_date": cls.new_due,
                    "reason": "Waiting for its own client",
                }
            )
        )

    def test_current_due_date_and_check(self):
        self.assertEqual(self.extension.current_due_date, self.today - relativedelta(days=40))
        with self.assertRaises(ValidationError) as caught:
            self.env["crm.credit.extension"].create(
                {
                    "partner_id": self.customer.id,
                    "invoice_id": self.invoice.id,
                    "requested_due_date": self.today - relativedelta(days=41),
                    "reason": "Earlier",
                }
            )
        self.assertIn(
            "The requested due date must be later than the current one.", str(caught.exception)
        )

    def test_approval_moves_due_date_and_aging(self):
        customer = self.customer.with_user(self.user_credit)
        self.assertAlmostEqual(customer.credit_amount_31_60, 4000.0)
        self.extension.action_submit()
        self.extension.with_user(self.user_credit_manager).action_approve()
        self.assertEqual(self.extension.state, "approved")
        self.assertEqual(self.extension.approver_id, self.user_credit_manager)
        self.assertEqual(self.invoice.invoice_date_due, self.new_due)
        receivable = self.invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(set(receivable.mapped("date_maturity")), {self.new_due})
        customer.invalidate_recordset()
        self.assertAlmostEqual(customer.credit_amount_31_60, 0.0)
        self.assertAlmostEqual(customer.credit_amount_not_due, 4000.0)
        doc_type = self.env.ref("crm_customer_info.archive_type_credit_extension")
        self.assertTrue(
            self.env["crm.archive.document"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.customer.id),
                    ("type_id", "=", doc_type.id),
                ]
            )
        )

    def test_approval_guard(self):
        self.extension.action_submit()
        with self.assertRaisesRegex(UserError, "Only credit managers"):
            self.extension.with_user(self.user_credit).action_approve()
        own = (
            self.env["crm.credit.extension"]
            .with_user(self.user_credit_manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "invoice_id": self.invoice.id,
                    "requested_due_date": self.new_due,
                    "reason": "Own request",
                }
            )
        )
        own.action_submit()
        with self.assertRaisesRegex(UserError, "your own request"):
            own.action_approve()
        self.assertEqual(self.invoice.invoice_date_due, self.today - relativedelta(days=40))

    def test_reject(self):
        self.extension.action_submit()
        self.extension.with_user(self.user_credit_manager).action_reject()
        self.assertEqual(self.extension.state, "rejected")
        self.assertEqual(self.invoice.invoice_date_due, self.today - relativedelta(days=40))

    def test_paid_invoice_cannot_be_extended(self):
        self._register_payment(self.invoice, payment_date=self.today)
        with self.assertRaisesRegex(UserError, "not open"):
            self.extension.action_submit()

    def test_access(self):
        with self.assertRaises(AccessError) as caught:
            self.extension.with_user(self.user_sales).read(["state"])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.credit\.extension\) records"
        )
        with self.assertRaises(AccessError) as caught:
            self.extension.with_user(self.user_credit).unlink()
        self.assertRegex(
            str(caught.exception), r"not allowed to delete .*\(crm\.credit\.extension\) records"
        )
