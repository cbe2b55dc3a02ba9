from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CustomerInfoCase

# Valid 18-digit resident IDs: born 1985-03-12, male (17th digit odd) and
# born 1990-07-08, female (17th digit even).
RIC_MALE_19850312 = "110105198503121234"
RIC_FEMALE_19900708 = "330203199007081243"


@tagged("post_install", "-at_install")
class TestProfileValidation(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create(
            {"name": "王小明", "gender": "male", "birthday": date(1985, 3, 12)}
        )
        # sensitive fields (resident ID) need the customer's separate consent
        cls.person._crm_set_consent("sensitive", True)
        cls.company = cls.env["res.partner"].create(
            {
                "name": "杭州明达贸易有限公司",
                "is_company": True,
                "country_id": cls.env.ref("base.cn").id,
            }
        )

    def assert_rejected(self, record, vals, *words):
        """The write fails with a message naming the field and value; nothing changes."""
        before = record.read(list(vals))[0]
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            record.write(vals)
        message = str(caught.exception)
        for word in words:
            self.assertIn(str(word), message)
        record.invalidate_recordset()
        self.assertEqual(record.read(list(vals))[0], before)

    def test_valid_resident_id_accepted(self):
        self.person.resident_id = RIC_MALE_19850312
        self.assertEqual(self.person.resident_id, RIC_MALE_19850312)

    def test_resident_id_checksum(self):
        self.assert_rejected(
            self.person,
            {"resident_id": "110105198503121235"},
            "Resident ID Number",
            "110105198503121235",
        )

    def test_resident_id_garbage(self):
        self.assert_rejected(self.person, {"resident_id": "not-an-id"}, "not-an-id")

    def test_resident_id_birthday_mismatch(self):
        self.assert_rejected(
            self.person,
            {"resident_id": RIC_FEMALE_19900708, "gender": "female"},
            RIC_FEMALE_19900708,
            "1990-07-08",
            "1985-03-12",
        )

    def test_resident_id_gender_mismatch(self):
        self.assert_rejected(
            self.person,
            {"resident_id": RIC_MALE_19850312, "gender": "female"},
            RIC_MALE_19850312,
            "Female",
        )

    def test_uscc_for_chinese_organisations(self):
        self.company.vat = "91330106MA27XK1X5E"  # checksum verified by stdnum
        self.assert_rejected(self.company, {"vat": "91330106MA27XK1X5A"}, "91330106MA27XK1X5A")

    def test_uscc_not_required_abroad(self):
        company = self.env["res.partner"].create(
            {
                "name": "Foreign Ltd",
                "is_company": True,
                "vat": "BE0477472701",
                "country_id": self.env.ref("base.be").id,
            }
        )
        self.assertEqual(company.vat, "BE0477472701")

    def test_identity_codes_checked_without_a_country(self):
        """A new contact has no country: an 18-character code is still checked,
        and a valid one makes China the country."""
        Partner = self.env["res.partner"]
        china = self.env.ref("base.cn")
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            Partner.create({"name": "无国家公司", "is_company": True, "vat": "91330106MA27XK1X5A"})
        self.assertIn("91330106MA27XK1X5A", str(caught.exception))
        self.assertIn("Unified Social Credit Code", str(caught.exception))
        company = Partner.create(
            {"name": "有效代码公司", "is_company": True, "vat": "91330106MA27XK1X5E"}
        )
        self.assertEqual(company.country_id, china)
        # Odoo copies the code down to the company's contacts: checked once, on the company.
        contact = Partner.create({"name": "联系人", "parent_id": company.id})
        self.assertEqual(contact.vat, company.vat)

        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            Partner.create({"name": "个人客户", "vat": "110105198503121235"})
        self.assertIn("not a valid resident ID number", str(caught.exception))
        person = Partner.create({"name": "个人客户", "vat": RIC_MALE_19850312})
        self.assertEqual(person.country_id, china)

    def test_identity_code_written_later_sets_china(self):
        company = self.env["res.partner"].create({"name": "后补代码公司", "is_company": True})
        self.assert_rejected(company, {"vat": "91330106MA27XK1X5A"}, "91330106MA27XK1X5A")
        self.assertFalse(company.country_id)
        company.vat = "91330106MA27XK1X5E"
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        # the resident ID field says China too
        person = self.env["res.partner"].create(
            {"name": "赵六", "gender": "male", "birthday": date(1985, 3, 12)}
        )
        person._crm_set_consent("sensitive", True)
        person.resident_id = RIC_MALE_19850312
        self.assertEqual(person.country_id, self.env.ref("base.cn"))
        # a country chosen by the user stays
        abroad = self.env["res.partner"].create(
            {"name": "Overseas Ltd", "is_company": True, "country_id": self.env.ref("base.sg").id}
        )
        abroad.vat = "201912345K"
        self.assertEqual(abroad.country_id, self.env.ref("base.sg"))

    def test_identity_country_filled_in_the_form(self):
        form = Form(self.env["res.partner"])
        form.company_type = "company"
        form.name = "表单公司"
        form.vat = "91330106MA27XK1X5E"
        self.assertEqual(form.country_id, self.env.ref("base.cn"))

    def test_dates_that_make_sense(self):
        tomorrow = date.today() + timedelta(days=1)
        self.assert_rejected(self.person, {"birthday": tomorrow}, "Birthday", tomorrow)
        self.assert_rejected(
            self.person, {"wedding_anniversary": date(1980, 1, 1)}, "Wedding Anniversary"
        )
        self.assert_rejected(self.company, {"founding_date": tomorrow}, "Founded On")
        self.assert_rejected(
            self.person,
            {"enlistment_date": date(2005, 9, 1), "discharge_date": date(2004, 9, 1)},
            "Discharge Date",
        )

    def test_no_negative_figures(self):
        self.assert_rejected(self.person, {"height_cm": -170}, "Height (cm)", "-170")
        self.assert_rejected(self.company, {"registered_capital": -1}, "Registered Capital")
        self.assert_rejected(self.company, {"staff_count": -3}, "Employees", "-3")
        self.assert_rejected(self.company, {"warehouse_area": -50}, "Warehouse Area")
        self.assert_rejected(self.company, {"state_share_pct": 120}, "State-Owned Share")
        self.assert_rejected(
            self.company, {"staff_count": 10, "technical_staff_count": 30}, "Technical Staff", "30"
        )

    def test_child_records_validated(self):
        Family = self.env["crm.partner.family.member"]
        with (
            self.assertRaisesRegex(ValidationError, "the birthday .* is in the future"),
            self.env.cr.savepoint(),
        ):
            Family.create(
                {
                    "partner_id": self.person.id,
                    "name": "王小宝",
                    "relation": "child",
                    "birthday": date.today() + timedelta(days=30),
                }
            )
        with (
            self.assertRaisesRegex(ValidationError, "the end date .* is before the start date"),
            self.env.cr.savepoint(),
        ):
            self.env["crm.partner.education"].create(
                {
                    "partner_id": self.person.id,
                    "school": "宁波中学",
                    "date_start": date(2003, 9, 1),
                    "date_end": date(2000, 7, 1),
                }
            )
        with (
            self.assertRaisesRegex(ValidationError, "cannot be related to themself"),
            self.env.cr.savepoint(),
        ):
            self.env["crm.partner.relationship"].create(
                {
                    "partner_id": self.person.id,
                    "related_partner_id": self.person.id,
                    "relation_type": "friend",
                }
            )
        self.assertFalse(self.person.family_member_ids)

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        person = self.person.with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "身份证号码"), self.env.cr.savepoint():
            person.resident_id = "123"

    def test_age_and_zodiac(self):
        person = self.env["res.partner"].create(
            {"name": "张丽", "gender": "female", "birthday": date(1990, 7, 8)}
        )
        self.assertEqual(person.zodiac_sign, "cancer")
        self.assertEqual(person.chinese_zodiac, "horse")
        self.assertEqual(person.birthday_month, 7)
        self.assertGreaterEqual(person.age, 35)


@tagged("post_install", "-at_install")
class TestImplausibleFigures(CustomerInfoCase):
    def test_huge_figures_are_rejected_before_the_database(self):
        company = self.env["res.partner"].create({"name": "巨大数字测试公司", "is_company": True})
        for fname, value in (
            ("staff_count", 10**12),
            ("vehicle_count", 2**31),
            ("registered_capital", 1e18),
        ):
            with self.subTest(field=fname):
                with self.assertRaises(ValidationError) as caught:
                    company.write({fname: value})
                self.assertIn("too large", str(caught.exception))
        company.write({"staff_count": 120000, "registered_capital": 5e9})
        self.assertEqual(company.staff_count, 120000)
