"""Odoo's click-everywhere bot over the Customers app, once per demo role:
every menu, view switch, filter and group-by must open without an error.

The bot (``web/static/src/webclient/clickbot``) opens each menu of the app,
then on each view of its action every filter of the search panel, then
switches to the other views and clicks their filters again. It clicks no
group-by: a pass of ours does, before the bot, in the same browser. Any error
dialog or console error fails the test; the test then checks that the bot reached
every menu the role can see, so a menu hidden from it (the navbar's "More"
dropdown, which the bot does not open) cannot pass unnoticed.
"""

import json
import logging
import time

from odoo.tests import HttpCase, tagged

_logger = logging.getLogger(__name__)

# Credit and campaigns are sections of this app: one app covers the three addons.
APP_XMLID = "crm_customer_info.crm_customer_info_menu_root"

# One role takes two to four minutes on a small machine (admin and manager, who
# see every menu, up to seven when the machine is busy); the first one also
# builds the asset bundles. The bot itself gives up on a single click after 30 s.
BROWSER_TIMEOUT = 1200

# The bot clicks every filter but no group-by: this pass, run first in the
# same browser, opens each menu's action and groups its first view by each
# group-by of the search panel in turn (a date group-by by its first option),
# once for each model, first view and search view.
# An error dialog, an uncaught error or a console error fails the test.
GROUP_BY_CODE = """
(async () => {
    const env = odoo.__WOWL_DEBUG__.root.env;
    const { App } = odoo.loader.modules.get("@odoo/owl");
    const { rpcBus } = odoo.loader.modules.get("@web/core/network/rpc");
    const pending = new Set();
    rpcBus.addEventListener("RPC:REQUEST", ({ detail }) => pending.add(detail.data.id));
    rpcBus.addEventListener("RPC:RESPONSE", ({ detail }) => pending.delete(detail.data.id));
    const busy = () => pending.size || [...App.apps].some((app) => app.scheduler.tasks.size);
    const settle = async (what) => {
        const start = Date.now();
        do {
            await new Promise((resolve) => setTimeout(resolve, 50));
            const dialog = document.querySelector(".o_error_dialog");
            if (dialog) {
                throw new Error(`Error dialog after ${what}: ${dialog.innerText}`);
            }
            if (Date.now() - start > 30000) {
                throw new Error(`Timeout after ${what}`);
            }
        } while (busy());
    };
    const click = async (element, what) => {
        for (const type of ["mouseover", "mouseenter", "mousedown", "mouseup", "click"]) {
            element.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
        }
        await settle(what);
    };
    const items = () => document.querySelectorAll(
        ".o_group_by_menu > .o_menu_item:not(.o_add_custom_group_menu), " +
        ".o_group_by_menu > .o_accordion"
    );
    const openPanel = async (what) => {
        if (!document.querySelector(".o_group_by_menu")) {
            const toggler = document.querySelector(
                ".o_control_panel .o_searchview_dropdown_toggler"
            );
            if (toggler) {
                await click(toggler, what);
            }
        }
    };
    const toggleGroupBy = async (index, what) => {
        await openPanel(what);
        const item = items()[index];
        if (item.classList.contains("o_accordion")) {
            if (!item.querySelector(".o_accordion_values")) {
                await click(item.querySelector(".o_accordion_toggle"), what);
            }
            await click(item.querySelector(".o_accordion_values .dropdown-item"), what);
        } else {
            await click(item, what);
        }
    };
    // The same search view over the same first view groups the same way
    // whichever menu opens it: each group-by is tested once per role.
    const seen = new Set();
    let count = 0;
    for (const xmlid of %(menus)s) {
        const menu = env.services.menu.getAll().find((m) => m.xmlid === xmlid);
        if (!menu || !menu.actionID) {
            continue;
        }
        await env.services.menu.selectMenu(menu);
        await settle(`opening ${xmlid}`);
        const modal = document.querySelector(".o_dialog header > .btn-close");
        if (modal) {
            await click(modal, `closing ${xmlid}`);
            continue;
        }
        const action = env.services.action.currentController?.action || {};
        const view = JSON.stringify([action.res_model, action.views?.[0], action.search_view_id]);
        await openPanel(`search panel of ${xmlid}`);
        const total = items().length;
        for (let index = 0; index < total; index++) {
            const label = items()[index].innerText.trim();
            if (seen.has(view + label)) {
                continue;
            }
            seen.add(view + label);
            const what = `group-by ${label} of ${xmlid}`;
            console.log(`Testing ${what}`);
            await toggleGroupBy(index, what);
            await toggleGroupBy(index, `removing ${what}`);
            count++;
        }
    }
    console.log(`Tested ${count} group-bys`);
    odoo.loader.modules.get("@web/webclient/clickbot/clickbot_loader").startClickEverywhere(
        "%(app)s"
    );
})().catch((error) => console.error(error.message || error));
"""


