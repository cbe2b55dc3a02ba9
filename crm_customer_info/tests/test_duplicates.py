from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CustomerInfoCase

USCC = "91310115MA1K4LXY5M"
RESIDENT_ID = "11010519491231002X"


@tagged("post_install", "-at_install")
class TestDuplicateDetection(CustomerInfoCase):
    """Probable duplicates (seed 001: 合并、识别、校验), one SQL query per rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Pair = cls.env["crm.duplicate.pair"].with_user(cls.user_archivist)

    def _partners(self, *values_list):
        return self.Partner.create([{"is_company": True, **values} for values in values_list])

    def _pair(self, first, second):
        low, high = sorted((first.id, second.id))
        return self.env["crm.duplicate.pair"].search(
            [("partner_a_id", "=", low), ("partner_b_id", "=", high)]
        )

    def _pairs_among(self, partners):
        return self.env["crm.duplicate.pair"].search(
            [("partner_a_id", "in", partners.ids), ("partner_b_id", "in", partners.ids)]
        )

    def test_each_rule(self):
        uscc = self._partners(
            {"name": "Dup Test Uscc One", "vat": USCC},
            {"name": "Dup Test Uscc Two", "vat": f" {USCC[:8].lower()} {USCC[8:]}"},
        )
        resident = self._partners(
            {"name": "Dup Test Resident One", "is_company": False},
            {"name": "Dup Test Resident Two", "is_company": False},
        )
        resident._crm_set_consent("sensitive", True)
        resident[0].resident_id = RESIDENT_ID
        resident[1].resident_id = RESIDENT_ID
        phone = self._partners(
            {"name": "Dup Test Phone One", "phone": "+86 138 0013 8765"},
            {"name": "Dup Test Phone Two", "phone": "138-0013-8765"},
        )
        landline = self._partners(
            {"name": "Dup Test Landline One", "phone": "+86 21 5566 7788"},
            {"name": "Dup Test Landline Two", "phone": "021-55667788"},
        )
        email = self._partners(
            {"name": "Dup Test Email One", "email": "Dup.Test@Example.COM"},
            {"name": "Dup Test Email Two", "email": " dup.test@example.com"},
        )
        name_city = self._partners(
            {"name": "测试重复商贸有限公司", "city": "上海"},
            {"name": "测试重复 商贸有限公司", "city": "上海市"},
        )
        self.Pair._detect_duplicates()
        for partners, rule in (
            (uscc, "uscc"),
            (resident, "resident_id"),
            (phone, "phone"),
            (landline, "phone"),
            (email, "email"),
            (name_city, "name_city"),
        ):
            pair = self._pair(*partners)
            self.assertEqual(len(pair), 1, rule)
            self.assertEqual(pair.rule, rule)
            self.assertEqual(pair.matched_rules, rule)
            self.assertEqual(pair.state, "new")
        everyone = uscc | resident | phone | landline | email | name_city
        self.assertEqual(len(self._pairs_among(everyone)), 6)

    def test_near_misses_are_not_duplicates(self):
        partners = self._partners(
            {"name": "测试近似甲公司", "city": "南京", "phone": "025-1234 5678"},
            {"name": "测试近似甲公司", "city": "无锡", "phone": "025-1234 5679"},
            {"name": "Near Miss Latin", "city": "Nanjing", "email": "a@near.example.com"},
            {"name": "Near Miss Latin", "city": "Nanjing", "email": "b@near.example.com"},
            {"name": "Near Miss Short", "phone": "12345"},
            {"name": "Near Miss Short Too", "phone": "1-2345"},
        )
        self.Pair._detect_duplicates()
        self.assertFalse(self._pairs_among(partners))

    def test_strongest_rule_first_and_all_listed(self):
        partners = self._partners(
            {"name": "测试多重公司", "city": "苏州", "vat": USCC, "email": "multi@example.com"},
            {"name": "测试多重公司", "city": "苏州", "vat": USCC, "email": "multi@example.com"},
        )
        self.Pair._detect_duplicates()
        pair = self._pair(*partners)
        self.assertEqual(pair.rule, "uscc")
        self.assertEqual(pair.matched_rules, "uscc,email,name_city")
        # Shown to people by the rules' names, never the codes.
        self.assertEqual(
            pair.matched_rule_names,
            "Same Unified Social Credit Code, Same Email, Same Chinese Name and City",
        )
        for view_type in ("list", "form"):
            arch = self.Pair.get_views([(False, view_type)])["views"][view_type]["arch"]
            self.assertIn('name="matched_rule_names"', arch)
            self.assertNotIn('name="matched_rules"', arch)

    def test_not_duplicate_sticks_and_stale_pairs_go(self):
        kept_apart = self._partners(
            {"name": "Sticky One", "email": "sticky@example.com"},
            {"name": "Sticky Two", "email": "sticky@example.com"},
        )
        fixed = self._partners(
            {"name": "Fixed One", "phone": "0571-8888 1234"},
            {"name": "Fixed Two", "phone": "0571-8888 1234"},
        )
        self.Pair._detect_duplicates()
        pair = self._pair(*kept_apart).with_user(self.user_archivist)
        pair.action_not_duplicate()
        self.assertEqual(pair.decided_by_id, self.user_archivist)
        fixed[1].phone = "0571-8888 9999"
        created = self.Pair._detect_duplicates()
        self.assertFalse(created & self._pairs_among(kept_apart | fixed))
        self.assertEqual(self._pair(*kept_apart), pair)
        self.assertEqual(pair.state, "not_duplicate")
        self.assertFalse(self._pair(*fixed))
        with self.assertRaisesRegex(UserError, "is already decided"):
            pair.action_not_duplicate()

    def test_switchboard_numbers_and_archived_customers_are_ignored(self):
        switchboard = self._partners(
            *({"name": f"Switchboard {index}", "phone": "400-820-8820"} for index in range(11))
        )
        archived = self._partners(
            {"name": "Archived One", "email": "archived@example.com"},
            {"name": "Archived Two", "email": "archived@example.com", "active": False},
        )
        self.Pair._detect_duplicates()
        self.assertFalse(self._pairs_among(switchboard))
        self.assertFalse(self._pairs_among(archived.with_context(active_test=False)))

    def test_only_archive_administrators(self):
        self._partners(
            {"name": "Access One", "email": "access@example.com"},
            {"name": "Access Two", "email": "access@example.com"},
        )
        self.Pair._detect_duplicates()
        Pair = self.env["crm.duplicate.pair"]
        for user in (self.user_sales, self.user_service, self.user_plain):
            with self.assertRaisesRegex(
                AccessError, "You are not allowed to access 'Probable Duplicate Customers'"
            ):
                Pair.with_user(user).search([])
            with self.assertRaisesRegex(
                UserError, "Only archive administrators look for duplicates"
            ):
                Pair.with_user(user).action_detect_duplicates()
        self.assertTrue(Pair.with_user(self.user_manager).search([]))


@tagged("post_install", "-at_install")
class TestDuplicateMerge(CustomerInfoCase):
    """Merging with Odoo's partner merge keeps every profile record, document,
    loan, log and message of both customers on the kept one."""

    def _pair(self, values):
        """A pair as the detection leaves it."""
        Pair = self.env["crm.duplicate.pair"]
        with Pair._crm_transition():
            return Pair.create(values)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.last_year = fields.Date.context_today(cls.env["res.partner"]).year - 1
        cls.basic = cls.env.ref("crm_customer_info.archive_category_basic")
        cls.grade_a = cls.env.ref("crm_customer_info.customer_grade_a")
        cls.grade_b = cls.env.ref("crm_customer_info.customer_grade_b")
        Partner = cls.env["res.partner"]
        cls.kept = Partner.create(
            {
                "name": "嘉兴测试合并有限公司",
                "is_company": True,
                "ref": "M001",
                "email": "merge@example.com",
                "customer_state": "current",
            }
        )
        cls.dup = Partner.create(
            {
                "name": "嘉兴测试合并有限公司 展会录入",
                "is_company": True,
                "ref": "M001",
                "email": "merge@example.com",
                "phone": "0573-8200 1234",
                "customer_state": "current",
            }
        )
        cls.kept.grade_id = cls.grade_b
        cls.dup.grade_id = cls.grade_a
        cls.dup._crm_set_consent("email", True, note="Trade fair form")
        for partner in cls.kept | cls.dup:
            cls._profile(partner)
        cls.env["crm.partner.relationship"].create(
            {"partner_id": cls.dup.id, "related_partner_id": cls.kept.id, "relation_type": "other"}
        )
        cls.dup.message_post(body="Met at the Ningbo trade fair")
        cls.kept.message_post(body="Old customer since 2015")

    @classmethod
    def _profile(cls, partner):
        cls.env["crm.partner.family.member"].create({"partner_id": partner.id, "name": "家属"})
        cls.env["crm.partner.education"].create({"partner_id": partner.id, "school": "浙江大学"})
        cls.env["crm.partner.employment"].create({"partner_id": partner.id, "employer": "某公司"})
        cls.env["crm.partner.relationship"].create({"partner_id": partner.id, "name": "同学"})
        cls.env["crm.partner.review"].create({"partner_id": partner.id, "note": "reviewed"})
        Document = cls.env["crm.archive.document"]
        # Same customer reference: the numbers of both customers collide.
        Document.create(
            {
                "partner_id": partner.id,
                "category_id": cls.basic.id,
                "title": "营业执照",
                "document_date": date(cls.last_year, 3, 1),
            }
        )
        cls.env["crm.archive.volume.close.wizard"].with_user(cls.user_archivist).create(
            {"partner_id": partner.id, "year": cls.last_year}
        ).action_close()
        Document.create(
            {"partner_id": partner.id, "category_id": cls.basic.id, "title": "购销合同复印件"}
        )
        cls.env["crm.complaint"].create(
            {"partner_id": partner.id, "description": "投诉", "user_id": cls.user_service.id}
        )

    def _records(self, model, partner):
        Model = self.env[model].with_context(active_test=False)
        return Model.search([("partner_id", "=", partner.id)])

    def _snapshot(self):
        models = [
            "crm.partner.family.member",
            "crm.partner.education",
            "crm.partner.employment",
            "crm.partner.relationship",
            "crm.customer.grade.history",
            "crm.partner.consent",
            "crm.partner.review",
            "crm.archive.document",
            "crm.archive.access.log",
            "crm.complaint",
            "crm.visit.report",
            "crm.info.report",
        ]
        return {
            model: self._records(model, self.kept) | self._records(model, self.dup)
            for model in models
        }

    def test_merge_keeps_everything(self):
        # A loan of the duplicate's loose document, with its access log.
        loose = self._records("crm.archive.document", self.dup).filtered(lambda d: not d.volume_id)
        borrow = (
            self.env["crm.archive.borrow"]
            .with_user(self.user_service)
            .create(
                {
                    "purpose": "Credit review",
                    "mode": "lend",
                    "line_ids": [Command.create({"document_id": loose.id})],
                }
            )
        )
        borrow.action_submit()
        borrow.with_user(self.user_manager).action_approve()
        borrow.with_user(self.user_archivist).action_lend()
        self.env["crm.visit.report"].with_user(self.user_sales).create(
            {"partner_id": self.dup.id, "purpose": "回访", "findings": "ok"}
        )
        self.env["crm.info.report"].with_user(self.user_sales).create(
            {"partner_id": self.dup.id, "subject": "新邮箱"}
        )
        before = self._snapshot()
        for model, records in before.items():
            self.assertTrue(records & self._records(model, self.dup), model)
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "in", (self.kept | self.dup).ids)]
        )
        self.assertTrue(messages.filtered(lambda m: "Ningbo" in (m.body or "")))
        volumes_before = self.env["crm.archive.volume"].search(
            [("partner_id", "in", (self.kept | self.dup).ids)]
        )
        self.assertEqual(len(volumes_before), 2)
        self.assertFalse(self.kept.consent_email)

        self.Pair = self.env["crm.duplicate.pair"].with_user(self.user_archivist)
        self.Pair._detect_duplicates()
        low, high = sorted((self.kept.id, self.dup.id))
        pair = self.Pair.search([("partner_a_id", "=", low), ("partner_b_id", "=", high)])
        self.assertEqual(pair.rule, "email")
        dup_name, dup_id = self.dup.name, self.dup.id
        pair._merge_partners(self.kept)

        self.assertFalse(self.dup.exists())
        # Every record of both customers, on the kept one (the consent log
        # gains the row of the merge).
        for model, records in before.items():
            after = self._records(model, self.kept)
            self.assertEqual(after & records, records, model)
            if model != "crm.partner.consent":
                self.assertEqual(after, records, model)
        documents = self._records("crm.archive.document", self.kept)
        self.assertEqual(len(documents), 4)
        self.assertEqual(len(set(documents.mapped("number"))), 4, documents.mapped("number"))
        # One volume for the year: the duplicate's documents joined it.
        volume = self.env["crm.archive.volume"].search([("partner_id", "=", self.kept.id)])
        self.assertEqual(len(volume), 1)
        self.assertEqual(len(volume.document_ids), 2)
        self.assertTrue(volume.message_ids.filtered(lambda m: "joined" in (m.body or "")))
        # The loan goes on, on the kept customer's file.
        self.assertEqual(borrow.state, "lent")
        self.assertEqual(borrow.line_ids.partner_id, self.kept)
        self.assertEqual(loose.partner_id, self.kept)
        # Relationships between the two lost their link, not their entry.
        self.assertFalse(
            self._records("crm.partner.relationship", self.kept).filtered(
                lambda r: r.related_partner_id == self.kept
            )
        )
        # Histories: grades, consents (the duplicate's e-mail consent holds),
        # and the chatter of both.
        self.assertTrue(self.kept.consent_email)
        self.assertEqual(len(self.kept.grade_history_ids), 2)
        kept_messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.kept.id)]
        )
        self.assertLessEqual(messages, kept_messages)
        self.assertTrue(kept_messages.filtered(lambda m: "Merged with" in (m.body or "")))
        # The pair records the merge.
        self.assertEqual(pair.state, "merged")
        self.assertEqual(pair.partner_a_id, self.kept)
        self.assertFalse(pair.partner_b_id)
        self.assertEqual((pair.merged_partner_name, pair.merged_partner_ref), (dup_name, dup_id))
        self.assertEqual(pair.decided_by_id, self.user_archivist)

    def test_merge_from_odoo_wizard_is_logged(self):
        """Merged from Contacts, without a pair: still safe, and logged as a pair."""
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(self.kept | self.dup).ids)
            .create({})
        )
        wizard.dst_partner_id = self.kept
        wizard.action_merge()
        self.assertFalse(self.dup.exists())
        log = self.env["crm.duplicate.pair"].search([("partner_a_id", "=", self.kept.id)])
        self.assertEqual(log.state, "merged")
        self.assertFalse(log.rule)
        self.assertEqual(len(self._records("crm.archive.document", self.kept)), 4)

    def test_pair_merge_opens_odoo_wizard(self):
        pair = self._pair(
            {"partner_a_id": self.kept.id, "partner_b_id": self.dup.id, "rule": "email"}
        )
        action = pair.with_user(self.user_archivist).action_merge()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_archivist)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, self.kept | self.dup)
        self.assertEqual(wizard.state, "selection")
        wizard.dst_partner_id = self.kept
        wizard.action_merge()
        self.assertEqual(pair.state, "merged")
        with self.assertRaisesRegex(UserError, "is already decided"):
            pair.with_user(self.user_archivist).action_not_duplicate()

    def test_no_merge_of_any_two_contacts_through_a_pair(self):
        """The archive administrators' merge holds for the pair the detection
        found, not for two other contacts named next to a pair id."""
        pair = self._pair(
            {"partner_a_id": self.kept.id, "partner_b_id": self.dup.id, "rule": "email"}
        )
        other = self.env["res.partner"].create(
            {"name": "无关客户", "is_company": True, "email": "other@example.com"}
        )
        Pair = self.env["crm.duplicate.pair"].with_user(self.user_archivist)
        with self.assertRaisesRegex(UserError, "Customer, Probable Duplicate.*only through"):
            Pair.create({"partner_a_id": self.kept.id, "partner_b_id": other.id, "rule": "email"})
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_archivist)
            .with_context(
                active_model="res.partner",
                active_ids=(self.kept | other).ids,
                crm_duplicate_pair_id=pair.id,
            )
            .create({})
        )
        wizard.dst_partner_id = self.kept
        with self.assertRaisesRegex(UserError, "same email|Administrator"):
            wizard.action_merge()
        self.assertTrue(other.exists())
        self.assertEqual(pair.state, "new")

    def test_merge_keeps_hidden_sensitive_values_without_consent(self):
        """The duplicate's consent was withdrawn: its sensitive values stay
        hidden on the kept customer, as after a withdrawal, never processed anew."""
        self.dup._crm_set_consent("sensitive", True)
        self.dup.health_status = "ill"
        self.dup._crm_set_consent("sensitive", False)
        pair = self._pair(
            {"partner_a_id": self.kept.id, "partner_b_id": self.dup.id, "rule": "email"}
        )
        pair.with_user(self.user_archivist)._merge_partners(self.kept)
        self.assertFalse(self.kept.consent_sensitive)
        self.assertEqual(self.kept.sudo().health_status, "ill")
        shown = self.kept.with_user(self.user_service).read(["health_status"])[0]
        self.assertFalse(shown["health_status"])
        self.assertTrue(self.kept.message_ids.filtered(lambda m: "kept hidden" in (m.body or "")))

    def test_merge_carries_sensitive_values_with_consent(self):
        self.dup._crm_set_consent("sensitive", True)
        self.dup.health_status = "ill"
        pair = self._pair(
            {"partner_a_id": self.kept.id, "partner_b_id": self.dup.id, "rule": "email"}
        )
        pair.with_user(self.user_archivist)._merge_partners(self.kept)
        self.assertTrue(self.kept.consent_sensitive)
        consent_log = self.kept.consent_ids.filtered(lambda row: row.channel == "sensitive")
        self.assertTrue(consent_log.filtered("granted"))
        self.assertEqual(
            self.kept.with_user(self.user_service).read(["health_status"])[0]["health_status"],
            "ill",
        )
