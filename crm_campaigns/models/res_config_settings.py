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
    crm_value_profit_threshold = fields.Float(
        string="High Profit From",
        config_parameter="crm_campaigns.value_profit_threshold",
        help="Profit contribution from which a customer counts as profitable in the value "
        "matrix; 0 uses the median of the customers.",
    )
    crm_value_complexity_threshold = fields.Float(
        string="High Service Complexity Above",
        config_parameter="crm_campaigns.value_complexity_threshold",
        help="Service complexity above which a customer counts as demanding; 0 uses the "
        "median of the customers.",
    )
    crm_abc_a_share = fields.Float(
        string="Class A Revenue Share (%)",
        config_parameter="crm_campaigns.abc_a_share",
        default=80.0,
        help="The best customers who together make this share of revenue are class A.",
    )
    crm_abc_b_share = fields.Float(
        string="Classes A and B Revenue Share (%)",
        config_parameter="crm_campaigns.abc_b_share",
        default=95.0,
        help="The next customers, up to this cumulative share of revenue, are class B; "
        "the rest class C.",
    )
    crm_churn_interval_factor = fields.Float(
        string="Overdue Purchase Factor",
        config_parameter="crm_campaigns.churn_interval_factor",
        default=1.5,
        help="A customer is overdue when more days passed since his last purchase than "
        "this factor times his own average purchase interval.",
    )
    crm_churn_period_days = fields.Integer(
        string="Revenue Comparison Period (days)",
        config_parameter="crm_campaigns.churn_period_days",
        default=90,
        help="Revenue of the last period is compared with the period before.",
    )
    crm_churn_revenue_drop = fields.Float(
        string="Revenue Drop Warning (%)",
        config_parameter="crm_campaigns.churn_revenue_drop",
        default=50.0,
        help="Warn when revenue of the last period fell by more than this percentage.",
    )

    @api.constrains("crm_rfm_window_days")
    def _check_crm_rfm_window_days(self):
        for settings in self:
            if not 30 <= settings.crm_rfm_window_days <= 3650:
                raise ValidationError(
                    self.env._("The RFM window must be between 30 and 3650 days.")
                )

    @api.constrains("crm_value_profit_threshold", "crm_value_complexity_threshold")
    def _check_crm_value_thresholds(self):
        for settings in self:
            if settings.crm_value_complexity_threshold < 0:
                raise ValidationError(
                    self.env._("The service complexity threshold cannot be negative.")
                )

    @api.constrains("crm_abc_a_share", "crm_abc_b_share")
    def _check_crm_abc_shares(self):
        for settings in self:
            if not 0 < settings.crm_abc_a_share < settings.crm_abc_b_share <= 100:
                raise ValidationError(
                    self.env._(
                        "ABC shares must satisfy 0 < class A share < classes A and B share <= 100%."
                    )
                )

    @api.constrains("crm_churn_interval_factor", "crm_churn_period_days", "crm_churn_revenue_drop")
    def _check_crm_churn(self):
        for settings in self:
            if settings.crm_churn_interval_factor < 1:
                raise ValidationError(self.env._("The overdue purchase factor must be at least 1."))
            if not 7 <= settings.crm_churn_period_days <= 730:
                raise ValidationError(
                    self.env._("The revenue comparison period must be between 7 and 730 days.")
                )
            if not 0 < settings.crm_churn_revenue_drop <= 100:
                raise ValidationError(
                    self.env._("The revenue drop warning must be between 0 and 100%.")
                )
