from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError

from .common import CampaignCase

# Context keys a client can send; none of them opens a protected field.
FORGED_CONTEXTS = (
    {},
    {"crm_campaign_transition": True},
    {"tracking_disable": True},
    {"install_mode": True},
    {"cron_id": 1},
)


class TestCampaignGuard(CampaignCase):
    """Campaign results are measured, never typed in: the figures, the members'
    statuses, dates and revenue change only through the buttons, the mailing
    sync and the conversion measure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": f"Guarded Customer {index}", "customer_state": "current"}
                for index in range(3)
            ]
        )
        cls.campaign = cls.env["crm.campaign"].create(
            {
                "name": "Guarded Visits",
                "channel": "visit",
                "actual_cost": 1000,
                "conversion_days": 30,
                "member_ids": [Command.create({"partner_id": p.id}) for p in cls.customers],
            }
        )
        cls.campaign.action_start()
        cls.member = cls.campaign.member_ids.filtered(lambda m: m.partner_id == cls.customers[0])
        cls.member.action_mark_contacted()

    def assertRefused(self, records, vals, message, contexts=FORGED_CONTEXTS):
        before = records.read(list(vals))
        for context in contexts:
            with (
                self.subTest(vals=vals, context=context),
                self.assertRaisesRegex(UserError, message),
            ):
                records.with_context(**context).write(vals)
        records.invalidate_recordset()
        self.assertEqual(records.read(list(vals)), before)

    def test_member_revenue_cannot_be_raised(self):
        """The attack seen: the campaign user wrote 5,000,000 on a member."""
        as_user = self.member.with_user(self.user_marketing)
        self.assertRefused(
            as_user, {"revenue": 5_000_000}, "Campaign Member: Revenue change only through"
        )
        self.assertRefused(
            as_user,
            {"status": "converted", "conversion_date": self.today},
            "Campaign Member: Converted On, Status change only through",
        )
        # Nor through the campaign's list of members.
        with self.assertRaisesRegex(UserError, "Revenue, Status change only through"):
            self.campaign.with_user(self.user_marketing).write(
                {
                    "member_ids": [
                        Command.update(self.member.id, {"revenue": 5e6, "status": "converted"})
                    ]
                }
            )
        self.campaign.action_update_figures()
        self.assertRecordValues(self.member, [{"status": "contacted", "revenue": 0}])
        self.assertRecordValues(self.campaign, [{"revenue": 0, "conversion_count": 0}])

    def test_contact_date_cannot_be_back_dated(self):
        """The other attack: contacts back-dated so that earlier invoices count."""
        self._invoice(self.customers[0], 4000, days_ago=10)
        as_user = self.member.with_user(self.user_marketing)
        self.assertRefused(
            as_user,
            {"contact_date": self.today - timedelta(days=20)},
            "Campaign Member: Contacted On change only through",
        )
        # Nor by moving the member onto a customer who bought.
        self.assertRefused(
            self.campaign.member_ids.filtered(lambda m: m.status == "pending")[:1].with_user(
                self.user_marketing
            ),
            {"partner_id": self.customers[0].id},
            "Campaign Member: Customer change only through",
        )
        self.campaign.action_update_figures()
        self.assertRecordValues(
            self.member, [{"contact_date": self.today, "status": "contacted", "revenue": 0}]
        )
        self.assertEqual(self.campaign.revenue, 0)
        # An invoice after the real contact converts, measured by the campaign.
        self._invoice(self.customers[0], 2500, days_ago=0)
        self.campaign.action_update_figures()
        self.assertRecordValues(self.member, [{"status": "converted", "revenue": 2500}])
        self.assertEqual(self.campaign.revenue, 2500)

    def test_other_results_refused(self):
        lead = self.env["crm.lead"].create({"name": "Forged opportunity"})
        as_user = self.member.with_user(self.user_marketing)
        for vals, message in (
            ({"status": "responded"}, "Status change only through"),
            ({"response_date": self.today}, "Responded On change only through"),
            ({"opt_out_reason": "request"}, "Opt-out Reason change only through"),
            ({"lead_id": lead.id}, "Opportunity change only through"),
        ):
            self.assertRefused(as_user, vals, message, contexts=FORGED_CONTEXTS[:2])

    def test_member_created_with_results_refused(self):
        newcomer = self.env["res.partner"].create({"name": "Newcomer", "customer_state": "current"})
        Member = self.env["crm.campaign.member"].with_user(self.user_marketing)
        base = {"campaign_id": self.campaign.id, "partner_id": newcomer.id}
        for vals, message in (
            ({"status": "converted"}, "Campaign Member: Status change only through"),
            ({"revenue": 5e6}, "Campaign Member: Revenue change only through"),
            ({"contact_date": self.today - timedelta(days=60)}, "Contacted On change only"),
        ):
            for context in FORGED_CONTEXTS[:2]:
                with (
                    self.subTest(vals=vals, context=context),
                    self.assertRaisesRegex(UserError, message),
                ):
                    Member.with_context(**context).create({**base, **vals})
        self.assertFalse(Member.search([("partner_id", "=", newcomer.id)]))
        # Given the status every member starts with, the customer is added.
        member = Member.create({**base, "status": "pending"})
        self.assertRecordValues(member, [{"status": "pending", "revenue": 0}])

    def test_campaign_state_and_figures_refused(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Someone else's mailing",
                "body_html": "<p>Hello</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            }
        )
        as_manager = self.campaign.with_user(self.user_marketing_manager)
        for vals, message in (
            ({"state": "evaluated"}, "Customer Campaign: Status change only through"),
            ({"revenue": 5e6}, "Customer Campaign: Revenue change only through"),
            ({"roi": 50.0, "response_rate": 90.0}, r"Response Rate \(%\), ROI change only through"),
            ({"evaluated_by_id": self.user_marketing_manager.id}, "Evaluated By change only"),
            ({"evaluation_date": fields.Datetime.now()}, "Evaluated On change only through"),
            ({"mailing_id": mailing.id}, "Mailing change only through"),
        ):
            self.assertRefused(as_manager, vals, message)
        # Superuser rights are no transition either.
        with self.assertRaisesRegex(UserError, "Status change only through"):
            self.campaign.sudo().write({"state": "done"})
        self.assertRecordValues(
            self.campaign, [{"state": "running", "revenue": 0, "evaluation_date": False}]
        )
        Campaign = self.env["crm.campaign"].with_user(self.user_marketing)
        with self.assertRaisesRegex(UserError, "Customer Campaign: Revenue, Status change only"):
            Campaign.with_context(crm_campaign_transition=True).create(
                {"name": "Born evaluated", "state": "evaluated", "revenue": 5e6}
            )
        self.assertFalse(Campaign.search([("name", "=", "Born evaluated")]))

    def test_buttons_still_decide(self):
        self.campaign.action_done()
        self.campaign.with_user(self.user_marketing_manager).action_evaluate()
        self.assertRecordValues(
            self.campaign,
            [{"state": "evaluated", "evaluated_by_id": self.user_marketing_manager.id}],
        )
        # The plan-only and frozen fields remain the campaign's own rule.
        with self.assertRaisesRegex(UserError, "no longer planned"):
            self.campaign.channel = "email"
        with self.assertRaisesRegex(UserError, "frozen"):
            self.campaign.actual_cost = 1


class TestSegmentAndCleanupGuard(CampaignCase):
    def test_snapshot_members_come_from_the_freeze(self):
        tag = self.env["res.partner.category"].create({"name": "Guarded Segment"})
        inside, outsider = self.env["res.partner"].create(
            [
                {
                    "name": "Inside",
                    "customer_state": "current",
                    "category_id": [Command.set(tag.ids)],
                },
                {"name": "Outsider", "customer_state": "current"},
            ]
        )
        segment = self.env["crm.customer.segment"].create(
            {"name": "Guarded", "category_ids": [Command.set(tag.ids)]}
        )
        segment.action_freeze()
        as_user = segment.with_user(self.user_marketing)
        for vals, message in (
            ({"member_ids": [Command.link(outsider.id)]}, "Frozen Members change only through"),
            (
                {"snapshot_date": fields.Datetime.now() - timedelta(days=30)},
                "Snapshot Taken On change only",
            ),
            ({"mode": "dynamic"}, "Customer Segment: Mode change only through"),
        ):
            for context in FORGED_CONTEXTS[:2]:
                with (
                    self.subTest(vals=vals, context=context),
                    self.assertRaisesRegex(UserError, message),
                ):
                    as_user.with_context(**context).write(vals)
        self.assertEqual(segment.member_ids, inside)
        with self.assertRaisesRegex(UserError, "Frozen Members, Mode change only through"):
            self.env["crm.customer.segment"].with_user(self.user_marketing).create(
                {"name": "Typed in", "mode": "snapshot", "member_ids": [Command.set(outsider.ids)]}
            )
        as_user.action_make_dynamic()
        self.assertRecordValues(segment, [{"mode": "dynamic", "snapshot_date": False}])

    def test_cleanup_record_written_by_the_cleanup_only(self):
        customer = self.env["res.partner"].create({"name": "Not archived"})
        for vals, message in (
            ({"cleanup_reason": "Forged reason"}, "Archived Because change only through"),
            ({"cleanup_date": self.today}, "Archived On change only through"),
            ({"cleanup_user_id": self.user_marketing.id}, "Archived By change only through"),
        ):
            for partner in (customer, customer.sudo()):
                with (
                    self.subTest(vals=vals, su=partner.env.su),
                    self.assertRaisesRegex(UserError, message),
                ):
                    partner.with_context(crm_campaign_transition=True).write(vals)
        with self.assertRaisesRegex(UserError, "Archived Because change only through"):
            self.env["res.partner"].create({"name": "Archived?", "cleanup_reason": "Forged"})
        self.assertRecordValues(customer, [{"cleanup_reason": False, "cleanup_user_id": False}])


class TestCareOccasionGuard(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.care.rule"].search([]).active = False
        cls.rule = cls.env["crm.care.rule"].create(
            {
                "name": "Guarded holiday",
                "occasion_type": "holiday",
                "holiday_id": cls.env.ref("crm_campaigns.crm_care_holiday_mid_autumn").id,
                "days_before": 7,
                "action": "gift",
                "gift_description": "Flowers",
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Holiday Customer"})
        cls.occasion = cls.env["crm.care.occasion"].create(
            {"rule_id": cls.rule.id, "partner_id": cls.customer.id, "occasion_date": cls.today}
        )

    def test_occasion_done_only_through_its_buttons(self):
        as_user = self.occasion.with_user(self.user_marketing)
        for vals, message in (
            ({"state": "done"}, "Customer Care Occasion: Status change only through"),
            ({"done_date": self.today}, "Done Date change only through"),
            ({"mail_sent": True}, "Email Sent change only through"),
        ):
            for context in FORGED_CONTEXTS:
                with (
                    self.subTest(vals=vals, context=context),
                    self.assertRaisesRegex(UserError, message),
                ):
                    as_user.with_context(**context).write(vals)
        self.assertRecordValues(
            self.occasion, [{"state": "planned", "done_date": False, "mail_sent": False}]
        )
        with self.assertRaisesRegex(UserError, "Done Date, Status change only through"):
            self.env["crm.care.occasion"].with_user(self.user_marketing).create(
                {
                    "rule_id": self.rule.id,
                    "partner_id": self.user_marketing.partner_id.id,
                    "occasion_date": self.today,
                    "state": "done",
                    "done_date": self.today,
                }
            )
        as_user.action_done()
        self.assertRecordValues(
            self.occasion, [{"state": "done", "done_date": self.today, "gift_delivered": True}]
        )

    def test_daily_job_does_not_trust_the_context(self):
        """The job reports its progress, and so commits, after each rule
        whatever the context says: a cron_id a client sends neither starts
        nor stops the commits."""
        cron = self.env.ref("crm_campaigns.crm_care_occasion_cron")
        Occasion = self.env["crm.care.occasion"]
        for context in ({}, {"cron_id": cron.id}, {"cron_id": cron.id, "ir_cron_progress_id": 1}):
            with self.subTest(context=context):
                with patch.object(
                    type(self.env["ir.cron"]), "_commit_progress", return_value=1.0
                ) as progress:
                    Occasion.with_context(**context)._cron_create_occasions()
                self.assertEqual(
                    [(call.args, call.kwargs) for call in progress.call_args_list],
                    [((), {"remaining": 1}), ((1,), {})],
                )
