from odoo import api, fields, models
from odoo.exceptions import UserError

VOLUME_STATES = [("closed", "Year Closed"), ("destroyed", "Destroyed")]
# Set when a year is closed or a volume destroyed, never by hand (crm.workflow.mixin).
PROTECTED_FIELDS = frozenset(
    {
        "name",
        "partner_id",
        "category_id",
        "year",
        "company_id",
        "document_ids",
        "state",
        "closed_by_id",
        "closed_on",
        "destroyed_by_id",
        "destroyed_on",
    }
)
# A volume is created for one customer's category and year, then fixed.
CREATE_FIELDS = frozenset({"partner_id", "category_id", "year", "company_id"})


class CrmArchiveVolume(models.Model):
    """One customer's category for one year, bound into a fixed volume
    (每年分年度清理、按类装订成固定卷保存)."""

    _name = "crm.archive.volume"
    _description = "Annual Archive Volume"
    _inherit = ["mail.thread", "crm.workflow.mixin"]
    _order = "year desc, partner_id, category_id"
    _crm_protected_fields = PROTECTED_FIELDS
    _crm_create_fields = CREATE_FIELDS

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict"
    )
    category_id = fields.Many2one(
        "crm.archive.category", string="Category", required=True, ondelete="restrict"
    )
    year = fields.Integer(required=True, aggregator=False)
    document_ids = fields.One2many("crm.archive.document", "volume_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_stats", string="Documents Count")
    page_count = fields.Integer(compute="_compute_document_stats", string="Pages")
    state = fields.Selection(
        VOLUME_STATES,
        string="Status",
        default="closed",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed By", readonly=True, default=lambda self: self.env.user
    )
    closed_on = fields.Date(readonly=True, default=fields.Date.context_today)
    destroyed_by_id = fields.Many2one("res.users", string="Destroyed By", readonly=True)
    destroyed_on = fields.Date(readonly=True)
    destruction_reason = fields.Text(
        tracking=True,
        help="Why the volume is destroyed, and on whose authority; required to destroy it.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _volume_uniq = models.Constraint(
        "UNIQUE(partner_id, category_id, year, company_id)",
        "This customer's category is already closed for that year.",
    )

    def _compute_document_stats(self):
        stats = {
            volume.id: (count, pages)
            for volume, count, pages in self.env["crm.archive.document"]._read_group(
                [("volume_id", "in", self.ids)],
                groupby=["volume_id"],
                aggregates=["__count", "pages:sum"],
            )
        }
        for volume in self:
            volume.document_count, volume.page_count = stats.get(volume.id, (0, 0))

    def _volume_key(self):
        self.ensure_one()
        return (self.partner_id.id, self.category_id.id, self.year, self.company_id.id)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_create_values(vals_list)
        Partner = self.env["res.partner"]
        Category = self.env["crm.archive.category"]
        for vals in vals_list:
            partner = Partner.browse(vals.get("partner_id")).commercial_partner_id
            vals["partner_id"] = partner.id
            if vals.get("name", "/") == "/":
                category = Category.browse(vals.get("category_id"))
                # <year>-<customer ref or id>-<category code>, e.g. 2025-C0042-3
                vals["name"] = f"{vals.get('year')}-{partner.ref or partner.id}-{category.code}"
        with self._crm_transition():
            return super().create(vals_list)

    def write(self, vals):
        if not self._crm_in_transition():
            self._check_writable(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Archive volumes are never deleted; destroy them to leave a record.")
        )

    def _check_writable(self, vals):
        exempt = self.env["crm.archive.document"]._readonly_exempt_fields()
        reasons = []
        destroyed = self.filtered(lambda v: v.state == "destroyed")
        if destroyed and set(vals) - exempt:
            reasons.append(
                self.env._(
                    "%(volumes)s: destroyed volumes are read-only.",
                    volumes=", ".join(destroyed.mapped("name")),
                )
            )
        if reasons:
            raise UserError("\n".join(reasons))

    # ------------------------------------------------------------------
    # Destruction
    # ------------------------------------------------------------------

    def action_destroy(self):
        self._check_can_destroy()
        self._action_destroy(self._prepare_destroy_values())
        return True

    def _check_can_destroy(self):
        reasons = []
        if not self.env.user.has_group("crm_customer_info.group_manager"):
            reasons.append(self.env._("Only a customer information manager destroys volumes."))
        if destroyed := self.filtered(lambda v: v.state == "destroyed"):
            reasons.append(
                self.env._(
                    "%(volumes)s: already destroyed.", volumes=", ".join(destroyed.mapped("name"))
                )
            )
        if unexplained := self.filtered(lambda v: not (v.destruction_reason or "").strip()):
            reasons.append(
                self.env._(
                    "%(volumes)s: give the reason for the destruction first.",
                    volumes=", ".join(unexplained.mapped("name")),
                )
            )
        if reasons:
            raise UserError(
                self.env._(
                    "The volumes cannot be destroyed:\n%(reasons)s",
                    reasons="\n".join(f"- {reason}" for reason in reasons),
                )
            )

    def _prepare_destroy_values(self):
        return {
            "state": "destroyed",
            "destroyed_by_id": self.env.user.id,
            "destroyed_on": fields.Date.context_today(self),
        }

    def _action_destroy(self, values):
        """The documents are marked destroyed; nothing is deleted, and their
        scans stay attached, readable as the documents are."""
        self._crm_transition_write(values)
        self.document_ids._crm_transition_write({"state": "destroyed"})
        for volume in self:
            volume.message_post(
                body=self.env._(
                    "Volume destroyed by %(user)s with its %(count)s documents (%(documents)s). "
                    "Reason: %(reason)s",
                    user=self.env.user.name,
                    count=len(volume.document_ids),
                    documents=", ".join(volume.document_ids.mapped("number")),
                    reason=volume.destruction_reason,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_customer_info.crm_archive_document_action"
        )
        action["domain"] = [("volume_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
