"""Digest KPI: campaign responses of the period."""

from datetime import timedelta

from odoo import Command, fields

from .common import CampaignCase


class TestCampaignsDigest(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.digest = cls.env["digest.digest"].create(
            {
                "name": "Campaign Digest",
                "company_id": cls.env.company.id,
                "kpi_crm_campaign_responses": True,
            }
        )
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Digest Customer {i}", "customer_state": "current"} for i in range(3)]
        )

    def _value(self, days=1):
        end = fields.Datetime.now() + timedelta(minutes=1)
        digest = self.digest.with_user(self.user_marketing).with_context(
            start_datetime=end - timedelta(days=days), end_datetime=end
        )
        digest.invalidate_recordset(["kpi_crm_campaign_responses_value"])
        return digest.kpi_crm_campaign_responses_value

    def test_campaign_responses(self):
        self.assertTrue(self.env.ref("digest.digest_digest_default").kpi_crm_campaign_responses)
        before_day, before_month = self._value(), self._value(days=30)
        campaign = self.env["crm.campaign"].create(
            {
                "name": "Digest Visits",
                "channel": "visit",
                "member_ids": [Command.create({"partner_id": p.id}) for p in self.customers],
            }
        )
        campaign.action_start()
        first, second, third = campaign.member_ids
        # Responded yesterday: the last 24 hours see it (recorded as the
        # mailing sync and the conversion measure would have).
        first._crm_transition_write(
            {
                "status": "responded",
                "contact_date": self.today - timedelta(days=1),
                "response_date": self.today - timedelta(days=1),
            }
        )
        # Responded ten days ago: only the month sees it.
        second._crm_transition_write(
            {
                "status": "converted",
                "contact_date": self.today - timedelta(days=10),
                "response_date": self.today - timedelta(days=10),
            }
        )
        third.action_mark_contacted()
        self.assertEqual(self._value(), before_day + 1)
        self.assertEqual(self._value(days=30), before_month + 2)

    def test_salespeople_do_not_get_the_kpi(self):
        names = {
            kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.env.company, self.user_sales)
        }
        self.assertNotIn("kpi_crm_campaign_responses", names)
        names = {
            kpi["kpi_name"]
            for kpi in self.digest._compute_kpis(self.env.company, self.user_marketing)
        }
        self.assertIn("kpi_crm_campaign_responses", names)
