"""The borrowing register (借阅制度) through an external client, as the demo users.

Every forbidden transition comes back as a fault naming the reason, and leaves the
request as it was. Loans made here are returned at the end, so the tests can run
again on the same database.
"""

import datetime
import threading
import xmlrpc.client

import pytest

BORROW = "crm.archive.borrow"
# Odoo's AccessError, whether from the access rights or from a record rule.
ACCESS_DENIED = r"not allowed to access|doesn't have 'read' access"


def _login(rpc, login):
    uid = rpc["common"].authenticate(rpc["db"], login, login, {})
    assert uid, login
    return _caller(rpc["db"], uid, login, rpc["object"])


def _caller(db, uid, login, proxy):
    def call(model, method, *args, **kwargs):
        return proxy.execute_kw(db, uid, login, model, method, list(args), kwargs)

    call.uid = uid
    return call


@pytest.fixture
def users(rpc):
    return {login: _login(rpc, login) for login in ("sales", "service", "archivist", "manager")}


def _document(user, title, operator="="):
    ids = user("crm.archive.document", "search", [("title", operator, title)])
    assert ids, title
    return ids[0]


def _request(user, documents, mode="lend"):
    return user(
        BORROW,
        "create",
        {
            "purpose": "RPC test",
            "mode": mode,
            "line_ids": [(0, 0, {"document_id": document}) for document in documents],
        },
    )


def _state(user, borrow_id):
    [row] = user(BORROW, "read", [borrow_id], fields=["state"])
    return row["state"]


def _refused(user, borrow_id, method, *args, match):
    before = _state(user, borrow_id)
    with pytest.raises(xmlrpc.client.Fault, match=match):
        user(BORROW, method, [borrow_id], *args)
    assert _state(user, borrow_id) == before


def test_request_lend_and_return(users):
    service, archivist = users["service"], users["archivist"]
    manager = users["manager"]  # approves; the archive administrator hands out
    document = _document(service, "客户产品进出货情况登记表")
    borrow = _request(service, [document])
    assert _state(service, borrow) == "draft"
    service(BORROW, "action_submit", [borrow])
    manager(BORROW, "action_approve", [borrow])
    archivist(BORROW, "action_lend", [borrow])
    try:
        [row] = service(BORROW, "read", [borrow], fields=["state", "handler_id", "lent_on"])
        assert row["state"] == "lent"
        assert row["handler_id"][0] == archivist.uid
        assert row["lent_on"]
        [doc] = service("crm.archive.document", "read", [document], fields=["state"])
        assert doc["state"] == "lent"
        logs = archivist(
            "crm.archive.access.log",
            "search_count",
            [("borrow_id", "=", borrow), ("event", "=", "lend")],
        )
        assert logs == 1
        # The borrower cannot take his own documents back into the archive.
        _refused(service, borrow, "action_return", "ok", match="Only archive administrators")
    finally:
        archivist(BORROW, "action_return", [borrow], "Complete, no damage")
    assert _state(service, borrow) == "returned"
    [doc] = service("crm.archive.document", "read", [document], fields=["state"])
    assert doc["state"] == "filed"


def test_forbidden_transitions(users):
    service, archivist = users["service"], users["archivist"]
    original = _document(service, "退赔原因、责任鉴定表")
    lend_original = _request(service, [original])
    _refused(
        service,
        lend_original,
        "action_submit",
        match="originals can only be consulted on site",
    )
    _refused(archivist, lend_original, "action_approve", match="not waiting for approval")

    copy = _document(service, "税务登记证")
    borrow = _request(service, [copy])
    service(BORROW, "action_submit", [borrow])
    _refused(service, borrow, "action_approve", match="nobody approves his own request")
    _refused(archivist, borrow, "action_lend", match="is not approved")
    _refused(archivist, borrow, "action_reject", " ", match="reason of the rejection")
    archivist(BORROW, "action_reject", [borrow], "Not needed")
    assert _state(service, borrow) == "rejected"
    _refused(service, borrow, "action_cancel", match="can be cancelled")


def test_secret_document_needs_a_manager(users):
    service, archivist, manager = users["service"], users["archivist"], users["manager"]
    secret = _document(service, "历次欠款还款情况登记表")
    borrow = _request(service, [secret])
    service(BORROW, "action_submit", [borrow])
    archivist(BORROW, "action_approve", [borrow])
    [row] = service(BORROW, "read", [borrow], fields=["state", "needs_second_approval"])
    assert row == {"id": borrow, "state": "submitted", "needs_second_approval": True}
    _refused(archivist, borrow, "action_approve", match="second approval")
    manager(BORROW, "action_approve", [borrow])
    [row] = service(BORROW, "read", [borrow], fields=["state", "second_approver_id"])
    assert row["state"] == "approved"
    assert row["second_approver_id"][0] == manager.uid
    service(BORROW, "action_cancel", [borrow])


def test_lent_document_is_not_lent_again(users):
    service, archivist = users["service"], users["archivist"]
    manager = users["manager"]  # approves; the archive administrator hands out
    # Lent in the demo, overdue: 出口报关单 of Jiahe.
    lent = _document(service, "出口报关单")
    borrow = _request(service, [lent])
    service(BORROW, "action_submit", [borrow])
    manager(BORROW, "action_approve", [borrow])
    _refused(archivist, borrow, "action_lend", match="already handed out")
    service(BORROW, "action_cancel", [borrow])


