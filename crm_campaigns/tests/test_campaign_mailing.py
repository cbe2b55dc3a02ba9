from unittest.mock import patch

from odoo import Command
from odoo.addons.crm_campaigns.models.crm_campaign import RESPONSE_STATUSES_PARAM
from odoo.exceptions import ValidationError

from .common import CampaignCase


class TestCampaignMailing(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_marketing.email = "marketing@example.com"
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "email": f"{name.lower()}@example.com",
                    "customer_state": "current",
                }
                for name in ("Clicker", "Opener", "Replier", "Reader", "Withdrawer", "Silent")
            ]
        )
        cls.clicker, cls.opener, cls.replier, cls.reader, cls.withdrawer, cls.silent = cls.customers
        # Everyone but the last consented to email.
        cls.customers[:5]._crm_set_consent("email", True)
        cls.outsider = cls.env["res.partner"].create(
            {"name": "Outsider", "email": "outsider@example.com", "customer_state": "current"}
        )
        cls.outsider._crm_set_consent("email", True)

    def _campaign(self):
        campaign = (
            self.env["crm.campaign"]
            .with_user(self.user_marketing)
            .create(
                {
                    "name": "Newsletter",
                    "channel": "email",
                    "mail_subject": "Spring offers",
                    "mail_body": "<p>Dear customer, see our <a href='https://example.com'>offers</a>.</p>",
                    "member_ids": [Command.create({"partner_id": p.id}) for p in self.customers],
                }
            )
        )
        self.assertEqual(
            campaign.member_ids.filtered(lambda m: m.status == "no_consent").partner_id, self.silent
        )
        return campaign

    def _member(self, campaign, partner):
        return campaign.member_ids.filtered(lambda member: member.partner_id == partner)

    def _send(self, campaign):
        campaign.action_start()
        mailing = campaign.mailing_id
        # The customer withdraws his consent after the members were loaded.
        self.withdrawer._crm_set_consent("email", False)
        mailing.with_user(self.user_marketing).action_send_mail()
        return mailing

    def test_mailing_recipients_follow_consent(self):
        campaign = self._campaign()
        campaign.action_start()
        mailing = campaign.mailing_id
        self.assertRecordValues(
            mailing,
            [
                {
                    "mailing_model_real": "res.partner",
                    "subject": "Spring offers",
                    "crm_campaign_id": campaign.id,
                    "campaign_id": campaign.utm_campaign_id.id,
                    "user_id": campaign.user_id.id,
                }
            ],
        )
        self.assertEqual(set(mailing._get_recipients()), set(self.customers[:5].ids))
        self.withdrawer._crm_set_consent("email", False)
        self.assertEqual(set(mailing._get_recipients()), set(self.customers[:4].ids))
        # Even a mailing filter widened by hand keeps to the campaign's eligible members.
        mailing.mailing_domain = "[]"
        self.assertEqual(set(mailing._get_recipients()), set(self.customers[:4].ids))
        # So does an opt-out recorded on the member.
        self._member(campaign, self.reader).action_mark_opted_out()
        self.assertEqual(set(mailing._get_recipients()), set(self.customers[:3].ids))

    def test_sent_mailing_excludes_withdrawn_consent(self):
        campaign = self._campaign()
        mailing = self._send(campaign)
        traces = mailing.mailing_trace_ids
        self.assertEqual(set(traces.mapped("res_id")), set(self.customers[:4].ids))
        self.assertNotIn(self.withdrawer.id, traces.mapped("res_id"))
        self.assertNotIn(self.silent.id, traces.mapped("res_id"))
        self.assertNotIn(self.outsider.id, traces.mapped("res_id"))
        self.assertEqual(mailing.state, "done")

    def _traces(self, mailing):
        return {
            partner: mailing.mailing_trace_ids.filtered(lambda t, p=partner: t.res_id == p.id)
            for partner in self.customers[:4]
        }

    def test_sync_default_statuses(self):
        campaign = self._campaign()
        mailing = self._send(campaign)
        traces = self._traces(mailing)
        mailing.mailing_trace_ids.set_sent()
        traces[self.clicker].set_clicked()
        traces[self.opener].set_opened()
        traces[self.replier].set_replied()
        campaign._sync_mailing_responses()
        statuses = {p: self._member(campaign, p).status for p in self.customers}
        self.assertEqual(
            statuses,
            {
                self.clicker: "responded",
                self.opener: "contacted",  # opens do not count by default
                self.replier: "responded",
                self.reader: "contacted",
                self.withdrawer: "no_consent",
                self.silent: "no_consent",
            },
        )
        self.assertEqual(self._member(campaign, self.reader).contact_date, self.today)
        self.assertEqual(self._member(campaign, self.clicker).response_date, self.today)
        self.assertRecordValues(
            campaign, [{"sent_count": 4, "response_count": 2, "response_rate": 50.0}]
        )

    def test_sync_configured_statuses(self):
        self.env["ir.config_parameter"].sudo().set_param(RESPONSE_STATUSES_PARAM, "open")
        campaign = self._campaign()
        mailing = self._send(campaign)
        traces = self._traces(mailing)
        traces[self.clicker].set_sent()
        traces[self.clicker].set_clicked()
        traces[self.opener].set_sent()
        traces[self.opener].set_opened()
        campaign._sync_mailing_responses()
        self.assertEqual(self._member(campaign, self.clicker).status, "contacted")
        self.assertEqual(self._member(campaign, self.opener).status, "responded")
        # Unsent mails (still outgoing) contact nobody.
        self.assertEqual(self._member(campaign, self.reader).status, "pending")
        # Statuses only move forward.
        self.env["ir.config_parameter"].sudo().set_param(RESPONSE_STATUSES_PARAM, "reply")
        campaign._sync_mailing_responses()
        self.assertEqual(self._member(campaign, self.opener).status, "responded")

    def test_sync_cron_and_opt_out_trace(self):
        campaign = self._campaign()
        mailing = self._send(campaign)
        traces = self._traces(mailing)
        traces[self.replier].set_sent()
        traces[self.replier].set_replied()
        traces[self.reader].write({"trace_status": "cancel", "failure_type": "mail_optout"})
        # The cron commits between campaigns; the test transaction must not.
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0):
            self.env["crm.campaign"]._cron_sync_mailing_responses()
        self.assertEqual(self._member(campaign, self.replier).status, "responded")
        self.assertRecordValues(
            self._member(campaign, self.reader),
            [{"status": "opted_out", "opt_out_reason": "mailing"}],
        )

    def test_response_settings(self):
        Settings = self.env["res.config.settings"]
        self.assertRecordValues(
            Settings.create({}),
            [
                {
                    "crm_campaign_response_reply": True,
                    "crm_campaign_response_click": True,
                    "crm_campaign_response_open": False,
                }
            ],
        )
        Settings.create(
            {
                "crm_campaign_response_reply": True,
                "crm_campaign_response_click": False,
                "crm_campaign_response_open": True,
            }
        ).execute()
        self.assertEqual(self.env["crm.campaign"]._get_response_statuses(), {"reply", "open"})
        self.assertRecordValues(
            Settings.create({}),
            [{"crm_campaign_response_click": False, "crm_campaign_response_open": True}],
        )
        with self.assertRaisesRegex(ValidationError, "at least one"):
            Settings.create(
                {
                    "crm_campaign_response_reply": False,
                    "crm_campaign_response_click": False,
                    "crm_campaign_response_open": False,
                }
            )
        self.assertEqual(self.env["crm.campaign"]._get_response_statuses(), {"reply", "open"})
