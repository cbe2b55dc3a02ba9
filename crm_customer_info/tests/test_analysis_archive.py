from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError

from .common import CustomerInfoCase


class TestArchiveAnalysis(CustomerInfoCase):
    """Archive and borrowing statistics add up to the documents and requests
    they are computed from, and only archive administrators see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.customer = cls.env["res.partner"].create({"name": "档案统计客户", "is_company": True})
        cls.category = cls.env["crm.archive.category"].create(
            {"name": "Statistics Test Category", "code": "99"}
        )
        cls.basic = cls.env.ref("crm_customer_info.archive_category_basic")
        cls.doc_returned = cls._document("Contract", cls.category, pages=4)
        cls.doc_overdue = cls._document("Delivery note", cls.category, pages=2)
        cls.doc_idle = cls._document("Licence", cls.category, pages=1)
        cls.doc_basic = cls._document("Other", cls.basic, pages=5)

        cls.borrow_returned = cls._lend(cls.doc_returned)
        cls.borrow_returned.with_user(cls.user_archivist).action_return("Complete")
        # Four days out, back three days ago: a three-day loan, returned in time.
        cls.borrow_returned.sudo()._crm_transition_write(
            {
                "lent_on": cls.now - timedelta(days=4),
                "returned_on": cls.now - timedelta(days=1),
                "due_date": cls.today,
            }
        )
        cls.borrow_overdue = cls._lend(cls.doc_overdue)
        cls.borrow_overdue.sudo()._crm_transition_write(
            {"lent_on": cls.now - timedelta(days=10), "due_date": cls.today - timedelta(days=2)}
        )
        cls.borrow_draft = cls._request(cls.doc_idle)

    @classmethod
    def _document(cls, title, category, pages):
        return cls.env["crm.archive.document"].create(
            {
                "partner_id": cls.customer.id,
                "category_id": category.id,
                "title": title,
                "pages": pages,
            }
        )

    @classmethod
    def _request(cls, document):
        return (
            cls.env["crm.archive.borrow"]
            .with_user(cls.user_service)
            .create(
                {
                    "purpose": "Statistics",
                    "mode": "lend",
                    "line_ids": [Command.create({"document_id": document.id})],
                }
            )
        )

    @classmethod
    def _lend(cls, document):
        borrow = cls._request(document)
        borrow.action_submit()
        # approved by a manager, handed out by the archive administrator
        borrow.with_user(cls.user_manager).action_approve()
        borrow.with_user(cls.user_archivist).action_lend()
        return borrow

    def _analysis(self, model, user=None):
        return self.env[model].with_user(user or self.user_manager)

    # ------------------------------------------------------------------
    # Totals
    # ------------------------------------------------------------------
    def test_documents_per_category_match_documents(self):
        Document = self.env["crm.archive.document"].with_user(self.user_archivist)
        expected = {
            category: (count, pages)
            for category, count, pages in Document._read_group(
                [], ["category_id"], ["__count", "pages:sum"]
            )
        }
        got = {
            category: (count, pages)
            for category, count, pages in self._analysis(
                "crm.archive.document.analysis", self.user_archivist
            )._read_group([], ["category_id"], ["__count", "pages:sum"])
        }
        self.assertEqual(got, expected)
        self.assertEqual(got[self.category], (3, 7))

    def test_times_borrowed_counts_handed_out_requests(self):
        Analysis = self._analysis("crm.archive.document.analysis")
        rows = Analysis.search([("category_id", "=", self.category.id)])
        loans = {row.document_id: row.loan_count for row in rows}
        # The draft request handed nothing out.
        self.assertEqual(loans, {self.doc_returned: 1, self.doc_overdue: 1, self.doc_idle: 0})
        # A second loan of the same document counts twice.
        self._lend(self.doc_returned)
        Analysis.invalidate_model()  # a new request reads the view afresh
        self.assertEqual(
            Analysis.search([("document_id", "=", self.doc_returned.id)]).loan_count, 2
        )
        total = sum(Analysis.search([]).mapped("loan_count"))
        self.assertEqual(
            total,
            self.env["crm.archive.borrow.line"]
            .with_user(self.user_manager)
            .search_count([("state", "in", ("lent", "returned"))]),
        )

    def test_loans_overdue_and_loan_time_match_requests(self):
        Borrow = self.env["crm.archive.borrow"].with_user(self.user_manager)
        Analysis = self._analysis("crm.archive.borrow.analysis")
        [[count, loans, overdue, documents]] = Analysis._read_group(
            [], [], ["__count", "loan_count:sum", "overdue_count:sum", "document_count:sum"]
        )
        self.assertEqual(count, Borrow.search_count([]))
        self.assertEqual(
            loans,
            Borrow.search_count([("state", "in", ("lent", "returned")), ("lent_on", "!=", False)]),
        )
        self.assertEqual(overdue, Borrow.search_count([("is_overdue", "=", True)]))
        self.assertEqual(
            documents,
            self.env["crm.archive.borrow.line"].with_user(self.user_manager).search_count([]),
        )

        returned = Analysis.search([("borrow_id", "=", self.borrow_returned.id)])
        self.assertAlmostEqual(returned.loan_days, 3.0, places=1)
        self.assertFalse(returned.is_overdue)
        self.assertEqual(returned.days_overdue, 0)
        late = Analysis.search([("borrow_id", "=", self.borrow_overdue.id)])
        self.assertTrue(late.is_overdue)
        self.assertEqual(late.days_overdue, 2)
        self.assertAlmostEqual(late.loan_days, 10.0, places=1)
        draft = Analysis.search([("borrow_id", "=", self.borrow_draft.id)])
        self.assertFalse(draft.is_loan)
        self.assertEqual(draft.loan_count, 0)

        # Average loan time: the mean over the loans only, drafts left out.
        ours = [self.borrow_returned.id, self.borrow_overdue.id, self.borrow_draft.id]
        [[average]] = Analysis._read_group([("borrow_id", "in", ours)], [], ["loan_days:avg"])
        self.assertAlmostEqual(average, 6.5, places=1)

    def test_returned_late(self):
        self.borrow_returned.sudo().write({"due_date": self.today - timedelta(days=3)})
        row = self._analysis("crm.archive.borrow.analysis").search(
            [("borrow_id", "=", self.borrow_returned.id)]
        )
        self.assertEqual(row.returned_late_count, 1)
        self.assertEqual(row.days_overdue, 2)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_only_archive_administrators_and_managers(self):
        for model in ("crm.archive.document.analysis", "crm.archive.borrow.analysis"):
            for user in (self.user_sales, self.user_service, self.user_plain):
                with (
                    self.subTest(model=model, user=user.login),
                    self.assertRaisesRegex(
                        AccessError, rf"You are not allowed to access .* \({model}\)"
                    ),
                ):
                    self.env[model].with_user(user).search([])
            for user in (self.user_archivist, self.user_manager):
                with self.subTest(model=model, user=user.login):
                    self.assertTrue(self.env[model].with_user(user).search_count([]))

    def test_statistics_are_read_only(self):
        row = self._analysis("crm.archive.document.analysis").search([], limit=1)
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to modify 'Archive Document Statistics'"
        ):
            row.write({"pages": 99})
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to create 'Archive Borrowing Statistics'"
        ):
            self._analysis("crm.archive.borrow.analysis").create({})

    def test_other_company_hidden(self):
        other = self.env["res.company"].create({"name": "Archive Statistics Branch"})
        document = self.env["crm.archive.document"].create(
            {
                "partner_id": self.customer.id,
                "category_id": self.category.id,
                "title": "Branch file",
                "company_id": other.id,
            }
        )
        Analysis = self._analysis("crm.archive.document.analysis", self.user_archivist)
        self.assertFalse(Analysis.search([("document_id", "=", document.id)]))
        self.assertEqual(Analysis.search_count([("category_id", "=", self.category.id)]), 3)
