from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestPartnerPhone(CustomerInfoCase):
    """Phone numbers of Chinese customers, validated by Odoo's phone_validation
    with the phonenumbers library (requirements.txt)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")

    def test_chinese_mobile_sanitized_to_e164(self):
        partner = self.env["res.partner"].create(
            {"name": "李晓华", "country_id": self.china.id, "phone": "138 1234 5678"}
        )
        self.assertEqual(partner.phone, "138 1234 5678", "the number stays as typed")
        self.assertEqual(partner.phone_sanitized, "+8613812345678")
        Partner = self.env["res.partner"]
        self.assertIn(partner, Partner.search([("phone_sanitized", "=", "+8613812345678")]))
        self.assertIn(partner, Partner.search([("phone_mobile_search", "=", "13812345678")]))

    def test_form_formats_chinese_mobile(self):
        with Form(self.env["res.partner"]) as form:
            form.name = "李晓华"
            form.country_id = self.china
            form.phone = "13812345678"
            self.assertEqual(form.phone, "+86 138 1234 5678")
        self.assertEqual(form.record.phone_sanitized, "+8613812345678")
        # stored in international form, found by the number dialled from abroad
        found = self.env["res.partner"].search([("phone_mobile_search", "=", "008613812345678")])
        self.assertIn(form.record, found)

    def test_foreign_number_on_chinese_partner(self):
        partner = self.env["res.partner"].create(
            {"name": "Hans Weber", "country_id": self.china.id, "phone": "+49 30 901820"}
        )
        self.assertEqual(partner.phone_sanitized, "+4930901820")

    def test_invalid_number_kept_unsanitized(self):
        # As Odoo does: the number is kept as typed, nothing is sanitized (so
        # no blacklist or duplicate match on it), and asking for a strict
        # format explains why.
        partner = self.env["res.partner"].create(
            {"name": "王芳", "country_id": self.china.id, "phone": "12345"}
        )
        self.assertEqual(partner.phone, "12345")
        self.assertFalse(partner.phone_sanitized)
        with self.assertRaisesRegex(UserError, "Invalid number 12345"):
            partner._phone_format(fname="phone", raise_exception=True)
        with Form(partner) as form:
            form.phone = "1381234"
            self.assertEqual(form.phone, "1381234", "an invalid number is not reformatted")
        self.assertFalse(partner.phone_sanitized)
