from odoo import fields, models

VALUE_QUADRANTS = [
    ("star", "Star"),
    ("trouble", "Trouble"),
    ("chicken_rib", "Chicken Rib"),
    ("dog", "Dog"),
]
ABC_CLASSES = [("A", "A"), ("B", "B"), ("C", "C")]


class ResPartner(models.Model):
    """RFM scores, value-matrix quadrant and ABC class of each customer,
    written by the set-based recomputation in ``crm.rfm.segment``."""

    _inherit = "res.partner"

    rfm_recency_days = fields.Integer(
        string="Recency (days)",
        readonly=True,
        help="Days since the customer's last posted invoice in the RFM window.",
    )
    rfm_frequency = fields.Integer(
        string="Frequency",
        readonly=True,
        help="Posted customer invoices in the RFM window.",
    )
    rfm_monetary = fields.Monetary(
        string="Monetary",
        readonly=True,
        currency_field="currency_id",
        help="Untaxed invoiced amount in the RFM window, net of credit notes, in company "
        "currency.",
    )
    rfm_r_score = fields.Integer(
        string="R Score", readonly=True, help="Recency score: 5 bought most recently, 1 longest ago."
    )
    rfm_f_score = fields.Integer(
        string="F Score", readonly=True, help="Frequency score: 5 buys most often, 1 least often."
    )
    rfm_m_score = fields.Integer(
        string="M Score", readonly=True, help="Monetary score: 5 spends most, 1 least."
    )
    rfm_code = fields.Char(
        string="RFM Code",
        readonly=True,
        index="btree_not_null",
        help="Recency, frequency and monetary scores side by side; 555 is the best customer.",
    )
    rfm_segment_id = fields.Many2one(
        "crm.rfm.segment",
        string="RFM Segment",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    rfm_date = fields.Datetime(string="RFM Computed On", readonly=True)
    value_profit = fields.Monetary(
        string="Profit Contribution",
        readonly=True,
        currency_field="currency_id",
        help="Margin on the invoices of the RFM window where products have a cost, revenue "
        "otherwise.",
    )
    value_complexity = fields.Float(
        string="Service Complexity",
        readonly=True,
        digits=(16, 1),
        help="Activities, credit notes and complaints of the RFM window.",
    )
    value_quadrant = fields.Selection(
        VALUE_QUADRANTS,
        string="Value Quadrant",
        readonly=True,
        index="btree_not_null",
        help="Star: high profit, low service effort. Trouble: high profit, high effort. "
        "Chicken rib: low profit, low effort. Dog: low profit, high effort.",
    )
    abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        readonly=True,
        index="btree_not_null",
        help="Pareto class from the customer's share of revenue in the RFM window.",
    )
    abc_revenue_share = fields.Float(
        string="Cumulative Revenue Share (%)",
        readonly=True,
        digits=(5, 2),
        help="Share of revenue of this customer and every customer who bought more.",
    )
