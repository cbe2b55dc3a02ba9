from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.crm_customer_info.models.crm_customer_overview import OVERVIEW_LIST_LIMIT
from odoo.tools import float_compare

CREDIT_USER = "crm_credit.group_credit_user"
# Only credit managers read the override log.
CREDIT_MANAGER = "crm_credit.group_credit_manager"
# Overridden invoices are counted over this many days.
OVERRIDE_DAYS = 30


class CrmCustomerOverview(models.Model):
    """Credit exceptions: customers blocked by their rating or over their
    credit limit, and invoices posted over a credit block."""

    _inherit = "crm.customer.overview"

    credit_blocked_count = fields.Integer(
        string="Blocked by Rating",
        compute="_compute_credit",
        groups=CREDIT_USER,
        help="Customers whose credit rating blocks invoicing.",
    )
    credit_over_limit_count = fields.Integer(
        string="Over Credit Limit",
        compute="_compute_credit",
        groups=CREDIT_USER,
        help="Customers whose open receivable is above their credit limit.",
    )
    credit_override_count = fields.Integer(
        string="Credit Overrides (30 Days)",
        compute="_compute_credit_override_count",
        groups=CREDIT_MANAGER,
        help="Invoices posted over a credit block in the last 30 days.",
    )
    credit_exception_partner_ids = fields.Many2many(
        "res.partner",
        string="Credit Exceptions",
        compute="_compute_credit",
        groups=CREDIT_USER,
    )

    @api.model
    def _get_credit_blocked_domain(self):
        return [("credit_rating_id.block", "=", True)]

    @api.model
    def _get_credit_override_domain(self):
        since = fields.Datetime.now() - timedelta(days=OVERRIDE_DAYS)
        return [("date", ">=", fields.Datetime.to_string(since))]

    @api.model
    def _get_credit_over_limit_partners(self):
        """Commercial partners whose open receivable exceeds their credit
        limit in the current company: one search, one aggregate query."""
        Partner = self.env["res.partner"]
        partners = Partner.search([("credit_limit", ">", 0), ("parent_id", "=", False)])
        exposure = partners._get_credit_exposure_data()
        rounding = self.env.company.currency_id.rounding
        return partners.filtered(
            lambda partner: (
                float_compare(
                    exposure.get(partner.id, {}).get("total", 0.0),
                    partner.credit_limit,
                    precision_rounding=rounding,
                )
                > 0
            )
        )

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_credit(self):
        Partner = self.env["res.partner"]
        blocked = Partner.search(self._get_credit_blocked_domain(), order="name")
        over_limit = self._get_credit_over_limit_partners()
        exceptions = (blocked | over_limit).sorted("name")[:OVERVIEW_LIST_LIMIT]
        for overview in self:
            overview.credit_blocked_count = len(blocked)
            overview.credit_over_limit_count = len(over_limit)
            overview.credit_exception_partner_ids = exceptions

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_credit_override_count(self):
        count = self.env["crm.credit.override.log"].search_count(self._get_credit_override_domain())
        for overview in self:
            overview.credit_override_count = count

    def _get_credit_list_action(self, domain, name):
        return self._get_list_action(
            "crm_credit.res_partner_action_credit", domain, name=name, context={}
        )

    def action_open_credit_blocked(self):
        return self._get_credit_list_action(
            self._get_credit_blocked_domain(), self.env._("Blocked by Rating")
        )

    def action_open_credit_over_limit(self):
        partners = self._get_credit_over_limit_partners()
        return self._get_credit_list_action(
            [("id", "in", partners.ids)], self.env._("Over Credit Limit")
        )

    def action_open_credit_exceptions(self):
        partners = (
            self.env["res.partner"].search(self._get_credit_blocked_domain())
            | self._get_credit_over_limit_partners()
        )
        return self._get_credit_list_action(
            [("id", "in", partners.ids)], self.env._("Credit Exceptions")
        )

    def action_open_credit_overrides(self):
        return self._get_list_action(
            "crm_credit.crm_credit_override_log_action",
            self._get_credit_override_domain(),
            name=self.env._("Credit Overrides (30 Days)"),
        )
