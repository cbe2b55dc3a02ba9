from datetime import timedelta

from odoo import fields, models

BORROW_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("lent", "Lent"),
    ("returned", "Returned"),
    ("cancelled", "Cancelled"),
]


class CrmArchiveBorrow(models.Model):
    """表2-8 客户资料借阅表: one request, one or more documents."""

    _name = "crm.archive.borrow"
    _description = "Archive Borrowing Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "request_date desc, id desc"

    name = fields.Char(readonly=True, copy=False, default="/")
    borrower_id = fields.Many2one(
        "res.users",
        string="Borrower",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    purpose = fields.Text(required=True)
    mode = fields.Selection(
        [("consult", "On-Site Consultation"), ("lend", "Lending")],
        required=True,
        default="consult",
        tracking=True,
        help="Originals can only be consulted on site.",
    )
    request_date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    due_date = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
    )
    line_ids = fields.One2many("crm.archive.borrow.line", "borrow_id", string="Documents")
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, tracking=True)
    second_approver_id = fields.Many2one(
        "res.users", string="Second Approval By", readonly=True, tracking=True
    )
    handler_id = fields.Many2one("res.users", string="Handled By", readonly=True, tracking=True)
    lent_on = fields.Datetime(readonly=True)
    returned_on = fields.Datetime(readonly=True)
    return_condition = fields.Text(readonly=True)
    rejection_reason = fields.Text(readonly=True)
    state = fields.Selection(
        BORROW_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
