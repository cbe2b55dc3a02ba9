from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestCleanup(CampaignCase):
    """Customers not worth keeping (seed 002, 不需入库的): proposed for archiving
    by configurable rules, archived with their reason, never deleted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_info_manager = new_test_user(
            cls.env, login="t_cleanup_manager", groups="crm_customer_info.group_manager"
        )
        cls.grade_c = cls.env.ref("crm_customer_info.customer_grade_c")
        Param = cls.env["ir.config_parameter"].sudo()
        Param.set_param("crm_campaigns.cleanup_period_months", 12)
        Param.set_param("crm_campaigns.cleanup_min_invoices", 2)
        Param.set_param("crm_campaigns.cleanup_no_repurchase_days", 365)
        Param.set_param("crm_campaigns.cleanup_complaint_threshold", 2)
        Param.set_param("crm_campaigns.cleanup_grade_ids", str(cls.grade_c.id))

        def customer(name, **values):
            return cls.env["res.partner"].create({"name": name, "is_company": True, **values})

        # Bought twice, more than a year ago, nothing since.
        cls.few = customer("清理测试 少量购买")
        cls._paid(cls.few, 100, 500)
        cls._paid(cls.few, 100, 420)
        # Bought once, 400 days ago.
        cls.once = customer("清理测试 一次购买")
        cls._paid(cls.once, 100, 400)
        # Regular customer.
        cls.good = customer("清理测试 常客")
        for days in (420, 120, 60, 10):
            cls._paid(cls.good, 100, days)
        # New customer: a single recent invoice.
        cls.new = customer("清理测试 新客户")
        cls._paid(cls.new, 100, 10)
        # Bad grade, buys well.
        cls.graded = customer("清理测试 C级客户", grade_id=cls.grade_c.id)
        for days in (400, 100, 20):
            cls._paid(cls.graded, 100, days)
        # Buys well, complains a lot.
        cls.complainer = customer("清理测试 投诉客户")
        for days in (400, 100, 20):
            cls._paid(cls.complainer, 100, days)
        cls.env["crm.complaint"].create(
            [
                {"partner_id": cls.complainer.id, "description": "质量问题"},
                {"partner_id": cls.complainer.id, "description": "送货延误"},
            ]
        )
        # Would match, but still owes money.
        cls.debtor = customer("清理测试 欠款客户")
        cls._invoice(cls.debtor, 100, 400)
        # Would match, but a document of its archive is on loan.
        cls.on_loan = customer("清理测试 借阅客户")
        cls._paid(cls.on_loan, 100, 400)
        document = cls.env["crm.archive.document"].create(
            {
                "partner_id": cls.on_loan.id,
                "category_id": cls.env.ref("crm_customer_info.archive_category_basic").id,
                "title": "购销合同复印件",
            }
        )
        with cls.env["crm.archive.borrow"]._crm_transition():  # a loan as the register leaves it
            cls.env["crm.archive.borrow"].create(
                {
                    "purpose": "Credit review",
                    "mode": "lend",
                    "line_ids": [Command.create({"document_id": document.id})],
                    "state": "lent",
                }
            ).line_ids.flush_recordset()
        cls.contact = cls.env["res.partner"].create(
            {"name": "清理测试 联系人", "parent_id": cls.once.id}
        )
        cls.ours = (
            cls.few
            | cls.once
            | cls.good
            | cls.new
            | cls.graded
            | cls.complainer
            | cls.debtor
            | cls.on_loan
        )

    @classmethod
    def _paid(cls, partner, amount, days_ago):
        move = cls._invoice(partner, amount, days_ago)
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": move.invoice_date})._create_payments()
        return move

    def _candidates(self):
        candidates = self.env["res.partner"]._crm_cleanup_candidates()
        return {pid: set(c["reasons"]) for pid, c in candidates.items() if pid in self.ours.ids}

    def test_rules(self):
        self.assertEqual(
            self._candidates(),
            {
                self.few.id: {"few_purchases"},
                self.once.id: {"few_purchases", "no_repurchase"},
                self.graded.id: {"poor_reputation"},
                self.complainer.id: {"poor_reputation"},
            },
        )

    def test_thresholds_are_configurable(self):
        Param = self.env["ir.config_parameter"].sudo()
        # Two years: the two old purchases count again, and nobody was a
        # customer for the whole period; complaints and grades are ignored.
        Param.set_param("crm_campaigns.cleanup_period_months", 24)
        Param.set_param("crm_campaigns.cleanup_complaint_threshold", 0)
        Param.set_param("crm_campaigns.cleanup_grade_ids", "")
        self.assertEqual(self._candidates(), {self.once.id: {"no_repurchase"}})
        Param.set_param("crm_campaigns.cleanup_no_repurchase_days", 500)
        self.assertEqual(self._candidates(), {})
        settings = self.env["res.config.settings"].create(
            {"crm_cleanup_grade_ids": [Command.set(self.grade_c.ids)]}
        )
        settings.execute()
        self.assertEqual(Param.get_param("crm_campaigns.cleanup_grade_ids"), str(self.grade_c.id))
        self.assertIn(self.graded.id, self._candidates())
        with self.assertRaisesRegex(ValidationError, "clean-up period must be between 1 and 120"):
            self.env["res.config.settings"].create({"crm_cleanup_period_months": 0})

    def test_archive_records_why_and_never_deletes(self):
        wizard = self.env["crm.cleanup.wizard"].with_user(self.user_info_manager).create({})
        lines = wizard.line_ids.filtered(lambda line: line.partner_id in self.ours)
        self.assertEqual(lines.partner_id, self.few | self.once | self.graded | self.complainer)
        once_line = lines.filtered(lambda line: line.partner_id == self.once)
        self.assertIn("No repurchase", once_line.reasons)
        self.assertIn("Few purchases", once_line.reasons)
        # Keep the graded customer; archive the others of this test.
        (wizard.line_ids - lines).selected = False
        lines.filtered(lambda line: line.partner_id == self.graded).selected = False
        wizard.action_archive()

        archived = self.few | self.once | self.complainer
        for partner in archived:
            self.assertTrue(partner.exists())
            self.assertFalse(partner.active)
            self.assertEqual(partner.cleanup_user_id, self.user_info_manager)
            self.assertTrue(partner.cleanup_date)
            self.assertTrue(
                partner.message_ids.filtered(lambda m: "customer clean-up" in (m.body or ""))
            )
        self.assertIn("No repurchase", self.once.cleanup_reason)
        self.assertIn("complaints", self.complainer.cleanup_reason)
        self.assertFalse(self.contact.active)
        for partner in self.ours - archived:
            self.assertTrue(partner.active, partner.name)
            self.assertFalse(partner.cleanup_reason)

    def test_only_still_matching_customers_are_archived(self):
        wizard = self.env["crm.cleanup.wizard"].with_user(self.user_info_manager).create({})
        (
            wizard.line_ids.filtered(lambda line: line.partner_id not in self.few | self.once)
        ).selected = False
        # The customer bought again meanwhile.
        self._paid(self.few, 100, 5)
        self._paid(self.few, 100, 1)
        wizard.action_archive()
        self.assertTrue(self.few.active)
        self.assertFalse(self.once.active)

    def test_only_customer_information_managers_archive(self):
        for user in (self.user_sales, self.user_marketing, self.user_marketing_manager):
            with self.assertRaisesRegex(
                AccessError, "not allowed to create 'Customer Database Clean-up'"
            ):
                self.env["crm.cleanup.wizard"].with_user(user).create({})
            with self.assertRaisesRegex(
                UserError, "Only customer-information managers archive customers"
            ):
                self.few.with_user(user)._crm_cleanup_archive({self.few: "x"})
        self.assertTrue(self.few.active)
