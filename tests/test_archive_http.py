"""Archive documents and their files: no route for salespeople, and a log."""

import xmlrpc.client

import pytest
from conftest import OPEN_SCAN_DOCUMENTS, JsonRpcSession


def _admin(rpc):
    uid = rpc["common"].authenticate(rpc["db"], "admin", "admin", {})

    def call(model, method, *args, **kwargs):
        return rpc["object"].execute_kw(rpc["db"], uid, "admin", model, method, list(args), kwargs)

    return call


@pytest.fixture
def archive_file(rpc):
    admin = _admin(rpc)
    [document] = admin(
        "crm.archive.document",
        "search_read",
        OPEN_SCAN_DOCUMENTS,
        fields=["attachment_ids"],
        limit=1,
    )
    return {"id": document["attachment_ids"][0], "res_id": document["id"]}


def _session(odoo_server, login):
    client = JsonRpcSession(odoo_server["url"], odoo_server["db"])
    assert client.authenticate(login, login)["result"]["uid"]
    return client


@pytest.mark.parametrize("login", ["sales", "portal"])
def test_no_download_route_for_salespeople_or_portal(odoo_server, archive_file, login):
    client = _session(odoo_server, login)
    for path in (
        f"/web/content/{archive_file['id']}?download=true",
        f"/web/content/ir.attachment/{archive_file['id']}/datas",
        f"/web/content/crm.archive.document/{archive_file['res_id']}/display_name",
    ):
        status, _url, body = client.get(path)
        assert status in (403, 404), (path, status)
        assert b"%PDF" not in body


@pytest.mark.parametrize("method", ["read", "search_read"])
def test_no_rpc_route_for_salespeople(rpc, archive_file, method):
    uid = rpc["common"].authenticate(rpc["db"], "sales", "sales", {})
    args = [[archive_file["res_id"]]] if method == "read" else [[]]
    with pytest.raises(xmlrpc.client.Fault, match=r"AccessError|not allowed|access"):
        rpc["object"].execute_kw(rpc["db"], uid, "sales", "crm.archive.document", method, args)
    with pytest.raises(xmlrpc.client.Fault, match=r"AccessError|not allowed|access"):
        rpc["object"].execute_kw(
            rpc["db"],
            uid,
            "sales",
            "ir.attachment",
            "read",
            [[archive_file["id"]]],
            {"fields": ["datas"]},
        )


def test_customer_service_download_is_logged(odoo_server, rpc, archive_file):
    admin = _admin(rpc)
    domain = [("attachment_id", "=", archive_file["id"]), ("event", "=", "download")]
    before = admin("crm.archive.access.log", "search_count", domain)
    client = _session(odoo_server, "service")
    status, _url, body = client.get(f"/web/content/{archive_file['id']}?download=true")
    assert status == 200 and body
    assert admin("crm.archive.access.log", "search_count", domain) == before + 1
    [log] = admin(
        "crm.archive.access.log",
        "search_read",
        domain,
        fields=["user_id"],
        order="id desc",
        limit=1,
    )
    assert log["user_id"][1] == "Wang Fang"


def test_form_view_is_logged(odoo_server, rpc, archive_file):
    admin = _admin(rpc)
    domain = [("document_id", "=", archive_file["res_id"]), ("event", "=", "view")]
    before = admin("crm.archive.access.log", "search_count", domain)
    client = _session(odoo_server, "archivist")
    client.call(
        "crm.archive.document", "web_read", [archive_file["res_id"]], specification={"title": {}}
    )
    assert admin("crm.archive.access.log", "search_count", domain) == before + 1


def test_log_cannot_be_changed_or_deleted(odoo_server, rpc, archive_file):
    _session(odoo_server, "archivist").call(
        "crm.archive.document", "web_read", [archive_file["res_id"]], specification={"title": {}}
    )
    uid = rpc["common"].authenticate(rpc["db"], "manager", "manager", {})
    ids = rpc["object"].execute_kw(
        rpc["db"], uid, "manager", "crm.archive.access.log", "search", [[]], {"limit": 1}
    )
    assert ids
    for method, args in (("unlink", [ids]), ("write", [ids, {"event": "view"}])):
        with pytest.raises(xmlrpc.client.Fault):
            rpc["object"].execute_kw(
                rpc["db"], uid, "manager", "crm.archive.access.log", method, args
            )


@pytest.mark.parametrize(
    ("model", "report"),
    [
        ("crm.archive.volume", "crm_customer_info.action_report_volume_catalogue"),
        ("crm.archive.borrow", "crm_customer_info.action_report_archive_borrow"),
    ],
)
def test_no_report_route_for_salespeople(odoo_server, rpc, model, report):
    [record_id] = _admin(rpc)(model, "search", [], limit=1)
    client = _session(odoo_server, "sales")
    status, _url, body = client.get(f"/report/pdf/{report}/{record_id}")
    assert status != 200 or b"%PDF" not in body, status
    archivist = _session(odoo_server, "archivist")
    status, _url, body = archivist.get(f"/report/pdf/{report}/{record_id}")
    assert status == 200 and body.startswith(b"%PDF")


