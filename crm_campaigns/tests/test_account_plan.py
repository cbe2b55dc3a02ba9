from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import CampaignCase


class AccountPlanCase(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sponsor = new_test_user(
            cls.env, login="t_cp_sponsor", groups="crm_customer_info.group_salesperson"
        )
        cls.user_team = new_test_user(
            cls.env, login="t_cp_team", groups="crm_customer_info.group_salesperson"
        )
        cls.user_other_sales = new_test_user(
            cls.env, login="t_cp_other_sales", groups="crm_customer_info.group_salesperson"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Plan Customer Co.", "is_company": True, "user_id": cls.user_sales.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Unrelated Customer Co.", "is_company": True}
        )

    def _plan(self, complete=True, **values):
        vals = {
            "name": "Plan 2027",
            "partner_id": self.customer.id,
            "user_id": self.user_marketing.id,
        }
        if complete:
            vals.update(
                {
                    "summary": "<p>Grow the share to 45%.</p>",
                    "sponsor_id": self.user_sponsor.id,
                    "team_user_ids": [Command.set(self.user_team.ids)],
                    "competitor_ids": [
                        Command.create({"competitor": "Rival Ltd.", "strengths": "Price"})
                    ],
                    "objective_ids": [
                        Command.create(
                            {
                                "name": "Share 45%",
                                "measure": "Share of purchases",
                                "action_ids": [
                                    Command.create(
                                        {"name": "Training", "owner_id": self.user_sales.id}
                                    ),
                                    Command.create(
                                        {"name": "Proposal", "owner_id": self.user_team.id}
                                    ),
                                ],
                            }
                        )
                    ],
                }
            )
        vals.update(values)
        return self.env["crm.account.plan"].with_user(self.user_marketing).create(vals)


