"""Every HTTP route that serves customer data, tried by every role: archive
files through /web/content, PDF and HTML reports, the portal pages with
other customers' ids. Allowed roles get the content, the others a refusal
(403, 404 or the login page), never the data."""

import os
import sys

import pytest
from conftest import OPEN_SCAN_DOCUMENTS, JsonRpcSession
from suite_stats import STATS

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "security"))
from matrix_roles import ROLES

BACK_OFFICE = {"customer_service", "archive_admin", "manager"}
CREDIT = {"credit_user", "credit_manager", "manager"}
CAMPAIGN = {"marketing_user", "manager"}
# Hengyuan's key-account plan: its salesperson and core team (sales, service).
PLAN_TEAM = CAMPAIGN | {"salesperson", "customer_service"}
# Pages of one's own data: every signed-in user has them, about himself.
SIGNED_IN = set(ROLES) - {"public"}


@pytest.fixture(scope="module")
def clients(odoo_server):
    sessions = {}
    for role, login in ROLES.items():
        client = JsonRpcSession(odoo_server["url"], odoo_server["db"])
        if login:
            assert client.authenticate(login, login)["result"]["uid"], login
        sessions[role] = client
    return sessions


@pytest.fixture(scope="module")
def routes(clients):
    admin = JsonRpcSession(clients["manager"].url, clients["manager"].db)
    admin.authenticate("admin", "admin")

    def one(model, domain, fields=("id",)):
        rows = admin.call(model, "search_read", domain, list(fields), limit=1)
        assert rows, (model, domain)
        return rows[0]

    wang = one("res.partner", [("name", "=", "Wang Lei")])["id"]
    hengyuan = one("res.partner", [("name", "=", "Shanghai Hengyuan Trading Co., Ltd.")])["id"]
    archive = one("crm.archive.document", OPEN_SCAN_DOCUMENTS, ("attachment_ids",))
    evaluation = one("crm.credit.evaluation", [])["id"]
    plan = one("crm.account.plan", [])["id"]
    jiahe_doc = one(
        "crm.archive.document",
        [
            ("partner_id.name", "=", "Hangzhou Jiahe Home Appliances Co., Ltd."),
            ("attachment_ids", "!=", False),
        ],
        ("id", "attachment_ids"),
    )
    hengyuan_doc = one(
        "crm.archive.document",
        [("partner_id", "=", hengyuan), ("attachment_ids", "!=", False)],
        ("id", "attachment_ids"),
    )
    return [
        # (path, roles allowed, bytes the allowed response contains)
        (f"/web/content/{archive['attachment_ids'][0]}?download=true", BACK_OFFICE, b""),
        (f"/report/pdf/crm_customer_info.report_person_card/{wang}", BACK_OFFICE, b"%PDF"),
        (f"/report/html/crm_customer_info.report_company_card/{hengyuan}", BACK_OFFICE, b"<html"),
        (f"/report/pdf/crm_credit.report_credit_evaluation/{evaluation}", CREDIT, b"%PDF"),
        (f"/report/html/crm_campaigns.report_account_plan/{plan}", PLAN_TEAM, b"<html"),
        (
            f"/my/documents/{jiahe_doc['id']}/download/{jiahe_doc['attachment_ids'][0]}",
            # Shared or not, another company's file is never a download
            # route for anybody: the back office uses /web/content.
            set(),
            b"",
        ),
        (
            f"/my/documents/{hengyuan_doc['id']}/download/{hengyuan_doc['attachment_ids'][0]}",
            set(),
            b"",
        ),
        ("/my/profile", SIGNED_IN, b"csrf_token"),
        # One's own credit page needs invoice rights: customers and the credit team.
        ("/my/credit", {"portal_a", "portal_b"} | CREDIT, b"<html"),
        ("/my/privacy/data.json", SIGNED_IN, b"{"),
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_routes(clients, routes, role):
    client = clients[role]
    wrong = []
    for path, allowed_roles, marker in routes:
        status, url, body = client.get(path)
        allowed = status == 200 and "/web/login" not in url and marker in body
        STATS["routes"] += 1
        if allowed != (role in allowed_roles):
            wrong.append(f"{path}: {status} {url[-40:]}")
            STATS["leaks" if allowed else "over_denied"] += 1
    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_portal_data_is_their_own(clients):
    """Each portal customer's export holds his own file, not the other's."""
    _s, _u, body_a = clients["portal_a"].get("/my/privacy/data.json")
    _s, _u, body_b = clients["portal_b"].get("/my/privacy/data.json")
    name_a, name_b = b"Joel Willis", "方志远".encode()
    assert name_a in body_a
    assert name_b in body_b
    assert name_b not in body_a
    assert name_a not in body_b
