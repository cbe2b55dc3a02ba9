from odoo import fields, models


class ResPartner(models.Model):
    """Care occasions and key-account plans of a customer, for the smart
    buttons of the customer form."""

    _inherit = "res.partner"

    care_occasion_count = fields.Integer(
        string="Care Occasions",
        compute="_compute_care_occasion_count",
        groups="crm_campaigns.group_campaign_user",
    )
    account_plan_count = fields.Integer(
        string="Key-Account Plans",
        compute="_compute_account_plan_count",
        groups="crm_customer_info.group_salesperson",
    )

    def _compute_care_occasion_count(self):
        counts = dict(
            self.env["crm.care.occasion"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.care_occasion_count = counts.get(partner, 0)

    def _compute_account_plan_count(self):
        counts = dict(
            self.env["crm.account.plan"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.account_plan_count = counts.get(partner, 0)

    def action_view_care_occasions(self):
        return self._crm_action_for_customer(
            "crm_campaigns.crm_care_occasion_action",
            [("partner_id", "=", self.id)],
            {"default_partner_id": self.id},
        )

    def action_view_account_plans(self):
        return self._crm_action_for_customer(
            "crm_campaigns.crm_account_plan_action",
            [("partner_id", "=", self.id)],
            {"default_partner_id": self.id},
        )
