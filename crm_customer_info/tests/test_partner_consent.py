from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerInfoCase

RIC_MALE_19850312 = "110105198503121234"


@tagged("post_install", "-at_install")
class TestPartnerConsent(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create({"name": "王小明", "gender": "male"})

    def _log(self, partner, channel):
        return self.env["crm.partner.consent"].search(
            [("partner_id", "=", partner.id), ("channel", "=", channel)]
        )

    def test_sensitive_value_needs_consent(self):
        partner = self.person.with_user(self.user_service)
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            partner.write({"religion": "Buddhism", "hobbies": "Tea"})
        message = str(caught.exception)
        self.assertIn("Religion", message)
        self.assertIn("separate consent", message)
        self.person.invalidate_recordset()
        self.assertFalse(self.person.religion)
        self.assertFalse(self.person.hobbies, "nothing of the refused write is saved")
        with (
            self.assertRaisesRegex(ValidationError, "Annual Income .*separate consent"),
            self.env.cr.savepoint(),
        ):
            self.env["res.partner"].create({"name": "李四", "income_range": "gt_1m"})

    def test_empty_sensitive_value_allowed_without_consent(self):
        self.person.with_user(self.user_service).write({"religion": False, "hobbies": "Tea"})
        self.assertEqual(self.person.hobbies, "Tea")

    def test_sensitive_value_with_consent(self):
        self.person.with_user(self.user_service).with_context(
            crm_consent_channel="sensitive"
        ).action_crm_consent_grant()
        self.assertTrue(self.person.consent_sensitive)
        partner = self.person.with_user(self.user_service)
        partner.write({"religion": "Buddhism", "resident_id": RIC_MALE_19850312})
        self.assertEqual(partner.read(["religion"])[0]["religion"], "Buddhism")

    def test_withdrawal_hides_values_but_manager_sees_them(self):
        self.person._crm_set_consent("sensitive", True)
        self.person.write({"religion": "Buddhism", "income_range": "gt_1m"})
        self.person._crm_set_consent("sensitive", False, note="Withdrawn by phone")
        self.assertFalse(self.person.consent_sensitive)
        fnames = ["religion", "income_range", "name"]
        service = self.person.with_user(self.user_service)
        values = service.read(fnames)[0]
        self.assertFalse(values["religion"])
        self.assertFalse(values["income_range"])
        self.assertEqual(values["name"], "王小明")
        web = service.web_read({"religion": {}})[0]
        self.assertFalse(web["religion"])
        found = (
            self.env["res.partner"]
            .with_user(self.user_service)
            .search_read([("id", "=", self.person.id)], ["religion"])
        )
        self.assertFalse(found[0]["religion"])
        # a search must not reveal the hidden value either
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.user_service)
            .search([("religion", "=", "Buddhism"), ("id", "=", self.person.id)])
        )
        manager = self.person.with_user(self.user_manager)
        self.assertEqual(manager.read(["religion"])[0]["religion"], "Buddhism")
        self.assertEqual(
            manager.search([("religion", "=", "Buddhism"), ("id", "=", self.person.id)]),
            self.person,
        )
        # the values were kept: granting again shows them
        self.person._crm_set_consent("sensitive", True)
        self.assertEqual(service.read(["religion"])[0]["religion"], "Buddhism")

    def _withdrawn_person(self):
        """The person with religion, income, a resident ID and a family member's
        resident ID recorded under consent, then consent withdrawn."""
        self.person._crm_set_consent("sensitive", True)
        self.person.write(
            {"religion": "Buddhism", "income_range": "gt_1m", "resident_id": RIC_MALE_19850312}
        )
        member = self.env["crm.partner.family.member"].create(
            {"partner_id": self.person.id, "name": "王大明", "resident_id": RIC_MALE_19850312}
        )
        self.person._crm_set_consent("sensitive", False)
        self.env.invalidate_all()
        return member

    def test_hidden_values_not_grouped_ordered_or_exported(self):
        member = self._withdrawn_person()
        other = self.env["res.partner"].create({"name": "赵六"})
        other._crm_set_consent("sensitive", True)
        other.write({"income_range": "lt_50k"})
        export_right = self.env.ref("base.group_allow_export")
        (self.user_service | self.user_manager).write({"group_ids": [(4, export_right.id)]})
        Partner = self.env["res.partner"].with_user(self.user_service)
        ids = [("id", "in", (self.person | other).ids)]
        groups = Partner._read_group(ids, ["religion"], ["__count"])
        self.assertEqual(groups, [(False, 2)], "the hidden value falls in the empty group")
        self.assertEqual(Partner._read_group(ids, [], ["income_range:count_distinct"]), [(1,)])
        # ordering by a hidden value does not give it back either
        for direction in ("asc", "desc"):
            ordered = Partner.search(ids, order=f"income_range {direction}, id")
            # an empty value sorts last (asc) or first (desc), "gt_1m" would sort first
            expected = other | self.person if direction == "asc" else self.person | other
            self.assertEqual(ordered.ids, expected.ids, direction)
        # from another model, through a related path
        Member = self.env["crm.partner.family.member"].with_user(self.user_service)
        domain = [("id", "=", member.id)]
        for path in ("partner_id.religion", "partner_id.income_range", "partner_id.resident_id"):
            self.assertEqual(Member._read_group(domain, [path], ["__count"]), [(False, 1)], path)
            self.assertFalse(Member.search([*domain, (path, "!=", False)]), path)
        self.assertFalse(Member.search([*domain, ("partner_id.religion", "ilike", "Budd")]))
        # the family member's resident ID is the customer's consent too
        self.assertFalse(member.with_user(self.user_service).resident_id)
        self.assertFalse(Member._read_group(domain, ["resident_id"], ["__count"])[0][0])
        self.assertFalse(Member.search([*domain, ("resident_id", "=", RIC_MALE_19850312)]))
        # records read in the reader's environment: reports, exports, mapped
        person = self.person.with_user(self.user_service)
        self.assertEqual(person.mapped("religion"), [False])
        self.assertFalse(person.income_range)
        exported = person.export_data(["name", "religion", "family_member_ids/resident_id"])
        self.assertEqual(exported["datas"], [["王小明", "", ""]])
        # the customer's own copy and the manager read the kept values
        self.assertEqual(self.person.religion, "Buddhism")
        self.assertEqual(member.resident_id, RIC_MALE_19850312)
        exported = self.person.with_user(self.user_manager).export_data(["name", "religion"])
        self.assertEqual(exported["datas"], [["王小明", "Buddhism"]])
        self.assertEqual(
            Member.with_user(self.user_manager)._read_group(
                domain, ["partner_id.religion"], ["__count"]
            ),
            [("Buddhism", 1)],
        )
        self.person._crm_set_consent("sensitive", True)
        self.assertEqual(
            Partner._read_group(ids, ["religion"], ["__count"]), [("Buddhism", 1), (False, 1)]
        )

    def test_hidden_values_not_in_the_chatter(self):
        self.person._crm_set_consent("sensitive", True)
        self.env.cr.precommit.run()  # the person's creation is done: changes are tracked
        self.person.write({"resident_id": RIC_MALE_19850312})
        self.env.cr.precommit.run()
        trackings = self.person.message_ids.tracking_value_ids.filtered(
            lambda tracking: tracking.field_id.name == "resident_id"
        )
        self.assertEqual(trackings.new_value_char, RIC_MALE_19850312)
        service = self.env(user=self.user_service)
        self.assertEqual(trackings._filter_has_field_access(service), trackings)
        self.person._crm_set_consent("sensitive", False)
        self.assertFalse(trackings._filter_has_field_access(service))
        self.assertEqual(
            trackings._filter_has_field_access(self.env(user=self.user_manager)), trackings
        )

    def test_family_member_resident_id_needs_consent(self):
        Member = self.env["crm.partner.family.member"].with_user(self.user_service)
        with self.assertRaises(ValidationError) as caught:
            Member.create(
                {"partner_id": self.person.id, "name": "王大明", "resident_id": RIC_MALE_19850312}
            )
        self.assertIn("Resident ID Number: sensitive personal information", str(caught.exception))
        self.assertIn("Customer File tab", str(caught.exception))
        self.assertFalse(
            self.env["crm.partner.family.member"].search([("partner_id", "=", self.person.id)])
        )

    def test_every_change_is_logged(self):
        service = self.person.with_user(self.user_service)
        service.with_context(crm_consent_channel="email").action_crm_consent_grant()
        service.with_context(crm_consent_channel="email").action_crm_consent_withdraw()
        self.assertFalse(self.person.consent_email)
        log = self._log(self.person, "email")
        self.assertEqual(len(log), 2)
        self.assertEqual(sorted(log.mapped("granted")), [False, True])
        self.assertEqual(set(log.mapped("source")), {"backoffice"})
        self.assertEqual(log.user_id, self.user_service)
        self.assertTrue(all(log.mapped("date")))
        self.person._crm_set_consent("sms", True, source="portal", note="Portal form")
        sms = self._log(self.person, "sms")
        self.assertEqual((sms.source, sms.note, sms.granted), ("portal", "Portal form", True))
        self.assertTrue(self.person._crm_can_contact("sms"))
        self.assertFalse(self.person._crm_can_contact("phone"))
        self.assertIn(sms, self.person.with_user(self.user_service).consent_ids)

    def test_one_row_per_partner(self):
        other = self.env["res.partner"].create({"name": "李四"})
        (self.person | other)._crm_set_consent("post", True, source="import")
        self.assertEqual(len(self._log(self.person, "post")), 1)
        self.assertEqual(len(self._log(other, "post")), 1)
        self.assertTrue(other.consent_post)

    def test_unknown_channel_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown consent channel: fax"):
            self.person._crm_set_consent("fax", True)
        with self.assertRaisesRegex(UserError, "Unknown consent channel: fax"):
            self.person._crm_can_contact("fax")
        self.assertFalse(
            self.env["crm.partner.consent"].search([("partner_id", "=", self.person.id)])
        )

    def test_consents_only_through_the_method(self):
        Log = self.env["crm.partner.consent"]
        for context in ({}, {"crm_consent_logged_write": True}, {"import_file": True}):
            with self.assertRaisesRegex(UserError, "Email Consent change only through"):
                self.person.with_user(self.user_manager).with_context(**context).write(
                    {"consent_email": True}
                )
            # a create cannot pretend to be an import that never ran
            with self.assertRaisesRegex(UserError, "Sensitive Information Consent change"):
                self.env["res.partner"].with_user(self.user_manager).with_context(**context).create(
                    {"name": "伪造导入", "consent_sensitive": True}
                )
        self.assertFalse(self.person.consent_email)
        self.assertFalse(Log.search([("partner_id", "=", self.person.id)]))

    def test_log_is_read_only(self):
        self.person._crm_set_consent("phone", True)
        row = self._log(self.person, "phone")
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to modify 'Customer Consent Log'"
        ):
            row.with_user(self.user_manager).write({"granted": False})
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to create 'Customer Consent Log'"
        ):
            self.env["crm.partner.consent"].with_user(self.user_manager).create(
                {"partner_id": self.person.id, "channel": "phone", "granted": False}
            )
        with self.assertRaisesRegex(
            UserError, "consent log is kept as evidence and cannot be deleted"
        ):
            row.unlink()
        self.assertTrue(row.with_user(self.user_service).read(["granted"])[0]["granted"])

    def test_salesperson_cannot_read_consent_log(self):
        self.person._crm_set_consent("email", True)
        with self.assertRaisesRegex(AccessError, 'access the field "consent_ids"'):
            self.person.with_user(self.user_sales).read(["consent_ids"])
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to access 'Customer Consent Log'"
        ):
            self.env["crm.partner.consent"].with_user(self.user_sales).search([])
        with self.assertRaisesRegex(AccessError, "Only customer service can record the consents"):
            self.person.with_user(self.user_sales).with_context(
                crm_consent_channel="email"
            ).action_crm_consent_withdraw()
        self.assertTrue(self.person.with_user(self.user_sales).consent_email)

    def test_import_with_consent_column(self):
        csv = ("name,consent_sensitive,religion\n李建国,1,Buddhism\n王芳,0,Taoism\n").encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(self.user_service)
            .create(
                {
                    "res_model": "res.partner",
                    "file": csv,
                    "file_name": "customers.csv",
                    "file_type": "text/csv",
                }
            )
        )
        fields = ["name", "consent_sensitive", "religion"]
        options = {"has_headers": True, "quoting": '"', "separator": ","}
        result = wizard.execute_import(fields, fields, options)
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(any("Religion" in m and "separate consent" in m for m in errors), errors)
        self.assertFalse(result["ids"])
        wizard.file = "name,consent_sensitive,religion\n李建国,1,Buddhism\n".encode()
        result = wizard.execute_import(fields, fields, options)
        partner = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(len(partner), 1, result["messages"])
        self.assertTrue(partner.consent_sensitive)
        self.assertEqual(partner.religion, "Buddhism")
        log = self._log(partner, "sensitive")
        self.assertEqual(
            (log.source, log.granted, log.user_id), ("import", True, self.user_service)
        )
