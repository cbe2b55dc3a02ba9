from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerInfoCase

PARAM = "crm_customer_info.review_interval_days"


@tagged("post_install", "-at_install")
class TestPartnerReview(CustomerInfoCase):
    """Periodic review of customer profiles (seed 004, 动态管理)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.env["ir.config_parameter"].sudo().set_param(PARAM, 60)
        cls.today = fields.Date.context_today(Partner)
        cls.activity_type = cls.env.ref("crm_customer_info.mail_activity_type_profile_review")
        cls.cron = cls.env.ref("crm_customer_info.ir_cron_review_profiles")
        # Customers already in the database (demo) are not due during these tests.
        Partner.search(Partner._reviewed_customer_domain()).last_review_date = cls.today

        def customer(name, reviewed_days_ago, **values):
            return Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "customer_state": "current",
                    "user_id": cls.user_sales.id,
                    "last_review_date": cls.today - timedelta(days=reviewed_days_ago),
                    **values,
                }
            )

        # Completeness against due date: the emptiest profile is the least overdue.
        cls.due_empty = customer("Due, empty profile", 61)
        cls.due_half = customer("Due, half profile", 75, phone="010 1234", email="a@example.com")
        cls.due_full = customer(
            "Due, fuller profile",
            90,
            phone="010 5678",
            email="b@example.com",
            street="1 Road",
            city="Beijing",
            vat="91110000000000001H",
        )
        cls.not_due = customer("Reviewed recently", 10)
        cls.contact = Partner.create(
            {
                "name": "Contact of a customer",
                "parent_id": cls.due_empty.id,
                "customer_state": "current",
                "user_id": cls.user_sales.id,
                "last_review_date": cls.today - timedelta(days=400),
            }
        )
        cls.no_lifecycle = Partner.create(
            {
                "name": "Supplier without lifecycle",
                "is_company": True,
                "user_id": cls.user_sales.id,
                "last_review_date": cls.today - timedelta(days=400),
            }
        )
        cls.due = cls.due_empty | cls.due_half | cls.due_full
        cls.all_partners = cls.due | cls.not_due | cls.contact | cls.no_lifecycle

    def _review_activities(self, partners=None, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=active)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", (partners or self.all_partners).ids),
                    ("activity_type_id", "=", self.activity_type.id),
                ],
                order="id",
            )
        )

    def _run_cron(self):
        # The cron opens its own cursor: make it see this test's data.
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()

    def _close_review(self, partner, user, **values):
        wizard = (
            self.env["crm.partner.review.wizard"]
            .with_user(user)
            .create({"partner_id": partner.id, **values})
        )
        return wizard.action_close_review()

    # ------------------------------------------------------------------
    # Due dates
    # ------------------------------------------------------------------

    def test_next_review_date_and_due(self):
        self.assertEqual(self.due_empty.next_review_date, self.today - timedelta(days=1))
        self.assertEqual(self.not_due.next_review_date, self.today + timedelta(days=50))
        self.assertFalse(self.contact.next_review_date, "contacts of a company are not reviewed")
        self.assertFalse(self.no_lifecycle.next_review_date, "non-customers are not reviewed")
        self.assertEqual(
            self.env["res.partner"].search(
                [("id", "in", self.all_partners.ids), ("review_due", "=", True)]
            ),
            self.due,
        )
        self.assertEqual(
            self.env["res.partner"].search(
                [("id", "in", self.all_partners.ids), ("review_due", "=", False)]
            ),
            self.all_partners - self.due,
        )
        self.assertEqual(self.due.mapped("review_due"), [True] * 3)

    def test_new_customer_counts_from_creation(self):
        partner = self.env["res.partner"].create({"name": "New", "customer_state": "potential"})
        self.assertEqual(partner.next_review_date, partner.create_date.date() + timedelta(days=60))
        partner.customer_state = False
        self.assertFalse(partner.next_review_date)

    def test_partner_interval_overrides_setting(self):
        self.not_due.review_interval_days = 7
        self.assertEqual(self.not_due.next_review_date, self.today - timedelta(days=3))
        self.assertTrue(self.not_due.review_due)
        self.not_due.review_interval_days = 0
        self.assertEqual(self.not_due.next_review_date, self.today + timedelta(days=50))
        with self.assertRaisesRegex(ValidationError, "-1 cannot be negative"):
            self.not_due.review_interval_days = -1

    def test_setting_change_moves_due_dates(self):
        self.due_half.review_interval_days = 100
        self.env["res.config.settings"].create({"crm_review_interval_days": 5}).execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(PARAM), "5")
        self.assertEqual(self.not_due.next_review_date, self.today - timedelta(days=5))
        self.assertTrue(self.not_due.review_due)
        # The customer's own interval wins over the setting.
        self.assertEqual(self.due_half.next_review_date, self.today + timedelta(days=25))
        self.assertFalse(self.due_half.review_due)
        self.assertIn(
            self.not_due,
            self.env["res.partner"].search([("review_due", "=", True)]),
        )

    def test_reviewer_follows_salesperson(self):
        self.assertEqual(self.due_empty.reviewer_id, self.user_sales)
        self.due_empty.reviewer_id = self.user_service
        self._run_cron()
        self.assertEqual(self._review_activities(self.due_empty).user_id, self.user_service)
        self.due_empty.user_id = self.user_manager
        self.assertEqual(self.due_empty.reviewer_id, self.user_manager)

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    def test_cron_plans_due_reviews_once_least_complete_first(self):
        self.assertLess(self.due_empty.profile_completeness, self.due_half.profile_completeness)
        self.assertLess(self.due_half.profile_completeness, self.due_full.profile_completeness)

        self._run_cron()

        activities = self._review_activities()
        self.assertEqual(
            activities.mapped("res_id"),
            [self.due_empty.id, self.due_half.id, self.due_full.id],
            "one activity per due customer, the emptiest profile first",
        )
        self.assertRecordValues(
            activities,
            [
                {"user_id": self.user_sales.id, "date_deadline": partner.next_review_date}
                for partner in (self.due_empty, self.due_half, self.due_full)
            ],
        )

        self._run_cron()
        self.assertEqual(self._review_activities(), activities, "no duplicate on the next run")

    def test_cron_batches_and_reports_progress(self):
        # Same completeness as due_empty, but overdue for longer: comes first.
        older_empty = self.env["res.partner"].create(
            {
                "name": "Due long ago, empty profile",
                "is_company": True,
                "customer_state": "former",
                "user_id": self.user_sales.id,
                "last_review_date": self.today - timedelta(days=200),
            }
        )
        self.assertEqual(older_empty.profile_completeness, self.due_empty.profile_completeness)
        progress = []

        def commit_progress(cron, processed=0, *, remaining=None, deactivate=False):
            progress.append((processed, remaining))
            return 60.0

        with patch.object(
            self.registry["ir.cron"], "_commit_progress", autospec=True, side_effect=commit_progress
        ):
            self.env["res.partner"]._cron_review_profiles(batch_size=2)

        self.assertEqual(progress, [(2, 2), (2, 0)])
        self.assertEqual(
            self._review_activities(self.all_partners | older_empty).mapped("res_id"),
            [older_empty.id, self.due_empty.id, self.due_half.id, self.due_full.id],
        )

    def test_planning_queries_do_not_grow_with_the_batch(self):
        def customers(count):
            return self.env["res.partner"].create(
                [
                    {
                        "name": f"Batch customer {index}",
                        "customer_state": "current",
                        "user_id": (self.user_sales, self.user_service)[index % 2].id,
                        "last_review_date": self.today - timedelta(days=100),
                    }
                    for index in range(count)
                ]
            )

        def planning_queries(partners):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            planned = self.env["res.partner"].browse(partners.ids)._update_review_activities()
            self.env.flush_all()
            self.assertEqual(len(planned), len(partners))
            return self.cr.sql_log_count - before

        customers(2)._update_review_activities()  # warm the caches
        self.assertLessEqual(planning_queries(customers(12)), planning_queries(customers(3)))

    def test_cron_skips_customers_without_reviewer(self):
        self.due_half.write({"user_id": False, "reviewer_id": False})
        self._run_cron()
        self.assertEqual(
            self._review_activities().mapped("res_id"), [self.due_empty.id, self.due_full.id]
        )
        # A default user on the activity type takes the customers nobody reviews.
        self.activity_type.default_user_id = self.user_service
        self._run_cron()
        self.assertEqual(self._review_activities(self.due_half).user_id, self.user_service)

    def test_activity_dropped_when_partner_leaves_review(self):
        self._run_cron()
        self.due_half.customer_state = False
        self.due_half._update_review_activities()
        self.assertFalse(self._review_activities(self.due_half, active=False))
        self.assertEqual(len(self._review_activities()), 2)

    # ------------------------------------------------------------------
    # Closing a review
    # ------------------------------------------------------------------

    def test_close_review(self):
        self._run_cron()
        activity = self._review_activities(self.due_half)
        self.assertTrue(activity)
        action = self.due_half.with_user(self.user_service).action_open_review_close()
        self.assertEqual(action["context"], {"default_partner_id": self.due_half.id})

        self._close_review(
            self.due_half, self.user_service, outcome="updated", note="Private: phone changed"
        )

        self.assertRecordValues(
            self.due_half.review_ids,
            [
                {
                    "date": self.today,
                    "reviewer_id": self.user_service.id,
                    "outcome": "updated",
                    "note": "Private: phone changed",
                    "completeness_after": self.due_half.profile_completeness,
                }
            ],
        )
        self.assertEqual(self.due_half.last_review_date, self.today)
        self.assertEqual(self.due_half.next_review_date, self.today + timedelta(days=60))
        self.assertFalse(self.due_half.review_due)
        self.assertFalse(activity.active, "the review activity is done")
        self.assertEqual(activity.date_done, fields.Date.today())
        self.assertIn("Profile Updated", activity.feedback)
        bodies = " ".join(self.due_half.message_ids.mapped("body"))
        self.assertIn("Profile Updated", bodies)
        self.assertNotIn("Private", bodies, "the note stays in the customer-service log")

        # The next review starts from this one; the cron leaves it alone until due.
        self._run_cron()
        self.assertFalse(self._review_activities(self.due_half))

    def test_close_review_without_activity_posts_in_chatter(self):
        self._close_review(self.not_due, self.user_manager, outcome="unchanged")
        self.assertEqual(self.not_due.review_ids.reviewer_id, self.user_manager)
        self.assertIn("Confirmed Unchanged", " ".join(self.not_due.message_ids.mapped("body")))
        # Second review: the first one is the completeness baseline.
        self.not_due.write({"phone": "010 9999", "email": "c@example.com"})
        self._close_review(self.not_due, self.user_service, outcome="updated")
        latest, first = self.env["crm.partner.review"].search(
            [("partner_id", "=", self.not_due.id)]
        )
        self.assertEqual(latest.reviewer_id, self.user_service)
        self.assertEqual(latest.completeness_before, first.completeness_after)
        self.assertGreater(latest.completeness_after, latest.completeness_before)

    def test_close_review_guard(self):
        with self.assertRaises(UserError) as error:
            self._close_review(self.contact, self.user_service, outcome="other")
        self.assertIn("contact of", str(error.exception))
        self.assertIn("Explain", str(error.exception))
        with self.assertRaises(UserError) as error:
            self._close_review(self.no_lifecycle, self.user_service)
        self.assertIn("no lifecycle", str(error.exception))
        self.assertFalse(
            self.env["crm.partner.review"].search([("partner_id", "=", self.contact.id)])
        )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_salesperson_sees_dates_not_log(self):
        self._close_review(self.due_empty, self.user_service, note="Confidential remark")
        partner = self.due_empty.with_user(self.user_sales)
        [values] = partner.read(["last_review_date", "next_review_date", "reviewer_id"])
        self.assertEqual(values["last_review_date"], self.today)
        self.assertTrue(partner.search([("id", "=", partner.id), ("review_due", "=", False)]))
        with self.assertRaisesRegex(AccessError, 'access the field "review_ids"'):
            partner.read(["review_ids"])
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to access 'Customer Profile Review'"
        ):
            self.env["crm.partner.review"].with_user(self.user_sales).search([])

    def test_salesperson_cannot_close_review(self):
        self._run_cron()
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to create 'Customer Profile Review'"
        ):
            self.due_empty.with_user(self.user_sales).action_open_review_close()
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to create 'Close Customer Profile Review'"
        ):
            self._close_review(self.due_empty, self.user_sales)
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to create 'Customer Profile Review'"
        ):
            self.env["crm.partner.review"].with_user(self.user_sales).create(
                {"partner_id": self.due_empty.id, "outcome": "unchanged"}
            )
        self.assertFalse(self.due_empty.review_ids)
        self.assertTrue(self._review_activities(self.due_empty).active)

    def test_log_is_append_only(self):
        self._close_review(self.due_empty, self.user_service, note="First")
        review = self.due_empty.review_ids
        with self.assertRaisesRegex(
            AccessError, "You are not allowed to modify 'Customer Profile Review'"
        ):
            review.with_user(self.user_service).write({"note": "Rewritten"})
        review.with_user(self.user_manager).write({"note": "Corrected"})
        for user in (self.user_service, self.user_manager):
            with self.assertRaisesRegex(
                AccessError, "You are not allowed to delete 'Customer Profile Review'"
            ):
                review.with_user(user).unlink()
        with self.assertRaisesRegex(ValidationError, "cannot be dated in the future"):
            review.date = self.today + timedelta(days=1)
