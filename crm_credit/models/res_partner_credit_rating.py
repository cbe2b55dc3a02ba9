from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # visible to every salesperson: they must know how far the customer is trusted
    credit_rating_id = fields.Many2one(
        "crm.credit.rating",
        string="Credit Rating",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        help="Set by the last approved credit evaluation.",
    )
    credit_score = fields.Float(string="Credit Score", readonly=True, copy=False, digits=(5, 2))
    credit_rating_valid_until = fields.Date(string="Rating Valid Until", readonly=True, copy=False)
    credit_evaluation_ids = fields.One2many(
        "crm.credit.evaluation",
        "partner_id",
        string="Credit Evaluations",
        groups="crm_credit.group_credit_user",
    )
    credit_rating_history_ids = fields.One2many(
        "crm.credit.rating.history",
        "partner_id",
        string="Credit Rating History",
        groups="crm_credit.group_credit_user",
    )
