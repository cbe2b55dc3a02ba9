"""Text the addons write reads in the language of its reader: the daily jobs
run as OdooBot (English), their activities and messages are read by users who
may speak Chinese."""

from datetime import timedelta

from odoo import SUPERUSER_ID, fields
from odoo.tests import Form, new_test_user, tagged

from .test_archive_borrow import ACTIVITY_ESCALATION, ACTIVITY_RETURN, ArchiveBorrowCase

REVIEW = "crm_customer_info.mail_activity_type_profile_review"
REPORT_REVIEW = "crm_customer_info.mail_activity_type_info_report_review"


class ChineseReaderCase(ArchiveBorrowCase):
    """Chinese installed with the addons' and mail's translations; the
    customer-service user speaks it, the archive administrator English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["mail", "crm_customer_info"], ["zh_CN"])
        cls.user_service.lang = "zh_CN"
        cls.user_archivist.lang = "en_US"
        cls.odoobot = cls.env(user=SUPERUSER_ID, context={"lang": "en_US"})

    def run_cron(self, xmlid):
        """The daily job as its cron runs it: as OdooBot."""
        with self.enter_registry_test_mode():
            self.env.ref(xmlid).method_direct_trigger()

    def activity(self, record, xmlid, user):
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
                ("user_id", "=", user.id),
            ]
        )
        self.assertEqual(len(activity), 1)
        return activity


@tagged("post_install", "-at_install")
class TestReaderLang(ChineseReaderCase):
    def test_overdue_loan_reminders_in_each_assignees_language(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_info.borrow_escalation_days", 0
        )
        self.user_manager.lang = "zh_CN"
        borrow = self.lent_request(self.copy)
        borrow.sudo().due_date = fields.Date.context_today(borrow) - timedelta(days=2)
        self.run_cron("crm_customer_info.ir_cron_borrow_overdue")

        chinese = self.activity(borrow, ACTIVITY_RETURN, self.user_service)
        self.assertEqual(chinese.summary, "归还档案文件")
        self.assertEqual(chinese.activity_type_id.with_context(lang="zh_CN").name, "归还档案文件")
        self.assertIn(f"{borrow.name} 的归还期限为 {borrow.due_date}", str(chinese.note))
        english = self.activity(borrow, ACTIVITY_RETURN, self.user_archivist)
        self.assertEqual(english.summary, "Return archive documents")
        self.assertIn(f"{borrow.name} was due on {borrow.due_date}", str(english.note))
        escalation = self.activity(borrow, ACTIVITY_ESCALATION, self.user_manager)
        self.assertEqual(escalation.summary, "跟进逾期未还的档案借阅")
        self.assertIn("请将文件归还档案室", str(escalation.note))

    def test_review_reminders_in_the_reviewers_language(self):
        Partner = self.env["res.partner"]
        today = fields.Date.context_today(Partner)
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_info.review_interval_days", 60
        )
        Partner.search(Partner._reviewed_customer_domain()).last_review_date = today
        due = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "customer_state": "current",
                    "user_id": user.id,
                    "last_review_date": today - timedelta(days=90),
                }
                for name, user in (
                    ("Reviewed in Chinese", self.user_service),
                    ("Reviewed in English", self.user_archivist),
                )
            ]
        )
        self.run_cron("crm_customer_info.ir_cron_review_profiles")

        chinese = self.activity(due[0], REVIEW, self.user_service)
        self.assertEqual(chinese.summary, "复核客户资料")
        self.assertEqual(chinese.activity_type_id.with_context(lang="zh_CN").name, "资料复核")
        english = self.activity(due[1], REVIEW, self.user_archivist)
        self.assertEqual(english.summary, "Review the customer profile")

    def test_information_report_review_in_the_administrators_language(self):
        """Submitted by an English-speaking salesperson, the review activity of
        the Chinese-speaking administrator is Chinese."""
        admin = new_test_user(
            self.env,
            login="t_archivist_zh",
            groups="crm_customer_info.group_archive_admin",
            lang="zh_CN",
        )
        customer = self.env["res.partner"].create(
            {"name": "宁波信息报告有限公司", "is_company": True, "user_id": self.user_sales.id}
        )
        report = (
            self.env["crm.info.report"]
            .with_user(self.user_sales)
            .create(
                {
                    "partner_id": customer.id,
                    "admin_id": admin.id,
                    "subject": "新电话",
                    "line_ids": [(0, 0, {"field_name": "phone", "new_value": "021 5555 0000"})],
                }
            )
        )
        report.with_user(self.user_sales).action_submit()
        activity = self.activity(report, REPORT_REVIEW, admin)
        self.assertEqual(activity.summary, "复核信息报告")

    def test_duplicate_pairs_found_by_the_job_are_logged_in_the_companys_language(self):
        """Probable duplicates have no responsible: the job logs their
        creation in the company's language."""
        self.env.company.partner_id.lang = "zh_CN"
        partners = self.env["res.partner"].create(
            [
                {"name": "Dup Lang One", "is_company": True, "email": "dup.lang@example.com"},
                {"name": "Dup Lang Two", "is_company": True, "email": "Dup.Lang@example.com"},
            ]
        )
        self.run_cron("crm_customer_info.ir_cron_detect_duplicates")
        pair = self.env["crm.duplicate.pair"].search(
            [("partner_a_id", "in", partners.ids), ("partner_b_id", "in", partners.ids)]
        )
        self.assertEqual(len(pair), 1)
        self.assertIn("疑似重复客户 创建", pair.message_ids[-1:].body)

    def test_system_messages_on_a_customer_read_in_the_salespersons_language(self):
        """A creation message and a tracked choice written by the system on a
        customer are in his salesperson's language; an internal user's own
        change stays in his."""
        customer = self.odoobot["res.partner"].create(
            {
                "name": "上海读者语言有限公司",
                "is_company": True,
                "user_id": self.user_service.id,
                "customer_state": "potential",
            }
        )
        self.env.cr.precommit.run()
        self.assertIn("创建", str(customer.message_ids[-1:].body))
        customer.customer_state = "current"
        self.env.cr.precommit.run()
        tracking = customer.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "customer_state"
        )
        self.assertEqual(tracking.new_value_char, "现有客户")

        customer.with_user(self.user_archivist).write({"customer_state": "former"})
        self.env.cr.precommit.run()
        tracking = customer.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "customer_state"
        ).sorted("id")[-1]
        self.assertEqual(tracking.new_value_char, "Former Customer")

    def test_one_job_tracks_each_customer_in_his_salespersons_language(self):
        customers = self.odoobot["res.partner"].create(
            [
                {"name": name, "user_id": user.id, "customer_state": "potential"}
                for name, user in (
                    ("跟踪语言甲", self.user_service),
                    ("Tracking language B", self.user_archivist),
                )
            ]
        )
        self.env.cr.precommit.run()
        customers.write({"customer_state": "current"})
        self.env.cr.precommit.run()
        labels = [
            customer.message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "customer_state"
            ).new_value_char
            for customer in customers
        ]
        self.assertEqual(labels, ["现有客户", "Current Customer"])