def test_original_scan_opens_only_during_the_borrowers_consultation(odoo_server, rpc):
    """借阅制度: originals are consulted on site, and their scans open only then."""
    admin = _admin(rpc)
    [document] = admin(
        "crm.archive.document",
        "search_read",
        [
            ("original", "=", "original"),
            ("confidentiality", "!=", "secret"),
            ("state", "=", "filed"),
            ("attachment_ids", "!=", False),
        ],
        fields=["attachment_ids"],
        limit=1,
    )
    path = f"/web/content/{document['attachment_ids'][0]}?download=true"
    clients = {login: _session(odoo_server, login) for login in ("service", "archivist", "manager")}
    for login, client in clients.items():
        status, _url, _body = client.get(path)
        assert status in (403, 404), (login, status)
    service, manager, archivist = clients["service"], clients["manager"], clients["archivist"]
    borrow = service.call(
        "crm.archive.borrow",
        "create",
        {
            "purpose": "Check the signature",
            "mode": "consult",
            "line_ids": [(0, 0, {"document_id": document["id"]})],
        },
    )
    service.call("crm.archive.borrow", "action_submit", [borrow])
    manager.call("crm.archive.borrow", "action_approve", [borrow])
    archivist.call("crm.archive.borrow", "action_lend", [borrow])
    try:
        status, _url, body = service.get(path)
        assert status == 200 and body
        logs = admin(
            "crm.archive.access.log",
            "search_read",
            [("document_id", "=", document["id"]), ("event", "=", "download")],
            fields=["user_id", "borrow_id"],
            order="id desc",
            limit=1,
        )
        assert logs[0]["borrow_id"][0] == borrow
        for login in ("archivist", "manager"):
            status, _url, _body = clients[login].get(path)
            assert status in (403, 404), (login, status)
    finally:
        archivist.call("crm.archive.borrow", "action_return", [borrow], "Consulted")
    status, _url, _body = service.get(path)
    assert status in (403, 404)


ROUTES = {
    "download": lambda client, file: client.get(f"/web/content/{file['id']}?download=true"),
    "datas field": lambda client, file: client.get(
        f"/web/content/ir.attachment/{file['id']}/datas"
    ),
    "raw field": lambda client, file: client.get(f"/web/content/ir.attachment/{file['id']}/raw"),
    "rpc read": lambda client, file: client.call("ir.attachment", "read", [file["id"]], ["datas"]),
    "rpc search_read": lambda client, file: client.call(
        "ir.attachment", "search_read", [("id", "=", file["id"])], ["raw"]
    ),
    "web_read": lambda client, file: client.call(
        "ir.attachment", "web_read", [file["id"]], specification={"datas": {}}
    ),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_route_logs_one_opening(odoo_server, rpc, archive_file, route):
    """Whatever route serves the file's content, one opening is one entry."""
    admin = _admin(rpc)
    domain = [("attachment_id", "=", archive_file["id"]), ("event", "=", "download")]
    before = admin("crm.archive.access.log", "search_count", domain)
    result = ROUTES[route](_session(odoo_server, "service"), archive_file)
    if isinstance(result, tuple):
        assert result[0] == 200 and result[2], (route, result[0])
    else:
        assert result and (result[0].get("datas") or result[0].get("raw")), route
    assert admin("crm.archive.access.log", "search_count", domain) == before + 1, route


def test_portal_download_logs_one_opening(odoo_server, rpc):
    admin = _admin(rpc)
    client = JsonRpcSession(odoo_server["url"], odoo_server["db"])
    partner = client.authenticate("portal", "portal")["result"]["partner_id"]
    [company] = admin("res.partner", "read", [partner], fields=["commercial_partner_id"])
    documents = admin(
        "crm.archive.document",
        "search_read",
        [
            ("partner_id", "=", company["commercial_partner_id"][0]),
            ("shared_with_customer", "=", True),
            ("attachment_ids", "!=", False),
        ],
        fields=["attachment_ids"],
        limit=1,
    )
    assert documents, "the demo shares a document with the portal customer"
    document, attachment = documents[0]["id"], documents[0]["attachment_ids"][0]
    domain = [("attachment_id", "=", attachment), ("event", "=", "download")]
    before = admin("crm.archive.access.log", "search_count", domain)
    status, _url, body = client.get(f"/my/documents/{document}/download/{attachment}")
    assert status == 200 and body
    assert admin("crm.archive.access.log", "search_count", domain) == before + 1
