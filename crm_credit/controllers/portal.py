from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request

from ..models.res_partner_credit_exposure import AGING_BUCKETS

# Plans the customer still has to keep, or has kept.
PORTAL_PLAN_STATES = ("confirmed", "done")


class CrmCreditPortal(CustomerPortal):
    def _crm_credit_open_invoices_domain(self, commercial_partner):
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("partner_id", "child_of", commercial_partner.id),
        ]

    def _crm_credit_prepare_values(self):
        # Credit figures are restricted to credit users: read as superuser,
        # for the user's own commercial partner only.
        commercial_sudo = request.env.user.partner_id.commercial_partner_id.sudo()
        buckets = [
            (
                commercial_sudo._fields[fname]._description_string(request.env),
                commercial_sudo[fname],
            )
            for fname, _low, _high in AGING_BUCKETS
        ]
        # The portal's own rules on invoices apply: no sudo.
        invoices = request.env["account.move"].search(
            self._crm_credit_open_invoices_domain(commercial_sudo),
            order="invoice_date_due, id",
        )
        plans_sudo = (
            request.env["crm.credit.repayment.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", commercial_sudo.id),
                    ("state", "in", PORTAL_PLAN_STATES),
                ],
                order="date desc, id desc",
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_credit",
                "commercial_sudo": commercial_sudo,
                "currency": request.env.company.currency_id,
                "buckets": buckets,
                "invoices": invoices,
                "plans_sudo": plans_sudo,
            }
        )
        return values

    # Not read-only: the invoice links may create their access tokens.
    @http.route("/my/credit", type="http", auth="user", website=True)
    def portal_my_credit(self, **kw):
        return request.render("crm_credit.portal_my_credit", self._crm_credit_prepare_values())
