from odoo import api, fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    """Who is a customer: the population of the Customers menu."""

    _inherit = "res.partner"

    is_crm_customer = fields.Boolean(
        string="Is a Customer",
        compute="_compute_is_crm_customer",
        search="_search_is_crm_customer",
        help="Has a lifecycle (potential, current or former customer) or was invoiced as "
        "a customer, and is neither one of our companies nor one of our staff. A vendor "
        "is a customer only when he is both.",
        groups="base.group_user",
    )

    @api.model
    def _crm_own_partner_ids(self):
        """Partners of our companies and of our staff, archived ones too."""
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        partners = Users.search([("share", "=", False)]).partner_id
        Company = self.env["res.company"].sudo().with_context(active_test=False)
        partners |= Company.search([]).partner_id
        if "hr.employee" in self.env:  # employees installed
            Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
            partners |= Employee.search([]).work_contact_id
        return partners.ids

    @api.model
    def _crm_customer_domain(self):
        domain = Domain("customer_state", "!=", False)
        if "customer_rank" in self._fields:  # invoicing installed
            domain |= Domain("customer_rank", ">", 0)
        # Portal users are customers; internal users are staff.
        return domain & Domain("id", "not in", self._crm_own_partner_ids())

    @api.depends("customer_state")
    def _compute_is_crm_customer(self):
        customers = self.filtered_domain(self._crm_customer_domain())
        for partner in self:
            partner.is_crm_customer = partner in customers

    def _search_is_crm_customer(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        positive = (operator == "in") == (True in value)
        domain = self._crm_customer_domain()
        return domain if positive else ~domain
