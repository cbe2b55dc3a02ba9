"""Detailed profiles through an external client: customer service only."""

import xmlrpc.client

import pytest


def _login(rpc, login):
    uid = rpc["common"].authenticate(rpc["db"], login, login, {})
    assert uid, login

    def call(model, method, *args, **kwargs):
        return rpc["object"].execute_kw(rpc["db"], uid, login, model, method, list(args), kwargs)

    return call


@pytest.fixture
def wang_lei(rpc):
    admin = _login(rpc, "admin")
    [partner_id] = admin("res.partner", "search", [("name", "=", "Wang Lei")])
    return partner_id


@pytest.mark.parametrize("field", ["birthday", "hobbies", "resident_id", "family_member_ids"])
def test_salesperson_cannot_read_profile_fields(rpc, wang_lei, field):
    sales = _login(rpc, "sales")
    with pytest.raises(xmlrpc.client.Fault, match=r"AccessError|not have enough rights"):
        sales("res.partner", "read", [wang_lei], fields=[field])


@pytest.mark.parametrize("domain", [[("hobbies", "!=", False)], [("birthday", "!=", False)]])
def test_salesperson_cannot_search_profile_fields(rpc, domain):
    sales = _login(rpc, "sales")
    with pytest.raises(xmlrpc.client.Fault, match=r"AccessError|not have enough rights"):
        sales("res.partner", "search", domain)


def test_salesperson_cannot_group_or_export_profile_fields(rpc, wang_lei):
    sales = _login(rpc, "sales")
    with pytest.raises(xmlrpc.client.Fault, match=r"AccessError|not have enough rights"):
        sales("res.partner", "read_group", [], ["gender"], ["gender"])
    # Salespeople have no export right at all; the field would be refused too.
    with pytest.raises(xmlrpc.client.Fault, match="rights"):
        sales("res.partner", "export_data", [wang_lei], ["hobbies"])


def test_salesperson_reads_grade_and_lifecycle(rpc, wang_lei):
    sales = _login(rpc, "sales")
    [row] = sales("res.partner", "read", [wang_lei], fields=["name", "grade_id", "customer_state"])
    assert row["name"] == "Wang Lei"


def test_customer_service_reads_and_writes_profile(rpc, wang_lei):
    service = _login(rpc, "service")
    service("res.partner", "write", [wang_lei], {"hobbies": "围棋, 钓鱼"})
    [row] = service("res.partner", "read", [wang_lei], fields=["hobbies", "family_member_ids"])
    assert row["hobbies"] == "围棋, 钓鱼"


def test_bad_resident_id_rejected_over_rpc(rpc, wang_lei):
    service = _login(rpc, "service")
    with pytest.raises(xmlrpc.client.Fault, match="not a valid resident ID number"):
        service("res.partner", "write", [wang_lei], {"resident_id": "110105198503121235"})
    [row] = service("res.partner", "read", [wang_lei], fields=["resident_id"])
    assert row["resident_id"] != "110105198503121235"


@pytest.mark.parametrize(
    "login",
    ["admin", "sales", "service", "archivist", "manager", "credit", "credituser", "marketing"],
)
def test_every_role_duplicates_a_contact_without_its_personal_data(rpc, login):
    """Duplicate, as the contact form's action menu does; the copy is a new contact
    without the profile, sensitive data, consents or computed scores of the original
    (沈国华 gave no sensitive consent)."""
    admin = _login(rpc, "admin")
    names = ["Wang Lei", "沈国华", "Hangzhou Jiahe Home Appliances Co., Ltd."]
    partner_ids = admin("res.partner", "search", [("name", "in", names)])
    assert len(partner_ids) == 3
    user = _login(rpc, login)
    copy_ids = user("res.partner", "copy", partner_ids)
    try:
        profile = ["birthday", "resident_id", "health_status", "income_range", "hobbies"]
        profile += ["staff_count", "annual_turnover", "consent_sensitive", "rfm_segment_id"]
        originals = admin("res.partner", "read", partner_ids, fields=profile)
        copies = admin("res.partner", "read", copy_ids, fields=["name", *profile])
        assert all(any(row[f] for f in profile) for row in originals), (
            "demo contacts have a profile"
        )
        assert [row for row in copies if any(row[f] for f in profile)] == []
    finally:
        admin("res.partner", "unlink", copy_ids)
