from odoo import fields, models


class CrmRfmHistory(models.Model):
    """One row each time a customer's RFM segment changes, written by the
    recomputation in the same statement that updates the customer."""

    _name = "crm.rfm.history"
    _description = "RFM Segment History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    previous_segment_id = fields.Many2one(
        "crm.rfm.segment", string="From Segment", readonly=True, ondelete="set null"
    )
    segment_id = fields.Many2one(
        "crm.rfm.segment", string="To Segment", readonly=True, ondelete="set null"
    )
    rfm_code = fields.Char(string="RFM Code", readonly=True)
    recency_days = fields.Integer(string="Recency (days)", readonly=True)
    frequency = fields.Integer(readonly=True)
    monetary = fields.Float(readonly=True, digits=(16, 2))
