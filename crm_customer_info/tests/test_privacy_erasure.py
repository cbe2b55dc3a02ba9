import base64

from odoo import Command
from odoo.exceptions import AccessDenied, UserError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase

ERASED = "[erased]"


@tagged("post_install", "-at_install")
class TestErasureOfRecords(CustomerInfoCase):
    """An approved erasure (PIPL art. 47) also empties the complaints, visit
    reports and information reports about the person, strikes him out of his
    company's other records, and closes his portal account. The records stay
    for the statistics."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_officer = new_test_user(
            cls.env, login="t_er_officer", groups="crm_customer_info.group_privacy_officer"
        )
        # A person who is a customer himself, with a portal account.
        cls.portal_user = new_test_user(
            cls.env, login="t_er_portal", groups="base.group_portal", name="王小明"
        )
        cls.person = cls.portal_user.partner_id
        cls.person.write(
            {
                "email": "xiaoming@example.com",
                "phone": "+86 138 0000 1111",
                "customer_state": "current",
            }
        )
        # A company whose buyer asks for the erasure; his colleague stays.
        cls.company = cls.env["res.partner"].create(
            {"name": "恒远贸易有限公司", "is_company": True}
        )
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "赵经理",
                "parent_id": cls.company.id,
                "email": "zhao@example.com",
                "phone": "+86 139 1234 5678",
            }
        )
        cls.colleague = cls.env["res.partner"].create(
            {"name": "钱会计", "parent_id": cls.company.id, "email": "qian@example.com"}
        )

    def _approve(self, partner):
        request = partner.with_user(self.user_service)._crm_request_erasure("请删除我的资料")
        request.with_user(self.user_officer).action_approve()
        self.assertEqual(request.state, "done")
        return request

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _messages(self, record):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    def _tracked(self, record, fname):
        return self._messages(record).tracking_value_ids.filtered(
            lambda tracking: tracking.field_id.name == fname
        )

    # ------------------------------------------------------------------
    # Records about the person
    # ------------------------------------------------------------------
    def test_complaint_about_the_person_is_emptied(self):
        complaint = self.env["crm.complaint"].create(
            {
                "partner_id": self.person.id,
                "category": "delivery",
                "severity": "high",
                "satisfaction": "2",
                "description": "王小明来电 货物晚到一周 回电 13800001111",
            }
        )
        self._flush_tracking()
        complaint.resolution = "已向王小明道歉并补发"
        self._flush_tracking()
        self.assertTrue(self._tracked(complaint, "resolution"), "the test needs a tracked change")
        complaint.message_post(
            body="我是王小明 请尽快处理", author_id=self.person.id, email_from=self.person.email
        )
        self.env["ir.attachment"].create(
            {
                "name": "收货照片.png",
                "raw": base64.b64decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk"
                    "YAAAAAYAAjCB0C8AAAAASUVORK5CYII="
                ),
                "res_model": "crm.complaint",
                "res_id": complaint.id,
            }
        )

        request = self._approve(self.person)

        self.assertTrue(complaint.exists(), "complaints stay for the statistics")
        self.assertEqual(complaint.description, ERASED, "required: replaced, not emptied")
        self.assertFalse(complaint.resolution)
        # What the statistics count is kept.
        self.assertEqual(
            (complaint.partner_id, complaint.category, complaint.severity, complaint.satisfaction),
            (self.person, "delivery", "high", "2"),
        )
        messages = self._messages(complaint)
        self.assertFalse(self._tracked(complaint, "resolution"), "the old resolutions are gone")
        for message in messages.filtered("body"):
            self.assertNotIn("王小明", message.body)
        self.assertNotIn("xiaoming@example.com", messages.mapped("email_from"))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "crm.complaint"), ("res_id", "=", complaint.id)]
            )
        )
        self.assertIn(
            "Customer Complaint: 1 record(s) kept, emptied of Description, Resolution.",
            request.log,
        )
        self.assertIn("Customer Complaint: 1 attachment(s) deleted.", request.log)

    def test_visit_and_information_reports_about_the_person_are_emptied(self):
        visit = self.env["crm.visit.report"].create(
            {
                "partner_id": self.person.id,
                "purpose": "看望王小明",
                "findings": "王小明的女儿明年高考",
                "next_steps": "六月给王小明打电话",
                "line_ids": [Command.create({"field_name": "city", "new_value": "杭州"})],
            }
        )
        report = self.env["crm.info.report"].create(
            {
                "partner_id": self.person.id,
                "subject": "王小明搬家",
                "description": "王小明搬到了西湖区",
                "line_ids": [Command.create({"field_name": "street", "new_value": "文三路 8 号"})],
            }
        )
        report._crm_transition_write({"state": "rejected", "rejection_reason": "王小明未确认"})
        report.line_ids._crm_transition_write({"old_value": "人民路 1 号"})

        request = self._approve(self.person)

        self.assertEqual((visit.purpose, visit.findings, visit.next_steps), (ERASED, False, False))
        self.assertEqual(visit.line_ids.field_name, "city", "what was proposed is kept")
        self.assertFalse(visit.line_ids.new_value)
        self.assertEqual(
            (report.subject, report.description, report.rejection_reason), (ERASED, False, False)
        )
        self.assertEqual(report.state, "rejected")
        self.assertEqual(report.line_ids.field_name, "street")
        self.assertFalse(report.line_ids.new_value)
        self.assertFalse(report.line_ids.old_value)
        self.assertFalse(self._tracked(report, "subject"), "the tracked subject is gone")
        for line in (
            "Customer Visit Report: 1 record(s) kept, emptied of Visit Purpose, Findings, "
            "Next Steps.",
            "Customer Information Report: 1 record(s) kept, emptied of Subject, Description, "
            "Rejection Reason.",
            "Proposed Profile Change: 2 record(s) kept, emptied of Proposed Value, Value Before.",
        ):
            self.assertIn(line, request.log)

    # ------------------------------------------------------------------
    # A contact of a company: his complaints emptied, struck out elsewhere
    # ------------------------------------------------------------------
    def test_contact_struck_out_of_his_companys_records(self):
        his_complaint = self.env["crm.complaint"].create(
            {
                "partner_id": self.company.id,
                "contact_id": self.buyer.id,
                "description": "赵经理投诉发票开错",
            }
        )
        other_complaint = self.env["crm.complaint"].create(
            {"partner_id": self.company.id, "description": "钱会计反映对账单有误"}
        )
        visit = self.env["crm.visit.report"].create(
            {
                "partner_id": self.company.id,
                "contact_ids": [Command.set((self.buyer | self.colleague).ids)],
                "purpose": "续约谈判",
                "findings": "赵经理 (zhao@example.com, 139-1234-5678) 同意续约; 钱会计负责付款",
            }
        )
        visit.message_post(body="已与赵经理确认")
        activity = visit.activity_schedule(
            "mail.mail_activity_data_todo", summary="给赵经理回电", note="<p>问钱会计付款日期</p>"
        )
        report = self.env["crm.info.report"].create(
            {
                "partner_id": self.company.id,
                "subject": "采购负责人变更",
                "description": "赵经理将离职 由钱会计暂代",
            }
        )

        request = self._approve(self.buyer)

        self.assertEqual(his_complaint.description, ERASED, "the complaint he made")
        self.assertEqual(his_complaint.contact_id, self.buyer, "kept: the contact is anonymised")
        self.assertEqual(self.buyer.name, f"Anonymised customer #{self.buyer.id}")
        self.assertEqual(other_complaint.description, "钱会计反映对账单有误")
        self.assertEqual(visit.purpose, "续约谈判")
        self.assertEqual(visit.findings, f"{ERASED} ({ERASED}, {ERASED}) 同意续约; 钱会计负责付款")
        self.assertIn(f"已与{ERASED}确认", self._messages(visit).mapped("body")[0])
        self.assertEqual(activity.summary, f"给{ERASED}回电")
        self.assertEqual(activity.note, "<p>问钱会计付款日期</p>")
        self.assertEqual(report.subject, "采购负责人变更")
        self.assertEqual(report.description, f"{ERASED}将离职 由钱会计暂代")
        # The company and the colleague keep their data.
        self.assertEqual(self.company.name, "恒远贸易有限公司")
        self.assertEqual(self.colleague.email, "qian@example.com")
        self.assertIn("Customer Complaint: 1 record(s) kept", request.log)
        self.assertIn(
            "Customer Visit Report: the person struck out of 1 record(s) of the customer.",
            request.log,
        )
        self.assertIn(
            "Customer Information Report: the person struck out of 1 record(s) of the customer.",
            request.log,
        )

    def test_what_identifies_a_person(self):
        person = self.env["res.partner"].create(
            {
                "name": "Li",
                "email": "li@example.com",
                "phone": "+8613912345678",
                "country_id": self.env.ref("base.cn").id,
            }
        )
        identifiers = self.env["crm.personal.data.mixin"]._crm_personal_identifiers(person)
        strike = self.env["crm.personal.data.mixin"]._crm_strike_out
        self.assertEqual(
            strike("Li of Limited Co. (li@example.com), call 139 1234 5678", identifiers),
            f"{ERASED} of Limited Co. ({ERASED}), call {ERASED}",
        )
        self.assertEqual(
            strike("+86 139-1234-5678, 0139123456789", identifiers), f"{ERASED}, 0139123456789"
        )

    # ------------------------------------------------------------------
    # Accounts
    # ------------------------------------------------------------------
    def _login(self, login, password):
        return self.env["res.users"]._login(
            {"type": "password", "login": login, "password": password}, {"interactive": False}
        )

    def test_portal_account_is_closed(self):
        self.assertEqual(self._login("t_er_portal", "t_er_portal")["uid"], self.portal_user.id)

        request = self._approve(self.person)

        user = self.portal_user.with_context(active_test=False)
        self.assertFalse(user.active)
        self.assertRegex(user.login, rf"^__deleted_user_{user.id}_")
        self.assertEqual(user.name, f"Anonymised customer #{self.person.id}")
        self.assertFalse(user.email)
        with self.assertRaisesRegex(AccessDenied, "Access Denied"):
            self._login("t_er_portal", "t_er_portal")
        with self.assertRaisesRegex(AccessDenied, "Access Denied"):
            self._login(user.login, "t_er_portal")
        self.assertIn(
            "1 portal account(s) closed: login and password removed, user archived.", request.log
        )

    def test_internal_user_is_not_erased_by_a_request(self):
        employee = new_test_user(
            self.env, login="t_er_employee", groups="base.group_user", name="孙员工"
        )
        request = employee.partner_id.with_user(self.user_service)._crm_request_erasure("离职")
        with self.assertRaisesRegex(
            UserError,
            r"The request cannot be decided:\n孙员工 is the contact of the internal user\(s\) "
            r"t_er_employee: an administrator closes an employee's account, not an erasure "
            r"request\.",
        ):
            request.with_user(self.user_officer).action_approve()
        self.assertEqual(request.state, "requested")
        self.assertEqual(employee.partner_id.name, "孙员工")
        self.assertTrue(employee.active)
