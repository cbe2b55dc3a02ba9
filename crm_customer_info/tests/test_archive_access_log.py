from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

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

    def test_reads_from_code_are_not_openings(self):
        # Only the client's own call opens a form (see TestArchiveAccessLogRpc).
        Document = self.env["crm.archive.document"].with_user(self.user_service)
        Document.web_search_read([("id", "=", self.document.id)], {"title": {}})
        self.document.with_user(self.user_service).web_read({"title": {}})
        self.assertEqual(self._events(self.user_service), [])

    def test_printing_a_catalogue_is_logged(self):
        volume = self.env["crm.archive.volume"].create(
            {
                "partner_id": self.document.partner_id.id,
                "category_id": self.document.category_id.id,
                "year": 2020,
            }
        )
        self.document._crm_transition_write({"volume_id": volume.id, "state": "bound"})
        self.env["ir.actions.report"].with_user(self.user_archivist)._render_qweb_pdf(
            "crm_customer_info.action_report_volume_catalogue", volume.ids
        )
        self.assertIn("print", self._events(self.user_archivist))

    def test_log_is_read_only_and_kept(self):
        self.Log.with_user(self.user_archivist)._log("view", self.document)
        log = self.Log.search([("document_id", "=", self.document.id)])
        self.assertTrue(log)
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to modify 'Archive Access Log'"
        ):
            log.with_user(self.user_manager).write({"event": "download"})
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to delete 'Archive Access Log'"
        ):
            log.with_user(self.user_manager).unlink()
        with self.assertRaisesRegex(UserError, "The archive access log is never deleted"):
            log.sudo().unlink()
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to access 'Archive Access Log'"
        ):
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


@tagged("post_install", "-at_install")
class TestArchiveAccessLogRpc(HttpCase):
    """What the web client really sends: the document list, the document form, a
    loan's form and its return dialog, through /web/dataset/call_kw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = new_test_user(
            cls.env, login="t_rpc_service", groups="crm_customer_info.group_customer_service"
        )
        cls.archivist = new_test_user(
            cls.env, login="t_rpc_archivist", groups="crm_customer_info.group_archive_admin"
        )
        new_test_user(
            cls.env, login="t_rpc_archivist2", groups="crm_customer_info.group_archive_admin"
        )
        customer = cls.env["res.partner"].create(
            {"name": "温州日志测试有限公司", "is_company": True}
        )
        cls.document = cls.env["crm.archive.document"].create(
            {
                "partner_id": customer.id,
                "category_id": cls.env.ref("crm_customer_info.archive_category_contracts").id,
                "title": "年度购销合同",
            }
        )

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def views(self, user=None):
        domain = [("document_id", "=", self.document.id), ("event", "=", "view")]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["crm.archive.access.log"].search_count(domain)

    def test_list_opens_grouped_and_ungrouped(self):
        """The list calls web_search_read with keyword arguments only (it crashed)."""
        self.authenticate("t_rpc_archivist", "t_rpc_archivist")
        spec = {"number": {}, "title": {}, "partner_id": {"fields": {"display_name": {}}}}
        result = self.call(
            "crm.archive.document",
            "web_search_read",
            domain=[("partner_id", "=", self.document.partner_id.id)],
            specification=spec,
            limit=80,
        )
        self.assertEqual([r["id"] for r in result["records"]], self.document.ids)
        groups = self.call(
            "crm.archive.document",
            "web_read_group",
            domain=[],
            groupby=["partner_id"],
            aggregates=["__count"],
            unfold_read_specification=spec,
            unfold_read_default_limit=80,
        )
        self.assertIn(self.document.partner_id.id, [g["partner_id"][0] for g in groups["groups"]])
        self.assertEqual(self.views(), 0, "a list is not an opening")

    def test_each_form_opening_is_logged_once(self):
        self.authenticate("t_rpc_service", "t_rpc_service")
        self.call(
            "crm.archive.document", "web_read", self.document.ids, specification={"title": {}}
        )
        self.assertEqual(self.views(self.service), 1)
        # A client cannot open a form unseen by sending a context key.
        self.call(
            "crm.archive.document",
            "web_read",
            self.document.ids,
            specification={"title": {}},
            context={"crm_archive_list_read": True},
        )
        self.assertEqual(self.views(self.service), 2)

    def test_a_loan_worked_through_logs_no_views(self):
        """Approving, lending and returning reload forms showing the document: those
        reads are not openings; the log keeps the hand-out and the return."""
        self.authenticate("t_rpc_service", "t_rpc_service")
        borrow_spec = {
            "name": {},
            "state": {},
            "line_ids": {
                "fields": {
                    "document_id": {"fields": {"display_name": {}, "title": {}}},
                    "content": {},
                }
            },
        }
        [borrow] = self.call(
            "crm.archive.borrow",
            "web_save",
            [],
            {
                "purpose": "Contract check",
                "mode": "lend",
                "line_ids": [[0, 0, {"document_id": self.document.id, "content": "p. 1"}]],
            },
            specification=borrow_spec,
        )
        borrow_id = borrow["id"]
        self.call("crm.archive.borrow", "action_submit", [borrow_id])
        self.call("crm.archive.borrow", "web_read", [borrow_id], specification=borrow_spec)
        # one archive administrator approves, another hands out
        for login, method in (
            ("t_rpc_archivist", "action_approve"),
            ("t_rpc_archivist2", "action_lend"),
        ):
            self.authenticate(login, login)
            self.call("crm.archive.borrow", method, [borrow_id])
            self.call("crm.archive.borrow", "web_read", [borrow_id], specification=borrow_spec)
        wizard_spec = {
            "borrow_id": {"fields": {"display_name": {}}},
            "line_ids": borrow_spec["line_ids"],
            "condition": {},
        }
        [wizard] = self.call(
            "crm.archive.borrow.return.wizard",
            "web_save",
            [],
            {"borrow_id": borrow_id, "condition": "Complete"},
            specification=wizard_spec,
        )
        self.call("crm.archive.borrow.return.wizard", "action_confirm", [wizard["id"]])
        self.assertEqual(self.env["crm.archive.borrow"].browse(borrow_id).state, "returned")
        self.assertEqual(self.views(), 0)
        events = self.env["crm.archive.access.log"].search([("document_id", "=", self.document.id)])
        self.assertEqual(sorted(events.mapped("event")), ["lend", "return"])

    def test_salesperson_cannot_open_a_document(self):
        new_test_user(self.env, login="t_rpc_sales", groups="crm_customer_info.group_salesperson")
        self.authenticate("t_rpc_sales", "t_rpc_sales")
        with self.assertRaises(JsonRpcException):
            self.call(
                "crm.archive.document", "web_read", self.document.ids, specification={"title": {}}
            )
        self.assertEqual(self.views(), 0)
