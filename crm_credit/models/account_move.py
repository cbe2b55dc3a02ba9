from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, formatLang

OVERRIDE_FIELDS = {"credit_override", "credit_override_reason"}


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
        "or over the credit limit.",
    )
    credit_override_reason = fields.Text(string="Override Reason", copy=False)
    credit_override_user_id = fields.Many2one(
        "res.users", string="Override Set By", readonly=True, copy=False
    )

    def _check_credit_override_rights(self):
        if not self.env.su and not self.env.user.has_group("crm_credit.group_credit_manager"):
            raise UserError(
                self.env._("Only credit managers can override the credit block of an invoice.")
            )

    def _prepare_credit_override_values(self, vals):
        if vals.get("credit_override"):
            return {**vals, "credit_override_user_id": self.env.user.id}
        if "credit_override" in vals:
            return {**vals, "credit_override_user_id": False}
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        if any(
            vals.get("credit_override") or vals.get("credit_override_reason") for vals in vals_list
        ):
            self._check_credit_override_rights()
            vals_list = [self._prepare_credit_override_values(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        changed = any(
            field in vals and any((move[field] or False) != (vals[field] or False) for move in self)
            for field in OVERRIDE_FIELDS
        )
        if changed:
            self._check_credit_override_rights()
            vals = self._prepare_credit_override_values(vals)
        return super().write(vals)

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

    def _post(self, soft=True):
        overridden = self._check_credit_block()
        posted = super()._post(soft=soft)
        for move, reasons in overridden.items():
            if move in posted:
                move._log_credit_override(reasons)
        return posted

    def _log_credit_override(self, reasons):
        self.ensure_one()
        user = self.credit_override_user_id or self.env.user
        self.env["crm.credit.override.log"].sudo().create(
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
