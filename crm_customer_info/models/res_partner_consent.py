from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .crm_partner_consent import CONSENT_CHANNELS, CONSENT_SOURCES
from .crm_workflow_mixin import cursor_state

SERVICE = "crm_customer_info.group_customer_service"
CONSENT_FIELDS = frozenset(
    {"consent_email", "consent_sms", "consent_phone", "consent_post", "consent_sensitive"}
)
# Set on the cursor while load() imports contacts: their consents are logged
# with the source "import".
IMPORT_KEY = "crm_partner_import"


class ResPartner(models.Model):
    """Consents per contact channel and for sensitive personal information
    (PIPL article 29), with the log of every change."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.workflow.mixin", "crm.sensitive.mixin"]
    # Changed by _crm_set_consent only, which logs each change.
    _crm_protected_fields = CONSENT_FIELDS

    consent_email = fields.Boolean(
        string="Email Consent",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer agreed to receive marketing by email.",
    )
    consent_sms = fields.Boolean(
        string="SMS Consent",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer agreed to receive marketing by text message.",
    )
    consent_phone = fields.Boolean(
        string="Phone Consent",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer agreed to receive marketing calls.",
    )
    consent_post = fields.Boolean(
        string="Post Consent",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer agreed to receive marketing by post.",
    )
    consent_sensitive = fields.Boolean(
        string="Sensitive Information Consent",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="The customer gave separate consent to the processing of sensitive personal "
        "information (resident ID, health, religion, politics, income). Without it, such "
        "information cannot be recorded; after a withdrawal the values recorded before are "
        "kept but hidden from everyone except customer-information managers.",
    )
    consent_ids = fields.One2many(
        "crm.partner.consent",
        "partner_id",
        string="Consent Log",
        readonly=True,
        groups=SERVICE,
    )

    # ------------------------------------------------------------------
    # Recording consents
    # ------------------------------------------------------------------
    def _crm_set_consent(self, channel, granted, source="backoffice", note=False):
        """Give (``granted=True``) or withdraw a consent on every partner of
        ``self`` and log one row per partner. The only way to change them."""
        if channel not in dict(CONSENT_CHANNELS):
            raise UserError(self.env._("Unknown consent channel: %(channel)s", channel=channel))
        if source not in dict(CONSENT_SOURCES):
            raise UserError(self.env._("Unknown consent source: %(source)s", source=source))
        if not self:
            return True
        self.sudo()._crm_transition_write({f"consent_{channel}": bool(granted)})
        self.env["crm.partner.consent"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "channel": channel,
                    "granted": bool(granted),
                    "source": source,
                    "note": note,
                    "user_id": self.env.uid,
                }
                for partner in self
            ]
        )
        return True

    def _crm_can_contact(self, channel):
        """Whether the customer consented to ``channel`` (email, sms, phone,
        post or sensitive); marketing campaigns check it before sending."""
        self.ensure_one()
        if channel not in dict(CONSENT_CHANNELS):
            raise UserError(self.env._("Unknown consent channel: %(channel)s", channel=channel))
        return bool(self.sudo()[f"consent_{channel}"])

    def _crm_check_consent_manager(self):
        if not self.env.user.has_group(SERVICE):
            raise AccessError(
                self.env._("Only customer service can record the consents of a customer.")
            )
        self.check_access("write")

    def action_crm_consent_grant(self):
        self._crm_check_consent_manager()
        self._crm_set_consent(self.env.context.get("crm_consent_channel"), True)

    def action_crm_consent_withdraw(self):
        self._crm_check_consent_manager()
        self._crm_set_consent(self.env.context.get("crm_consent_channel"), False)

    @api.model
    def load(self, fields, data):
        # An import (base_import, or load() through the API) may bring consents
        # collected elsewhere, in consent_* columns: they are logged with the
        # source "import" and the importing user.
        importing = cursor_state(self.env.cr, IMPORT_KEY, dict)
        importing[self._name] = True
        try:
            with self._crm_transition():
                return super().load(fields, data)
        finally:
            importing.pop(self._name, None)

    @api.model_create_multi
    def create(self, vals_list):
        importing = cursor_state(self.env.cr, IMPORT_KEY, dict).get(self._name, False)
        partners = super().create(vals_list)
        if importing:
            self.env["crm.partner.consent"].sudo().create(
                [
                    {
                        "partner_id": partner.id,
                        "channel": fname.removeprefix("consent_"),
                        "granted": bool(vals[fname]),
                        "source": "import",
                        "user_id": self.env.uid,
                    }
                    for partner, vals in zip(partners, vals_list, strict=True)
                    for fname in sorted(CONSENT_FIELDS.intersection(vals))
                ]
            )
        return partners
