from odoo import fields, models


class CrmArchiveVolume(models.Model):
    _name = "crm.archive.volume"
    _description = "Annual Archive Volume"
    _inherit = ["mail.thread"]
    _order = "year desc, partner_id, category_id"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict"
    )
    category_id = fields.Many2one(
        "crm.archive.category", string="Category", required=True, ondelete="restrict"
    )
    year = fields.Integer(required=True, aggregator=False)
    document_ids = fields.One2many("crm.archive.document", "volume_id", string="Documents")
    state = fields.Selection(
        [("closed", "Closed"), ("destroyed", "Destroyed")],
        default="closed",
        required=True,
        readonly=True,
        tracking=True,
    )
    closed_by_id = fields.Many2one("res.users", string="Closed By", readonly=True)
    closed_on = fields.Date(readonly=True)
    destroyed_by_id = fields.Many2one("res.users", string="Destroyed By", readonly=True)
    destroyed_on = fields.Date(readonly=True)
    destruction_reason = fields.Text(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _volume_uniq = models.Constraint(
        "UNIQUE(partner_id, category_id, year, company_id)",
        "This customer's category is already closed for that year.",
    )
