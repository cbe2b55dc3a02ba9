from odoo import api, fields, models, tools
from odoo.addons.crm_customer_info.models.res_partner import IMPORTANCE, LIFECYCLE
from odoo.tools import SQL

from ..models.res_partner_value import ABC_CLASSES, VALUE_QUADRANTS


class CrmSalesAnalysis(models.Model):
    """Sales composition (seed 004 客户构成分析: 销售构成, 商品构成, 地区构成).

    One row per product line of a posted customer invoice or credit note, in
    company currency and untaxed, signed so that credit notes count negative:
    the rows of an invoice add up to its ``amount_untaxed_signed``. The
    customer's dimensions are those of the commercial partner, read live.
    """

    _name = "crm.sales.analysis"
    _description = "Sales Composition Analysis"
    _auto = False
    # Salespeople read their customers' figures, not the journal entries.
    _rec_name = "partner_id"
    _order = "date desc, id desc"

    date = fields.Date(string="Invoice Date", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], string="Type", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, help="The customer's salesperson."
    )
    invoice_user_id = fields.Many2one("res.users", string="Invoiced By", readonly=True)
    grade_id = fields.Many2one("crm.customer.grade", string="Grade", readonly=True)
    customer_state = fields.Selection(LIFECYCLE, string="Lifecycle", readonly=True)
    importance = fields.Selection(IMPORTANCE, readonly=True)
    # Organisation profile fields are customer-service data on the partner.
    org_nature = fields.Selection(
        selection="_selection_org_nature",
        string="Nature",
        readonly=True,
        groups="crm_customer_info.group_customer_service",
    )
    org_category = fields.Selection(
        selection="_selection_org_category",
        string="Category",
        readonly=True,
        groups="crm_customer_info.group_customer_service",
    )
    industry_id = fields.Many2one("res.partner.industry", string="Industry", readonly=True)
    country_id = fields.Many2one("res.country", string="Country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    city = fields.Char(readonly=True)
    rfm_segment_id = fields.Many2one("crm.rfm.segment", string="RFM Segment", readonly=True)
    value_quadrant = fields.Selection(VALUE_QUADRANTS, string="Value Quadrant", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    quantity = fields.Float(readonly=True, aggregator="sum")
    price_subtotal = fields.Monetary(
        string="Untaxed Sales",
        readonly=True,
        aggregator="sum",
        help="Untaxed amount in company currency; credit notes are negative.",
    )

    _depends = {
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "commercial_partner_id",
            "invoice_user_id",
        ],
        "account.move.line": [
            "move_id",
            "display_type",
            "balance",
            "quantity",
            "product_id",
            "company_id",
            "tax_repartition_line_id",
        ],
        "res.partner": [
            "user_id",
            "grade_id",
            "customer_state",
            "importance",
            "org_nature",
            "org_category",
            "industry_id",
            "country_id",
            "state_id",
            "city",
            "rfm_segment_id",
            "value_quadrant",
            "abc_class",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    @api.model
    def _selection_org_nature(self):
        return self.env["res.partner"]._fields["org_nature"]._description_selection(self.env)

    @api.model
    def _selection_org_category(self):
        return self.env["res.partner"]._fields["org_category"]._description_selection(self.env)

    @api.model
    def _query(self):
        return SQL(
            """
            SELECT aml.id AS id,
                   move.invoice_date AS date,
                   move.id AS move_id,
                   move.move_type AS move_type,
                   commercial.id AS partner_id,
                   commercial.user_id AS user_id,
                   move.invoice_user_id AS invoice_user_id,
                   commercial.grade_id AS grade_id,
                   commercial.customer_state AS customer_state,
                   commercial.importance AS importance,
                   commercial.org_nature AS org_nature,
                   commercial.org_category AS org_category,
                   commercial.industry_id AS industry_id,
                   commercial.country_id AS country_id,
                   commercial.state_id AS state_id,
                   commercial.city AS city,
                   commercial.rfm_segment_id AS rfm_segment_id,
                   commercial.value_quadrant AS value_quadrant,
                   commercial.abc_class AS abc_class,
                   aml.product_id AS product_id,
                   template.categ_id AS product_categ_id,
                   aml.company_id AS company_id,
                   company.currency_id AS currency_id,
                   CASE WHEN move.move_type = 'out_refund' THEN -aml.quantity
                        ELSE aml.quantity END AS quantity,
                   -aml.balance AS price_subtotal
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN res_partner commercial ON commercial.id = move.commercial_partner_id
              JOIN res_company company ON company.id = aml.company_id
         LEFT JOIN product_product product ON product.id = aml.product_id
         LEFT JOIN product_template template ON template.id = product.product_tmpl_id
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND (aml.display_type = 'product'
                    OR (aml.display_type = 'rounding' AND aml.tax_repartition_line_id IS NULL))
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
