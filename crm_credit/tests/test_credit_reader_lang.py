"""The credit jobs run as OdooBot (English): what they write reads in the
language of whoever reads it."""

from datetime import timedelta

from odoo import SUPERUSER_ID, fields
from odoo.tests import tagged

from .common import CreditCase
from .test_credit_aging import CreditLedgerCase


def load_chinese(env):
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"]._load_module_terms(
        ["mail", "crm_customer_info", "crm_credit"], ["zh_CN"]
    )


@tagged("post_install", "-at_install")
class TestCreditWarningLang(CreditLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("crm_credit.warning_overdue_days", 30)
        params.set_param("crm_credit.warning_utilisation", 80)
        cls.activity_type = cls.env.ref("crm_credit.mail_activity_type_credit_warning")
        cls._invoice(9000.0, -45)  # 90% used, 45 days late

    def setUp(self):
        super().setUp()
        # The job commits between batches; a test must not.
        self.patch(
            type(self.env["ir.cron"]),
            "_commit_progress",
            lambda self, processed=0, **kwargs: float("inf"),
        )

    def run_job(self):
        self.env(user=SUPERUSER_ID, context={"lang": "en_US"})[
            "res.partner"
        ]._cron_credit_warnings()
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_warning_in_the_language_of_who_follows_it_up(self):
        english = self.run_job()
        self.assertEqual(len(english), 1)
        self.assertEqual(english.summary, "Credit warning: Aging Customer")
        self.assertIn("Receivable overdue for 45 days", str(english.note))

        english.user_id.lang = "zh_CN"
        english.unlink()
        chinese = self.run_job()
        self.assertEqual(chinese.summary, "信用预警\N{FULLWIDTH COLON}Aging Customer")
        self.assertEqual(chinese.activity_type_id.with_context(lang="zh_CN").name, "信用预警")
        self.assertIn("应收款已逾期 45 天", str(chinese.note))
        # So is Odoo's notification of the assignment, subject included.
        notification = self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("partner_ids", "in", chinese.user_id.partner_id.ids),
            ],
            order="id desc",
            limit=1,
        )
        self.assertIn("分配给您", notification.subject)
        # The message follows the reader's language on screen too.
        customer = self.customer.sudo()
        self.assertIn("45 days", customer.with_context(lang="en_US").credit_warning_message)
        self.assertIn("45 天", customer.with_context(lang="zh_CN").credit_warning_message)


@tagged("post_install", "-at_install")
class TestCreditLimitRequestLang(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.user_credit.lang = "zh_CN"
        cls.user_credit_manager.lang = "zh_CN"

    def _submitted_temporary(self):
        request = (
            self.env["crm.credit.limit.request"]
            .with_user(self.user_credit)
            .create(
                {
                    "partner_id": self.customer.id,
                    "requested_limit": 80000.0,
                    "reason": "Spring orders",
                    "limit_type": "temporary",
                    "date_end": fields.Date.today() + timedelta(days=10),
                }
            )
        )
        request.action_submit()
        return request

    def test_approval_activity_in_the_approvers_language(self):
        """Submitted by an English-speaking credit user, read by a
        Chinese-speaking credit manager."""
        self.user_credit.lang = "en_US"
        request = self._submitted_temporary()
        activities = request.activity_ids.filtered(
            lambda activity: activity.user_id == self.user_credit_manager
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.summary, f"审批信用额度 {request.name}")
        english = request.activity_ids - activities
        if english:
            self.assertEqual(
                set(english.mapped("summary")), {f"Approve credit limit {request.name}"}
            )

    def test_expiry_written_in_the_requesters_language(self):
        request = self._submitted_temporary()
        request.with_user(self.user_credit_manager).action_approve()
        request._crm_transition_write({"date_end": fields.Date.today() - timedelta(days=1)})
        self.env.cr.precommit.run()
        self.patch(
            type(self.env["ir.cron"]),
            "_commit_progress",
            lambda self, processed=0, **kwargs: float("inf"),
        )
        odoobot = self.env(user=SUPERUSER_ID, context={"lang": "en_US"})
        odoobot["crm.credit.limit.request"]._cron_expire_temporary_limits()
        self.env.cr.precommit.run()
        self.assertEqual(request.state, "expired")
        bodies = [str(body) for body in request.message_ids.mapped("body")]
        self.assertTrue(any("临时信用额度已于" in body for body in bodies), bodies)
        self.assertFalse(any("temporary credit limit ended" in body for body in bodies))
        tracking = (
            request.sudo()
            .message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "state")
            .sorted("id")[-1]
        )
        self.assertEqual(tracking.new_value_char, "已过期")
