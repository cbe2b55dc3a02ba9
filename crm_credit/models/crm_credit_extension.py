from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

EXTENSION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
# Decided by the extension's transitions only (crm.workflow.mixin); the
# requester is the user who creates it.
PROTECTED_FIELDS = frozenset({"state", "requester_id", "approver_id", "decision_date"})
# What is asked for: frozen once the request is submitted.
REQUEST_FIELDS = frozenset({"partner_id", "company_id", "invoice_id", "requested_due_date"})


class CrmCreditExtension(models.Model):
    """延期还款审批单: a request to move the due date of one customer invoice."""

    _name = "crm.credit.extension"
    _description = "Payment Extension"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.credit.archive.mixin",
        "crm.workflow.mixin",
    ]
    _order = "id desc"
    _crm_protected_fields = PROTECTED_FIELDS

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id", string="Currency")
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        tracking=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('payment_state', 'in', ('not_paid', 'partial')),"
        " ('commercial_partner_id', '=', partner_id), ('company_id', '=', company_id)]",
    )
    amount_residual = fields.Monetary(related="invoice_id.amount_residual", string="Amount Due")
    current_due_date = fields.Date(
        string="Current Due Date",
        compute="_compute_current_due_date",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Due date of the invoice when the extension was requested.",
    )
    requested_due_date = fields.Date(string="Requested Due Date", required=True, tracking=True)
    reason = fields.Text(string="Reason", required=True)
    state = fields.Selection(
        EXTENSION_STATES,
        string="Status",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        default="draft",
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    decision_date = fields.Date(string="Decided On", readonly=True, copy=False)

    @api.depends("invoice_id")
    def _compute_current_due_date(self):
        for extension in self:
            extension.current_due_date = extension.invoice_id.invoice_date_due

    @api.onchange("invoice_id")
    def _onchange_invoice_id(self):
        if self.invoice_id and not self.partner_id:
            self.partner_id = self.invoice_id.commercial_partner_id

    @api.depends("invoice_id", "requested_due_date")
    def _compute_display_name(self):
        for extension in self:
            extension.display_name = self.env._(
                "%(invoice)s until %(date)s",
                invoice=extension.invoice_id.name or "",
                date=extension.requested_due_date or "",
            )

    @api.constrains("current_due_date", "requested_due_date")
    def _check_requested_due_date(self):
        for extension in self:
            if (
                extension.current_due_date
                and extension.requested_due_date
                and extension.requested_due_date <= extension.current_due_date
            ):
                raise ValidationError(
                    self.env._("The requested due date must be later than the current one.")
                )

    @api.constrains("invoice_id", "partner_id")
    def _check_invoice(self):
        for extension in self:
            invoice = extension.invoice_id
            if invoice.move_type != "out_invoice":
                raise ValidationError(self.env._("Only customer invoices can be extended."))
            if invoice.commercial_partner_id != extension.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s is not addressed to %(partner)s.",
                        invoice=invoice.name,
                        partner=extension.partner_id.display_name,
                    )
                )

    def write(self, vals):
        if (
            REQUEST_FIELDS & vals.keys()
            and not self._crm_in_transition()
            and any(extension.state != "draft" for extension in self)
        ):
            raise UserError(
                self.env._(
                    "Only draft payment extensions can be changed; "
                    "a rejected one is reset to draft first."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _open_invoice_reasons(self, extension):
        invoice = extension.invoice_id
        if invoice.state != "posted" or invoice.payment_state not in ("not_paid", "partial"):
            return [self.env._("Invoice %(invoice)s is not open.", invoice=invoice.display_name)]
        return []

    def action_submit(self):
        reasons = []
        for extension in self:
            if extension.state != "draft":
                reasons.append(self.env._("%(ext)s is not a draft.", ext=extension.display_name))
            reasons += self._open_invoice_reasons(extension)
        if reasons:
            raise UserError("\n".join(reasons))
        self._crm_transition_write({"state": "submitted"})
        return True

    def action_approve(self):
        self._check_can_approve()
        self._crm_transition_write(self._prepare_approve_values())
        self._action_approve()
        return True

    def _check_can_approve(self):
        reasons = []
        if not self.env.user.has_group("crm_credit.group_credit_manager"):
            reasons.append(self.env._("Only credit managers approve payment extensions."))
        for extension in self:
            if extension.state != "submitted":
                reasons.append(
                    self.env._("%(ext)s has not been submitted.", ext=extension.display_name)
                )
            if extension.requester_id == self.env.user:
                reasons.append(
                    self.env._(
                        "You cannot approve your own request %(ext)s.", ext=extension.display_name
                    )
                )
            reasons += self._open_invoice_reasons(extension)
        if reasons:
            raise UserError("\n".join(reasons))

    def _prepare_approve_values(self):
        return {
            "state": "approved",
            "approver_id": self.env.user.id,
            "decision_date": fields.Date.context_today(self),
        }

    def _action_approve(self):
        """Move the due date of the invoice and of its receivable lines, so
        that aging and arrears warnings follow the new date, then file the
        approved form in the customer archive."""
        for extension in self:
            invoice_sudo = extension.invoice_id.sudo()
            receivable_lines = invoice_sudo.line_ids.filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable" and not line.reconciled
                )
            )
            receivable_lines.write({"date_maturity": extension.requested_due_date})
            invoice_sudo.write({"invoice_date_due": extension.requested_due_date})
            invoice_sudo.message_post(
                body=self.env._(
                    "Due date extended to %(date)s (payment extension approved by %(user)s).",
                    date=extension.requested_due_date,
                    user=self.env.user.name,
                )
            )
        self._file_in_archive(
            "crm_credit.action_report_credit_extension",
            "crm_customer_info.archive_type_credit_extension",
            self.env._("Payment Extension"),
        )

    def action_reject(self):
        if not self.env.user.has_group("crm_credit.group_credit_manager"):
            raise UserError(self.env._("Only credit managers reject payment extensions."))
        if any(extension.state != "submitted" for extension in self):
            raise UserError(self.env._("Only submitted requests can be rejected."))
        self._crm_transition_write(
            {
                "state": "rejected",
                "approver_id": self.env.user.id,
                "decision_date": fields.Date.context_today(self),
            }
        )
        return True

    def action_draft(self):
        if any(extension.state != "rejected" for extension in self):
            raise UserError(self.env._("Only rejected requests can be reset to draft."))
        self._crm_transition_write({"state": "draft", "approver_id": False, "decision_date": False})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if any(extension.state == "approved" for extension in self):
            raise UserError(self.env._("Approved payment extensions cannot be deleted."))
