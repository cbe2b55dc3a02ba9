from odoo import fields, models


class CrmArchiveBorrowRejectWizard(models.TransientModel):
    _name = "crm.archive.borrow.reject.wizard"
    _description = "Reject Borrowing Requests"

    borrow_ids = fields.Many2many("crm.archive.borrow", string="Requests", required=True)
    reason = fields.Text(required=True, help="Kept on the request and told to the borrower.")

    def action_confirm(self):
        self.ensure_one()
        self.borrow_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
