"""Twenty clients at once on the same workflow step, through the
multi-worker server: exactly one succeeds, the others get a clear error,
nothing is duplicated or lost."""

import threading
import xmlrpc.client
from collections import Counter

import pytest
from suite_stats import STATS

CLIENTS = 20
BORROW = "crm.archive.borrow"
CLEAN = ("UserError", "ValidationError", "already", "handed out", "not ", "only")


def _login(rpc, login):
    uid = rpc["common"].authenticate(rpc["db"], login, login, {})
    assert uid, login
    return uid


def _race(odoo_server, db, uid, login, calls):
    """Run ``calls`` (model, method, args) from CLIENTS threads released at
    once, each with its own connection; return the outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, model, method, args):
        proxy = xmlrpc.client.ServerProxy(f"{odoo_server['url']}/xmlrpc/2/object", allow_none=True)
        barrier.wait(timeout=60)
        try:
            proxy.execute_kw(db, uid, login, model, method, args)
            outcomes[index] = "ok"
        except xmlrpc.client.Fault as fault:
            outcomes[index] = fault.faultString

    threads = [
        threading.Thread(target=run, args=(index, *call)) for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcomes


def _record(outcomes, successes_expected=1, extra_ok=True):
    successes = outcomes.count("ok")
    unclear = [o for o in outcomes if o != "ok" and not any(c in o for c in CLEAN)]
    STATS["concurrency"] += 1
    anomaly = successes != successes_expected or unclear or not extra_ok
    STATS["anomalies"] += bool(anomaly)
    return successes, unclear


@pytest.fixture
def staff(rpc):
    def caller(login):
        uid = _login(rpc, login)

        def call(model, method, *args, **kwargs):
            return rpc["object"].execute_kw(
                rpc["db"], uid, login, model, method, list(args), kwargs
            )

        call.uid = uid
        return call

    return caller


def _approved_requests(service, archivist, document, count):
    borrows = []
    for _i in range(count):
        borrow = service(
            BORROW,
            "create",
            {
                "purpose": "Concurrency",
                "mode": "consult",
                "line_ids": [(0, 0, {"document_id": document})],
            },
        )
        service(BORROW, "action_submit", [borrow])
        archivist(BORROW, "action_approve", [borrow])
        borrows.append(borrow)
    return borrows


def test_twenty_clients_lend_the_same_document(rpc, odoo_server, staff):
    service, archivist = staff("service"), staff("archivist")
    [document] = service("crm.archive.document", "search", [("title", "=", "成品出厂检验报告")])
    # approved by the manager, handed out by the archive administrator
    borrows = _approved_requests(service, staff("manager"), document, CLIENTS)
    outcomes = _race(
        odoo_server,
        rpc["db"],
        archivist.uid,
        "archivist",
        [(BORROW, "action_lend", [[borrow]]) for borrow in borrows],
    )
    states = Counter(row["state"] for row in service(BORROW, "read", borrows, fields=["state"]))
    successes, unclear = _record(outcomes, extra_ok=states == {"lent": 1, "approved": CLIENTS - 1})
    try:
        assert successes == 1, outcomes
        assert not unclear, unclear
        assert states == {"lent": 1, "approved": CLIENTS - 1}
    finally:
        for row in service(BORROW, "read", borrows, fields=["state"]):
            if row["state"] == "lent":
                archivist(BORROW, "action_return", [row["id"]], "Consulted")
            elif row["state"] == "approved":
                service(BORROW, "action_cancel", [row["id"]])


def test_twenty_clients_approve_the_same_request(rpc, odoo_server, staff):
    service, archivist = staff("service"), staff("archivist")
    [document] = service("crm.archive.document", "search", [("title", "=", "成品出厂检验报告")])
    borrow = service(
        BORROW,
        "create",
        {
            "purpose": "Concurrency",
            "mode": "consult",
            "line_ids": [(0, 0, {"document_id": document})],
        },
    )
    service(BORROW, "action_submit", [borrow])
    outcomes = _race(
        odoo_server,
        rpc["db"],
        archivist.uid,
        "archivist",
        [(BORROW, "action_approve", [[borrow]])] * CLIENTS,
    )
    [row] = service(BORROW, "read", [borrow], fields=["state", "approver_id"])
    successes, unclear = _record(outcomes, extra_ok=row["state"] == "approved")
    try:
        assert successes == 1, outcomes
        assert not unclear, unclear
        assert row["state"] == "approved"
        assert row["approver_id"][0] == archivist.uid
    finally:
        service(BORROW, "action_cancel", [borrow])


def test_twenty_clients_record_the_same_care_occasions(rpc, odoo_server, staff):
    manager = staff("manager")
    rule = manager(
        "crm.care.rule",
        "create",
        {
            "name": "Concurrency birthdays",
            "occasion_type": "birthday",
            "days_before": 300,
            "action": "gift",
            "gift_description": "Card",
        },
    )
    try:
        outcomes = _race(
            odoo_server,
            rpc["db"],
            manager.uid,
            "manager",
            [("crm.care.rule", "action_generate_occasions", [[rule]])] * CLIENTS,
        )
        occasions = manager(
            "crm.care.occasion",
            "search_read",
            [("rule_id", "=", rule)],
            fields=["partner_id", "family_member_id", "year"],
        )
        keys = Counter(
            (o["partner_id"][0], o["family_member_id"] and o["family_member_id"][0], o["year"])
            for o in occasions
        )
        with_birthday = manager(
            "res.partner", "search_count", [("birthday", "!=", False), ("is_company", "=", False)]
        )
        duplicated = [key for key, count in keys.items() if count > 1]
        # Every run succeeds (each creates what is missing); nothing twice.
        _record(outcomes, successes_expected=CLIENTS, extra_ok=not duplicated and occasions)
        assert outcomes.count("ok") == CLIENTS, outcomes
        assert not duplicated, duplicated
        assert 0 < len(occasions) <= with_birthday
    finally:
        manager("crm.care.rule", "write", [rule], {"active": False})
