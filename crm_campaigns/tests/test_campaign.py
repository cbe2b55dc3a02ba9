from datetime import timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import CampaignCase


class TestCampaign(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = cls.env["res.partner.category"].create({"name": "Campaign Test"})
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Campaign Customer {index}",
                    "email": f"customer{index}@example.com",
                    "phone": f"+86 138 0000 {index:04d}",
                    "customer_state": "current",
                    "category_id": [Command.set(cls.tag.ids)],
                }
                for index in range(10)
            ]
        )
        cls.segment = cls.env["crm.customer.segment"].create(
            {"name": "Campaign Test Customers", "category_ids": [Command.set(cls.tag.ids)]}
        )
        # The first six consented to email, the first three to phone calls.
        cls.customers[:6]._crm_set_consent("email", True)
        cls.customers[:3]._crm_set_consent("phone", True)

    def _campaign(self, **vals):
        vals = {
            "name": "Test Campaign",
            "channel": "visit",
            "segment_id": self.segment.id,
            **vals,
        }
        return self.env["crm.campaign"].create(vals)

    def _member(self, campaign, partner):
        return campaign.member_ids.filtered(lambda member: member.partner_id == partner)

    # ------------------------------------------------------------------
    # Members and consents
    # ------------------------------------------------------------------
    def test_load_members_respects_consent(self):
        blacklisted = self.customers[5]
        self.env["mail.blacklist"]._add(blacklisted.email)
        email = self._campaign(channel="email")
        self.assertEqual(email.member_count, 0)
        email.action_load_members()
        self.assertEqual(email.member_count, 10)
        self.assertEqual(email.member_ids.partner_id, self.customers)
        eligible = email.member_ids.filtered(lambda member: member.status == "pending")
        self.assertEqual(eligible.partner_id, self.customers[:5])
        self.assertRecordValues(
            self._member(email, blacklisted),
            [{"status": "opted_out", "opt_out_reason": "blacklisted"}],
        )
        self.assertEqual(
            email.member_ids.filtered(lambda m: m.status == "no_consent").partner_id,
            self.customers[6:],
        )
        self.assertEqual(email.opted_out_count, 1)
        # Loading again adds nobody twice.
        email.action_load_members()
        self.assertEqual(len(email.member_ids), 10)

        phone = self._campaign(channel="phone")
        phone.action_load_members()
        self.assertEqual(
            phone.member_ids.filtered(lambda m: m.status == "pending").partner_id,
            self.customers[:3],
        )
        # Visits need no channel consent.
        visit = self._campaign(channel="visit")
        visit.action_load_members()
        self.assertEqual(set(visit.member_ids.mapped("status")), {"pending"})

    def test_no_consent_is_not_an_opt_out(self):
        """A customer who never consented to the channel did not unsubscribe:
        he has his own status, apart from those who opted out."""
        email = self._campaign(channel="email")
        email.action_load_members()
        silent = self._member(email, self.customers[9])
        self.assertRecordValues(silent, [{"status": "no_consent", "opt_out_reason": False}])
        labels = dict(silent._fields["status"]._description_selection(self.env))
        self.assertEqual(labels["no_consent"], "No Consent")
        self.assertNotEqual(labels["no_consent"], labels["opted_out"])
        self.assertNotIn("no_consent", dict(silent._fields["opt_out_reason"].selection))
        # Neither is a recipient of the mailing.
        recipients = self.env["res.partner"].search(email._get_mailing_recipient_domain())
        self.assertEqual(recipients, self.customers[:6])

    def test_channel_change_rechecks_consent(self):
        """Members follow the consent of the campaign's current channel: when
        the channel changes, when the members are loaded again and at start."""
        campaign = self._campaign(channel="email")
        campaign.action_load_members()

        def pending():
            return campaign.member_ids.filtered(lambda m: m.status == "pending").partner_id

        self.assertEqual(pending(), self.customers[:6])
        campaign.channel = "phone"
        self.assertEqual(pending(), self.customers[:3])
        self.assertEqual(
            campaign.member_ids.filtered(lambda m: m.status == "no_consent").partner_id,
            self.customers[3:],
        )
        campaign.channel = "visit"
        self.assertEqual(pending(), self.customers)
        campaign.channel = "phone"
        # A consent given since is seen when the members are loaded again...
        self.customers[3]._crm_set_consent("phone", True)
        campaign.action_load_members()
        self.assertEqual(len(campaign.member_ids), 10)
        self.assertEqual(pending(), self.customers[:4])
        # ... and a withdrawn one when the campaign starts.
        self.customers[0]._crm_set_consent("phone", False)
        campaign.action_start()
        self.assertEqual(pending(), self.customers[1:4])
        self.assertEqual(self._member(campaign, self.customers[0]).status, "no_consent")

    def test_reload_after_channel_change_rechecks_consent(self):
        """Members loaded under one channel are checked again by Load Members
        when the channel changed without them being touched."""
        campaign = self._campaign(channel="visit")
        campaign.action_load_members()
        self.assertEqual(set(campaign.member_ids.mapped("status")), {"pending"})
        # The channel column changes behind the ORM's back, as an import would.
        self.env.cr.execute(
            "UPDATE crm_campaign SET channel = 'phone' WHERE id = %s", [campaign.id]
        )
        campaign.invalidate_recordset(["channel"])
        campaign.action_load_members()
        self.assertEqual(
            campaign.member_ids.filtered(lambda m: m.status == "pending").partner_id,
            self.customers[:3],
        )

    def test_response_rate_counts_pending_members(self):
        """One response among five members still to contact is 20 %, not 100 %:
        the rate is responses per member of the audience, pending ones count
        as not responded; customers excluded before any contact do not count."""
        campaign = self._campaign(channel="phone")
        campaign.action_load_members()
        campaign.action_start()
        audience = campaign.member_ids.filtered(lambda m: m.status == "pending")
        self.assertEqual(len(audience), 3)
        audience[0].action_mark_responded()
        self.assertRecordValues(
            campaign,
            [
                {
                    "audience_count": 3,
                    "sent_count": 1,
                    "response_count": 1,
                    "response_rate": 100.0 / 3,
                }
            ],
        )
        # A customer who opts out after the contact was part of the audience.
        audience[1].action_mark_contacted()
        audience[1].action_mark_opted_out()
        self.assertRecordValues(
            campaign, [{"audience_count": 3, "sent_count": 1, "response_rate": 100.0 / 3}]
        )
        # One who opts out before being contacted leaves it.
        audience[2].action_mark_opted_out()
        self.assertRecordValues(campaign, [{"audience_count": 2, "response_rate": 50.0}])
        self.assertIn("audience", campaign._fields["response_rate"].help)

    def test_kanban_columns_follow_the_workflow(self):
        for channel in ("visit", "phone"):
            campaign = self._campaign(channel=channel)
            campaign.action_load_members()
            campaign.action_start()
            campaign.action_done()
        campaign.with_user(self.user_marketing_manager).action_evaluate()
        result = (
            self.env["crm.campaign"]
            .with_context(read_group_expand=True)
            .web_read_group([("id", "in", campaign.ids)], ["state"], ["__count"])
        )
        self.assertEqual(
            [group["state"] for group in result["groups"]],
            ["plan", "running", "done", "evaluated"],
        )
        self._campaign().action_cancel()
        result = (
            self.env["crm.campaign"]
            .with_context(read_group_expand=True)
            .web_read_group([], ["state"], ["__count"])
        )
        self.assertEqual(
            [group["state"] for group in result["groups"]],
            ["plan", "running", "done", "evaluated", "cancelled"],
        )

    def test_explicit_members(self):
        """Other features create campaigns from an explicit list of customers."""
        campaign = self.env["crm.campaign"].create(
            {
                "name": "Retention",
                "channel": "email",
                "member_ids": [Command.create({"partner_id": p.id}) for p in self.customers[4:8]],
            }
        )
        self.assertFalse(campaign.segment_id)
        self.assertEqual(campaign.member_ids.partner_id, self.customers[4:8])
        self.assertEqual(
            campaign.member_ids.filtered(lambda m: m.status == "pending").partner_id,
            self.customers[4:6],
        )
        with self.assertRaisesRegex(UserError, "has no segment"):
            campaign.action_load_members()

    def test_member_unique(self):
        campaign = self._campaign()
        campaign.member_ids = [Command.create({"partner_id": self.customers[0].id})]
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["crm.campaign.member"].create(
                {"campaign_id": campaign.id, "partner_id": self.customers[0].id}
            )
            self.env.flush_all()

    # ------------------------------------------------------------------
    # Validation and guards
    # ------------------------------------------------------------------
    def test_validation(self):
        for vals, message in (
            ({"budget": -1}, "cannot be negative"),
            ({"actual_cost": -0.01}, "cannot be negative"),
            ({"conversion_days": 0}, "at least one day"),
            ({"expected_response_rate": 120}, "between 0 and 100"),
            (
                {"date_start": self.today, "date_end": self.today - timedelta(days=1)},
                "ends before it starts",
            ),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                self._campaign(**vals)
        campaign = self._campaign(budget=500, actual_cost=100, conversion_days=30)
        for vals, message in (
            ({"budget": -5}, "the budget and the actual cost cannot be negative"),
            ({"actual_cost": -5}, "the budget and the actual cost cannot be negative"),
            ({"conversion_days": 0}, "the conversion window must last at least one day"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                campaign.write(vals)
        self.assertRecordValues(
            campaign, [{"budget": 500, "actual_cost": 100, "conversion_days": 30}]
        )

    def test_wrong_state_buttons(self):
        campaign = self._campaign(channel="email")
        # Every reason is listed at once.
        with self.assertRaisesRegex(UserError, "(?s)no member to contact.*no subject.*no body"):
            campaign.action_start()
        for action, message in (
            ("action_done", "is not running"),
            ("action_evaluate", "not done"),
            ("action_draft", "is not cancelled"),
            ("action_create_opportunities", "has not started"),
        ):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, message):
                getattr(campaign, action)()
        self.assertEqual(campaign.state, "plan")
        self.assertFalse(campaign.mailing_id)

        visit = self._campaign()
        visit.action_load_members()
        visit.action_start()
        for action, message in (
            ("action_start", "is not planned"),
            ("action_load_members", "no longer planned"),
            ("action_evaluate", "not done"),
        ):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, message):
                getattr(visit, action)()
        with self.assertRaisesRegex(UserError, "no longer planned"):
            visit.channel = "email"
        self.assertEqual(visit.channel, "visit")
        visit.action_done()
        with self.assertRaisesRegex(UserError, "only be cancelled"):
            visit.action_cancel()
        with self.assertRaisesRegex(UserError, "Only campaign managers"):
            visit.with_user(self.user_marketing).action_evaluate()
        self.assertEqual(visit.state, "done")
        # Status and figures only change through the buttons.
        with self.assertRaisesRegex(UserError, "Status change only through the buttons"):
            visit.write({"state": "evaluated"})
        with self.assertRaisesRegex(UserError, "Revenue change only through the buttons"):
            visit.write({"revenue": 1e6})
        self.assertEqual(visit.state, "done")

    def test_cancel_and_reset(self):
        campaign = self._campaign(channel="phone")
        campaign.action_load_members()
        campaign.action_start()
        self.assertEqual(len(campaign.member_ids.activity_ids), 3)
        campaign.action_cancel()
        self.assertEqual(campaign.state, "cancelled")
        self.assertFalse(campaign.member_ids.activity_ids)
        campaign.action_draft()
        self.assertEqual(campaign.state, "plan")

    # ------------------------------------------------------------------
    # Channels other than email
    # ------------------------------------------------------------------
    def test_contact_activities(self):
        owner = self.user_marketing
        campaign = self._campaign(channel="phone", user_id=owner.id)
        campaign.action_load_members()
        campaign.action_start()
        self.assertEqual(campaign.state, "running")
        pending = campaign.member_ids.filtered(lambda m: m.status == "pending")
        self.assertEqual(len(pending), 3)
        activities = pending.activity_ids
        self.assertEqual(len(activities), 3, "one activity per eligible member")
        self.assertEqual(activities.user_id, owner)
        self.assertEqual(
            activities.activity_type_id,
            self.env.ref("crm_campaigns.mail_activity_type_campaign_contact"),
        )
        self.assertEqual(set(activities.mapped("res_model")), {"crm.campaign.member"})
        # Opted-out members get no activity.
        self.assertFalse((campaign.member_ids - pending).activity_ids)

        first, second, third = pending
        first.activity_ids.with_user(owner).action_done()
        self.assertEqual(first.status, "contacted")
        self.assertEqual(first.contact_date, self.today)
        second.with_user(owner).action_mark_responded()
        self.assertRecordValues(
            second,
            [{"status": "responded", "contact_date": self.today, "response_date": self.today}],
        )
        self.assertFalse(second.activity_ids)
        third.with_user(owner).action_mark_opted_out()
        self.assertRecordValues(third, [{"status": "opted_out", "opt_out_reason": "request"}])
        self.assertFalse(third.activity_ids)
        with self.assertRaisesRegex(UserError, "cannot be marked contacted"):
            (first | third).action_mark_contacted()
        self.assertEqual(third.status, "opted_out")
        # A customer added to the running campaign is contacted like the others.
        late = self.env["crm.campaign.member"].create(
            {"campaign_id": campaign.id, "partner_id": self._new_phone_customer().id}
        )
        self.assertEqual(late.status, "pending")
        self.assertEqual(len(late.activity_ids), 1)

    def _new_phone_customer(self):
        partner = self.env["res.partner"].create(
            {"name": "Late Customer", "customer_state": "current", "phone": "+86 139 1111 2222"}
        )
        partner._crm_set_consent("phone", True)
        return partner

    # ------------------------------------------------------------------
    # Figures, conversions, ROI
    # ------------------------------------------------------------------
    def _crafted_campaign(self):
        """10 members contacted 40 days ago with a 30-day window: 2 responded,
        1 responded and bought 5000 within the window (and more outside it),
        1 bought and returned everything. Cost 1000."""
        campaign = self._campaign(actual_cost=1000, conversion_days=30, expected_response_rate=25)
        campaign.action_load_members()
        campaign.action_start()
        contact = self.today - timedelta(days=40)
        # Contacts and responses recorded 40 days ago, as the buttons would have.
        campaign.member_ids._crm_transition_write({"status": "contacted", "contact_date": contact})
        c = self.customers
        (
            self._member(campaign, c[0])
            | self._member(campaign, c[1])
            | self._member(campaign, c[2])
        )._crm_transition_write(
            {"status": "responded", "response_date": contact + timedelta(days=2)}
        )
        self._invoice(c[2], 5000, days_ago=20)  # within the window
        self._invoice(c[2], 700, days_ago=0)  # 40 days after the contact: outside
        self._invoice(c[2], 300, days_ago=45)  # before the contact: outside
        self._invoice(c[3], 800, days_ago=25)
        self._invoice(c[3], 800, days_ago=24, move_type="out_refund")
        self._invoice(c[4], 900, days_ago=15, post=False)  # draft: not revenue
        return campaign

    def test_figures_and_roi(self):
        campaign = self._crafted_campaign()
        campaign._update_conversions()
        converted = self._member(campaign, self.customers[2])
        self.assertRecordValues(
            converted,
            [
                {
                    "status": "converted",
                    "revenue": 5000,
                    "conversion_date": self.today - timedelta(days=20),
                }
            ],
        )
        self.assertRecordValues(
            self._member(campaign, self.customers[3]), [{"status": "contacted", "revenue": 0}]
        )
        self.assertEqual(self._member(campaign, self.customers[4]).revenue, 0)
        # By hand: 3 responses / 10 reached = 30 %; (5000 - 1000) / 1000 = 4.
        self.assertRecordValues(
            campaign,
            [
                {
                    "sent_count": 10,
                    "response_count": 3,
                    "response_rate": 30.0,
                    "conversion_count": 1,
                    "revenue": 5000,
                    "roi": 4.0,
                    "roi_undefined": False,
                    "response_rate_gap": 5.0,
                }
            ],
        )
        # A credit note undoes the conversion.
        self._invoice(self.customers[2], 5000, days_ago=10, move_type="out_refund")
        campaign._update_conversions()
        self.assertRecordValues(converted, [{"status": "responded", "revenue": 0}])
        self.assertRecordValues(
            campaign, [{"conversion_count": 0, "revenue": 0, "roi": -1.0, "response_count": 3}]
        )

    def test_roi_without_cost(self):
        campaign = self._crafted_campaign()
        campaign.actual_cost = 0
        campaign._update_conversions()
        self.assertRecordValues(campaign, [{"revenue": 5000, "roi": 0.0, "roi_undefined": True}])

    def test_conversions_in_one_query(self):
        campaign = self._crafted_campaign()
        self.env.flush_all()
        self.env.invalidate_all()
        # 4 of them find the language the tracked statuses are written in
        # (the owner's): once for all the members.
        with self.assertQueryCount(__system__=18):
            campaign._update_conversions()
            self.env.flush_all()

    def test_evaluate_freezes(self):
        campaign = self._crafted_campaign()
        campaign.action_done()
        self.assertEqual(campaign.state, "done")
        with self.assertRaisesRegex(UserError, "Only campaign managers"):
            campaign.with_user(self.user_marketing).action_evaluate()
        campaign.with_user(self.user_marketing_manager).action_evaluate()
        self.assertRecordValues(
            campaign,
            [
                {
                    "state": "evaluated",
                    "revenue": 5000,
                    "roi": 4.0,
                    "evaluated_by_id": self.user_marketing_manager.id,
                }
            ],
        )
        self.assertTrue(campaign.evaluation_date)
        # Later changes no longer move the figures.
        self._member(campaign, self.customers[5])._crm_transition_write({"status": "responded"})
        self._invoice(self.customers[0], 9000, days_ago=30)
        campaign._update_conversions()
        self.env.flush_all()
        campaign.invalidate_recordset()
        self.assertRecordValues(
            campaign, [{"response_count": 3, "revenue": 5000, "roi": 4.0, "sent_count": 10}]
        )
        with self.assertRaisesRegex(UserError, "frozen"):
            campaign.actual_cost = 10
        self.assertEqual(campaign.actual_cost, 1000)

    # ------------------------------------------------------------------
    # Opportunities
    # ------------------------------------------------------------------
    def test_opportunities_once(self):
        campaign = self._crafted_campaign()
        campaign._update_conversions()
        Lead = self.env["crm.lead"]
        # A marketing user without CRM rights hands responders over to sales.
        campaign.with_user(self.user_marketing).action_create_opportunities()
        responders = campaign.member_ids.filtered(lambda m: m.status in ("responded", "converted"))
        self.assertEqual(len(responders), 3)
        leads = responders.lead_id
        self.assertEqual(len(leads), 3)
        self.assertEqual(leads.partner_id, responders.partner_id)
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertEqual(leads.campaign_id, campaign.utm_campaign_id)
        self.assertEqual(leads.user_id, campaign.user_id)
        self.assertEqual(campaign.lead_count, 3)
        self.assertFalse((campaign.member_ids - responders).lead_id)
        count = Lead.search_count([("campaign_id", "=", campaign.utm_campaign_id.id)])
        with self.assertRaisesRegex(UserError, "no responder without an opportunity"):
            campaign.action_create_opportunities()
        self.assertEqual(
            Lead.search_count([("campaign_id", "=", campaign.utm_campaign_id.id)]), count
        )
        # A new responder gets his own, the others keep theirs.
        self._member(campaign, self.customers[6]).action_mark_responded()
        campaign.action_create_opportunities()
        self.assertEqual(Lead.search_count([("campaign_id", "=", campaign.utm_campaign_id.id)]), 4)

    def test_conversions_cron(self):
        campaign = self._crafted_campaign()
        # The cron commits between campaigns; the test transaction must not.
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0):
            self.env["crm.campaign"]._cron_update_conversions()
        self.assertEqual(self._member(campaign, self.customers[2]).status, "converted")
        self.assertEqual(campaign.revenue, 5000)

    def test_smart_buttons(self):
        campaign = self._crafted_campaign()
        action = campaign.action_view_members()
        self.assertEqual(
            self.env["crm.campaign.member"].search(action["domain"]), campaign.member_ids
        )
        campaign.action_create_opportunities()
        action = campaign.action_view_opportunities()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), campaign.member_ids.lead_id)
        action = self.segment.action_view_campaigns()
        self.assertIn(campaign, self.env["crm.campaign"].search(action["domain"]))
        action = self.segment.action_view_members()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.customers)
        self.segment.action_freeze()
        action = self.segment.action_view_members()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.customers)

    def test_utm_campaign(self):
        campaign = self._campaign(name="Spring")
        self.assertEqual(campaign.utm_campaign_id.title, "Spring")
        campaign.name = "Spring Sale"
        self.assertEqual(campaign.utm_campaign_id.title, "Spring Sale")

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access_rights(self):
        Campaign = self.env["crm.campaign"]
        with self.assertRaisesRegex(AccessError, "not allowed to create 'Customer Campaign'"):
            Campaign.with_user(self.user_sales).create({"name": "Sales Campaign"})
        campaign = Campaign.with_user(self.user_marketing).create(
            {"name": "Marketing Campaign", "channel": "visit", "segment_id": self.segment.id}
        )
        campaign.action_load_members()
        with self.assertRaisesRegex(AccessError, "not allowed to access 'Customer Campaign'"):
            campaign.with_user(self.user_sales).read(["name"])
        with self.assertRaisesRegex(AccessError, "not allowed to access 'Campaign Member'"):
            campaign.member_ids.with_user(self.user_sales).read(["status"])
        with self.assertRaisesRegex(AccessError, "not allowed to access 'Campaign Member'"):
            self.env["crm.campaign.member"].with_user(self.user_sales).search([])
        campaign.action_start()
        with self.assertRaisesRegex(UserError, "Running and evaluated campaigns cannot be deleted"):
            campaign.unlink()
        with self.assertRaisesRegex(UserError, "kept as its history"):
            campaign.member_ids[:1].unlink()
        self.assertEqual(len(campaign.member_ids), 10)
        campaign.action_done()
        campaign.with_user(self.user_marketing_manager).action_evaluate()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            campaign.with_user(self.user_marketing_manager).unlink()
        self.assertTrue(campaign.exists())
        planned = Campaign.with_user(self.user_marketing).create(
            {"name": "Draft", "channel": "gift"}
        )
        planned.unlink()
        self.assertFalse(planned.exists())

    def test_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Campaign Company"})
        foreign = self.env["crm.campaign"].create(
            {
                "name": "Foreign",
                "channel": "gift",
                "company_id": other_company.id,
                "member_ids": [Command.create({"partner_id": self.customers[0].id})],
            }
        )
        Campaign = self.env["crm.campaign"].with_user(self.user_marketing)
        self.assertFalse(Campaign.search([("id", "=", foreign.id)]))
        with self.assertRaisesRegex(AccessError, r"'read' access to:\n- Customer Campaign \("):
            foreign.with_user(self.user_marketing).read(["name"])
        with self.assertRaisesRegex(AccessError, r"'read' access to:\n- Campaign Member \("):
            foreign.member_ids.with_user(self.user_marketing).read(["status"])

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------
    def test_evaluation_report(self):
        campaign = self._crafted_campaign()
        campaign._update_conversions()
        report = self.env.ref("crm_campaigns.crm_campaign_report_evaluation")
        html, _format = report.with_user(self.user_marketing)._render_qweb_html(
            report.report_name, campaign.ids
        )
        html = html.decode()
        self.assertIn("Test Campaign", html)
        self.assertIn("o_crm_campaign_figures", html)
        self.assertIn("30.00", html)  # response rate
        self.assertIn("4.00", html)  # ROI
        self.assertIn("Audience (members to contact)", html)
        for label in ("Contacted", "Responded", "Converted", "No Consent", "Opted Out"):
            self.assertIn(label, html)
        pdf, report_format = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, campaign.ids
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
