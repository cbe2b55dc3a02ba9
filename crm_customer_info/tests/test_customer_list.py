from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestCustomerList(CustomerInfoCase):
    """The Customers menu lists customers: not our own companies, not our
    staff, not vendors who buy nothing from us."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.potential = Partner.create(
            {"name": "List Potential Co", "is_company": True, "customer_state": "potential"}
        )
        cls.unclassified = Partner.create({"name": "List Unclassified Co", "is_company": True})
        cls.portal_customer = new_test_user(
            cls.env, login="t_list_portal", groups="base.group_portal"
        ).partner_id
        cls.portal_customer.customer_state = "current"
        cls.staff = cls.user_sales.partner_id
        cls.staff.customer_state = "current"  # even marked by mistake
        cls.own_company = cls.env["res.company"].create({"name": "List Own Branch"}).partner_id
        cls.own_company.customer_state = "current"
        if "customer_rank" in Partner._fields:
            cls.buyer = Partner.create(
                {"name": "List Invoiced Co", "is_company": True, "customer_rank": 1}
            )
            cls.vendor = Partner.create(
                {"name": "List Vendor Co", "is_company": True, "supplier_rank": 1}
            )
            cls.vendor_and_customer = Partner.create(
                {"name": "List Vendor Buyer Co", "is_company": True, "supplier_rank": 1}
            )
            cls.vendor_and_customer.customer_state = "current"

    def _listed(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.res_partner_action_customers"
        )
        domain = safe_eval(action["domain"] or "[]")
        return self.env["res.partner"].with_user(self.user_sales).search(domain)

    def test_customers_only(self):
        listed = self._listed()
        self.assertIn(self.potential, listed)
        self.assertIn(self.portal_customer, listed)
        self.assertNotIn(self.unclassified, listed)
        self.assertNotIn(self.staff, listed)
        self.assertNotIn(self.own_company, listed)
        self.assertNotIn(self.env.company.partner_id, listed)
        self.assertNotIn(self.env.ref("base.partner_admin"), listed)
        if "customer_rank" in self.env["res.partner"]._fields:
            self.assertIn(self.buyer, listed)
            self.assertIn(self.vendor_and_customer, listed)
            self.assertNotIn(self.vendor, listed)
        # The field answers like the search.
        everyone = (
            self.potential | self.unclassified | self.portal_customer | self.staff
        ) | self.own_company
        self.assertEqual(
            everyone.filtered("is_crm_customer"), self.potential | self.portal_customer
        )
        self.assertEqual(
            self.env["res.partner"].search(
                [("id", "in", everyone.ids), ("is_crm_customer", "!=", True)]
            ),
            self.unclassified | self.staff | self.own_company,
        )

    def test_archived_staff_stay_out(self):
        self.user_sales.action_archive()
        self.assertNotIn(self.staff, self._listed())

    def test_new_customer_file_is_listed(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.res_partner_action_customers"
        )
        context = safe_eval(action["context"])
        partner = (
            self.env["res.partner"]
            .with_user(self.user_sales)
            .with_context(**context)
            .create({"name": "List New Co"})
        )
        self.assertEqual(partner.customer_state, "potential")
        self.assertIn(partner, self._listed())
