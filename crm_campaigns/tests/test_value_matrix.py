import statistics

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestValueMatrix(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("crm_campaigns.rfm_window_days", 365)
        cls.costly = cls.env["product.product"].create(
            {"name": "Costly Machine", "standard_price": 800.0, "list_price": 1000.0}
        )
        cls.free = cls.env["product.product"].create(
            {"name": "Service Hour", "standard_price": 0.0, "list_price": 100.0}
        )
        Partner = cls.env["res.partner"]
        cls.star, cls.trouble, cls.rib, cls.dog = Partner.create(
            [{"name": n} for n in ("VM Star", "VM Trouble", "VM Rib", "VM Dog")]
        )
        # Star: revenue 10,000 without cost -> profit 10,000, no effort.
        cls._invoice(cls.star, 10000, 5, product=cls.free)
        # Trouble: 3 machines (profit 3 x 200 = 600) + 9,000 of service,
        # one credit note of 1,000 service (effort 2) and two activities.
        for _i in range(3):
            cls._invoice(cls.trouble, 1000, 10, product=cls.costly)
        cls._invoice(cls.trouble, 9000, 12, product=cls.free)
        cls._invoice(cls.trouble, 1000, 2, move_type="out_refund", product=cls.free)
        todo = cls.env.ref("mail.mail_activity_data_todo")
        for summary in ("Call back", "Fix delivery"):
            cls.trouble.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo", summary=summary, user_id=cls.env.uid
            )
        # Rib: one machine, profit 200, no effort.
        cls._invoice(cls.rib, 1000, 30, product=cls.costly)
        # Dog: one machine, profit 200, a credit note of a machine (-200
        # profit, effort 2) and an activity.
        cls._invoice(cls.dog, 1000, 30, product=cls.costly)
        cls._invoice(cls.dog, 500, 20, product=cls.free)
        cls._invoice(cls.dog, 1000, 15, move_type="out_refund", product=cls.costly)
        cls.dog.activity_schedule(activity_type_id=todo.id, summary="Complaint call")

    def _set(self, **params):
        for key, value in params.items():
            self.env["ir.config_parameter"].set_param(f"crm_campaigns.{key}", value)

    def test_profit_and_complexity(self):
        self.env["res.partner"]._crm_compute_segmentation()
        self.assertEqual(self.star.value_profit, 10000.0)
        self.assertEqual(self.star.value_complexity, 0.0)
        self.assertEqual(self.trouble.value_profit, 3 * 200 + 9000 - 1000)
        self.assertEqual(self.trouble.value_complexity, 2 * 1 + 1 * 2)
        self.assertEqual(self.rib.value_profit, 200.0)
        self.assertEqual(self.dog.value_profit, 200 + 500 - 200)
        self.assertEqual(self.dog.value_complexity, 1 + 2)

    def test_quadrants_with_thresholds(self):
        self._set(value_profit_threshold=5000, value_complexity_threshold=1)
        self.env["res.partner"]._crm_compute_segmentation()
        self.assertEqual(self.star.value_quadrant, "star")
        self.assertEqual(self.trouble.value_quadrant, "trouble")
        self.assertEqual(self.rib.value_quadrant, "chicken_rib")
        self.assertEqual(self.dog.value_quadrant, "dog")

    def test_default_thresholds_are_medians(self):
        self._set(value_profit_threshold=0, value_complexity_threshold=0)
        Partner = self.env["res.partner"]
        Partner._crm_compute_segmentation()
        population = Partner.search([("rfm_code", "!=", False)])
        profit = statistics.median(population.mapped("value_profit"))
        effort = statistics.median(population.mapped("value_complexity"))
        for partner in population:
            high_profit = partner.value_profit >= profit
            high_effort = partner.value_complexity > effort
            expected = {
                (True, False): "star",
                (True, True): "trouble",
                (False, False): "chicken_rib",
                (False, True): "dog",
            }[(high_profit, high_effort)]
            self.assertEqual(partner.value_quadrant, expected, partner.name)

    def test_abc_classes_follow_revenue_share(self):
        Partner = self.env["res.partner"]
        Partner._crm_compute_segmentation()
        population = Partner.search([("rfm_code", "!=", False), ("rfm_monetary", ">", 0)])
        ranked = population.sorted(lambda p: (-p.rfm_monetary, p.id))
        total = sum(ranked.mapped("rfm_monetary"))
        running = 0.0
        for partner in ranked:
            before = 100 * running / total
            running += partner.rfm_monetary
            expected = "A" if before < 80 else "B" if before < 95 else "C"
            self.assertEqual(partner.abc_class, expected, partner.name)
            self.assertAlmostEqual(partner.abc_revenue_share, 100 * running / total, places=1)
        self.assertEqual(ranked[0].abc_class, "A")

    def test_apply_abc_grades_by_manager_with_history(self):
        Partner = self.env["res.partner"]
        Partner._crm_compute_segmentation()
        suggested = self.star.abc_suggested_grade_id
        self.assertEqual(suggested.code, self.star.abc_class)
        other = self.env["crm.customer.grade"].search([("id", "!=", suggested.id)], limit=1)
        self.star.grade_id = other
        with self.assertRaisesRegex(AccessError, "Only campaign managers can apply ABC grades"):
            self.star.with_user(self.user_marketing).action_crm_apply_abc_grade()
        self.assertEqual(self.star.grade_id, other)
        self.star.with_user(self.user_marketing_manager).action_crm_apply_abc_grade()
        self.assertEqual(self.star.grade_id, suggested)
        last = self.star.grade_history_ids.sorted("id")[-1]
        self.assertEqual((last.old_grade_id, last.new_grade_id), (other, suggested))
        self.assertIn("ABC", last.reason)
        unscored = Partner.create({"name": "Never Bought"})
        with self.assertRaisesRegex(UserError, "None of the selected customers has an ABC class"):
            unscored.with_user(self.user_marketing_manager).action_crm_apply_abc_grade()

    def test_bad_settings_are_rejected(self):
        Settings = self.env["res.config.settings"]
        abc_shares = r"ABC shares must satisfy 0 < class A share < classes A and B share"
        for values, message in (
            ({"crm_abc_a_share": 96.0, "crm_abc_b_share": 95.0}, abc_shares),
            ({"crm_abc_a_share": 0.0}, abc_shares),
            ({"crm_abc_b_share": 120.0}, abc_shares),
            ({"crm_value_complexity_threshold": -1.0}, "complexity threshold cannot be negative"),
            ({"crm_churn_interval_factor": 0.5}, "overdue purchase factor must be at least 1"),
            ({"crm_churn_period_days": 0}, "revenue comparison period must be between 7 and 730"),
            ({"crm_churn_revenue_drop": 0.0}, "revenue drop warning must be between 0 and 100"),
        ):
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                Settings.create(values)
