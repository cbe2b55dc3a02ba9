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

    def _label(self, model, field, lang="zh_CN"):
        return (
            self.env[model]
            .with_context(lang=lang)
            ._fields[field]
            ._description_string(self.env[model].with_context(lang=lang).env)
        )

    def test_one_translation_per_meaning(self):
        """An English word with two meanings has two source strings, so each use
        reads its own Chinese: the review outcome is not a graduation, the
        purpose of a visit is not a borrowing purpose, a closed complaint is not
        a closed archive year, the address state is not a workflow status."""
        expected = {
            ("crm.partner.review", "outcome"): "复核结果",
            ("crm.partner.education", "outcome"): "毕（肄）业情况",  # noqa: RUF001
            ("crm.archive.borrow", "purpose"): "借阅用途",
            ("crm.visit.report", "purpose"): "访问目的",
            ("crm.complaint", "date_closed"): "结案日期",
            ("crm.archive.volume", "closed_on"): "结卷日期",
            ("res.partner", "state_id"): "省/州",
            ("crm.archive.borrow", "state"): "状态",
            ("crm.customer.grade.history", "old_grade_id"): "原等级",
            ("crm.partner.education", "date_start"): "起始日期",
        }
        for (model, field), label in expected.items():
            with self.subTest(model=model, field=field):
                self.assertEqual(self._label(model, field), label)

    def test_selection_labels_per_meaning(self):
        def labels(model, field):
            return dict(
                self.env[model]
                .with_context(lang="zh_CN")
                ._fields[field]
                ._description_selection(self.env[model].with_context(lang="zh_CN").env)
            )

        self.assertEqual(labels("res.partner", "price_level")["high"], "偏高")
        self.assertEqual(labels("crm.complaint", "severity")["high"], "高")
        self.assertEqual(labels("res.partner", "enterprise_size")["medium"], "中型")
        self.assertEqual(labels("crm.archive.volume", "state")["closed"], "已结卷")
        self.assertEqual(labels("crm.complaint", "state")["closed"], "已结案")
        self.assertEqual(labels("res.partner", "smoking")["none"], "从不")

    def test_archive_menu_is_a_noun(self):
        menu = self.env.ref("crm_customer_info.crm_archive_menu")
        self.assertEqual(menu.with_context(lang="zh_CN").name, "档案")
