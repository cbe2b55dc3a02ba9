from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Lets a campaign mailing select its recipients by a domain on partners.
    crm_campaign_member_ids = fields.One2many(
        "crm.campaign.member",
        "partner_id",
        string="Campaign Memberships",
        groups="crm_campaigns.group_campaign_user",
    )
