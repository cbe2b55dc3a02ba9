from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_credit_second_approval_amount = fields.Float(
        string="Second Approval Above",
        config_parameter="crm_credit.second_approval_amount",
        default=100000.0,
        help="Credit-limit requests above this amount, in company currency, "
        "need a second approval by a credit manager.",
    )

    @api.constrains("crm_credit_second_approval_amount")
    def _check_crm_credit_second_approval_amount(self):
        if any(settings.crm_credit_second_approval_amount < 0 for settings in self):
            raise ValidationError(self.env._("The second-approval amount cannot be negative."))
