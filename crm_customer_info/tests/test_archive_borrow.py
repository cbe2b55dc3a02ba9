"""The borrowing register (借阅制度, 表2-8 客户资料借阅表): every rule on the server."""

import shutil
import unicodedata
from datetime import timedelta
from unittest import skipIf
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerInfoCase, pdf_text

BORROW_FORM = "crm_customer_info.action_report_archive_borrow"
ACTIVITY_RETURN = "crm_customer_info.mail_activity_type_borrow_return"
ACTIVITY_ESCALATION = "crm_customer_info.mail_activity_type_borrow_escalation"


class ArchiveBorrowCase(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_service_2 = new_test_user(
            cls.env, login="t_service_2", groups="crm_customer_info.group_customer_service"
        )
        cls.user_archivist_2 = new_test_user(
            cls.env, login="t_archivist_2", groups="crm_customer_info.group_archive_admin"
        )
        cls.user_manager_2 = new_test_user(
            cls.env, login="t_manager_2", groups="crm_customer_info.group_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "宁波恒远贸易有限公司", "is_company": True}
        )
        cls.copy = cls.make_document("购销合同复印件")
        cls.copy_2 = cls.make_document("送货单复印件")
        cls.original = cls.make_document("营业执照正本", original="original")
        cls.secret = cls.make_document("信用额度审批表", confidentiality="secret")
        cls.bound = cls.make_document("上年度订单", state="bound")
        cls.destroyed = cls.make_document("已销毁的退货单", state="destroyed")

    @classmethod
    def make_document(cls, title, state=None, **values):
        document = cls.env["crm.archive.document"].create(
            {
                "partner_id": cls.customer.id,
                "category_id": cls.env.ref("crm_customer_info.archive_category_basic").id,
                "title": title,
                "pages": 3,
                "original": "copy",
                "confidentiality": "internal",
                **values,
            }
        )
        if state:
            # as closing a year or destroying a volume would leave it
            document._crm_transition_write({"state": state})
        return document

    def make_request(self, documents, user=None, mode="lend", **values):
        user = user or self.user_service
        return (
            self.env["crm.archive.borrow"]
            .with_user(user)
            .create(
                {
                    "purpose": "Credit review",
                    "mode": mode,
                    "line_ids": [
                        (0, 0, {"document_id": document.id, "content": f"{document.title}, p. 1-3"})
                        for document in documents
                    ],
                    **values,
                }
            )
        )

    def approved_request(self, documents, user=None, mode="lend"):
        borrow = self.make_request(documents, user=user, mode=mode)
        borrow.action_submit()
        # approved by one archive administrator, handed out by another
        approver = self.user_manager_2 if user == self.user_archivist_2 else self.user_archivist_2
        borrow.with_user(approver).action_approve()
        self.assertEqual(borrow.state, "approved")
        return borrow

    def lent_request(self, documents, user=None, mode="lend"):
        borrow = self.approved_request(documents, user=user, mode=mode)
        borrow.with_user(self.user_archivist).action_lend()
        self.assertEqual(borrow.state, "lent")
        return borrow

    def assertRefused(self, borrow, call, *fragments):
        """A forbidden transition: one UserError naming every reason, state unchanged."""
        state = borrow.state
        with self.assertRaises(UserError) as caught:
            call()
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        borrow.invalidate_recordset()
        self.assertEqual(borrow.state, state)
        return message

    def logs(self, borrow, event):
        return self.env["crm.archive.access.log"].search(
            [("borrow_id", "=", borrow.id), ("event", "=", event)]
        )


class TestArchiveBorrowFlow(ArchiveBorrowCase):
    def test_lend_and_return(self):
        borrow = self.make_request(self.copy | self.copy_2)
        self.assertEqual(borrow.state, "draft")
        self.assertRegex(borrow.name, r"^BR/\d{4}/\d{4}$")
        self.assertEqual(borrow.due_date, fields.Date.context_today(borrow) + timedelta(days=7))

        borrow.action_submit()
        self.assertEqual(borrow.state, "submitted")
        borrow.with_user(self.user_archivist).action_approve()
        self.assertEqual(borrow.state, "approved")
        self.assertEqual(borrow.approver_id, self.user_archivist)
        self.assertFalse(borrow.second_approver_id)

        borrow.with_user(self.user_archivist_2).action_lend()
        self.assertEqual(borrow.state, "lent")
        self.assertEqual(borrow.handler_id, self.user_archivist_2)
        self.assertTrue(borrow.lent_on)
        self.assertEqual(set((self.copy | self.copy_2).mapped("state")), {"lent"})
        self.assertEqual(set(borrow.line_ids.mapped("state")), {"lent"})
        lend_logs = self.logs(borrow, "lend")
        self.assertEqual(lend_logs.document_id, self.copy | self.copy_2)
        self.assertEqual(lend_logs.user_id, self.user_archivist_2)

        borrow.with_user(self.user_archivist).action_return("Complete, no damage")
        self.assertEqual(borrow.state, "returned")
        self.assertEqual(borrow.return_condition, "Complete, no damage")
        self.assertTrue(borrow.returned_on)
        self.assertEqual(set((self.copy | self.copy_2).mapped("state")), {"filed"})
        self.assertEqual(self.logs(borrow, "return").document_id, self.copy | self.copy_2)

    def test_consultation_leaves_documents_filed(self):
        """On-site consultation: originals and bound documents are handed out, stay filed."""
        borrow = self.approved_request(self.original | self.bound, mode="consult")
        borrow.with_user(self.user_archivist).action_lend()
        self.assertEqual(borrow.state, "lent")
        self.assertEqual(self.original.state, "filed")
        self.assertEqual(self.bound.state, "bound")
        self.assertEqual(len(self.logs(borrow, "lend")), 2)
        borrow.with_user(self.user_archivist).action_return("Consulted in the archive room")
        self.assertEqual(borrow.state, "returned")
        self.assertEqual(self.original.state, "filed")
        self.assertEqual(self.bound.state, "bound")
        self.assertEqual(len(self.logs(borrow, "return")), 2)

    def test_due_date_defaults_to_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_info.borrow_default_days", 12
        )
        borrow = self.make_request(self.copy)
        self.assertEqual(borrow.due_date, fields.Date.context_today(borrow) + timedelta(days=12))

    def test_submit_guard_lists_every_reason(self):
        empty = self.make_request(self.env["crm.archive.document"])
        self.assertRefused(empty, empty.action_submit, "add at least one document")

        borrow = self.make_request(self.original | self.bound | self.destroyed)
        today = fields.Date.context_today(borrow)
        borrow.due_date = today + timedelta(days=31)
        message = self.assertRefused(
            borrow,
            borrow.action_submit,
            "You cannot submit:",
            "30 days at most",
            "originals can only be consulted on site",
            "bound into a closed volume",
            "destroyed and cannot be borrowed",
        )
        self.assertEqual(len(message.splitlines()), 5)

        borrow.due_date = today - timedelta(days=1)
        self.assertRefused(borrow, borrow.action_submit, "before the request date")

    def test_max_days_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_customer_info.borrow_max_days", 10)
        borrow = self.make_request(self.copy)
        borrow.due_date = borrow.request_date + timedelta(days=11)
        self.assertRefused(borrow, borrow.action_submit, "10 days at most")
        borrow.due_date = borrow.request_date + timedelta(days=10)
        borrow.action_submit()
        self.assertEqual(borrow.state, "submitted")

    def test_originals_are_only_consulted(self):
        lend = self.make_request(self.original)
        self.assertRefused(lend, lend.action_submit, "originals can only be consulted on site")

        # Even if a request got past submission (document turned original meanwhile),
        # approval and hand-out refuse it.
        borrow = self.make_request(self.copy_2)
        borrow.action_submit()
        self.copy_2.original = "original"
        self.assertRefused(
            borrow,
            borrow.with_user(self.user_archivist).action_approve,
            "originals can only be consulted on site",
        )
        self.copy_2.original = "copy"
        borrow.with_user(self.user_archivist).action_approve()
        self.copy_2.original = "original"
        self.assertRefused(
            borrow,
            borrow.with_user(self.user_archivist).action_lend,
            "originals can only be consulted on site",
        )

        consult = self.make_request(self.original, mode="consult")
        consult.action_submit()
        self.assertEqual(consult.state, "submitted")

    def test_bound_consulted_destroyed_never(self):
        lend = self.make_request(self.bound)
        self.assertRefused(lend, lend.action_submit, "bound into a closed volume")
        consult = self.make_request(self.bound, mode="consult")
        consult.action_submit()
        self.assertEqual(consult.state, "submitted")
        gone = self.make_request(self.destroyed, mode="consult")
        self.assertRefused(gone, gone.action_submit, "destroyed and cannot be borrowed")

    def test_nobody_approves_own_request(self):
        borrow = self.make_request(self.copy, user=self.user_archivist)
        borrow.action_submit()
        self.assertRefused(borrow, borrow.action_approve, "nobody approves his own request")
        self.assertFalse(borrow.approver_id)
        borrow.with_user(self.user_archivist_2).action_approve()
        self.assertEqual(borrow.state, "approved")

    def test_only_archive_admins_approve_lend_and_take_back(self):
        borrow = self.make_request(self.copy)
        borrow.action_submit()
        as_colleague = borrow.with_user(self.user_service_2).sudo(False)
        # A colleague from customer service does not even see the request...
        with self.assertRaises(AccessError) as caught:
            as_colleague.read(["state"])
        self.assertRegex(
            str(caught.exception), r"doesn't have 'read' access to:\n- .*\(crm\.archive\.borrow[:)]"
        )
        # ...and the borrower himself is not allowed to decide.
        self.assertRefused(borrow, borrow.action_approve, "Only archive administrators approve")
        self.assertRefused(
            borrow, lambda: borrow.action_reject("no"), "Only archive administrators reject"
        )
        borrow.with_user(self.user_archivist).action_approve()
        self.assertRefused(borrow, borrow.action_lend, "Only archive administrators hand out")
        # the one who approved does not hand out (领导批准 and 经办人 of 表2-8)
        self.assertRefused(
            borrow,
            borrow.with_user(self.user_archivist).action_lend,
            "you approved it; another archive administrator hands the documents out",
        )
        borrow.with_user(self.user_archivist_2).action_lend()
        self.assertRefused(
            borrow, lambda: borrow.action_return("fine"), "Only archive administrators take"
        )
        self.assertRefused(
            borrow,
            lambda: borrow.with_user(self.user_archivist).action_return("  "),
            "Describe the condition",
        )

    def test_transitions_out_of_order(self):
        borrow = self.make_request(self.copy)
        admin = borrow.with_user(self.user_archivist)
        self.assertRefused(borrow, admin.action_approve, "is not waiting for approval")
        self.assertRefused(borrow, admin.action_lend, "is not approved")
        self.assertRefused(borrow, lambda: admin.action_return("ok"), "is not handed out")
        borrow.action_submit()
        self.assertRefused(borrow, borrow.action_submit, "is not a draft")
        self.assertRefused(borrow, admin.action_lend, "is not approved")

    def test_secret_needs_second_approval_by_manager(self):
        borrow = self.make_request(self.secret | self.copy)
        self.assertTrue(borrow.needs_second_approval)
        borrow.action_submit()
        borrow.with_user(self.user_archivist).action_approve()
        self.assertEqual(borrow.state, "submitted")
        self.assertEqual(borrow.approver_id, self.user_archivist)

        self.assertRefused(
            borrow,
            borrow.with_user(self.user_archivist_2).action_approve,
            "needs the second approval of a manager",
        )
        self.assertRefused(
            borrow,
            borrow.with_user(self.user_archivist).action_approve,
            "second approval must come from another person",
        )
        self.assertRefused(
            borrow, borrow.with_user(self.user_archivist).action_lend, "is not approved"
        )
        borrow.with_user(self.user_manager).action_approve()
        self.assertEqual(borrow.state, "approved")
        self.assertEqual(borrow.second_approver_id, self.user_manager)

    def test_approver_group_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_info.borrow_approver", "manager"
        )
        borrow = self.make_request(self.copy)
        borrow.action_submit()
        self.assertRefused(
            borrow,
            borrow.with_user(self.user_archivist).action_approve,
            "approved by a manager (see the settings)",
        )
        borrow.with_user(self.user_manager).action_approve()
        self.assertEqual(borrow.state, "approved")
        borrow.with_user(self.user_archivist).action_lend()
        self.assertEqual(borrow.state, "lent")

    def test_approvers_never_hand_out(self):
        borrow = self.make_request(self.secret)
        borrow.action_submit()
        borrow.with_user(self.user_archivist).action_approve()
        borrow.with_user(self.user_manager).action_approve()
        for approver in (self.user_archivist, self.user_manager):
            self.assertRefused(
                borrow,
                borrow.with_user(approver).action_lend,
                "you approved it; another archive administrator hands the documents out",
            )
        borrow.with_user(self.user_archivist_2).action_lend()
        self.assertEqual(borrow.handler_id, self.user_archivist_2)

    def test_secret_first_approved_by_manager_needs_another_manager(self):
        borrow = self.make_request(self.secret)
        borrow.action_submit()
        borrow.with_user(self.user_manager).action_approve()
        self.assertEqual(borrow.state, "submitted")
        self.assertRefused(
            borrow,
            borrow.with_user(self.user_manager).action_approve,
            "second approval must come from another person",
        )
        borrow.with_user(self.user_manager_2).action_approve()
        self.assertEqual(borrow.state, "approved")

    def test_manager_borrowing_secret_document(self):
        borrow = self.make_request(self.secret, user=self.user_manager)
        borrow.action_submit()
        borrow.with_user(self.user_archivist).action_approve()
        self.assertRefused(borrow, borrow.action_approve, "nobody approves his own request")
        borrow.with_user(self.user_manager_2).action_approve()
        self.assertEqual(borrow.state, "approved")

    def test_copies_only_need_one_approval(self):
        borrow = self.make_request(self.copy)
        self.assertFalse(borrow.needs_second_approval)
        borrow.action_submit()
        borrow.with_user(self.user_archivist).action_approve()
        self.assertEqual(borrow.state, "approved")

    def test_reject_needs_a_reason_then_back_to_draft(self):
        borrow = self.make_request(self.copy)
        borrow.action_submit()
        admin = borrow.with_user(self.user_archivist)
        self.assertRefused(borrow, lambda: admin.action_reject(" "), "reason of the rejection")
        wizard = (
            self.env["crm.archive.borrow.reject.wizard"]
            .with_user(self.user_archivist)
            .create({"borrow_ids": borrow.ids, "reason": "Purpose unclear"})
        )
        wizard.action_confirm()
        self.assertEqual(borrow.state, "rejected")
        self.assertEqual(borrow.rejection_reason, "Purpose unclear")
        self.assertRefused(borrow, admin.action_approve, "is not waiting for approval")

        self.assertRefused(
            borrow, borrow.with_user(self.user_archivist).action_draft, "is not your request"
        )
        borrow.action_draft()
        self.assertEqual(borrow.state, "draft")
        self.assertFalse(borrow.approver_id)
        self.assertFalse(borrow.rejection_reason)

    def test_cancel(self):
        for stage in ("draft", "submitted", "approved"):
            borrow = self.make_request(self.copy)
            if stage != "draft":
                borrow.action_submit()
            if stage == "approved":
                borrow.with_user(self.user_archivist).action_approve()
            self.assertEqual(borrow.state, stage)
            borrow.action_cancel()
            self.assertEqual(borrow.state, "cancelled")
        lent = self.lent_request(self.copy)
        self.assertRefused(lent, lent.action_cancel, "can be cancelled")
        self.assertRefused(
            lent, lent.with_user(self.user_archivist).action_cancel, "can be cancelled"
        )
        # An archive administrator may cancel somebody's approved request.
        other = self.approved_request(self.copy_2)
        other.with_user(self.user_archivist).action_cancel()
        self.assertEqual(other.state, "cancelled")

    def test_draft_only_editable_by_borrower(self):
        borrow = self.make_request(self.copy)
        borrow.purpose = "Contract check"
        borrow.line_ids = [(0, 0, {"document_id": self.copy_2.id})]
        with self.assertRaisesRegex(UserError, "is not your request"):
            borrow.with_user(self.user_archivist).purpose = "Changed by someone else"
        with self.assertRaisesRegex(UserError, "borrower's own name"):
            borrow.borrower_id = self.user_service_2
        borrow.action_submit()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            borrow.purpose = "Changed after submission"
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            borrow.due_date = borrow.due_date + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            self.env["crm.archive.borrow.line"].with_user(self.user_service).create(
                {"borrow_id": borrow.id, "document_id": self.secret.id}
            )
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            borrow.line_ids[0].content = "Other pages"
        with self.assertRaisesRegex(UserError, "only from a draft request"):
            borrow.line_ids[0].unlink()
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            borrow.unlink()
        self.assertEqual(borrow.purpose, "Contract check")
        self.assertEqual(len(borrow.line_ids), 2)

    def test_form_fills_content_and_pages(self):
        with Form(self.env["crm.archive.borrow"].with_user(self.user_service)) as form:
            form.purpose = "Contract check"
            with form.line_ids.new() as line:
                line.document_id = self.copy
            self.assertEqual(form.borrower_id, self.user_service)
        borrow = form.record
        self.assertEqual(borrow.line_ids.content, "购销合同复印件, 3 pages")
        borrow.action_submit()
        self.assertEqual(borrow.state, "submitted")

    def test_document_listed_once_per_request(self):
        borrow = self.make_request(self.copy)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            borrow.line_ids = [(0, 0, {"document_id": self.copy.id})]
            self.env.flush_all()


