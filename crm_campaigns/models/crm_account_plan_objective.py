from odoo import api, fields, models

OBJECTIVE_STATES = [
    ("open", "Open"),
    ("achieved", "Achieved"),
    ("missed", "Missed"),
    ("cancelled", "Cancelled"),
]


class CrmAccountPlanObjective(models.Model):
    """e) An account objective of a key-account plan, measured, with a target
    date, and reached through its action plan."""

    _name = "crm.account.plan.objective"
    _description = "Key-Account Plan Objective"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "crm.account.plan", string="Plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="plan_id.partner_id", string="Customer")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Objective", required=True)
    measure = fields.Char(help="How reaching the objective is measured (figure, milestone).")
    target_date = fields.Date(string="Target Date")
    state = fields.Selection(OBJECTIVE_STATES, string="Status", required=True, default="open")
    action_ids = fields.One2many("crm.account.plan.action", "objective_id", string="Actions")
    progress = fields.Float(
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="Share of the objective's actions that are done (cancelled actions do not count).",
    )

    @api.depends("action_ids.status")
    def _compute_progress(self):
        for objective in self:
            objective.progress = objective.action_ids._progress()

    @api.model_create_multi
    def create(self, vals_list):
        objectives = super().create(vals_list)
        if not self.env.su:
            objectives.plan_id._check_open()
        return objectives

    def write(self, vals):
        if not self.env.su:
            self.plan_id._check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_plan(self):
        self.plan_id._check_open()
