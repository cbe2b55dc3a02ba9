from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCustomersTour(HttpCase):
    def test_service_user_opens_customers(self):
        """The customer-service demo user finds the Customers app in a browser."""
        service = self.env["res.users"].search([("login", "=", "service")])
        self.assertTrue(service.has_group("crm_customer_info.group_customer_service"))
        self.start_tour("/odoo", "crm_customer_info_open_customers", login="service")
