from odoo import SUPERUSER_ID, api, models


class ResPartner(models.Model):
    """The language of a customer, and of what the system writes about him.

    A new customer speaks the language of the person who creates him (the
    user's in the back office, the visitor's on the portal) rather than the
    database's default, English unless chosen at its creation. Contacts keep
    their company's language (Odoo's own rule); the daily jobs, which run as
    OdooBot, keep the database's default. What the system writes on a
    customer is read by his salesperson (see crm.mail.thread.lang)."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.mail.thread.lang"]

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        if "lang" not in fields or "default_lang" in self.env.context:
            return values
        user = self.env.user
        if user.id == SUPERUSER_ID:
            return values
        # An internal user's own language; on the portal, the visitor's.
        lang = user.lang if user._is_internal() else self.env.lang
        if lang := self.env["res.lang"]._get_code(lang or ""):
            values["lang"] = lang
        return values

    def _crm_reader_user(self):
        self.ensure_one()
        partner = self.sudo()
        return partner.user_id or partner.commercial_partner_id.user_id

    @api.model
    def _crm_demo_set_customer_lang(self):
        """The demo customers in China, and their contacts, speak Chinese once
        it is installed. A customer's language must be an installed one: the
        demo, loaded in English, calls this at its end, and ``make demo
        DEMO_LANG=zh_CN`` again after installing Chinese."""
        if not self.env["res.lang"]._get_code("zh_CN"):
            return
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("model", "=", "res.partner"),
                    ("module", "in", ("crm_customer_info", "crm_credit", "crm_campaigns")),
                ]
            )
        )
        customers = self.sudo().browse(data.mapped("res_id")).exists()
        customers = customers.filtered(lambda partner: partner.country_id.code == "CN")
        (customers | customers.child_ids).write({"lang": "zh_CN"})
