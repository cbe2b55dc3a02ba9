from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_campaign import RESPONSE_STATUSES, RESPONSE_STATUSES_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_campaign_response_reply = fields.Boolean(
        string="Replies Are Responses",
        help="A customer who replies to a campaign email has responded.",
    )
    crm_campaign_response_click = fields.Boolean(
        string="Clicks Are Responses",
        help="A customer who clicks a link of a campaign email has responded.",
    )
    crm_campaign_response_open = fields.Boolean(
        string="Opens Are Responses",
        help="A customer who opens a campaign email has responded. Opens are measured "
        "with an image many mail readers block: they undercount.",
    )

    @api.constrains(*(f"crm_campaign_response_{status}" for status in RESPONSE_STATUSES))
    def _check_crm_campaign_response(self):
        for settings in self:
            if not any(settings[f"crm_campaign_response_{status}"] for status in RESPONSE_STATUSES):
                raise ValidationError(
                    self.env._(
                        "Choose at least one email result (reply, click or open) that counts "
                        "as a campaign response."
                    )
                )

    def get_values(self):
        # The three options are stored together, as one list in a system parameter.
        values = super().get_values()
        statuses = self.env["crm.campaign"]._get_response_statuses()
        values.update(
            {f"crm_campaign_response_{status}": status in statuses for status in RESPONSE_STATUSES}
        )
        return values

    def set_values(self):
        result = super().set_values()
        statuses = [
            status for status in RESPONSE_STATUSES if self[f"crm_campaign_response_{status}"]
        ]
        self.env["ir.config_parameter"].sudo().set_param(
            RESPONSE_STATUSES_PARAM, ",".join(statuses)
        )
        return result
