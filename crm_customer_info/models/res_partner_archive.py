from odoo import api, fields, models

SERVICE = "crm_customer_info.group_customer_service"


class ResPartner(models.Model):
    """From a customer to its archive: documents, annual volumes and loans."""

    _inherit = "res.partner"

    archive_document_count = fields.Integer(
        string="Archive Documents", compute="_compute_archive_counts", groups=SERVICE
    )
    archive_volume_count = fields.Integer(
        string="Annual Volumes", compute="_compute_archive_counts", groups=SERVICE
    )
    archive_borrow_count = fields.Integer(
        string="Archive Loans", compute="_compute_archive_counts", groups=SERVICE
    )

    @api.depends_context("uid")
    def _compute_archive_counts(self):
        # Counted with the reader's rights: a borrower sees his own loans only.
        customers = self.commercial_partner_id
        domain = [("partner_id", "in", customers.ids)]
        documents = dict(
            self.env["crm.archive.document"]._read_group(domain, ["partner_id"], ["__count"])
        )
        volumes = dict(
            self.env["crm.archive.volume"]._read_group(domain, ["partner_id"], ["__count"])
        )
        loans = dict(
            self.env["crm.archive.borrow.line"]._read_group(
                [("document_id.partner_id", "in", customers.ids)],
                ["document_id.partner_id"],
                ["borrow_id:count_distinct"],
            )
        )
        for partner in self:
            customer = partner.commercial_partner_id
            partner.archive_document_count = documents.get(customer, 0)
            partner.archive_volume_count = volumes.get(customer, 0)
            partner.archive_borrow_count = loans.get(customer, 0)

    def _crm_action_for_customer(self, xmlid, domain, context=None):
        """One of our list actions, narrowed to this customer's records."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context or {}
        return action

    def action_view_archive_documents(self):
        customer = self.commercial_partner_id
        return self._crm_action_for_customer(
            "crm_customer_info.crm_archive_document_action",
            [("partner_id", "=", customer.id)],
            {"default_partner_id": customer.id, "search_default_group_category": 1},
        )

    def action_view_archive_volumes(self):
        customer = self.commercial_partner_id
        return self._crm_action_for_customer(
            "crm_customer_info.crm_archive_volume_action", [("partner_id", "=", customer.id)]
        )

    def action_view_archive_borrows(self):
        customer = self.commercial_partner_id
        return self._crm_action_for_customer(
            "crm_customer_info.crm_archive_borrow_action",
            [("line_ids.document_id.partner_id", "=", customer.id)],
        )
