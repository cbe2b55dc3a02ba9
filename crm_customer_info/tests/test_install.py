from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestInstall(CustomerInfoCase):
    def test_roles_form_one_chain(self):
        """Each role includes the one below it, and only that."""
        ref = self.env.ref
        sales = ref("crm_customer_info.group_salesperson")
        service = ref("crm_customer_info.group_customer_service")
        archive = ref("crm_customer_info.group_archive_admin")
        manager = ref("crm_customer_info.group_manager")
        privilege = ref("crm_customer_info.res_groups_privilege_customer_info")
        self.assertEqual((sales | service | archive | manager).privilege_id, privilege)
        self.assertIn(ref("base.group_user"), sales.all_implied_ids)
        self.assertIn(sales, service.all_implied_ids)
        self.assertIn(service, archive.all_implied_ids)
        self.assertIn(archive, manager.all_implied_ids)
        self.assertNotIn(service, sales.all_implied_ids)
        self.assertNotIn(manager, archive.all_implied_ids)

    def test_users_get_their_role(self):
        self.assertTrue(self.user_service.has_group("crm_customer_info.group_salesperson"))
        self.assertFalse(self.user_service.has_group("crm_customer_info.group_archive_admin"))
        self.assertTrue(self.user_manager.has_group("crm_customer_info.group_archive_admin"))
        self.assertFalse(self.user_plain.has_group("crm_customer_info.group_salesperson"))

    def test_menu_visible_to_roles_only(self):
        root = self.env.ref("crm_customer_info.crm_customer_info_menu_root")
        config = self.env.ref("crm_customer_info.crm_customer_info_menu_config")
        Menu = self.env["ir.ui.menu"]
        sales_menus = Menu.with_user(self.user_sales)._visible_menu_ids()
        self.assertIn(root.id, sales_menus)
        self.assertNotIn(config.id, sales_menus)
        self.assertNotIn(root.id, Menu.with_user(self.user_plain)._visible_menu_ids())
        # Settings are for administrators; a manager without them sees no
        # empty Configuration menu.
        settings = self.env.ref("crm_customer_info.res_config_settings_menu")
        admin_menus = Menu.with_user(self.env.ref("base.user_admin"))._visible_menu_ids()
        self.assertIn(settings.id, admin_menus)
        self.assertIn(config.id, admin_menus)
        self.assertNotIn(settings.id, Menu.with_user(self.user_manager)._visible_menu_ids())

    def test_review_interval_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.crm_review_interval_days, 60)
        settings.crm_review_interval_days = 30
        settings.execute()
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_info.review_interval_days")
        )
        self.assertEqual(param, "30")
        with self.assertRaisesRegex(
            ValidationError, "review interval must be between 1 and 3650 days"
        ):
            self.env["res.config.settings"].create({"crm_review_interval_days": 0})
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_customer_info.review_interval_days"),
            "30",
        )

    def test_settings_reserved_to_administrators(self):
        with self.assertRaisesRegex(AccessError, "You are not allowed to create 'Config Settings'"):
            self.env["res.config.settings"].with_user(self.user_manager).create(
                {"crm_review_interval_days": 10}
            )
