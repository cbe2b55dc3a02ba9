from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.crm_archive_document import CONFIDENTIALITY, DOCUMENT_STATES


class CrmArchiveDocumentAnalysis(models.Model):
    """Archive statistics: one row per archive document with its pages and
    the number of times it was actually handed out (lent or returned)."""

    _name = "crm.archive.document.analysis"
    _description = "Archive Document Statistics"
    _auto = False
    _rec_name = "document_id"
    _order = "year desc, id desc"

    document_id = fields.Many2one("crm.archive.document", string="Document", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("crm.archive.category", string="Category", readonly=True)
    type_id = fields.Many2one("crm.archive.document.type", string="Document Type", readonly=True)
    volume_id = fields.Many2one("crm.archive.volume", string="Volume", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    document_date = fields.Date(readonly=True)
    state = fields.Selection(DOCUMENT_STATES, string="Status", readonly=True)
    original = fields.Selection([("original", "Original"), ("copy", "Copy")], readonly=True)
    confidentiality = fields.Selection(CONFIDENTIALITY, readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    pages = fields.Integer(readonly=True, aggregator="sum")
    loan_count = fields.Integer(
        string="Times Borrowed",
        readonly=True,
        aggregator="sum",
        help="Requests that handed the document out, returned or not.",
    )

    _depends = {
        "crm.archive.document": [
            "partner_id",
            "category_id",
            "type_id",
            "volume_id",
            "year",
            "document_date",
            "state",
            "original",
            "confidentiality",
            "company_id",
            "pages",
        ],
        "crm.archive.borrow.line": ["document_id", "state"],
    }

    @api.model
    def _query(self):
        return SQL(
            """
            SELECT document.id AS id,
                   document.id AS document_id,
                   document.partner_id AS partner_id,
                   document.category_id AS category_id,
                   document.type_id AS type_id,
                   document.volume_id AS volume_id,
                   document.year AS year,
                   document.document_date AS document_date,
                   document.state AS state,
                   document.original AS original,
                   document.confidentiality AS confidentiality,
                   document.company_id AS company_id,
                   COALESCE(document.pages, 0) AS pages,
                   COALESCE(loans.loan_count, 0) AS loan_count
              FROM crm_archive_document document
         LEFT JOIN (SELECT line.document_id, COUNT(*) AS loan_count
                      FROM crm_archive_borrow_line line
                     WHERE line.state IN ('lent', 'returned')
                  GROUP BY line.document_id) loans ON loans.document_id = document.id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
