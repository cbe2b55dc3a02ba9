from odoo import api, models
from odoo.exceptions import AccessError

from .res_partner import SERVICE


class ResPartner(models.Model):
    """Who is a customer's salesperson (``user_id``) is decided by customer
    service and managers (their group implies customer service), never by the
    salesperson himself: record rules on ``user_id = user.id`` and
    ``partner_id.user_id = user.id`` open a customer's sales, complaints and
    account plans to his salesperson, so naming oneself would widen one's own
    rights. The guard sits in ``create`` and ``write``, whatever the path (form,
    RPC, import) and whatever the context; sudo code and the superuser pass.
    Writing the value already there changes nothing and is allowed.
    """

    _inherit = "res.partner"

    def _crm_may_assign_salesperson(self):
        return self.env.su or self.env.user.has_group(SERVICE)

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if not self._crm_may_assign_salesperson():
            # Checked on the created records rather than on vals_list: defaults
            # (default_user_id in the context) and the salesperson a contact
            # takes from its parent are applied by then.
            partners._crm_check_new_salesperson()
        return partners

    def _crm_check_new_salesperson(self):
        """A new partner has no history, so its creator may take it or leave it
        unassigned. Assigning it to someone else is a decision on a colleague's
        portfolio, which stays with customer service and managers like every
        other assignment, so it is refused too. A contact (child partner)
        follows its commercial partner: it may have that partner's salesperson,
        as Odoo's own compute gives it, and no other."""
        refused = self.sudo().filtered(
            lambda partner: (
                partner.user_id
                and partner.user_id
                != (
                    self.env.user
                    if partner.commercial_partner_id == partner
                    else partner.commercial_partner_id.user_id
                )
            )
        )
        if refused:
            raise AccessError(
                self.env._(
                    "%(field)s of %(partners)s: a new contact is assigned to the user "
                    "creating it or to nobody, and a company's contact to the company's "
                    "salesperson; only customer service or a manager assigns it to "
                    "someone else.",
                    field=self._fields["user_id"]._description_string(self.env),
                    partners=", ".join(refused.mapped("display_name")),
                )
            )

    def write(self, vals):
        if not {"user_id", "parent_id"} & vals.keys() or self._crm_may_assign_salesperson():
            return super().write(vals)
        if "user_id" in vals:
            field = self._fields["user_id"]
            new_user = self.env["res.users"].browse(field.convert_to_cache(vals["user_id"], self))
            self._crm_check_salesperson_kept(
                self.sudo().filtered(lambda partner: partner.user_id != new_user)
            )
        if "parent_id" not in vals:
            return super().write(vals)
        # A contact without salesperson takes its new parent's (Odoo's compute):
        # moving it is an assignment too.
        before = {partner.id: partner.user_id for partner in self.sudo()}
        result = super().write(vals)
        self._crm_check_salesperson_kept(
            self.sudo().filtered(lambda partner: partner.user_id != before[partner.id])
        )
        return result

    def _crm_check_salesperson_kept(self, changed):
        if changed:
            raise AccessError(
                self.env._(
                    "%(field)s of %(partners)s: only customer service or a manager may "
                    "change a customer's salesperson.",
                    field=self._fields["user_id"]._description_string(self.env),
                    partners=", ".join(changed.mapped("display_name")),
                )
            )

    def copy_data(self, default=None):
        # A salesperson duplicating a colleague's customer makes a new partner:
        # it starts unassigned (a contact then takes its parent's salesperson),
        # as he may not assign it to the colleague.
        vals_list = super().copy_data(default)
        if (default and "user_id" in default) or self._crm_may_assign_salesperson():
            return vals_list
        for vals in vals_list:
            if vals and vals.get("user_id") not in (None, False, self.env.uid):
                del vals["user_id"]
        return vals_list
