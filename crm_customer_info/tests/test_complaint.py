from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase

REVIEW = "crm_customer_info.mail_activity_type_profile_review"


@tagged("post_install", "-at_install")
class TestComplaint(CustomerInfoCase):
    """投诉档案 (seed 002): complaints handled to their resolution; severity and
    resolution are customer-service information; a complaint brings the
    customer's profile review forward."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.user_sales_2 = new_test_user(
            cls.env, login="t_cp_sales_2", groups="crm_customer_info.group_salesperson"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "温州测试鞋业有限公司",
                "is_company": True,
                "customer_state": "current",
                "user_id": cls.user_sales.id,
                "review_interval_days": 60,
                "last_review_date": cls.today - timedelta(days=10),
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "钱测试", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "台州测试塑料有限公司", "is_company": True, "user_id": cls.user_sales_2.id}
        )

    def _complaint(self, user=None, **values):
        return (
            self.env["crm.complaint"]
            .with_user(user or self.user_sales)
            .create(
                {
                    "partner_id": self.customer.id,
                    "channel": "phone",
                    "category": "delivery",
                    "description": "货物晚到一周",
                    **values,
                }
            )
        )

    def _review_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("activity_type_id", "=", self.env.ref(REVIEW).id),
            ]
        )

    def test_complaint_flow(self):
        complaint = self._complaint(contact_id=self.contact.id)
        self.assertTrue(complaint.name.startswith("CP/"))
        self.assertEqual(complaint.state, "received")
        self.assertEqual(complaint.user_id, self.user_sales)
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigating")
        as_service = complaint.with_user(self.user_service)
        with self.assertRaises(UserError) as caught:
            as_service.action_resolve()
        self.assertIn("resolution", str(caught.exception))
        as_service.write({"resolution": "补发并赔偿运费", "severity": "high"})
        as_service.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(complaint.date_resolved, self.today)
        as_service.write({"satisfaction": "4"})
        as_service.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.date_closed, self.today)
        with self.assertRaisesRegex(UserError, r"(?s)to Closed:.* is Closed\."):
            as_service.action_close()
        # Reopened when the customer comes back.
        as_service.action_investigate()
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.date_closed)

    def test_complaint_is_on_the_customer_file(self):
        complaint = self._complaint(partner_id=self.contact.id)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(self.customer.complaint_count, 1)

    def test_salesperson_neither_sees_severity_nor_resolves(self):
        complaint = self._complaint()
        with self.assertRaisesRegex(AccessError, 'access the field "severity"'):
            complaint.read(["severity"])
        with self.assertRaisesRegex(AccessError, 'access the field "resolution"'):
            complaint.read(["resolution"])
        with self.assertRaisesRegex(
            AccessError, '(?s)access the field "resolution".*Operation: write'
        ):
            complaint.write({"resolution": "done"})
        with self.assertRaisesRegex(
            UserError, "Only customer service resolves and closes complaints"
        ):
            complaint.action_resolve()
        with self.assertRaisesRegex(
            UserError, "Customer Complaint: Status change only through the buttons"
        ):
            complaint.write({"state": "closed"})
        values = complaint.with_user(self.user_service).read(["severity", "resolution"])[0]
        self.assertEqual(values["severity"], "medium")

    def test_salespeople_see_their_customers_complaints(self):
        mine = self._complaint()
        registered_by_service = self._complaint(user=self.user_service)
        other = self._complaint(user=self.user_service, partner_id=self.other_customer.id)
        Complaint = self.env["crm.complaint"]
        all_three = mine | registered_by_service | other
        self.assertEqual(
            Complaint.with_user(self.user_sales).search([("id", "in", all_three.ids)]),
            mine | registered_by_service,
        )
        self.assertEqual(
            Complaint.with_user(self.user_sales_2).search([("id", "in", all_three.ids)]), other
        )
        with self.assertRaisesRegex(
            AccessError, "(?s)doesn't have 'read' access to:.*Customer Complaint"
        ):
            other.with_user(self.user_sales).read(["description"])
        self.assertEqual(
            Complaint.with_user(self.user_service).search([("id", "in", all_three.ids)]),
            all_three,
        )
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to access 'Customer Complaint'"
        ):
            Complaint.with_user(self.user_plain).search([])
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to delete 'Customer Complaint'"
        ):
            mine.with_user(self.user_service).unlink()

    def test_checks(self):
        with self.assertRaisesRegex(ValidationError, "cannot be received in the future"):
            self._complaint(date_received=self.today + timedelta(days=1))
        with self.assertRaisesRegex(
            UserError, "Customer Complaint: Status change only through the buttons"
        ):
            self._complaint(state="closed")
        handled = self._complaint()
        handled.action_investigate()
        with self.assertRaisesRegex(
            UserError, "Complaints under way or settled stay in the register"
        ):
            handled.with_user(self.user_manager).unlink()

    def test_complaint_brings_the_review_forward(self):
        self.assertEqual(self.customer.next_review_date, self.today + timedelta(days=50))
        self.assertFalse(self._review_activities())
        self._complaint()
        self.assertEqual(self.customer.next_review_date, self.today)
        self.assertTrue(self.customer.review_due)
        activity = self._review_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_sales)
        # A second complaint plans no second activity.
        self._complaint(category="quality")
        self.assertEqual(len(self._review_activities()), 1)
        # Once reviewed, the interval counts again.
        self.customer.last_review_date = self.today
        self.assertEqual(self.customer.next_review_date, self.today + timedelta(days=60))

    def test_complaint_before_the_last_review_changes_nothing(self):
        self._complaint(date_received=self.today - timedelta(days=20))
        self.assertEqual(self.customer.next_review_date, self.today + timedelta(days=50))
        self.assertFalse(self._review_activities())

    def test_counts_for_the_value_matrix(self):
        self._complaint(date_received=self.today - timedelta(days=400))
        self._complaint()
        self._complaint(user=self.user_service, partner_id=self.other_customer.id)
        Complaint = self.env["crm.complaint"].with_user(self.user_plain)
        counts = Complaint._count_by_partner(
            (self.customer | self.other_customer).ids, date_from=self.today - timedelta(days=365)
        )
        self.assertEqual(counts, {self.customer.id: 1, self.other_customer.id: 1})
        self.assertEqual(Complaint._count_by_partner([self.customer.id])[self.customer.id], 2)

    def test_complaint_count_in_one_query(self):
        partners = self.env["res.partner"].create(
            [{"name": f"计数测试客户 {index}", "is_company": True} for index in range(10)]
        )
        self.env["crm.complaint"].create(
            [{"partner_id": partner.id, "description": "投诉"} for partner in partners[:5]]
        )
        partners.invalidate_recordset(["complaint_count"])
        self.env.flush_all()
        with self.assertQueryCount(1):
            counts = partners.mapped("complaint_count")
        self.assertEqual(counts, [1] * 5 + [0] * 5)
