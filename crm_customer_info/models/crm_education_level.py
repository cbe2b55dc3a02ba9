from odoo import fields, models


class CrmEducationLevel(models.Model):
    _name = "crm.education.level"
    _description = "Education Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="From the lowest level to the highest.")
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "UNIQUE(name)", "An education level with this name already exists."
    )
