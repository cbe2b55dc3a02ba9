from odoo import fields, models
from odoo.fields import Domain


class MailingMailing(models.Model):
    """The email mailing of a customer campaign: its recipients are always
    restricted to the campaign's members who may still be emailed."""

    _inherit = "mailing.mailing"

    crm_campaign_id = fields.Many2one(
        "crm.campaign",
        string="Customer Campaign",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        if self.crm_campaign_id:
            # Enforced at sending even if the mailing's filter was edited: a
            # consent withdrawn or an opt-out recorded after loading is respected.
            domain &= Domain(self.crm_campaign_id._get_mailing_recipient_domain())
        return domain
