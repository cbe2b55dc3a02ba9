from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestPartnerCampaignButton(CampaignCase):
    """From the customer form to the campaigns that reached the customer."""

    def test_campaign_count_and_action(self):
        customer = self.env["res.partner"].create({"name": "活动客户", "email": "a@example.com"})
        campaigns = self.env["crm.campaign"].create(
            [
                {
                    "name": name,
                    "channel": "email",
                    "member_ids": [Command.create({"partner_id": customer.id})],
                }
                for name in ("春季促销", "中秋回馈")
            ]
        )
        marketing = customer.with_user(self.user_marketing)
        self.assertEqual(marketing.crm_campaign_count, 2)
        action = marketing.action_view_campaigns()
        self.assertEqual(self.env["crm.campaign"].search(action["domain"]), campaigns)
        with self.assertRaisesRegex(
            AccessError, 'enough rights to access the field "crm_campaign_count"'
        ):
            customer.with_user(self.user_sales).crm_campaign_count  # noqa: B018
