"""A document is never handed out twice, even by two truly concurrent transactions.

These tests commit for real (each thread has its own cursor and transaction), then
remove what they created, with a new cursor, at the end.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

LENT = "lent"


@tagged("post_install", "-at_install")
class TestArchiveBorrowConcurrency(TransactionCase):
    def setup_requests(self, mode, original):
        """Two approved requests for one document, committed when the cursor closes."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create(
                {"name": "并发测试客户有限公司", "is_company": True}
            )
            document = env["crm.archive.document"].create(
                {
                    "partner_id": partner.id,
                    "category_id": env.ref("crm_customer_info.archive_category_contracts").id,
                    "title": "并发借阅测试合同",
                    "original": original,
                    "confidentiality": "internal",
                }
            )
            borrows = env["crm.archive.borrow"].create(
                [
                    {
                        "borrower_id": env.ref("base.user_admin").id,
                        "purpose": f"Concurrency test {index}",
                        "mode": mode,
                        "line_ids": [(0, 0, {"document_id": document.id})],
                    }
                    for index in (1, 2)
                ]
            )
            borrows.action_submit()
            borrows.action_approve()
            self.assertEqual(borrows.mapped("state"), ["approved", "approved"])
            ids = {"partner": partner.id, "document": document.id, "borrows": borrows.ids}
        self.addCleanup(self.cleanup, ids)
        return ids

    def cleanup(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # The access log and the archive documents are never deleted through
            # the ORM; these are test rows.
            cr.execute(
                "DELETE FROM crm_archive_access_log WHERE document_id = %s OR borrow_id IN %s",
                [ids["document"], tuple(ids["borrows"])],
            )
            borrows = env["crm.archive.borrow"].browse(ids["borrows"]).exists()
            borrows._crm_transition_write({"state": "cancelled"})
            borrows.unlink()
            document = env["crm.archive.document"].browse(ids["document"])
            env["mail.message"].search(
                [("model", "=", document._name), ("res_id", "=", document.id)]
            ).unlink()
            env["mail.followers"].search(
                [("res_model", "=", document._name), ("res_id", "=", document.id)]
            ).unlink()
            cr.execute("DELETE FROM crm_archive_document WHERE id = %s", [document.id])
            env.invalidate_all()
            env["res.partner"].browse(ids["partner"]).unlink()

    def race(self, borrow_ids):
        """Each thread checks its request in its own transaction, waits for the
        other, then hands out; both try to commit."""
        barrier = threading.Barrier(len(borrow_ids))
        admin_id = self.env.ref("base.user_admin").id

        def lend(borrow_id):
            try:
                # Leaving the block commits, or rolls back on the error.
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, admin_id, {})
                    borrow = env["crm.archive.borrow"].browse(borrow_id)
                    # Both snapshots see the document free: the guard cannot tell.
                    borrow._check_can_lend()
                    barrier.wait(timeout=20)
                    borrow.action_lend()
            except UserError as error:
                return str(error)
            return LENT

        with ThreadPoolExecutor(max_workers=len(borrow_ids)) as executor:
            futures = [executor.submit(lend, borrow_id) for borrow_id in borrow_ids]
            return [future.result(timeout=60) for future in futures]

    def committed_state(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            borrows = env["crm.archive.borrow"].browse(ids["borrows"])
            document = env["crm.archive.document"].browse(ids["document"])
            logs = env["crm.archive.access.log"].search(
                [("borrow_id", "in", borrows.ids), ("event", "=", "lend")]
            )
            return (
                sorted(borrows.mapped("state")),
                document.state,
                len(logs),
                len(borrows.filtered(lambda b: b.handler_id)),
            )

    @mute_logger("odoo.sql_db")
    def test_concurrent_loans_of_one_document(self):
        ids = self.setup_requests("lend", "copy")
        outcomes = self.race(ids["borrows"])
        self.assertEqual(outcomes.count(LENT), 1, outcomes)
        [refusal] = [outcome for outcome in outcomes if outcome != LENT]
        self.assertIn("handed out at the same time under another request", refusal)
        self.assertEqual(self.committed_state(ids), (["approved", "lent"], "lent", 1, 1))

    @mute_logger("odoo.sql_db")
    def test_concurrent_consultations_of_one_document(self):
        """On-site consultation leaves the document filed: only the index stops it."""
        ids = self.setup_requests("consult", "original")
        outcomes = self.race(ids["borrows"])
        self.assertEqual(outcomes.count(LENT), 1, outcomes)
        self.assertEqual(self.committed_state(ids), (["approved", "lent"], "filed", 1, 1))
