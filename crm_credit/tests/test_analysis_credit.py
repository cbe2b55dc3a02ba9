from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_credit_aging import CreditLedgerCase


@tagged("post_install", "-at_install")
class TestCreditAnalysis(CreditLedgerCase):
    """Credit composition: the same receivable as the partner's exposure, by
    rating and aging bucket, for credit users only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rating_aaa = cls.env.ref("crm_credit.crm_credit_rating_aaa")
        cls.rating_bb = cls.env.ref("crm_credit.crm_credit_rating_bb")
        cls._invoice(1000.0, 10)  # not due
        cls._invoice(2000.0, -15)  # 1-30
        cls._invoice(100.0, -5, partner=cls.contact)  # 1-30, on the company
        cls._invoice(3000.0, -45)  # 31-60
        cls._invoice(700.0, -120)  # over 90
        cls._invoice(250.0, 0, move_type="out_refund")  # credit note, not due
        cls._invoice(9000.0, -200, post=False)  # draft: not owed
        cls.other = cls.env["res.partner"].create({"name": "Second Debtor", "is_company": True})
        cls._invoice(400.0, -70, partner=cls.other)  # 61-90
        paid = cls._invoice(600.0, -10, partner=cls.other)
        cls._register_payment(paid, payment_date=cls.today)
        cls.unrated = cls.env["res.partner"].create(
            {"name": "Customer Without Debt", "is_company": True, "customer_rank": 1}
        )
        # Ratings as approved evaluations leave them.
        cls.customer.sudo()._crm_transition_write({"credit_rating_id": cls.rating_aaa.id})
        cls.other.sudo()._crm_transition_write({"credit_rating_id": cls.rating_bb.id})
        cls.partners = cls.customer | cls.other | cls.unrated

    def _rows(self, user=None):
        return (
            self.env["crm.credit.analysis"]
            .with_user(user or self.user_credit)
            .search([("partner_id", "in", self.partners.ids)])
        )

    def test_exposure_equals_partner_exposure(self):
        rows = self._rows()
        self.assertEqual(rows.partner_id, self.partners)
        self.assertEqual(rows.company_id, self.env.company)
        for row in rows:
            partner = row.partner_id.with_user(self.user_credit)
            with self.subTest(partner=partner.name):
                self.assertAlmostEqual(row.exposure, partner.credit_exposure)
                self.assertAlmostEqual(row.amount_not_due, partner.credit_amount_not_due)
                self.assertAlmostEqual(row.amount_1_30, partner.credit_amount_1_30)
                self.assertAlmostEqual(row.amount_31_60, partner.credit_amount_31_60)
                self.assertAlmostEqual(row.amount_61_90, partner.credit_amount_61_90)
                self.assertAlmostEqual(row.amount_over_90, partner.credit_amount_over_90)
                self.assertAlmostEqual(row.amount_overdue, partner.credit_amount_overdue)
                self.assertEqual(row.max_days_overdue, partner.credit_max_days_overdue)
        by_partner = {row.partner_id: row for row in rows}
        self.assertAlmostEqual(by_partner[self.customer].exposure, 750.0 + 2100.0 + 3000.0 + 700.0)
        self.assertEqual(by_partner[self.customer].aging_bucket, "over_90")
        self.assertAlmostEqual(by_partner[self.other].exposure, 400.0)
        self.assertEqual(by_partner[self.other].aging_bucket, "61_90")
        self.assertEqual(by_partner[self.unrated].aging_bucket, "none")
        # The contact's invoice is on its company: no row of its own.
        self.assertNotIn(self.contact, rows.partner_id)

    def test_composition_by_rating(self):
        groups = {
            rating: (count, exposure)
            for rating, count, exposure in self.env["crm.credit.analysis"]
            .with_user(self.user_credit)
            ._read_group(
                [("partner_id", "in", self.partners.ids)],
                ["rating_id"],
                ["__count", "exposure:sum"],
            )
        }
        self.assertEqual(
            groups,
            {
                self.rating_aaa: (1, self.customer.with_user(self.user_credit).credit_exposure),
                self.rating_bb: (1, 400.0),
                self.env["crm.credit.rating"]: (1, 0.0),
            },
        )

    def test_company_total_equals_ledger(self):
        """Whole company: the report total is the open receivable of the ledger."""
        [[ledger]] = self.env["account.move.line"]._read_group(
            [
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("company_id", "=", self.env.company.id),
            ],
            [],
            ["amount_residual:sum"],
        )
        [[total]] = (
            self.env["crm.credit.analysis"]
            .with_user(self.user_credit_manager)
            ._read_group([("company_id", "=", self.env.company.id)], [], ["exposure:sum"])
        )
        self.assertAlmostEqual(total, ledger)

    def test_salesperson_has_no_access(self):
        Analysis = self.env["crm.credit.analysis"].with_user(self.user_sales)
        with self.assertRaises(AccessError) as caught:
            Analysis.search([])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.credit\.analysis\) records"
        )
        with self.assertRaises(AccessError) as caught:
            Analysis._read_group([], ["rating_id"], ["exposure:sum"])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.credit\.analysis\) records"
        )
        with self.assertRaises(AccessError) as caught:
            Analysis.browse(self._rows().ids).read(["exposure"])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.credit\.analysis\) records"
        )

    def test_read_only_for_credit_manager(self):
        row = self._rows(self.user_credit_manager)[:1]
        with self.assertRaises(AccessError) as caught:
            row.write({"exposure": 0.0})
        self.assertRegex(
            str(caught.exception), r"not allowed to modify .*\(crm\.credit\.analysis\) records"
        )
        with self.assertRaises(AccessError) as caught:
            row.unlink()
        self.assertRegex(
            str(caught.exception), r"not allowed to delete .*\(crm\.credit\.analysis\) records"
        )

    def test_other_company_hidden(self):
        other_company = self.env["res.company"].create({"name": "Credit Analysis Branch"})
        self.assertFalse(
            self.env["crm.credit.analysis"]
            .with_user(self.user_credit)
            .search([("company_id", "=", other_company.id)])
        )
