import shutil
from datetime import date
from unittest import skipIf

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import pdf_text

PERSON_CARD = "crm_customer_info.action_report_person_card"
COMPANY_CARD = "crm_customer_info.action_report_company_card"


@tagged("post_install", "-at_install")
@skipIf(not shutil.which("wkhtmltopdf"), "wkhtmltopdf is needed to print the cards")
class TestCustomerCards(TransactionCase):
    """The paper cards of the archive print as PDF, for customer service only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_service = new_test_user(
            cls.env, login="t_card_service", groups="crm_customer_info.group_customer_service"
        )
        cls.user_sales = new_test_user(
            cls.env, login="t_card_sales", groups="crm_customer_info.group_salesperson"
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "王小明",
                "lang": "en_US",
                "gender": "male",
                "birthday": date(1985, 3, 12),
                "native_place": "浙江宁波",
                "phone": "13812345678",
                "favourite_colour": "蓝色",
                "family_member_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "李小红",
                            "relation": "spouse",
                            "form_of_address": "妻子",
                            "employer": "宁波第一医院",
                            "job_title": "护士",
                        },
                    )
                ],
                "employment_ids": [
                    (
                        0,
                        0,
                        {
                            "employer": "宁波港集团",
                            "job_title": "采购经理",
                            "date_start": date(2010, 7, 1),
                        },
                    )
                ],
            }
        )
        cls.company = cls.env["res.partner"].create(
            {
                "name": "杭州明达贸易有限公司",
                "lang": "en_US",
                "is_company": True,
                "legal_representative": "陈国强",
                "org_nature": "joint_stock",
                "org_category": "wholesaler_1",
                "service_area": "浙江全省",
                "transport_road": True,
            }
        )
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "周采购",
                "parent_id": cls.company.id,
                "key_person_role": "buyer",
                "function": "采购部经理",
            }
        )

    def render(self, user, report, partner):
        Report = self.env["ir.actions.report"].with_user(user)
        pdf, report_type = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report, partner.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def test_cards_in_print_menu_for_customer_service(self):
        service = self.env.ref("crm_customer_info.group_customer_service")
        for xmlid in (PERSON_CARD, COMPANY_CARD):
            report = self.env.ref(xmlid)
            self.assertEqual(report.binding_model_id.model, "res.partner")
            self.assertEqual(report.group_ids, service)

    def test_person_card(self):
        text = self.render(self.user_service, PERSON_CARD, self.person)
        for value in (
            "IndividualCustomerCard",
            "王小明",
            "浙江宁波",
            "13812345678",
            "Male",
            "蓝色",
            "李小红",
            "妻子",
            "宁波港集团",
            "采购经理",
        ):
            self.assertIn(value, text)

    def test_company_card(self):
        text = self.render(self.user_service, COMPANY_CARD, self.company)
        for value in (
            "CustomerDataCard",
            "杭州明达贸易有限公司",
            "陈国强",
            "Joint-StockCompany",
            "PrimaryWholesaler",
            "周采购",
            "采购部经理",
            "浙江全省",
        ):
            self.assertIn(value, text)

    def test_salesperson_cannot_print_cards(self):
        for report, partner in ((PERSON_CARD, self.person), (COMPANY_CARD, self.company)):
            with self.assertRaises(AccessError) as caught:
                self.render(self.user_sales, report, partner)
            self.assertRegex(
                str(caught.exception),
                r"may not print “(Individual Customer|Customer Data) Card”: it is printed by ",
            )
