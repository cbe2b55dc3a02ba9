from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.crm_archive_borrow import BORROW_STATES


class CrmArchiveBorrowAnalysis(models.Model):
    """Borrowing statistics: one row per borrowing request with its documents,
    whether it is overdue now or was returned late, and how long the
    documents were out (till today for those still out)."""

    _name = "crm.archive.borrow.analysis"
    _description = "Archive Borrowing Statistics"
    _auto = False
    _rec_name = "borrow_id"
    _order = "request_date desc, id desc"

    borrow_id = fields.Many2one("crm.archive.borrow", string="Request", readonly=True)
    borrower_id = fields.Many2one("res.users", string="Borrower", readonly=True)
    handler_id = fields.Many2one("res.users", string="Handled By", readonly=True)
    mode = fields.Selection(
        [("consult", "On-Site Consultation"), ("lend", "Lending")], readonly=True
    )
    state = fields.Selection(BORROW_STATES, string="Status", readonly=True)
    request_date = fields.Date(readonly=True)
    due_date = fields.Date(readonly=True)
    lent_on = fields.Datetime(readonly=True)
    returned_on = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    is_loan = fields.Boolean(
        string="Handed Out", readonly=True, help="The documents were handed out."
    )
    is_overdue = fields.Boolean(
        string="Overdue", readonly=True, help="Handed out and not returned by the due date."
    )
    document_count = fields.Integer(string="Documents", readonly=True, aggregator="sum")
    loan_count = fields.Integer(string="Loans", readonly=True, aggregator="sum")
    overdue_count = fields.Integer(string="Overdue Loans", readonly=True, aggregator="sum")
    returned_late_count = fields.Integer(string="Returned Late", readonly=True, aggregator="sum")
    renewal_count = fields.Integer(string="Renewals", readonly=True, aggregator="sum")
    loan_days = fields.Float(
        string="Loan Time (days)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="From hand-out to return, or to now while the documents are out.",
    )
    days_overdue = fields.Integer(string="Days Overdue", readonly=True, aggregator="max")

    _depends = {
        "crm.archive.borrow": [
            "borrower_id",
            "handler_id",
            "mode",
            "state",
            "request_date",
            "due_date",
            "lent_on",
            "returned_on",
            "company_id",
            "renewal_count",
        ],
        "crm.archive.borrow.line": ["borrow_id"],
    }

    @api.model
    def _query(self):
        loan = SQL("borrow.state IN ('lent', 'returned') AND borrow.lent_on IS NOT NULL")
        overdue = SQL("borrow.state = 'lent' AND borrow.due_date < CURRENT_DATE")
        late = SQL("borrow.state = 'returned' AND borrow.returned_on::date > borrow.due_date")
        return SQL(
            """
            SELECT borrow.id AS id,
                   borrow.id AS borrow_id,
                   borrow.borrower_id AS borrower_id,
                   borrow.handler_id AS handler_id,
                   borrow.mode AS mode,
                   borrow.state AS state,
                   borrow.request_date AS request_date,
                   borrow.due_date AS due_date,
                   borrow.lent_on AS lent_on,
                   borrow.returned_on AS returned_on,
                   borrow.company_id AS company_id,
                   (%(loan)s) AS is_loan,
                   (%(overdue)s) AS is_overdue,
                   COALESCE(lines.document_count, 0) AS document_count,
                   CASE WHEN %(loan)s THEN 1 ELSE 0 END AS loan_count,
                   CASE WHEN %(overdue)s THEN 1 ELSE 0 END AS overdue_count,
                   CASE WHEN %(late)s THEN 1 ELSE 0 END AS returned_late_count,
                   COALESCE(borrow.renewal_count, 0) AS renewal_count,
                   CASE WHEN %(loan)s
                        THEN EXTRACT(EPOCH FROM COALESCE(borrow.returned_on,
                                                         NOW() AT TIME ZONE 'UTC')
                                                - borrow.lent_on) / 86400.0
                   END AS loan_days,
                   CASE WHEN %(overdue)s THEN CURRENT_DATE - borrow.due_date
                        WHEN %(late)s THEN borrow.returned_on::date - borrow.due_date
                        ELSE 0 END AS days_overdue
              FROM crm_archive_borrow borrow
         LEFT JOIN (SELECT borrow_id, COUNT(*) AS document_count
                      FROM crm_archive_borrow_line
                  GROUP BY borrow_id) lines ON lines.borrow_id = borrow.id
            """,
            loan=loan,
            overdue=overdue,
            late=late,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