class TestAccountPlanStates(AccountPlanCase):
    def test_share_guard_lists_every_reason(self):
        plan = self._plan(complete=False)
        with self.assertRaises(UserError) as error:
            plan.action_share()
        message = str(error.exception)
        for reason in ("no plan summary", "no objective", "neither a core team"):
            self.assertIn(reason, message)
        self.assertEqual(plan.state, "draft")

    def test_share_adds_the_core_team_as_followers(self):
        plan = self._plan()
        plan.action_share()
        self.assertEqual(plan.state, "shared")
        followers = plan.message_partner_ids
        for user in (self.user_marketing, self.user_sponsor, self.user_team):
            self.assertIn(user.partner_id, followers)
        self.assertTrue(
            plan.message_ids.filtered(lambda m: self.user_team.partner_id in m.partner_ids),
            "the core team is asked for comments",
        )
        # Team members comment with read access only.
        plan.with_user(self.user_team).message_post(
            body="Add the after-sales manager to the team.", message_type="comment"
        )
        with self.assertRaisesRegex(UserError, r"(?s)cannot be shared:.*Plan 2027 is not a draft"):
            plan.action_share()

    def test_approval_by_sponsor_or_manager_only(self):
        plan = self._plan()
        with self.assertRaisesRegex(UserError, "has not been shared with the core team"):
            plan.with_user(self.user_sponsor).action_approve()  # not shared yet
        plan.action_share()
        with self.assertRaises(UserError) as error:
            plan.action_approve()  # the account manager is neither
        self.assertIn("executive sponsor", str(error.exception))
        with self.assertRaisesRegex(
            UserError, "only the executive sponsor or a campaign manager approves"
        ):
            plan.with_user(self.user_team).action_approve()
        plan.with_user(self.user_sponsor).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.user_sponsor)
        self.assertTrue(plan.approved_date)

        other = self._plan(name="Manager approves")
        other.action_share()
        other.with_user(self.user_marketing_manager).action_approve()
        self.assertEqual(other.approved_by_id, self.user_marketing_manager)

    def test_objective_without_action_blocks_approval(self):
        plan = self._plan()
        plan.write({"objective_ids": [Command.create({"name": "No action yet"})]})
        plan.action_share()
        with self.assertRaises(UserError) as error:
            plan.with_user(self.user_sponsor).action_approve()
        self.assertIn("at least one action", str(error.exception))
        self.assertEqual(plan.state, "shared")

    def test_status_changes_only_with_buttons(self):
        """Neither the campaign user, nor a context a client may send, nor sudo
        approves a plan by writing it."""
        plan = self._plan()
        refused = "Key-Account Plan: .* change only through the buttons"
        for context in ({}, {"crm_campaign_transition": True}, {"install_mode": True}):
            for vals in (
                {"state": "approved"},
                {"approved_by_id": self.user_marketing.id},
                {"approved_date": self.today},
            ):
                with (
                    self.subTest(context=context, vals=vals),
                    self.assertRaisesRegex(UserError, refused),
                ):
                    plan.with_context(**context).write(vals)
        with self.assertRaisesRegex(UserError, "Status change only through the buttons"):
            plan.sudo().write({"state": "approved"})
        self.assertRecordValues(
            plan, [{"state": "draft", "approved_by_id": False, "approved_date": False}]
        )
        Plan = self.env["crm.account.plan"].with_user(self.user_marketing)
        with self.assertRaisesRegex(UserError, "Approved By, Status change only through"):
            Plan.create(
                {
                    "name": "Sneaky",
                    "partner_id": self.customer.id,
                    "state": "approved",
                    "approved_by_id": self.user_marketing.id,
                }
            )
        self.assertFalse(Plan.search([("name", "=", "Sneaky")]))

    def test_action_status_changes_only_with_buttons(self):
        plan = self._plan()
        action = plan.action_ids.filtered(lambda a: a.owner_id == self.user_sales)
        refused = "Key-Account Plan Action: Status change only through the buttons"
        for user in (self.user_marketing, self.user_sales):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, refused):
                action.with_user(user).write({"status": "done"})
        with self.assertRaisesRegex(UserError, "Done Date change only through"):
            action.with_user(self.user_marketing).write({"done_date": self.today})
        with self.assertRaisesRegex(UserError, refused):
            self.env["crm.account.plan.action"].with_user(self.user_marketing).create(
                {"objective_id": plan.objective_ids.id, "name": "Done already", "status": "done"}
            )
        self.assertRecordValues(action, [{"status": "todo", "done_date": False}])
        # The buttons follow the action's life and say why they cannot.
        with self.assertRaisesRegex(UserError, "(?s)cannot be reopened:.*Training is To Do"):
            action.action_reopen()
        action.with_user(self.user_sales).action_start()
        action.with_user(self.user_sales).action_cancel()
        self.assertRecordValues(action, [{"status": "cancelled", "done_date": False}])
        with self.assertRaisesRegex(UserError, "(?s)cannot start:.*Training is Cancelled"):
            action.action_start()
        action.action_reopen()
        action.action_mark_done()
        self.assertRecordValues(action, [{"status": "done", "done_date": self.today}])

    def test_close_locks_the_plan(self):
        plan = self._plan()
        plan.action_share()
        plan.with_user(self.user_marketing_manager).action_approve()
        with self.assertRaisesRegex(UserError, "Only draft key-account plans can be deleted"):
            plan.unlink()
        plan.action_close()
        self.assertEqual(plan.state, "closed")
        with self.assertRaisesRegex(UserError, "Closed key-account plans cannot be changed"):
            plan.write({"name": "Changed"})
        with self.assertRaisesRegex(UserError, "Only draft key-account plans can be deleted"):
            plan.unlink()
        with self.assertRaisesRegex(UserError, "Closed key-account plans cannot be changed"):
            plan.action_ids[0].action_mark_done()
        with self.assertRaisesRegex(UserError, "Closed key-account plans cannot be changed"):
            plan.objective_ids[0].write({"name": "Changed"})
        with self.assertRaisesRegex(UserError, "Closed key-account plans cannot be changed"):
            self.env["crm.account.plan.competitor"].with_user(self.user_marketing).create(
                {"plan_id": plan.id, "competitor": "Late"}
            )
        with self.assertRaisesRegex(
            UserError, r"(?s)cannot go back to draft:.*Plan 2027 is neither shared nor approved"
        ):
            plan.action_draft()
        self.assertEqual(plan.name, "Plan 2027")

    def test_back_to_draft_and_delete(self):
        plan = self._plan()
        plan.action_share()
        plan.with_user(self.user_sponsor).action_approve()
        plan.action_draft()
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.approved_by_id)
        plan.unlink()
        self.assertFalse(plan.exists())

    def test_dates(self):
        with self.assertRaisesRegex(ValidationError, "Plan 2027 ends before it starts"):
            self._plan(date_start="2027-06-01", date_end="2027-01-01")


