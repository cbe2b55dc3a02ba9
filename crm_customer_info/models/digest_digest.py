from odoo import fields, models
from odoo.exceptions import AccessError

SALESPERSON = "crm_customer_info.group_salesperson"
SERVICE = "crm_customer_info.group_customer_service"


class DigestDigest(models.Model):
    _inherit = "digest.digest"

    kpi_crm_new_customers = fields.Boolean(string="New Customers")
    kpi_crm_new_customers_value = fields.Integer(compute="_compute_kpi_crm_new_customers_value")
    kpi_crm_grade_changes = fields.Boolean(string="Customer Grade Changes")
    kpi_crm_grade_changes_value = fields.Integer(compute="_compute_kpi_crm_grade_changes_value")
    kpi_crm_overdue_loans = fields.Boolean(string="Overdue Archive Loans")
    kpi_crm_overdue_loans_value = fields.Integer(compute="_compute_kpi_crm_overdue_loans_value")

    def _crm_check_kpi_access(self, group):
        # The digest skips a KPI whose compute raises AccessError for the recipient.
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._("Do not have access, skip this data for user's digest email")
            )

    def _compute_kpi_crm_new_customers_value(self):
        """Customers (partners with a lifecycle) created in the period."""
        self._crm_check_kpi_access(SALESPERSON)
        start, end, companies = self._get_kpi_compute_parameters()
        # Customers are often shared between the companies (no company).
        count = self.env["res.partner"].search_count(
            [
                ("customer_state", "!=", False),
                ("create_date", ">=", start),
                ("create_date", "<", end),
                ("company_id", "in", [*companies.ids, False]),
            ]
        )
        self.kpi_crm_new_customers_value = count

    def _compute_kpi_crm_grade_changes_value(self):
        """Grade changes logged in the period, on the customers the user can read."""
        self._crm_check_kpi_access(SALESPERSON)
        start, end, companies = self._get_kpi_compute_parameters()
        count = self.env["crm.customer.grade.history"].search_count(
            [
                ("date", ">=", start),
                ("date", "<", end),
                ("partner_id.company_id", "in", [*companies.ids, False]),
            ]
        )
        self.kpi_crm_grade_changes_value = count

    def _compute_kpi_crm_overdue_loans_value(self):
        """Loans that fell due in the period and are still out: they became overdue."""
        self._crm_check_kpi_access(SERVICE)
        self._calculate_company_based_kpi(
            "crm.archive.borrow",
            "kpi_crm_overdue_loans_value",
            date_field="due_date",
            additional_domain=[("state", "=", "lent")],
        )

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("crm_customer_info.crm_customer_info_menu_root").id
        res["kpi_crm_new_customers"] = (
            f"crm_customer_info.res_partner_action_customers?menu_id={menu}"
        )
        res["kpi_crm_grade_changes"] = (
            f"crm_customer_info.crm_customer_grade_history_action?menu_id={menu}"
        )
        res["kpi_crm_overdue_loans"] = f"crm_customer_info.crm_archive_borrow_action?menu_id={menu}"
        return res
