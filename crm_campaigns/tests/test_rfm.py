import math
from collections import defaultdict
from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CampaignCase


def quintile(values, better):
    """Score 1-5 of each key: ceil(5 x share of customers doing no better)."""
    n = len(values)
    return {
        key: math.ceil(5 * sum(1 for other in values.values() if not better(other, value)) / n)
        for key, value in values.items()
    }


@tagged("post_install", "-at_install")
class TestRfm(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("crm_campaigns.rfm_window_days", 365)
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create([{"name": f"RFM Customer {i}"} for i in range(8)])
        c = cls.customers
        # days_ago, amount per invoice; c[1] and c[2] are exact ties.
        for partner, invoices in [
            # More invoices than any demo customer: the best frequency.
            (c[0], [(1, 900)] + [(20 * i, 500) for i in range(1, 12)]),
            (c[1], [(10, 500), (100, 500)]),
            (c[2], [(10, 500), (100, 500)]),
            (c[3], [(200, 3000)]),
            (c[4], [(300, 100), (320, 100), (340, 100)]),
            (c[5], [(5, 2000)]),
        ]:
            for days_ago, amount in invoices:
                cls._invoice(partner, amount, days_ago)
        # A credit note of 1,500 on the single big order of c[5].
        cls._invoice(c[5], 1500, 3, move_type="out_refund")
        # c[6]: only a credit note in the window, and an invoice before it.
        cls._invoice(c[6], 400, 30, move_type="out_refund")
        cls._invoice(c[6], 4000, 400)
        # c[7]: a draft invoice only.
        cls._invoice(c[7], 9999, 1, post=False)

    def _independent(self):
        """RFM of every customer of the company, from the ORM, in Python."""
        date_from = self.today - timedelta(days=365)
        moves = self.env["account.move"].search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", ["out_invoice", "out_refund"]),
                ("company_id", "=", self.env.company.id),
                ("invoice_date", ">", date_from),
                ("invoice_date", "<=", self.today),
            ]
        )
        last, count, money = {}, defaultdict(int), defaultdict(float)
        for move in moves:
            partner = move.commercial_partner_id
            money[partner] += move.amount_untaxed_signed
            if move.move_type == "out_invoice":
                count[partner] += 1
                last[partner] = max(last.get(partner, move.invoice_date), move.invoice_date)
        scored = list(count)
        recency = {p: (self.today - last[p]).days for p in scored}
        frequency = {p: count[p] for p in scored}
        monetary = {p: round(money[p], 2) for p in scored}
        r = quintile(recency, lambda other, value: other < value)
        f = quintile(frequency, lambda other, value: other > value)
        m = quintile(monetary, lambda other, value: other > value)
        return {p: (recency[p], frequency[p], monetary[p], r[p], f[p], m[p]) for p in scored}

    def _segment_for(self, r, f, m):
        return self.env["crm.rfm.segment"].search(
            [
                ("r_min", "<=", r),
                ("r_max", ">=", r),
                ("f_min", "<=", f),
                ("f_max", ">=", f),
                ("m_min", "<=", m),
                ("m_max", ">=", m),
            ]
        )

    def test_scores_equal_independent_computation(self):
        self.env["res.partner"]._crm_compute_rfm()
        expected = self._independent()
        self.assertIn(self.customers[0], expected)
        scored = self.env["res.partner"].search([("rfm_code", "!=", False)])
        self.assertEqual(set(scored), set(expected))
        for partner, (recency, frequency, monetary, r, f, m) in expected.items():
            with self.subTest(partner=partner.name):
                self.assertEqual(partner.rfm_recency_days, recency)
                self.assertEqual(partner.rfm_frequency, frequency)
                self.assertAlmostEqual(partner.rfm_monetary, monetary, places=2)
                self.assertEqual(
                    (partner.rfm_r_score, partner.rfm_f_score, partner.rfm_m_score), (r, f, m)
                )
                self.assertEqual(partner.rfm_code, f"{r}{f}{m}")
                self.assertEqual(partner.rfm_segment_id, self._segment_for(r, f, m))

    def test_credit_notes_ties_and_customers_without_invoices(self):
        self.env["res.partner"]._crm_compute_rfm()
        c = self.customers
        self.assertEqual(c[5].rfm_monetary, 500.0, "credit notes are netted")
        self.assertEqual(c[5].rfm_frequency, 1, "credit notes are not purchases")
        self.assertEqual(c[0].rfm_recency_days, 1)
        self.assertEqual(c[0].rfm_frequency, 12)
        self.assertEqual(c[1].rfm_code, c[2].rfm_code, "equal figures get equal scores")
        for partner in c[6] | c[7]:
            self.assertFalse(partner.rfm_code)
            self.assertFalse(partner.rfm_segment_id)
        # The best recency, frequency and monetary of the population score 5.
        self.assertEqual(c[0].rfm_r_score, 5)
        self.assertEqual(c[0].rfm_f_score, 5)
        self.assertGreater(c[0].rfm_r_score, c[4].rfm_r_score)

    def test_leaving_the_window_clears_scores_and_logs_history(self):
        Partner = self.env["res.partner"]
        Partner._crm_compute_rfm()
        old_code = self.customers[4].rfm_code
        self.assertTrue(old_code)
        history = self.customers[4].rfm_history_ids
        self.assertEqual(len(history), 1)
        self.assertFalse(history.previous_segment_id)
        self.assertEqual(history.segment_id, self.customers[4].rfm_segment_id)
        # Unchanged figures: no new history row.
        Partner._crm_compute_rfm()
        self.assertEqual(len(self.customers[4].rfm_history_ids), 1)
        # A 200-day window leaves c[4]'s invoices out: scores cleared, logged.
        self.env["ir.config_parameter"].set_param("crm_campaigns.rfm_window_days", 200)
        Partner._crm_compute_rfm()
        self.assertFalse(self.customers[4].rfm_code)
        self.assertFalse(self.customers[4].rfm_segment_id)
        latest = self.customers[4].rfm_history_ids.sorted("id")[-1]
        self.assertFalse(latest.segment_id)
        self.assertEqual(latest.previous_segment_id, history.segment_id)

    def test_seeded_segments_cover_every_code_once(self):
        for r in range(1, 6):
            for f in range(1, 6):
                for m in range(1, 6):
                    self.assertEqual(len(self._segment_for(r, f, m)), 1, f"{r}{f}{m}")

    def test_bad_segment_rules_are_rejected(self):
        Segment = self.env["crm.rfm.segment"]
        count = Segment.search_count([])
        champions = self.env.ref("crm_campaigns.rfm_segment_champions")
        with self.assertRaisesRegex(ValidationError, "overlap"):
            Segment.create({"name": "Overlap", "r_min": 5, "r_max": 5, "f_min": 5, "f_max": 5})
        with self.assertRaisesRegex(ValidationError, "matches no customer"):
            Segment.create({"name": "Empty", "r_min": 4, "r_max": 2})
        with self.assertRaisesRegex(ValidationError, "1 to 5"):
            Segment.create({"name": "Zero", "r_min": 0, "r_max": 0})
        with self.assertRaisesRegex(ValidationError, "overlap"):
            champions.write({"f_min": 3})
        self.assertEqual(Segment.search_count([]), count)
        self.assertEqual(champions.f_min, 4)
        # Archiving the rule in the way frees its box.
        champions.active = False
        Segment.create({"name": "Best", "r_min": 5, "r_max": 5, "f_min": 5, "f_max": 5})

    def test_window_of_zero_days_is_rejected(self):
        Settings = self.env["res.config.settings"]
        for bad in (0, -5):
            with self.assertRaisesRegex(ValidationError, "RFM window must be between 30 and 3650"):
                Settings.create({"crm_rfm_window_days": bad})
        self.env["ir.config_parameter"].set_param("crm_campaigns.rfm_window_days", "0")
        with self.assertRaisesRegex(UserError, "positive number of days"):
            self.env["res.partner"]._crm_compute_rfm()

    def test_recompute_button_is_for_campaign_users(self):
        Partner = self.env["res.partner"]
        with self.assertRaisesRegex(
            AccessError, "Only campaign users can recompute the segmentation"
        ):
            Partner.with_user(self.user_sales).action_crm_compute_segmentation()
        Partner.with_user(self.user_marketing).action_crm_compute_segmentation()
        self.assertTrue(self.customers[0].rfm_code)

    def test_query_count_does_not_grow_with_customers(self):
        Partner = self.env["res.partner"]
        Partner._crm_compute_segmentation()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=12):
            Partner._crm_compute_segmentation()
        more = Partner.create([{"name": f"More {i}"} for i in range(5)])
        for partner in more:
            self._invoice(partner, 100, 3)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=12):
            Partner._crm_compute_segmentation()


@tagged("post_install", "-at_install")
class TestRfmDemo(CampaignCase):
    def test_demo_gives_every_segment_members(self):
        if not self.env.ref("crm_campaigns.invoice_huimin_1", raise_if_not_found=False):
            self.skipTest("installed without demo data")
        if "crm.credit.rating" not in self.env:
            self.skipTest("the demo story is designed with the credit demo invoices")
        self.env["res.partner"]._crm_compute_segmentation()
        for segment in self.env["crm.rfm.segment"].search([]):
            self.assertTrue(segment.partner_count, f"{segment.name} has no demo customer")
