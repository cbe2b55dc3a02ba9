from odoo import api, fields, models
from odoo.exceptions import UserError

ACCESS_EVENTS = [
    ("view", "Viewed"),
    ("download", "Downloaded"),
    ("print", "Printed"),
    ("lend", "Lent"),
    ("return", "Returned"),
]


class CrmArchiveAccessLog(models.Model):
    _name = "crm.archive.access.log"
    _description = "Archive Access Log"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.user, index=True
    )
    event = fields.Selection(ACCESS_EVENTS, required=True, readonly=True)
    document_id = fields.Many2one(
        "crm.archive.document", string="Document", readonly=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one(related="document_id.partner_id", store=True, string="Customer")
    borrow_id = fields.Many2one("crm.archive.borrow", string="Request", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", readonly=True, ondelete="set null")
    company_id = fields.Many2one(related="document_id.company_id", store=True)

    @api.model
    def _log(self, event, documents, attachment=None, borrow=None):
        """One row per document, as the current user, whatever rights they have."""
        user = self.env.user
        return self.sudo().create(
            [
                {
                    "event": event,
                    "document_id": document.id,
                    "user_id": user.id,
                    "attachment_id": attachment.id if attachment else False,
                    "borrow_id": borrow.id if borrow else False,
                }
                for document in documents
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The archive access log is never deleted."))
