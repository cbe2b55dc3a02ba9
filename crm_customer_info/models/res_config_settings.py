from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_review_interval_days = fields.Integer(
        string="Profile Review Interval (days)",
        config_parameter="crm_customer_info.review_interval_days",
        default=60,
        help="Every customer profile is reviewed at least this often; "
        "a review activity is planned for the responsible salesperson.",
    )

    @api.constrains("crm_review_interval_days")
    def _check_crm_review_interval_days(self):
        for settings in self:
            if not 1 <= settings.crm_review_interval_days <= 3650:
                raise ValidationError(
                    self.env._("The profile review interval must be between 1 and 3650 days.")
                )
