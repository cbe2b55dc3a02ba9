# ruff: noqa: RUF001 (Chinese texts, with their full-width punctuation)
import re
import shutil
from datetime import datetime, timedelta
from unittest import skipIf

import pytz

from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase, pdf_pages

COMPANY_CARD = "crm_customer_info.action_report_company_card"
# CJK Radicals Supplement and Kangxi Radicals: what a CJK font mapping them
# onto common ideographs puts in the text layer instead (人 as ⼈).
RADICALS = re.compile("[\u2e80-\u2fdf]")


def shanghai_minutes(start, end):
    """Each minute from ``start`` to ``end`` (naive UTC) as the zh_CN user
    reads it in Asia/Shanghai: 2026/03/01 10:30."""
    tz = pytz.timezone("Asia/Shanghai")
    minute = start.replace(second=0, microsecond=0)
    minutes = []
    while minute <= end:
        minutes.append(pytz.utc.localize(minute).astimezone(tz).strftime("%Y/%m/%d%H:%M"))
        minute += timedelta(minutes=1)
    return minutes


@tagged("post_install", "-at_install")
@skipIf(
    not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext")),
    "wkhtmltopdf and pdftotext print and read the forms",
)
class TestReportFormLayout(CustomerInfoCase):
    """The printed forms are fit for filing, in Chinese, with whatever
    wkhtmltopdf the server has: the letterhead, the customer number and the
    page number on every page, the text layer in the characters printed, in
    the reader's language and time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        cls.reader = new_test_user(
            cls.env,
            login="t_form_reader",
            groups="crm_customer_info.group_customer_service",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        # 人 and 户 are the characters Noto Sans CJK wrote as ⼈ and 戶.
        cls.env.company.name = "宁波人和户外用品有限公司"
        Partner = cls.env["res.partner"]
        # The customers speak English: the forms are the reader's.
        cls.long_customer = Partner.create(
            {
                "name": "杭州人民户外贸易有限公司",
                "ref": "KH-2026-0042",
                "lang": "en_US",
                "is_company": True,
            }
        )
        # Enough buyers for a second page.
        Partner.create(
            [
                {
                    "name": f"采购员{number:02d}",
                    "parent_id": cls.long_customer.id,
                    "key_person_role": "buyer",
                    "function": "采购部经理",
                }
                for number in range(45)
            ]
        )
        cls.short_customer = Partner.create(
            {"name": "苏州客户服务中心", "lang": "en_US", "is_company": True}
        )

    def test_company_cards_ready_for_filing(self):
        before = datetime.now()
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.reader)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(COMPANY_CARD, (self.long_customer | self.short_customer).ids)
        )
        after = datetime.now()
        self.assertEqual(report_type, "pdf")
        pages = pdf_pages(pdf)
        self.assertGreaterEqual(len(pages), 3, "the first card takes two pages at least")
        long_count = len(pages) - 1
        # Each card numbered on its own, as the wkhtmltopdf header and
        # footer of a patched build number them.
        expected = [
            (page, f"第{number}页/共{long_count}页", "客户编号：KH-2026-0042")
            for number, page in enumerate(pages[:long_count], start=1)
        ]
        for page, page_number, customer_number in expected:
            self.assertIn(page_number, page)
            self.assertIn("宁波人和户外用品有限公司", page)
            self.assertIn(customer_number, page)
        last = pages[-1]
        self.assertIn("第1页/共1页", last)
        self.assertIn("宁波人和户外用品有限公司", last)
        # No reference, no number: never the record's id.
        self.assertNotIn("客户编号", last)
        self.assertIn("编号：等级：", last)
        self.assertNotIn(f"编号：{self.short_customer.id}", last)
        self.assertIn("编号：KH-2026-0042", pages[0])

        text = "".join(pages)
        self.assertEqual(RADICALS.findall(text), [])
        for label in (
            "客户资料卡",
            "客户名称",
            "采购人",
            "杭州人民户外贸易有限公司",
            "苏州客户服务中心",
        ):
            self.assertIn(label, text)
        self.assertNotIn("CustomerDataCard", text)
        # Printed at the reader's time, in his time zone.
        self.assertTrue(
            any(f"打印时间{minute}" in pages[0] for minute in shanghai_minutes(before, after)),
            pages[0],
        )
