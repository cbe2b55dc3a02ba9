from odoo import api, fields, models
from odoo.exceptions import UserError

# Rating, limit and block of a customer: set by the approval of a credit
# evaluation or of a credit-limit request (and the expiry of a temporary limit),
# never by editing the customer (crm.workflow.mixin).
CREDIT_FIELDS = frozenset(
    {
        "credit_rating_id",
        "credit_score",
        "credit_rating_valid_until",
        "credit_limit",
        "use_partner_credit_limit",
    }
)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.workflow.mixin"]
    _crm_protected_fields = CREDIT_FIELDS

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
        groups="base.group_user",
    )
    credit_score = fields.Float(
        string="Credit Score",
        readonly=True,
        copy=False,
        digits=(5, 2),
        groups="crm_credit.group_credit_user",
    )
    credit_rating_valid_until = fields.Date(
        string="Rating Valid Until", readonly=True, copy=False, groups="base.group_user"
    )
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

    # ------------------------------------------------------------------
    # The transitions that set the credit of a customer
    # ------------------------------------------------------------------

    def _crm_set_credit_rating(self, rating, score, valid_until, evaluation=None, note=False):
        """Rate the customer, as the approval of ``evaluation`` decides. The
        history row is written here, whatever the context says about tracking."""
        self.ensure_one()
        partner = self.sudo().with_context(tracking_disable=False, mail_notrack=False)
        History = self.env["crm.credit.rating.history"].sudo()
        with History._crm_transition():
            History.create(
                {
                    "partner_id": partner.id,
                    "old_rating_id": partner.credit_rating_id.id,
                    "new_rating_id": rating.id,
                    "evaluation_id": evaluation.id if evaluation else False,
                    "note": note,
                    "score": score,
                    "user_id": self.env.user.id,
                    "date": fields.Datetime.now(),
                }
            )
        partner._crm_transition_write(
            {
                "credit_rating_id": rating.id,
                "credit_score": score,
                "credit_rating_valid_until": valid_until,
            }
        )

    def _crm_set_credit_limit(self, limit=None):
        """Set the customer's own credit limit in the company of the environment,
        or drop it (``None``: the company's default applies again), as the
        approval or the expiry of a limit request decides."""
        partner = self.sudo()
        if limit is None:
            values = {"use_partner_credit_limit": False}
        else:
            values = {"credit_limit": limit, "use_partner_credit_limit": True}
        partner._crm_transition_write(values)

    @api.model
    def load(self, fields, data):
        # An import creates and updates customers; it neither rates them nor
        # gives them a limit.
        if credit := sorted({path.split("/")[0] for path in fields} & CREDIT_FIELDS):
            self._crm_raise_protected(credit)
        return super().load(fields, data)

    def write(self, vals):
        # Refused here, before Odoo's partner write reads the values it is given:
        # the credit fields a user may not read are refused by the workflow too,
        # whatever the value, so that the refusal tells nothing of the limit.
        hidden = sorted(
            fname
            for fname in CREDIT_FIELDS & vals.keys()
            if not self._has_field_access(self._fields[fname], "read")
        )
        if hidden and not self._crm_in_transition():
            self._crm_raise_protected(sorted(CREDIT_FIELDS & vals.keys()))
        return super().write(vals)

    def _crm_raise_protected(self, fnames):
        if not set(fnames) <= CREDIT_FIELDS:
            return super()._crm_raise_protected(fnames)
        raise UserError(
            self.env._(
                "%(fields)s: a customer's credit changes only through the buttons of its "
                "workflow (approving a credit evaluation or a credit-limit request), "
                "never by editing the customer.",
                fields=", ".join(self._fields[f]._description_string(self.env) for f in fnames),
            )
        )

    def _crm_protected_changes(self, vals):
        """A contact's credit limit mirrors its company's (Odoo copies the
        commercial fields down): copying the company's own value is no change
        of the customer's credit."""
        changed = super()._crm_protected_changes(vals)
        if not changed or any(partner.commercial_partner_id == partner for partner in self):
            return changed
        copied = {
            fname
            for fname in set(changed) & set(self._commercial_fields())
            if all(contact._crm_is_company_value(fname, vals[fname]) for contact in self)
        }
        return [fname for fname in changed if fname not in copied]

    def _crm_is_company_value(self, fname, value):
        """Whether ``value`` is what the contact's company has in ``fname``."""
        field = self._fields[fname]
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return new == self.commercial_partner_id.sudo()[fname]

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
