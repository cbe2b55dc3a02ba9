from itertools import pairwise

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditRating(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rating = cls.env["crm.credit.rating"]
        cls.rating_aaa = cls.env.ref("crm_credit.crm_credit_rating_aaa")
        cls.rating_aa = cls.env.ref("crm_credit.crm_credit_rating_aa")

    def test_seed_scale_covers_0_to_100(self):
        ratings = self.Rating.search([], order="score_min")
        self.assertEqual(ratings[0].score_min, 0)
        self.assertEqual(ratings[-1].score_max, 100)
        for low, high in pairwise(ratings):
            self.assertEqual(low.score_max, high.score_min)
        self.assertTrue(self.env.ref("crm_credit.crm_credit_rating_c").block)
        self.assertTrue(self.env.ref("crm_credit.crm_credit_rating_cc").block)
        self.assertFalse(self.env.ref("crm_credit.crm_credit_rating_ccc").block)

    def test_rating_for_score(self):
        self.assertEqual(self.Rating._get_rating_for_score(100), self.rating_aaa)
        self.assertEqual(self.Rating._get_rating_for_score(90), self.rating_aaa)
        self.assertEqual(self.Rating._get_rating_for_score(89.99), self.rating_aa)
        self.assertEqual(
            self.Rating._get_rating_for_score(0), self.env.ref("crm_credit.crm_credit_rating_c")
        )

    def test_overlap_rejected_nothing_written(self):
        with self.assertRaises(ValidationError) as catcher:
            self.rating_aa.write({"score_max": 95})
        self.assertIn("AAA (90.0-100.0) overlaps AA (80.0-95.0)", str(catcher.exception))
        self.rating_aa.invalidate_recordset()
        self.assertEqual(self.rating_aa.score_max, 90)
        count = self.Rating.search_count([])
        # The key that once deferred the check for data files is no permission.
        Rating = self.Rating.with_user(self.user_credit_manager).with_context(
            crm_credit_defer_scale_check=True
        )
        with self.assertRaisesRegex(ValidationError, "overlaps"), self.env.cr.savepoint():
            Rating.create({"name": "X", "score_min": 50, "score_max": 55})
        self.assertEqual(self.Rating.search_count([]), count)

    def test_gap_rejected_nothing_written(self):
        with self.assertRaises(ValidationError) as catcher:
            self.rating_aa.write({"score_max": 85})
        self.assertIn("no rating covers 85.0-90.0 (before AAA)", str(catcher.exception))
        self.rating_aa.invalidate_recordset()
        self.assertEqual(self.rating_aa.score_max, 90)
        with self.assertRaises(ValidationError) as caught:
            self.rating_aaa.action_archive()
        self.assertIn("no rating covers 90.0-100.0", str(caught.exception))
        self.assertTrue(self.rating_aaa.active)

    def test_readable_by_salesperson_not_writable(self):
        rating = self.rating_aaa.with_user(self.user_sales)
        self.assertEqual(rating.name, "AAA")
        self.assertFalse(self.Rating.with_user(self.user_credit).has_access("write"))
        self.assertTrue(self.Rating.with_user(self.user_credit_manager).has_access("write"))