class TestArchiveBorrowOneLoan(ArchiveBorrowCase):
    def test_document_is_not_lent_twice(self):
        first = self.approved_request(self.copy)
        second = self.approved_request(self.copy, user=self.user_service_2)
        first.with_user(self.user_archivist).action_lend()
        self.assertRefused(
            second,
            second.with_user(self.user_archivist).action_lend,
            "is already handed out",
            first.name,
        )
        self.assertEqual(second.handler_id, self.env["res.users"])
        first.with_user(self.user_archivist).action_return("ok")
        second.with_user(self.user_archivist).action_lend()
        self.assertEqual(second.state, "lent")

    def test_consulted_document_is_not_handed_out_twice(self):
        first = self.approved_request(self.original, mode="consult")
        second = self.approved_request(self.original, user=self.user_service_2, mode="consult")
        first.with_user(self.user_archivist).action_lend()
        self.assertRefused(
            second, second.with_user(self.user_archivist).action_lend, "is already handed out"
        )

    @mute_logger("odoo.sql_db")
    def test_unique_index_backs_the_guard(self):
        """Had the guard missed it (a concurrent transaction), the index refuses the
        second loan with a clear error and nothing is changed."""
        first = self.approved_request(self.copy)
        second = self.approved_request(self.copy, user=self.user_service_2)
        first.with_user(self.user_archivist).action_lend()
        Borrow = type(self.env["crm.archive.borrow"])
        with patch.object(Borrow, "_check_can_lend", lambda self: None):
            self.assertRefused(
                second,
                second.with_user(self.user_archivist).action_lend,
                "handed out at the same time under another request",
            )
        self.assertFalse(second.handler_id)
        self.assertFalse(self.logs(second, "lend"))


