"""guardduty_organization_admin through main() against a Stubber-validated GuardDuty client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import guardduty_organization_admin

AUDIT = "222222222222"


@pytest.fixture
def gd(aws_client):
    return aws_client("guardduty")


@pytest.fixture
def run(run_module, gd):
    return lambda args=None, **kw: run_module(
        guardduty_organization_admin.main, dict({"admin_account_id": AUDIT}, **(args or {})), client=gd[0], **kw
    )


def admins(stub, *ids, status="ENABLED"):
    stub.add_response(
        "list_organization_admin_accounts",
        {"AdminAccounts": [{"AdminAccountId": i, "AdminStatus": status} for i in ids]},
        {},
    )


def test_enable(gd, run):
    admins(gd[1])
    gd[1].add_response("enable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    result = run(diff=True)
    assert result["changed"] and result["admin_account"] == {"admin_account_id": AUDIT, "admin_status": "ENABLED"}
    assert result["diff"]["before"] == {}


def test_noop(gd, run):
    admins(gd[1], AUDIT)
    assert not run()["changed"]


def test_reenable_while_disable_in_progress(gd, run):
    admins(gd[1], AUDIT, status="DISABLE_IN_PROGRESS")
    gd[1].add_response("enable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    assert run()["changed"]


def test_other_admin_fails_without_a_write(gd, run):
    admins(gd[1], "333333333333")
    result = run()
    assert result["failed"] and "333333333333" in result["msg"] and "state=absent" in result["msg"]


def test_disable(gd, run):
    admins(gd[1], AUDIT)
    gd[1].add_response("disable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    result = run({"state": "absent"})
    assert result["changed"] and result["admin_account"] == {}


def test_disable_when_not_admin(gd, run):
    admins(gd[1])
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write(gd, run):
    admins(gd[1])
    result = run(check_mode=True)
    assert result["changed"] and result["admin_account"]["admin_account_id"] == AUDIT
    admins(gd[1], AUDIT)
    assert run({"state": "absent"}, check_mode=True)["changed"]


def test_bad_account_id(run_module):
    result = run_module(guardduty_organization_admin.main, {"admin_account_id": "audit"})
    assert result["failed"] and "admin_account_id must be a 12-digit account id" in result["msg"]


# ------------------------------------------------------------------ regions: one run, every region

REGIONS = ["us-east-1", "eu-west-1"]


def test_regions_delegation_missing_in_one_region_is_made_there_only(run_module, aws_client):
    by_region = {region: aws_client("guardduty", region=region) for region in REGIONS}
    admins(by_region["us-east-1"][1], AUDIT)
    admins(by_region["eu-west-1"][1])
    by_region["eu-west-1"][1].add_response("enable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    clients = {r: c for r, (c, _stub) in by_region.items()}
    result = run_module(
        guardduty_organization_admin.main, {"admin_account_id": AUDIT, "regions": REGIONS}, client=clients
    )
    assert result["changed"] and "admin_account" not in result
    assert all(r["admin_account"] for r in result["regions"].values())


def test_regions_check_mode_makes_no_write(run_module, aws_client):
    by_region = {region: aws_client("guardduty", region=region) for region in REGIONS}
    admins(by_region["us-east-1"][1])
    admins(by_region["eu-west-1"][1], AUDIT)
    clients = {r: c for r, (c, _stub) in by_region.items()}
    args = {"admin_account_id": AUDIT, "regions": REGIONS}
    result = run_module(guardduty_organization_admin.main, args, client=clients, check_mode=True)
    assert result["changed"] and result["regions"]["us-east-1"]["admin_account"]
