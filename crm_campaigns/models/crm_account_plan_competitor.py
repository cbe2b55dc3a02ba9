from odoo import api, fields, models


class CrmAccountPlanCompetitor(models.Model):
    """c) Competitor profile of a key-account plan: a main competitor at this
    customer, its strengths and weaknesses, its position and our strategy."""

    _name = "crm.account.plan.competitor"
    _description = "Key-Account Plan Competitor"
    _order = "plan_id, sequence, id"
    _rec_name = "competitor"

    plan_id = fields.Many2one(
        "crm.account.plan", string="Plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    competitor = fields.Char(required=True)
    competitor_partner_id = fields.Many2one(
        "res.partner", string="Competitor Contact", help="The competitor, when it is a contact."
    )
    strengths = fields.Text()
    weaknesses = fields.Text()
    current_position = fields.Text(
        string="Current Position", help="Its current situation at the customer: share, products."
    )
    our_strategy = fields.Text(string="Our Strategy")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            lines.plan_id._check_open()
        return lines

    def write(self, vals):
        if not self.env.su:
            self.plan_id._check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_plan(self):
        self.plan_id._check_open()
