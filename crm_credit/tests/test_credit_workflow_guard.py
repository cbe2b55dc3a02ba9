"""Rating, limit, block, approvals and logs change only through their transitions.

Each attack is tried with the contexts a client can send; each refusal names
its reason and leaves the records as they were.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_credit_aging import CreditLedgerCase

FORGED_CONTEXTS = [{}, {"tracking_disable": True}, {"install_mode": True}]
ONLY_THROUGH = "change only through the buttons of its workflow"
# A customer's rating, limit and block.
CREDIT_ONLY_THROUGH = "a customer's credit changes only through the buttons of its workflow"
CREDIT_MODELS = (
    "crm.credit.evaluation",
    "crm.credit.limit.request",
    "crm.credit.extension",
    "crm.credit.repayment.plan",
    "crm.credit.override.log",
    "crm.credit.rating.history",
    "res.partner",
)


@tagged("post_install", "-at_install")
class TestCreditWorkflowGuard(CreditLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rating_cc = cls.env.ref("crm_credit.crm_credit_rating_cc")
        cls.rating_aaa = cls.env.ref("crm_credit.crm_credit_rating_aaa")
        cls.user_credit_manager.group_ids += cls.env.ref("account.group_account_invoice")
        cls.user_credit_manager_2 = new_test_user(
            cls.env,
            login="t_guard_manager_2",
            groups="crm_credit.group_credit_manager",
            company_id=cls.env.company.id,
        )
        # Rated CC (posting blocked) by an approved evaluation.
        evaluation = (
            cls.env["crm.credit.evaluation"]
            .with_user(cls.user_credit)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "character_score": 25,
                    "capacity_score": 25,
                    "capital_score": 25,
                    "collateral_score": 25,
                    "conditions_score": 25,
                }
            )
        )
        evaluation.action_submit()
        evaluation.with_user(cls.user_credit_manager).action_approve()
        cls.evaluation = evaluation

    def assertRefused(self, records, fnames, call, *fragments, error=UserError):
        """``call`` raises ``error`` naming every fragment; ``fnames`` of
        ``records`` are left as they were."""
        records = records.sudo()
        before = [{fname: record[fname] for fname in fnames} for record in records]
        with self.assertRaises(error) as caught:
            call()
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        records.invalidate_recordset()
        self.assertEqual([{fname: record[fname] for fname in fnames} for record in records], before)
        return message

    def _history(self, partner):
        return (
            self.env["crm.credit.rating.history"].sudo().search([("partner_id", "=", partner.id)])
        )

    # ------------------------------------------------------------------
    # The class: every credit workflow model uses the guard
    # ------------------------------------------------------------------

    def test_credit_models_use_the_guard(self):
        """The generic test of crm_customer_info attacks every protected field
        of every model using the guard that has a record: the demo has some."""
        children = self.env.registry["crm.workflow.mixin"]._inherit_children
        for name in CREDIT_MODELS:
            with self.subTest(model=name):
                self.assertIn(name, children)
                self.assertTrue(self.env[name]._crm_protected)
        self.assertLessEqual(
            {
                "credit_rating_id",
                "credit_score",
                "credit_rating_valid_until",
                "credit_limit",
                "use_partner_credit_limit",
            },
            self.env["res.partner"]._crm_protected,
        )
        self.assertLessEqual(
            {"state", "requested_by", "approver_id", "second_approver_id", "approval_date"},
            self.env["crm.credit.limit.request"]._crm_protected,
        )
        self.assertLessEqual(
            {"state", "approver_id", "approval_date", "total_score", "rating_id"},
            self.env["crm.credit.evaluation"]._crm_protected,
        )
        demo = [
            "crm_credit.crm_credit_evaluation_demo_hengyuan",
            "crm_credit.crm_credit_limit_request_demo_hengyuan",
            "crm_credit.crm_credit_extension_jiahe",
            "crm_credit.crm_credit_repayment_plan_hengyuan",
        ]
        if all(self.env.ref(xmlid, raise_if_not_found=False) for xmlid in demo):
            for name in CREDIT_MODELS:
                self.assertTrue(self.env[name].sudo().search_count([]), name)

    # ------------------------------------------------------------------
    # Rating, limit and block of a customer
    # ------------------------------------------------------------------

    def test_salesperson_cannot_rate_a_customer(self):
        """CC blocks invoicing; a salesperson writing AAA is refused, with or
        without tracking, and the history stays as it was."""
        self.assertEqual(self.customer.credit_rating_id, self.rating_cc)
        history = self._history(self.customer)
        customer = self.customer.with_user(self.user_sales)
        for context in FORGED_CONTEXTS:
            with self.subTest(context=context):
                self.assertRefused(
                    self.customer,
                    ["credit_rating_id", "credit_score"],
                    lambda context=context: customer.with_context(**context).write(
                        {"credit_rating_id": self.rating_aaa.id, "credit_score": 99}
                    ),
                    CREDIT_ONLY_THROUGH,
                    "Credit Rating",
                    "Credit Score",
                )
        self.assertEqual(self._history(self.customer), history)

    def test_credit_user_cannot_set_a_limit(self):
        for user in (self.user_credit, self.user_credit_manager):
            customer = self.customer.with_user(user)
            for context in FORGED_CONTEXTS:
                for values in (
                    {"credit_limit": 9999999.0},
                    {"use_partner_credit_limit": False},
                    {"credit_rating_valid_until": self.today + relativedelta(years=5)},
                ):
                    with self.subTest(user=user.login, context=context, values=values):
                        self.assertRefused(
                            self.customer,
                            ["credit_limit", "use_partner_credit_limit"],
                            lambda context=context, values=values, customer=customer: (
                                customer.with_context(**context).write(values)
                            ),
                            CREDIT_ONLY_THROUGH,
                        )
        self.assertEqual(self.customer.credit_limit, 10000.0)

    def test_no_new_customer_with_a_limit_or_rating(self):
        Partner = self.env["res.partner"].with_user(self.user_credit_manager)
        for values in (
            {"credit_limit": 50000.0},
            {"credit_rating_id": self.rating_aaa.id},
            {"credit_score": 95.0},
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(UserError, CREDIT_ONLY_THROUGH),
            ):
                Partner.with_context(tracking_disable=True).create(
                    {"name": "Forged Customer", "is_company": True, **values}
                )

    def test_no_limit_or_rating_by_import(self):
        Partner = self.env["res.partner"].with_user(self.user_credit_manager)
        for fields_, row in (
            (["name", "is_company", "credit_limit"], ["Imported", "1", "900000"]),
            (["name", "credit_rating_id/id"], ["Imported", "crm_credit.crm_credit_rating_aaa"]),
            ([".id", "credit_score"], [str(self.customer.id), "99"]),
        ):
            with (
                self.subTest(fields=fields_),
                self.assertRaisesRegex(UserError, CREDIT_ONLY_THROUGH),
            ):
                Partner.load(fields_, [row])
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Imported")]))

    def test_contacts_follow_their_company_limit(self):
        """Odoo copies the limit down to the contacts; that copy is no change of
        the customer's credit, a different limit on a contact is."""
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customer.id, "type": "contact"}
        )
        self.assertEqual(contact.credit_limit, 10000.0)
        request = (
            self.env["crm.credit.limit.request"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id, "requested_limit": 20000.0, "reason": "More"})
        )
        request.action_submit()
        request.with_user(self.user_credit_manager).action_approve()
        self.assertEqual(self.customer.credit_limit, 20000.0)
        self.assertEqual(contact.credit_limit, 20000.0)
        self.assertRefused(
            contact,
            ["credit_limit"],
            lambda: contact.with_user(self.user_credit).write({"credit_limit": 90000.0}),
            CREDIT_ONLY_THROUGH,
        )

    def test_rating_history_written_by_the_approval_whatever_the_context(self):
        history = self._history(self.customer)
        evaluation = (
            self.env["crm.credit.evaluation"]
            .with_user(self.user_credit)
            .with_context(tracking_disable=True, mail_notrack=True)
            .create(
                {
                    "partner_id": self.customer.id,
                    "character_score": 90,
                    "capacity_score": 90,
                    "capital_score": 90,
                    "collateral_score": 90,
                    "conditions_score": 90,
                }
            )
        )
        evaluation.action_submit()
        evaluation.with_user(self.user_credit_manager).action_approve()
        added = self._history(self.customer) - history
        self.assertRecordValues(
            added,
            [
                {
                    "old_rating_id": self.rating_cc.id,
                    "new_rating_id": evaluation.rating_id.id,
                    "evaluation_id": evaluation.id,
                    "user_id": self.user_credit_manager.id,
                }
            ],
        )
        self.assertEqual(self.customer.credit_rating_id, evaluation.rating_id)

    def test_rating_change_tracked_whatever_the_context(self):
        """Odoo does not track records created in the same transaction: a demo customer."""
        partner = self.env.ref("crm_customer_info.res_partner_ruifeng")
        evaluation = (
            self.env["crm.credit.evaluation"]
            .with_user(self.user_credit)
            .create({"partner_id": partner.id, "character_score": 95, "capacity_score": 95})
        )
        evaluation.action_submit()
        evaluation.with_user(self.user_credit_manager).with_context(
            tracking_disable=True, mail_notrack=True
        ).action_approve()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = partner.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "credit_rating_id"
        )
        self.assertEqual(tracked[:1].new_value_char, evaluation.rating_id.name)

    # ------------------------------------------------------------------
    # Evaluations, extensions, repayment plans, limit requests
    # ------------------------------------------------------------------

    def test_credit_user_cannot_approve_an_evaluation_by_writing(self):
        evaluation = (
            self.env["crm.credit.evaluation"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id, "character_score": 95})
        )
        evaluation.action_submit()
        for context in FORGED_CONTEXTS:
            for values in (
                {"state": "approved"},
                {"approver_id": self.user_credit_manager.id},
                {"rating_id": self.rating_aaa.id},
                {"total_score": 99.0},
            ):
                with self.subTest(context=context, values=values):
                    self.assertRefused(
                        evaluation,
                        ["state", "approver_id", "rating_id", "total_score"],
                        lambda context=context, values=values: (
                            evaluation.with_user(self.user_credit)
                            .with_context(**context)
                            .write(values)
                        ),
                        ONLY_THROUGH,
                    )
        self.assertRefused(
            evaluation,
            ["character_score", "total_score"],
            lambda: evaluation.with_user(self.user_credit).write({"character_score": 20}),
            "Only draft credit evaluations can be changed",
        )
        self.assertEqual(self.customer.credit_rating_id, self.rating_cc)

    def test_evaluation_weights_are_the_settings(self):
        with self.assertRaisesRegex(UserError, ONLY_THROUGH):
            self.env["crm.credit.evaluation"].with_user(self.user_credit).create(
                {"partner_id": self.customer.id, "character_score": 95, "character_weight": 100}
            )

    def test_credit_user_cannot_approve_an_extension_by_writing(self):
        invoice = self._invoice(4000.0, -40, partner=self.env["res.partner"].create({"name": "X"}))
        extension = (
            self.env["crm.credit.extension"]
            .with_user(self.user_credit)
            .create(
                {
                    "partner_id": invoice.commercial_partner_id.id,
                    "invoice_id": invoice.id,
                    "requested_due_date": self.today + relativedelta(days=20),
                    "reason": "Waiting for its own client",
                }
            )
        )
        extension.action_submit()
        for context in FORGED_CONTEXTS:
            with self.subTest(context=context):
                self.assertRefused(
                    extension,
                    ["state", "approver_id", "decision_date"],
                    lambda context=context: (
                        extension.with_user(self.user_credit)
                        .with_context(**context)
                        .write(
                            {
                                "state": "approved",
                                "approver_id": self.user_credit_manager.id,
                                "decision_date": self.today,
                            }
                        )
                    ),
                    ONLY_THROUGH,
                    "Status",
                )
        self.assertRefused(
            extension,
            ["requested_due_date"],
            lambda: extension.with_user(self.user_credit).write(
                {"requested_due_date": self.today + relativedelta(days=200)}
            ),
            "Only draft payment extensions can be changed",
        )
        self.assertEqual(invoice.invoice_date_due, self.today - relativedelta(days=40))

    def test_credit_user_cannot_close_a_plan_by_writing(self):
        plan = (
            self.env["crm.credit.repayment.plan"]
            .with_user(self.user_credit)
            .create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create({"date": self.today - relativedelta(days=5), "amount": 500})
                    ],
                }
            )
        )
        plan.action_confirm()
        for context in FORGED_CONTEXTS:
            with self.subTest(context=context):
                self.assertRefused(
                    plan,
                    ["state"],
                    lambda context=context: (
                        plan.with_user(self.user_credit)
                        .with_context(**context)
                        .write({"state": "done"})
                    ),
                    ONLY_THROUGH,
                )
        # The broken promise cannot be made smaller or later once confirmed.
        line = plan.line_ids
        self.assertEqual(line.status, "broken")
        self.assertRefused(
            line,
            ["amount", "date"],
            lambda: line.with_user(self.user_credit).write({"amount": 0.01}),
            "cannot change",
        )
        self.assertRefused(
            plan,
            ["date"],
            lambda: plan.with_user(self.user_credit).write(
                {"date": self.today + relativedelta(days=1)}
            ),
            "cannot change",
        )

    def test_manager_cannot_rewrite_the_requester_then_approve(self):
        Request = self.env["crm.credit.limit.request"].with_user(self.user_credit_manager)
        request = Request.create(
            {"partner_id": self.customer.id, "requested_limit": 90000.0, "reason": "Mine"}
        )
        self.assertEqual(request.requested_by, self.user_credit_manager)
        for context in FORGED_CONTEXTS:
            with self.subTest(context=context):
                self.assertRefused(
                    request,
                    ["requested_by"],
                    lambda context=context: request.with_context(**context).write(
                        {"requested_by": self.user_credit.id}
                    ),
                    ONLY_THROUGH,
                    "Requested By",
                )
        with self.assertRaisesRegex(UserError, ONLY_THROUGH):
            Request.create(
                {
                    "partner_id": self.customer.id,
                    "requested_limit": 90000.0,
                    "reason": "Someone else's",
                    "requested_by": self.user_credit.id,
                }
            )
        request.action_submit()
        self.assertRefused(
            request,
            ["state"],
            lambda: request.action_approve(),
            "You cannot approve your own request",
        )
        self.assertRefused(
            request,
            ["state", "approver_id"],
            lambda: request.write({"state": "approved", "approver_id": self.user_credit.id}),
            ONLY_THROUGH,
        )
        self.assertEqual(self.customer.credit_limit, 10000.0)

    # ------------------------------------------------------------------
    # Posting and overrides
    # ------------------------------------------------------------------

    def test_every_posting_path_checks_the_block(self):
        invoice = self._invoice(1000.0, 30, post=False)
        for context in FORGED_CONTEXTS:
            with self.subTest(context=context):
                for post in (
                    lambda context=context: invoice.with_context(**context).write(
                        {"state": "posted"}
                    ),
                    lambda context=context: invoice.with_context(**context)._post(soft=False),
                    lambda context=context: invoice.with_context(**context).action_post(),
                ):
                    self.assertRefused(
                        invoice,
                        ["state"],
                        post,
                        "cannot be posted because of the customer's credit",
                        "is rated CC, which blocks invoicing",
                    )
        self.assertFalse(
            self.env["crm.credit.override.log"].sudo().search([("move_id", "=", invoice.id)])
        )

    def _override(self, invoice, reason="Prepaid by bank transfer"):
        invoice.with_user(self.user_credit_manager).write(
            {"credit_override": True, "credit_override_reason": reason}
        )

    def test_override_lapses_when_the_amount_changes(self):
        invoice = self._invoice(1000.0, 30, post=False)
        self._override(invoice)
        self.assertRecordValues(
            invoice,
            [
                {
                    "credit_override_user_id": self.user_credit_manager.id,
                    "credit_override_amount": 1000.0,
                    "credit_override_partner_id": self.customer.id,
                    "credit_override_lapsed": False,
                }
            ],
        )
        invoice.invoice_line_ids.price_unit = 100000000.0
        self.assertTrue(invoice.credit_override_lapsed)
        for post in (lambda: invoice.write({"state": "posted"}), invoice.action_post):
            self.assertRefused(
                invoice, ["state"], post, "the credit override was set for", "override it again"
            )
        # Overridden again, for the new amount: posted and logged with it.
        invoice.with_user(self.user_credit_manager).credit_override = False
        self._override(invoice, "Guaranteed by the parent company")
        invoice.write({"state": "posted"})
        log = self.env["crm.credit.override.log"].sudo().search([("move_id", "=", invoice.id)])
        self.assertRecordValues(
            log,
            [
                {
                    "amount": 100000000.0,
                    "user_id": self.user_credit_manager.id,
                    "reason": "Guaranteed by the parent company",
                }
            ],
        )

    def test_override_lapses_when_the_customer_changes(self):
        other = self.env["res.partner"].create({"name": "Other Blocked", "is_company": True})
        other._crm_transition_write({"credit_rating_id": self.rating_cc.id})
        invoice = self._invoice(1000.0, 30, post=False)
        self._override(invoice)
        invoice.partner_id = other
        self.assertRefused(invoice, ["state"], invoice.action_post, "override it again")

    def test_override_record_is_not_writable(self):
        invoice = self._invoice(1000.0, 30, post=False)
        self._override(invoice)
        for values in (
            {"credit_override_amount": 1.0},
            {"credit_override_user_id": self.user_credit_manager_2.id},
            {"credit_override_partner_id": self.partner_a.id},
        ):
            with self.subTest(values=values):
                self.assertRefused(
                    invoice,
                    ["credit_override_amount", "credit_override_user_id"],
                    lambda values=values: invoice.with_user(self.user_credit_manager).write(values),
                    "never by editing the invoice",
                )

    def test_logs_are_written_by_their_path_only(self):
        invoice = self._invoice(1000.0, 30, post=False)
        self._override(invoice)
        invoice.action_post()
        override = self.env["crm.credit.override.log"].search([("move_id", "=", invoice.id)])
        history = self._history(self.customer)
        self.assertTrue(override)
        for log, values in (
            (override, {"reason": "Forged", "amount": 1.0}),
            (history, {"new_rating_id": self.rating_aaa.id}),
        ):
            with self.subTest(model=log._name):
                self.assertRefused(
                    log,
                    list(values),
                    lambda log=log, values=values: (
                        log.with_user(self.user_credit_manager)
                        .with_context(tracking_disable=True)
                        .write(values)
                    ),
                    ONLY_THROUGH,
                )
                with self.assertRaisesRegex(UserError, "cannot be deleted"):
                    log.sudo().unlink()
        with self.assertRaisesRegex(UserError, ONLY_THROUGH):
            self.env["crm.credit.rating.history"].create(
                {"partner_id": self.customer.id, "new_rating_id": self.rating_aaa.id}
            )
        with self.assertRaisesRegex(UserError, ONLY_THROUGH):
            self.env["crm.credit.override.log"].create(
                {
                    "move_id": invoice.id,
                    "partner_id": self.customer.id,
                    "company_id": invoice.company_id.id,
                    "user_id": self.user_credit_manager.id,
                }
            )
        with self.assertRaisesRegex(AccessError, "not allowed to delete"):
            override.with_user(self.user_credit_manager).unlink()
