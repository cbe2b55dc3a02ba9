"""The demo logins and the three addons, seen from outside the server."""

import xmlrpc.client

import pytest
from conftest import DEMO_LOGINS, JsonRpcSession

ROLE_GROUPS = {
    "sales": "crm_customer_info.group_salesperson",
    "service": "crm_customer_info.group_customer_service",
    "archivist": "crm_customer_info.group_archive_admin",
    "manager": "crm_customer_info.group_manager",
    "credit": "crm_credit.group_credit_manager",
    "marketing": "crm_campaigns.group_campaign_user",
}


def test_login_page_served(session):
    status, _url, body = session.get("/web/login")
    assert status == 200
    assert b"csrf_token" in body


def test_addons_installed(rpc):
    uid = rpc["common"].authenticate(rpc["db"], "admin", "admin", {})
    modules = rpc["object"].execute_kw(
        rpc["db"],
        uid,
        "admin",
        "ir.module.module",
        "search_read",
        [[("name", "in", ["crm_customer_info", "crm_credit", "crm_campaigns"])]],
        {"fields": ["name", "state"]},
    )
    assert {m["name"]: m["state"] for m in modules} == {
        "crm_customer_info": "installed",
        "crm_credit": "installed",
        "crm_campaigns": "installed",
    }


@pytest.mark.parametrize("login", DEMO_LOGINS)
def test_demo_login_over_xmlrpc(rpc, login):
    uid = rpc["common"].authenticate(rpc["db"], login, login, {})
    assert isinstance(uid, int) and uid > 0
    [user] = rpc["object"].execute_kw(
        rpc["db"], uid, login, "res.users", "read", [[uid]], {"fields": ["login"]}
    )
    assert user["login"] == login


@pytest.mark.parametrize("login", DEMO_LOGINS)
def test_wrong_password_refused(rpc, login):
    assert rpc["common"].authenticate(rpc["db"], login, login + "-wrong", {}) is False


@pytest.mark.parametrize(("login", "group"), sorted(ROLE_GROUPS.items()))
def test_each_role_has_its_group(odoo_server, login, group):
    client = JsonRpcSession(odoo_server["url"], odoo_server["db"])
    uid = client.authenticate(login, login)["result"]["uid"]
    assert client.call("res.users", "has_group", [uid], group) is True


def test_salesperson_is_not_archivist(odoo_server):
    client = JsonRpcSession(odoo_server["url"], odoo_server["db"])
    uid = client.authenticate("sales", "sales")["result"]["uid"]
    assert (
        client.call("res.users", "has_group", [uid], "crm_customer_info.group_archive_admin")
        is False
    )


def test_portal_user_belongs_to_a_demo_customer(odoo_server):
    client = JsonRpcSession(odoo_server["url"], odoo_server["db"])
    reply = client.authenticate("portal", "portal")
    assert reply["result"]["uid"]
    status, url, body = client.get("/my/account")
    assert status == 200 and url.endswith("/my/account")
    assert b"Shanghai Hengyuan Trading" in body
    # The back office is not for portal users.
    status, url, _body = client.get("/odoo")
    assert "/web/login" in url or "/my" in url or status in (303, 403)


def test_portal_user_cannot_use_back_office_models(rpc):
    uid = rpc["common"].authenticate(rpc["db"], "portal", "portal", {})
    with pytest.raises(xmlrpc.client.Fault, match=r"AccessError|not allowed|access"):
        rpc["object"].execute_kw(rpc["db"], uid, "portal", "res.config.settings", "create", [{}])
