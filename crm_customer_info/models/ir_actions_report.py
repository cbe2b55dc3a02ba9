from odoo import models


class IrActionsReport(models.Model):
    """Printing a volume catalogue or a borrow form is logged per document."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        result = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        report = self._get_report(report_ref)
        records = self.env[report.model].browse(res_ids or [])
        Log = self.env["crm.archive.access.log"]
        if report.model == "crm.archive.volume":
            Log._log("print", records.sudo().document_ids)
        elif report.model == "crm.archive.borrow":
            for borrow in records.sudo():
                Log._log("print", borrow.line_ids.document_id, borrow=borrow)
        return result
