from odoo import fields, models


class CrmEthnicity(models.Model):
    _name = "crm.ethnicity"
    _description = "Ethnic Group"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Code of the national standard GB/T 3304.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "An ethnic group with this name already exists.")
