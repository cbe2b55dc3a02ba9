from datetime import timedelta

from odoo import api, fields, models

from ..models.crm_archive_borrow import PARAM_DEFAULT_DAYS


class CrmArchiveBorrowRenewalWizard(models.TransientModel):
    _name = "crm.archive.borrow.renewal.wizard"
    _description = "Ask for a Longer Loan"

    borrow_id = fields.Many2one("crm.archive.borrow", string="Request", required=True)
    due_date = fields.Date(related="borrow_id.due_date", string="Current Due Date")
    new_due_date = fields.Date(compute="_compute_new_due_date", store=True, readonly=False)
    reason = fields.Text(help="Why the documents are needed for longer.")

    @api.depends("borrow_id")
    def _compute_new_due_date(self):
        days = self.env["crm.archive.borrow"]._get_borrow_setting(PARAM_DEFAULT_DAYS)
        today = fields.Date.context_today(self)
        for wizard in self:
            start = max(wizard.borrow_id.due_date or today, today)
            wizard.new_due_date = start + timedelta(days=days)

    def action_confirm(self):
        self.ensure_one()
        self.borrow_id.action_request_renewal(self.new_due_date, self.reason)
        return {"type": "ir.actions.act_window_close"}
