# ruff: noqa: RUF001 (Chinese texts, with their full-width punctuation)
import base64
import re
import shutil
from datetime import datetime, timedelta
from unittest import skipIf

import pytz

from odoo.addons.crm_customer_info.tests.common import pdf_pages
from odoo.tests import new_test_user, tagged

from .common import CreditCase

# CJK Radicals Supplement and Kangxi Radicals: what a CJK font mapping them
# onto common ideographs puts in the text layer instead (人 as ⼈).
RADICALS = re.compile("[\u2e80-\u2fdf]")


@tagged("post_install", "-at_install")
class TestCreditFormsPrint(CreditCase):
    """Internal credit forms print in the reader's language and time zone,
    the filed copy in those of the user who approves; the repayment plan,
    handed to the customer, in the customer's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_customer_info", "crm_credit"], ["zh_CN"]
        )
        cls.manager_zh = new_test_user(
            cls.env,
            login="t_cr_manager_zh",
            groups="crm_credit.group_credit_manager",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        cls.customer.write({"ref": "KH-2026-0077", "lang": "en_US"})
        cls.env.company.name = "宁波人和户外用品有限公司"

    def _request(self):
        request = (
            self.env["crm.credit.limit.request"]
            .with_user(self.user_credit)
            .create(
                {"partner_id": self.customer.id, "requested_limit": 80000.0, "reason": "订单增加"}
            )
        )
        request.action_submit()
        return request

    def test_reader_language_internal_customer_language_plan(self):
        request = self._request()
        plan = (
            self.env["crm.credit.repayment.plan"]
            .with_user(self.user_credit)
            .create({"partner_id": self.customer.id})
        )
        # The English-speaking requester's screens do not decide either.
        Report = self.env["ir.actions.report"].with_user(self.manager_zh).with_context(lang="en_US")
        request_html = Report._render_qweb_html(
            "crm_credit.action_report_credit_limit_request", request.ids
        )[0].decode()
        self.assertIn("客户信用额度审批表", request_html)
        self.assertNotIn("Customer Credit Limit Approval Form", request_html)
        plan_html = Report._render_qweb_html("crm_credit.action_report_repayment_plan", plan.ids)[
            0
        ].decode()
        self.assertIn("Repayment Plan", plan_html)
        self.assertNotIn("还款计划", plan_html)

    @skipIf(
        not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")),
        "wkhtmltopdf and pdftotext print and read the form",
    )
    def test_filed_approval_form_in_approver_language_and_time(self):
        request = self._request()
        before = datetime.now()
        # Approved from a screen in English: the filed form is still his.
        request.with_user(self.manager_zh).with_context(
            lang="en_US", tz="UTC", force_report_rendering=True
        ).action_approve()
        after = datetime.now()
        document = self.env["crm.archive.document"].search([("partner_id", "=", self.customer.id)])
        pdf = base64.b64decode(document.attachment_ids.datas)
        pages = pdf_pages(pdf)
        self.assertEqual(len(pages), 1)
        page = pages[0]
        self.assertEqual(RADICALS.findall(page), [])
        for expected in (
            "宁波人和户外用品有限公司",
            "客户编号：KH-2026-0077",
            "第1页/共1页",
            "客户信用额度审批表",
            "客户",
            "订单增加",
        ):
            self.assertIn(expected, page)
        # 批准日期 (approval_date) in Asia/Shanghai, whatever the screen's.
        shanghai = pytz.timezone("Asia/Shanghai")
        minutes = []
        minute = before.replace(second=0, microsecond=0)
        while minute <= after:
            local = pytz.utc.localize(minute).astimezone(shanghai)
            minutes.append(local.strftime("%Y/%m/%d%H:%M"))
            minute += timedelta(minutes=1)
        approved_on = re.search(r"批准日期(\d{4}/\d\d/\d\d\d\d:\d\d)", page)
        self.assertTrue(approved_on, page)
        self.assertIn(approved_on.group(1), minutes)