class TestAccountPlanProgress(AccountPlanCase):
    def test_progress_from_done_actions(self):
        plan = self._plan()
        objective = plan.objective_ids
        self.assertEqual(plan.progress, 0.0)
        objective.write(
            {
                "action_ids": [
                    Command.create({"name": "Visit"}),
                    Command.create({"name": "Dropped"}),
                ]
            }
        )
        objective.action_ids.filtered(lambda action: action.name == "Visit").action_start()
        objective.action_ids.filtered(lambda action: action.name == "Dropped").action_cancel()
        training = objective.action_ids.filtered(lambda action: action.name == "Training")
        training.action_mark_done()
        self.assertTrue(training.done_date)
        # 1 done of 3 counted (the cancelled action does not count).
        self.assertAlmostEqual(plan.progress, 33.33)
        self.assertAlmostEqual(objective.progress, 33.33)
        objective.action_ids.filtered(
            lambda a: a.status in ("todo", "in_progress")
        ).action_mark_done()
        self.assertEqual(plan.progress, 100.0)
        training.action_reopen()
        self.assertFalse(training.done_date)
        self.assertAlmostEqual(plan.progress, 66.67)

    def test_overdue_actions(self):
        plan = self._plan()
        late, future = plan.action_ids
        late.due_date = self.today - timedelta(days=1)
        future.due_date = self.today + timedelta(days=1)
        Action = self.env["crm.account.plan.action"]
        overdue = Action.search([("plan_id", "=", plan.id), ("is_overdue", "=", True)])
        self.assertEqual(overdue, late)
        self.assertEqual(
            Action.search([("plan_id", "=", plan.id), ("is_overdue", "=", False)]), future
        )
        self.assertEqual((plan.action_count, plan.overdue_action_count), (2, 1))
        late.action_mark_done()
        self.assertFalse(late.is_overdue)
        self.assertFalse(Action.search([("plan_id", "=", plan.id), ("is_overdue", "=", True)]))

    def test_pdf_report(self):
        plan = self._plan()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "crm_campaigns.report_account_plan", plan.ids
        )
        html = html.decode()
        for text in ("Plan 2027", "Rival Ltd.", "Share 45%", "Training", "Grow the share"):
            self.assertIn(text, html)