@tagged("post_install", "-at_install")
class TestNewCustomerLang(ChineseReaderCase):
    def test_a_new_customer_speaks_the_language_of_who_creates_him(self):
        self.user_service.group_ids |= self.env.ref("base.group_partner_manager")
        with Form(self.env["res.partner"].with_user(self.user_service)) as form:
            form.name = "杭州新客户有限公司"
        self.assertEqual(form.record.lang, "zh_CN")
        self.user_archivist.group_ids |= self.env.ref("base.group_partner_manager")
        english = (
            self.env["res.partner"]
            .with_user(self.user_archivist)
            .create({"name": "Created in English"})
        )
        self.assertEqual(english.lang, "en_US")
        # A contact takes its company's language; a chosen language stays.
        contact = (
            self.env["res.partner"]
            .with_user(self.user_archivist)
            .create({"name": "Contact", "parent_id": form.record.id})
        )
        self.assertEqual(contact.lang, "zh_CN")
        chosen = (
            self.env["res.partner"]
            .with_user(self.user_service)
            .create({"name": "Chosen", "lang": "en_US"})
        )
        self.assertEqual(chosen.lang, "en_US")
        # The daily jobs, as OdooBot, keep the database's default.
        default = self.env["ir.default"]._get("res.partner", "lang")
        self.assertEqual(self.odoobot["res.partner"].create({"name": "By a job"}).lang, default)

    def test_demo_customers_in_china_speak_chinese_once_installed(self):
        hengyuan = self.env.ref("crm_customer_info.res_partner_hengyuan", raise_if_not_found=False)
        if not hengyuan:
            self.skipTest("no demo data")
        buyer = self.env.ref("base.partner_demo_portal")
        foreign = self.env["res.partner"].create(
            {"name": "Not in China", "country_id": self.env.ref("base.us").id, "lang": "en_US"}
        )
        self.env["res.partner"]._crm_demo_set_customer_lang()
        self.assertEqual(hengyuan.lang, "zh_CN")
        self.assertEqual(buyer.lang, "zh_CN", "a contact of a customer in China")
        self.assertEqual(foreign.lang, "en_US")
