from odoo import api, fields, models
from odoo.exceptions import ValidationError

SERVICE = "crm_customer_info.group_customer_service"

# Figures of the organisation profile that cannot be negative.
NON_NEGATIVE = (
    "registered_capital",
    "working_capital",
    "total_assets",
    "annual_turnover",
    "staff_count",
    "technical_staff_count",
    "office_staff_count",
    "worker_count",
    "floor_area",
    "warehouse_area",
    "land_area",
    "building_area",
    "vehicle_count",
)
# Beyond this a figure is a typing error (and integers would overflow the
# database column): a trillion yuan, a billion people or square metres.
MAX_FIGURE = 10**12
MAX_COUNT = 10**9
KEY_PERSON_ROLES = [
    ("head", "Person in Charge"),
    ("decision_maker", "Decision Maker"),
    ("influencer", "Influencer"),
    ("buyer", "Buyer"),
    ("seller", "Seller"),
    ("user", "End User"),
    ("contact", "Liaison"),
]


class ResPartner(models.Model):
    """The organisation's profile (seed 002, 表2-1, 2-2, 2-4, 2-6, 2-7)."""

    _inherit = "res.partner"

    # Basic data
    legal_representative = fields.Char(groups=SERVICE, tracking=True)
    legal_representative_phone = fields.Char(groups=SERVICE)
    supervising_department = fields.Char(groups=SERVICE, help="Competent authority (主管部门).")
    registered_capital = fields.Monetary(
        string="Registered Capital", groups=SERVICE, currency_field="crm_currency_id"
    )
    working_capital = fields.Monetary(groups=SERVICE, currency_field="crm_currency_id")
    total_assets = fields.Monetary(
        string="Total Assets", groups=SERVICE, currency_field="crm_currency_id"
    )
    crm_currency_id = fields.Many2one(
        "res.currency",
        string="Profile Currency",
        groups=SERVICE,
        compute="_compute_crm_currency_id",
        store=True,
        readonly=False,
        help="Currency of the capital, assets and turnover figures.",
    )
    founding_date = fields.Date(
        string="Founded On", groups=SERVICE, help="Date of registration or opening."
    )
    org_nature = fields.Selection(
        [
            ("individual", "Individual Business"),
            ("collective", "Collective"),
            ("partnership", "Partnership"),
            ("state_owned", "State-Owned"),
            ("joint_stock", "Joint-Stock Company"),
            ("other", "Other"),
        ],
        string="Nature",
        groups=SERVICE,
        tracking=True,
    )
    org_type = fields.Selection(
        [
            ("finance", "Finance Company"),
            ("sasac", "Under SASAC"),
            ("foreign", "Joint Venture or Foreign-Owned"),
            ("group", "Group Company"),
            ("listed", "Listed Company"),
            ("institution", "Public Institution or Association"),
            ("private", "Private Enterprise"),
            ("investment", "Investment Company"),
            ("general", "General Company"),
            ("other", "Other"),
        ],
        string="Organisation Type",
        groups=SERVICE,
    )
    legal_form = fields.Selection(
        [
            ("joint_stock_ltd", "Company Limited by Shares"),
            ("ltd", "Limited Company"),
            ("partnership", "Partnership"),
            ("sole", "Sole Proprietorship"),
        ],
        groups=SERVICE,
    )
    economic_type = fields.Char(groups=SERVICE, help="Economic type as registered (经济类型).")
    state_share_pct = fields.Float(string="State-Owned Share (%)", groups=SERVICE)
    enterprise_size = fields.Selection(
        [("micro", "Micro"), ("small", "Small"), ("medium", "Medium-Sized"), ("large", "Large")],
        groups=SERVICE,
    )
    org_category = fields.Selection(
        [
            ("agent", "Agent"),
            ("wholesaler_1", "Primary Wholesaler"),
            ("wholesaler_2", "Secondary Wholesaler"),
            ("key_retailer", "Key Retailer"),
            ("other", "Other"),
        ],
        string="Category",
        groups=SERVICE,
        tracking=True,
    )
    staff_count = fields.Integer(string="Employees", groups=SERVICE)
    technical_staff_count = fields.Integer(string="Technical Staff", groups=SERVICE)
    office_staff_count = fields.Integer(string="Office Staff", groups=SERVICE)
    worker_count = fields.Integer(string="Workers", groups=SERVICE)
    floor_area = fields.Float(string="Business Floor Area (m²)", groups=SERVICE)
    warehouse_area = fields.Float(string="Warehouse Area (m²)", groups=SERVICE)
    land_area = fields.Float(string="Land Area (m²)", groups=SERVICE)
    building_area = fields.Float(string="Building Area (m²)", groups=SERVICE)
    store_ownership = fields.Selection(
        [("owned", "Owned"), ("rented", "Rented")], string="Premises", groups=SERVICE
    )
    vehicle_count = fields.Integer(string="Vehicles", groups=SERVICE)
    transport_rail = fields.Boolean(string="Rail", groups=SERVICE)
    transport_water = fields.Boolean(string="Waterway", groups=SERVICE)
    transport_road = fields.Boolean(string="Road", groups=SERVICE)
    transport_pickup = fields.Boolean(string="Self Pick-Up", groups=SERVICE)
    transport_other = fields.Boolean(string="Other Transport", groups=SERVICE)
    # Characteristics and business
    payment_method = fields.Char(groups=SERVICE)
    payment_habits = fields.Text(
        string="Payment Terms and Formalities",
        groups=SERVICE,
        help="Payment period, way and formalities (付款期, 方式, 手续).",
    )
    annual_turnover = fields.Monetary(groups=SERVICE, currency_field="crm_currency_id")
    peak_season = fields.Char(string="Peak Season and Monthly Sales", groups=SERVICE)
    low_season = fields.Char(string="Low Season and Monthly Sales", groups=SERVICE)
    business_scope = fields.Text(groups=SERVICE)
    main_products = fields.Text(
        string="Main Products and Shares",
        groups=SERVICE,
        help="Products or lines carried and their share of the business.",
    )
    sales_targets = fields.Char(string="Sells To", groups=SERVICE)
    service_area = fields.Char(string="Service Area", groups=SERVICE, help="Radius of business.")
    business_style = fields.Selection(
        [
            ("active", "Proactive"),
            ("conservative", "Conservative"),
            ("steady", "Steady"),
            ("unstable", "Unstable"),
            ("speculative", "Speculative"),
        ],
        groups=SERVICE,
    )
    business_trend = fields.Selection(
        [
            ("booming", "Booming"),
            ("growing", "Growing"),
            ("stable", "Stable"),
            ("declining", "Declining"),
            ("unstable", "Unstable"),
        ],
        groups=SERVICE,
    )
    price_level = fields.Selection(
        [
            ("reasonable", "Reasonable"),
            ("high", "Above Market"),
            ("low", "Below Market"),
            ("cutting", "Price Cutting"),
        ],
        groups=SERVICE,
    )
    industry_position = fields.Selection(
        [
            ("leader", "Leader"),
            ("influential", "Influential"),
            ("tier_1", "First Tier"),
            ("tier_2", "Second Tier"),
            ("tier_3", "Third Tier"),
        ],
        groups=SERVICE,
    )
    business_philosophy = fields.Text(string="Business Philosophy and Direction", groups=SERVICE)
    company_mission = fields.Text(string="Mission", groups=SERVICE)
    company_culture = fields.Text(string="Culture", groups=SERVICE)
    org_honours = fields.Text(string="Honours Received", groups=SERVICE)
    company_intro = fields.Html(string="Company Profile", groups=SERVICE, sanitize=True)
    org_history = fields.Text(string="History", groups=SERVICE)
    reputation = fields.Text(string="Image and Reputation", groups=SERVICE)
    sales_capability = fields.Text(groups=SERVICE)
    development_potential = fields.Text(string="Potential and Strengths", groups=SERVICE)
    current_problems = fields.Text(string="Problems and Future Measures", groups=SERVICE)
    management_quality = fields.Text(string="Quality of Managers and Sales Staff", groups=SERVICE)
    competitor_relations = fields.Text(string="Relations with Competitors", groups=SERVICE)
    cooperation_attitude = fields.Text(string="Relationship and Attitude to Us", groups=SERVICE)
    economic_indicators = fields.Text(string="Economic Performance", groups=SERVICE)
    competitor_usage_ids = fields.One2many(
        "crm.competitor.usage", "partner_id", string="Competitor Products Used", groups=SERVICE
    )
    org_event_ids = fields.One2many(
        "crm.partner.event", "partner_id", string="Activities Attended", groups=SERVICE
    )
    # Key persons: child contacts of the organisation
    key_person_role = fields.Selection(KEY_PERSON_ROLES, groups=SERVICE)
    decision_influence = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")], groups=SERVICE
    )
    important_dates = fields.Text(groups=SERVICE, help="Dates that matter to this person, and why.")
    receives_mail = fields.Boolean(string="Receives Mailings", groups=SERVICE)
    receives_sms = fields.Boolean(string="Receives SMS", groups=SERVICE)

    @api.depends("company_id")
    def _compute_crm_currency_id(self):
        for partner in self:
            partner.crm_currency_id = (
                partner.crm_currency_id or (partner.company_id or self.env.company).currency_id
            )

    @api.constrains(*NON_NEGATIVE, "state_share_pct", "founding_date")
    def _check_organisation_figures(self):
        today = fields.Date.context_today(self)
        for partner in self:
            for fname in NON_NEGATIVE:
                if partner[fname] < 0:
                    partner._raise_bad_value(fname, "negative")
                limit = MAX_COUNT if partner._fields[fname].type == "integer" else MAX_FIGURE
                if partner[fname] > limit:
                    partner._raise_bad_value(fname, "huge")
            if not 0 <= partner.state_share_pct <= 100:
                partner._raise_bad_value("state_share_pct", "percentage")
            if partner.technical_staff_count > partner.staff_count > 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(value)s is more than the %(total)s employees.",
                        field=partner._field_label("technical_staff_count"),
                        value=partner.technical_staff_count,
                        total=partner.staff_count,
                    )
                )
            if partner.founding_date and partner.founding_date > today:
                partner._raise_bad_value("founding_date", "future")
