import base64
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CreditCase


@tagged("post_install", "-at_install")
class TestCreditLimitRequest(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_credit_manager_2 = new_test_user(
            cls.env, login="t_cr_manager_2", groups="crm_credit.group_credit_manager"
        )
        cls.env["ir.config_parameter"].sudo().set_param("crm_credit.second_approval_amount", 100000)
        cls.Request = cls.env["crm.credit.limit.request"]

    def _partner_limit(self, partner=None):
        partner = (partner or self.customer).with_company(self.company).sudo()
        partner.invalidate_recordset(["credit_limit", "use_partner_credit_limit"])
        return partner.credit_limit, partner.use_partner_credit_limit

    def _request(self, user=None, **values):
        user = user or self.user_credit
        return self.Request.with_user(user).create(
            {
                "partner_id": self.customer.id,
                "requested_limit": 80000.0,
                "reason": "Larger orders",
                **values,
            }
        )

    def test_approval_writes_company_dependent_limit(self):
        request = self._request()
        self.assertEqual(request.current_limit, 50000.0)
        self.assertTrue(request.name.startswith("CLR/"))
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        request.with_user(self.user_credit_manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, self.user_credit_manager)
        self.assertEqual(request.previous_limit, 50000.0)
        self.assertEqual(self._partner_limit(), (80000.0, True))
        # company dependent: another company keeps its own (fallback) limit
        other = self.env["res.company"].create({"name": "Other Credit Co"})
        self.assertEqual(self.customer.with_company(other).sudo().credit_limit, 0.0)

    def test_contact_is_replaced_by_commercial_partner(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        request = self._request(partner_id=contact.id)
        self.assertEqual(request.partner_id, self.customer)

    def test_self_approval_refused(self):
        request = self._request(user=self.user_credit_manager)
        request.action_submit()
        with self.assertRaisesRegex(UserError, "your own request"):
            request.with_user(self.user_credit_manager).action_approve()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self._partner_limit()[0], 50000.0)

    def test_credit_user_cannot_approve(self):
        request = self._request(user=self.user_credit_manager)
        request.with_user(self.user_credit_manager).action_submit()
        with self.assertRaisesRegex(UserError, "Only credit managers"):
            request.with_user(self.user_credit).action_approve()
        with self.assertRaisesRegex(UserError, "Status change only through the buttons"):
            request.with_user(self.user_credit).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "Only credit managers reject"):
            request.with_user(self.user_credit).action_reject()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self._partner_limit()[0], 50000.0)

    def test_submitted_request_is_frozen(self):
        request = self._request()
        request.action_submit()
        with self.assertRaisesRegex(UserError, "Only draft credit-limit requests can be changed"):
            request.write({"requested_limit": 999999.0})

    def test_second_approval_above_threshold(self):
        request = self._request(requested_limit=250000.0)
        self.assertTrue(request.needs_second_approval)
        request.action_submit()
        request.with_user(self.user_credit_manager).action_approve()
        self.assertEqual(request.state, "second_approval")
        self.assertEqual(
            self._partner_limit()[0], 50000.0, "nothing applied after the first approval"
        )
        with self.assertRaisesRegex(UserError, "second approval"):
            request.with_user(self.user_credit_manager).action_approve()
        request.with_user(self.user_credit_manager_2).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, self.user_credit_manager)
        self.assertEqual(request.second_approver_id, self.user_credit_manager_2)
        self.assertEqual(self._partner_limit(), (250000.0, True))

    def test_approval_activities(self):
        request = self._request(requested_limit=250000.0)
        request.action_submit()
        todo = request.activity_ids.user_id
        self.assertIn(self.user_credit_manager, todo)
        self.assertIn(self.user_credit_manager_2, todo)
        self.assertNotIn(self.user_credit, todo)
        request.with_user(self.user_credit_manager).action_approve()
        todo = request.activity_ids.user_id
        self.assertIn(self.user_credit_manager_2, todo)
        self.assertNotIn(self.user_credit_manager, todo)
        request.with_user(self.user_credit_manager_2).action_approve()
        self.assertFalse(request.activity_ids)

    def test_approval_activity_goes_to_credit_managers(self):
        """The to-do goes to the credit managers, not to the administrator
        account the group holds since its installation; he gets it only when
        no credit manager of the company can approve."""
        admin = self.env.ref("base.user_admin")
        self.assertIn(admin, self.env.ref("crm_credit.group_credit_manager").all_user_ids)
        request = self._request()
        request.action_submit()
        todo = request.activity_ids.user_id
        self.assertIn(self.user_credit_manager, todo)
        self.assertIn(self.user_credit_manager_2, todo)
        self.assertNotIn(admin, todo)
        self.assertEqual(
            request.activity_ids.activity_type_id,
            self.env.ref("crm_credit.mail_activity_type_credit_limit_approval"),
        )
        # Second level: the other credit manager, still not the administrator.
        big = self._request(requested_limit=250000.0)
        big.action_submit()
        big.with_user(self.user_credit_manager).action_approve()
        todo = big.activity_ids.user_id
        self.assertIn(self.user_credit_manager_2, todo)
        self.assertNotIn(self.user_credit_manager, todo)
        self.assertNotIn(admin, todo)
        # A company whose only credit manager asks: the administrator decides.
        branch = self.env["res.company"].create({"name": "Credit Branch"})
        (admin | self.user_credit_manager).write({"company_ids": [Command.link(branch.id)]})
        lonely = self.Request.with_user(self.user_credit_manager).create(
            {
                "partner_id": self.customer.id,
                "company_id": branch.id,
                "requested_limit": 1000.0,
                "reason": "Branch order",
            }
        )
        lonely.action_submit()
        self.assertEqual(lonely.activity_ids.user_id, admin)

    def test_below_threshold_single_approval(self):
        request = self._request(requested_limit=100000.0)
        self.assertFalse(request.needs_second_approval)
        request.action_submit()
        request.with_user(self.user_credit_manager).action_approve()
        self.assertEqual(request.state, "approved")

    def test_non_positive_limit_rejected(self):
        for amount in (0.0, -1000.0):
            with self.subTest(amount=amount):
                with self.assertRaises(ValidationError) as caught:
                    self._request(requested_limit=amount)
                self.assertIn(
                    "The requested credit limit must be greater than zero.", str(caught.exception)
                )
        self.assertFalse(self.Request.search([("partner_id", "=", self.customer.id)]))
        self.assertEqual(self._partner_limit()[0], 50000.0)

    def test_temporary_needs_future_end(self):
        with self.assertRaises(ValidationError) as caught:
            self._request(limit_type="temporary")
        self.assertIn("A temporary credit limit needs an end date", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self._request(limit_type="temporary", date_end=fields.Date.today())
        self.assertRegex(
            str(caught.exception),
            r"The end date of the temporary credit limit .* must be in the future",
        )

    def test_temporary_limit_falls_back_after_cron(self):
        request = self._request(
            limit_type="temporary", date_end=fields.Date.today() + timedelta(days=10)
        )
        request.action_submit()
        request.with_user(self.user_credit_manager).action_approve()
        self.assertEqual(self._partner_limit(), (80000.0, True))
        # Ten days later.
        request._crm_transition_write({"date_end": fields.Date.today() - timedelta(days=1)})
        permanent = self._request(requested_limit=70000.0)
        with patch.object(
            self.registry["ir.cron"], "_commit_progress", autospec=True, return_value=float("inf")
        ) as commit:
            self.Request._cron_expire_temporary_limits()
        self.assertTrue(commit.called)
        self.assertEqual(request.state, "expired")
        self.assertEqual(self._partner_limit(), (50000.0, True))
        self.assertIn("temporary credit limit ended", request.message_ids[0].body)
        self.assertEqual(permanent.state, "draft")

    def test_temporary_limit_not_expired_before_end(self):
        request = self._request(
            limit_type="temporary", date_end=fields.Date.today() + timedelta(days=1)
        )
        request.action_submit()
        request.with_user(self.user_credit_manager).action_approve()
        with patch.object(
            self.registry["ir.cron"], "_commit_progress", autospec=True, return_value=float("inf")
        ):
            self.Request._cron_expire_temporary_limits()
        self.assertEqual(request.state, "approved")
        self.assertEqual(self._partner_limit()[0], 80000.0)

    def test_approved_request_filed_in_archive(self):
        request = self._request()
        request.action_submit()
        request.with_user(self.user_credit_manager).with_context(
            force_report_rendering=True
        ).action_approve()
        documents = self.env["crm.archive.document"].search([("partner_id", "=", self.customer.id)])
        doc_type = self.env.ref("crm_customer_info.archive_type_credit_limit")
        self.assertEqual(len(documents), 1)
        self.assertEqual(documents.type_id, doc_type)
        self.assertEqual(documents.category_id.code, "3")
        self.assertIn(request.name, documents.title)
        attachment = documents.attachment_ids
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(base64.b64decode(attachment.datas).startswith(b"%PDF"))

    def test_rejected_request_writes_nothing(self):
        request = self._request()
        request.action_submit()
        request.with_user(self.user_credit_manager).action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(self._partner_limit()[0], 50000.0)
        self.assertFalse(
            self.env["crm.archive.document"].search([("partner_id", "=", self.customer.id)])
        )
        request.action_draft()
        self.assertEqual(request.state, "draft")

    def test_only_draft_requests_deleted(self):
        request = self._request()
        request.action_submit()
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            request.with_user(self.user_credit_manager).unlink()