class TestArchiveBorrowOverdue(ArchiveBorrowCase):
    def make_overdue(self, days_late):
        borrow = self.lent_request(self.copy)
        today = fields.Date.context_today(borrow)
        borrow.sudo().write({"due_date": today - timedelta(days=days_late)})
        return borrow

    def run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref("crm_customer_info.ir_cron_borrow_overdue").method_direct_trigger()

    def activities(self, borrow, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.archive.borrow"),
                ("res_id", "=", borrow.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def test_is_overdue_and_search(self):
        late = self.make_overdue(1)
        on_time = self.lent_request(self.copy_2)
        due_today = self.lent_request(self.make_document("对账单复印件"))
        due_today.sudo().due_date = fields.Date.context_today(due_today)
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertFalse(due_today.is_overdue)
        Borrow = self.env["crm.archive.borrow"]
        overdue = Borrow.search([("is_overdue", "=", True)])
        self.assertIn(late, overdue)
        self.assertNotIn(on_time, overdue)
        not_overdue = Borrow.search([("is_overdue", "=", False)])
        self.assertNotIn(late, not_overdue)
        self.assertIn(on_time, not_overdue)
        late.with_user(self.user_archivist).action_return("late but complete")
        self.assertFalse(late.is_overdue)

    def test_cron_reminds_once_then_escalates(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_customer_info.borrow_escalation_days", 3
        )
        borrow = self.make_overdue(0)  # due today
        not_due = self.lent_request(self.copy_2)
        self.run_cron()
        reminders = self.activities(borrow, ACTIVITY_RETURN)
        self.assertEqual(reminders.user_id, self.user_service | self.user_archivist)
        self.assertFalse(self.activities(borrow, ACTIVITY_ESCALATION))
        self.assertFalse(self.activities(not_due, ACTIVITY_RETURN))

        self.run_cron()
        self.assertEqual(len(self.activities(borrow, ACTIVITY_RETURN)), 2)

        borrow.sudo().due_date = fields.Date.context_today(borrow) - timedelta(days=3)
        self.run_cron()
        self.run_cron()
        self.assertEqual(len(self.activities(borrow, ACTIVITY_RETURN)), 2)
        escalations = self.activities(borrow, ACTIVITY_ESCALATION)
        managers = self.env.ref("crm_customer_info.group_manager").all_user_ids.filtered(
            lambda u: u.active and not u.share
        )
        self.assertIn(self.user_manager, managers)
        self.assertEqual(escalations.user_id, managers)
        self.assertEqual(len(escalations), len(managers))

        borrow.with_user(self.user_archivist).action_return("returned after reminder")
        self.assertFalse(self.activities(borrow, ACTIVITY_RETURN))
        self.assertFalse(self.activities(borrow, ACTIVITY_ESCALATION))

    def test_renewal_needs_approval(self):
        borrow = self.lent_request(self.copy)
        today = fields.Date.context_today(borrow)
        wizard = (
            self.env["crm.archive.borrow.renewal.wizard"]
            .with_user(self.user_service)
            .create({"borrow_id": borrow.id})
        )
        self.assertEqual(wizard.new_due_date, borrow.due_date + timedelta(days=7))
        wizard.new_due_date = today + timedelta(days=31)
        with self.assertRaisesRegex(UserError, "at most 30 days from today"):
            wizard.action_confirm()
        wizard.new_due_date = borrow.due_date
        with self.assertRaisesRegex(UserError, "must be after"):
            wizard.action_confirm()
        self.assertFalse(borrow.renewal_due_date)

        new_due = today + timedelta(days=20)
        wizard.new_due_date = new_due
        wizard.action_confirm()
        self.assertEqual(borrow.state, "lent")
        self.assertEqual(borrow.renewal_due_date, new_due)
        self.assertNotEqual(borrow.due_date, new_due)
        self.assertIn(
            borrow, self.env["crm.archive.borrow"].search([("renewal_due_date", "!=", False)])
        )
        with self.assertRaisesRegex(UserError, "already waiting for approval"):
            borrow.action_request_renewal(new_due)

        self.assertRefused(borrow, borrow.action_approve_renewal, "decide on renewals")
        borrow.with_user(self.user_archivist).action_approve_renewal()
        self.assertEqual(borrow.due_date, new_due)
        self.assertFalse(borrow.renewal_due_date)
        self.assertEqual(borrow.renewal_count, 1)
        self.assertRefused(
            borrow,
            borrow.with_user(self.user_archivist).action_approve_renewal,
            "has no renewal to decide",
        )

        borrow.action_request_renewal(new_due + timedelta(days=1), "still needed")
        borrow.with_user(self.user_archivist).action_reject_renewal()
        self.assertEqual(borrow.due_date, new_due)
        self.assertFalse(borrow.renewal_due_date)

    def test_nobody_approves_own_renewal(self):
        borrow = self.lent_request(self.copy, user=self.user_archivist_2)
        borrow.action_request_renewal(borrow.due_date + timedelta(days=3))
        self.assertRefused(borrow, borrow.action_approve_renewal, "his own renewal")
        borrow.with_user(self.user_archivist).action_approve_renewal()
        self.assertFalse(borrow.renewal_due_date)

    def test_renewal_resets_overdue_reminders(self):
        borrow = self.make_overdue(5)
        self.run_cron()
        self.assertTrue(self.activities(borrow, ACTIVITY_RETURN))
        borrow.action_request_renewal(fields.Date.context_today(borrow) + timedelta(days=5))
        borrow.with_user(self.user_archivist).action_approve_renewal()
        self.assertFalse(borrow.is_overdue)
        self.assertFalse(self.activities(borrow, ACTIVITY_RETURN))
        self.assertFalse(borrow.overdue_reminded)


class TestArchiveBorrowAccess(ArchiveBorrowCase):
    def test_customer_service_sees_only_own_requests(self):
        mine = self.make_request(self.copy)
        theirs = self.make_request(self.copy_2, user=self.user_service_2)
        Borrow = self.env["crm.archive.borrow"].with_user(self.user_service)
        self.assertEqual(Borrow.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError) as caught:
            theirs.with_user(self.user_service).read(["name"])
        self.assertRegex(
            str(caught.exception), r"doesn't have 'read' access to:\n- .*\(crm\.archive\.borrow[:)]"
        )
        with self.assertRaises(AccessError) as caught:
            theirs.line_ids.with_user(self.user_service).read(["content"])
        self.assertRegex(
            str(caught.exception),
            r"doesn't have 'read' access to:\n- .*\(crm\.archive\.borrow\.line[:)]",
        )
        archivist = self.env["crm.archive.borrow"].with_user(self.user_archivist)
        self.assertEqual(archivist.search([("id", "in", (mine | theirs).ids)]), mine | theirs)

    def test_salesperson_reads_no_request(self):
        borrow = self.make_request(self.copy)
        with self.assertRaises(AccessError) as caught:
            borrow.with_user(self.user_sales).read(["name"])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.archive\.borrow\) records"
        )
        with self.assertRaises(AccessError) as caught:
            self.env["crm.archive.borrow"].with_user(self.user_sales).search([])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.archive\.borrow\) records"
        )
        with self.assertRaises(AccessError) as caught:
            self.make_request(self.copy, user=self.user_sales)
        self.assertRegex(
            str(caught.exception), r"not allowed to create .*\(crm\.archive\.borrow\) records"
        )

    def test_borrower_cannot_file_for_someone_else(self):
        with self.assertRaisesRegex(UserError, "is not your request"):
            self.make_request(self.copy, borrower_id=self.user_service_2.id)
        with self.assertRaises(AccessError) as caught:
            self.make_request(self.env["crm.archive.document"], borrower_id=self.user_service_2.id)
        self.assertRegex(
            str(caught.exception),
            r"doesn't have 'create' access to:\n- .*\(crm\.archive\.borrow[:)]",
        )

    def test_customer_service_cannot_read_access_log(self):
        borrow = self.lent_request(self.copy)
        self.assertTrue(self.logs(borrow, "lend"))
        with self.assertRaises(AccessError) as caught:
            self.env["crm.archive.access.log"].with_user(self.user_service).search([])
        self.assertRegex(
            str(caught.exception), r"not allowed to access .*\(crm\.archive\.access\.log\) records"
        )


