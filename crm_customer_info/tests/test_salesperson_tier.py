"""A salesperson reads the contact details and our assessment of his own
customers only (seed 004, 查寻制度 and 发放制度); of a colleague's customers he
reads names and titles, by every path."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase


@tagged("post_install", "-at_install")
class TestSalespersonTier(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = new_test_user(
            cls.env, login="t_colleague", groups="crm_customer_info.group_salesperson"
        )
        cls.grade_a = cls.env["crm.customer.grade"].search([("code", "=", "A")], limit=1)
        values = {
            "phone": "+86 21 5555 0101",
            "email": "buyer@example.com",
            "street": "南京路 1 号",
            "city": "上海",
            "grade_id": cls.grade_a.id,
            "importance": "important",
            "is_company": True,
        }
        cls.own = cls.env["res.partner"].create(
            {**values, "name": "自家客户", "user_id": cls.user_sales.id}
        )
        cls.theirs = cls.env["res.partner"].create(
            {**values, "name": "同事客户", "user_id": cls.colleague.id}
        )
        cls.their_contact = cls.env["res.partner"].create(
            {
                "name": "采购 李四",
                "function": "采购经理",
                "parent_id": cls.theirs.id,
                "phone": "+86 139 0000 0001",
            }
        )
        cls.nobodys = cls.env["res.partner"].create({**values, "name": "公共客户"})
        cls.fields = ["phone", "email", "street", "city", "grade_id", "importance"]

    def test_own_and_unassigned_customers_are_read(self):
        for partner in (self.own, self.nobodys):
            values = partner.with_user(self.user_sales).read(self.fields)[0]
            self.assertEqual(values["phone"], "+86 21 5555 0101", partner.name)
            self.assertEqual(values["grade_id"][0], self.grade_a.id)

    def test_colleagues_customers_give_names_and_titles_only(self):
        partners = (self.theirs | self.their_contact).with_user(self.user_sales)
        for values in partners.read([*self.fields, "name", "function"]):
            self.assertTrue(values["name"])
            self.assertFalse(any(values[fname] for fname in self.fields), values)
        self.assertEqual(self.their_contact.with_user(self.user_sales).function, "采购经理")
        self.assertFalse(self.theirs.with_user(self.user_sales).grade_id)
        # mapped over several customers: the union of what he reads
        everyone = (self.own | self.theirs | self.nobodys).with_user(self.user_sales)
        self.assertEqual(everyone.mapped("grade_id"), self.grade_a)
        self.assertEqual(everyone.mapped("phone"), ["+86 21 5555 0101", False, "+86 21 5555 0101"])

    def test_no_path_gives_them_back(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        ids = (self.own | self.theirs | self.their_contact).ids
        self.assertEqual(Partner.search([("id", "in", ids), ("phone", "!=", False)]), self.own)
        self.assertFalse(
            Partner.search([("email", "=", "buyer@example.com"), ("id", "=", self.theirs.id)])
        )
        groups = Partner._read_group([("id", "in", ids)], ["grade_id"], ["__count"])
        self.assertEqual(
            sorted((grade.id, count) for grade, count in groups), [(False, 2), (self.grade_a.id, 1)]
        )
        # through a related path: the contact's company
        self.assertFalse(
            Partner.search([("id", "=", self.their_contact.id), ("parent_id.phone", "!=", False)])
        )
        groups = Partner._read_group(
            [("id", "=", self.their_contact.id)], ["parent_id.grade_id"], ["__count"]
        )
        self.assertEqual([grade.id for grade, _count in groups], [False])
        # ordering by a hidden value sorts it as empty
        ordered = Partner.search(
            [("id", "in", [self.own.id, self.theirs.id])], order="city desc, id desc"
        )
        self.assertEqual(ordered.ids, [self.theirs.id, self.own.id])
        self.user_sales.group_ids += self.env.ref("base.group_allow_export")
        exported = self.theirs.with_user(self.user_sales).export_data(["name", "phone"])
        self.assertEqual(exported["datas"], [["同事客户", ""]])

    def test_what_he_cannot_see_he_cannot_change(self):
        with self.assertRaises(AccessError) as caught:
            self.theirs.with_user(self.user_sales).write({"phone": "110"})
        self.assertIn("Phone: you cannot change what you cannot see", str(caught.exception))
        self.assertEqual(self.theirs.phone, "+86 21 5555 0101")
        self.own.with_user(self.user_sales).write({"phone": "+86 21 5555 0102"})
        self.assertEqual(self.own.phone, "+86 21 5555 0102")

    def test_wider_roles_and_the_setting_read_every_customer(self):
        for user in (self.user_service, self.user_manager):
            self.assertEqual(self.theirs.with_user(user).phone, "+86 21 5555 0101", user.login)
        self.assertFalse(self.theirs.with_user(self.user_sales).phone)
        settings = self.env["res.config.settings"].create(
            {"group_crm_salesperson_every_customer": True}
        )
        settings.execute()
        self.assertEqual(self.theirs.with_user(self.user_sales).phone, "+86 21 5555 0101")
        self.assertEqual(self.theirs.with_user(self.colleague).phone, "+86 21 5555 0101")
