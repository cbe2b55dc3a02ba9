from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales = new_test_user(
            cls.env, login="t_cp_sales", groups="crm_customer_info.group_salesperson"
        )
        cls.user_marketing = new_test_user(
            cls.env, login="t_cp_user", groups="crm_campaigns.group_campaign_user"
        )

    def test_roles(self):
        ref = self.env.ref
        user = ref("crm_campaigns.group_campaign_user")
        manager = ref("crm_campaigns.group_campaign_manager")
        self.assertEqual(
            (user | manager).privilege_id, ref("crm_campaigns.res_groups_privilege_campaigns")
        )
        self.assertIn(user, manager.all_implied_ids)
        self.assertIn(ref("crm_customer_info.group_salesperson"), user.all_implied_ids)
        self.assertIn(ref("mass_mailing.group_mass_mailing_user"), user.all_implied_ids)
        self.assertNotIn(manager, user.all_implied_ids)

    def test_campaign_menu_for_marketing_only(self):
        menu = self.env.ref("crm_campaigns.crm_campaigns_menu_root")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_marketing)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.user_sales)._visible_menu_ids())

    def test_rfm_window_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.crm_rfm_window_days, 365)
        for bad in (0, 10, 5000):
            with self.assertRaisesRegex(ValidationError, "RFM window must be between 30 and 3650"):
                self.env["res.config.settings"].create({"crm_rfm_window_days": bad})
