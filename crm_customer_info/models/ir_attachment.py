from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    """The files of a bound or destroyed archive document are as read-only as
    the document itself."""

    _inherit = "ir.attachment"

    def _check_archive_document_writable(self):
        doc_ids = {a.res_id for a in self.sudo() if a.res_model == "crm.archive.document"}
        if not doc_ids:
            return
        documents = self.env["crm.archive.document"].sudo().browse(doc_ids).exists()
        locked = documents.filtered(lambda d: d.state in ("bound", "destroyed") or d.volume_id)
        if locked:
            raise UserError(
                self.env._(
                    "%(documents)s: the files of documents bound into a volume or destroyed "
                    "cannot be changed or deleted.",
                    documents=", ".join(locked.mapped("number")),
                )
            )

    def write(self, vals):
        if {"datas", "raw", "db_datas", "res_model", "res_id", "name"} & set(vals):
            self._check_archive_document_writable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_archive_document(self):
        self._check_archive_document_writable()
