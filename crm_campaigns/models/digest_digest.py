from odoo import fields, models


class DigestDigest(models.Model):
    _inherit = "digest.digest"

    kpi_crm_campaign_responses = fields.Boolean(string="Campaign Responses")
    kpi_crm_campaign_responses_value = fields.Integer(
        compute="_compute_kpi_crm_campaign_responses_value"
    )

    def _compute_kpi_crm_campaign_responses_value(self):
        """Campaign members who responded in the period (converted ones included)."""
        self._crm_check_kpi_access("crm_campaigns.group_campaign_user")
        self._calculate_company_based_kpi(
            "crm.campaign.member", "kpi_crm_campaign_responses_value", date_field="response_date"
        )

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("crm_customer_info.crm_customer_info_menu_root").id
        res["kpi_crm_campaign_responses"] = (
            f"crm_campaigns.crm_campaign_member_action?menu_id={menu}"
        )
        return res
