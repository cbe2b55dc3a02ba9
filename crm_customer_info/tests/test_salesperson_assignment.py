"""Issue 17: a customer's salesperson (``user_id``) opens the customer's sales,
complaints and plans to him through record rules, so only customer service and
managers assign it; a salesperson cannot name himself on a colleague's customer."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import CustomerInfoCase

CHANGE_REFUSED = "only customer service or a manager may change a customer's salesperson"
CREATE_REFUSED = "only customer service or a manager assigns it to someone else"
# Context keys a client can send: none of them is a permission.
CONTEXTS = (
    {},
    {"crm_transition": True},
    {"install_mode": True},
    {"import_file": True},
    {"tracking_disable": True},
)


class TestSalespersonAssignment(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales_2 = new_test_user(
            cls.env, login="t_sales_2", groups="crm_customer_info.group_salesperson"
        )
        Partner = cls.env["res.partner"]
        cls.theirs = Partner.create(
            {"name": "杭州远望机电有限公司", "is_company": True, "user_id": cls.user_sales_2.id}
        )
        cls.theirs_contact = Partner.create({"name": "王经理", "parent_id": cls.theirs.id})
        cls.mine = Partner.create(
            {"name": "宁波东海五金有限公司", "is_company": True, "user_id": cls.user_sales.id}
        )
        cls.nobodys = Partner.create({"name": "温州无主贸易有限公司", "is_company": True})

    def assertRefused(self, exception, fragment, call, partner=None, user=None):
        """``call`` raises ``exception`` naming the Salesperson field, who may
        change it, and ``partner``; ``partner`` keeps ``user``."""
        with self.assertRaises(exception) as caught:
            call()
        message = str(caught.exception)
        self.assertIn("Salesperson of ", message)
        self.assertIn(fragment, message)
        if partner:
            self.assertIn(partner.name, message)
            partner.invalidate_recordset()
            self.assertEqual(partner.user_id, user)
        return message

    # ------------------------------------------------------------------
    # Existing partners
    # ------------------------------------------------------------------

    def test_salesperson_cannot_take_a_colleagues_customer(self):
        theirs = self.theirs.with_user(self.user_sales)
        for context in CONTEXTS:
            for user in (self.user_sales, self.user_manager, self.env["res.users"]):
                with self.subTest(context=context, user=user.login):
                    self.assertRefused(
                        AccessError,
                        CHANGE_REFUSED,
                        lambda context=context, user=user: theirs.with_context(**context).write(
                            {"user_id": user.id}
                        ),
                        self.theirs,
                        self.user_sales_2,
                    )
        # The form's save, a field assignment, and a batch mixing his own customer.
        self.assertRefused(
            AccessError,
            CHANGE_REFUSED,
            lambda: theirs.web_save({"user_id": self.user_sales.id}, {"user_id": {}}),
            self.theirs,
            self.user_sales_2,
        )
        self.assertRefused(
            AccessError,
            CHANGE_REFUSED,
            lambda: setattr(theirs, "user_id", self.user_sales),
            self.theirs,
            self.user_sales_2,
        )
        self.assertRefused(
            AccessError,
            CHANGE_REFUSED,
            lambda: (
                (self.mine | self.theirs)
                .with_user(self.user_sales)
                .write({"user_id": self.user_sales.id})
            ),
            self.theirs,
            self.user_sales_2,
        )

    def test_salesperson_cannot_take_an_unassigned_customer_or_a_contact(self):
        for partner, user in ((self.nobodys, self.env["res.users"]), (self.theirs_contact, None)):
            user = self.user_sales_2 if user is None else user
            with self.subTest(partner=partner.name):
                self.assertRefused(
                    AccessError,
                    CHANGE_REFUSED,
                    lambda partner=partner: partner.with_user(self.user_sales).write(
                        {"user_id": self.user_sales.id}
                    ),
                    partner,
                    user,
                )
        # Nor drop his own customer on a colleague or on nobody.
        for user in (self.user_sales_2, self.env["res.users"]):
            with self.subTest(user=user.login):
                self.assertRefused(
                    AccessError,
                    CHANGE_REFUSED,
                    lambda user=user: self.mine.with_user(self.user_sales).write(
                        {"user_id": user.id}
                    ),
                    self.mine,
                    self.user_sales,
                )

    def test_moving_a_contact_is_no_way_around(self):
        """A contact without salesperson takes its new company's (Odoo's compute)."""
        contact = self.env["res.partner"].create({"name": "李会计", "parent_id": self.nobodys.id})
        self.assertFalse(contact.user_id)
        self.assertRefused(
            AccessError,
            CHANGE_REFUSED,
            lambda: contact.with_user(self.user_sales).write({"parent_id": self.mine.id}),
            contact,
            self.env["res.users"],
        )
        contact.invalidate_recordset()
        self.assertEqual(contact.parent_id, self.nobodys)
        # A contact keeping its salesperson moves freely.
        self.theirs_contact.with_user(self.user_sales).write({"parent_id": self.mine.id})
        self.assertEqual(self.theirs_contact.parent_id, self.mine)
        self.assertEqual(self.theirs_contact.user_id, self.user_sales_2)

    @mute_logger("odoo.models")
    def test_salesperson_cannot_take_a_customer_by_import(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        for context in CONTEXTS:
            with self.subTest(context=context):
                result = Partner.with_context(**context).load(
                    [".id", "user_id/.id"], [[str(self.theirs.id), str(self.user_sales.id)]]
                )
                self.assertFalse(result["ids"])
                [message] = [m["message"] for m in result["messages"] if m["type"] == "error"]
                self.assertIn("Salesperson of ", message)
                self.assertIn(CHANGE_REFUSED, message)
                self.theirs.invalidate_recordset()
                self.assertEqual(self.theirs.user_id, self.user_sales_2)

    def test_same_value_is_allowed(self):
        self.theirs.with_user(self.user_sales).write(
            {"user_id": self.user_sales_2.id, "comment": "Visited"}
        )
        self.nobodys.with_user(self.user_sales).write({"user_id": False, "comment": "Visited"})
        result = (
            self.env["res.partner"]
            .with_user(self.user_sales)
            .load([".id", "user_id/.id"], [[str(self.theirs.id), str(self.user_sales_2.id)]])
        )
        self.assertEqual(result["ids"], self.theirs.ids, result["messages"])
        self.assertEqual(self.theirs.user_id, self.user_sales_2)
        self.assertFalse(self.nobodys.user_id)

    def test_service_manager_and_superuser_assign(self):
        for user in (self.user_service, self.user_manager):
            with self.subTest(user=user.login):
                self.theirs.with_user(user).write({"user_id": self.user_sales.id})
                self.assertEqual(self.theirs.user_id, self.user_sales)
                self.theirs.with_user(user).write({"user_id": self.user_sales_2.id})
                self.assertEqual(self.theirs.user_id, self.user_sales_2)
                self.nobodys.with_user(user).write({"user_id": self.user_sales.id})
                self.assertEqual(self.nobodys.user_id, self.user_sales)
                self.nobodys.with_user(user).write({"user_id": False})
        result = (
            self.env["res.partner"]
            .with_user(self.user_manager)
            .load([".id", "user_id/.id"], [[str(self.nobodys.id), str(self.user_sales.id)]])
        )
        self.assertEqual(result["ids"], self.nobodys.ids, result["messages"])
        self.assertEqual(self.nobodys.user_id, self.user_sales)
        # Server code running as superuser (sudo) is not a salesperson's choice.
        self.theirs.with_user(self.user_sales).sudo().write({"user_id": self.user_sales.id})
        self.assertEqual(self.theirs.user_id, self.user_sales)

    # ------------------------------------------------------------------
    # New partners
    # ------------------------------------------------------------------

    def test_salesperson_creates_for_himself_or_nobody(self):
        Partner = self.env["res.partner"].with_user(self.user_sales)
        own = Partner.create(
            {"name": "新客户甲", "is_company": True, "user_id": self.user_sales.id}
        )
        self.assertEqual(own.user_id, self.user_sales)
        self.assertFalse(Partner.create({"name": "新客户乙", "is_company": True}).user_id)
        # A contact follows its company, his own or a colleague's.
        self.assertEqual(
            Partner.create({"name": "张采购", "parent_id": own.id}).user_id, own.user_id
        )
        self.assertEqual(
            Partner.create({"name": "赵采购", "parent_id": self.theirs.id}).user_id,
            self.user_sales_2,
        )
        self.assertEqual(
            Partner.create(
                {"name": "钱采购", "parent_id": self.theirs.id, "user_id": self.user_sales_2.id}
            ).user_id,
            self.user_sales_2,
        )
        result = Partner.load(["name", "user_id/.id"], [["新客户丙", str(self.user_sales.id)]])
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        self.assertEqual(Partner.browse(result["ids"]).user_id, self.user_sales)

    @mute_logger("odoo.models")
    def test_salesperson_cannot_create_for_someone_else(self):
        """Consistent with existing partners: assigning is customer service's
        or a manager's decision, for a new partner too."""
        Partner = self.env["res.partner"].with_user(self.user_sales)
        for context in CONTEXTS:
            with self.subTest(context=context):
                self.assertRefused(
                    AccessError,
                    CREATE_REFUSED,
                    lambda context=context: Partner.with_context(**context).create(
                        {"name": "代建客户", "is_company": True, "user_id": self.user_sales_2.id}
                    ),
                )
        # A default in the context is a value too.
        self.assertRefused(
            AccessError,
            CREATE_REFUSED,
            lambda: Partner.with_context(default_user_id=self.user_sales_2.id).create(
                {"name": "代建客户", "is_company": True}
            ),
        )
        # A contact of a colleague's customer stays the colleague's.
        self.assertRefused(
            AccessError,
            CREATE_REFUSED,
            lambda: Partner.create(
                {"name": "代建客户", "parent_id": self.theirs.id, "user_id": self.user_sales.id}
            ),
        )
        result = Partner.load(["name", "user_id/.id"], [["代建客户", str(self.user_sales_2.id)]])
        self.assertFalse(result["ids"])
        [message] = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertIn(CREATE_REFUSED, message)
        self.assertFalse(
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("name", "=", "代建客户")])
        )
        # Customer service may.
        created = (
            self.env["res.partner"]
            .with_user(self.user_service)
            .create({"name": "代建客户", "is_company": True, "user_id": self.user_sales_2.id})
        )
        self.assertEqual(created.user_id, self.user_sales_2)

    def test_duplicate_by_salesperson(self):
        """A copy is a new partner: a colleague's customer copied by a salesperson
        starts unassigned, a contact's copy follows its company."""
        copy = self.theirs.with_user(self.user_sales).copy()
        self.assertFalse(copy.user_id)
        self.assertEqual(
            self.theirs_contact.with_user(self.user_sales).copy().user_id, self.user_sales_2
        )
        self.assertEqual(self.mine.with_user(self.user_sales).copy().user_id, self.user_sales)
        self.assertEqual(self.theirs.with_user(self.user_service).copy().user_id, self.user_sales_2)
