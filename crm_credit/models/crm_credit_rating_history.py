from odoo import fields, models


class CrmCreditRatingHistory(models.Model):
    _name = "crm.credit.rating.history"
    _description = "Credit Rating Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    old_rating_id = fields.Many2one("crm.credit.rating", string="From", ondelete="restrict")
    new_rating_id = fields.Many2one("crm.credit.rating", string="To", ondelete="restrict")
    evaluation_id = fields.Many2one("crm.credit.evaluation", ondelete="set null", index=True)
    score = fields.Float(digits=(5, 2))
    user_id = fields.Many2one(
        "res.users", string="Approved By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(string="Changed On", required=True, default=fields.Datetime.now)
