from lxml import etree

from odoo.tests import tagged

from .test_credit_aging import CreditLedgerCase


@tagged("post_install", "-at_install")
class TestCreditScreens(CreditLedgerCase):
    def _arch(self, view_xmlid, view_type, user=None):
        view = self.env.ref(view_xmlid)
        arch = (
            self.env[view.model]
            .with_user(user or self.user_credit)
            .get_views([(view.id, view_type)])["views"][view_type]["arch"]
        )
        return etree.fromstring(arch)

    def test_credit_list_columns(self):
        """The credit list shows the rating, the available credit and what is overdue."""
        arch = self._arch("crm_credit.res_partner_view_list_credit", "list")
        columns = {node.get("name"): node for node in arch.iter("field")}
        for name in (
            "credit_rating_id",
            "credit_available",
            "credit_amount_overdue",
            "credit_max_days_overdue",
            "credit_utilisation",
        ):
            self.assertIn(name, columns)
        self.assertIsNone(columns["credit_rating_id"].get("column_invisible"))
        # The list reads them for the credit user without an access error.
        partners = (
            self.env["res.partner"]
            .with_user(self.user_credit)
            .search([("id", "=", self.customer.id)])
        )
        self.assertTrue(partners.read(list(columns)))

    def test_utilisation_bar_shows_the_overflow(self):
        """Over 100 % the bar is full and red, not an empty grey frame."""
        for xmlid, view_type in (
            ("crm_credit.res_partner_view_list_credit", "list"),
            ("base.view_partner_form", "form"),
        ):
            arch = self._arch(xmlid, view_type)
            bars = [node for node in arch.iter("field") if node.get("name") == "credit_utilisation"]
            self.assertTrue(bars, xmlid)
            for bar in bars:
                self.assertEqual(bar.get("widget"), "progressbar")
                self.assertIn("'overflow_class': 'bg-danger'", bar.get("options") or "")

    def test_utilisation_rounded_once(self):
        """172.5 % is 173 % in the banner and on the tab: one rounding, in the model."""
        Partner = self.env["res.partner"]
        with Partner._crm_transition():
            customer = Partner.create(
                {"name": "Over Limit Customer", "is_company": True, "credit_limit": 40000.0}
            )
        self._invoice(69000.0, 10, partner=customer)
        customer = customer.with_user(self.user_credit)
        self.assertEqual(customer.credit_utilisation, 173)
        self.assertTrue(customer.credit_warning_utilisation)
        self.assertIn("173%", customer.credit_warning_message)
        self.assertNotIn("172%", customer.credit_warning_message)
        self.assertEqual(customer._fields["credit_utilisation"].get_digits(self.env), (16, 0))
