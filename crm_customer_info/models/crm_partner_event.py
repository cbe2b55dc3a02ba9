from odoo import fields, models


class CrmPartnerEvent(models.Model):
    _name = "crm.partner.event"
    _description = "Activity the Organisation Took Part In"
    _order = "partner_id, date desc, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True)
    name = fields.Char(required=True, string="Activity")
    participants = fields.Char()
    evaluation = fields.Text()
    note = fields.Text()
