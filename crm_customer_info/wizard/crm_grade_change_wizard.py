from odoo import fields, models


class CrmGradeChangeWizard(models.TransientModel):
    _name = "crm.grade.change.wizard"
    _description = "Change Customer Grade"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    grade_id = fields.Many2one("crm.customer.grade", string="New Grade", required=True)
    reason = fields.Char(required=True, help="Kept in each customer's grade history.")

    def action_apply(self):
        self.ensure_one()
        self.partner_ids._crm_write_with_grade_reason({"grade_id": self.grade_id.id}, self.reason)
        return {"type": "ir.actions.act_window_close"}