class _TestedMenus(logging.Handler):
    """Collects the menus the bot reports ("Testing menu <name> <xmlid>") from
    the browser console logger, even when the run logs errors only; passes on
    to the usual handlers what they would have received anyway."""

    def __init__(self, logger):
        super().__init__(logging.INFO)
        self.logger = logger
        self.xmlids = set()

    def __enter__(self):
        self.saved = (self.logger.level, self.logger.propagate)
        self.threshold = self.logger.getEffectiveLevel()
        self.logger.setLevel(logging.INFO)
        self.logger.propagate = False
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc_info):
        self.logger.removeHandler(self)
        self.logger.level, self.logger.propagate = self.saved

    def emit(self, record):
        message = record.getMessage()
        if message.startswith("Testing menu "):
            self.xmlids.add(message.split()[-1])
        if record.levelno >= self.threshold and self.logger.parent:
            self.logger.parent.handle(record)


@tagged("post_install", "-at_install")
class TestClickEverywhere(HttpCase):
    # Wide enough for every section of the app to sit in the navbar itself:
    # the bot does not open the "More" dropdown where the rest would go.
    browser_size = "2400x1000"

    def _visible_menus(self, user):
        """xmlids of the app and of the menus ``user`` can click in it (the
        navbar shows a menu with children as a header, not as an item)."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        app = self.env.ref(APP_XMLID)
        self.assertIn(app.id, menus, f"{user.login} does not see the Customers app")
        xmlids, todo = set(), [app.id]
        while todo:
            menu = menus[todo.pop()]
            todo.extend(menu["children"])
            if not menu["children"] or menu["id"] == app.id:
                xmlids.add(menu["xmlid"])
        return xmlids

    def _click_everywhere(self, login):
        user = self.env["res.users"].search([("login", "=", login)])
        self.assertTrue(user, f"demo user {login} is missing")
        if "tour_enabled" in user._fields:
            # No onboarding tour popping up in the middle of the clicks.
            user.tour_enabled = False
        expected = self._visible_menus(user)
        code = GROUP_BY_CODE % {"menus": json.dumps(sorted(expected)), "app": APP_XMLID}

        started = time.monotonic()
        with _TestedMenus(self._logger.getChild("browser")) as tested:
            try:
                self.browser_js(
                    "/odoo",
                    code,
                    "odoo.isReady === true",
                    login=login,
                    timeout=BROWSER_TIMEOUT,
                    success_signal="clickbot test succeeded",
                )
            finally:
                _logger.info(
                    "click everywhere as %s: %d menus in %.0f s",
                    login,
                    len(tested.xmlids),
                    time.monotonic() - started,
                )
        self.assertFalse(
            expected - tested.xmlids,
            f"the bot did not reach these menus of {login}",
        )

    def test_admin(self):
        self._click_everywhere("admin")

    def test_sales(self):
        self._click_everywhere("sales")

    def test_service(self):
        self._click_everywhere("service")

    def test_archivist(self):
        self._click_everywhere("archivist")

    def test_manager(self):
        self._click_everywhere("manager")

    def test_credit(self):
        self._click_everywhere("credit")

    def test_credituser(self):
        self._click_everywhere("credituser")

    def test_marketing(self):
        self._click_everywhere("marketing")