class TestAccountPlanAccess(AccountPlanCase):
    def test_salesperson_reads_plans_of_own_customers(self):
        plan = self._plan()
        for user in (self.user_sales, self.user_team, self.user_sponsor):
            as_user = plan.with_user(user)
            self.assertEqual(as_user.name, "Plan 2027")
            self.assertEqual(as_user.objective_ids.name, "Share 45%")
            self.assertEqual(as_user.competitor_ids.competitor, "Rival Ltd.")
            self.assertEqual(len(as_user.action_ids), 2)
        self.assertEqual(self.customer.with_user(self.user_sales).account_plan_count, 1)

    def test_salesperson_cannot_read_other_plans(self):
        plan = self._plan(partner_id=self.other_customer.id, team_user_ids=[Command.clear()])
        Plan = self.env["crm.account.plan"].with_user(self.user_other_sales)
        self.assertFalse(Plan.search([("id", "=", plan.id)]))
        with self.assertRaisesRegex(AccessError, r"'read' access to:\n- Key-Account Plan \("):
            plan.with_user(self.user_other_sales).read(["name"])
        with self.assertRaisesRegex(
            AccessError, r"'read' access to:\n- Key-Account Plan Objective \("
        ):
            plan.objective_ids.with_user(self.user_other_sales).read(["name"])
        with self.assertRaisesRegex(
            AccessError, r"'read' access to:\n- Key-Account Plan Competitor \("
        ):
            plan.competitor_ids.with_user(self.user_other_sales).read(["competitor"])
        # The owner of an action sees that action, not the whole plan.
        action = plan.action_ids.filtered(lambda a: a.owner_id == self.user_sales)
        self.assertEqual(action.with_user(self.user_sales).name, "Training")
        with self.assertRaisesRegex(AccessError, r"'read' access to:\n- Key-Account Plan \("):
            plan.with_user(self.user_sales).read(["name"])

    def test_salesperson_cannot_change_plans(self):
        plan = self._plan()
        as_sales = plan.with_user(self.user_sales)
        with self.assertRaisesRegex(AccessError, r"not allowed to modify 'Key-Account Plan'"):
            as_sales.write({"name": "Mine"})
        with self.assertRaisesRegex(AccessError, r"not allowed to modify 'Key-Account Plan'"):
            as_sales.action_share()
        with self.assertRaisesRegex(AccessError, r"not allowed to create 'Key-Account Plan'"):
            self.env["crm.account.plan"].with_user(self.user_sales).create(
                {"name": "Own plan", "partner_id": self.customer.id}
            )
        with self.assertRaisesRegex(
            AccessError, r"not allowed to create 'Key-Account Plan Objective'"
        ):
            self.env["crm.account.plan.objective"].with_user(self.user_sales).create(
                {"plan_id": plan.id, "name": "More"}
            )
        with self.assertRaisesRegex(
            AccessError, r"not allowed to modify 'Key-Account Plan Competitor'"
        ):
            plan.competitor_ids.with_user(self.user_sales).write({"strengths": "None"})
        # The refusal is the plan's own, with or without lines.
        with self.assertRaisesRegex(AccessError, r"not allowed to delete 'Key-Account Plan'"):
            as_sales.unlink()
        self.assertTrue(plan.action_ids)
        bare = self._plan(name="Plan without lines", complete=False)
        with self.assertRaisesRegex(AccessError, r"not allowed to delete 'Key-Account Plan'"):
            bare.with_user(self.user_sales).unlink()
        self.assertTrue(bare.exists())
        self.assertEqual(plan.state, "draft")

    def test_salesperson_updates_only_own_actions(self):
        plan = self._plan()
        own = plan.action_ids.filtered(lambda a: a.owner_id == self.user_sales)
        other = plan.action_ids - own
        own.with_user(self.user_sales).write({"note": "Booked"})
        own.with_user(self.user_sales).action_start()
        self.assertEqual(own.status, "in_progress")
        own.with_user(self.user_sales).action_mark_done()
        self.assertEqual(own.status, "done")
        with self.assertRaisesRegex(AccessError, "only update the status and notes"):
            own.with_user(self.user_sales).write({"name": "Renamed"})
        with self.assertRaisesRegex(AccessError, "only update the status and notes"):
            own.with_user(self.user_sales).write({"owner_id": self.user_team.id})
        with self.assertRaisesRegex(AccessError, "assigned to you"):
            other.with_user(self.user_sales).write({"note": "Done"})
        with self.assertRaisesRegex(AccessError, "assigned to you"):
            other.with_user(self.user_sales).action_mark_done()
        with self.assertRaisesRegex(
            AccessError, r"not allowed to delete 'Key-Account Plan Action'"
        ):
            other.with_user(self.user_sales).unlink()
        self.assertEqual(other.status, "todo")

    def test_campaign_users_manage_every_plan(self):
        plan = self._plan(user_id=self.user_marketing_manager.id, team_user_ids=[Command.clear()])
        as_user = plan.with_user(self.user_marketing)
        as_user.write({"threats": "Online price war"})
        as_user.objective_ids.action_ids[0].write({"name": "Renamed", "owner_id": False})
        self.env["crm.account.plan.objective"].with_user(self.user_marketing).create(
            {"plan_id": plan.id, "name": "Second objective"}
        )
        self.assertEqual(len(plan.objective_ids), 2)

    def test_company_rule(self):
        other = self.env["res.company"].create({"name": "Other Plan Company"})
        plan = self.env["crm.account.plan"].create(
            {"name": "Elsewhere", "partner_id": self.other_customer.id, "company_id": other.id}
        )
        for user in (self.user_marketing, self.user_marketing_manager):
            self.assertFalse(
                self.env["crm.account.plan"].with_user(user).search([("id", "=", plan.id)])
            )
            with self.assertRaisesRegex(AccessError, r"'read' access to:\n- Key-Account Plan \("):
                plan.with_user(user).read(["name"])
