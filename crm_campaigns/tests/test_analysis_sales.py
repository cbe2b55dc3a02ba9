import re
from collections import defaultdict

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import CampaignCase


class AnalysisCase(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sales_2 = new_test_user(
            cls.env, login="t_an_sales_2", groups="crm_customer_info.group_salesperson"
        )
        cls.user_info_manager = new_test_user(
            cls.env, login="t_an_manager", groups="crm_customer_info.group_manager"
        )
        cls.grade_a = cls.env.ref("crm_customer_info.customer_grade_a")
        cls.grade_b = cls.env.ref("crm_customer_info.customer_grade_b")
        cls.state_zj = cls.env["res.country.state"].create(
            {"name": "浙江 (test)", "code": "ZJT", "country_id": cls.env.ref("base.cn").id}
        )
        cls.categ_goods = cls.env["product.category"].create({"name": "Analysis Goods"})
        cls.categ_service = cls.env["product.category"].create({"name": "Analysis Services"})
        cls.product_goods = cls.env["product.product"].create(
            {"name": "Analysis Pump", "categ_id": cls.categ_goods.id, "type": "consu"}
        )
        cls.product_service = cls.env["product.product"].create(
            {"name": "Analysis Repair", "categ_id": cls.categ_service.id, "type": "service"}
        )
        Partner = cls.env["res.partner"]
        cls.mine = Partner.create(
            {
                "name": "Analysis Mine A",
                "is_company": True,
                "grade_id": cls.grade_a.id,
                "customer_state": "current",
                "user_id": cls.user_sales.id,
                "country_id": cls.env.ref("base.cn").id,
                "state_id": cls.state_zj.id,
            }
        )
        cls.mine_contact = Partner.create(
            {"name": "Analysis Mine Buyer", "parent_id": cls.mine.id, "type": "invoice"}
        )
        cls.theirs = Partner.create(
            {
                "name": "Analysis Theirs B",
                "is_company": True,
                "grade_id": cls.grade_b.id,
                "customer_state": "current",
                "user_id": cls.user_sales_2.id,
            }
        )
        cls.nobody = Partner.create({"name": "Analysis Unassigned", "grade_id": cls.grade_b.id})
        cls.customers = cls.mine | cls.theirs | cls.nobody
        cls._invoice(cls.mine, 1000.0, 40, product=cls.product_goods)
        cls._invoice(cls.mine_contact, 300.0, 10, product=cls.product_service)
        cls._invoice(cls.mine, 200.0, 5, move_type="out_refund", product=cls.product_goods)
        cls._invoice(cls.mine, 5000.0, 1, post=False)  # draft: not a sale
        cls._invoice(cls.theirs, 2500.0, 20, product=cls.product_goods)
        cls._invoice(cls.theirs, 4000.0, 3, product=cls.product_service)
        cls._invoice(cls.nobody, 700.0, 15)
        cls.expected = {cls.mine: 1100.0, cls.theirs: 6500.0, cls.nobody: 700.0}

    @classmethod
    def _posted_untaxed_by_customer(cls, domain=()):
        """Posted invoices net of credit notes, untaxed, company currency,
        through account.move: the figure the report must reproduce."""
        return dict(
            cls.env["account.move"]._read_group(
                [
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    *domain,
                ],
                ["commercial_partner_id"],
                ["amount_untaxed_signed:sum"],
            )
        )


class TestSalesAnalysis(AnalysisCase):
    def test_by_grade_equals_posted_invoices(self):
        by_customer = self._posted_untaxed_by_customer([("company_id", "=", self.env.company.id)])
        expected = defaultdict(float)
        for partner, amount in by_customer.items():
            expected[partner.grade_id] += amount
        got = dict(
            self.env["crm.sales.analysis"]
            .with_user(self.user_info_manager)
            ._read_group(
                [("company_id", "=", self.env.company.id)], ["grade_id"], ["price_subtotal:sum"]
            )
        )
        self.assertEqual(got.keys(), expected.keys())
        for grade, amount in expected.items():
            with self.subTest(grade=grade.name):
                self.assertAlmostEqual(got[grade], amount)
        self.assertAlmostEqual(sum(got.values()), sum(by_customer.values()))

    def test_by_customer_and_month(self):
        Analysis = self.env["crm.sales.analysis"].with_user(self.user_marketing)
        got = dict(
            Analysis._read_group(
                [("partner_id", "in", self.customers.ids)], ["partner_id"], ["price_subtotal:sum"]
            )
        )
        self.assertEqual(got, self.expected)
        # The contact's invoice is the company's sale.
        self.assertFalse(Analysis.search_count([("partner_id", "=", self.mine_contact.id)]))
        # Months add up to the same total.
        months = Analysis._read_group(
            [("partner_id", "in", self.customers.ids)], ["date:month"], ["price_subtotal:sum"]
        )
        self.assertAlmostEqual(sum(amount for _month, amount in months), 8300.0)
        # Invoices against credit notes.
        types = dict(
            Analysis._read_group(
                [("partner_id", "=", self.mine.id)], ["move_type"], ["price_subtotal:sum"]
            )
        )
        self.assertEqual(types, {"out_invoice": 1300.0, "out_refund": -200.0})

    def test_product_and_region_composition(self):
        Analysis = self.env["crm.sales.analysis"].with_user(self.user_marketing)
        by_category = dict(
            Analysis._read_group(
                [("partner_id", "in", self.customers.ids)],
                ["product_categ_id"],
                ["price_subtotal:sum"],
            )
        )
        self.assertEqual(
            by_category,
            {
                self.categ_goods: 1000.0 - 200.0 + 2500.0,
                self.categ_service: 300.0 + 4000.0,
                self.env["product.category"]: 700.0,
            },
        )
        quantities = dict(
            Analysis._read_group(
                [("product_id", "=", self.product_goods.id)], ["partner_id"], ["quantity:sum"]
            )
        )
        self.assertEqual(quantities, {self.mine: 0.0, self.theirs: 1.0})
        by_region = dict(
            Analysis._read_group(
                [("partner_id", "in", self.customers.ids)], ["state_id"], ["price_subtotal:sum"]
            )
        )
        self.assertEqual(by_region, {self.state_zj: 1100.0, self.env["res.country.state"]: 7200.0})

    def test_salesperson_sees_only_his_customers(self):
        Analysis = self.env["crm.sales.analysis"].with_user(self.user_sales)
        self.assertEqual(Analysis.search([]).partner_id, self.mine)
        [[total]] = Analysis._read_group([], [], ["price_subtotal:sum"])
        self.assertAlmostEqual(
            total,
            self._posted_untaxed_by_customer(
                [("commercial_partner_id.user_id", "=", self.user_sales.id)]
            )[self.mine],
        )
        self.assertAlmostEqual(total, 1100.0)
        by_grade = dict(Analysis._read_group([], ["grade_id"], ["price_subtotal:sum"]))
        self.assertEqual(by_grade, {self.grade_a: 1100.0})
        # Asking for another salesperson's customer gives nothing.
        self.assertFalse(Analysis.search([("partner_id", "=", self.theirs.id)]))
        self.assertFalse(
            Analysis._read_group([("user_id", "=", self.user_sales_2.id)], [], ["__count"])[0][0]
        )
        rows_theirs = self.env["crm.sales.analysis"].search([("partner_id", "=", self.theirs.id)])
        with self.assertRaisesRegex(
            AccessError, r"'read' access to:\n- Sales Composition Analysis \("
        ):
            rows_theirs.with_user(self.user_sales).read(["price_subtotal"])

    def test_reassigned_customer_moves_with_his_salesperson(self):
        Analysis = self.env["crm.sales.analysis"].with_user(self.user_sales_2)
        self.assertFalse(Analysis.search([("partner_id", "=", self.mine.id)]))
        self.mine.user_id = self.user_sales_2
        self.assertEqual(
            dict(Analysis._read_group([], ["partner_id"], ["price_subtotal:sum"])),
            {self.mine: 1100.0, self.theirs: 6500.0},
        )
        self.assertFalse(self.env["crm.sales.analysis"].with_user(self.user_sales).search([]))

    def test_salesperson_cannot_open_a_colleagues_sales_by_taking_the_customer(self):
        """Issue 17: the rule follows the customer's salesperson, which a
        salesperson cannot make himself, whatever the context he sends."""
        theirs = self.theirs.with_user(self.user_sales)
        for context in ({}, {"crm_transition": True}, {"install_mode": True}):
            with self.subTest(context=context), self.assertRaises(AccessError) as caught:
                theirs.with_context(**context).write({"user_id": self.user_sales.id})
            self.assertIn("Salesperson of Analysis Theirs B", str(caught.exception))
        self.theirs.invalidate_recordset()
        self.assertEqual(self.theirs.user_id, self.user_sales_2)
        Analysis = self.env["crm.sales.analysis"].with_user(self.user_sales)
        self.assertFalse(Analysis.search([("partner_id", "=", self.theirs.id)]))
        self.assertEqual(
            dict(Analysis._read_group([], ["partner_id"], ["price_subtotal:sum"])),
            {self.mine: 1100.0},
        )

    def test_profile_dimensions_follow_field_groups(self):
        """Nature and category are customer-service fields on the customer."""
        with self.assertRaisesRegex(AccessError, 'enough rights to access the field "org_nature"'):
            self.env["crm.sales.analysis"].with_user(self.user_sales)._read_group(
                [], ["org_nature"], ["price_subtotal:sum"]
            )
        service = new_test_user(
            self.env,
            login="t_an_service",
            groups="crm_customer_info.group_customer_service,crm_campaigns.group_campaign_user",
        )
        self.mine.sudo().org_nature = "joint_stock"
        self.assertEqual(
            dict(
                self.env["crm.sales.analysis"]
                .with_user(service)
                ._read_group([("partner_id", "=", self.mine.id)], ["org_nature"], ["__count"])
            ),
            {"joint_stock": 3},
        )

    def test_no_sensitive_dimension(self):
        sensitive = set(self.env["res.partner"]._crm_sensitive_fields)
        for model in (
            "crm.sales.analysis",
            "crm.rfm.analysis",
            "crm.value.analysis",
            "crm.campaign.analysis",
        ):
            with self.subTest(model=model):
                self.assertFalse(sensitive & set(self.env[model]._fields))

    def test_other_company_hidden(self):
        other = self.env["res.company"].create({"name": "Sales Analysis Branch"})
        branch_user = new_test_user(
            self.env,
            login="t_an_branch",
            groups="crm_campaigns.group_campaign_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertTrue(self.env["crm.sales.analysis"].with_user(self.user_marketing).search([]))
        self.assertFalse(self.env["crm.sales.analysis"].with_user(branch_user).search([]))

    def test_read_only(self):
        row = self.env["crm.sales.analysis"].with_user(self.user_info_manager).search([], limit=1)
        with self.assertRaisesRegex(
            AccessError, "not allowed to modify 'Sales Composition Analysis'"
        ):
            row.write({"price_subtotal": 0.0})
        with self.assertRaisesRegex(
            AccessError, "not allowed to create 'Sales Composition Analysis'"
        ):
            self.env["crm.sales.analysis"].with_user(self.user_marketing_manager).create({})


class TestSegmentationAnalysis(AnalysisCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"]._crm_compute_segmentation()

    def test_rfm_grid_counts_partners_per_cell(self):
        expected = {
            (r, f): (count, amount)
            for r, f, count, amount in self.env["res.partner"]
            .with_user(self.user_marketing)
            ._read_group(
                [("rfm_code", "!=", False)],
                ["rfm_r_score", "rfm_f_score"],
                ["__count", "rfm_monetary:sum"],
            )
        }
        self.assertTrue(expected)
        got = {
            (r, f): (count, amount)
            for r, f, count, amount in self.env["crm.rfm.analysis"]
            .with_user(self.user_marketing)
            ._read_group([], ["r_score", "f_score"], ["__count", "monetary:sum"])
        }
        self.assertEqual(got, expected)
        row = self.env["crm.rfm.analysis"].search([("partner_id", "=", self.theirs.id)])
        self.assertEqual(
            (row.r_score, row.f_score, row.m_score, row.frequency, row.monetary),
            (
                self.theirs.rfm_r_score,
                self.theirs.rfm_f_score,
                self.theirs.rfm_m_score,
                2,
                6500.0,
            ),
        )

    def test_rfm_grid_axes_are_labelled(self):
        """The grid's rows and columns say R and F, and the labelled axes hold
        the same customers as the scores."""
        for model, view, row, col in (
            ("crm.rfm.analysis", "crm_campaigns.crm_rfm_analysis_view_pivot", "r_band", "f_band"),
            (
                "res.partner",
                "crm_campaigns.res_partner_view_pivot_rfm",
                "rfm_r_band",
                "rfm_f_band",
            ),
        ):
            arch = (
                self.env[model]
                .with_user(self.user_marketing)
                .get_views([(self.env.ref(view).id, "pivot")])["views"]["pivot"]["arch"]
            )
            self.assertIn(f'name="{row}" type="row"', arch)
            self.assertIn(f'name="{col}" type="col"', arch)
            labels = self.env[model].fields_get([row, col], ["selection", "string"])
            self.assertEqual(labels[row]["string"], "Recency (R)")
            self.assertEqual(labels[col]["string"], "Frequency (F)")
            self.assertEqual(
                [label for __, label in labels[row]["selection"]],
                ["R1 (longest ago)", "R2", "R3", "R4", "R5 (most recent)"],
            )
            self.assertEqual(
                [label for __, label in labels[col]["selection"]],
                ["F1 (least often)", "F2", "F3", "F4", "F5 (most often)"],
            )
        by_score = {
            (str(r), str(f)): count
            for r, f, count in self.env["res.partner"]._read_group(
                [("rfm_code", "!=", False)], ["rfm_r_score", "rfm_f_score"], ["__count"]
            )
        }
        self.assertTrue(by_score)
        for model, row, col in (
            ("res.partner", "rfm_r_band", "rfm_f_band"),
            ("crm.rfm.analysis", "r_band", "f_band"),
        ):
            domain = [("rfm_code", "!=", False)] if model == "res.partner" else []
            by_band = {
                (r, f): count
                for r, f, count in self.env[model]._read_group(domain, [row, col], ["__count"])
            }
            self.assertEqual(by_band, by_score, model)

    def test_rfm_figures_are_not_summed(self):
        """Grouped lists average recency and frequency; scores are never added up."""
        for model, names in (
            ("res.partner", ("rfm_recency_days", "rfm_frequency", "rfm_r_score", "rfm_f_score")),
            ("crm.rfm.analysis", ("recency_days", "frequency", "r_score", "f_score")),
        ):
            fields = self.env[model].fields_get(list(names), ["aggregator"])
            recency, frequency, r_score, f_score = names
            self.assertEqual(fields[recency].get("aggregator"), "avg", model)
            self.assertEqual(fields[frequency].get("aggregator"), "avg", model)
            self.assertFalse(fields[r_score].get("aggregator"), model)
            self.assertFalse(fields[f_score].get("aggregator"), model)
        partners = self.env["res.partner"].search([("rfm_code", "!=", False)])
        [(average,)] = self.env["res.partner"]._read_group(
            [("id", "in", partners.ids)], [], ["rfm_recency_days:avg"]
        )
        self.assertAlmostEqual(
            average, sum(partners.mapped("rfm_recency_days")) / len(partners), places=6
        )

    def test_value_quadrants_match_partners(self):
        expected = {
            quadrant: (count, profit)
            for quadrant, count, profit in self.env["res.partner"]
            .with_user(self.user_marketing)
            ._read_group(
                [("value_quadrant", "!=", False)],
                ["value_quadrant"],
                ["__count", "value_profit:sum"],
            )
        }
        self.assertTrue(expected)
        got = {
            quadrant: (count, profit)
            for quadrant, count, profit in self.env["crm.value.analysis"]
            .with_user(self.user_info_manager)
            ._read_group([], ["value_quadrant"], ["__count", "profit:sum"])
        }
        self.assertEqual(got, expected)

    def test_segment_reports_closed_to_salespeople(self):
        for model in ("crm.rfm.analysis", "crm.value.analysis", "crm.campaign.analysis"):
            with (
                self.subTest(model=model),
                self.assertRaisesRegex(
                    AccessError, rf"not allowed to access '[^']+' \({re.escape(model)}\)"
                ),
            ):
                self.env[model].with_user(self.user_sales).search([])
            with self.subTest(model=model):
                self.env[model].with_user(self.user_marketing).search([])
                self.env[model].with_user(self.user_info_manager).search([])


class TestCampaignAnalysis(AnalysisCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["crm.campaign"].create(
            {
                "name": "Analysis Campaign",
                "channel": "visit",
                "actual_cost": 1000.0,
                "member_ids": [
                    Command.create({"partner_id": partner.id}) for partner in cls.customers
                ],
            }
        )
        members = cls.campaign.member_ids.sudo()
        members[0]._crm_transition_write({"status": "converted", "revenue": 2500.0})
        members[1]._crm_transition_write({"status": "responded"})
        members[2]._crm_transition_write({"status": "contacted"})

    def test_funnel_equals_campaign_figures(self):
        campaigns = self.env["crm.campaign"].with_user(self.user_marketing).search([])
        [[count, members, sent, responded, converted, revenue, cost]] = (
            self.env["crm.campaign.analysis"]
            .with_user(self.user_marketing)
            ._read_group(
                [],
                [],
                [
                    "__count",
                    "member_count:sum",
                    "sent_count:sum",
                    "response_count:sum",
                    "conversion_count:sum",
                    "revenue:sum",
                    "cost:sum",
                ],
            )
        )
        self.assertEqual(count, len(campaigns))
        self.assertEqual(members, sum(campaigns.mapped("member_count")))
        self.assertEqual(sent, sum(campaigns.mapped("sent_count")))
        self.assertEqual(responded, sum(campaigns.mapped("response_count")))
        self.assertEqual(converted, sum(campaigns.mapped("conversion_count")))
        self.assertAlmostEqual(revenue, sum(campaigns.mapped("revenue")))
        self.assertAlmostEqual(cost, sum(campaigns.mapped("actual_cost")))

        row = self.env["crm.campaign.analysis"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(
            (row.member_count, row.sent_count, row.response_count, row.conversion_count),
            (3, 3, 2, 1),
        )
        self.assertAlmostEqual(row.revenue, 2500.0)
        self.assertAlmostEqual(row.profit, 1500.0)
        self.assertAlmostEqual(row.roi, self.campaign.roi)
        self.assertAlmostEqual(row.roi, 1.5)
