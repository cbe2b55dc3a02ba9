"""The care job runs as OdooBot (English), campaigns are started by one user
for another: what they write reads in the language of whoever reads it."""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from .test_care import CareCase

CARE = "crm_campaigns.group_campaign_user,crm_customer_info.group_customer_service"


class TestCampaignReaderLang(CareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["mail", "crm_customer_info", "crm_campaigns"], ["zh_CN"]
        )
        cls.user_care.lang = "zh_CN"
        cls.user_care_en = new_test_user(cls.env, login="t_cp_care_en", groups=CARE, lang="en_US")

    def test_care_activities_in_each_responsibles_language(self):
        chinese_rule = self._rule(action="activity", user_id=self.user_care.id, name="Birthday")
        chinese_rule.with_context(lang="zh_CN").name = "生日关怀"
        english_rule = self._rule(action="activity", user_id=self.user_care_en.id, name="Birthday")
        english_rule.with_context(lang="zh_CN").name = "生日关怀"
        self._run_cron("2026-12-28")

        chinese = self._occasions(chinese_rule).activity_ids
        self.assertTrue(chinese)
        self.assertEqual(set(chinese.mapped("summary")), {"生日关怀"})
        self.assertEqual(chinese.activity_type_id.with_context(lang="zh_CN").name, "客户关怀")
        english = self._occasions(english_rule).activity_ids
        self.assertTrue(english)
        self.assertEqual(set(english.mapped("summary")), {"Birthday"})

    def test_unsent_email_reason_in_the_responsibles_language(self):
        self.env["mail.blacklist"].create({"email": "carol@example.com"})
        rule = self._rule(
            action="email", mail_template_id=self.template.id, user_id=self.user_care.id
        )
        self._run_cron("2026-12-28")
        carol = self._occasions(rule).filtered(lambda occasion: occasion.partner_id == self.carol)
        self.assertEqual(carol.state, "cancelled")
        self.assertIn("未发送邮件", carol.note)

    def test_missing_holiday_date_in_the_managers_and_companys_language(self):
        """Each campaign manager reads his to-do in his language; the message
        on the holiday, which nobody is responsible for, is in the company's."""
        self.env.company.partner_id.lang = "zh_CN"
        self.user_marketing_manager.lang = "zh_CN"
        spring = self.env.ref("crm_campaigns.crm_care_holiday_spring_festival")
        self._rule(occasion_type="holiday", holiday_id=spring.id, days_before=40)
        with self.assertLogs("odoo.addons.crm_campaigns.models.crm_care_holiday", "WARNING"):
            self._run_cron("2030-12-20")
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.care.holiday"),
                ("res_id", "=", spring.id),
                ("user_id", "=", self.user_marketing_manager.id),
            ]
        )
        self.assertEqual(activity.summary, "输入 春节 在 2031 年的日期")
        self.assertIn("节日日历中没有 春节 在 2031 的日期", str(activity.note))
        self.assertIn("节日日历中没有 春节", str(spring.message_ids[0].body))

    def test_contact_activities_in_the_owners_language(self):
        """Started by an English-speaking campaign user for a Chinese-speaking
        owner: the owner's to-dos are Chinese."""
        self.user_marketing.lang = "en_US"
        self.user_marketing_manager.lang = "zh_CN"
        tag = self.env["res.partner.category"].create({"name": "Reader Lang"})
        self.carol.write({"category_id": [Command.link(tag.id)], "customer_state": "current"})
        segment = self.env["crm.customer.segment"].create(
            {"name": "Reader Lang", "category_ids": [Command.set(tag.ids)]}
        )
        campaign = (
            self.env["crm.campaign"]
            .with_user(self.user_marketing)
            .create(
                {
                    "name": "Spring visits",
                    "channel": "visit",
                    "segment_id": segment.id,
                    "user_id": self.user_marketing_manager.id,
                    "date_start": date.today(),
                }
            )
        )
        campaign.action_load_members()
        campaign.with_user(self.user_marketing).action_start()
        activities = campaign.member_ids.activity_ids
        self.assertTrue(activities)
        self.assertEqual(
            set(activities.mapped("summary")), {"拜访\N{FULLWIDTH COLON}Spring visits"}
        )
