from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_credit_aging import CreditLedgerCase


@tagged("post_install", "-at_install")
class TestRepaymentPlan(CreditLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(3000.0, -60)
        cls.plan = (
            cls.env["crm.credit.repayment.plan"]
            .with_user(cls.user_credit)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "date": cls.today - relativedelta(days=40),
                    "reason": "Cash shortage",
                    "line_ids": [
                        Command.create(
                            {"date": cls.today - relativedelta(days=20), "amount": 1000.0}
                        ),
                        Command.create(
                            {"date": cls.today - relativedelta(days=5), "amount": 1000.0}
                        ),
                        Command.create(
                            {"date": cls.today + relativedelta(days=10), "amount": 1000.0}
                        ),
                    ],
                }
            )
        )

    def _pay(self, amount, days_ago, partner=None):
        payment = self.env["account.payment"].create(
            {
                "partner_id": (partner or self.customer).id,
                "amount": amount,
                "date": self.today - relativedelta(days=days_ago),
                "payment_type": "inbound",
                "partner_type": "customer",
            }
        )
        payment.action_post()
        return payment

    def test_allocation_in_date_order(self):
        self._pay(9999.0, 50)  # before the plan: ignored
        self._pay(1200.0, 10, partner=self.contact)  # a contact pays for its company
        self._pay(300.0, 8)
        self.plan.action_confirm()
        first, second, third = self.plan.line_ids.sorted("date")
        self.assertEqual((first.amount_paid, first.status), (1000.0, "kept"))
        self.assertEqual((second.amount_paid, second.status), (500.0, "broken"))
        self.assertEqual((third.amount_paid, third.status), (0.0, "pending"))
        self.assertEqual(self.plan.broken_count, 1)
        self.assertEqual(self.customer.broken_promise_count, 1)
        self.assertEqual(self.customer.credit_warning_broken_promise, True)

    def test_draft_plan_breaks_nothing(self):
        self.assertEqual(set(self.plan.line_ids.mapped("status")), {"pending"})
        self.assertEqual(self.customer.broken_promise_count, 0)

    def test_confirm_files_archive(self):
        Document = self.env["crm.archive.document"].sudo()
        doc_type = self.env.ref("crm_customer_info.archive_type_credit_plan")
        before = Document.search_count(
            [("partner_id", "=", self.customer.id), ("type_id", "=", doc_type.id)]
        )
        self.plan.with_user(self.user_credit).action_confirm()
        self.assertEqual(self.plan.state, "confirmed")
        after = Document.search_count(
            [("partner_id", "=", self.customer.id), ("type_id", "=", doc_type.id)]
        )
        self.assertEqual(after, before + 1)
        with self.assertRaisesRegex(UserError, "is not a draft"):
            self.plan.action_confirm()

    def test_guard_lists_reasons(self):
        empty = self.env["crm.credit.repayment.plan"].create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(UserError, "no instalment"):
            empty.action_confirm()

    def test_access(self):
        with self.assertRaises(AccessError) as caught:
            self.plan.with_user(self.user_sales).read(["state"])
        self.assertRegex(
            str(caught.exception),
            r"not allowed to access .*\(crm\.credit\.repayment\.plan\) records",
        )
        with self.assertRaises(AccessError) as caught:
            self.plan.with_user(self.user_credit).unlink()
        self.assertRegex(
            str(caught.exception),
            r"not allowed to delete .*\(crm\.credit\.repayment\.plan\) records",
        )
