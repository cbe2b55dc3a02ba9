import base64
import re
from datetime import date

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerInfoCase

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestArchiveFiles(CustomerInfoCase):
    """Archive files are scans or office files of a sane size: no HTML, SVG,
    scripts or executables, nothing larger than the configured limit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "档案文件测试公司", "is_company": True}
        )
        cls.category = cls.env.ref("crm_customer_info.archive_category_basic")
        cls.Attachment = cls.env["ir.attachment"].with_user(cls.user_archivist)
        cls.Document = cls.env["crm.archive.document"].with_user(cls.user_archivist)

    def _upload(self, name, raw):
        return self.Attachment.create({"name": name, "datas": base64.b64encode(raw)})

    def _document(self, upload):
        return self.Document.create(
            {
                "partner_id": self.customer.id,
                "category_id": self.category.id,
                "title": "营业执照",
                "document_date": date(fields.Date.today().year - 1, 1, 5),
                "attachment_ids": [Command.set(upload.ids)],
            }
        )

    def test_pdf_scan_is_filed(self):
        document = self._document(self._upload("licence.pdf", PDF))
        self.assertEqual(document.attachment_ids.mimetype, "application/pdf")
        self.assertEqual(document.attachment_ids.res_model, "crm.archive.document")

    def test_wrong_types_are_refused_and_nothing_is_filed(self):
        count = self.Document.search_count([("partner_id", "=", self.customer.id)])
        wrong_type = r"is of type .*: archive documents take PDF, image, text and office files only"
        for name, raw, message in (
            (
                "licence.pdf",
                b"<html><script>alert(1)</script></html>",
                r"is not a real PDF file: its content is text/html",
            ),
            (
                "scan.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
                wrong_type,
            ),
            (
                "tool.exe",
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
                wrong_type,
            ),
        ):
            with self.subTest(name=name):
                with self.assertRaises(ValidationError) as caught:
                    self._document(self._upload(name, raw))
                self.assertRegex(str(caught.exception), rf"{re.escape(name)} {message}")
        self.assertEqual(self.Document.search_count([("partner_id", "=", self.customer.id)]), count)

    def test_oversized_file_is_refused(self):
        self.env["ir.config_parameter"].set_param("crm_customer_info.archive_max_file_mb", 1)
        big = PDF + b"0" * (1024 * 1024)
        with self.assertRaisesRegex(ValidationError, "larger than 1 MB"):
            self._document(self._upload("big.pdf", big))

    def test_file_replaced_by_a_wrong_type_is_refused(self):
        document = self._document(self._upload("licence.pdf", PDF))
        attachment = document.attachment_ids
        with self.assertRaises(ValidationError) as caught:
            attachment.write({"datas": base64.b64encode(b"<html><body>x</body></html>")})
        self.assertIn(
            "licence.pdf is not a real PDF file: its content is text/",
            str(caught.exception),
        )
        self.assertEqual(attachment.mimetype, "application/pdf")
