"""A user of another company reads nothing of the demo company's records,
through the external client, on every model of the addons bound to a company.

The models are found on the server (those defined by our addons with a stored
``company_id``), not listed here: a model added later is tried too. The user of
the second company has every group of the addons, so only the company rules
stand between him and the records. The second company and its user are made
on the attack server's copy of the demo, and found again on a second run.
"""

import os
import sys

import pytest
from conftest import JsonRpcSession
from suite_stats import STATS

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "security"))
from matrix_roles import ADDONS

COMPANY = "Second Company (security suite)"
LOGIN = "second_company_auditor"
# The logs and requests the issue found readable from another company.
EXPECTED = ("crm.archive.access.log", "crm.privacy.erasure.request", "crm.partner.consent")


def _xmlid_res_ids(admin, domain):
    return [row["res_id"] for row in admin.call("ir.model.data", "search_read", domain, ["res_id"])]


@pytest.fixture(scope="module")
def admin(attack_server):
    client = JsonRpcSession(attack_server["url"], attack_server["db"])
    assert client.authenticate("admin", "admin").get("result", {}).get("uid")
    return client


@pytest.fixture(scope="module")
def demo_company(admin):
    [user] = admin.call("res.users", "search_read", [("login", "=", "admin")], ["company_id"])
    return user["company_id"][0]


@pytest.fixture(scope="module")
def other_company_user(admin, attack_server, demo_company):
    """A user of a second company only, with every group of the addons."""
    company_ids = admin.call("res.company", "search", [("name", "=", COMPANY)])
    company = (
        company_ids[0] if company_ids else admin.call("res.company", "create", {"name": COMPANY})
    )
    assert company != demo_company
    groups = _xmlid_res_ids(admin, [("module", "in", ADDONS), ("model", "=", "res.groups")])
    groups += _xmlid_res_ids(
        admin, [("module", "=", "base"), ("name", "=", "group_user"), ("model", "=", "res.groups")]
    )
    user_ids = admin.call(
        "res.users", "search", [("login", "=", LOGIN)], context={"active_test": False}
    )
    if not user_ids:
        admin.call(
            "res.users",
            "create",
            {
                "name": "Second Company Auditor",
                "login": LOGIN,
                "password": LOGIN,
                "company_id": company,
                "company_ids": [(6, 0, [company])],
                "group_ids": [(6, 0, groups)],
            },
        )
    client = JsonRpcSession(attack_server["url"], attack_server["db"])
    assert client.authenticate(LOGIN, LOGIN).get("result", {}).get("uid"), LOGIN
    [me] = client.call("res.users", "search_read", [("login", "=", LOGIN)], ["company_ids"])
    assert me["company_ids"] == [company], "the user belongs to the second company only"
    return client


@pytest.fixture(scope="module")
def company_bound_models(admin):
    """Models our addons define (no other module declares them), with a
    stored company; SQL views included, abstract and transient ones not."""
    data = admin.call(
        "ir.model.data", "search_read", [("model", "=", "ir.model")], ["res_id", "module"]
    )
    modules = {}
    for row in data:
        modules.setdefault(row["res_id"], set()).add(row["module"])
    ours = [res_id for res_id, owners in modules.items() if owners <= set(ADDONS)]
    models = []
    for row in admin.call("ir.model", "read", ours, ["model", "transient"]):
        if row["transient"]:
            continue
        company = admin.call(
            row["model"], "fields_get", ["company_id"], attributes=["store", "relation"]
        ).get("company_id")
        if not (company and company.get("store") and company.get("relation") == "res.company"):
            continue
        if not admin.attempt(row["model"], "search_count", [])[0]:
            continue  # abstract: no table, nothing to read
        models.append(row["model"])
    return sorted(models)


def test_the_models_are_found(company_bound_models):
    for model in EXPECTED:
        assert model in company_bound_models
    assert len(company_bound_models) > 20, company_bound_models


def test_other_company_reads_nothing_of_the_demo_company(
    admin, other_company_user, company_bound_models, demo_company
):
    user = other_company_user
    revealed, probed = [], []
    everything = {"active_test": False}
    for model in company_bound_models:
        ids = admin.call(
            model, "search", [("company_id", "=", demo_company)], limit=20, context=everything
        )
        if ids:
            probed.append(model)
        ok, found = user.attempt(
            model, "search_read", [("company_id", "=", demo_company)], ["id"], context=everything
        )
        assert ok, f"{model}: {found}"
        ok, by_id = user.attempt(model, "search_count", [("id", "in", ids)], context=everything)
        assert ok, f"{model}: {by_id}"
        ok, groups = user.attempt(
            model, "formatted_read_group", [], ["company_id"], ["__count"], context=everything
        )
        assert ok, f"{model}: {groups}"
        grouped = [g for g in groups if g["company_id"] and g["company_id"][0] == demo_company]
        tries = [("search_read", found), ("search_count", by_id), ("read_group", grouped)]
        if ids:
            ok, read = user.attempt(model, "read", ids, ["display_name"])
            assert ok or "AccessError" in read, f"{model}: {read}"
            tries.append(("read", read if ok else []))
        for how, result in tries:
            STATS["restricted_reads"] += 1
            if result:
                STATS["revealed"] += 1
                revealed.append((model, how, result))
    assert revealed == []
    # Reading nothing proves something only where the demo company has records.
    for model in EXPECTED:
        assert model in probed, f"the demo has no {model} record to try"
    assert len(probed) > len(company_bound_models) // 2, probed


def test_a_forged_company_context_is_refused(other_company_user, demo_company):
    ok, error = other_company_user.attempt(
        "crm.archive.access.log",
        "search_count",
        [],
        context={"allowed_company_ids": [demo_company]},
    )
    assert not ok
    assert "Access to unauthorized or invalid companies" in error
