from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestGradeAndLifecycle(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grade_a = cls.env.ref("crm_customer_info.customer_grade_a")
        cls.grade_b = cls.env.ref("crm_customer_info.customer_grade_b")
        cls.grade_c = cls.env.ref("crm_customer_info.customer_grade_c")

    def test_seeded_data(self):
        self.assertEqual(
            (self.grade_a | self.grade_b | self.grade_c).mapped("code"), ["A", "B", "C"]
        )
        self.assertEqual(self.grade_a.display_name, "A · Key Customer")
        self.assertEqual(self.env["crm.ethnicity"].search_count([]), 56)
        self.assertEqual(self.env["crm.customer.source"].search_count([]), 16)
        self.assertGreaterEqual(self.env["crm.education.level"].search_count([]), 8)

    def test_grade_history_records_each_change(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.user_sales)
            .create(
                {"name": "宁波海天电器有限公司", "is_company": True, "grade_id": self.grade_b.id}
            )
        )
        wizard = Form(
            self.env["crm.grade.change.wizard"]
            .with_user(self.user_manager)
            .with_context(default_partner_ids=partner.ids)
        )
        wizard.grade_id = self.grade_a
        wizard.reason = "年采购额翻倍"
        wizard.save().action_apply()
        partner.with_user(self.user_sales).write({"name": "宁波海天电器股份有限公司"})
        partner.with_user(self.user_sales).write({"grade_id": self.grade_a.id})  # no change
        history = partner.grade_history_ids.sorted("id")
        self.assertEqual(len(history), 2)
        self.assertFalse(history[0].old_grade_id)
        self.assertEqual(history[0].new_grade_id, self.grade_b)
        self.assertEqual(history[0].user_id, self.user_sales)
        self.assertEqual(history[1].old_grade_id, self.grade_b)
        self.assertEqual(history[1].new_grade_id, self.grade_a)
        self.assertEqual(history[1].user_id, self.user_manager)
        self.assertEqual(history[1].reason, "年采购额翻倍")
        # the history is kept as it was written, even from a manager
        with self.assertRaisesRegex(AccessError, "not allowed to delete 'Customer Grade Change'"):
            history.with_user(self.user_manager).unlink()
        with self.assertRaisesRegex(AccessError, "not allowed to modify 'Customer Grade Change'"):
            history.with_user(self.user_manager).write({"reason": "Forged"})
        with self.assertRaisesRegex(UserError, "its entries cannot be deleted"):
            history.sudo().unlink()
        self.assertEqual(len(partner.grade_history_ids), 2)

    def test_grade_change_in_chatter(self):
        """Tracked like any Odoo field (Odoo skips records created in the same
        transaction, so a demo customer is used)."""
        partner = self.env.ref("crm_customer_info.res_partner_jiahe")
        partner.write({"grade_id": self.grade_c.id})
        self.env.flush_all()
        self.env.cr.precommit.run()
        partner._crm_write_with_grade_reason({"grade_id": self.grade_a.id}, "复核")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = partner.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "grade_id"
        )
        self.assertTrue(tracked)
        self.assertEqual(partner.grade_history_ids[:1].reason, "复核")
        # A reason sent by a client in the context is not kept.
        partner.with_context(grade_change_reason="伪造").write({"grade_id": self.grade_c.id})
        partner.invalidate_recordset(["grade_history_ids"])
        self.assertEqual(partner.grade_history_ids[:1].new_grade_id, self.grade_c)
        self.assertFalse(partner.grade_history_ids[:1].reason)

    def test_completeness_score(self):
        partner = self.env["res.partner"].create({"name": "赵敏"})
        empty = partner.profile_completeness
        partner.write(
            {
                "phone": "13800000000",
                "gender": "female",
                "hobbies": "旅游",
                "grade_id": self.grade_c.id,
            }
        )
        self.assertGreater(partner.profile_completeness, empty)
        self.assertEqual(
            partner.profile_completeness,
            round(100 * 4 / len(partner._crm_completeness_person)),
        )
        incomplete = self.env["res.partner"].search(
            [("profile_completeness", "<", 80), ("id", "=", partner.id)]
        )
        self.assertEqual(incomplete, partner)

    def test_birthday_filters(self):
        today = date.today()
        # Leap years, so that any day of the year exists.
        soon = self.env["res.partner"].create(
            {"name": "钱进", "birthday": (today + timedelta(days=3)).replace(year=1980)}
        )
        later = self.env["res.partner"].create(
            {"name": "孙立", "birthday": (today + timedelta(days=40)).replace(year=1976)}
        )
        found = self.env["res.partner"].search([("birthday_soon", "=", True)])
        self.assertIn(soon, found)
        self.assertNotIn(later, found)
        self.assertIn(later, self.env["res.partner"].search([("birthday_soon", "=", False)]))
        month = self.env["res.partner"].search([("birthday_month", "=", soon.birthday.month)])
        self.assertIn(soon, month)

    def test_lifecycle_former_customer(self):
        partner = self.env["res.partner"].create({"name": "旧客户", "customer_state": "current"})
        partner.write(
            {
                "customer_state": "former",
                "stop_trade_reason": "转向竞争对手",
                "stop_trade_date": date.today(),
            }
        )
        self.assertEqual(
            self.env["res.partner"].search(
                [("customer_state", "=", "former"), ("id", "=", partner.id)]
            ),
            partner,
        )
