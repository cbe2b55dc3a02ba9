"""Digest KPIs: new customers, grade changes and overdue loans of a period."""

from datetime import timedelta

from odoo import Command, fields

from .common import CustomerInfoCase

KPIS = ["kpi_crm_new_customers", "kpi_crm_grade_changes", "kpi_crm_overdue_loans"]


class TestCustomerInfoDigest(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.digest = cls.env["digest.digest"].create(
            {
                "name": "Customer Digest",
                "company_id": cls.env.company.id,
                **dict.fromkeys(KPIS, True),
            }
        )
        cls.grade_a = cls.env.ref("crm_customer_info.customer_grade_a")
        cls.grade_b = cls.env.ref("crm_customer_info.customer_grade_b")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Digest Customer", "is_company": True}
        )

    def _value(self, kpi, days=1, user=None, ago=0):
        """The KPI over the ``days`` days ending ``ago`` days before now."""
        end = fields.Datetime.now() + timedelta(minutes=1) - timedelta(days=ago)
        digest = self.digest.with_user(user or self.user_manager).with_context(
            start_datetime=end - timedelta(days=days), end_datetime=end
        )
        digest.invalidate_recordset([f"{kpi}_value"])
        return digest[f"{kpi}_value"]

    def _loan(self, due_days_ago, state="lent"):
        # Loans as the register leaves them, made in one go.
        Document, Borrow = self.env["crm.archive.document"], self.env["crm.archive.borrow"]
        with Document._crm_transition(), Borrow._crm_transition():
            return self._make_loan(due_days_ago, state)

    def _make_loan(self, due_days_ago, state):
        document = self.env["crm.archive.document"].create(
            {
                "partner_id": self.customer.id,
                "category_id": self.env.ref("crm_customer_info.archive_category_basic").id,
                "title": "Digest Contract",
                "original": "copy",
                "confidentiality": "internal",
                "state": "lent" if state == "lent" else "filed",
            }
        )
        return self.env["crm.archive.borrow"].create(
            {
                "borrower_id": self.user_service.id,
                "purpose": "Audit",
                "mode": "lend",
                "due_date": self.today - timedelta(days=due_days_ago),
                "state": state,
                "line_ids": [Command.create({"document_id": document.id})],
            }
        )

    def test_default_digest_shows_the_kpis(self):
        default = self.env.ref("digest.digest_digest_default")
        self.assertTrue(all(default[kpi] for kpi in KPIS))

    def test_new_customers(self):
        before = self._value("kpi_crm_new_customers")
        past = self._value("kpi_crm_new_customers", ago=5)
        self.env["res.partner"].create(
            [
                {"name": "New Potential", "customer_state": "potential"},
                {"name": "New Current", "customer_state": "current"},
                {"name": "Not a Customer"},
            ]
        )
        self.assertEqual(self._value("kpi_crm_new_customers"), before + 2)
        self.assertEqual(
            self._value("kpi_crm_new_customers"),
            self.env["res.partner"].search_count(
                [
                    ("customer_state", "!=", False),
                    ("create_date", ">=", fields.Datetime.now() - timedelta(days=1)),
                ]
            ),
        )
        # A past period does not see them.
        self.assertEqual(self._value("kpi_crm_new_customers", ago=5), past)

    def test_grade_changes(self):
        before = self._value("kpi_crm_grade_changes")
        self.customer.grade_id = self.grade_b
        self.customer.grade_id = self.grade_a
        self.assertEqual(self._value("kpi_crm_grade_changes"), before + 2)
        self.assertEqual(
            self._value("kpi_crm_grade_changes"),
            self.env["crm.customer.grade.history"].search_count(
                [("date", ">=", fields.Datetime.now() - timedelta(days=1))]
            ),
        )

    def test_overdue_loans(self):
        """A loan due yesterday and still out became overdue in the last 24 hours."""
        before_day = self._value("kpi_crm_overdue_loans")
        before_month = self._value("kpi_crm_overdue_loans", days=30)
        self._loan(1)
        self._loan(10)
        self._loan(1, state="returned")
        self._loan(-2)  # due in two days: not overdue
        self.assertEqual(self._value("kpi_crm_overdue_loans"), before_day + 1)
        self.assertEqual(self._value("kpi_crm_overdue_loans", days=30), before_month + 2)

    def test_kpis_follow_the_recipient_rights(self):
        """The digest leaves out the KPIs a recipient may not see."""
        self._loan(1)
        names = {
            kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.env.company, self.user_sales)
        }
        self.assertEqual(names, {"kpi_crm_new_customers", "kpi_crm_grade_changes"})
        kpis = {
            kpi["kpi_name"]: kpi
            for kpi in self.digest._compute_kpis(self.env.company, self.user_manager)
        }
        self.assertEqual(set(kpis), set(KPIS))
        self.assertEqual(
            kpis["kpi_crm_overdue_loans"]["kpi_col1"]["value"], self._value("kpi_crm_overdue_loans")
        )
        self.assertTrue(
            kpis["kpi_crm_overdue_loans"]["kpi_action"].startswith("crm_customer_info.")
        )
