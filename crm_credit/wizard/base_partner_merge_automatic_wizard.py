from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """A merge never makes a customer more trusted: the kept customer takes the
    strictest credit of the merged ones (Odoo keeps the kept one's own)."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        partners = (src_partners | dst_partner).sudo()
        # A blocking rating first, then the lowest score band.
        worst = min(
            partners.filtered("credit_rating_id"),
            key=lambda p: (not p.credit_rating_id.block, p.credit_rating_id.score_min),
            default=None,
        )
        limits = partners.filtered("use_partner_credit_limit").mapped("credit_limit")
        result = super()._update_values(src_partners, dst_partner)
        kept = dst_partner.sudo()
        if worst and kept.credit_rating_id != worst.credit_rating_id:
            kept._crm_set_credit_rating(
                worst.credit_rating_id,
                worst.credit_score,
                worst.credit_rating_valid_until,
                note=self.env._(
                    "Customers merged: %(customers)s",
                    customers=", ".join(src_partners.mapped("display_name")),
                ),
            )
        if limits and (not kept.use_partner_credit_limit or kept.credit_limit != min(limits)):
            kept._crm_set_credit_limit(min(limits))
        return result
