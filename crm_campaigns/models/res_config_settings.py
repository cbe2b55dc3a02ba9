from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_rfm_window_days = fields.Integer(
        string="RFM Window (days)",
        config_parameter="crm_campaigns.rfm_window_days",
        default=365,
        help="Recency, frequency and monetary value are computed from the "
        "posted customer invoices of this many past days.",
    )

    @api.constrains("crm_rfm_window_days")
    def _check_crm_rfm_window_days(self):
        for settings in self:
            if not 30 <= settings.crm_rfm_window_days <= 3650:
                raise ValidationError(
                    self.env._("The RFM window must be between 30 and 3650 days.")
                )
