from odoo import fields, models


class CrmArchiveBorrowLine(models.Model):
    _name = "crm.archive.borrow.line"
    _description = "Archive Borrowing Request Line"
    _order = "borrow_id, id"

    borrow_id = fields.Many2one(
        "crm.archive.borrow", string="Request", required=True, ondelete="cascade", index=True
    )
    document_id = fields.Many2one(
        "crm.archive.document", string="Document", required=True, ondelete="restrict", index=True
    )
    content = fields.Char(string="Content and Pages", help="What is borrowed, and which pages.")
    state = fields.Selection(related="borrow_id.state", store=True, index=True)
    company_id = fields.Many2one(related="borrow_id.company_id", store=True)

    # The database refuses a second loan of the same document, whatever the
    # concurrency of the requests.
    _one_loan_per_document = models.UniqueIndex("(document_id) WHERE state = 'lent'")
