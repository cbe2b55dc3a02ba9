from datetime import date, timedelta

from odoo.tests import tagged

from .test_credit_aging import CreditLedgerCase


@tagged("post_install", "-at_install")
class TestCreditWarnings(CreditLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("crm_credit.warning_overdue_days", 30)
        params.set_param("crm_credit.warning_utilisation", 80)
        cls.activity_type = cls.env.ref("crm_credit.mail_activity_type_credit_warning")
        Partner = cls.env["res.partner"]
        with Partner._crm_transition():
            cls.quiet = Partner.create(
                {"name": "Quiet Customer", "is_company": True, "credit_limit": 10000.0}
            )
        cls._invoice(1000.0, -5, partner=cls.quiet)  # 10% used, 5 days late

    def setUp(self):
        super().setUp()
        # The cron commits between batches; a test must not.
        self.patch(
            type(self.env["ir.cron"]),
            "_commit_progress",
            lambda self, processed=0, **kwargs: float("inf"),
        )

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_flags(self):
        self._invoice(9000.0, -45)  # 90% used, 45 days late
        customer = self.customer.with_user(self.user_credit)
        self.assertTrue(customer.credit_warning_overdue)
        self.assertTrue(customer.credit_warning_utilisation)
        self.assertFalse(customer.credit_warning_broken_promise)
        self.assertTrue(customer.credit_warning)
        self.assertIn("45 days", customer.credit_warning_message)
        quiet = self.quiet.with_user(self.user_credit)
        self.assertFalse(quiet.credit_warning)

    def test_expiring_evaluation(self):
        customer = self.customer.with_user(self.user_credit)
        self.assertFalse(customer.credit_warning_evaluation)
        # As approved evaluations leave it.
        self.customer._crm_transition_write(
            {"credit_rating_valid_until": date.today() + timedelta(days=10)}
        )
        customer.invalidate_recordset()
        self.assertTrue(customer.credit_warning_evaluation)
        self.assertIn("evaluate again", customer.credit_warning_message)
        self.customer._crm_transition_write(
            {"credit_rating_valid_until": date.today() + timedelta(days=90)}
        )
        customer.invalidate_recordset()
        self.assertFalse(customer.credit_warning_evaluation)

    def test_thresholds_follow_settings(self):
        self._invoice(1000.0, -45)
        self.env["res.config.settings"].create(
            {
                "crm_credit_warning_overdue_days": 60,
                "crm_credit_warning_utilisation": 95.0,
            }
        ).execute()
        self.assertFalse(self.customer.with_user(self.user_credit).credit_warning)

    def test_cron_one_activity_without_duplicates(self):
        self._invoice(9000.0, -45)
        self.env["res.partner"]._cron_credit_warnings()
        activities = self._activities(self.customer)
        self.assertEqual(len(activities), 1)
        self.assertTrue(activities.user_id.has_group("crm_credit.group_credit_manager"))
        self.assertFalse(self._activities(self.quiet))
        self.env["res.partner"]._cron_credit_warnings()
        self.assertEqual(len(self._activities(self.customer)), 1)
