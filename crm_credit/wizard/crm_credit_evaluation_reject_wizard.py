from odoo import fields, models


class CrmCreditEvaluationRejectWizard(models.TransientModel):
    _name = "crm.credit.evaluation.reject.wizard"
    _description = "Reject Credit Evaluations"

    evaluation_ids = fields.Many2many("crm.credit.evaluation", string="Evaluations", required=True)
    reason = fields.Text(required=True, help="Kept on the evaluation and shown to the evaluator.")

    def action_confirm(self):
        self.ensure_one()
        self.evaluation_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
