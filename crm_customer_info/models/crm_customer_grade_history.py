from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmCustomerGradeHistory(models.Model):
    """Written by a grade change only (res.partner), never edited or deleted."""

    _name = "crm.customer.grade.history"
    _description = "Customer Grade Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    old_grade_id = fields.Many2one(
        "crm.customer.grade", string="Previous Grade", ondelete="restrict"
    )
    new_grade_id = fields.Many2one("crm.customer.grade", string="New Grade", ondelete="restrict")
    user_id = fields.Many2one(
        "res.users", string="Changed By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(string="Changed On", required=True, default=fields.Datetime.now)
    reason = fields.Char()

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The grade history is kept: its entries cannot be deleted."))
