import shutil
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase

OUR_MODULES = ("crm_customer_info", "crm_credit", "crm_campaigns")
# Who prints each report of the addons, as the requirements put it; a report
# of ours missing here fails test_every_report_states_its_audience.
AUDIENCE = {
    "crm_customer_info.action_report_person_card": "crm_customer_info.group_customer_service",
    "crm_customer_info.action_report_company_card": "crm_customer_info.group_customer_service",
    "crm_customer_info.action_report_personal_data": "crm_customer_info.group_privacy_officer",
    "crm_customer_info.action_report_volume_catalogue": "crm_customer_info.group_customer_service",
    "crm_customer_info.action_report_archive_borrow": "crm_customer_info.group_customer_service",
    "crm_customer_info.action_report_visit_daily_summary": "crm_customer_info.group_salesperson",
    "crm_credit.action_report_credit_evaluation": "crm_credit.group_credit_user",
    "crm_credit.action_report_credit_limit_request": "crm_credit.group_credit_user",
    "crm_credit.action_report_credit_extension": "crm_credit.group_credit_user",
    "crm_credit.action_report_repayment_plan": "crm_credit.group_credit_user",
    "crm_campaigns.crm_campaign_report_evaluation": "crm_campaigns.group_campaign_user",
    "crm_campaigns.action_report_account_plan": "crm_customer_info.group_salesperson",
}
# One user per role, with explicit groups (the addons that are installed).
ROLES = {
    "sales": "crm_customer_info.group_salesperson",
    "service": "crm_customer_info.group_customer_service",
    "archivist": "crm_customer_info.group_archive_admin",
    "manager": "crm_customer_info.group_manager",
    "officer": "crm_customer_info.group_privacy_officer",
    "employee": "base.group_user",
    "credit_user": "crm_credit.group_credit_user",
    "credit_manager": "crm_credit.group_credit_manager",
    "campaign_user": "crm_campaigns.group_campaign_user",
    "campaign_manager": "crm_campaigns.group_campaign_manager",
    "portal": "base.group_portal",
}
REFUSED = r"may not print “%s”: it is printed by "
# What the record rules answer.
UNREADABLE = r"doesn't have 'read' access to"
PERSONAL_DATA = "crm_customer_info.action_report_personal_data"
WKHTMLTOPDF = shutil.which("wkhtmltopdf")


