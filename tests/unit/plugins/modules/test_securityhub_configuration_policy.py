"""securityhub_configuration_policy through main() against a Stubber-validated Security Hub client."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import securityhub_configuration_policy as module

PID = "a1b2c3d4-5678-90ab-cdef-example11111"
ARN = f"arn:aws:securityhub:us-east-1:123456789012:configuration-policy/{PID}"
AT = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0"
STANDARDS = [{"StandardsArn": FSBP, "Name": "FSBP"}, {"StandardsArn": CIS, "Name": "CIS 3"}]
OU = "ou-abcd-11111111"
CONFIG = {
    "SecurityHub": {
        "ServiceEnabled": True,
        "EnabledStandardIdentifiers": [FSBP, CIS],
        "SecurityControlsConfiguration": {"DisabledSecurityControlIdentifiers": ["IAM.6"]},
    }
}
POLICY = {
    "Arn": ARN,
    "Id": PID,
    "Name": "baseline",
    "Description": "d",
    "UpdatedAt": AT,
    "CreatedAt": AT,
    "ConfigurationPolicy": CONFIG,
}
ARGS = {
    "name": "baseline",
    "description": "d",
    "enabled_standards": ["aws-foundational-security-best-practices/v/1.0.0", CIS],
    "disabled_security_controls": ["IAM.6"],
    "associations": [OU],
}


@pytest.fixture
def sh(aws_client):
    return aws_client("securityhub")


@pytest.fixture
def stub(sh):
    return sh[1]


@pytest.fixture
def run(run_module, sh):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(module.main, merged, client=sh[0], **kw)

    return run_


def expect_standards(stub):
    stub.add_response("describe_standards", {"Standards": STANDARDS}, {})


def expect_read(stub, policy="default", targets=(OU,), tags=None):
    policy = POLICY if policy == "default" else policy
    summaries = [{"Arn": ARN, "Id": PID, "Name": "baseline"}] if policy else []
    stub.add_response("list_configuration_policies", {"ConfigurationPolicySummaries": summaries}, {})
    if not policy:
        return
    stub.add_response("get_configuration_policy", policy, {"Identifier": PID})
    applied = [{"ConfigurationPolicyId": PID, "TargetId": t, "AssociationType": "APPLIED"} for t in targets]
    stub.add_response(
        "list_configuration_policy_associations",
        {"ConfigurationPolicyAssociationSummaries": applied},
        {"Filters": {"ConfigurationPolicyId": PID, "AssociationType": "APPLIED"}},
    )
    stub.add_response("list_tags_for_resource", {"Tags": tags or {}}, {"ResourceArn": ARN})


def test_create_and_associate(stub, run):
    expect_standards(stub)
    expect_read(stub, None)
    stub.add_response(
        "create_configuration_policy", POLICY, {"Name": "baseline", "Description": "d", "ConfigurationPolicy": CONFIG}
    )
    stub.add_response(
        "start_configuration_policy_association",
        {
            "ConfigurationPolicyId": PID,
            "TargetId": OU,
            "TargetType": "ORGANIZATIONAL_UNIT",
            "AssociationStatus": "PENDING",
        },
        {"ConfigurationPolicyIdentifier": PID, "Target": {"OrganizationalUnitId": OU}},
    )
    expect_read(stub)
    result = run(diff=True)
    policy = result["configuration_policy"]
    assert result["changed"] and policy["id"] == PID and policy["associations"] == [OU]
    assert policy["enabled_standards"] == [FSBP, CIS] and policy["disabled_security_controls"] == ["IAM.6"]


def test_noop(stub, run):
    expect_standards(stub)
    expect_read(stub, targets=(OU, "222222222222"))  # an unlisted target is left alone without purge
    assert not run()["changed"]


def test_update_policy_and_purge_associations(stub, run):
    expect_standards(stub)
    expect_read(stub, targets=(OU, "222222222222"))
    config = {
        "SecurityHub": {
            "ServiceEnabled": True,
            "EnabledStandardIdentifiers": [FSBP, CIS],
            "SecurityControlsConfiguration": {"EnabledSecurityControlIdentifiers": ["IAM.1"]},
        }
    }
    stub.add_response(
        "update_configuration_policy",
        dict(POLICY, ConfigurationPolicy=config),
        {"Identifier": PID, "ConfigurationPolicy": config, "Description": "d"},
    )
    stub.add_response(
        "start_configuration_policy_disassociation",
        {},
        {"ConfigurationPolicyIdentifier": PID, "Target": {"AccountId": "222222222222"}},
    )
    expect_read(stub, dict(POLICY, ConfigurationPolicy=config))
    args = {"disabled_security_controls": None, "enabled_security_controls": ["IAM.1"], "purge_associations": True}
    result = run(args, diff=True)
    assert result["changed"] and result["configuration_policy"]["enabled_security_controls"] == ["IAM.1"]
    assert result["diff"]["before"]["associations"] == ["222222222222", OU]


def test_delete_disassociates_first(stub, run):
    expect_read(stub)
    stub.add_response(
        "start_configuration_policy_disassociation",
        {},
        {"ConfigurationPolicyIdentifier": PID, "Target": {"OrganizationalUnitId": OU}},
    )
    stub.add_response("delete_configuration_policy", {}, {"Identifier": PID})
    result = run({"state": "absent"})
    assert result["changed"] and result["configuration_policy"] == {}


def test_check_mode_makes_no_write(stub, run):
    expect_standards(stub)
    expect_read(stub, None)
    result = run(check_mode=True)
    assert (
        result["changed"]
        and result["configuration_policy"]["associations"] == [OU]
        and "id" not in result["configuration_policy"]
    )
    expect_standards(stub)
    expect_read(stub)
    result = run({"enabled_security_controls": ["IAM.1"], "disabled_security_controls": None}, check_mode=True)
    assert result["changed"] and "disabled_security_controls" not in result["configuration_policy"]


def test_unknown_standard(stub, run):
    expect_standards(stub)
    result = run({"enabled_standards": ["pci-dss/v/9"]})
    assert result["failed"] and "pci-dss/v/9 is not offered" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"disabled_security_controls": ["IAM 6"]}, "not security control ids"),
        ({"associations": ["workloads"]}, "not an account id, OU id"),
        ({"service_enabled": False}, "service_enabled=false takes no enabled_standards"),
        ({"enabled_security_controls": ["IAM.1"]}, "mutually exclusive"),
    ],
)
def test_bad_input(run_module, args, message):
    result = run_module(module.main, dict(ARGS, **args))
    assert result["failed"] and message in result["msg"]
