"""In a browser, a manager opens the overview and two reports: any console
error fails the test."""

import json

from odoo.tests import HttpCase, new_test_user, tagged

# The first page of a run builds the asset bundles: slow on a small machine.
BROWSER_TIMEOUT = 240

# Polls for a selector; a rejected promise is a console error, which fails the test.
WAIT_FOR = """
const waitFor = (selector, timeout = 20000) => new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
        const element = document.querySelector(selector);
        if (element) {
            resolve(element);
        } else if (Date.now() - start > timeout) {
            reject(new Error(`${selector} did not appear`));
        } else {
            setTimeout(tick, 100);
        }
    };
    tick();
});
"""

OVERVIEW_CODE = (
    WAIT_FOR
    + """
(async () => {
    for (const section of %s) {
        await waitFor(`.o_crm_customer_overview div[name='${section}'] .o_crm_overview_kpi`);
    }
    await waitFor(".o_crm_customer_overview .o_notebook .nav-link");
    // One click from the number to the records.
    document.querySelector("button[name='action_open_overdue_loans']").click();
    await waitFor(".o_list_view .o_list_renderer");
    await waitFor(".o_breadcrumb .o_back_button, .o_breadcrumb .breadcrumb-item");
    console.log("test successful");
})();
"""
)

REPORT_CODE = (
    WAIT_FOR
    + """
(async () => {
    await waitFor("%s");
    console.log("test successful");
})();
"""
)


# The sections and the reports of crm_credit and crm_campaigns, when installed
# (this addon is also tested alone): (model, manager group, overview section).
OTHER_ADDONS = [
    ("crm.credit.aging.report", "crm_credit.group_credit_manager", "kpi_credit"),
    ("crm.campaign", "crm_campaigns.group_campaign_manager", "kpi_campaigns"),
]


@tagged("post_install", "-at_install")
class TestOverviewTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        installed = [addon for addon in OTHER_ADDONS if addon[0] in cls.env]
        cls.sections = ["kpi_customers", "kpi_archive"] + [addon[2] for addon in installed]
        cls.manager = new_test_user(
            cls.env,
            login="t_overview_browser",
            groups=",".join(
                ["crm_customer_info.group_manager"] + [addon[1] for addon in installed]
            ),
        )

    def _skip_unless_installed(self, model):
        if model not in self.env:
            self.skipTest(f"{model} is not installed")

    def test_manager_opens_the_overview(self):
        self.browser_js(
            "/odoo/customer-overview",
            OVERVIEW_CODE % json.dumps(self.sections),
            ready="!!document.querySelector('.o_crm_customer_overview')",
            login=self.manager.login,
            timeout=BROWSER_TIMEOUT,
        )

    def _open_report(self, url, model):
        self._skip_unless_installed(model)
        self.browser_js(
            url,
            REPORT_CODE % ".o_pivot_view .o_pivot table, .o_pivot_view .o_view_nocontent",
            ready="!!document.querySelector('.o_pivot_view')",
            login=self.manager.login,
            timeout=BROWSER_TIMEOUT,
        )

    def test_manager_opens_the_credit_aging(self):
        self._open_report("/odoo/credit-aging?view_type=pivot", "crm.credit.aging.report")

    def test_manager_opens_the_rfm_pivot(self):
        self._open_report(
            "/odoo/action-crm_campaigns.res_partner_action_rfm?view_type=pivot", "crm.campaign"
        )
