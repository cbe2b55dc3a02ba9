from odoo import api, fields, models
from odoo.exceptions import UserError

# The whole entry: written by the rating of a customer only
# (res.partner._crm_set_credit_rating), never edited (crm.workflow.mixin).
LOG_FIELDS = frozenset(
    {
        "partner_id",
        "old_rating_id",
        "new_rating_id",
        "evaluation_id",
        "score",
        "user_id",
        "date",
        "note",
    }
)


class CrmCreditRatingHistory(models.Model):
    _name = "crm.credit.rating.history"
    _description = "Credit Rating Change"
    _inherit = ["crm.workflow.mixin"]
    _order = "date desc, id desc"
    _crm_protected_fields = LOG_FIELDS

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
    note = fields.Char(help="Why the rating changed without an evaluation, such as a merge.")

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Credit rating changes are kept: they cannot be deleted."))
