from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_amount

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestInstall(CreditCase):
    def test_roles(self):
        ref = self.env.ref
        user = ref("crm_credit.group_credit_user")
        manager = ref("crm_credit.group_credit_manager")
        self.assertEqual(
            (user | manager).privilege_id, ref("crm_credit.res_groups_privilege_credit")
        )
        self.assertIn(user, manager.all_implied_ids)
        self.assertIn(ref("crm_customer_info.group_salesperson"), user.all_implied_ids)
        self.assertIn(ref("account.group_account_readonly"), user.all_implied_ids)
        self.assertNotIn(manager, user.all_implied_ids)
        self.assertNotIn(ref("account.group_account_invoice"), user.all_implied_ids)

    def test_credit_limit_hidden_from_salesperson(self):
        """Odoo's own credit limit is the one we use, and it is not for every role."""
        self.assertEqual(self.customer.with_user(self.user_credit).credit_limit, 50000.0)
        with self.assertRaises(AccessError) as caught:
            self.customer.with_user(self.user_sales).read(["credit_limit"])
        self.assertIn('access the field "credit_limit"', str(caught.exception))

    def test_credit_menu_for_credit_roles(self):
        menu = self.env.ref("crm_credit.crm_credit_menu_root")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_credit)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.user_sales)._visible_menu_ids())

    def test_second_approval_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.crm_credit_second_approval_amount, 100000.0)
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create({"crm_credit_second_approval_amount": -1})
        self.assertIn("The second-approval amount cannot be negative.", str(caught.exception))

    def test_demo_in_yuan(self):
        """The demo company is a Chinese company keeping its books in yuan:
        our demo invoices and Odoo's own are in CNY, limits and exposure read
        in ¥."""
        invoice = self.env.ref(
            "crm_credit.crm_credit_aging_invoice_hengyuan_1", raise_if_not_found=False
        )
        if not invoice:
            self.skipTest("installed without demo data")
        company = self.env.ref("base.main_company")
        yuan = self.env.ref("base.CNY")
        self.assertEqual(company.currency_id, yuan)
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.name, "上海华晟工贸有限公司")
        odoo_invoice = self.env.ref(f"account.{company.id}_demo_invoice_1")
        self.assertEqual((invoice | odoo_invoice).currency_id, yuan)
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(
            self.env["account.move.line"].search_count(
                [("company_id", "=", company.id), ("currency_id", "!=", yuan.id)]
            ),
            "no journal item of the demo company in another currency",
        )
        hengyuan = invoice.partner_id
        self.env["res.lang"]._activate_lang("zh_CN")
        amounts = [
            format_amount(self.env, amount, company.currency_id, "zh_CN")
            for amount in (hengyuan.credit_limit, hengyuan.credit_exposure)
        ]
        self.assertEqual(amounts, ["¥\xa080,000.00", "¥\xa0138,000.00"])
