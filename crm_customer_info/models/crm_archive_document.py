from odoo import api, fields, models

DOCUMENT_STATES = [
    ("filed", "Filed"),
    ("lent", "Lent"),
    ("bound", "Bound into a Volume"),
    ("destroyed", "Destroyed"),
]
CONFIDENTIALITY = [("internal", "Internal"), ("confidential", "Confidential"), ("secret", "Secret")]


class CrmArchiveDocument(models.Model):
    _name = "crm.archive.document"
    _description = "Customer Archive Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "partner_id, category_id, number, id"
    _rec_name = "number"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('parent_id', '=', False)]",
        tracking=True,
        help="The customer file (commercial partner) this document belongs to.",
    )
    category_id = fields.Many2one(
        "crm.archive.category",
        string="Category",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    type_id = fields.Many2one(
        "crm.archive.document.type",
        string="Document Type",
        ondelete="restrict",
        domain="[('category_id', '=', category_id)]",
    )
    number = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        default="/",
        help="Customer reference, category and running number, given when filed.",
    )
    title = fields.Char(required=True, tracking=True)
    document_date = fields.Date(default=fields.Date.context_today)
    year = fields.Integer(
        compute="_compute_year", store=True, readonly=False, index=True, aggregator=False
    )
    pages = fields.Integer(default=1)
    original = fields.Selection(
        [("original", "Original"), ("copy", "Copy")],
        required=True,
        default="copy",
        tracking=True,
        help="Originals can only be consulted on site, never lent.",
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY,
        required=True,
        default="internal",
        tracking=True,
        help="Secret documents need a second approval by a manager to be borrowed.",
    )
    location = fields.Char(string="Storage Location", help="Cabinet, shelf and box.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_archive_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Attachments",
    )
    state = fields.Selection(
        DOCUMENT_STATES,
        default="filed",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    shared_with_customer = fields.Boolean(
        tracking=True, help="The customer can download it from the portal."
    )
    volume_id = fields.Many2one(
        "crm.archive.volume",
        string="Volume",
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("document_date")
    def _compute_year(self):
        for document in self:
            document.year = document.document_date.year if document.document_date else 0