@tagged("post_install", "-at_install")
class TestReportAudience(CustomerInfoCase):
    """Every report of the addons prints for its audience only, by every way
    of rendering it; the personal-data report holds what its reader may see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.partner"].create(
            {"name": "宁波审计测试有限公司", "is_company": True, "customer_state": "current"}
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "钱审计", "parent_id": cls.company.id, "lang": "en_US"}
        )
        cls.person._crm_set_consent("sensitive", True)
        cls.person.write(
            {
                "gender": "male",
                "birthday": date(1979, 2, 19),
                "resident_id": "320505197902190356",
                "income_range": "gt_1m",
                "health_status": "ill",
                "hobbies": "钓鱼和围棋",
            }
        )
        cls.users = {}
        for role, group in ROLES.items():
            if cls.env.ref(group, raise_if_not_found=False):
                cls.users[role] = new_test_user(cls.env, login=f"t_aud_{role}", groups=group)
        cls.portal = cls.users["portal"]
        cls.portal.partner_id.write({"parent_id": cls.company.id, "lang": "en_US"})
        cls.reports = cls.env["ir.actions.report"].browse(
            cls.env["ir.model.data"]
            .search([("model", "=", "ir.actions.report"), ("module", "in", OUR_MODULES)])
            .mapped("res_id")
        )
        cls.reports = cls.reports.filtered(
            lambda r: r.model.startswith("crm.") or r.model == "res.partner"
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def render(self, user, report, records, fmt):
        Report = self.env["ir.actions.report"].with_user(user)
        if fmt == "html":
            return Report._render_qweb_html(report.report_name, records.ids)[0]
        # The real PDF path (attachments, wkhtmltopdf), not the test shortcut.
        return Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, records.ids
        )[0]

    def xmlid(self, report):
        return report.get_external_id()[report.id]

    def sample(self, report):
        """A record to print: our own customers, else one of the demo."""
        if report.model == "res.partner":
            return self.company if "company" in report.report_name else self.person
        record = self.env[report.model].search([], limit=1)
        self.assertTrue(record, f"the demo holds no {report.model} to print {report.name}")
        return record

    def assertRefusedPrint(self, user, report, records, fmt):
        with self.assertRaises(AccessError) as caught:
            self.render(user, report, records, fmt)
        self.assertRegex(str(caught.exception), REFUSED % report.name)

    # ------------------------------------------------------------------
    # Audience of every report
    # ------------------------------------------------------------------
    def test_every_report_states_its_audience(self):
        installed = {
            xmlid: group
            for xmlid, group in AUDIENCE.items()
            if self.env.ref(xmlid, raise_if_not_found=False)
        }
        self.assertEqual({self.xmlid(report) for report in self.reports}, set(installed))
        for report in self.reports:
            self.assertEqual(
                report.group_ids,
                self.env.ref(installed[self.xmlid(report)]),
                f"{report.name} states its audience",
            )

    def test_outsiders_are_refused_by_every_way_of_printing(self):
        for report in self.reports:
            audience = self.env.ref(AUDIENCE[self.xmlid(report)])
            records = self.sample(report)
            for role, user in self.users.items():
                if audience in user.all_group_ids:
                    continue
                with self.subTest(report=report.name, role=role):
                    self.assertRefusedPrint(user, report, records, "html")
                    self.assertRefusedPrint(user, report, records, "pdf")
                    with self.assertRaises(AccessError) as caught:
                        report.with_user(user).report_action(records)
                    self.assertRegex(str(caught.exception), REFUSED % report.name)

    def test_audience_prints_what_it_may_read(self):
        for report in self.reports:
            audience = self.env.ref(AUDIENCE[self.xmlid(report)])
            records = self.sample(report)
            printed = []
            for role, user in self.users.items():
                if audience not in user.all_group_ids:
                    continue
                with self.subTest(report=report.name, role=role):
                    if records.with_user(user).has_access("read"):
                        html = self.render(user, report, records, "html")
                        self.assertIn(b"<html", html)
                        printed.append(user)
                    else:
                        # The record rules answer, with their own message.
                        with self.assertRaisesRegex(AccessError, UNREADABLE):
                            self.render(user, report, records, "html")
            self.assertTrue(printed, f"somebody prints {report.name}")
            if WKHTMLTOPDF:
                pdf = self.render(printed[-1], report, records, "pdf")
                self.assertTrue(pdf.startswith(b"%PDF"), report.name)

    def test_a_report_without_audience_prints_for_nobody(self):
        report = self.env.ref("crm_customer_info.action_report_company_card")
        report.group_ids = [Command.clear()]
        for user in (self.users["manager"], self.user_service):
            with self.assertRaisesRegex(AccessError, "states no readers, so nobody can print it"):
                self.render(user, report, self.company, "html")
        # Superuser mode is the caller's responsibility (filing, portal).
        self.assertIn(
            "宁波审计测试有限公司",
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_html(report.report_name, self.company.ids)[0]
            .decode(),
        )

    def test_other_reports_are_left_alone(self):
        """Only our reports: Odoo's own keep their meaning of groups."""
        report = self.env["ir.actions.report"].create(
            {
                "name": "Contact names",
                "model": "res.partner",
                "report_type": "qweb-html",
                "report_name": "base.contact_name",
                "group_ids": [Command.set(self.env.ref("base.group_system").ids)],
            }
        )
        self.assertFalse(report._crm_is_audited())
        self.assertTrue(self.env.ref(PERSONAL_DATA)._crm_is_audited())

    # ------------------------------------------------------------------
    # The personal-data report
    # ------------------------------------------------------------------
    def test_personal_data_for_the_officer_is_everything_he_may_read(self):
        officer = self.users["officer"]
        html = self.render(officer, self.env.ref(PERSONAL_DATA), self.person, "html").decode()
        for value in ("320505197902190356", "Above 1,000,000", "Ill", "钓鱼和围棋"):
            self.assertIn(value, html)

    def test_personal_data_never_read_as_superuser_for_a_reader(self):
        """Whoever reads the data reads the fields his groups give him."""
        data = self.person.with_user(self.user_sales)._crm_personal_data()
        self.assertEqual(data["customer"]["name"], "钱审计")
        for fname in ("resident_id", "income_range", "health_status", "hobbies"):
            self.assertNotIn(fname, data["customer"])
        self.assertNotIn("family_members", data, "a section of restricted records")
        self.assertNotIn("archive_documents", data, "the archive is not the salesperson's")

    def test_personal_data_of_another_company_is_not_printed(self):
        other = self.env["res.company"].create({"name": "审计测试分公司"})
        partner = self.env["res.partner"].create({"name": "孙分公司", "company_id": other.id})
        with self.assertRaisesRegex(AccessError, UNREADABLE):
            self.render(self.users["officer"], self.env.ref(PERSONAL_DATA), partner, "html")
        # A customer of both companies: the other's documents stay out.
        shared = self.env["res.partner"].create({"name": "孙两家", "is_company": True})
        basic = self.env.ref("crm_customer_info.archive_category_basic")
        Document = self.env["crm.archive.document"]
        Document.create({"partner_id": shared.id, "category_id": basic.id, "title": "本公司合同"})
        Document.with_company(other).create(
            {
                "partner_id": shared.id,
                "category_id": basic.id,
                "title": "分公司机密合同",
                "company_id": other.id,
            }
        )
        html = self.render(
            self.users["officer"], self.env.ref(PERSONAL_DATA), shared, "html"
        ).decode()
        self.assertIn("本公司合同", html)
        self.assertNotIn("分公司机密合同", html)

    def test_portal_customer_prints_his_own_data_only(self):
        report = self.env.ref(PERSONAL_DATA)
        me = self.portal.partner_id
        me.write({"grade_id": self.env.ref("crm_customer_info.customer_grade_a").id})
        me._crm_set_consent("sensitive", True)
        me.write({"hobbies": "我的爱好", "key_person_role": "buyer"})
        self.company.write({"grade_id": self.env.ref("crm_customer_info.customer_grade_a").id})
        self.archive_documents(self.company, "公司")
        for fmt in ("html", "pdf") if WKHTMLTOPDF else ("html",):
            self.render(self.portal, report, me, fmt)
        html = self.render(self.portal, report, me, "html").decode()
        self.assertIn("我的爱好", html, "his own profile")
        for hidden in (
            "公司共享副本",  # his company's file, not his own data
            "公司内部文件",
            "公司机密文件",
            "Grade",  # our assessment of him
            "Key Person Role",
            "钓鱼和围棋",  # a colleague's
        ):
            self.assertNotIn(hidden, html)
        # Neither his company's file nor a colleague's.
        for other in (self.company, self.person):
            self.assertRefusedPrint(self.portal, report, other, "html")
            self.assertRefusedPrint(self.portal, report, other, "pdf")
        self.assertRefusedPrint(self.portal, report, me | self.person, "html")

    def test_individual_customer_sees_the_documents_shared_with_him(self):
        customer = new_test_user(self.env, login="t_aud_individual", groups="base.group_portal")
        self.archive_documents(customer.partner_id, "我的")
        html = self.render(
            customer, self.env.ref(PERSONAL_DATA), customer.partner_id, "html"
        ).decode()
        self.assertIn("我的共享副本", html)
        self.assertNotIn("我的内部文件", html)
        self.assertNotIn("我的机密文件", html)

    def archive_documents(self, partner, prefix):
        basic = self.env.ref("crm_customer_info.archive_category_basic")
        for title, values in (
            ("共享副本", {"shared_with_customer": True}),
            ("内部文件", {}),
            ("机密文件", {"confidentiality": "secret"}),
        ):
            self.env["crm.archive.document"].create(
                {
                    "partner_id": partner.id,
                    "category_id": basic.id,
                    "title": prefix + title,
                    **values,
                }
            )

    def test_every_user_prints_his_own_data_not_others(self):
        report = self.env.ref(PERSONAL_DATA)
        for role in ("sales", "credit_user", "campaign_user"):
            if user := self.users.get(role):
                with self.subTest(role=role):
                    self.render(user, report, user.partner_id, "html")
                    self.assertRefusedPrint(user, report, self.person, "html")
                    self.assertRefusedPrint(user, report, self.person, "pdf")

    # ------------------------------------------------------------------
    # Archive prints stay logged
    # ------------------------------------------------------------------
    def test_html_prints_of_the_archive_are_logged(self):
        basic = self.env.ref("crm_customer_info.archive_category_basic")
        document = self.env["crm.archive.document"].create(
            {"partner_id": self.company.id, "category_id": basic.id, "title": "营业执照副本"}
        )
        volume = self.env["crm.archive.volume"].create(
            {"partner_id": self.company.id, "category_id": basic.id, "year": 2020}
        )
        document._crm_transition_write({"volume_id": volume.id, "state": "bound"})
        Log = self.env["crm.archive.access.log"]
        archivist = self.users["archivist"]
        self.render(
            archivist,
            self.env.ref("crm_customer_info.action_report_volume_catalogue"),
            volume,
            "html",
        )
        logs = Log.search([("document_id", "=", document.id), ("event", "=", "print")])
        self.assertEqual(logs.user_id, archivist)
        self.assertEqual(len(logs), 1, "one entry per document and print")
        # A refused print leaves no entry.
        self.assertRefusedPrint(
            self.user_sales,
            self.env.ref("crm_customer_info.action_report_volume_catalogue"),
            volume,
            "html",
        )
        self.assertEqual(
            Log.search_count([("document_id", "=", document.id), ("event", "=", "print")]), 1
        )
