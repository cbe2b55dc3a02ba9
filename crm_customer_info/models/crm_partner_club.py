from odoo import fields, models


class CrmPartnerClub(models.Model):
    _name = "crm.partner.club"
    _description = "Club or Association Membership"
    _order = "partner_id, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True, string="Club / Association")
    club_type = fields.Selection(
        [
            ("club", "Club"),
            ("professional", "Professional or Trade Association"),
            ("community", "Community Group"),
            ("alumni", "Alumni Association"),
            ("other", "Other"),
        ],
        default="club",
        string="Type",
    )
    role = fields.Char(string="Position Held")
    date_start = fields.Date(string="Member Since")
    is_current = fields.Boolean(string="Current Member", default=True)
    note = fields.Text()
