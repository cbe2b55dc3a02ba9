from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class CrmArchiveVolumeCloseWizard(models.TransientModel):
    """Close a year of the archive: the year's filed documents of each customer
    and category are bound into a fixed volume (按类装订成固定卷保存)."""

    _name = "crm.archive.volume.close.wizard"
    _description = "Close a Year of the Customer Archive"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        domain="[('parent_id', '=', False)]",
        help="Leave empty to close the year of every customer.",
    )
    category_id = fields.Many2one(
        "crm.archive.category",
        string="Category",
        help="Leave empty to close every category.",
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year - 1,
        aggregator=False,
        help="A year that has ended.",
    )
    document_count = fields.Integer(
        compute="_compute_counts", string="Documents to Bind", help="Filed documents of the year."
    )
    lent_count = fields.Integer(
        compute="_compute_counts",
        string="Documents on Loan",
        help="They must be returned before the year can be closed.",
    )

    @api.depends("partner_id", "category_id", "year")
    def _compute_counts(self):
        Document = self.env["crm.archive.document"]
        for wizard in self:
            wizard.document_count = Document.search_count(wizard._documents_domain("filed"))
            wizard.lent_count = Document.search_count(wizard._documents_domain("lent"))

    def _documents_domain(self, state):
        self.ensure_one()
        domain = (
            Domain("year", "=", self.year)
            & Domain("state", "=", state)
            & Domain("volume_id", "=", False)
        )
        if self.partner_id:
            domain &= Domain("partner_id", "=", self.partner_id.commercial_partner_id.id)
        if self.category_id:
            domain &= Domain("category_id", "=", self.category_id.id)
        return domain

    def action_close(self):
        self.ensure_one()
        self._check_can_close()
        volumes = self._action_close()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_archive_volume_action"
        )
        action["domain"] = [("id", "in", volumes.ids)]
        return action

    def _check_can_close(self):
        self.ensure_one()
        if not self.env.user.has_group("crm_customer_info.group_archive_admin"):
            # The other checks read the archive, which is not theirs to close.
            raise UserError(self.env._("Only archive administrators close a year of the archive."))
        reasons = []
        current_year = fields.Date.context_today(self).year
        if self.year >= current_year:
            reasons.append(
                self.env._(
                    "Year %(year)s has not ended yet: a year is closed once it is over.",
                    year=self.year,
                )
            )
        Document = self.env["crm.archive.document"]
        if lent := Document.search(self._documents_domain("lent")):
            reasons.append(
                self.env._(
                    "These documents are on loan and must be returned first: %(documents)s",
                    documents=", ".join(lent.mapped("number")),
                )
            )
        if not reasons and not Document.search_count(self._documents_domain("filed"), limit=1):
            reasons.append(
                self.env._("There are no filed documents of %(year)s to bind.", year=self.year)
            )
        if reasons:
            raise UserError(
                self.env._(
                    "Year %(year)s cannot be closed:\n%(reasons)s",
                    year=self.year,
                    reasons="\n".join(f"- {reason}" for reason in reasons),
                )
            )

    def _action_close(self):
        documents = self.env["crm.archive.document"].search(self._documents_domain("filed"))
        return documents._bind_into_volumes()
