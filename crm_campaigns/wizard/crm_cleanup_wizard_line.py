from odoo import fields, models


class CrmCleanupWizardLine(models.TransientModel):
    _name = "crm.cleanup.wizard.line"
    _description = "Customer Clean-up Candidate"
    _order = "partner_id"

    wizard_id = fields.Many2one("crm.cleanup.wizard", required=True, ondelete="cascade", index=True)
    selected = fields.Boolean(string="Archive", default=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade"
    )
    grade_id = fields.Many2one(related="partner_id.grade_id")
    reason_codes = fields.Char(string="Rules")
    reasons = fields.Text(string="Reasons")
    invoice_count = fields.Integer(string="Invoices in the Period")
    invoice_total = fields.Integer(string="Invoices Ever")
    last_invoice_date = fields.Date(string="Last Invoice")
    complaint_count = fields.Integer(string="Complaints in the Period")
