"""organizations_organization driven through main() against a Stubber-validated client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import organizations_organization

ORG = {
    "Id": "o-exampleorg1",
    "Arn": "arn:aws:organizations::111111111111:organization/o-exampleorg1",
    "FeatureSet": "ALL",
    "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-exampleorg1/111111111111",
    "MasterAccountId": "111111111111",
    "MasterAccountEmail": "mgmt@example.com",
}
ROOT = {"Id": "r-ab12", "Arn": "arn:aws:organizations::111111111111:root/o-exampleorg1/r-ab12", "Name": "Root"}


@pytest.fixture
def org(aws_client):
    return aws_client("organizations")


@pytest.fixture
def stub(org):
    return org[1]


@pytest.fixture
def run(run_module, org):
    def run_(args, **kw):
        return run_module(organizations_organization.main, args, client=org[0], **kw)

    return run_


def expect_read(stub, org=None, policy_types=(), services=()):
    org = org or ORG
    stub.add_response("describe_organization", {"Organization": org}, {})
    types = [{"Type": t, "Status": "ENABLED"} for t in policy_types]
    stub.add_response("list_roots", {"Roots": [dict(ROOT, PolicyTypes=types)]}, {})
    if org["FeatureSet"] == "ALL":
        enabled = [{"ServicePrincipal": s} for s in services]
        stub.add_response("list_aws_service_access_for_organization", {"EnabledServicePrincipals": enabled}, {})


def expect_no_org(stub):
    stub.add_client_error("describe_organization", "AWSOrganizationsNotInUseException", expected_params={})


ARGS = {
    "enabled_policy_types": ["SERVICE_CONTROL_POLICY", "TAG_POLICY"],
    "trusted_services": ["guardduty.amazonaws.com"],
}


def test_create_with_policy_types_and_services(stub, run):
    expect_no_org(stub)
    stub.add_response("create_organization", {"Organization": ORG}, {"FeatureSet": "ALL"})
    expect_read(stub)
    for policy_type in ("SERVICE_CONTROL_POLICY", "TAG_POLICY"):
        stub.add_response("enable_policy_type", {"Root": ROOT}, {"RootId": "r-ab12", "PolicyType": policy_type})
    stub.add_response("enable_aws_service_access", {}, {"ServicePrincipal": "guardduty.amazonaws.com"})
    expect_read(stub, policy_types=("SERVICE_CONTROL_POLICY", "TAG_POLICY"), services=("guardduty.amazonaws.com",))
    result = run(ARGS, diff=True)
    assert result["changed"] and not result["failed"]
    organization = result["organization"]
    assert organization["id"] == "o-exampleorg1" and organization["root_id"] == "r-ab12"
    assert organization["enabled_policy_types"] == ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]
    assert organization["trusted_services"] == ["guardduty.amazonaws.com"]
    assert result["diff"]["before"] == {}


def test_noop(stub, run):
    expect_read(stub, policy_types=("TAG_POLICY", "SERVICE_CONTROL_POLICY"), services=("guardduty.amazonaws.com",))
    result = run(ARGS)
    assert not result["changed"] and result["organization"]["master_account_email"] == "mgmt@example.com"


def test_unset_options_leave_settings_alone(stub, run):
    expect_read(stub, policy_types=("BACKUP_POLICY",), services=("sso.amazonaws.com",))
    assert not run({})["changed"]


def test_purge(stub, run):
    expect_read(stub, policy_types=("SERVICE_CONTROL_POLICY", "BACKUP_POLICY"), services=("sso.amazonaws.com",))
    stub.add_response("enable_policy_type", {"Root": ROOT}, {"RootId": "r-ab12", "PolicyType": "TAG_POLICY"})
    stub.add_response("disable_policy_type", {"Root": ROOT}, {"RootId": "r-ab12", "PolicyType": "BACKUP_POLICY"})
    stub.add_response("enable_aws_service_access", {}, {"ServicePrincipal": "guardduty.amazonaws.com"})
    stub.add_response("disable_aws_service_access", {}, {"ServicePrincipal": "sso.amazonaws.com"})
    expect_read(stub, policy_types=("SERVICE_CONTROL_POLICY", "TAG_POLICY"), services=("guardduty.amazonaws.com",))
    result = run(dict(ARGS, purge_policy_types=True, purge_trusted_services=True), diff=True)
    assert result["changed"]
    assert result["diff"]["before"]["enabled_policy_types"] == ["BACKUP_POLICY", "SERVICE_CONTROL_POLICY"]
    assert result["diff"]["after"]["trusted_services"] == ["guardduty.amazonaws.com"]


def test_without_purge_only_adds(stub, run):
    expect_read(
        stub,
        policy_types=("SERVICE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY"),
        services=("sso.amazonaws.com", "guardduty.amazonaws.com"),
    )
    assert not run(ARGS)["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    expect_read(stub)
    result = run(ARGS, check_mode=True)
    assert result["changed"]
    assert result["organization"]["enabled_policy_types"] == ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]
    assert result["organization"]["trusted_services"] == ["guardduty.amazonaws.com"]


def test_check_mode_create_predicts(stub, run):
    expect_no_org(stub)
    result = run(ARGS, check_mode=True)
    assert result["changed"] and result["organization"]["feature_set"] == "ALL"
    assert result["organization"]["enabled_policy_types"] == ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]


def test_upgrade_to_all_features(stub, run):
    billing = dict(ORG, FeatureSet="CONSOLIDATED_BILLING")
    expect_read(stub, org=billing)
    stub.add_response(
        "list_handshakes_for_organization", {"Handshakes": []}, {"Filter": {"ActionType": "ENABLE_ALL_FEATURES"}}
    )
    handshake = {"Id": "h-0123456789abcdef0123456789abcdef", "State": "OPEN", "Action": "ENABLE_ALL_FEATURES"}
    stub.add_response("enable_all_features", {"Handshake": handshake}, {})
    expect_read(stub, org=billing)  # members have not accepted yet
    result = run({})
    assert result["changed"] and result["handshake"]["state"] == "OPEN"


def test_open_handshake_is_not_repeated(stub, run):
    expect_read(stub, org=dict(ORG, FeatureSet="CONSOLIDATED_BILLING"))
    handshake = {"Id": "h-0123456789abcdef0123456789abcdef", "State": "OPEN", "Action": "ENABLE_ALL_FEATURES"}
    stub.add_response(
        "list_handshakes_for_organization",
        {"Handshakes": [handshake]},
        {"Filter": {"ActionType": "ENABLE_ALL_FEATURES"}},
    )
    result = run({})
    assert not result["changed"] and result["handshake"]["id"] == handshake["Id"]


def test_policy_types_need_all_features(stub, run):
    expect_read(stub, org=dict(ORG, FeatureSet="CONSOLIDATED_BILLING"))
    result = run({"feature_set": "CONSOLIDATED_BILLING", "enabled_policy_types": ["TAG_POLICY"]})
    assert result["failed"] and "needs feature_set=ALL" in result["msg"]


def test_downgrade_fails(stub, run):
    expect_read(stub)
    result = run({"feature_set": "CONSOLIDATED_BILLING"})
    assert result["failed"] and "cannot go back to CONSOLIDATED_BILLING" in result["msg"]


def test_bad_policy_type_is_rejected_before_any_call(run_module):
    result = run_module(organizations_organization.main, {"enabled_policy_types": ["SCP"]})
    assert result["failed"] and "enabled_policy_types" in result["msg"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_delete_refused_with_members(stub, run, check_mode):
    expect_read(stub)
    accounts = [
        {"Id": "111111111111", "Name": "mgmt", "Status": "ACTIVE"},
        {"Id": "222222222222", "Name": "prod", "Status": "ACTIVE"},
    ]
    stub.add_response("list_accounts", {"Accounts": accounts}, {})
    result = run({"state": "absent"}, check_mode=check_mode)
    assert result["failed"]
    assert "still has 1 member account(s): 222222222222 (prod, ACTIVE)" in result["msg"]


def test_delete(stub, run):
    expect_read(stub)
    stub.add_response("list_accounts", {"Accounts": [{"Id": "111111111111", "Name": "mgmt"}]}, {})
    stub.add_response("delete_organization", {}, {})
    result = run({"state": "absent"}, diff=True)
    assert result["changed"] and result["organization"] == {} and result["diff"]["before"]["id"] == "o-exampleorg1"


def test_delete_in_check_mode_makes_no_write_call(stub, run):
    expect_read(stub)
    stub.add_response("list_accounts", {"Accounts": [{"Id": "111111111111", "Name": "mgmt"}]}, {})
    assert run({"state": "absent"}, check_mode=True)["changed"]


def test_absent_without_organization_is_a_noop(stub, run):
    expect_no_org(stub)
    assert not run({"state": "absent"})["changed"]
