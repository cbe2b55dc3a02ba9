from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditEvaluation(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["crm.credit.evaluation"]
        cls.second_manager = cls.user_credit_manager.copy({"login": "t_cr_manager2"})
        cls.second_manager.group_ids = cls.user_credit_manager.group_ids

    def _evaluation(self, user=None, **scores):
        values = {
            "partner_id": self.customer.id,
            "character_score": 90,
            "capacity_score": 80,
            "capital_score": 70,
            "collateral_score": 60,
            "conditions_score": 50,
        }
        values.update({f"{key}_score": value for key, value in scores.items()})
        return self.Evaluation.with_user(user or self.user_credit).create(values)

    def test_total_and_rating(self):
        evaluation = self._evaluation()
        # default weights 30/25/20/15/10
        self.assertAlmostEqual(evaluation.total_score, 27 + 20 + 14 + 9 + 5)
        self.assertEqual(evaluation.rating_id, self.env.ref("crm_credit.crm_credit_rating_a"))
        evaluation.write({"character_score": 10, "capacity_score": 10})
        self.assertAlmostEqual(evaluation.total_score, 3 + 2.5 + 14 + 9 + 5)
        self.assertEqual(evaluation.rating_id, self.env.ref("crm_credit.crm_credit_rating_ccc"))

    def test_weights_from_settings(self):
        self.env["res.config.settings"].create(
            {
                "crm_credit_weight_character": 20,
                "crm_credit_weight_capacity": 20,
                "crm_credit_weight_capital": 20,
                "crm_credit_weight_collateral": 20,
                "crm_credit_weight_conditions": 20,
            }
        ).execute()
        evaluation = self._evaluation()
        self.assertEqual(evaluation.character_weight, 20)
        self.assertAlmostEqual(evaluation.total_score, 70)

    def test_weights_must_sum_to_100(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create({"crm_credit_weight_character": 31})
        self.assertIn(
            "The 5C weights must be positive and add up to 100, not 101.", str(caught.exception)
        )
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("crm_credit.weight_character", "30"), "30"
        )

    def test_scores_between_0_and_100(self):
        with self.assertRaises(ValidationError) as caught:
            self._evaluation(character=101)
        self.assertIn(
            "Each 5C score must be between 0 and 100:\nCharacter: 101", str(caught.exception)
        )
        with self.assertRaises(ValidationError) as caught:
            self._evaluation(conditions=-1)
        self.assertIn(
            "Each 5C score must be between 0 and 100:\nConditions: -1", str(caught.exception)
        )
        evaluation = self._evaluation()
        with self.assertRaises(ValidationError) as caught:
            evaluation.capital_score = 150
        self.assertIn(
            "Each 5C score must be between 0 and 100:\nCapital: 150", str(caught.exception)
        )
        evaluation.capital_score = 100

    def test_contact_not_evaluated(self):
        contact = self.env["res.partner"].create({"name": "Clerk", "parent_id": self.customer.id})
        with self.assertRaises(ValidationError) as caught:
            self.Evaluation.create({"partner_id": contact.id})
        self.assertIn(
            f"Evaluate the company {self.customer.name}, not its contact {contact.display_name}.",
            str(caught.exception),
        )

    def test_self_approval_refused(self):
        evaluation = self._evaluation(user=self.user_credit_manager)
        evaluation.action_submit()
        with self.assertRaisesRegex(UserError, "yourself"):
            evaluation.action_approve()
        self.assertEqual(evaluation.state, "submitted")
        self.assertFalse(self.customer.credit_rating_id)
        # naming someone else as evaluator does not help
        other = self.Evaluation.with_user(self.user_credit_manager).create(
            {
                "partner_id": self.customer.id,
                "evaluator_id": self.user_credit.id,
                "character_score": 50,
            }
        )
        other.action_submit()
        with self.assertRaisesRegex(UserError, "yourself"):
            other.action_approve()

    def test_non_manager_approval_refused(self):
        evaluation = self._evaluation(user=self.user_credit_manager)
        evaluation.action_submit()
        with self.assertRaisesRegex(UserError, "Only credit managers"):
            evaluation.with_user(self.user_credit).action_approve()
        self.assertEqual(evaluation.state, "submitted")

    def test_approval_sets_rating_history_and_archive(self):
        evaluation = self._evaluation()
        evaluation.action_submit()
        self.assertEqual(evaluation.state, "submitted")
        evaluation.with_user(self.user_credit_manager).action_approve()
        rating_a = self.env.ref("crm_credit.crm_credit_rating_a")
        self.assertEqual(evaluation.state, "approved")
        self.assertEqual(evaluation.approver_id, self.user_credit_manager)
        self.assertEqual(self.customer.credit_rating_id, rating_a)
        self.assertAlmostEqual(self.customer.credit_score, 75)
        self.assertEqual(self.customer.credit_rating_valid_until, evaluation.valid_until)
        history = self.customer.credit_rating_history_ids
        self.assertEqual(len(history), 1)
        self.assertFalse(history.old_rating_id)
        self.assertEqual(history.new_rating_id, rating_a)
        self.assertEqual(history.evaluation_id, evaluation)
        self.assertEqual(history.user_id, self.user_credit_manager)
        document = self.env["crm.archive.document"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(document), 1)
        self.assertEqual(document.category_id.code, "3")
        self.assertEqual(
            document.type_id, self.env.ref("crm_customer_info.archive_type_credit_limit")
        )
        self.assertEqual(document.attachment_ids.mimetype, "application/pdf")
        # a second approval keeps the old rating in the history
        second = self._evaluation(character=10, capacity=10)
        second.action_submit()
        second.with_user(self.second_manager).action_approve()
        self.assertEqual(
            self.customer.credit_rating_id, self.env.ref("crm_credit.crm_credit_rating_ccc")
        )
        latest = self.customer.credit_rating_history_ids.sorted("id")[-1]
        self.assertEqual(latest.old_rating_id, rating_a)
        self.assertEqual(second.previous_rating_id, rating_a)
        # an approved evaluation is kept
        with self.assertRaisesRegex(UserError, "Approved credit evaluations cannot be deleted"):
            evaluation.with_user(self.user_credit_manager).unlink()

    def test_rating_change_tracked(self):
        """Odoo does not track records created in the same transaction: use a demo customer."""
        partner = self.env.ref("crm_customer_info.res_partner_ruifeng")
        evaluation = self._evaluation()
        evaluation.partner_id = partner
        evaluation.action_submit()
        evaluation.with_user(self.user_credit_manager).action_approve()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = partner.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "credit_rating_id"
        )
        self.assertEqual(tracked[:1].new_value_char, "A")

    def test_reject_needs_reason(self):
        evaluation = self._evaluation()
        evaluation.action_submit()
        manager_evaluation = evaluation.with_user(self.user_credit_manager)
        with self.assertRaisesRegex(UserError, "reason"):
            manager_evaluation.action_reject("  ")
        self.assertEqual(evaluation.state, "submitted")
        manager_evaluation.action_reject("Financial statements missing")
        self.assertRecordValues(
            evaluation,
            [{"state": "rejected", "rejection_reason": "Financial statements missing"}],
        )
        self.assertFalse(self.customer.credit_rating_id)
        evaluation.action_draft()
        self.assertEqual(evaluation.state, "draft")

    def test_reject_button_asks_the_reason(self):
        """Reject opens a dialog asking the reason, which rejects through the
        evaluation's own transition (and its guard)."""
        evaluation = self._evaluation()
        evaluation.action_submit()
        arch = self.Evaluation.with_user(self.user_credit_manager).get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        action = self.env.ref("crm_credit.crm_credit_evaluation_reject_wizard_action")
        self.assertIn(f'name="{action.id}"', arch)
        self.assertNotIn('name="action_reject"', arch)
        self.assertEqual(action.target, "new")
        Wizard = self.env["crm.credit.evaluation.reject.wizard"]
        self.assertTrue(Wizard._fields["reason"].required)
        # A credit user may not reject, even through the dialog.
        with self.assertRaisesRegex(UserError, "Only credit managers reject"):
            Wizard.sudo().create({"evaluation_ids": evaluation.ids, "reason": "No"}).with_user(
                self.user_credit
            ).action_confirm()
        self.assertEqual(evaluation.state, "submitted")
        wizard = (
            Wizard.with_user(self.user_credit_manager)
            .with_context(default_evaluation_ids=evaluation.ids)
            .create({"reason": " Financial statements missing "})
        )
        self.assertEqual(wizard.evaluation_ids, evaluation)
        wizard.action_confirm()
        self.assertRecordValues(
            evaluation,
            [
                {
                    "state": "rejected",
                    "rejection_reason": "Financial statements missing",
                    "approver_id": self.user_credit_manager.id,
                }
            ],
        )

    def test_all_zero_scores_refused(self):
        evaluation = self._evaluation(
            character=0, capacity=0, capital=0, collateral=0, conditions=0
        )
        with self.assertRaisesRegex(UserError, "has no score: rate at least one"):
            evaluation.action_submit()
        self.assertEqual(evaluation.state, "draft")
        # One score is enough to be decided on.
        evaluation.conditions_score = 10
        evaluation.action_submit()
        self.assertEqual(evaluation.state, "submitted")

    def test_access_rights(self):
        # salespeople see the rating but not the evaluations
        evaluation = self._evaluation()
        evaluation.action_submit()
        evaluation.with_user(self.user_credit_manager).action_approve()
        customer = self.customer.with_user(self.user_sales)
        self.assertEqual(customer.credit_rating_id.name, "A")
        with self.assertRaises(AccessError) as caught:
            evaluation.with_user(self.user_sales).read(["total_score"])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.credit\.evaluation\) records"
        )
        with self.assertRaises(AccessError) as caught:
            customer.read(["credit_evaluation_ids"])
        self.assertIn('access the field "credit_evaluation_ids"', str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            self.Evaluation.with_user(self.user_sales).create({"partner_id": self.customer.id})
        self.assertRegex(
            str(caught.exception), r"not allowed to create .*\(crm\.credit\.evaluation\) records"
        )
        # credit users read the history but cannot change it, nor delete evaluations
        history = self.customer.with_user(self.user_credit).credit_rating_history_ids
        self.assertEqual(len(history), 1)
        with self.assertRaisesRegex(UserError, "change only through the buttons"):
            history.write({"score": 1})
        draft = self._evaluation()
        with self.assertRaises(AccessError) as caught:
            draft.with_user(self.user_credit).unlink()
        self.assertRegex(
            str(caught.exception), r"not allowed to delete .*\(crm\.credit\.evaluation\) records"
        )

    def test_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other Credit Co"})
        evaluation = self._evaluation()
        evaluation.sudo().company_id = other_company
        with self.assertRaises(AccessError) as caught:
            evaluation.with_user(self.user_credit).read(["total_score"])
        self.assertRegex(
            str(caught.exception),
            r"doesn't have 'read' access to:\n- .*\(crm\.credit\.evaluation[:)]",
        )

    def test_accounting_inputs(self):
        evaluation = self._evaluation()
        self.assertEqual(evaluation.avg_days_late, 0)
        self.assertEqual(evaluation.revenue_12m, 0)
        today = fields.Date.context_today(evaluation)

        def invoice(move_type, price, days_ago, due_days_ago):
            move = self.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": self.customer.id,
                    "invoice_date": today - relativedelta(days=days_ago),
                    "invoice_date_due": today - relativedelta(days=due_days_ago),
                    "invoice_line_ids": [
                        Command.create({"name": "Goods", "quantity": 1, "price_unit": price})
                    ],
                }
            )
            move.invoice_line_ids.tax_ids = False
            move.action_post()
            return move

        late = invoice("out_invoice", 1000.0, 60, 30)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=late.ids
        ).create({"payment_date": today - relativedelta(days=20)})._create_payments()
        self.assertIn(late.payment_state, ("paid", "in_payment"))
        invoice("out_invoice", 500.0, 10, -20)  # open, not yet due
        invoice("out_refund", 200.0, 5, 5)
        invoice("out_invoice", 9999.0, 400, 370)  # older than 12 months
        self.env.invalidate_all()
        self.assertEqual(evaluation.paid_invoice_count, 1)
        self.assertAlmostEqual(evaluation.avg_days_late, 10)
        self.assertAlmostEqual(evaluation.revenue_12m, 1000 + 500 - 200)
        self.assertAlmostEqual(evaluation.open_receivable, 500 - 200 + 9999)
        # Aging beside the scores: the 370-day-old invoice is overdue over 90 days.
        self.assertAlmostEqual(evaluation.amount_over_90, 9999)
        self.assertGreaterEqual(evaluation.max_days_overdue, 370)
        self.assertEqual(evaluation.broken_promise_count, 0)
