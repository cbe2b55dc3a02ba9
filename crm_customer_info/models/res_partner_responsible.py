from odoo import fields, models
from odoo.tools import SQL

from .crm_sensitive_mixin import Guarded
from .res_partner import IMPORTANCE, LIFECYCLE

SALESPERSON = "crm_customer_info.group_salesperson"
EVERY_CUSTOMER = "crm_customer_info.group_customer_contacts"


class Responsible(Guarded):
    """Contact details and our assessment of a customer. The customer file is
    handed out to salespeople for the customers they are responsible for (seed
    004, 查寻制度 and 发放制度): a salesperson reads these fields on his own
    customers and their contacts, and on customers nobody is responsible for;
    on another salesperson's customers he reads the company name, the person's
    name and title only. Customer service, managers, credit and campaign users
    read them on every customer, and the settings can give the same to every
    salesperson."""

    crm_rule = "responsible"


class ResponsibleChar(Responsible, fields.Char):
    pass


class ResponsibleText(Responsible, fields.Text):
    pass


class ResponsibleDate(Responsible, fields.Date):
    pass


class ResponsibleSelection(Responsible, fields.Selection):
    pass


class ResponsibleMany2one(Responsible, fields.Many2one):
    pass


class ResPartner(models.Model):
    """Which fields of a customer only his own salesperson reads (the fields
    keep their definitions; the classes add the rule)."""

    _inherit = "res.partner"

    # Contact details (Odoo's own fields).
    phone = ResponsibleChar()
    email = ResponsibleChar()
    website = ResponsibleChar()
    street = ResponsibleChar()
    street2 = ResponsibleChar()
    zip = ResponsibleChar()
    city = ResponsibleChar()
    state_id = ResponsibleMany2one()
    # Our assessment and history of the customer.
    grade_id = ResponsibleMany2one()
    # Odoo finds the modules of a selection's values (their xml ids, hence
    # their translations) among the definitions of the field's last class only.
    importance = ResponsibleSelection(selection=IMPORTANCE)
    customer_state = ResponsibleSelection(selection=LIFECYCLE)
    first_trade_date = ResponsibleDate()
    stop_trade_date = ResponsibleDate()
    stop_trade_reason = ResponsibleText()
    source_id = ResponsibleMany2one()
    referrer_id = ResponsibleMany2one()
    developed_on = ResponsibleDate()
    developer_id = ResponsibleMany2one()

    def _crm_own_customers_only(self):
        """Whether the current reader is a salesperson limited to his own
        customers."""
        user = self.env.user
        return (
            not self.env.su and user.has_group(SALESPERSON) and not user.has_group(EVERY_CUSTOMER)
        )

    def _crm_responsible_hidden(self):
        self.ensure_one()
        if not self._crm_own_customers_only():
            return False
        partner = self.sudo()
        responsible = partner.commercial_partner_id.user_id
        staff = partner.user_ids.filtered(lambda user: not user.share)
        return bool(responsible) and responsible != self.env.user and not staff

    def _crm_responsible_visible_sql(self, alias):
        if not self._crm_own_customers_only():
            return None
        # His customers, customers of nobody, and our staff.
        return SQL(
            "(COALESCE((SELECT cp.user_id FROM res_partner cp WHERE cp.id = %s), %s) = %s"
            " OR EXISTS(SELECT 1 FROM res_users u WHERE u.partner_id = %s AND NOT u.share))",
            SQL.identifier(alias, "commercial_partner_id"),
            self.env.uid,
            self.env.uid,
            SQL.identifier(alias, "id"),
            to_flush=[self._fields["user_id"], self._fields["commercial_partner_id"]],
        )
