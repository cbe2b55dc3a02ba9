from odoo import api, fields, models
from odoo.exceptions import ValidationError

AXES = ("r", "f", "m")


class CrmRfmSegment(models.Model):
    """A named box in the RFM score space: a customer belongs to the segment
    whose recency, frequency and monetary score ranges all contain his scores.
    Active segments never overlap, so a customer has at most one."""

    _name = "crm.rfm.segment"
    _description = "RFM Segment"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True, help="Who these customers are and how to treat them.")
    r_min = fields.Integer(string="Recency Score From", default=1, required=True)
    r_max = fields.Integer(string="Recency Score To", default=5, required=True)
    f_min = fields.Integer(string="Frequency Score From", default=1, required=True)
    f_max = fields.Integer(string="Frequency Score To", default=5, required=True)
    m_min = fields.Integer(string="Monetary Score From", default=1, required=True)
    m_max = fields.Integer(string="Monetary Score To", default=5, required=True)
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    _name_uniq = models.Constraint("UNIQUE(name)", "An RFM segment with this name already exists.")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("rfm_segment_id", "in", self.ids)], ["rfm_segment_id"], ["__count"]
            )
        )
        for segment in self:
            segment.partner_count = counts.get(segment, 0)

    def action_open_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_campaigns.res_partner_action_rfm"
        )
        action["domain"] = [("rfm_segment_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.constrains(*(f"{axis}_{end}" for axis in AXES for end in ("min", "max")))
    def _check_ranges(self):
        for segment in self:
            for axis in AXES:
                low, high = segment[f"{axis}_min"], segment[f"{axis}_max"]
                if not (1 <= low <= 5 and 1 <= high <= 5):
                    raise ValidationError(
                        self.env._(
                            "Segment %(segment)s: RFM scores run from 1 to 5.",
                            segment=segment.name,
                        )
                    )
                if low > high:
                    raise ValidationError(
                        self.env._(
                            "Segment %(segment)s matches no customer: a score range starts "
                            "above its end.",
                            segment=segment.name,
                        )
                    )

    @api.constrains(*(f"{axis}_{end}" for axis in AXES for end in ("min", "max")), "active")
    def _check_overlap(self):
        active = self.search([("active", "=", True)])
        for segment in self.filtered("active"):
            for other in active - segment:
                if all(
                    segment[f"{axis}_min"] <= other[f"{axis}_max"]
                    and other[f"{axis}_min"] <= segment[f"{axis}_max"]
                    for axis in AXES
                ):
                    raise ValidationError(
                        self.env._(
                            "Segments %(segment)s and %(other)s overlap: a customer with the "
                            "same scores would belong to both.",
                            segment=segment.name,
                            other=other.name,
                        )
                    )
