from odoo import api, fields, models
from odoo.exceptions import UserError

# The whole entry: written by the posting of an overridden invoice only
# (account.move._log_credit_override), never edited (crm.workflow.mixin).
LOG_FIELDS = frozenset(
    {
        "move_id",
        "partner_id",
        "company_id",
        "user_id",
        "date",
        "reason",
        "block_reasons",
        "amount",
    }
)


class CrmCreditOverrideLog(models.Model):
    """Audit trail of invoices posted despite a credit block."""

    _name = "crm.credit.override.log"
    _description = "Credit Block Override"
    _inherit = ["crm.workflow.mixin"]
    _order = "date desc, id desc"
    _rec_name = "move_id"
    _crm_protected_fields = LOG_FIELDS

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Overridden By", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    reason = fields.Text(readonly=True)
    block_reasons = fields.Text(string="Blocked Because", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True, currency_field="currency_id")

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Credit override entries are kept: they cannot be deleted."))
