from odoo import api, models
from odoo.exceptions import AccessError
from odoo.http import request


class CrmArchiveDocument(models.Model):
    """Every opening of a document or of its files by a person is logged (查寻制度)."""

    _inherit = "crm.archive.document"

    # Not @api.readonly like the method it overrides: opening a form writes
    # the log entry, so the route must get a read-write cursor.
    def web_read(self, specification):
        result = super().web_read(specification)
        if len(self) == 1 and self._crm_is_opened_by_client():
            self.env["crm.archive.access.log"]._log("view", self)
        return result

    def _crm_is_opened_by_client(self):
        """Whether this read is the client's own call to open a document form.

        The same ``web_read`` also runs inside other reads: a list
        (``web_search_read``), a loan's form showing its lines, a save. Those
        are not openings; only the request itself says which one this is, and a
        client cannot suppress the entry with a context key.
        """
        params = request.params if request else {}
        return params.get("model") == self._name and params.get("method") == "web_read"

    def _crm_is_restricted_file(self):
        """Originals and secret documents: their scans open only during a loan."""
        self.ensure_one()
        return self.original == "original" or self.confidentiality == "secret"

    @api.model
    def _crm_open_files(self, attachments):
        """Let the current user open these files, and log each opening.

        Files of archive documents are opened by a person only: the scans of an
        original or a secret document open only while the user's own approved
        consultation or loan of it runs (借阅制度), and each opening is logged
        with that request. Other files are left to their own access rights.
        """
        files = attachments.sudo().filtered(lambda a: a.res_model == self._name and a.res_id)
        if not files:
            return
        documents = self.sudo().browse(set(files.mapped("res_id"))).exists()
        restricted = documents.filtered(lambda d: d._crm_is_restricted_file())
        lines = self.env["crm.archive.borrow.line"].sudo()
        if restricted:
            lines = lines.search(
                [
                    ("document_id", "in", restricted.ids),
                    ("state", "=", "lent"),
                    ("borrow_id.borrower_id", "=", self.env.uid),
                ]
            )
        if refused := restricted - lines.document_id:
            raise AccessError(
                self.env._(
                    "%(documents)s: the scans of originals and secret documents open only "
                    "while your own approved consultation or loan of them runs. Request the "
                    "document on a borrowing request.",
                    documents=", ".join(refused.mapped("display_name")),
                )
            )
        Log = self.env["crm.archive.access.log"]
        for attachment in files:
            document = documents.filtered(lambda d, a=attachment: d.id == a.res_id)
            if not document:
                continue
            loan = lines.filtered(lambda line, d=document: line.document_id == d)[:1].borrow_id
            Log._log("download", document, attachment=attachment, borrow=loan)
