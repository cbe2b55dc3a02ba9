from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Lets a campaign mailing select its recipients by a domain on partners.
    crm_campaign_member_ids = fields.One2many(
        "crm.campaign.member",
        "partner_id",
        string="Campaign Memberships",
        groups="crm_campaigns.group_campaign_user",
    )
    crm_campaign_count = fields.Integer(
        string="Campaigns",
        compute="_compute_crm_campaign_count",
        groups="crm_campaigns.group_campaign_user",
    )

    @api.depends_context("uid")
    def _compute_crm_campaign_count(self):
        counts = dict(
            self.env["crm.campaign.member"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["campaign_id:count_distinct"]
            )
        )
        for partner in self:
            partner.crm_campaign_count = counts.get(partner, 0)

    def action_view_campaigns(self):
        return self._crm_action_for_customer(
            "crm_campaigns.crm_campaign_action", [("member_ids.partner_id", "=", self.id)]
        )
