from dateutil.relativedelta import relativedelta
from lxml import html

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalCredit(AccountTestInvoicingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        # The accounting user running the fixtures also handles credit.
        cls.env.user.group_ids += cls.env.ref("crm_credit.group_credit_manager")
        Partner = cls.env["res.partner"]
        # Limits as approved limit requests leave them.
        with Partner._crm_transition():
            cls.customer_a = Partner.create(
                {"name": "Credit Portal A", "is_company": True, "credit_limit": 10000.0}
            )
            cls.customer_b = Partner.create(
                {"name": "Credit Portal B", "is_company": True, "credit_limit": 5000.0}
            )
        cls.contact_a = Partner.create({"name": "Credit Contact A", "parent_id": cls.customer_a.id})
        cls.contact_b = Partner.create({"name": "Credit Contact B", "parent_id": cls.customer_b.id})
        for login, contact in (("t_credit_a", cls.contact_a), ("t_credit_b", cls.contact_b)):
            new_test_user(
                cls.env,
                login=login,
                password=login,
                name=contact.name,
                groups="base.group_portal",
                partner_id=contact.id,
                company_id=cls.env.company.id,
            )
        cls.invoice_a_open = cls._invoice(cls.customer_a, 1200.0, due_in_days=10)
        cls.invoice_a_overdue = cls._invoice(cls.customer_a, 800.0, due_in_days=-45)
        cls.invoice_a_draft = cls._invoice(cls.customer_a, 300.0, due_in_days=10, post=False)
        cls.invoice_b_open = cls._invoice(cls.customer_b, 777.0, due_in_days=10)
        cls.plan_a = cls.env["crm.credit.repayment.plan"].create(
            {
                "partner_id": cls.customer_a.id,
                "date": cls.today,
                "line_ids": [
                    Command.create({"date": cls.today + relativedelta(days=20), "amount": 432.1}),
                ],
            }
        )
        cls.plan_a.action_confirm()

    @classmethod
    def _invoice(cls, partner, amount, due_in_days, post=True):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": cls.today,
                "invoice_date_due": cls.today + relativedelta(days=due_in_days),
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def test_anonymous_redirected_to_login(self):
        response = self.url_open("/my/credit", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_home_links_to_credit(self):
        self.authenticate("t_credit_a", "t_credit_a")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn('href="/my/credit"', response.text)
        # Its card shows a credit card and gauge, not the invoices' bill.
        home = html.fromstring(response.text)
        icons = home.xpath(
            '//div[contains(@class, "o_portal_index_card")]/a[@href="/my/credit"]//img/@src'
        )
        self.assertEqual(icons, ["/crm_credit/static/src/img/portal-credit.svg"])
        self.assertEqual(self.url_open(icons[0]).status_code, 200)

    def test_own_credit_page(self):
        self.authenticate("t_credit_a", "t_credit_a")
        response = self.url_open("/my/credit")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("10,000.00", page)  # credit limit
        self.assertIn("8,000.00", page)  # available: 10,000 - 2,000 open
        self.assertIn("800.00", page)  # the 31-60 days bucket
        self.assertIn("432.10", page)  # the instalment
        for invoice in (self.invoice_a_open, self.invoice_a_overdue):
            self.assertIn(invoice.name, page)
            self.assertIn(f"/my/invoices/{invoice.id}", page)
        self.assertNotIn(f"/my/invoices/{self.invoice_a_draft.id}", page)
        self.assertNotIn(self.invoice_b_open.name, page)
        self.assertNotIn("777.00", page)
        # The linked invoice page of Odoo opens for its customer.
        response = self.url_open(f"/my/invoices/{self.invoice_a_open.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice_a_open.name, response.text)

    def test_other_customer_sees_nothing_of_a(self):
        self.authenticate("t_credit_b", "t_credit_b")
        # A guessed partner id in the query is ignored: the page is the user's own.
        response = self.url_open(f"/my/credit?partner_id={self.customer_a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.invoice_b_open.name, page)
        self.assertIn("5,000.00", page)
        self.assertNotIn("10,000.00", page)
        self.assertNotIn("432.10", page)
        for invoice in (self.invoice_a_open, self.invoice_a_overdue):
            self.assertNotIn(invoice.name, page)
            response = self.url_open(f"/my/invoices/{invoice.id}", allow_redirects=False)
            self.assertIn(response.status_code, (302, 303, 403, 404))
            self.assertNotIn(invoice.name, response.text)