class TestArchiveBorrowSettings(ArchiveBorrowCase):
    def test_settings_saved_as_parameters(self):
        settings = self.env["res.config.settings"].create(
            {
                "crm_borrow_default_days": 10,
                "crm_borrow_max_days": 60,
                "crm_borrow_escalation_days": 5,
            }
        )
        settings.execute()
        ICP = self.env["ir.config_parameter"].sudo()
        self.assertEqual(ICP.get_param("crm_customer_info.borrow_default_days"), "10")
        self.assertEqual(ICP.get_param("crm_customer_info.borrow_max_days"), "60")
        self.assertEqual(ICP.get_param("crm_customer_info.borrow_escalation_days"), "5")

    def test_settings_constraints(self):
        Settings = self.env["res.config.settings"]
        positive = "The borrowing durations must be positive numbers of days."
        longest = "The default loan duration cannot exceed the longest loan"
        for values, message in (
            ({"crm_borrow_default_days": 0}, positive),
            ({"crm_borrow_escalation_days": -1}, positive),
            ({"crm_borrow_default_days": 40, "crm_borrow_max_days": 30}, longest),
            ({"crm_borrow_max_days": 400}, longest),
        ):
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as caught:
                    Settings.create(values)
                self.assertIn(message, str(caught.exception))


