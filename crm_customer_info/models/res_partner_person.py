from dateutil.relativedelta import relativedelta
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .crm_sensitive_mixin import (
    SensitiveBoolean,
    SensitiveChar,
    SensitiveSelection,
    SensitiveText,
)

SERVICE = "crm_customer_info.group_customer_service"

ZODIAC_SIGNS = [
    ("capricorn", "Capricorn"),
    ("aquarius", "Aquarius"),
    ("pisces", "Pisces"),
    ("aries", "Aries"),
    ("taurus", "Taurus"),
    ("gemini", "Gemini"),
    ("cancer", "Cancer"),
    ("leo", "Leo"),
    ("virgo", "Virgo"),
    ("libra", "Libra"),
    ("scorpio", "Scorpio"),
    ("sagittarius", "Sagittarius"),
]
# First day (month, day) of each sign, in calendar order from Capricorn.
ZODIAC_STARTS = [
    ((1, 20), "aquarius"),
    ((2, 19), "pisces"),
    ((3, 21), "aries"),
    ((4, 20), "taurus"),
    ((5, 21), "gemini"),
    ((6, 22), "cancer"),
    ((7, 23), "leo"),
    ((8, 23), "virgo"),
    ((9, 23), "libra"),
    ((10, 24), "scorpio"),
    ((11, 23), "sagittarius"),
    ((12, 22), "capricorn"),
]
CHINESE_ZODIAC = [
    ("rat", "Rat"),
    ("ox", "Ox"),
    ("tiger", "Tiger"),
    ("rabbit", "Rabbit"),
    ("dragon", "Dragon"),
    ("snake", "Snake"),
    ("horse", "Horse"),
    ("goat", "Goat"),
    ("monkey", "Monkey"),
    ("rooster", "Rooster"),
    ("dog", "Dog"),
    ("pig", "Pig"),
]
LEVELS = [("none", "Never"), ("occasionally", "Occasionally"), ("regularly", "Regularly")]


def age_on(birthday, today):
    """Full years from birthday to today; 0 without a birthday."""
    if not birthday:
        return 0
    return today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))


def _validate_resident_id(number):
    """stdnum's ric.validate() without its birth-place look-up: that reads a
    data file through importlib.resources, which Odoo 19's import hook breaks
    ("Can't open orphan path"). Length, digits, check digit and birth date."""
    compact = ric.compact(number)
    if len(compact) != 18:
        raise InvalidLength()
    if not compact[:-1].isdigit():
        raise InvalidFormat()
    if compact[-1] != ric.calc_check_digit(compact):
        raise InvalidChecksum()
    ric.get_birth_date(compact)
    return compact


