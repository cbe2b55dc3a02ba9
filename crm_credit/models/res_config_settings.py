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

    # 5C weights of credit evaluations, in percent; they must add up to 100
    crm_credit_weight_character = fields.Integer(
        string="Character Weight", config_parameter="crm_credit.weight_character", default=30
    )
    crm_credit_weight_capacity = fields.Integer(
        string="Capacity Weight", config_parameter="crm_credit.weight_capacity", default=25
    )
    crm_credit_weight_capital = fields.Integer(
        string="Capital Weight", config_parameter="crm_credit.weight_capital", default=20
    )
    crm_credit_weight_collateral = fields.Integer(
        string="Collateral Weight", config_parameter="crm_credit.weight_collateral", default=15
    )
    crm_credit_weight_conditions = fields.Integer(
        string="Conditions Weight", config_parameter="crm_credit.weight_conditions", default=10
    )

    @api.constrains(
        "crm_credit_weight_character",
        "crm_credit_weight_capacity",
        "crm_credit_weight_capital",
        "crm_credit_weight_collateral",
        "crm_credit_weight_conditions",
    )
    def _check_crm_credit_weights(self):
        for settings in self:
            weights = [
                settings.crm_credit_weight_character,
                settings.crm_credit_weight_capacity,
                settings.crm_credit_weight_capital,
                settings.crm_credit_weight_collateral,
                settings.crm_credit_weight_conditions,
            ]
            if any(weight < 0 for weight in weights) or sum(weights) != 100:
                raise ValidationError(
                    self.env._(
                        "The 5C weights must be positive and add up to 100, not %(total)s.",
                        total=sum(weights),
                    )
                )

    crm_credit_warning_overdue_days = fields.Integer(
        string="Warn Overdue Beyond (Days)",
        config_parameter="crm_credit.warning_overdue_days",
        default=30,
        help="Customers whose oldest open receivable is overdue for more days get a warning.",
    )
    crm_credit_warning_utilisation = fields.Float(
        string="Warn Utilisation Above (%)",
        config_parameter="crm_credit.warning_utilisation",
        default=90.0,
        help="Customers using more of their credit limit than this get a warning.",
    )

    @api.constrains("crm_credit_warning_overdue_days", "crm_credit_warning_utilisation")
    def _check_crm_credit_warning_thresholds(self):
        if any(
            settings.crm_credit_warning_overdue_days < 0
            or settings.crm_credit_warning_utilisation < 0
            for settings in self
        ):
            raise ValidationError(self.env._("Credit warning thresholds cannot be negative."))

    @api.constrains("crm_credit_second_approval_amount")
    def _check_crm_credit_second_approval_amount(self):
        if any(settings.crm_credit_second_approval_amount < 0 for settings in self):
            raise ValidationError(self.env._("The second-approval amount cannot be negative."))
