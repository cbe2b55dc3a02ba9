from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestIntakeTour(HttpCase):
    # A phone's screen, touch enabled: the web client shows its mobile layout.
    browser_size = "375x667"
    touch_enabled = True

    def test_salesperson_reports_a_visit_from_a_phone(self):
        sales = self.env["res.users"].search([("login", "=", "sales")])
        self.assertTrue(sales.has_group("crm_customer_info.group_salesperson"))
        self.start_tour("/odoo", "crm_visit_report_phone", login="sales")
        visit = self.env["crm.visit.report"].search(
            [("purpose", "=", "Phone tour: present the autumn catalogue")]
        )
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.user_id, sales)
        self.assertEqual(visit.partner_id, self.env.ref("crm_customer_info.res_partner_hengyuan"))
        self.assertEqual(visit.findings, "The buyer wants samples before the trade fair.")
        self.assertEqual(visit.state, "submitted")