class ResPartner(models.Model):
    """The individual customer's profile (seed 002 groups 1-8, 表2-5, 表2-8)."""

    _inherit = "res.partner"

    # Basic information
    gender = fields.Selection(
        [("male", "Male"), ("female", "Female")], groups=SERVICE, tracking=True
    )
    birthday = fields.Date(groups=SERVICE, tracking=True)
    birthday_month = fields.Integer(
        compute="_compute_birthday_parts", store=True, groups=SERVICE, aggregator=False
    )
    birthday_day = fields.Integer(
        compute="_compute_birthday_parts", store=True, groups=SERVICE, aggregator=False
    )
    birthday_soon = fields.Boolean(
        string="Birthday in the Next 7 Days",
        compute="_compute_birthday_soon",
        search="_search_birthday_soon",
        groups=SERVICE,
    )
    age = fields.Integer(compute="_compute_age", groups=SERVICE)
    zodiac_sign = fields.Selection(
        ZODIAC_SIGNS,
        compute="_compute_birthday_parts",
        store=True,
        groups=SERVICE,
        string="Star Sign",
    )
    chinese_zodiac = fields.Selection(
        CHINESE_ZODIAC,
        compute="_compute_birthday_parts",
        store=True,
        groups=SERVICE,
        string="Chinese Zodiac",
    )
    nickname = fields.Char(groups=SERVICE, help="Nickname or childhood name (昵称/小名).")
    native_place = fields.Char(groups=SERVICE, help="Ancestral home (籍贯).")
    birthplace = fields.Char(groups=SERVICE)
    ethnicity_id = fields.Many2one("crm.ethnicity", string="Ethnic Group", groups=SERVICE)
    resident_id = SensitiveChar(
        string="Resident ID Number",
        groups=SERVICE,
        copy=False,
        tracking=True,
        help="18-digit number of the resident identity card; checked, and consistent with "
        "the birthday and gender.",
    )
    household_address = fields.Char(groups=SERVICE, help="Registered household address (户口地址).")
    home_address = fields.Char(
        groups=SERVICE,
        help="Where the person lives, when it differs from the address above "
        "(a company contact shares the company's address).",
    )
    phone_home = fields.Char(string="Home Phone", groups=SERVICE)
    phone_office = fields.Char(string="Office Phone", groups=SERVICE)
    wechat = fields.Char(string="WeChat", groups=SERVICE)
    qq = fields.Char(string="QQ", groups=SERVICE)
    social_accounts = fields.Char(string="Other Social Media", groups=SERVICE)
    blood_type = fields.Selection(
        [("a", "A"), ("b", "B"), ("ab", "AB"), ("o", "O"), ("other", "Other")], groups=SERVICE
    )
    height_cm = fields.Float(string="Height (cm)", digits=(5, 1), groups=SERVICE)
    weight_kg = fields.Float(string="Weight (kg)", digits=(5, 1), groups=SERVICE)
    physical_features = fields.Char(
        groups=SERVICE, help="Notable physical features, such as baldness or a bad back."
    )
    # Education
    education_level_id = fields.Many2one(
        "crm.education.level", string="Highest Education", groups=SERVICE
    )
    education_major = fields.Char(string="Major", groups=SERVICE)
    education_school = fields.Char(string="Graduated From", groups=SERVICE)
    graduation_date = fields.Date(groups=SERVICE)
    degree_attitude = fields.Char(
        string="Attitude to Degrees",
        groups=SERVICE,
        help="Without a university degree: does the customer care about degrees?",
    )
    education_ids = fields.One2many(
        "crm.partner.education", "partner_id", string="Education History", groups=SERVICE
    )
    # Family
    marital_status = fields.Selection(
        [
            ("single", "Single"),
            ("married", "Married"),
            ("widowed", "Widowed"),
            ("divorced", "Divorced"),
        ],
        groups=SERVICE,
        tracking=True,
    )
    wedding_anniversary = fields.Date(groups=SERVICE)
    wedding_celebration = fields.Char(string="How the Anniversary Is Celebrated", groups=SERVICE)
    children_status = fields.Selection(
        [("none", "No Children"), ("only_child", "One Child"), ("several", "Several Children")],
        groups=SERVICE,
    )
    family_member_ids = fields.One2many(
        "crm.partner.family.member", "partner_id", string="Family Members", groups=SERVICE
    )
    # Career
    professional_title = fields.Char(groups=SERVICE, help="Professional or technical title (职称).")
    work_location = fields.Selection(
        [
            ("domestic", "In China"),
            ("abroad_mobile", "Abroad, Mobile"),
            ("abroad_fixed", "Abroad, Settled"),
        ],
        groups=SERVICE,
    )
    income_range = SensitiveSelection(
        [
            ("lt_50k", "Below 50,000"),
            ("50k_100k", "50,000-100,000"),
            ("100k_300k", "100,000-300,000"),
            ("300k_1m", "300,000-1,000,000"),
            ("gt_1m", "Above 1,000,000"),
        ],
        string="Annual Income (CNY)",
        groups=SERVICE,
    )
    employment_ids = fields.One2many(
        "crm.partner.employment", "partner_id", string="Work History", groups=SERVICE
    )
    uses_consultants = fields.Boolean(string="Hires Consultants", groups=SERVICE)
    internal_relations = fields.Text(
        string="Relations with Our Staff",
        groups=SERVICE,
        help="Business relations with other people of our company, and whether they are good.",
    )
    attitude_to_employer = fields.Text(string="Attitude to Own Company", groups=SERVICE)
    long_term_goal = fields.Text(string="Long-Term Career Goal", groups=SERVICE)
    short_term_goal = fields.Text(string="Short-Term Career Goal", groups=SERVICE)
    main_concern = fields.Selection(
        [("company", "The Company's Future"), ("personal", "Personal Future")],
        string="Main Concern",
        groups=SERVICE,
    )
    time_orientation = fields.Char(
        string="Thinks About Present or Future", groups=SERVICE, help="And why."
    )
    # Life
    health_status = SensitiveSelection(
        [
            ("good", "Healthy or Good"),
            ("average", "Average or Weak"),
            ("ill", "Ill"),
            ("defect", "Physiological Defect"),
            ("disabled", "Disabled"),
        ],
        groups=SERVICE,
    )
    medical_history = SensitiveText(groups=SERVICE)
    smoking = fields.Selection(LEVELS, groups=SERVICE)
    objects_to_smoking = fields.Boolean(string="Objects to Others Smoking", groups=SERVICE)
    drinking = fields.Selection(LEVELS, groups=SERVICE)
    drinking_preferences = fields.Char(string="Drinks Preferred and Quantity", groups=SERVICE)
    objects_to_drinking = fields.Boolean(string="Objects to Others Drinking", groups=SERVICE)
    favourite_food = fields.Char(string="Favourite Dishes", groups=SERVICE)
    favourite_lunch_place = fields.Char(groups=SERVICE)
    favourite_dinner_place = fields.Char(groups=SERVICE)
    objects_to_being_treated = fields.Boolean(
        string="Objects to Being Treated", groups=SERVICE, help="Refuses invitations to meals."
    )
    favourite_sports = fields.Char(string="Sports Played or Watched", groups=SERVICE)
    favourite_books = fields.Char(string="Favourite Books", groups=SERVICE)
    favourite_topics = fields.Char(string="Favourite Topics", groups=SERVICE)
    favourite_media = fields.Char(string="Favourite Media", groups=SERVICE)
    favourite_colour = fields.Char(groups=SERVICE)
    admired_person = fields.Char(string="Admired Person", groups=SERVICE)
    hobbies = fields.Text(string="Hobbies and Entertainment", groups=SERVICE)
    leisure_habits = fields.Text(string="Leisure and Holiday Habits", groups=SERVICE)
    consumption_habits = fields.Text(
        string="Purchasing Habits",
        groups=SERVICE,
        help="Preferred channels and ways of buying, price level, peak and low periods.",
    )
    life_attitude = fields.Text(string="Attitude to Life", groups=SERVICE)
    motto = fields.Char(groups=SERVICE)
    # Personality
    personality = fields.Text(groups=SERVICE)
    dealing_style = fields.Text(string="Style with People", groups=SERVICE)
    is_stubborn = fields.Boolean(string="Stubborn", groups=SERVICE)
    values_others_opinions = fields.Boolean(string="Values Others' Opinions", groups=SERVICE)
    likes = fields.Text(string="Likes (Things and People)", groups=SERVICE)
    dislikes = fields.Text(string="Dislikes and Taboos", groups=SERVICE)
    wants_attention_from = fields.Char(string="Wants Attention From", groups=SERVICE)
    wants_to_be_valued_as = fields.Char(string="Wants to Be Valued As", groups=SERVICE)
    proudest_achievement = fields.Text(groups=SERVICE)
    personal_goal = fields.Text(string="Current Personal Goal", groups=SERVICE)
    description_words = fields.Char(string="Described In a Few Words", groups=SERVICE)
    strong_opinion_topics = fields.Text(
        string="Topics With Strong Opinions", groups=SERVICE, help="Apart from business."
    )
    confidential_matters = fields.Text(
        string="Matters Not to Mention",
        groups=SERVICE,
        help="Confidential events that must not be brought up, such as a divorce.",
    )
    political_affiliation = SensitiveChar(groups=SERVICE)
    political_activities = SensitiveText(groups=SERVICE)
    religion = SensitiveChar(groups=SERVICE)
    religion_devout = SensitiveBoolean(string="Devout", groups=SERVICE)
    community_activities = fields.Text(groups=SERVICE)
    club_ids = fields.One2many(
        "crm.partner.club", "partner_id", string="Clubs and Associations", groups=SERVICE
    )
    # Military service and honours (表2-5)
    has_service_card = fields.Boolean(string="Military Service Card", groups=SERVICE)
    military_branch = fields.Char(string="Branch and Rank at Discharge", groups=SERVICE)
    enlistment_date = fields.Date(groups=SERVICE)
    discharge_date = fields.Date(groups=SERVICE)
    honours = fields.Text(
        groups=SERVICE, help="Honours, titles and medals (provincial level and above), with dates."
    )
    # Relationship network (表2-3)
    relationship_ids = fields.One2many(
        "crm.partner.relationship", "partner_id", string="Relationship Network", groups=SERVICE
    )
    relationship_views = fields.Text(string="Views on Relationships", groups=SERVICE)

    @api.depends("birthday")
    def _compute_birthday_parts(self):
        for partner in self:
            birthday = partner.birthday
            if not birthday:
                partner.update(
                    {
                        "birthday_month": 0,
                        "birthday_day": 0,
                        "zodiac_sign": False,
                        "chinese_zodiac": False,
                    }
                )
                continue
            sign = "capricorn"
            for start, name in ZODIAC_STARTS:
                if (birthday.month, birthday.day) >= start:
                    sign = name
            partner.update(
                {
                    "birthday_month": birthday.month,
                    "birthday_day": birthday.day,
                    "zodiac_sign": sign,
                    # Gregorian year approximation: 1900 was a Rat year.
                    "chinese_zodiac": CHINESE_ZODIAC[(birthday.year - 1900) % 12][0],
                }
            )

    @api.depends("birthday")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.age = age_on(partner.birthday, today)

    def _upcoming_birthday_keys(self, days=7):
        today = fields.Date.context_today(self)
        return {
            ((today + relativedelta(days=n)).month, (today + relativedelta(days=n)).day)
            for n in range(days + 1)
        }

    @api.depends("birthday")
    def _compute_birthday_soon(self):
        keys = self._upcoming_birthday_keys()
        for partner in self:
            partner.birthday_soon = bool(partner.birthday) and (
                (partner.birthday_month, partner.birthday_day) in keys
            )

    def _search_birthday_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on upcoming birthdays."))
        domain = Domain.OR(
            Domain("birthday_month", "=", month) & Domain("birthday_day", "=", day)
            for month, day in self._upcoming_birthday_keys()
        )
        return domain if (operator == "=") == value else ~domain

    @api.constrains("resident_id", "birthday", "gender")
    def _check_resident_id(self):
        for partner in self.filtered("resident_id"):
            number = partner.resident_id
            try:
                compact = _validate_resident_id(number)
            except StdnumError:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(value)s is not a valid resident ID number.",
                        field=partner._field_label("resident_id"),
                        value=number,
                    )
                ) from None
            born = ric.get_birth_date(compact)
            if partner.birthday and partner.birthday != born:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(value)s gives the birthday %(born)s, "
                        "but the birthday is %(birthday)s.",
                        field=partner._field_label("resident_id"),
                        value=number,
                        born=born,
                        birthday=partner.birthday,
                    )
                )
            # The 17th digit is odd for men, even for women.
            gender = "male" if int(compact[16]) % 2 else "female"
            if partner.gender and partner.gender != gender:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(value)s belongs to a %(expected)s, "
                        "but the gender is %(gender)s.",
                        field=partner._field_label("resident_id"),
                        value=number,
                        expected=partner._selection_label("gender", gender),
                        gender=partner._selection_label("gender", partner.gender),
                    )
                )

    @api.constrains(
        "birthday", "wedding_anniversary", "graduation_date", "enlistment_date", "discharge_date"
    )
    def _check_person_dates(self):
        today = fields.Date.context_today(self)
        for partner in self:
            for fname in (
                "birthday",
                "wedding_anniversary",
                "graduation_date",
                "enlistment_date",
                "discharge_date",
            ):
                if partner[fname] and partner[fname] > today:
                    partner._raise_bad_value(fname, "future")
            born = partner.birthday
            for fname in ("wedding_anniversary", "graduation_date", "enlistment_date"):
                if born and partner[fname] and partner[fname] <= born:
                    partner._raise_bad_value(fname, "before_birth")
            if (
                partner.enlistment_date
                and partner.discharge_date
                and partner.discharge_date < partner.enlistment_date
            ):
                partner._raise_bad_value("discharge_date", "before_start")

    @api.constrains("height_cm", "weight_kg")
    def _check_body(self):
        for partner in self:
            if partner.height_cm < 0 or partner.height_cm > 300:
                partner._raise_bad_value("height_cm", "impossible")
            if partner.weight_kg < 0 or partner.weight_kg > 500:
                partner._raise_bad_value("weight_kg", "impossible")
