import base64
import json
import shutil
from datetime import date
from unittest import skipIf

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase

# Fields with a format of their own, filled explicitly below.
_SPECIAL = {"resident_id"}


def fill_profile(partner):
    """Give a value to every plain personal field added by crm_customer_info,
    so that blanking can be checked field by field."""
    values = {}
    for fname in partner._crm_profile_fields():
        field = partner._fields[fname]
        if fname in _SPECIAL or fname in partner._crm_anonymise_kept_fields:
            continue
        if fname.startswith("consent_"):
            continue
        if field.type in ("char", "text", "html"):
            values[fname] = f"秘密 {fname}"
        elif field.type == "boolean":
            values[fname] = True
    return values


@tagged("post_install", "-at_install")
class TestPrivacy(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_officer = new_test_user(
            cls.env, login="t_officer", groups="crm_customer_info.group_privacy_officer"
        )
        cls.grade_a = cls.env.ref("crm_customer_info.customer_grade_a")
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "王小明",
                "email": "xiaoming@example.com",
                "phone": "+86 138 0000 0000",
                "street": "人民路 1 号",
                "street2": "3 楼",
                "city": "杭州",
                "zip": "310000",
                "website": "https://xiaoming.example.com",
                "function": "采购经理",
                "comment": "<p>老客户</p>",
                "vat": "CN123456",
                "image_1920": base64.b64encode(
                    base64.b64decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk"
                        "YAAAAAYAAjCB0C8AAAAASUVORK5CYII="
                    )
                ),
                "customer_state": "current",
            }
        )
        if "consent_sensitive" in cls.partner._fields:
            cls.partner._crm_set_consent("sensitive", True)
        cls.partner.write(fill_profile(cls.partner))
        cls.partner.write(
            {
                "gender": "male",
                "birthday": date(1980, 5, 17),
                "income_range": "100k_300k",
                "height_cm": 175.0,
                "staff_count": 12,
                "grade_id": cls.grade_a.id,
                "ethnicity_id": cls.env["crm.ethnicity"].search([], limit=1).id,
                "family_member_ids": [
                    (0, 0, {"name": "李红", "relation": "spouse", "birthday": date(1982, 3, 1)})
                ],
                "education_ids": [(0, 0, {"school": "浙江大学", "major": "经济学"})],
                "employment_ids": [(0, 0, {"employer": "杭州机械厂", "job_title": "工程师"})],
                "club_ids": [(0, 0, {"name": "西湖钓鱼协会"})],
                "relationship_ids": [(0, 0, {"name": "老张", "relation_type": "colleague"})],
                "competitor_usage_ids": [(0, 0, {"competitor": "对手公司", "product": "机床"})],
                "org_event_ids": [(0, 0, {"date": date(2024, 1, 5), "name": "年会"})],
            }
        )
        cls.review = cls.env["crm.partner.review"].create(
            {"partner_id": cls.partner.id, "note": "资料已核对"}
        )
        cls.document = cls.env["crm.archive.document"].create(
            {
                "partner_id": cls.partner.id,
                "category_id": cls.env.ref("crm_customer_info.archive_category_contracts").id,
                "title": "购销合同",
            }
        )

    def _request(self, partner=None):
        return (
            (partner or self.partner)
            .with_user(self.user_service)
            ._crm_request_erasure("不再合作 请删除我的资料")
        )

    # ------------------------------------------------------------------
    # Right of access
    # ------------------------------------------------------------------
    def test_personal_data_contents(self):
        data = self.partner.with_user(self.user_service)._crm_personal_data()
        json.dumps(data, ensure_ascii=False)
        customer = data["customer"]
        self.assertEqual(customer["name"], "王小明")
        self.assertEqual(customer["email"], "xiaoming@example.com")
        self.assertEqual(customer["nickname"], "秘密 nickname")
        self.assertEqual(customer["birthday"], "1980-05-17")
        self.assertEqual(customer["income_range"], "100,000-300,000")
        self.assertEqual(customer["grade_id"], self.grade_a.display_name)
        self.assertEqual(customer["height_cm"], 175.0)
        self.assertIs(customer["is_stubborn"], True)
        self.assertNotIn("resident_id", customer, "empty fields are left out")
        self.assertEqual(data["family_members"][0]["name"], "李红")
        self.assertEqual(data["family_members"][0]["birthday"], "1982-03-01")
        self.assertEqual(data["education"][0]["school"], "浙江大学")
        self.assertEqual(data["employment"][0]["employer"], "杭州机械厂")
        self.assertEqual(data["clubs"][0]["name"], "西湖钓鱼协会")
        self.assertEqual(data["relationships"][0]["name"], "老张")
        self.assertEqual(data["grade_history"][0]["new_grade_id"], self.grade_a.display_name)
        self.assertEqual(data["review_log"][0]["note"], "资料已核对")
        self.assertEqual(
            data["archive_documents"],
            [
                {
                    "number": self.document.number,
                    "title": "购销合同",
                    "document_date": self.document.document_date.isoformat(),
                }
            ],
        )
        if "crm.partner.consent" in self.env:
            self.assertTrue(data["consents"], "the consent given is part of the data")

    def test_personal_data_needs_read_access(self):
        portal = new_test_user(self.env, login="t_portal_other", groups="base.group_portal")
        with self.assertRaisesRegex(
            AccessError, r"(?s)doesn't have 'read' access to:.*Contact \(res\.partner\)"
        ):
            self.partner.with_user(portal)._crm_personal_data()

    def test_export_json(self):
        action = self.partner.with_user(self.user_officer).action_crm_export_personal_data()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[-1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        data = json.loads(attachment.raw)
        self.assertEqual(data["customer"]["nickname"], "秘密 nickname")
        self.assertFalse(attachment.res_model, "the export is not filed on the customer")
        with self.assertRaisesRegex(AccessError, "Only privacy officers can export personal data"):
            self.partner.with_user(self.user_service).action_crm_export_personal_data()

    def test_report_html_and_pdf(self):
        Report = self.env["ir.actions.report"].with_user(self.user_officer)
        html = Report._render_qweb_html(
            "crm_customer_info.action_report_personal_data", self.partner.ids
        )[0].decode()
        self.assertIn("秘密 hobbies", html)
        self.assertIn("西湖钓鱼协会", html)
        self.assertIn("购销合同", html)

    @skipIf(not shutil.which("wkhtmltopdf"), "wkhtmltopdf is needed to print")
    def test_report_pdf(self):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_customer_info.action_report_personal_data", self.partner.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    # ------------------------------------------------------------------
    # Right of erasure
    # ------------------------------------------------------------------
    def test_request_is_created_once(self):
        request = self._request()
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.requested_by, self.user_service)
        self.assertEqual(request.source, "backoffice")
        self.assertEqual(self._request(), request, "a pending request is not duplicated")
        self.assertEqual(self.partner.crm_erasure_request_count, 1)

    def test_approval_anonymises(self):
        partner = self.partner
        profile_fields = partner._crm_profile_fields()
        to_blank = [
            fname
            for fname in profile_fields
            if fname not in partner._crm_anonymise_kept_fields and not fname.startswith("consent_")
        ]
        standard = ["email", "phone", "street", "street2", "city", "zip", "website"]
        standard += ["function", "comment", "image_1920", "vat"]
        filled = [fname for fname in to_blank + standard if partner[fname]]
        # The check below is meaningful only if most fields had a value.
        self.assertGreater(len(filled), 100)
        for fname in standard:
            self.assertTrue(partner[fname], fname)
        child_fields = partner._crm_anonymise_child_fields
        children = {fname: partner[fname] for fname in child_fields}
        for fname, records in children.items():
            self.assertTrue(records, fname)
        history = partner.grade_history_ids

        request = self._request()
        request.with_user(self.user_officer).action_approve()

        self.assertEqual(request.state, "done")
        self.assertEqual(request.officer_id, self.user_officer)
        self.assertTrue(request.date_decided)
        self.assertIn("nickname", request.log)
        self.assertIn("deleted", request.log)
        self.assertEqual(partner.name, f"Anonymised customer #{partner.id}")
        self.assertEqual(partner.crm_anonymised_date, date.today())
        for fname in to_blank + standard:
            self.assertFalse(partner[fname], f"{fname} was not erased")
        for fname, records in children.items():
            self.assertFalse(records.exists(), f"{fname} records were not deleted")
        # Legal retention: grade history, review log and archive kept.
        self.assertEqual(partner.grade_id, self.grade_a)
        self.assertEqual(partner.grade_history_ids, history)
        self.assertTrue(self.review.exists())
        self.assertTrue(self.document.exists())
        self.assertEqual(self.document.partner_id, partner)
        self.assertEqual(self.document.title, "购销合同")

    def test_vat_kept_for_organisations_and_contacts_anonymised(self):
        company = self.env["res.partner"].create(
            {"name": "恒远贸易有限公司", "is_company": True, "vat": "91330100MA0000000C"}
        )
        contact = self.env["res.partner"].create(
            {"name": "赵经理", "parent_id": company.id, "email": "zhao@example.com"}
        )
        self._request(company).with_user(self.user_officer).action_approve()
        self.assertEqual(company.vat, "91330100MA0000000C")
        self.assertEqual(company.name, f"Anonymised customer #{company.id}")
        self.assertEqual(contact.name, f"Anonymised customer #{contact.id}")
        self.assertFalse(contact.email)

    def test_only_officers_decide(self):
        request = self._request()
        for user in (self.user_service, self.user_manager):
            with self.assertRaisesRegex(UserError, "Only a privacy officer"):
                request.with_user(user).action_approve()
            with self.assertRaisesRegex(UserError, "Only a privacy officer"):
                request.with_user(user).action_reject()
        with self.assertRaisesRegex(UserError, "Status change only through"):
            request.with_user(self.user_service).write({"state": "done"})
        # nor created already decided
        with self.assertRaisesRegex(UserError, "Decided By, Status change only through"):
            self.env["crm.privacy.erasure.request"].with_user(self.user_service).create(
                {
                    "partner_id": self.partner.id,
                    "state": "refused",
                    "officer_id": self.user_manager.id,
                }
            )
        self.assertEqual(request.state, "requested")
        self.assertEqual(self.partner.name, "王小明")

    def test_refusal_needs_reason(self):
        request = self._request().with_user(self.user_officer)
        with self.assertRaisesRegex(UserError, "give the reason for the refusal"):
            request.action_reject()
        request.decision_reason = "存在未结清的合同纠纷 须保留资料"
        request.action_reject()
        self.assertEqual(request.state, "refused")
        self.assertEqual(self.partner.name, "王小明")
        with self.assertRaisesRegex(UserError, "has already been decided"):
            request.action_approve()

    def test_requests_are_never_deleted(self):
        request = self._request()
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to delete 'Personal Data Erasure Request'"
        ):
            request.with_user(self.user_officer).unlink()
        with self.assertRaisesRegex(UserError, "Erasure requests cannot be deleted"):
            request.sudo().unlink()

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    def test_retention_candidates(self):
        self.env["ir.config_parameter"].set_param("crm_customer_info.privacy_retention_years", 3)
        today = date.today()
        Partner = self.env["res.partner"]

        def former(name, years, **values):
            return Partner.create(
                {
                    "name": name,
                    "customer_state": "former",
                    "stop_trade_reason": "停止合作",
                    "stop_trade_date": today - relativedelta(years=years),
                    **values,
                }
            )

        old = former("老客户", 4)
        former("近期客户", 1)
        Partner.create(
            {
                "name": "现客户",
                "customer_state": "current",
                "stop_trade_date": today - relativedelta(years=5),
            }
        )
        anonymised = former("已匿名", 5)
        self._request(anonymised).with_user(self.user_officer).action_approve()
        candidates = Partner._crm_retention_candidates()
        self.assertIn(old, candidates)
        self.assertFalse(candidates.filtered(lambda p: p.customer_state != "former"))
        self.assertNotIn(anonymised, candidates)
        self.assertEqual(
            candidates.filtered(lambda p: p.name in ("老客户", "近期客户", "现客户")), old
        )
        action = Partner.with_user(self.user_officer).action_crm_retention_candidates()
        self.assertIn(old.id, action["domain"][0][2])
        with self.assertRaisesRegex(
            AccessError, "Only privacy officers can list anonymisation candidates"
        ):
            Partner.with_user(self.user_service).action_crm_retention_candidates()
