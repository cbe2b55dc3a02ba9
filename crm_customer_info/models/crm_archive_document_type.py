from odoo import fields, models


class CrmArchiveDocumentType(models.Model):
    _name = "crm.archive.document.type"
    _description = "Archive Document Type"
    _order = "category_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    category_id = fields.Many2one(
        "crm.archive.category", string="Category", required=True, ondelete="restrict", index=True
    )
    sequence = fields.Integer(default=10, help="Order of the documents inside the category.")
    active = fields.Boolean(default=True)
