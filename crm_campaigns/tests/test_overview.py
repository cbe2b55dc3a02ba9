"""Churn warnings, care occasions, running campaigns and responses on the
managers' overview."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import CampaignCase

OVERVIEW = "crm_customer_info.crm_customer_overview_main"
COUNTERS = [
    "churn_risk_count",
    "care_upcoming_count",
    "running_campaign_count",
    "response_month_count",
]


class TestCampaignsOverview(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="t_ov_campaign_manager",
            groups="crm_customer_info.group_manager,crm_campaigns.group_campaign_user",
        )
        cls.overview = cls.env.ref(OVERVIEW)
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Overview Customer {i}", "customer_state": "current"} for i in range(3)]
        )
        cls.rule = cls.env["crm.care.rule"].create(
            {
                "name": "Overview birthdays",
                "occasion_type": "birthday",
                "action": "gift",
                "gift_description": "Flowers",
            }
        )

    def _counters(self):
        overview = self.overview.with_user(self.manager)
        overview.invalidate_recordset()
        return {name: overview[name] for name in COUNTERS}

    def _open(self, method):
        action = getattr(self.overview.with_user(self.manager), method)()
        return self.env[action["res_model"]].with_user(self.manager).search(action["domain"])

    def _occasion(self, partner, days, state="planned"):
        Occasion = self.env["crm.care.occasion"]
        # Created already decided, as its care action would have left it.
        with Occasion._crm_transition():
            return Occasion.create(
                {
                    "rule_id": self.rule.id,
                    "partner_id": partner.id,
                    "occasion_date": self.today + timedelta(days=days),
                    "state": state,
                }
            )

    def test_counters_follow_the_records(self):
        before = self._counters()
        self.customers[0].churn_risk = True
        soon = self._occasion(self.customers[0], 3)
        self._occasion(self.customers[1], 30)  # too far ahead
        self._occasion(self.customers[2], 5, state="cancelled")
        campaign = self.env["crm.campaign"].create(
            {
                "name": "Overview Visits",
                "channel": "visit",
                "member_ids": [Command.create({"partner_id": p.id}) for p in self.customers],
            }
        )
        campaign.action_start()
        campaign.member_ids[0].action_mark_responded()
        after = self._counters()
        self.assertEqual(
            {name: after[name] - before[name] for name in COUNTERS},
            {
                "churn_risk_count": 1,
                "care_upcoming_count": 1,
                "running_campaign_count": 1,
                "response_month_count": 1,
            },
        )
        overview = self.overview.with_user(self.manager)
        self.assertIn(self.customers[0], overview.churn_partner_ids)
        self.assertIn(soon, overview.care_occasion_ids)
        for method, counter in [
            ("action_open_churn", "churn_risk_count"),
            ("action_open_care_upcoming", "care_upcoming_count"),
            ("action_open_running_campaigns", "running_campaign_count"),
            ("action_open_responses", "response_month_count"),
        ]:
            with self.subTest(method=method):
                self.assertEqual(len(self._open(method)), after[counter])
        self.assertIn(campaign, self._open("action_open_running_campaigns"))

    def test_managers_without_campaign_rights_see_no_campaign_figure(self):
        manager = new_test_user(
            self.env, login="t_ov_no_campaign", groups="crm_customer_info.group_manager"
        )
        with self.assertRaisesRegex(
            AccessError, 'enough rights to access the field "churn_risk_count"'
        ):
            self.overview.with_user(manager).read(["churn_risk_count"])
        self.assertTrue(self.overview.with_user(manager).read(["current_count"]))