@tagged("post_install", "-at_install")
@skipIf(not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"), "needs wkhtmltopdf")
class TestArchiveBorrowForm(ArchiveBorrowCase):
    def test_borrow_form_pdf(self):
        borrower = new_test_user(
            self.env,
            login="t_borrow_pdf",
            name="赵借阅",
            groups="crm_customer_info.group_customer_service",
        )
        borrow = self.lent_request(self.copy | self.make_document("对账单复印件"), user=borrower)
        Report = self.env["ir.actions.report"].with_user(borrower)
        pdf, report_type = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            BORROW_FORM, borrow.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        for value in (
            "赵借阅",
            "购销合同复印件",
            "对账单复印件",
            "BorrowedOn",
            "ContentandPages",
            "ReturnedOn",
            "Borrower's",
            "Signature",
            "ApprovedBy",
            "HandledBy",
            borrow.name,
        ):
            self.assertIn(unicodedata.normalize("NFKC", value), text)

    def test_salesperson_cannot_print(self):
        borrow = self.make_request(self.copy)
        with self.assertRaises(AccessError) as caught:
            self.env["ir.actions.report"].with_user(self.user_sales).with_context(
                force_report_rendering=True
            )._render_qweb_pdf(BORROW_FORM, borrow.ids)
        self.assertRegex(
            str(caught.exception),
            r"may not print “Borrowing Form”: it is printed by .*Customer Service",
        )
