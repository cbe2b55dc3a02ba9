from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestArchiveAccessLog(CustomerInfoCase):
    """Who viewed, downloaded, printed, lent or returned which document, when."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create(
            {"name": "宁波测试日志有限公司", "is_company": True}
        )
        cls.attachment = (
            cls.env["ir.attachment"]
            .with_user(cls.user_archivist)
            .create({"name": "执照.txt", "raw": b"licence", "res_model": "crm.archive.document"})
        )
        cls.document = (
            cls.env["crm.archive.document"]
            .with_user(cls.user_archivist)
            .create(
                {
                    "partner_id": customer.id,
                    "category_id": cls.env.ref("crm_customer_info.archive_category_basic").id,
                    "title": "营业执照",
                    "attachment_ids": [(6, 0, cls.attachment.ids)],
                }
            )
        )
        cls.Log = cls.env["crm.archive.access.log"]

    def _events(self, user):
        return self.Log.search(
            [("document_id", "=", self.document.id), ("user_id", "=", user.id)]
        ).mapped("event")

    def test_opening_the_form_is_logged_not_the_list(self):
        Document = self.env["crm.archive.document"].with_user(self.user_service)
        Document.web_search_read([("id", "=", self.document.id)], {"title": {}})
        self.assertEqual(self._events(self.user_service), [])
        self.document.with_user(self.user_service).web_read({"title": {}})
        self.assertEqual(self._events(self.user_service), ["view"])

    def test_printing_a_catalogue_is_logged(self):
        volume = self.env["crm.archive.volume"].create(
            {
                "partner_id": self.document.partner_id.id,
                "category_id": self.document.category_id.id,
                "year": 2020,
            }
        )
        self.document._write_internal({"volume_id": volume.id, "state": "bound"})
        self.env["ir.actions.report"].with_user(self.user_archivist)._render_qweb_pdf(
            "crm_customer_info.action_report_volume_catalogue", volume.ids
        )
        self.assertIn("print", self._events(self.user_archivist))

    def test_log_is_read_only_and_kept(self):
        self.document.with_user(self.user_archivist).web_read({"title": {}})
        log = self.Log.search([("document_id", "=", self.document.id)])
        self.assertTrue(log)
        with self.assertRaises(AccessError):
            log.with_user(self.user_manager).write({"event": "download"})
        with self.assertRaises(AccessError):
            log.with_user(self.user_manager).unlink()
        with self.assertRaises(UserError):
            log.sudo().unlink()
        with self.assertRaises(AccessError):
            log.with_user(self.user_service).read(["event"])
        self.assertEqual(log.with_user(self.user_manager).event, "view")


@tagged("post_install", "-at_install")
class TestArchiveDownloadLog(HttpCase):
    def test_download_is_logged_and_refused_to_salespeople(self):
        service = new_test_user(
            self.env, login="t_dl_service", groups="crm_customer_info.group_customer_service"
        )
        new_test_user(self.env, login="t_dl_sales", groups="crm_customer_info.group_salesperson")
        attachment = (
            self.env["ir.attachment"]
            .with_user(service)
            .create({"name": "合同.txt", "raw": b"contract", "res_model": "crm.archive.document"})
        )
        self.env["crm.archive.document"].create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "下载测试", "is_company": True})
                .id,
                "category_id": self.env.ref("crm_customer_info.archive_category_contracts").id,
                "title": "购销合同",
                "attachment_ids": [(6, 0, attachment.ids)],
            }
        )
        url = f"/web/content/{attachment.id}?download=true"
        self.authenticate("t_dl_sales", "t_dl_sales")
        self.assertIn(self.url_open(url).status_code, (403, 404))
        self.authenticate("t_dl_service", "t_dl_service")
        response = self.url_open(url)
        self.assertEqual((response.status_code, response.content), (200, b"contract"))
        log = self.env["crm.archive.access.log"].search([("attachment_id", "=", attachment.id)])
        self.assertEqual((log.event, log.user_id), ("download", service))
