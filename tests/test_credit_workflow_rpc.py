"""Credit through an external client, as the demo users: the attacks of issue 16.

A customer's rating and limit, the approvals of evaluations, extensions, plans
and limit requests, and the credit block of invoices change only through their
transitions, whatever the context says. Each refusal names its reason and leaves
the records as they were; what the tests create is removed at the end, so they
can run again on the same database.
"""

import xmlrpc.client

import pytest

NO_TRACKING = {"tracking_disable": True, "mail_notrack": True}
CONTEXTS = [{}, NO_TRACKING]
ONLY_THROUGH = "change only through the buttons of its workflow"
CREDIT_ONLY_THROUGH = "a customer's credit changes only through the buttons of its workflow"


def _login(rpc, login):
    uid = rpc["common"].authenticate(rpc["db"], login, login, {})
    assert uid, login
    db, proxy = rpc["db"], rpc["object"]

    def call(model, method, *args, **kwargs):
        return proxy.execute_kw(db, uid, login, model, method, list(args), kwargs)

    call.uid = uid
    return call


@pytest.fixture
def users(rpc):
    return {login: _login(rpc, login) for login in ("credit", "credituser", "sales")}


def _read(user, model, record_id, fnames):
    [row] = user(model, "read", [record_id], fields=fnames)
    return {fname: row[fname] for fname in fnames}


def _refused(user, model, record_id, method, *args, match, reader=None, fnames=("state",), **kw):
    """``method`` is refused with ``match`` in the message; ``fnames`` unchanged."""
    reader = reader or user
    before = _read(reader, model, record_id, list(fnames))
    with pytest.raises(xmlrpc.client.Fault, match=match):
        user(model, method, [record_id], *args, **kw)
    assert _read(reader, model, record_id, list(fnames)) == before


def _blocked_customer(credit):
    """Xizi, rated CC by the demo's evaluations: invoicing blocked."""
    ids = credit("res.partner", "search", [("credit_rating_id.block", "=", True)], limit=1)
    assert ids, "the demo has a customer whose rating blocks invoicing"
    return ids[0]


def _rating(user, name):
    [rating_id] = user("crm.credit.rating", "search", [("name", "=", name)])
    return rating_id


def _demo_id(user, model, domain):
    ids = user(model, "search", domain, limit=1)
    assert ids, (model, domain)
    return ids[0]


def _invoice(credit, partner_id, amount=100.0):
    return credit(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "invoice_line_ids": [
                (0, 0, {"name": "RPC test", "quantity": 1, "price_unit": amount, "tax_ids": []})
            ],
        },
    )


def test_salesperson_cannot_unblock_a_customer(users):
    sales, credit = users["sales"], users["credit"]
    customer = _blocked_customer(credit)
    aaa = _rating(sales, "AAA")
    history = credit("crm.credit.rating.history", "search_count", [("partner_id", "=", customer)])
    for context in CONTEXTS:
        _refused(
            sales,
            "res.partner",
            customer,
            "write",
            {"credit_rating_id": aaa, "credit_score": 99.0},
            context=context,
            match=CREDIT_ONLY_THROUGH,
            reader=credit,  # the score is the credit team's
            fnames=("credit_rating_id", "credit_score"),
        )
    assert (
        credit("crm.credit.rating.history", "search_count", [("partner_id", "=", customer)])
        == history
    )


@pytest.mark.parametrize(
    "values",
    [
        {"credit_limit": 9999999.0},
        {"credit_limit": 9999999.0, "use_partner_credit_limit": True},
        {"use_partner_credit_limit": False},
    ],
)
def test_credit_user_cannot_set_a_limit(users, values):
    credituser = users["credituser"]
    customer = _demo_id(credituser, "res.partner", [("credit_limit", ">", 0)])
    for context in CONTEXTS:
        _refused(
            credituser,
            "res.partner",
            customer,
            "write",
            values,
            context=context,
            match=CREDIT_ONLY_THROUGH,
            fnames=("credit_limit", "use_partner_credit_limit"),
        )


def test_credit_user_cannot_approve_by_writing(users):
    credituser = users["credituser"]
    evaluation = _demo_id(credituser, "crm.credit.evaluation", [("state", "=", "submitted")])
    extension = _demo_id(credituser, "crm.credit.extension", [("state", "=", "submitted")])
    plan = _demo_id(credituser, "crm.credit.repayment.plan", [("state", "=", "confirmed")])
    aaa = _rating(credituser, "AAA")
    for context in CONTEXTS:
        for model, record_id, values in (
            ("crm.credit.evaluation", evaluation, {"state": "approved"}),
            ("crm.credit.evaluation", evaluation, {"rating_id": aaa, "total_score": 99.0}),
            ("crm.credit.extension", extension, {"state": "approved"}),
            ("crm.credit.extension", extension, {"approver_id": credituser.uid}),
            ("crm.credit.repayment.plan", plan, {"state": "done"}),
        ):
            _refused(
                credituser,
                model,
                record_id,
                "write",
                values,
                context=context,
                match=ONLY_THROUGH,
                fnames=("state", *values),
            )


