from odoo import models


class IrBinary(models.AbstractModel):
    """Downloads of archive attachments (/web/content, portal) are logged."""

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        stream = super()._record_to_stream(record, field_name)
        if (
            record._name == "ir.attachment"
            and record.res_model == "crm.archive.document"
            and record.res_id
        ):
            document = self.env["crm.archive.document"].sudo().browse(record.res_id).exists()
            if document:
                self.env["crm.archive.access.log"]._log("download", document, attachment=record)
        return stream
