from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from odoo import api, models
from odoo.exceptions import ValidationError

from .res_partner_person import _validate_resident_id


def _compact(code):
    return (code or "").replace(" ", "").replace("-", "").upper()


def looks_like_uscc(code):
    """18 characters: what a Unified Social Credit Code is, whatever the country says."""
    return len(_compact(code)) == 18


def looks_like_resident_id(code):
    compact = _compact(code)
    return len(compact) == 18 and compact[:17].isdigit()


class ResPartner(models.Model):
    """Chinese identity codes in the tax ID: checked whatever the country field
    says (it is empty on a new contact), and they make China the country."""

    _inherit = "res.partner"

    @api.constrains("vat", "country_id", "is_company")
    def _check_vat_identity(self):
        china = self.env.ref("base.cn", raise_if_not_found=False)
        # A contact person carries his company's code (Odoo copies it down from
        # the commercial partner): it is checked there, once.
        for partner in self.filtered(lambda p: p.vat and p == p.commercial_partner_id):
            if partner.is_company:
                if partner.country_id != china and not looks_like_uscc(partner.vat):
                    continue
                check, message = (
                    uscc.validate,
                    self.env._("%(field)s: %(value)s is not a valid Unified Social Credit Code."),
                )
            else:
                if not looks_like_resident_id(partner.vat):
                    continue
                check, message = (
                    _validate_resident_id,
                    self.env._("%(field)s: %(value)s is not a valid resident ID number."),
                )
            try:
                check(partner.vat)
            except StdnumError:
                raise ValidationError(
                    message % {"field": partner._field_label("vat"), "value": partner.vat}
                ) from None

    @api.model
    def _crm_is_chinese_identity(self, vals, is_company):
        """Whether the values carry a valid USCC (companies) or resident ID."""
        candidates = [
            (vals.get("vat"), uscc.validate if is_company else _validate_resident_id),
            (vals.get("resident_id"), _validate_resident_id),
        ]
        for code, check in candidates:
            if looks_like_uscc(code):
                try:
                    check(code)
                except StdnumError:
                    continue
                return True
        return False

    @api.onchange("vat", "is_company")
    def _onchange_vat_country(self):
        if not self.country_id and self._crm_is_chinese_identity(
            {"vat": self.vat}, self.is_company
        ):
            self.country_id = self.env.ref("base.cn", raise_if_not_found=False)

    @api.model_create_multi
    def create(self, vals_list):
        china = self.env.ref("base.cn", raise_if_not_found=False)
        if china:
            for vals in vals_list:
                if (
                    not vals.get("country_id")
                    and not vals.get("parent_id")
                    and self._crm_is_chinese_identity(vals, vals.get("is_company", False))
                ):
                    vals["country_id"] = china.id
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        china = self.env.ref("base.cn", raise_if_not_found=False)
        if china and {"vat", "resident_id"} & vals.keys() and "country_id" not in vals:
            stateless = self.sudo().filtered(
                lambda partner: (
                    not partner.country_id
                    and self._crm_is_chinese_identity(
                        {"vat": partner.vat, "resident_id": partner.resident_id},
                        partner.is_company,
                    )
                )
            )
            if stateless:
                super(ResPartner, stateless).write({"country_id": china.id})
        return result
