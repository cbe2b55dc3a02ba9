from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # visible to every salesperson: they must know how far the customer is trusted
    credit_rating_id = fields.Many2one(
        "crm.credit.rating",
        string="Credit Rating",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        help="Set by the last approved credit evaluation.",
    )
    credit_score = fields.Float(string="Credit Score", readonly=True, copy=False, digits=(5, 2))
    credit_rating_valid_until = fields.Date(string="Rating Valid Until", readonly=True, copy=False)
    credit_evaluation_ids = fields.One2many(
        "crm.credit.evaluation",
        "partner_id",
        string="Credit Evaluations",
        groups="crm_credit.group_credit_user",
    )
    credit_rating_history_ids = fields.One2many(
        "crm.credit.rating.history",
        "partner_id",
        string="Credit Rating History",
        groups="crm_credit.group_credit_user",
    )
    credit_evaluation_count = fields.Integer(
        string="Credit Evaluation Count",
        compute="_compute_credit_document_counts",
        groups="crm_credit.group_credit_user",
    )
    credit_limit_request_count = fields.Integer(
        string="Limit Requests",
        compute="_compute_credit_document_counts",
        groups="crm_credit.group_credit_user",
    )

    @api.depends_context("uid")
    def _compute_credit_document_counts(self):
        customers = self.commercial_partner_id
        domain = [("partner_id", "in", customers.ids)]
        evaluations = dict(
            self.env["crm.credit.evaluation"]._read_group(domain, ["partner_id"], ["__count"])
        )
        limit_requests = dict(
            self.env["crm.credit.limit.request"]._read_group(domain, ["partner_id"], ["__count"])
        )
        for partner in self:
            customer = partner.commercial_partner_id
            partner.credit_evaluation_count = evaluations.get(customer, 0)
            partner.credit_limit_request_count = limit_requests.get(customer, 0)

    def action_view_credit_evaluations(self):
        customer = self.commercial_partner_id
        return self._crm_action_for_customer(
            "crm_credit.crm_credit_evaluation_action",
            [("partner_id", "=", customer.id)],
            {"default_partner_id": customer.id},
        )

    def action_view_credit_limit_requests(self):
        customer = self.commercial_partner_id
        return self._crm_action_for_customer(
            "crm_credit.crm_credit_limit_request_action",
            [("partner_id", "=", customer.id)],
            {"default_partner_id": customer.id},
        )
