from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, formatLang

# Set by a credit manager on a draft invoice.
OVERRIDE_FIELDS = frozenset({"credit_override", "credit_override_reason"})
# What the override was granted for, stamped when it is set: it lapses when the
# invoice no longer matches. Never written by a client.
OVERRIDE_STAMP_FIELDS = frozenset(
    {
        "credit_override_user_id",
        "credit_override_amount",
        "credit_override_currency_id",
        "credit_override_partner_id",
    }
)


class AccountMove(models.Model):
    _inherit = "account.move"

    # The customer form (days sales outstanding, credit figures) looks invoices
    # up by commercial partner: without it, a scan of every entry (make bench).
    _commercial_partner_idx = models.Index("(commercial_partner_id)")

    credit_override = fields.Boolean(
        string="Override Credit Block",
        copy=False,
        tracking=True,
        help="Set by a credit manager to post this invoice although the customer is blocked "
        "or over the credit limit. It holds for this invoice, customer and amount only.",
    )
    credit_override_reason = fields.Text(string="Override Reason", copy=False)
    credit_override_user_id = fields.Many2one(
        "res.users", string="Override Set By", readonly=True, copy=False
    )
    credit_override_amount = fields.Monetary(
        string="Overridden Amount",
        readonly=True,
        copy=False,
        currency_field="credit_override_currency_id",
        help="Total of the invoice when the override was set.",
    )
    credit_override_currency_id = fields.Many2one("res.currency", readonly=True, copy=False)
    credit_override_partner_id = fields.Many2one(
        "res.partner", string="Overridden Customer", readonly=True, copy=False
    )
    credit_override_lapsed = fields.Boolean(
        string="Override Lapsed",
        compute="_compute_credit_override_lapsed",
        help="The invoice changed (amount, currency or customer) since the override was set.",
    )

    @api.depends(
        "credit_override",
        "credit_override_amount",
        "credit_override_currency_id",
        "credit_override_partner_id",
        "amount_total",
        "currency_id",
        "commercial_partner_id",
    )
    def _compute_credit_override_lapsed(self):
        for move in self:
            move.credit_override_lapsed = move.credit_override and not move._credit_override_holds()

    def _credit_override_holds(self):
        """Whether the override was granted for the invoice as it is now."""
        self.ensure_one()
        return bool(
            self.credit_override
            and self.credit_override_user_id
            and self.credit_override_currency_id == self.currency_id
            and self.credit_override_partner_id == self.commercial_partner_id
            and not self.currency_id.compare_amounts(self.credit_override_amount, self.amount_total)
        )

    def _check_credit_override_values(self, vals_list):
        """Only a credit manager sets or changes an override, and nobody writes
        what it was granted for."""
        if any(OVERRIDE_STAMP_FIELDS & vals.keys() for vals in vals_list):
            raise UserError(
                self.env._(
                    "Who overrode the credit block, and for which customer and amount, "
                    "is recorded when a credit manager sets the override, "
                    "never by editing the invoice."
                )
            )
        if not self.env.user.has_group("crm_credit.group_credit_manager"):
            raise UserError(
                self.env._("Only credit managers can override the credit block of an invoice.")
            )

    def _prepare_credit_override_stamp(self):
        """Who set the override and for which invoice it holds; nothing once removed."""
        self.ensure_one()
        if not self.credit_override:
            return dict.fromkeys(OVERRIDE_STAMP_FIELDS, False)
        return {
            "credit_override_user_id": self.env.user.id,
            "credit_override_amount": self.amount_total,
            "credit_override_currency_id": self.currency_id.id,
            "credit_override_partner_id": self.commercial_partner_id.id,
        }

    @api.model_create_multi
    def create(self, vals_list):
        overriding = [
            vals
            for vals in vals_list
            if vals.get("credit_override")
            or vals.get("credit_override_reason")
            or OVERRIDE_STAMP_FIELDS & vals.keys()
        ]
        if overriding:
            self._check_credit_override_values(overriding)
        moves = super().create(vals_list)
        # Stamped once the invoice is complete, with its amount.
        if overridden := moves.filtered("credit_override"):
            overridden.write({"credit_override": True})
        return moves

    def write(self, vals):
        override_changed = any(
            field in vals and any((move[field] or False) != (vals[field] or False) for move in self)
            for field in OVERRIDE_FIELDS
        )
        # Setting the override (again) grants it for the invoice as it is now.
        if OVERRIDE_STAMP_FIELDS & vals.keys() or override_changed or vals.get("credit_override"):
            self._check_credit_override_values([vals])
        # Every way of posting (action_post, _post, a plain write) ends here.
        overridden = {}
        if vals.get("state") == "posted":
            overridden = self.filtered(lambda move: move.state != "posted")._check_credit_block()
        result = super().write(vals)
        if vals.get("credit_override") or ("credit_override" in vals and override_changed):
            for move in self:
                super(AccountMove, move).write(move._prepare_credit_override_stamp())
        for move, reasons in overridden.items():
            if move.state == "posted":
                move._log_credit_override(reasons)
        return result

    # ------------------------------------------------------------------
    # Credit block on posting
    # ------------------------------------------------------------------

    def _get_credit_block_reasons(self):
        """Why this customer invoice may not be posted, as a list of strings."""
        self.ensure_one()
        if self.move_type != "out_invoice":
            return []
        company = self.company_id
        partner = self.partner_id.commercial_partner_id.with_company(company).sudo()
        reasons = []
        if "credit_rating_id" in partner._fields and partner.credit_rating_id.block:
            reasons.append(
                self.env._(
                    "%(partner)s is rated %(rating)s, which blocks invoicing.",
                    partner=partner.display_name,
                    rating=partner.credit_rating_id.display_name,
                )
            )
        if company.account_use_credit_limit and partner.use_partner_credit_limit:
            exposure = partner.credit + self.amount_total_signed
            if (
                float_compare(
                    exposure, partner.credit_limit, precision_rounding=company.currency_id.rounding
                )
                > 0
            ):
                reasons.append(
                    self.env._(
                        "%(partner)s would owe %(exposure)s with this invoice, "
                        "above its credit limit of %(limit)s.",
                        partner=partner.display_name,
                        exposure=formatLang(self.env, exposure, currency_obj=company.currency_id),
                        limit=formatLang(
                            self.env, partner.credit_limit, currency_obj=company.currency_id
                        ),
                    )
                )
        return reasons

    def _check_credit_block(self):
        """Raise one error for every blocked invoice without an override;
        return ``{move: reasons}`` for the overridden ones."""
        errors = []
        overridden = {}
        for move in self:
            reasons = move._get_credit_block_reasons()
            if not reasons:
                continue
            if not move.credit_override:
                errors.append(f"{move.display_name}:\n  - " + "\n  - ".join(reasons))
            elif not move._credit_override_holds():
                errors.append(
                    self.env._(
                        "%(move)s: the credit override was set for %(amount)s to %(partner)s; "
                        "the invoice has changed since, a credit manager must override it again.",
                        move=move.display_name,
                        amount=formatLang(
                            self.env,
                            move.credit_override_amount,
                            currency_obj=move.credit_override_currency_id,
                        ),
                        partner=move.credit_override_partner_id.display_name,
                    )
                )
            elif not (move.credit_override_reason or "").strip():
                errors.append(
                    self.env._(
                        "%(move)s: the credit override needs a reason.", move=move.display_name
                    )
                )
            else:
                overridden[move] = reasons
        if errors:
            raise UserError(
                self.env._(
                    "These invoices cannot be posted because of the customer's credit:\n"
                    "%(errors)s\n"
                    "A credit manager can override the block on the invoice.",
                    errors="\n".join(errors),
                )
            )
        return overridden

    def _log_credit_override(self, reasons):
        self.ensure_one()
        user = self.credit_override_user_id
        Log = self.env["crm.credit.override.log"].sudo()
        with Log._crm_transition():
            Log.create(
                {
                    "move_id": self.id,
                    "partner_id": self.partner_id.commercial_partner_id.id,
                    "company_id": self.company_id.id,
                    "user_id": user.id,
                    "reason": self.credit_override_reason,
                    "block_reasons": "\n".join(reasons),
                    "amount": self.amount_total_signed,
                }
            )
        self.message_post(
            body=Markup("%s<ul>%s</ul>%s")
            % (
                self.env._(
                    "Posted despite the credit block, overridden by %(user)s:", user=user.name
                ),
                Markup().join(Markup("<li>%s</li>") % reason for reason in reasons),
                self.env._("Reason: %(reason)s", reason=self.credit_override_reason),
            )
        )
