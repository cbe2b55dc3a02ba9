from odoo import fields, models


class CrmCustomerSource(models.Model):
    _name = "crm.customer.source"
    _description = "Customer Source Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "UNIQUE(name)", "A source channel with this name already exists."
    )
