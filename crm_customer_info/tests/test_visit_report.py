from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestVisitReport(CustomerInfoCase):
    """客户访问日报 (seed 004 (2)): the salesperson's visits, their daily summary,
    and the profile changes they feed into an information report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.user_sales_2 = new_test_user(
            cls.env, login="t_visit_sales_2", groups="crm_customer_info.group_salesperson"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "南通测试纺织有限公司", "is_company": True, "city": "南通"}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "周测试", "parent_id": cls.customer.id, "function": "采购经理"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "扬州测试食品有限公司", "is_company": True}
        )

    def _visit(self, user=None, **values):
        return (
            self.env["crm.visit.report"]
            .with_user(user or self.user_sales)
            .create(
                {
                    "partner_id": self.customer.id,
                    "purpose": "介绍新产品",
                    "findings": "The buyer plans a second production line.",
                    **values,
                }
            )
        )

    def test_record_and_submit_a_visit(self):
        visit = self._visit(contact_ids=[Command.set(self.contact.ids)], duration=1.5)
        self.assertEqual(visit.user_id, self.user_sales)
        self.assertEqual(visit.visit_date, self.today)
        self.assertEqual(visit.contact_ids, self.contact)
        visit.action_submit()
        self.assertEqual(visit.state, "submitted")
        self.assertTrue(visit.submitted_on)
        with self.assertRaisesRegex(
            UserError, "(?s)Only the salesperson edits a draft visit report:.* is already submitted"
        ):
            visit.write({"findings": "rewritten afterwards"})
        with self.assertRaisesRegex(UserError, "(?s)You cannot submit:.* is already submitted"):
            visit.action_submit()
        with self.assertRaisesRegex(UserError, "Submitted visit reports are kept"):
            visit.unlink()

    def test_a_visit_is_on_a_customer_file(self):
        visit = self._visit(partner_id=self.contact.id)
        self.assertEqual(visit.partner_id, self.customer)

    def test_checks(self):
        with self.assertRaisesRegex(ValidationError, "reported once it took place"):
            self._visit(visit_date=self.today + timedelta(days=1))
        with self.assertRaisesRegex(
            ValidationError, "next visit cannot be before the visit it follows"
        ):
            self._visit(next_visit_date=self.today - timedelta(days=1))
        empty = self._visit(findings=False)
        with self.assertRaisesRegex(UserError, "write what was found or what comes next"):
            empty.action_submit()
        with self.assertRaisesRegex(UserError, "always made in the salesperson's name"):
            self._visit(user_id=self.user_sales_2.id)
        with self.assertRaisesRegex(
            UserError, "Customer Visit Report: Status change only through the buttons"
        ):
            self._visit(state="submitted")

    def test_salespeople_see_only_their_visits(self):
        visit = self._visit()
        other = self._visit(user=self.user_sales_2, partner_id=self.other_customer.id)
        Visit = self.env["crm.visit.report"]
        self.assertEqual(
            Visit.with_user(self.user_sales).search([("id", "in", (visit | other).ids)]), visit
        )
        with self.assertRaisesRegex(
            AccessError, "(?s)doesn't have 'read' access to:.*Customer Visit Report"
        ):
            other.with_user(self.user_sales).read(["findings"])
        with self.assertRaisesRegex(
            AccessError, "(?s)doesn't have 'read' access to:.*Customer Visit Report"
        ):
            visit.with_user(self.user_service).read(["findings"])
        with self.assertRaisesRegex(
            AccessError, r"(?s)doesn't have '\w+' access to:.*Customer Visit Report"
        ):
            visit.with_user(self.user_sales_2).write({"purpose": "hijacked"})
        for user in (self.user_archivist, self.user_manager):
            self.assertEqual(
                Visit.with_user(user).search([("id", "in", (visit | other).ids)]), visit | other
            )
        # Administrators read them, they do not rewrite them.
        with self.assertRaisesRegex(UserError, "is not your visit"):
            visit.with_user(self.user_archivist).write({"purpose": "edited"})
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to create 'Customer Visit Report'"
        ):
            Visit.with_user(self.user_plain).create(
                {"partner_id": self.customer.id, "purpose": "x"}
            )

    def test_changes_feed_an_information_report(self):
        visit = self._visit(
            line_ids=[
                Command.create({"field_name": "phone", "new_value": "+86 513 1234 5678"}),
                Command.create({"field_name": "function", "new_value": "总经理"}),
            ]
        )
        self.assertEqual(visit.line_ids.partner_id, self.customer)
        action = visit.action_create_info_report()
        report = visit.info_report_id
        self.assertEqual(action["res_id"], report.id)
        self.assertEqual(report.user_id, self.user_sales)
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual(report.visit_report_id, visit)
        self.assertEqual(
            sorted(report.line_ids.mapped(lambda line: (line.field_name, line.new_value))),
            [("function", "总经理"), ("phone", "+86 513 1234 5678")],
        )
        # The visit keeps its own lines, and feeds one report only.
        self.assertEqual(len(visit.line_ids), 2)
        with self.assertRaisesRegex(UserError, "is already reported in"):
            visit.action_create_info_report()
        report.action_submit()
        report.with_user(self.user_archivist).action_apply()
        self.assertEqual(self.customer.phone, "+86 513 1234 5678")

    def test_no_report_without_changes(self):
        with self.assertRaisesRegex(UserError, "proposes no profile change"):
            self._visit().action_create_info_report()

    def test_daily_summary(self):
        yesterday = self.today - timedelta(days=1)
        first = self._visit(duration=1.0)
        second = self._visit(partner_id=self.other_customer.id, duration=0.5)
        earlier = self._visit(visit_date=yesterday, duration=2.0)
        colleague = self._visit(user=self.user_sales_2, duration=1.0)
        visits = (first | second | earlier | colleague).sudo()
        summary = visits._get_daily_summary()
        rows = {(row["date"], row["user"]): row for row in summary}
        self.assertEqual(len(summary), 3)
        today_row = rows[self.today, self.user_sales]
        self.assertEqual(today_row["visits"], first | second)
        self.assertEqual(today_row["customer_count"], 2)
        self.assertEqual(today_row["hours"], 1.5)
        self.assertEqual(rows[yesterday, self.user_sales]["visits"], earlier)
        self.assertEqual(rows[self.today, self.user_sales_2]["visits"], colleague)
        # Per day and salesperson in the pivot too.
        groups = self.env["crm.visit.report"]._read_group(
            [("id", "in", visits.ids)], ["visit_date:day", "user_id"], ["__count"]
        )
        self.assertIn((self.today, self.user_sales, 2), groups)

    def test_daily_summary_pdf(self):
        visits = self._visit() | self._visit(partner_id=self.other_customer.id)
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.user_archivist)
            ._render_qweb_html("crm_customer_info.report_visit_daily_summary", visits.ids)
        )
        html = html.decode()
        names = ("南通测试纺织有限公司", "扬州测试食品有限公司", self.user_sales.name, "介绍新产品")
        for text in names:
            self.assertIn(text, html)
