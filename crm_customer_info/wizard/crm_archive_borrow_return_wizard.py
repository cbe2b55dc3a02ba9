from odoo import fields, models


class CrmArchiveBorrowReturnWizard(models.TransientModel):
    _name = "crm.archive.borrow.return.wizard"
    _description = "Take Back Borrowed Documents"

    borrow_id = fields.Many2one("crm.archive.borrow", string="Request", required=True)
    line_ids = fields.One2many(related="borrow_id.line_ids", string="Documents")
    condition = fields.Text(
        required=True, help="State of the documents on return: complete, damaged, pages missing."
    )

    def action_confirm(self):
        self.ensure_one()
        self.borrow_id.action_return(self.condition)
        return {"type": "ir.actions.act_window_close"}
