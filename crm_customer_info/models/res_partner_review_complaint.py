from odoo import api, fields, models

SERVICE = "crm_customer_info.group_customer_service"


class ResPartner(models.Model):
    """Complaints of the customer, and their effect on the review cycle: a
    complaint received since the last review makes the review due from the
    day it was received (seed 004, 动态管理: 随时了解客户的经营动态).

    Loaded after ``res_partner_review``, whose computation it extends."""

    _inherit = "res.partner"

    # The complaint file is customer-service information, like the profile.
    complaint_ids = fields.One2many(
        "crm.complaint", "partner_id", string="Complaints", groups=SERVICE
    )
    complaint_count = fields.Integer(
        compute="_compute_complaint_count", string="Complaints Count", groups=SERVICE
    )

    def _compute_complaint_count(self):
        Complaint = self.env["crm.complaint"]
        if not Complaint.has_access("read"):
            self.complaint_count = 0
            return
        counts = {
            partner.id: count
            for partner, count in Complaint._read_group(
                [("partner_id", "in", self.ids)], groupby=["partner_id"], aggregates=["__count"]
            )
        }
        for partner in self:
            partner.complaint_count = counts.get(partner.id, 0)

    @api.depends("complaint_ids.date_received")
    def _compute_next_review_date(self):
        super()._compute_next_review_date()
        saved = self.filtered(
            lambda partner: isinstance(partner.id, int) and partner.next_review_date
        )
        if not saved:
            return
        latest = {
            partner.id: received
            for partner, received in self.env["crm.complaint"]
            .sudo()
            ._read_group(
                [("partner_id", "in", saved.ids)],
                groupby=["partner_id"],
                aggregates=["date_received:max"],
            )
        }
        for partner in saved:
            received = latest.get(partner.id)
            if (
                received
                and (not partner.last_review_date or received > partner.last_review_date)
                and received < partner.next_review_date
            ):
                partner.next_review_date = received

    def _crm_complaint_review(self):
        """Plan the review activity of customers a complaint made due."""
        partners = self.sudo().filtered(lambda partner: partner.review_due)
        if partners:
            partners._update_review_activities()

    def action_open_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_complaint_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
