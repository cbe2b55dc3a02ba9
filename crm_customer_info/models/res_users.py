import time

from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _crm_close_portal_accounts(self):
        """Close the portal accounts of anonymised customers the way Odoo
        closes the account a portal user deletes himself
        (``_deactivate_portal_user``): login replaced, password and API keys
        removed, user archived; his devices (IP addresses, places) forgotten.
        The user stays, named after his anonymised partner, for the records
        he made. Returns the lines of the erasure log."""
        users = self.sudo().with_context(active_test=False).filtered("share")
        if not users:
            return []
        for user in users:
            user.write(
                {
                    "login": f"__deleted_user_{user.id}_{time.time()}",
                    "password": "",
                    "signature": False,
                }
            )
        users.api_key_ids._remove()
        self.env["res.device.log"].sudo().search([("user_id", "in", users.ids)]).unlink()
        users.filtered("active").action_archive()
        return [
            self.env._(
                "%(count)s portal account(s) closed: login and password removed, user archived.",
                count=len(users),
            )
        ]
