from odoo import models

from .crm_sensitive_mixin import Guarded


class MailTrackingValue(models.Model):
    """The chatter's record of a change to a guarded value is hidden wherever
    the value itself is (see crm.sensitive.mixin)."""

    _inherit = "mail.tracking.value"

    def _filter_has_field_access(self, env):
        trackings = super()._filter_has_field_access(env)

        def hidden(tracking):
            Model = env[tracking.field_id.model]
            field = Model._fields.get(tracking.field_id.name)
            if not isinstance(field, Guarded):
                return False
            message = tracking.mail_message_id
            record = env[message.model].browse(message.res_id) if message.model else None
            return (
                not record
                or record._name != Model._name
                or not record.exists()
                or record._crm_field_hidden(field.crm_rule)
            )

        return trackings.filtered(lambda tracking: not hidden(tracking))
