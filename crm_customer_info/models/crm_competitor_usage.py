from odoo import fields, models


class CrmCompetitorUsage(models.Model):
    _name = "crm.competitor.usage"
    _description = "Competitor Product Used by a Customer"
    _order = "partner_id, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    competitor = fields.Char(required=True)
    product = fields.Char(required=True)
    satisfaction = fields.Selection(
        [
            ("very_satisfied", "Very Satisfied"),
            ("satisfied", "Satisfied"),
            ("neutral", "Neutral"),
            ("dissatisfied", "Dissatisfied"),
            ("very_dissatisfied", "Very Dissatisfied"),
        ],
        string="Customer Satisfaction",
    )
    competitor_salesperson = fields.Char(string="Their Salesperson")
    salesperson_traits = fields.Char(string="Their Sales Style")
    relationship = fields.Selection(
        [("close", "Close Relationship"), ("good", "Good"), ("normal", "Normal"), ("poor", "Poor")],
        string="Relationship with the Customer",
        help="How their salesperson gets along with the customer.",
    )
    note = fields.Text()
