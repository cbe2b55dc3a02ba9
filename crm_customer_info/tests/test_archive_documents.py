import base64
import re
import shutil
from datetime import date
from unittest import skipIf

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerInfoCase, pdf_text

SCAN = "营业执照扫描件 — demo scan".encode()


@tagged("post_install", "-at_install")
class TestArchiveDocuments(CustomerInfoCase):
    """Archive documents (seed 004, 第三步 客户档案的分类整理): numbering, scans
    readable as the document is, bound and destroyed documents kept as they are,
    annual volumes and their catalogue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.last_year = fields.Date.context_today(cls.env["res.partner"]).year - 1
        cls.basic = cls.env.ref("crm_customer_info.archive_category_basic")
        cls.contracts = cls.env.ref("crm_customer_info.archive_category_contracts")
        cls.credit = cls.env.ref("crm_customer_info.archive_category_credit")
        cls.customer = cls.env["res.partner"].create(
            {"name": "上海测试恒远商贸有限公司", "is_company": True, "ref": "C0042"}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "沈测试", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "杭州测试嘉禾家电有限公司", "is_company": True}
        )
        cls.Document = cls.env["crm.archive.document"].with_user(cls.user_archivist)
        cls.Wizard = cls.env["crm.archive.volume.close.wizard"].with_user(cls.user_archivist)

    def _document(self, **values):
        return self.Document.create(
            {
                "partner_id": self.customer.id,
                "category_id": self.credit.id,
                "title": "客户信用额度审批表",
                "document_date": date(self.last_year, 3, 15),
                **values,
            }
        )

    def _volumes(self):
        return self.env["crm.archive.volume"].search([("partner_id", "=", self.customer.id)])

    def _close(self, **values):
        wizard = self.Wizard.create({"year": self.last_year, **values})
        return wizard.action_close()

    # ------------------------------------------------------------------
    # Numbering and validation
    # ------------------------------------------------------------------

    def test_number_per_customer_and_category(self):
        first, second, third = self.Document.create(
            [
                {"partner_id": self.customer.id, "category_id": self.credit.id, "title": t}
                for t in ("信用额度审批表", "还款协议", "还款计划")
            ]
        )
        self.assertEqual(
            (first.number, second.number, third.number),
            ("C0042-3-001", "C0042-3-002", "C0042-3-003"),
        )
        self.assertEqual(self._document(category_id=self.basic.id).number, "C0042-1-001")
        self.assertEqual(self._document().number, "C0042-3-004")
        # Without a reference, the customer's id stands in.
        other = self._document(partner_id=self.other_customer.id)
        self.assertEqual(other.number, f"{self.other_customer.id}-3-001")

    def test_number_unique_per_customer_and_category(self):
        document = self._document()
        other = self._document()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            # the database itself refuses a second number, whatever the code does
            other._crm_transition_write({"number": document.number})
            self.env.flush_all()
        with self.assertRaisesRegex(UserError, "Number"):
            self._document(number="C0042-3-999")

    def test_moved_document_takes_the_next_number(self):
        self._document(category_id=self.basic.id)
        document = self._document()
        self.assertEqual(document.number, "C0042-3-001")
        document.write({"category_id": self.basic.id})
        self.assertEqual(document.number, "C0042-1-002")

    def test_partner_is_the_commercial_partner(self):
        document = self._document(partner_id=self.contact.id)
        self.assertEqual(document.partner_id, self.customer)
        self.assertEqual(document.number, "C0042-3-001")
        document.write({"partner_id": self.contact.id})
        self.assertEqual(document.partner_id, self.customer)
        self.assertEqual(document.number, "C0042-3-001", "same customer, same number")

    def test_year_from_date_and_sensible_values(self):
        self.assertEqual(self._document().year, self.last_year)
        with self.assertRaisesRegex(ValidationError, r"Pages.*\b0\b"):
            self._document(pages=0)
        with self.assertRaisesRegex(ValidationError, r"Year.*1800"):
            self._document(document_date=False, year=1800)
        with self.assertRaisesRegex(ValidationError, r"Year.*\b0\b"):
            self._document(document_date=False)

    # ------------------------------------------------------------------
    # Scans follow the document's access rules
    # ------------------------------------------------------------------

    def test_attachments_readable_as_the_document(self):
        upload = (
            self.env["ir.attachment"]
            .with_user(self.user_archivist)
            .create(
                {
                    "name": "营业执照.txt",
                    "raw": SCAN,
                    "res_model": "crm.archive.document",
                    "res_id": 0,
                }
            )
        )
        document = self._document(attachment_ids=[Command.set(upload.ids)])
        self.assertEqual((upload.res_model, upload.res_id), (document._name, document.id))

        attachment_sales = upload.with_user(self.user_sales)
        with self.assertRaises(AccessError) as caught:
            attachment_sales.check_access("read")
        self.assertIn("not allowed to access this document", str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            attachment_sales.read(["datas"])
        self.assertRegex(
            str(caught.exception), r"doesn't have 'read' access to:\n- .*\(ir\.attachment[:)]"
        )
        self.assertFalse(attachment_sales.search([("id", "=", upload.id)]))

        attachment_service = upload.with_user(self.user_service)
        attachment_service.check_access("read")
        self.assertEqual(base64.b64decode(attachment_service.read(["datas"])[0]["datas"]), SCAN)

        # Attachments added later are adopted too.
        later = (
            self.env["ir.attachment"]
            .with_user(self.user_archivist)
            .create({"name": "副本.txt", "raw": b"copy"})
        )
        document.write({"attachment_ids": [Command.link(later.id)]})
        self.assertEqual((later.res_model, later.res_id), (document._name, document.id))

    def test_attachments_of_others_are_refused(self):
        owned_by_partner = self.env["ir.attachment"].create(
            {
                "name": "partner.txt",
                "raw": b"x",
                "res_model": "res.partner",
                "res_id": self.customer.id,
            }
        )
        with self.assertRaises(UserError) as caught:
            self._document(attachment_ids=[Command.set(owned_by_partner.ids)])
        self.assertIn(
            "These files already belong to another record: partner.txt.", str(caught.exception)
        )
        self.assertEqual(owned_by_partner.res_model, "res.partner")
        # Someone else's upload stays theirs.
        foreign_upload = (
            self.env["ir.attachment"]
            .with_user(self.user_manager)
            .create({"name": "secret.txt", "raw": b"x"})
        )
        with self.assertRaises(AccessError) as caught:
            self._document(attachment_ids=[Command.set(foreign_upload.ids)])
        self.assertIn("not allowed to access this document", str(caught.exception))

    # ------------------------------------------------------------------
    # Read-only and never deleted
    # ------------------------------------------------------------------

    def test_bound_document_is_read_only(self):
        document = self._document(title="年度经销合同")
        self._close(partner_id=self.customer.id)
        self.assertEqual(document.state, "bound")
        for values in ({"title": "改写"}, {"pages": 3}, {"state": "filed"}, {"volume_id": False}):
            with self.assertRaises(UserError) as caught:
                document.write(values)
            self.assertIn(
                f"{document.number}: bound into a volume or destroyed, these documents are "
                "read-only.",
                str(caught.exception),
            )
        with self.assertRaises(UserError) as caught:
            document.with_user(self.user_manager).write({"location": "别处"})
        self.assertIn(
            f"{document.number}: bound into a volume or destroyed, these documents are read-only.",
            str(caught.exception),
        )
        self.assertEqual((document.state, document.title), ("bound", "年度经销合同"))
        self.assertTrue(document.volume_id)
        # The chatter goes on: a bound document can be consulted and commented.
        document.message_post(body="Consulted on site.")

    def test_files_of_a_bound_document_are_read_only(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.user_archivist)
            .create({"name": "合同.txt", "raw": b"contract", "res_model": "crm.archive.document"})
        )
        document = self._document(title="年度经销合同", attachment_ids=[(6, 0, attachment.ids)])
        self.assertEqual((attachment.res_model, attachment.res_id), (document._name, document.id))
        self._close(partner_id=self.customer.id)
        with self.assertRaises(UserError) as caught:
            attachment.with_user(self.user_archivist).write({"raw": b"forged"})
        self.assertIn(
            f"{document.number}: the files of documents bound into a volume or destroyed cannot",
            str(caught.exception),
        )
        with self.assertRaises(UserError) as caught:
            attachment.with_user(self.user_manager).unlink()
        self.assertIn(
            f"{document.number}: the files of documents bound into a volume or destroyed cannot",
            str(caught.exception),
        )
        self.assertEqual(attachment.raw, b"contract")

    def test_states_and_volumes_not_set_by_hand(self):
        document = self._document()
        volume = self.env["crm.archive.volume"].create(
            {"partner_id": self.customer.id, "category_id": self.credit.id, "year": 2001}
        )
        protected = "change only through the buttons of its workflow"
        for values, message in (
            ({"state": "bound"}, f"Customer Archive Document: Status {protected}"),
            ({"state": "destroyed"}, f"Customer Archive Document: Status {protected}"),
            ({"volume_id": volume.id}, f"Customer Archive Document: Volume {protected}"),
        ):
            with self.assertRaises(UserError) as caught:
                document.write(values)
            self.assertIn(message, str(caught.exception))
        self.assertEqual(document.state, "filed")
        self.assertFalse(document.volume_id)

    def test_destroyed_document_is_read_only(self):
        document = self._document()
        self._close(partner_id=self.customer.id)
        volume = document.volume_id.with_user(self.user_manager)
        volume.destruction_reason = "保管期满, 经理批准销毁。"
        volume.action_destroy()
        self.assertEqual(document.state, "destroyed")
        with self.assertRaises(UserError) as caught:
            document.write({"title": "改写"})
        self.assertIn(
            f"{document.number}: bound into a volume or destroyed, these documents are read-only.",
            str(caught.exception),
        )
        self.assertEqual(document.state, "destroyed")

    def test_documents_and_volumes_are_never_deleted(self):
        document = self._document()
        with self.assertRaises(UserError) as caught:
            document.sudo().unlink()
        self.assertIn("Archive documents are never deleted", str(caught.exception))
        self.assertTrue(document.exists())
        self._close(partner_id=self.customer.id)
        with self.assertRaises(UserError) as caught:
            document.volume_id.sudo().unlink()
        self.assertIn("Archive volumes are never deleted", str(caught.exception))
        self.assertTrue(document.volume_id.exists())

    # ------------------------------------------------------------------
    # Closing a year
    # ------------------------------------------------------------------

    def test_close_year(self):
        credit_1 = self._document()
        credit_2 = self._document(title="还款计划", pages=2)
        contract = self._document(category_id=self.contracts.id, title="经销合同")
        this_year = self._document(document_date=fields.Date.context_today(self.Document))
        other = self._document(partner_id=self.other_customer.id)

        action = self._close(partner_id=self.contact.id)

        volumes = self.env["crm.archive.volume"].search(action["domain"])
        self.assertEqual(len(volumes), 2)
        credit_volume = credit_1.volume_id
        self.assertEqual(credit_volume.name, f"{self.last_year}-C0042-3")
        self.assertEqual(contract.volume_id.name, f"{self.last_year}-C0042-2")
        self.assertEqual(volumes, credit_volume | contract.volume_id)
        self.assertEqual(credit_volume.document_ids, credit_1 | credit_2)
        self.assertEqual((credit_volume.document_count, credit_volume.page_count), (2, 3))
        self.assertEqual(credit_volume.closed_by_id, self.user_archivist)
        self.assertEqual(credit_volume.closed_on, fields.Date.context_today(self.Document))
        self.assertEqual(set((credit_1 | credit_2 | contract).mapped("state")), {"bound"})
        self.assertEqual((this_year.state, other.state), ("filed", "filed"))
        self.assertFalse(this_year.volume_id | other.volume_id)

        # A document filed late joins the closed volume of its year.
        late = self._document(title="延期还款审批单")
        self._close(partner_id=self.customer.id, category_id=self.credit.id)
        self.assertEqual(late.volume_id, credit_volume)

    def test_close_year_of_all_customers(self):
        # An own company keeps the demo archive out of the way.
        company = self.env["res.company"].create({"name": "档案测试公司"})
        self.user_archivist.company_ids |= company
        ours = self._document(company_id=company.id) | self._document(
            partner_id=self.other_customer.id, category_id=self.basic.id, company_id=company.id
        )
        self.Wizard.with_context(allowed_company_ids=company.ids).create(
            {"year": self.last_year}
        ).action_close()
        self.assertEqual(set(ours.mapped("state")), {"bound"})
        self.assertEqual(len(ours.volume_id), 2)
        self.assertEqual(ours.volume_id.company_id, company)

    def test_lent_documents_block_closing(self):
        filed = self._document()
        lent = self._document(title="还款协议")
        # As the borrowing flow does.
        lent._crm_transition_write({"state": "lent"})
        with self.assertRaisesRegex(UserError, re.escape(lent.number)):
            self._close(partner_id=self.customer.id)
        self.assertEqual((filed.state, lent.state), ("filed", "lent"))
        self.assertFalse(
            self.env["crm.archive.volume"].search([("partner_id", "=", self.customer.id)])
        )

    def test_only_archivists_close_a_year(self):
        self._document()
        with self.assertRaises(AccessError) as caught:
            self.env["crm.archive.volume.close.wizard"].with_user(self.user_service).create(
                {"year": self.last_year}
            )
        self.assertRegex(
            str(caught.exception),
            r"not allowed to create .*\(crm\.archive\.volume\.close\.wizard\) records",
        )
        wizard = self.Wizard.create({"year": self.last_year, "partner_id": self.customer.id})
        with self.assertRaises(UserError) as caught:
            wizard.with_user(self.user_service).action_close()
        self.assertIn(
            "Only archive administrators close a year of the archive.", str(caught.exception)
        )
        self.assertFalse(
            self.env["crm.archive.volume"].search([("partner_id", "=", self.customer.id)])
        )

    def test_only_ended_years_are_closed(self):
        today = fields.Date.context_today(self.Document)
        document = self._document(document_date=today)
        for year in (today.year, today.year + 1):
            with self.assertRaisesRegex(UserError, str(year)):
                self._close(partner_id=self.customer.id, year=year)
        self.assertEqual(document.state, "filed")
        with self.assertRaisesRegex(UserError, "no filed documents"):
            self._close(partner_id=self.customer.id)

    # ------------------------------------------------------------------
    # Destruction
    # ------------------------------------------------------------------

    def test_destruction_by_a_manager_leaves_a_record(self):
        upload = (
            self.env["ir.attachment"]
            .with_user(self.user_archivist)
            .create({"name": "合同.txt", "raw": SCAN, "res_model": "crm.archive.document"})
        )
        document = self._document(attachment_ids=[Command.set(upload.ids)])
        self._close(partner_id=self.customer.id)
        volume = document.volume_id

        with self.assertRaisesRegex(UserError, "reason"):
            volume.with_user(self.user_manager).action_destroy()
        volume.with_user(self.user_archivist).destruction_reason = "保管期满"
        with self.assertRaisesRegex(UserError, "manager"):
            volume.with_user(self.user_archivist).action_destroy()
        self.assertEqual((volume.state, document.state), ("closed", "bound"))

        volume.with_user(self.user_manager).action_destroy()
        self.assertEqual(volume.state, "destroyed")
        self.assertEqual(volume.destroyed_by_id, self.user_manager)
        self.assertEqual(volume.destroyed_on, fields.Date.context_today(volume))
        self.assertEqual(document.state, "destroyed")
        self.assertTrue(document.exists() and upload.exists(), "nothing is deleted")
        self.assertEqual(base64.b64decode(upload.datas), SCAN)
        self.assertIn("保管期满", volume.message_ids[0].body)
        with self.assertRaises(UserError) as caught:
            volume.with_user(self.user_manager).action_destroy()
        self.assertIn(
            f"The volumes cannot be destroyed:\n- {volume.name}: already destroyed.",
            str(caught.exception),
        )
        with self.assertRaises(UserError) as caught:
            volume.write({"destruction_reason": "改写"})
        self.assertIn(f"{volume.name}: destroyed volumes are read-only.", str(caught.exception))

    # ------------------------------------------------------------------
    # Catalogue
    # ------------------------------------------------------------------

    @skipIf(not shutil.which("wkhtmltopdf"), "wkhtmltopdf prints the catalogue")
    def test_catalogue_pdf(self):
        # pdftotext reads some shared glyphs back as their variant (户 as 戶): the
        # titles avoid them.
        self._document(title="信用额度审批表", location="保密柜一号", confidentiality="secret")
        self._document(title="还款计划", original="original")
        self._close(partner_id=self.customer.id)
        volume = self._volumes()
        report = self.env["ir.actions.report"].with_user(self.user_service)
        pdf, report_type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "crm_customer_info.action_report_volume_catalogue", volume.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        for expected in (
            "信用额度审批表",
            "还款计划",
            "保密柜一号",
            "C0042-3-001",
            "C0042-3-002",
        ):
            self.assertIn(expected, text)
