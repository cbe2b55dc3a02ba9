"""Merging customers never makes the kept one more trusted."""

from odoo.tests import tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditMerge(CreditCase):
    def _rated(self, name, rating, limit):
        Partner = self.env["res.partner"]
        with Partner._crm_transition():
            partner = Partner.create({"name": name, "is_company": True, "email": "same@x.cn"})
        partner._crm_set_credit_rating(self.env.ref(rating), 40.0, False)
        partner._crm_set_credit_limit(limit)
        return partner

    def _merge(self, kept, merged):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(kept | merged).ids)
            .create({})
        )
        wizard.dst_partner_id = kept
        wizard.action_merge()
        self.assertFalse(merged.exists())

    def test_a_blocked_duplicate_blocks_the_kept_customer(self):
        clean = self._rated("Clean Ltd", "crm_credit.crm_credit_rating_aaa", 300000.0)
        blocked = self._rated("Clean Ltd.", "crm_credit.crm_credit_rating_cc", 10000.0)
        self._merge(clean, blocked)
        self.assertRecordValues(
            clean,
            [
                {
                    "credit_rating_id": self.env.ref("crm_credit.crm_credit_rating_cc").id,
                    "credit_limit": 10000.0,
                    "use_partner_credit_limit": True,
                }
            ],
        )
        self.assertTrue(clean.credit_rating_id.block)
        last = clean.credit_rating_history_ids.sorted("id")[-1]
        self.assertEqual(last.new_rating_id, clean.credit_rating_id)
        self.assertIn("Customers merged: Clean Ltd.", last.note)

    def test_a_trusted_duplicate_does_not_lift_a_block(self):
        blocked = self._rated("Blocked Ltd", "crm_credit.crm_credit_rating_cc", 10000.0)
        clean = self._rated("Blocked Ltd.", "crm_credit.crm_credit_rating_aaa", 300000.0)
        history = len(blocked.credit_rating_history_ids)
        self._merge(blocked, clean)
        self.assertEqual(blocked.credit_rating_id, self.env.ref("crm_credit.crm_credit_rating_cc"))
        self.assertEqual(blocked.credit_limit, 10000.0)
        # no change, no new entry of its own (the merged one's entries moved over)
        self.assertFalse(blocked.credit_rating_history_ids.filtered("note"))
        self.assertGreaterEqual(len(blocked.credit_rating_history_ids), history)