def test_two_clients_race_for_one_document(rpc, odoo_server, users):
    service, archivist = users["service"], users["archivist"]
    manager = users["manager"]  # approves; the archive administrator hands out
    document = _document(service, "成品出厂检验报告")
    borrows = [_request(service, [document], mode="consult") for _i in range(2)]
    for borrow in borrows:
        service(BORROW, "action_submit", [borrow])
        manager(BORROW, "action_approve", [borrow])

    barrier = threading.Barrier(2)
    outcomes = {}

    def lend(borrow):
        # One connection per thread: xmlrpc.client proxies are not thread-safe.
        proxy = xmlrpc.client.ServerProxy(f"{odoo_server['url']}/xmlrpc/2/object", allow_none=True)
        client = _caller(rpc["db"], archivist.uid, "archivist", proxy)
        barrier.wait(timeout=30)
        try:
            client(BORROW, "action_lend", [borrow])
            outcomes[borrow] = "lent"
        except xmlrpc.client.Fault as fault:
            outcomes[borrow] = fault.faultString

    threads = [threading.Thread(target=lend, args=(borrow,)) for borrow in borrows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    try:
        assert list(outcomes.values()).count("lent") == 1, outcomes
        [refusal] = [outcome for outcome in outcomes.values() if outcome != "lent"]
        assert "handed out" in refusal
        states = sorted(_state(service, borrow) for borrow in borrows)
        assert states == ["approved", "lent"]
    finally:
        for borrow in borrows:
            state = _state(service, borrow)
            if state == "lent":
                archivist(BORROW, "action_return", [borrow], "Consulted")
            elif state == "approved":
                service(BORROW, "action_cancel", [borrow])


def test_renewal_is_approved_by_the_archive(users):
    service, archivist = users["service"], users["archivist"]
    manager = users["manager"]  # approves; the archive administrator hands out
    document = _document(service, "发货单 DN-2231")
    borrow = _request(service, [document])
    service(BORROW, "action_submit", [borrow])
    manager(BORROW, "action_approve", [borrow])
    archivist(BORROW, "action_lend", [borrow])
    try:
        [row] = service(BORROW, "read", [borrow], fields=["due_date"])
        due = datetime.date.fromisoformat(row["due_date"])
        new_due = (due + datetime.timedelta(days=3)).isoformat()
        service(BORROW, "action_request_renewal", [borrow], new_due, "Need it longer")
        _refused(service, borrow, "action_approve_renewal", match="decide on renewals")
        [row] = service(BORROW, "read", [borrow], fields=["due_date", "renewal_due_date"])
        assert row["renewal_due_date"] == new_due
        assert row["due_date"] != new_due
        archivist(BORROW, "action_approve_renewal", [borrow])
        [row] = service(BORROW, "read", [borrow], fields=["due_date", "renewal_due_date"])
        assert row == {"id": borrow, "due_date": new_due, "renewal_due_date": False}
    finally:
        archivist(BORROW, "action_return", [borrow], "Complete")


def test_customer_service_sees_only_own_requests(users):
    service, manager = users["service"], users["manager"]
    theirs = _request(manager, [_document(manager, "合同订单登记表%", "=like")], mode="consult")
    with pytest.raises(xmlrpc.client.Fault, match=ACCESS_DENIED):
        service(BORROW, "read", [theirs], fields=["name"])
    assert theirs not in service(BORROW, "search", [])
    manager(BORROW, "unlink", [theirs])


def test_salesperson_reads_no_request(users):
    sales, service = users["sales"], users["service"]
    [borrow] = service(BORROW, "search", [], limit=1)
    with pytest.raises(xmlrpc.client.Fault, match=ACCESS_DENIED):
        sales(BORROW, "read", [borrow], fields=["name"])
    with pytest.raises(xmlrpc.client.Fault, match=ACCESS_DENIED):
        sales(BORROW, "search", [])


def test_borrower_cannot_write_his_way_past_the_register(users):
    """The attacks of a borrower with a plain external client: approving his own
    request for a secret document, returning a loan himself, back-dating it,
    switching off the overdue escalation; with the context keys any client can send."""
    service, archivist, manager = users["service"], users["archivist"], users["manager"]
    secret = _document(service, "历次欠款还款情况登记表")
    borrow = _request(service, [secret])
    service(BORROW, "action_submit", [borrow])
    protected = {
        "state": "approved",
        "approver_id": archivist.uid,
        "second_approver_id": manager.uid,
        "request_date": "2020-01-01",
        "overdue_escalated": True,
        "name": "BR/forged",
    }
    contexts = [{}, {"crm_archive_internal_write": True}, {"tracking_disable": True}]
    for fname, value in protected.items():
        for context in contexts:
            with pytest.raises(xmlrpc.client.Fault, match="only through the buttons"):
                service(BORROW, "write", [borrow], {fname: value}, context=context)
    [row] = service(BORROW, "read", [borrow], fields=["state", "approver_id", "request_date"])
    assert (row["state"], row["approver_id"]) == ("submitted", False)
    with pytest.raises(xmlrpc.client.Fault, match="only through the buttons"):
        service(BORROW, "create", {"purpose": "x", "mode": "consult", "state": "approved"})

    archivist(BORROW, "action_reject", [borrow], "Test over")
    copy = _document(service, "客户产品进出货情况登记表")
    loan = _request(service, [copy])
    service(BORROW, "action_submit", [loan])
    manager(BORROW, "action_approve", [loan])
    archivist(BORROW, "action_lend", [loan])
    try:
        with pytest.raises(xmlrpc.client.Fault, match="only through the buttons"):
            service(BORROW, "write", [loan], {"state": "returned"})
        with pytest.raises(xmlrpc.client.Fault, match="only through the buttons"):
            archivist("crm.archive.document", "write", [copy], {"state": "filed"})
        assert _state(service, loan) == "lent"
    finally:
        archivist(BORROW, "action_return", [loan], "Complete")
