from odoo import fields, models


class CrmInfoReportRejectWizard(models.TransientModel):
    _name = "crm.info.report.reject.wizard"
    _description = "Reject Information Reports"

    report_ids = fields.Many2many("crm.info.report", string="Reports", required=True)
    reason = fields.Text(required=True, help="Kept on the report and told to the reporter.")

    def action_confirm(self):
        self.ensure_one()
        self.report_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
