from odoo import models


class IrBinary(models.AbstractModel):
    """Archive files served by any route (/web/content, /web/image, portal)
    open under the archive's rules, and each opening is logged."""

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        if record._name == "ir.attachment":
            self.env["crm.archive.document"]._crm_open_files(record)
        return super()._record_to_stream(record, field_name)
