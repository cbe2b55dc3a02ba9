"""Campaign results, key-account plans and care occasions through an external
client, as the demo users: what only the buttons, the mailing sync and the
conversion measure decide cannot be written, whatever the context says.

Every attack comes back as a fault naming the refused fields and leaves the
records as they were; the one record created here is deleted at the end, so
the tests can run again on the same database.
"""

import re
import xmlrpc.client

import pytest
from suite_stats import STATS

# Context keys a client may send: none of them is a transition.
FORGED = (
    {},
    {"crm_campaign_transition": True},
    {"tracking_disable": True},
    {"install_mode": True},
)


def _login(rpc, login):
    uid = rpc["common"].authenticate(rpc["db"], login, login, {})
    assert uid, login

    def call(model, method, *args, **kwargs):
        return rpc["object"].execute_kw(rpc["db"], uid, login, model, method, list(args), kwargs)

    call.uid = uid
    return call


@pytest.fixture
def users(rpc):
    return {login: _login(rpc, login) for login in ("marketing", "sales", "manager")}


def _one(user, model, domain):
    ids = user(model, "search", domain, limit=1)
    assert ids, (model, domain)
    return ids[0]


def _read(user, model, record_id, fnames):
    [row] = user(model, "read", [record_id], fields=fnames)
    return row


def _refused(user, model, record_id, vals, match, contexts=FORGED):
    """``write`` of ``vals`` fails with ``match`` in every context; nothing changed."""
    before = _read(user, model, record_id, list(vals))
    for context in contexts:
        STATS["protected_writes"] += 1
        STATS["context_keys"] += bool(context)
        try:
            user(model, "write", [record_id], vals, context=context)
        except xmlrpc.client.Fault as fault:
            assert re.search(match, fault.faultString), fault.faultString
        else:
            STATS["protected_accepted"] += 1
            STATS["context_honoured"] += bool(context)
            pytest.fail(f"{model} {record_id}: {vals} accepted with {context}")
    assert _read(user, model, record_id, list(vals)) == before


def test_member_revenue_and_contact_date_are_measured(users):
    marketing = users["marketing"]
    campaign = _one(marketing, "crm.campaign", [("name", "=", "Mid-Autumn Key Account Visits")])
    member = _one(
        marketing,
        "crm.campaign.member",
        [("campaign_id", "=", campaign), ("contact_date", "!=", False)],
    )
    figures = ["state", "revenue", "conversion_count", "roi", "response_rate"]
    before = _read(marketing, "crm.campaign", campaign, figures)
    _refused(
        marketing,
        "crm.campaign.member",
        member,
        {"revenue": 5_000_000},
        "Campaign Member: Revenue change only through",
    )
    _refused(
        marketing,
        "crm.campaign.member",
        member,
        {"contact_date": "2000-01-01"},
        "Campaign Member: Contacted On change only through",
    )
    _refused(
        marketing,
        "crm.campaign.member",
        member,
        {"status": "converted", "conversion_date": "2000-01-02"},
        "Converted On, Status change only through",
        contexts=FORGED[:2],
    )
    # Through the campaign's list of members as well.
    with pytest.raises(xmlrpc.client.Fault, match="Revenue change only through"):
        marketing(
            "crm.campaign",
            "write",
            [campaign],
            {"member_ids": [(1, member, {"revenue": 5_000_000})]},
        )
    assert _read(marketing, "crm.campaign", campaign, figures) == before


def test_member_created_with_results_is_refused(users):
    marketing = users["marketing"]
    campaign = _one(marketing, "crm.campaign", [("state", "=", "plan")])
    partner = _one(marketing, "res.partner", [("is_company", "=", True)])
    count = marketing("crm.campaign.member", "search_count", [("campaign_id", "=", campaign)])
    for vals, match in (
        ({"status": "converted"}, "Campaign Member: Status change only through"),
        ({"revenue": 1_000_000, "contact_date": "2000-01-01"}, "Contacted On, Revenue"),
    ):
        with pytest.raises(xmlrpc.client.Fault, match=match):
            marketing(
                "crm.campaign.member",
                "create",
                {"campaign_id": campaign, "partner_id": partner, **vals},
                context={"crm_campaign_transition": True},
            )
    assert (
        marketing("crm.campaign.member", "search_count", [("campaign_id", "=", campaign)]) == count
    )


def test_campaign_state_and_figures_only_through_buttons(users):
    for login in ("marketing", "manager"):
        user = users[login]
        campaign = _one(user, "crm.campaign", [("state", "=", "evaluated")])
        for vals, match in (
            ({"state": "plan"}, "Customer Campaign: Status change only through"),
            ({"revenue": 5_000_000, "roi": 99.0}, "Revenue, ROI change only through"),
            ({"evaluated_by_id": user.uid}, "Evaluated By change only through"),
        ):
            _refused(user, "crm.campaign", campaign, vals, match)


def test_account_plan_approved_only_by_its_button(users):
    manager, sales = users["manager"], users["sales"]
    plan = _one(manager, "crm.account.plan", [("state", "=", "shared")])
    # The executive sponsor himself cannot skip the button.
    _refused(
        manager,
        "crm.account.plan",
        plan,
        {"state": "approved", "approved_by_id": manager.uid, "approved_date": "2026-01-01"},
        "Key-Account Plan: Approved By, Approved Date, Status change only through",
    )
    # A salesperson updates his own action through its buttons, not by writing.
    action = _one(
        sales,
        "crm.account.plan.action",
        [("owner_id", "=", sales.uid), ("status", "=", "todo")],
    )
    _refused(
        sales,
        "crm.account.plan.action",
        action,
        {"status": "done"},
        "Key-Account Plan Action: Status change only through",
    )
    _refused(
        sales,
        "crm.account.plan.action",
        action,
        {"done_date": "2026-01-01"},
        "Done Date change only through",
        contexts=FORGED[:1],
    )


def test_care_occasion_done_only_through_its_buttons(users):
    marketing, manager = users["marketing"], users["manager"]
    done = _one(marketing, "crm.care.occasion", [("state", "=", "done")])
    _refused(
        marketing,
        "crm.care.occasion",
        done,
        {"state": "planned", "done_date": False},
        "Customer Care Occasion: Done Date, Status change only through",
    )
    # Birthday occasions are customer service's: the campaign user's are holidays.
    [rule] = marketing("crm.care.rule", "search", [("occasion_type", "=", "holiday")], limit=1)
    partner = _one(marketing, "res.partner", [("is_company", "=", False)])
    with pytest.raises(xmlrpc.client.Fault, match="Status change only through"):
        marketing(
            "crm.care.occasion",
            "create",
            {
                "rule_id": rule,
                "partner_id": partner,
                "occasion_date": "2090-05-01",
                "state": "done",
            },
        )
    occasion = marketing(
        "crm.care.occasion",
        "create",
        {"rule_id": rule, "partner_id": partner, "occasion_date": "2090-05-01"},
    )
    try:
        # The context the job's runner sets, sent by a client: no authority.
        forged_cron = ({"cron_id": 1}, {"cron_id": 1, "ir_cron_progress_id": 1})
        _refused(
            marketing,
            "crm.care.occasion",
            occasion,
            {"state": "done", "mail_sent": True},
            "Email Sent, Status change only through",
            contexts=FORGED + forged_cron,
        )
        # The daily job is no method a client can call, whatever its context.
        with pytest.raises(xmlrpc.client.Fault, match="Private methods"):
            marketing("crm.care.occasion", "_cron_create_occasions", context=forged_cron[0])
    finally:
        manager("crm.care.occasion", "unlink", [occasion])
