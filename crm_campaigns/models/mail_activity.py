from odoo import models

from .crm_campaign_member import CONTACT_ACTIVITY


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        contact_type = self.env.ref(CONTACT_ACTIVITY, raise_if_not_found=False)
        member_ids = [
            activity.res_id
            for activity in self
            if activity.res_model == "crm.campaign.member"
            and activity.activity_type_id == contact_type
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if member_ids:
            # The activity was the contact: its assignee may mark it done
            # without other rights on the campaign.
            self.env["crm.campaign.member"].sudo().browse(member_ids).exists()._set_contacted()
        return result
