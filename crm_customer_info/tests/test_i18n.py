from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChineseTranslations(TransactionCase):
    """The shipped zh_CN and zh_TW files load and reach the user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN", "zh_TW"])

    def test_menus_in_both_scripts(self):
        root = self.env.ref("crm_customer_info.crm_customer_info_menu_root")
        self.assertEqual(root.with_context(lang="zh_CN").name, "客户")
        self.assertEqual(root.with_context(lang="zh_TW").name, "客戶")
        contacts = self.env.ref("crm_customer_info.res_partner_menu_contacts")
        self.assertEqual(contacts.with_context(lang="zh_TW").name, "聯絡人")

    def test_groups_translated(self):
        group = self.env.ref("crm_customer_info.group_archive_admin")
        self.assertEqual(group.with_context(lang="zh_CN").name, "档案管理员")

    def test_error_messages_translated(self):
        settings = self.env["res.config.settings"].with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "资料复核周期必须在"):
            settings.create({"crm_review_interval_days": -5})
