from odoo import api, fields, models
from odoo.exceptions import UserError

CONSENT_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("phone", "Phone"),
    ("post", "Post"),
    ("sensitive", "Sensitive Personal Information"),
]
CONSENT_SOURCES = [
    ("portal", "Portal"),
    ("backoffice", "Back Office"),
    ("import", "Import"),
]


class CrmPartnerConsent(models.Model):
    """Append-only log of every consent given or withdrawn (PIPL articles 14-15):
    rows are created by ``res.partner._crm_set_consent`` only, never edited."""

    _name = "crm.partner.consent"
    _description = "Customer Consent Log"
    _order = "date desc, id desc"
    _rec_name = "channel"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    channel = fields.Selection(CONSENT_CHANNELS, required=True, readonly=True)
    granted = fields.Boolean(
        readonly=True, help="Set when the consent was given, cleared when it was withdrawn."
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    source = fields.Selection(CONSENT_SOURCES, required=True, default="backoffice", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        ondelete="set null",
        readonly=True,
    )
    note = fields.Text(readonly=True)
    # The company the consent was given to (the personal information handler):
    # its log is read by that company's staff only.
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The consent log is kept as evidence and cannot be deleted."))
