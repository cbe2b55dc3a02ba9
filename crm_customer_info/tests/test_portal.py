import json
import re
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REVIEW_SUMMARY = "Check the changes made on the portal"


@tagged("post_install", "-at_install")
class TestCustomerPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, login="t_portal_sales", groups="crm_customer_info.group_salesperson"
        )
        Partner = cls.env["res.partner"]
        cls.company_a = Partner.create(
            {"name": "Portal Customer A", "is_company": True, "user_id": cls.salesperson.id}
        )
        cls.company_b = Partner.create({"name": "Portal Customer B", "is_company": True})
        cls.contact_a = Partner.create({"name": "Contact A", "parent_id": cls.company_a.id})
        cls.contact_b = Partner.create({"name": "Contact B", "parent_id": cls.company_b.id})
        cls.user_a = new_test_user(
            cls.env,
            login="t_portal_a",
            name="Contact A",
            password="t_portal_a",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
        )
        cls.user_b = new_test_user(
            cls.env,
            login="t_portal_b",
            name="Contact B",
            password="t_portal_b",
            groups="base.group_portal",
            partner_id=cls.contact_b.id,
        )
        category = cls.env.ref("crm_customer_info.archive_category_basic")
        cls.doc_a_shared = cls._create_document(
            cls.company_a, category, "Shared contract A", True, b"SHARED-A-CONTENT"
        )
        cls.doc_a_private = cls._create_document(
            cls.company_a, category, "Internal notes A", False, b"PRIVATE-A-CONTENT"
        )
        cls.doc_b_shared = cls._create_document(
            cls.company_b, category, "Shared contract B", True, b"SHARED-B-CONTENT"
        )

    @classmethod
    def _create_document(cls, partner, category, title, shared, content):
        document = cls.env["crm.archive.document"].create(
            {
                "partner_id": partner.id,
                "category_id": category.id,
                "title": title,
                "shared_with_customer": shared,
            }
        )
        attachment = cls.env["ir.attachment"].create(
            {
                "name": f"{title}.txt",
                "raw": content,
                "res_model": "crm.archive.document",
                "res_id": document.id,
            }
        )
        document.attachment_ids = [Command.link(attachment.id)]
        return document

    def _download_url(self, document, attachment):
        return f"/my/documents/{document.id}/download/{attachment.id}"

    def _csrf_token(self, url="/my/profile"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def _post_profile(self, data, csrf=True):
        if csrf:
            data = dict(data, csrf_token=self._csrf_token())
        return self.url_open("/my/profile", data=data, allow_redirects=False)

    # ------------------------------------------------------------------
    # Anonymous
    # ------------------------------------------------------------------
    def test_anonymous_redirected_to_login(self):
        attachment = self.doc_a_shared.attachment_ids
        for url in (
            "/my/profile",
            "/my/documents",
            self._download_url(self.doc_a_shared, attachment),
            "/my/privacy",
            "/my/privacy/data.json",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertIn("/web/login", response.headers["Location"])
                self.assertNotIn(b"SHARED-A-CONTENT", response.content)

    def test_home_and_account_link_to_pages(self):
        self.authenticate("t_portal_a", "t_portal_a")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        for url in ("/my/profile", "/my/documents", "/my/privacy"):
            self.assertIn(f'href="{url}"', home.text)
        account = self.url_open("/my/account")
        self.assertEqual(account.status_code, 200)
        self.assertIn('href="/my/profile"', account.text)

    def test_home_cards_have_fitting_icons(self):
        """Each card of /my has its own picture: a folder for the documents, an
        identity card for the profile and consents, a shield for privacy."""
        self.authenticate("t_portal_a", "t_portal_a")
        home = html.fromstring(self.url_open("/my").text)
        expected = {
            "/my/documents": "/web/static/img/folder.svg",
            "/my/profile": "/crm_customer_info/static/src/img/portal-profile.svg",
            "/my/privacy": "/crm_customer_info/static/src/img/portal-privacy.svg",
        }
        for url, icon in expected.items():
            with self.subTest(url=url):
                cards = home.xpath(
                    f'//div[contains(@class, "o_portal_index_card")]/a[@href="{url}"]'
                )
                self.assertEqual(len(cards), 1)
                self.assertEqual(cards[0].xpath(".//img/@src"), [icon])
                response = self.url_open(icon)
                self.assertEqual(response.status_code, 200)
                self.assertIn(b"<svg", response.content)

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def test_documents_list_only_own_shared(self):
        self.authenticate("t_portal_a", "t_portal_a")
        response = self.url_open("/my/documents")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Shared contract A", response.text)
        self.assertNotIn("Internal notes A", response.text)
        self.assertNotIn("Shared contract B", response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["crm_document_count"]})
        self.assertEqual(counters["crm_document_count"], 1)

    def test_download_own_shared_document_is_logged(self):
        self.authenticate("t_portal_a", "t_portal_a")
        attachment = self.doc_a_shared.attachment_ids
        Log = self.env["crm.archive.access.log"]
        domain = [("document_id", "=", self.doc_a_shared.id), ("event", "=", "download")]
        response = self.url_open(self._download_url(self.doc_a_shared, attachment))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"SHARED-A-CONTENT")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        log = Log.search(domain)
        self.assertEqual(len(log), 1, "one download, one log row")
        self.assertEqual(log.user_id, self.user_a)
        self.assertEqual(log.attachment_id, attachment)

    def test_download_other_documents_not_found(self):
        self.authenticate("t_portal_a", "t_portal_a")
        att_private = self.doc_a_private.attachment_ids
        att_b = self.doc_b_shared.attachment_ids
        # A shared document of a customer of another company of the database.
        other_company = self.env["res.company"].create({"name": "Portal Other Company"})
        other_customer = self.env["res.partner"].create(
            {"name": "Other Company Customer", "is_company": True, "company_id": other_company.id}
        )
        doc_other = self._create_document(
            other_customer,
            self.env.ref("crm_customer_info.archive_category_basic"),
            "Shared contract of the other company",
            True,
            b"OTHER-COMPANY-CONTENT",
        )
        doc_other.sudo().company_id = other_company
        last_document = self.env["crm.archive.document"].search([], order="id desc", limit=1)
        cases = {
            "other company": (doc_other, doc_other.attachment_ids, b"OTHER-COMPANY-CONTENT"),
            "not shared": (self.doc_a_private, att_private, b"PRIVATE-A-CONTENT"),
            "other customer": (self.doc_b_shared, att_b, b"SHARED-B-CONTENT"),
            # Own shared document, but the file of another document.
            "foreign attachment": (self.doc_a_shared, att_b, b"SHARED-B-CONTENT"),
            "guessed id": (last_document.browse(last_document.id + 1), att_b, b"SHARED-B-CONTENT"),
        }
        for name, (document, attachment, content) in cases.items():
            with self.subTest(name):
                response = self.url_open(self._download_url(document, attachment))
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(content, response.content)
        self.assertFalse(
            self.env["crm.archive.access.log"].search(
                [("document_id", "in", (self.doc_a_private | self.doc_b_shared).ids)]
            )
        )

    # ------------------------------------------------------------------
    # Profile
    # ------------------------------------------------------------------
    def test_profile_shows_own_data(self):
        self.contact_a.hobbies = "Calligraphy"
        self.contact_b.hobbies = "Fishing B"
        self.authenticate("t_portal_a", "t_portal_a")
        response = self.url_open("/my/profile")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Calligraphy", response.text)
        self.assertIn("Portal Customer A", response.text)
        self.assertNotIn("Fishing B", response.text)

    def test_profile_post_without_csrf_refused(self):
        self.authenticate("t_portal_a", "t_portal_a")
        response = self._post_profile({"hobbies": "No token"}, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.contact_a.hobbies)

    def test_profile_future_birthday_refused(self):
        self.authenticate("t_portal_a", "t_portal_a")
        tomorrow = fields.Date.today() + timedelta(days=1)
        messages_before = self.contact_a.message_ids
        response = self._post_profile(
            {"hobbies": "Should not be saved", "birthday": fields.Date.to_string(tomorrow)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("is in the future", response.text)
        self.contact_a.invalidate_recordset()
        self.assertFalse(self.contact_a.hobbies)
        self.assertFalse(self.contact_a.birthday)
        self.assertEqual(self.contact_a.message_ids, messages_before)
        self.assertFalse(self.contact_a.activity_ids)

    def test_profile_change_in_chatter_with_review_activity(self):
        self.authenticate("t_portal_a", "t_portal_a")
        response = self._post_profile(
            {
                "hobbies": "Go and table tennis",
                "wechat": "wx_contact_a",
                "birthday": "1985-06-01",
                "company_website": "https://a.example.com",
                "company_staff_count": "42",
                "consent_form": "1",
                "consent_email": "1",
            }
        )
        self.assertEqual(response.status_code, 303)
        self.contact_a.invalidate_recordset()
        self.assertEqual(self.contact_a.hobbies, "Go and table tennis")
        self.assertEqual(self.contact_a.wechat, "wx_contact_a")
        self.assertEqual(fields.Date.to_string(self.contact_a.birthday), "1985-06-01")
        self.assertTrue(self.contact_a.consent_email)
        self.assertFalse(self.contact_a.consent_sms)
        self.assertEqual(self.company_a.website, "https://a.example.com")
        self.assertEqual(self.company_a.staff_count, 42)

        note = self.contact_a.message_ids.filtered(
            lambda m: "Changed on the portal by" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.contact_a)
        self.assertIn("Hobbies", note.body)
        self.assertTrue(
            self.company_a.message_ids.filtered(
                lambda m: "Changed on the portal by" in (m.body or "")
            )
        )
        for record in (self.contact_a, self.company_a):
            activity = record.activity_ids.filtered(lambda a: a.summary == REVIEW_SUMMARY)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.salesperson)
            self.assertEqual(
                activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
            )
        # The other customer is untouched.
        self.assertFalse(self.contact_b.hobbies)
        self.assertFalse(self.company_b.website)

    def test_profile_change_told_in_the_salespersons_language(self):
        """An English-speaking customer changes his profile; his Chinese-speaking
        salesperson reads the note and his to-do in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_customer_info"], ["zh_CN"])
        self.salesperson.lang = "zh_CN"
        self.user_a.lang = "en_US"
        self.authenticate("t_portal_a", "t_portal_a")
        self._post_profile({"hobbies": "Go"})
        self.contact_a.invalidate_recordset()
        self.assertEqual(self.contact_a.hobbies, "Go")
        note = self.contact_a.message_ids.filtered(lambda m: "在门户中更改" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("嗜好与娱乐", note.body)
        activity = self.contact_a.activity_ids.filtered(lambda a: a.user_id == self.salesperson)
        self.assertEqual(activity.summary, "检查在门户中所做的更改")

    def test_profile_cannot_edit_unsafe_fields(self):
        self.authenticate("t_portal_a", "t_portal_a")
        self.contact_a.nickname = "Keep me"
        self._post_profile({"nickname": "Hacked", "name": "Hacked", "hobbies": "Chess"})
        self.contact_a.invalidate_recordset()
        self.assertEqual(self.contact_a.nickname, "Keep me")
        self.assertEqual(self.contact_a.name, "Contact A")
        self.assertEqual(self.contact_a.hobbies, "Chess")

    # ------------------------------------------------------------------
    # Privacy
    # ------------------------------------------------------------------
    def test_privacy_own_data_only(self):
        self.authenticate("t_portal_a", "t_portal_a")
        self.assertEqual(self.url_open("/my/privacy").status_code, 200)
        response = self.url_open("/my/privacy/data.json")
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        self.assertEqual(data["partner_id"], self.contact_a.id)
        self.assertNotIn("Contact B", response.text)
        response = self.url_open("/my/privacy/data.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_privacy_erasure_request(self):
        self.authenticate("t_portal_a", "t_portal_a")
        token = self._csrf_token("/my/privacy")
        refused = self.url_open("/my/privacy", data={"reason": "No token"})
        self.assertEqual(refused.status_code, 400)
        response = self.url_open("/my/privacy", data={"reason": "I moved", "csrf_token": token})
        self.assertEqual(response.status_code, 200)
        request = self.env["crm.privacy.erasure.request"].search(
            [("partner_id", "=", self.contact_a.id)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.source, "portal")
        self.assertEqual(request.reason, "I moved")
        self.assertFalse(
            self.env["crm.privacy.erasure.request"].search([("partner_id", "=", self.contact_b.id)])
        )

    # ------------------------------------------------------------------
    # Browser
    # ------------------------------------------------------------------
    def test_portal_profile_tour(self):
        """The demo portal user edits the profile; the back office sees it in chatter."""
        portal = self.env.ref("base.demo_user0", raise_if_not_found=False)
        if not portal:
            self.skipTest("Needs the demo portal user.")
        partner = portal.partner_id
        if partner.consent_post:
            partner._crm_set_consent("post", False)
        reviewer = partner.commercial_partner_id.user_id
        if not reviewer:
            reviewer = partner.commercial_partner_id.user_id = self.salesperson
        self.start_tour("/my/profile", "crm_portal_profile", login="portal")
        partner.invalidate_recordset()
        self.assertEqual(partner.hobbies, "Tea ceremonies and hiking")
        self.assertTrue(partner.consent_post)
        note = partner.message_ids.filtered(lambda m: "Changed on the portal by" in (m.body or ""))
        self.assertTrue(note)
        self.assertIn("Hobbies", note[0].body)
        activity = partner.activity_ids.filtered(lambda a: a.summary == REVIEW_SUMMARY)
        self.assertEqual(activity.user_id, partner.reviewer_id or reviewer)
