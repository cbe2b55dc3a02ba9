from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged


class CreditLedgerCase(AccountTestInvoicingCommon):
    """A customer ledger with due dates chosen relative to today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.user_sales = new_test_user(
            cls.env,
            login="t_aging_sales",
            groups="crm_customer_info.group_salesperson",
            company_id=cls.env.company.id,
        )
        cls.user_credit = new_test_user(
            cls.env,
            login="t_aging_credit",
            groups="crm_credit.group_credit_user",
            company_id=cls.env.company.id,
        )
        cls.user_credit_manager = new_test_user(
            cls.env,
            login="t_aging_manager",
            groups="crm_credit.group_credit_manager",
            company_id=cls.env.company.id,
        )
        # The accounting user running the fixtures also handles credit.
        cls.env.user.group_ids += cls.env.ref("crm_credit.group_credit_manager")
        Partner = cls.env["res.partner"]
        # A limit as an approved limit request leaves it.
        with Partner._crm_transition():
            cls.customer = Partner.create(
                {"name": "Aging Customer", "is_company": True, "credit_limit": 10000.0}
            )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Aging Contact",
                "parent_id": cls.customer.id,
                "type": "invoice",
            }
        )

    @classmethod
    def _invoice(
        cls, amount, due_in_days, partner=None, move_type="out_invoice", currency=None, post=True
    ):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.customer).id,
                "invoice_date": cls.today,
                "invoice_date_due": cls.today + relativedelta(days=due_in_days),
                "invoice_payment_term_id": False,
                "currency_id": (currency or cls.env.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Goods",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move


@tagged("post_install", "-at_install")
class TestCreditAging(CreditLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        eur = cls.setup_other_currency("EUR")  # 2 EUR for 1 unit of company currency
        cls._invoice(1000.0, 10)  # not due
        partial = cls._invoice(2000.0, -15)  # 1-30, 500 paid
        cls._register_payment(partial, amount=500.0, payment_date=cls.today)
        cls._invoice(100.0, -5, partner=cls.contact)  # 1-30, counted on the company
        cls._invoice(3000.0, -45)  # 31-60
        cls._invoice(800.0, -75, currency=eur)  # 61-90, 400 in company currency
        cls._invoice(700.0, -120)  # over 90
        cls._invoice(250.0, 0, move_type="out_refund")  # credit note, not due
        paid = cls._invoice(5000.0, -200)  # fully paid: out of the ledger
        cls._register_payment(paid, payment_date=cls.today)
        cls._invoice(9000.0, -200, post=False)  # draft: out of the ledger
        # Hand computation, in company currency.
        cls.expected = {
            "not_due": 1000.0 - 250.0,
            "1_30": 2000.0 - 500.0 + 100.0,
            "31_60": 3000.0,
            "61_90": 800.0 / 2.0,
            "over_90": 700.0,
        }
        cls.expected_total = 750.0 + 1600.0 + 3000.0 + 400.0 + 700.0

    def test_partner_buckets(self):
        customer = self.customer.with_user(self.user_credit)
        self.assertAlmostEqual(customer.credit_amount_not_due, self.expected["not_due"])
        self.assertAlmostEqual(customer.credit_amount_1_30, self.expected["1_30"])
        self.assertAlmostEqual(customer.credit_amount_31_60, self.expected["31_60"])
        self.assertAlmostEqual(customer.credit_amount_61_90, self.expected["61_90"])
        self.assertAlmostEqual(customer.credit_amount_over_90, self.expected["over_90"])
        self.assertAlmostEqual(customer.credit_exposure, 6450.0)
        self.assertAlmostEqual(customer.credit_exposure, self.expected_total)
        self.assertAlmostEqual(customer.credit_amount_overdue, 1600.0 + 3000.0 + 400.0 + 700.0)
        self.assertEqual(customer.credit_max_days_overdue, 120)
        # 6450 / 10000 = 64.5 %, rounded half up to the whole percent.
        self.assertEqual(customer.credit_utilisation, 65)
        self.assertAlmostEqual(customer.credit_available, 10000.0 - 6450.0)
        # The contact shows its company's exposure.
        self.assertAlmostEqual(self.contact.with_user(self.user_credit).credit_exposure, 6450.0)

    def test_batch_compute_does_not_grow(self):
        """The exposure of many customers costs the same queries as of one."""
        others = self.env["res.partner"].create(
            [{"name": f"Clean Customer {i}", "is_company": True} for i in range(5)]
        )

        def count(partners):
            partners = partners.with_user(self.user_credit)
            partners.mapped("commercial_partner_id.credit_limit")
            partners.invalidate_recordset(["credit_exposure"])
            start = self.cr.sql_log_count
            partners.mapped("credit_exposure")
            return self.cr.sql_log_count - start

        count(self.customer)  # warm up: flushes and caches
        self.assertEqual(count(self.customer), 1)
        self.assertEqual(count(self.customer | others), 1)
        self.assertEqual(others[0].with_user(self.user_credit).credit_exposure, 0.0)

    def test_aging_report_matches(self):
        rows = (
            self.env["crm.credit.aging.report"]
            .with_user(self.user_credit)
            .search(
                [
                    ("partner_id", "=", self.customer.id),
                ]
            )
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.company_id, self.env.company)
        self.assertAlmostEqual(rows.amount_not_due, self.expected["not_due"])
        self.assertAlmostEqual(rows.amount_1_30, self.expected["1_30"])
        self.assertAlmostEqual(rows.amount_31_60, self.expected["31_60"])
        self.assertAlmostEqual(rows.amount_61_90, self.expected["61_90"])
        self.assertAlmostEqual(rows.amount_over_90, self.expected["over_90"])
        self.assertAlmostEqual(rows.amount_total, self.expected_total)
        self.assertEqual(rows.max_days_overdue, 120)

    def test_salesperson_sees_available_credit_only(self):
        customer = self.customer.with_user(self.user_sales)
        self.assertAlmostEqual(customer.read(["credit_available"])[0]["credit_available"], 3550.0)
        with self.assertRaises(AccessError) as caught:
            customer.read(["credit_exposure"])
        self.assertIn('access the field "credit_exposure"', str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            self.env["crm.credit.aging.report"].with_user(self.user_sales).search([])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.credit\.aging\.report\) records"
        )

    def test_report_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Aging Co"})
        self.user_credit.write({"company_ids": [Command.link(other_company.id)]})
        rows = (
            self.env["crm.credit.aging.report"]
            .with_user(self.user_credit)
            .with_context(allowed_company_ids=[other_company.id])
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertFalse(rows)

    def test_partner_form_by_role(self):
        """Everyone sees the available credit; only credit users see the ledger."""
        for user, sees_ledger in ((self.user_sales, False), (self.user_credit, True)):
            arch = (
                self.env["res.partner"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertIn('name="credit_available"', arch)
            self.assertEqual('name="credit_amount_over_90"' in arch, sees_ledger)
            self.assertEqual('name="credit_warning_message"' in arch, sees_ledger)
