from odoo import api, fields, models
from odoo.exceptions import ValidationError

# 表2-3 人派关系检查表, with the relatives, friends and neighbours of seed 002.
RELATION_TYPES = [
    ("colleague", "Colleague / Junior"),
    ("superior", "Senior / Superior"),
    ("hometown", "From the Same Hometown"),
    ("classmate", "Classmate"),
    ("customer", "Customer"),
    ("club", "Club Member"),
    ("relative", "Relative"),
    ("friend", "Friend"),
    ("neighbour", "Neighbour"),
    ("other", "Other"),
]


class CrmPartnerRelationship(models.Model):
    _name = "crm.partner.relationship"
    _description = "Relationship Network Entry"
    _order = "partner_id, relation_type, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    relation_type = fields.Selection(RELATION_TYPES, required=True, default="colleague")
    related_partner_id = fields.Many2one(
        "res.partner",
        string="Linked Contact",
        ondelete="set null",
        help="The person, when they are also in the address book.",
    )
    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        help="Filled from the linked contact; can be typed when there is none.",
    )
    speciality = fields.Char(help="Speciality or expertise (专长).")
    unit_position = fields.Char(string="Unit / Position")
    closeness = fields.Selection(
        [("closest", "Closest"), ("good", "Good"), ("normal", "Normal"), ("poor", "Poor")],
        help="How well they get along; 'closest' marks the best relative, friend, neighbour...",
    )
    note = fields.Text()

    @api.depends("related_partner_id")
    def _compute_name(self):
        for entry in self:
            if entry.related_partner_id:
                entry.name = entry.related_partner_id.name

    @api.constrains("partner_id", "related_partner_id", "name")
    def _check_not_self(self):
        for entry in self:
            if not entry.name:
                raise ValidationError(
                    self.env._("Relationship network: give a name or link a contact.")
                )
            if entry.related_partner_id and entry.related_partner_id == entry.partner_id:
                raise ValidationError(
                    self.env._(
                        "Relationship network of %(name)s: "
                        "a customer cannot be related to themself.",
                        name=entry.partner_id.name,
                    )
                )
