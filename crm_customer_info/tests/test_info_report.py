from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase

URGENT = "crm_customer_info.mail_activity_type_urgent_report"
REVIEW = "crm_customer_info.mail_activity_type_info_report_review"
CREDIT_MANAGER = "crm_credit.group_credit_manager"


def stored_values(partner):
    """Every stored, non-computed field of the partner, as the database has it."""
    partner = partner.sudo()
    partner.invalidate_recordset()
    names = [
        name
        for name, field in partner._fields.items()
        if field.column_type and not field.compute and name not in ("write_date", "write_uid")
    ]
    return partner.read(names)[0]


@tagged("post_install", "-at_install")
class TestInfoReport(CustomerInfoCase):
    """Information reports (seed 004 (3) 报告制度): routine, urgent and periodic
    reports from the salespeople to the archive administrator, whose proposed
    profile changes are applied in one click."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales_2 = new_test_user(
            cls.env, login="t_sales_2", groups="crm_customer_info.group_salesperson"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "常州测试精工机械有限公司",
                "is_company": True,
                "city": "常州",
                "phone": "+86 519 8888 0001",
                "customer_state": "current",
                "user_id": cls.user_sales.id,
            }
        )
        cls.customer.sudo().write({"legal_representative": "王建国", "org_nature": "joint_stock"})

    def _report(self, lines, user=None, **values):
        return (
            self.env["crm.info.report"]
            .with_user(user or self.user_sales)
            .create(
                {
                    "partner_id": self.customer.id,
                    "subject": "客户信息变更",
                    "description": "Learned during the visit.",
                    "line_ids": [
                        Command.create({"field_name": fname, "new_value": value})
                        for fname, value in lines
                    ],
                    **values,
                }
            )
        )

    def _submitted(self, lines, **values):
        report = self._report(lines, **values)
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        return report

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------

    def test_apply_changes_exactly_the_named_fields_and_logs_it(self):
        report = self._submitted(
            [
                ("phone", "+86 519 8888 0002"),
                ("legal_representative", "王晓东"),
                ("founding_date", "2008/05/18"),
                ("org_nature", "Partnership"),
                ("staff_count", "1,200"),
                ("country_id", "China"),
            ]
        )
        before = stored_values(self.customer)
        messages_before = self.customer.message_ids

        report.with_user(self.user_archivist).action_apply()

        after = stored_values(self.customer)
        changed = {name for name in after if after[name] != before[name]}
        self.assertEqual(
            changed,
            {
                "phone",
                "legal_representative",
                "founding_date",
                "org_nature",
                "staff_count",
                "country_id",
            },
        )
        self.assertEqual(after["phone"], "+86 519 8888 0002")
        self.assertEqual(after["legal_representative"], "王晓东")
        self.assertEqual(after["founding_date"], date(2008, 5, 18))
        self.assertEqual(after["org_nature"], "partnership")
        self.assertEqual(after["staff_count"], 1200)
        self.assertEqual(after["country_id"][0], self.env.ref("base.cn").id)
        self.assertEqual(report.state, "applied")
        self.assertEqual(report.applied_by_id, self.user_archivist)
        self.assertTrue(all(report.line_ids.mapped("applied")))
        # The value before is customer-service information.
        with self.assertRaisesRegex(AccessError, 'access the field "old_value"'):
            report.line_ids.mapped("old_value")
        lines = {line.field_name: line for line in report.with_user(self.user_archivist).line_ids}
        self.assertEqual(lines["legal_representative"].old_value, "王建国")
        self.assertEqual(lines["phone"].old_value, "+86 519 8888 0001")

        # Logged on the customer: one message naming the report and the
        # fields, by the administrator, and the tracked fields' old values.
        new_messages = self.customer.message_ids - messages_before
        log = new_messages.filtered(lambda message: report.name in (message.body or ""))
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.user_archivist.partner_id)
        for label in ("Phone", "Legal Representative", "Founded On", "Nature"):
            self.assertIn(label, log.body)
        tracked = new_messages.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "legal_representative"
        )
        self.assertEqual(tracked.old_value_char, "王建国")
        self.assertEqual(tracked.new_value_char, "王晓东")
        # The reporter is told.
        told = report.message_ids.filtered(
            lambda message: self.user_sales.partner_id in message.partner_ids
        )
        self.assertTrue(told)
        self.assertIn("applied", told[0].body)

    def test_accept_then_apply(self):
        report = self._submitted([("city", "无锡")])
        report.with_user(self.user_archivist).action_accept()
        self.assertEqual(report.state, "accepted")
        self.assertEqual(self.customer.city, "常州")
        report.with_user(self.user_archivist).action_apply()
        self.assertEqual(self.customer.city, "无锡")

    def test_rejected_report_changes_nothing(self):
        report = self._submitted([("phone", "+86 519 0000 0000"), ("city", "无锡")])
        before = stored_values(self.customer)
        with self.assertRaisesRegex(UserError, "Give the reason of the rejection"):
            report.with_user(self.user_archivist).action_reject("  ")
        report.with_user(self.user_archivist).action_reject("Number not confirmed")
        self.assertEqual(report.state, "rejected")
        self.assertEqual(report.rejection_reason, "Number not confirmed")
        with self.assertRaisesRegex(UserError, r"(?s)You cannot apply:.* is Rejected\."):
            report.with_user(self.user_archivist).action_apply()
        self.assertEqual(stored_values(self.customer), before)
        self.assertFalse(any(report.line_ids.mapped("applied")))
        told = report.message_ids.filtered(
            lambda message: self.user_sales.partner_id in message.partner_ids
        )
        self.assertIn("Number not confirmed", told[0].body)
        # The reporter may correct it and submit again.
        report.action_draft()
        self.assertEqual(report.state, "draft")

    def test_refused_value_applies_nothing(self):
        """One write: a value the customer's checks refuse leaves every field as it was."""
        report = self._submitted([("phone", "+86 519 7777 0000"), ("founding_date", "2999-01-01")])
        before = stored_values(self.customer)
        with self.assertRaises(UserError) as caught:
            report.with_user(self.user_archivist).action_apply()
        self.assertIn("nothing was changed", str(caught.exception))
        self.assertEqual(stored_values(self.customer), before)
        self.assertEqual(report.state, "submitted")

    def test_bad_values_are_refused_at_submission(self):
        report = self._report(
            [
                ("founding_date", "31/31/2020"),
                ("staff_count", "many"),
                ("org_nature", "cooperative"),
                ("country_id", "Atlantis"),
                ("receives_mail", "perhaps"),
            ]
        )
        with self.assertRaises(UserError) as caught:
            report.action_submit()
        message = str(caught.exception)
        for fragment in ("31/31/2020", "many", "cooperative", "Atlantis", "perhaps"):
            self.assertIn(fragment, message)
        self.assertEqual(report.state, "draft")

    def test_only_profile_fields_can_be_proposed(self):
        refused = ("consent_sensitive", "active", "user_ids", "company_id", "profile_completeness")
        for fname in refused:
            with self.assertRaisesRegex(
                ValidationError, f"{fname} cannot be changed through a report"
            ):
                self._report([(fname, "1")])
        allowed = self.env["crm.info.report.line"]._allowed_field_names()
        self.assertIn("legal_representative", allowed)

    def test_sensitive_field_needs_consent(self):
        """Applied as the administrator: the consent rules of the profile apply."""
        report = self._submitted([("health_status", "Ill"), ("city", "无锡")])
        with self.assertRaises(UserError) as caught:
            report.with_user(self.user_archivist).action_apply()
        self.assertIn("consent", str(caught.exception))
        self.assertEqual(self.customer.city, "常州")
        self.customer.with_user(self.user_service)._crm_set_consent("sensitive", True)
        report.with_user(self.user_archivist).action_apply()
        self.assertEqual(self.customer.sudo().health_status, "ill")

    def test_grade_change_is_logged_with_the_report(self):
        grade = self.env.ref("crm_customer_info.customer_grade_a")
        report = self._submitted([("grade_id", grade.display_name)])
        report.with_user(self.user_archivist).action_apply()
        self.assertEqual(self.customer.grade_id, grade)
        history = self.customer.grade_history_ids.filtered(lambda row: row.new_grade_id == grade)
        self.assertEqual(history.reason, report.display_name)

    # ------------------------------------------------------------------
    # Urgent reports
    # ------------------------------------------------------------------

    def _activities(self, records, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", self.env.ref(URGENT).id),
                ("user_id", "=", user.id),
            ]
        )

    def test_urgent_report_alerts_managers_and_credit_managers(self):
        credit_group = self.env.ref(CREDIT_MANAGER, raise_if_not_found=False)
        credit_manager = (
            new_test_user(self.env, login="t_credit_mgr", groups=CREDIT_MANAGER)
            if credit_group
            else self.env["res.users"]
        )
        report = self._report(
            [("legal_representative", "王晓东")],
            report_type="urgent",
            urgent_reason="financial_difficulty",
        )
        report.action_submit()
        # The manager on the report, at once.
        manager_alert = self._activities(report, self.user_manager)
        self.assertEqual(len(manager_alert), 1)
        self.assertEqual(manager_alert.date_deadline, date.today())
        self.assertIn(self.user_manager, report.alerted_user_ids)
        if credit_group:
            # The credit manager cannot read reports: alerted on the customer.
            self.assertFalse(report.with_user(credit_manager).has_access("read"))
            self.assertEqual(len(self._activities(self.customer, credit_manager)), 1)
            self.assertIn(credit_manager, report.alerted_user_ids)
        # Neither the reporter nor a fellow salesperson is alerted.
        self.assertNotIn(self.user_sales, report.alerted_user_ids)
        self.assertFalse(self._activities(report, self.user_sales_2))
        self.assertFalse(self._activities(self.customer, self.user_sales_2))

    def test_urgent_report_needs_a_reason_and_routine_alerts_nobody(self):
        report = self._report([("city", "无锡")], report_type="urgent")
        with self.assertRaisesRegex(UserError, "say what makes the report urgent"):
            report.action_submit()
        routine = self._submitted([("city", "无锡")], admin_id=self.user_archivist.id)
        self.assertFalse(self._activities(routine, self.user_manager))
        self.assertFalse(self._activities(self.customer, self.user_manager))
        self.assertFalse(routine.alerted_user_ids)
        review = routine.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(REVIEW)
        )
        self.assertEqual(review.user_id, self.user_archivist)
        routine.with_user(self.user_archivist).action_apply()
        self.assertFalse(routine.activity_ids)

    def test_periodic_report_needs_its_period(self):
        report = self._report([("city", "无锡")], report_type="periodic")
        with self.assertRaisesRegex(UserError, "give the period the report covers"):
            report.action_submit()
        report.write({"period_start": date(2024, 1, 1), "period_end": date(2024, 2, 29)})
        report.action_submit()
        self.assertEqual(report.state, "submitted")

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_salespeople_cannot_read_others_reports(self):
        report = self._report([("city", "无锡")])
        other = report.with_user(self.user_sales_2)
        with self.assertRaisesRegex(
            AccessError, "(?s)doesn't have 'read' access to:.*Customer Information Report"
        ):
            other.read(["subject"])
        with self.assertRaisesRegex(
            AccessError, "(?s)doesn't have 'read' access to:.*Proposed Profile Change"
        ):
            report.line_ids.with_user(self.user_sales_2).read(["new_value"])
        Report = self.env["crm.info.report"]
        self.assertFalse(Report.with_user(self.user_sales_2).search([("id", "=", report.id)]))
        self.assertEqual(Report.with_user(self.user_sales).search([("id", "=", report.id)]), report)
        # Customer service is no administrator either.
        with self.assertRaisesRegex(
            AccessError, "(?s)doesn't have 'read' access to:.*Customer Information Report"
        ):
            report.with_user(self.user_service).read(["subject"])
        for user in (self.user_archivist, self.user_manager):
            self.assertEqual(report.with_user(user).read(["subject"])[0]["subject"], "客户信息变更")
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to create 'Customer Information Report'"
        ):
            Report.with_user(self.user_plain).create(
                {"partner_id": self.customer.id, "subject": "x"}
            )

    def test_salespeople_cannot_decide_nor_forge(self):
        report = self._submitted([("city", "无锡")])
        for action in (report.action_accept, report.action_apply):
            with self.assertRaisesRegex(UserError, "Only archive administrators decide on reports"):
                action()
        with self.assertRaisesRegex(UserError, "Only archive administrators decide on reports"):
            report.action_reject("no")
        with self.assertRaisesRegex(
            UserError, "Customer Information Report: Status change only through the buttons"
        ):
            report.write({"state": "applied"})
        with self.assertRaisesRegex(UserError, "is no longer a draft"):
            report.write({"subject": "changed after submission"})
        with self.assertRaisesRegex(UserError, "is no longer a draft"):
            report.line_ids.write({"new_value": "苏州"})
        with self.assertRaisesRegex(
            UserError, "Customer Information Report: Status change only through the buttons"
        ):
            self._report([("city", "无锡")], state="applied")
        with self.assertRaisesRegex(UserError, "always made in the reporter's own name"):
            self._report([("city", "无锡")], user_id=self.user_sales_2.id)
        # Nobody decides on his own report.
        own = self._submitted([("city", "无锡")], user=self.user_archivist)
        with self.assertRaisesRegex(UserError, "nobody decides on his own report"):
            own.with_user(self.user_archivist).action_apply()
        self.assertEqual(self.customer.city, "常州")