def test_manager_cannot_rewrite_the_requester_then_approve(users):
    credit, credituser = users["credit"], users["credituser"]
    customer = _demo_id(credit, "res.partner", [("credit_limit", ">", 0)])
    request = credit(
        "crm.credit.limit.request",
        "create",
        {"partner_id": customer, "requested_limit": 90000.0, "reason": "RPC test"},
    )
    try:
        for context in CONTEXTS:
            _refused(
                credit,
                "crm.credit.limit.request",
                request,
                "write",
                {"requested_by": credituser.uid},
                context=context,
                match=ONLY_THROUGH,
                fnames=("requested_by",),
            )
        with pytest.raises(xmlrpc.client.Fault, match=ONLY_THROUGH):
            credit(
                "crm.credit.limit.request",
                "create",
                {
                    "partner_id": customer,
                    "requested_limit": 90000.0,
                    "reason": "RPC test",
                    "requested_by": credituser.uid,
                },
            )
        credit("crm.credit.limit.request", "action_submit", [request])
        _refused(
            credit,
            "crm.credit.limit.request",
            request,
            "action_approve",
            match="You cannot approve your own request",
        )
        _refused(
            credit,
            "crm.credit.limit.request",
            request,
            "write",
            {"state": "approved", "approver_id": credituser.uid},
            context=NO_TRACKING,
            match=ONLY_THROUGH,
            fnames=("state", "approver_id"),
        )
    finally:
        credit("crm.credit.limit.request", "action_cancel", [request])
        credit("crm.credit.limit.request", "unlink", [request])


def test_blocked_invoice_not_posted_by_writing(users):
    credit = users["credit"]
    invoice = _invoice(credit, _blocked_customer(credit))
    try:
        for context in CONTEXTS:
            _refused(
                credit,
                "account.move",
                invoice,
                "write",
                {"state": "posted"},
                context=context,
                match="cannot be posted because of the customer's credit",
            )
            _refused(
                credit,
                "account.move",
                invoice,
                "action_post",
                context=context,
                match="which blocks invoicing",
            )
        assert not credit("crm.credit.override.log", "search", [("move_id", "=", invoice)])
    finally:
        credit("account.move", "unlink", [invoice])


def test_override_lapses_when_the_amount_is_raised(users):
    credit = users["credit"]
    invoice = _invoice(credit, _blocked_customer(credit))
    try:
        credit(
            "account.move",
            "write",
            [invoice],
            {"credit_override": True, "credit_override_reason": "Prepaid (RPC test)"},
        )
        row = _read(credit, "account.move", invoice, ["invoice_line_ids", "credit_override_amount"])
        assert row["credit_override_amount"] == 100.0
        # Nobody writes what the override was granted for.
        _refused(
            credit,
            "account.move",
            invoice,
            "write",
            {"credit_override_amount": 10000000.0},
            match="never by editing the invoice",
            fnames=("credit_override_amount",),
        )
        credit(
            "account.move",
            "write",
            [invoice],
            {"invoice_line_ids": [(1, row["invoice_line_ids"][0], {"price_unit": 10000000.0})]},
            context=NO_TRACKING,
        )
        for method, args in (("write", ({"state": "posted"},)), ("action_post", ())):
            _refused(
                credit,
                "account.move",
                invoice,
                method,
                *args,
                context=NO_TRACKING,
                match="override it again",
            )
        assert not credit("crm.credit.override.log", "search", [("move_id", "=", invoice)])
    finally:
        credit("account.move", "unlink", [invoice])


def test_logs_cannot_be_forged(users):
    credit = users["credit"]
    customer = _blocked_customer(credit)
    history = _demo_id(credit, "crm.credit.rating.history", [("partner_id", "=", customer)])
    override = _demo_id(credit, "crm.credit.override.log", [])
    aaa = _rating(credit, "AAA")
    for context in CONTEXTS:
        _refused(
            credit,
            "crm.credit.rating.history",
            history,
            "write",
            {"new_rating_id": aaa},
            context=context,
            match=ONLY_THROUGH,
            fnames=("new_rating_id",),
        )
        _refused(
            credit,
            "crm.credit.override.log",
            override,
            "write",
            {"reason": "Forged", "amount": 1.0},
            context=context,
            match=ONLY_THROUGH,
            fnames=("reason", "amount"),
        )
        with pytest.raises(xmlrpc.client.Fault, match=ONLY_THROUGH):
            credit(
                "crm.credit.rating.history",
                "create",
                {"partner_id": customer, "new_rating_id": aaa, "user_id": credit.uid},
                context=context,
            )
