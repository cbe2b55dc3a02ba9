"""The managers' overview: each counter equals its records, each button opens
them, and both follow the reader's rights."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import CustomerInfoCase

OVERVIEW = "crm_customer_info.crm_customer_overview_main"
COUNTERS = [
    "potential_count",
    "current_count",
    "former_count",
    "new_customer_count",
    "grade_a_count",
    "review_due_count",
    "overdue_loan_count",
    "documents_out_count",
]


class TestCustomerOverview(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.overview = cls.env.ref(OVERVIEW)
        cls.grade_a = cls.env.ref("crm_customer_info.customer_grade_a")
        cls.company_2 = cls.env["res.company"].create({"name": "Overview Second Company"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Overview Customer", "is_company": True}
        )

    def _counters(self, user=None):
        overview = self.overview.with_user(user or self.user_manager)
        overview.invalidate_recordset()
        return {name: overview[name] for name in COUNTERS}

    def _open(self, method, user=None):
        """Records opened by a button, searched with the action's domain."""
        action = getattr(self.overview.with_user(user or self.user_manager), method)()
        return (
            self.env[action["res_model"]]
            .with_user(user or self.user_manager)
            .search(action["domain"])
        )

    def _document(self, company=None, **values):
        # Documents and loans as the register leaves them, made in one go.
        with self.env["crm.archive.document"]._crm_transition():
            return self._make_document(company, **values)

    def _make_document(self, company=None, **values):
        return self.env["crm.archive.document"].create(
            {
                "partner_id": self.customer.id,
                "category_id": self.env.ref("crm_customer_info.archive_category_basic").id,
                "title": "Overview Contract",
                "original": "copy",
                "confidentiality": "internal",
                "company_id": (company or self.env.company).id,
                **values,
            }
        )

    def _overdue_loan(self, company=None):
        document = self._document(company=company, state="lent")
        with self.env["crm.archive.borrow"]._crm_transition():
            return self._make_overdue_loan(document, company)

    def _make_overdue_loan(self, document, company):
        return self.env["crm.archive.borrow"].create(
            {
                "borrower_id": self.user_service.id,
                "purpose": "Audit",
                "mode": "lend",
                "company_id": (company or self.env.company).id,
                "due_date": self.today - timedelta(days=3),
                "state": "lent",
                "line_ids": [Command.create({"document_id": document.id})],
            }
        )

    def test_counters_follow_the_records(self):
        before = self._counters()
        self.env["res.partner"].create(
            [
                {"name": "Potential A", "customer_state": "potential", "grade_id": self.grade_a.id},
                {"name": "Current", "customer_state": "current"},
                {"name": "Former", "customer_state": "former"},
            ]
        )
        reviewed = self.env["res.partner"].create(
            {"name": "Review Me", "customer_state": "current", "review_interval_days": 1}
        )
        reviewed.last_review_date = self.today - timedelta(days=5)
        loan = self._overdue_loan()
        after = self._counters()
        self.assertEqual(
            {name: after[name] - before[name] for name in COUNTERS},
            {
                "potential_count": 1,
                "current_count": 2,
                "former_count": 1,
                "new_customer_count": 4,
                "grade_a_count": 1,
                "review_due_count": 1,
                "overdue_loan_count": 1,
                "documents_out_count": 1,
            },
        )
        # The totals are the records, not a cached or partial figure.
        Partner = self.env["res.partner"]
        self.assertEqual(
            after["current_count"], Partner.search_count([("customer_state", "=", "current")])
        )
        self.assertEqual(
            after["overdue_loan_count"],
            self.env["crm.archive.borrow"].search_count([("is_overdue", "=", True)]),
        )
        overview = self.overview.with_user(self.user_manager)
        self.assertIn(loan, overview.overdue_borrow_ids)
        self.assertIn(reviewed, overview.review_due_partner_ids)

    def test_buttons_open_the_counted_records(self):
        loan = self._overdue_loan()
        partner = self.env["res.partner"].create(
            {"name": "Key Potential", "customer_state": "potential", "grade_id": self.grade_a.id}
        )
        counters = self._counters()
        for method, counter in [
            ("action_open_potential", "potential_count"),
            ("action_open_current", "current_count"),
            ("action_open_former", "former_count"),
            ("action_open_new_customers", "new_customer_count"),
            ("action_open_grade_a", "grade_a_count"),
            ("action_open_review_due", "review_due_count"),
            ("action_open_overdue_loans", "overdue_loan_count"),
            ("action_open_documents_out", "documents_out_count"),
        ]:
            with self.subTest(method=method):
                self.assertEqual(len(self._open(method)), counters[counter])
        self.assertIn(partner, self._open("action_open_grade_a"))
        self.assertIn(partner, self._open("action_open_new_customers"))
        self.assertEqual(self._open("action_open_overdue_loans") & loan, loan)
        self.assertEqual(
            self._open("action_open_documents_out") & loan.line_ids.document_id,
            loan.line_ids.document_id,
        )

    def test_counters_respect_company_rules(self):
        """A loan of another company is not counted for a manager who cannot see it."""
        before = self._counters()
        self._overdue_loan(company=self.company_2)
        self.assertEqual(self._counters(), before)
        manager_2 = new_test_user(
            self.env,
            login="t_overview_manager_2",
            groups="crm_customer_info.group_manager",
            company_id=self.company_2.id,
            company_ids=[Command.set(self.company_2.ids)],
        )
        counters = self._counters(manager_2)
        self.assertEqual(counters["overdue_loan_count"], 1)
        self.assertEqual(counters["documents_out_count"], 1)

    def test_only_managers_read_the_overview(self):
        for user in (self.user_sales, self.user_service, self.user_archivist):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(
                    AccessError, "You are not allowed to access 'Customer Management Overview'"
                ),
            ):
                self.overview.with_user(user).read(["overdue_loan_count"])
        self.assertTrue(self.overview.with_user(self.user_manager).read(COUNTERS))

    def test_queries_do_not_grow_with_the_records(self):
        def queries():
            overview = self.overview.with_user(self.user_manager)
            self.env.flush_all()  # pending writes of the setup are not the overview's
            overview.invalidate_recordset()
            start = self.env.cr.sql_log_count
            overview.read([*COUNTERS, "overdue_borrow_ids", "review_due_partner_ids"])
            return self.env.cr.sql_log_count - start

        self._overdue_loan()
        queries()  # warms the caches of the rules and the access rights
        few = queries()
        for _i in range(5):
            self._overdue_loan()
        self.env["res.partner"].create(
            [{"name": f"Many {i}", "customer_state": "current"} for i in range(10)]
        )
        self.assertEqual(queries(), few)
