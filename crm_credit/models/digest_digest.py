from odoo import fields, models


class DigestDigest(models.Model):
    _inherit = "digest.digest"

    kpi_crm_credit_exceptions = fields.Boolean(string="Credit Exceptions")
    kpi_crm_credit_exceptions_value = fields.Integer(
        compute="_compute_kpi_crm_credit_exceptions_value"
    )

    def _compute_kpi_crm_credit_exceptions_value(self):
        """Invoices posted over a credit block (an override) in the period."""
        self._crm_check_kpi_access("crm_credit.group_credit_manager")
        self._calculate_company_based_kpi(
            "crm.credit.override.log", "kpi_crm_credit_exceptions_value", date_field="date"
        )

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("crm_customer_info.crm_customer_info_menu_root").id
        res["kpi_crm_credit_exceptions"] = (
            f"crm_credit.crm_credit_override_log_action?menu_id={menu}"
        )
        return res
