from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmArchiveBorrowLine(models.Model):
    _name = "crm.archive.borrow.line"
    _description = "Archive Borrowing Request Line"
    _order = "borrow_id, id"
    _check_company_auto = True

    borrow_id = fields.Many2one(
        "crm.archive.borrow", string="Request", required=True, ondelete="cascade", index=True
    )
    document_id = fields.Many2one(
        "crm.archive.document",
        string="Document",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    content = fields.Char(string="Content and Pages", help="What is borrowed, and which pages.")
    state = fields.Selection(related="borrow_id.state", string="Status", store=True, index=True)
    company_id = fields.Many2one(related="borrow_id.company_id", store=True)
    partner_id = fields.Many2one(related="document_id.partner_id", string="Customer")
    original = fields.Selection(related="document_id.original")
    confidentiality = fields.Selection(related="document_id.confidentiality")
    document_state = fields.Selection(related="document_id.state", string="Document Status")

    # The database refuses a second loan of the same document, whatever the
    # concurrency of the requests.
    _one_loan_per_document = models.UniqueIndex(
        "(document_id) WHERE state = 'lent'",
        "This document is already handed out under another request.",
    )
    _document_once_per_request = models.Constraint(
        "UNIQUE(borrow_id, document_id)",
        "A document is listed only once per request.",
    )

    @api.onchange("document_id")
    def _onchange_document_id(self):
        for line in self:
            if line.document_id and not line.content:
                line.content = self.env._(
                    "%(title)s, %(pages)s pages",
                    title=line.document_id.title,
                    pages=line.document_id.pages,
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["crm.archive.borrow"].browse(
            {vals["borrow_id"] for vals in vals_list if vals.get("borrow_id")}
        )._check_borrower_can_edit()
        return super().create(vals_list)

    def write(self, vals):
        self.borrow_id._check_borrower_can_edit()
        result = super().write(vals)
        if "borrow_id" in vals:
            self.borrow_id._check_borrower_can_edit()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_request_not_draft(self):
        if self.env.su:
            return
        if self.borrow_id.filtered(lambda b: b.state != "draft" or b.borrower_id != self.env.user):
            raise UserError(
                self.env._("Only the borrower removes documents, and only from a draft request.")
            )
