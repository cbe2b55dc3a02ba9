from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestChurn(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        param = cls.env["ir.config_parameter"]
        param.set_param("crm_campaigns.rfm_window_days", 365)
        param.set_param("crm_campaigns.churn_interval_factor", 1.5)
        param.set_param("crm_campaigns.churn_period_days", 90)
        param.set_param("crm_campaigns.churn_revenue_drop", 50)
        cls.apple = cls.env["product.product"].create({"name": "Apple"})
        cls.pear = cls.env["product.product"].create({"name": "Pear"})
        Partner = cls.env["res.partner"]
        cls.overdue, cls.steady, cls.falling, cls.single, cls.former = Partner.create(
            [{"name": n} for n in ("Overdue", "Steady", "Falling", "Single", "Former")]
        )
        # Bought every 10 days, last 40 days ago: 40 > 1.5 x 10.
        for days_ago in (70, 60, 50, 40):
            cls._invoice(cls.overdue, 100, days_ago, product=cls.apple)
            cls._invoice(cls.overdue, 100, days_ago, product=cls.pear)
        # Bought every 30 days, last 10 days ago, two products, flat revenue.
        for days_ago in (160, 130, 100, 70, 40, 10):
            cls._invoice(cls.steady, 100, days_ago, product=cls.apple)
            cls._invoice(cls.steady, 100, days_ago, product=cls.pear)
        # 1,000 in the 90 days before the last 90, 300 in the last 90: -70 %.
        cls._invoice(cls.falling, 1000, 120, product=cls.apple)
        cls._invoice(cls.falling, 150, 60, product=cls.pear)
        cls._invoice(cls.falling, 150, 5, product=cls.apple)
        # Only apples, regularly.
        for days_ago in (45, 30, 15):
            cls._invoice(cls.single, 100, days_ago, product=cls.apple)
        # A former customer raises no warning, whatever his figures.
        cls.former.customer_state = "former"
        cls._invoice(cls.former, 100, 300, product=cls.apple)
        cls._invoice(cls.former, 100, 290, product=cls.apple)

    def test_signals(self):
        self.env["res.partner"]._crm_compute_churn()
        o, s, f, g = self.overdue, self.steady, self.falling, self.single
        self.assertEqual(o.churn_avg_interval_days, 10.0)
        self.assertEqual(o.churn_days_since_last, 40)
        self.assertTrue(o.churn_overdue)
        self.assertFalse(o.churn_single_product)
        self.assertTrue(o.churn_risk)
        self.assertEqual(s.churn_avg_interval_days, 30.0)
        self.assertFalse(s.churn_overdue or s.churn_revenue_drop or s.churn_single_product)
        self.assertFalse(s.churn_risk)
        self.assertEqual(f.churn_revenue_previous, 1000.0)
        self.assertEqual(f.churn_revenue_recent, 300.0)
        self.assertAlmostEqual(f.churn_revenue_change, -70.0)
        self.assertTrue(f.churn_revenue_drop)
        self.assertTrue(g.churn_single_product)
        self.assertFalse(g.churn_overdue)
        self.assertTrue(g.churn_risk)
        self.assertFalse(self.former.churn_risk)
        self.assertFalse(self.former.churn_days_since_last)
        warned = self.env["res.partner"].search([("churn_risk", "=", True)])
        self.assertEqual(warned & (o | s | f | g | self.former), o | f | g)

    def test_thresholds_are_settings(self):
        param = self.env["ir.config_parameter"]
        param.set_param("crm_campaigns.churn_interval_factor", 5)
        param.set_param("crm_campaigns.churn_revenue_drop", 80)
        self.env["res.partner"]._crm_compute_churn()
        self.assertFalse(self.overdue.churn_overdue)
        self.assertFalse(self.falling.churn_revenue_drop)

    def test_warning_cleared_when_signal_goes(self):
        Partner = self.env["res.partner"]
        Partner._crm_compute_churn()
        self.assertTrue(self.overdue.churn_risk)
        self._invoice(self.overdue, 100, 0, product=self.apple)
        Partner._crm_compute_churn()
        self.assertFalse(self.overdue.churn_overdue)
        self.assertFalse(self.overdue.churn_risk)

    def test_retention_campaign_needs_a_warning(self):
        self.env["res.partner"]._crm_compute_churn()
        with self.assertRaisesRegex(UserError, "at least one customer with a churn warning"):
            self.steady.with_user(self.user_marketing).action_crm_retention_campaign()

    def test_retention_campaign_in_one_click(self):
        self.env["res.partner"]._crm_compute_churn()
        selected = self.overdue | self.steady | self.falling
        action = selected.with_user(self.user_marketing).action_crm_retention_campaign()
        campaign = self.env["crm.campaign"].browse(action["res_id"])
        self.assertEqual(campaign.state, "plan")
        self.assertEqual(campaign.channel, "visit")
        self.assertEqual(campaign.user_id, self.user_marketing)
        # Only the selected customers with a warning become members.
        self.assertEqual(campaign.member_ids.partner_id, self.overdue | self.falling)
        self.assertEqual(set(campaign.member_ids.mapped("status")), {"pending"})
