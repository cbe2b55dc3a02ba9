from odoo import fields, models


class CrmArchiveCategory(models.Model):
    _name = "crm.archive.category"
    _description = "Archive Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Number of the category, used in document numbers.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    type_ids = fields.One2many("crm.archive.document.type", "category_id", string="Document Types")
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "An archive category with this code exists.")
