"""guardduty_organization_admin and securityhub_organization_admin through main() against Stubber-validated
clients: the same behaviour, each in its service's spelling (delegated_admin.py)."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import guardduty_organization_admin
from ansible_collections.prodgrade.aws.plugins.modules import securityhub_organization_admin

AUDIT = "222222222222"
REGIONS = ["us-east-1", "eu-west-1"]

# service, module, (id key, status key) of ListOrganizationAdminAccounts, (id, status) of the module's result
SERVICES = {
    "guardduty": (
        guardduty_organization_admin,
        ("AdminAccountId", "AdminStatus"),
        ("admin_account_id", "admin_status"),
    ),
    "securityhub": (securityhub_organization_admin, ("AccountId", "Status"), ("account_id", "status")),
}


@pytest.fixture(params=sorted(SERVICES))
def service(request):
    return request.param


@pytest.fixture
def module(service):
    return SERVICES[service][0]


@pytest.fixture
def result_keys(service):
    return SERVICES[service][2]


@pytest.fixture
def api(aws_client, service):
    return aws_client(service)


@pytest.fixture
def admins(service):
    id_key, status_key = SERVICES[service][1]

    def listed(stub, *ids, status="ENABLED"):
        accounts = [{id_key: i, status_key: status} for i in ids]
        stub.add_response("list_organization_admin_accounts", {"AdminAccounts": accounts}, {})

    return listed


@pytest.fixture
def run(run_module, api, module):
    return lambda args=None, **kw: run_module(
        module.main, dict({"admin_account_id": AUDIT}, **(args or {})), client=api[0], **kw
    )


def test_enable(api, run, admins, result_keys):
    admins(api[1])
    api[1].add_response("enable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    result = run(diff=True)
    assert result["changed"] and result["admin_account"] == {result_keys[0]: AUDIT, result_keys[1]: "ENABLED"}
    assert result["diff"]["before"] == {}


def test_noop(api, run, admins):
    admins(api[1], AUDIT)
    assert not run()["changed"]


def test_reenable_while_disable_in_progress(api, run, admins):
    admins(api[1], AUDIT, status="DISABLE_IN_PROGRESS")
    api[1].add_response("enable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    assert run()["changed"]


def test_other_admin_fails_without_a_write(api, run, admins):
    admins(api[1], "333333333333")
    result = run()
    assert result["failed"] and "333333333333" in result["msg"] and "state=absent" in result["msg"]


def test_disable(api, run, admins):
    admins(api[1], AUDIT)
    api[1].add_response("disable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    result = run({"state": "absent"})
    assert result["changed"] and result["admin_account"] == {}


def test_disable_when_not_admin(api, run, admins):
    admins(api[1])
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write(api, run, admins, result_keys):
    admins(api[1])
    result = run(check_mode=True)
    assert result["changed"] and result["admin_account"][result_keys[0]] == AUDIT
    admins(api[1], AUDIT)
    assert run({"state": "absent"}, check_mode=True)["changed"]


def test_bad_account_id(run_module, module):
    result = run_module(module.main, {"admin_account_id": "audit"})
    assert result["failed"] and "admin_account_id must be a 12-digit account id" in result["msg"]


# ------------------------------------------------------------------ regions: one run, every region


def test_regions_delegation_missing_in_one_region_is_made_there_only(run_module, aws_client, service, module, admins):
    by_region = {region: aws_client(service, region=region) for region in REGIONS}
    admins(by_region["us-east-1"][1], AUDIT)
    admins(by_region["eu-west-1"][1])
    by_region["eu-west-1"][1].add_response("enable_organization_admin_account", {}, {"AdminAccountId": AUDIT})
    clients = {r: c for r, (c, _stub) in by_region.items()}
    result = run_module(module.main, {"admin_account_id": AUDIT, "regions": REGIONS}, client=clients)
    assert result["changed"] and "admin_account" not in result
    assert all(r["admin_account"] for r in result["regions"].values())


def test_regions_check_mode_makes_no_write(run_module, aws_client, service, module, admins):
    by_region = {region: aws_client(service, region=region) for region in REGIONS}
    admins(by_region["us-east-1"][1])
    admins(by_region["eu-west-1"][1], AUDIT)
    clients = {r: c for r, (c, _stub) in by_region.items()}
    args = {"admin_account_id": AUDIT, "regions": REGIONS}
    result = run_module(module.main, args, client=clients, check_mode=True)
    assert result["changed"] and result["regions"]["us-east-1"]["admin_account"]
