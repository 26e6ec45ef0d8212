"""controltower_baseline (and _info) driven through main() against a Stubber-validated Control Tower client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import controltower_baseline
from ansible_collections.prodgrade.aws.plugins.modules import controltower_baseline_info

OU = "arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-11111111"
MGMT = "arn:aws:organizations::123456789012:account/o-abcdefghij/123456789012"
CT_BASELINE = "arn:aws:controltower:us-east-1::baseline/17BSJV3IGJ2QSGA2"
IC_BASELINE = "arn:aws:controltower:us-east-1::baseline/LN25R72TTG6IGPTQ"
ENABLED = "arn:aws:controltower:us-east-1:123456789012:enabledbaseline/XAGF7TNOHRD7ES5VV"
IC_ENABLED = "arn:aws:controltower:us-east-1:123456789012:enabledbaseline/XAHCR4CJTSI4W07MZ"
OP = "00000000-0000-4000-8000-000000000001"
CATALOG = [
    {"arn": CT_BASELINE, "name": "AWSControlTowerBaseline", "description": "Registers an OU"},
    {"arn": IC_BASELINE, "name": "IdentityCenterBaseline", "description": "Identity Center"},
]
PARAMS = {"IdentityCenterEnabledBaselineArn": IC_ENABLED}
FILTER = {"filter": {"baselineIdentifiers": [CT_BASELINE], "targetIdentifiers": [OU]}}


def summary(version="4.0"):
    return {
        "arn": ENABLED,
        "baselineIdentifier": CT_BASELINE,
        "baselineVersion": version,
        "targetIdentifier": OU,
        "statusSummary": {"status": "SUCCEEDED"},
    }


def details(version="4.0", parameters=None):
    params = PARAMS if parameters is None else parameters
    return dict(summary(version), parameters=[{"key": k, "value": v} for k, v in params.items()])


@pytest.fixture
def ct(aws_client):
    return aws_client("controltower")


@pytest.fixture
def stub(ct):
    return ct[1]


@pytest.fixture
def run(run_module, ct):
    def run_(args, client=True, main=controltower_baseline.main, **kw):
        if main is controltower_baseline.main:
            args = dict({"baseline_identifier": "AWSControlTowerBaseline", "target_identifier": OU}, **args)
        return run_module(main, args, client=ct[0] if client else None, **kw)

    return run_


def expect_find(stub, found=None, resolve=True):
    if resolve:
        stub.add_response("list_baselines", {"baselines": CATALOG}, {})
    stub.add_response("list_enabled_baselines", {"enabledBaselines": [summary()] if found else []}, FILTER)
    if found:
        stub.add_response(
            "get_enabled_baseline", {"enabledBaselineDetails": found}, {"enabledBaselineIdentifier": ENABLED}
        )


def expect_op(stub, status="SUCCEEDED", op_type="ENABLE_BASELINE", message=None):
    operation = {"operationIdentifier": OP, "operationType": op_type, "status": status}
    if message:
        operation["statusMessage"] = message
    stub.add_response("get_baseline_operation", {"baselineOperation": operation}, {"operationIdentifier": OP})


def test_enable_by_name_with_parameters(stub, run):
    expect_find(stub)
    stub.add_response(
        "enable_baseline",
        {"arn": ENABLED, "operationIdentifier": OP},
        {
            "baselineIdentifier": CT_BASELINE,
            "baselineVersion": "4.0",
            "targetIdentifier": OU,
            "parameters": [{"key": "IdentityCenterEnabledBaselineArn", "value": IC_ENABLED}],
        },
    )
    expect_op(stub)
    expect_find(stub, details(), resolve=False)
    result = run({"baseline_version": "4.0", "parameters": PARAMS}, diff=True)
    assert result["changed"] and not result["failed"]
    assert result["enabled_baseline"]["arn"] == ENABLED
    assert result["enabled_baseline"]["parameters"] == PARAMS
    assert result["operation"]["operation_type"] == "ENABLE_BASELINE"
    assert result["diff"]["before"] == {}


def test_enabled_with_same_version_and_parameters_is_a_noop(stub, run):
    expect_find(stub, details())
    result = run({"baseline_version": "4.0", "parameters": PARAMS})
    assert not result["changed"] and result["operation"] == {}


def test_unset_parameters_are_left_alone(stub, run):
    expect_find(stub, details())
    assert not run({"baseline_version": "4.0"})["changed"]


def test_new_version_updates_and_keeps_parameters(stub, run):
    expect_find(stub, details(version="3.0"))
    stub.add_response(
        "update_enabled_baseline",
        {"operationIdentifier": OP},
        {
            "enabledBaselineIdentifier": ENABLED,
            "baselineVersion": "4.0",
            "parameters": [{"key": "IdentityCenterEnabledBaselineArn", "value": IC_ENABLED}],
        },
    )
    expect_op(stub, op_type="UPDATE_ENABLED_BASELINE")
    expect_find(stub, details(), resolve=False)
    result = run({"baseline_version": "4.0"}, diff=True)
    assert result["changed"] and result["enabled_baseline"]["baseline_version"] == "4.0"
    assert result["diff"]["before"]["baseline_version"] == "3.0"


def test_changed_parameters_update(stub, run):
    expect_find(stub, details(parameters={}))
    stub.add_response(
        "update_enabled_baseline",
        {"operationIdentifier": OP},
        {
            "enabledBaselineIdentifier": ENABLED,
            "baselineVersion": "4.0",
            "parameters": [{"key": "IdentityCenterEnabledBaselineArn", "value": IC_ENABLED}],
        },
    )
    expect_op(stub, op_type="UPDATE_ENABLED_BASELINE")
    expect_find(stub, details(), resolve=False)
    assert run({"parameters": PARAMS})["changed"]


def test_disable(stub, run):
    expect_find(stub, details())
    stub.add_response("disable_baseline", {"operationIdentifier": OP}, {"enabledBaselineIdentifier": ENABLED})
    expect_op(stub, op_type="DISABLE_BASELINE")
    result = run({"state": "absent"})
    assert result["changed"] and result["enabled_baseline"] == {}


def test_check_mode_predicts_without_writing(stub, run):
    expect_find(stub)
    result = run({"baseline_version": "4.0", "parameters": PARAMS}, check_mode=True)
    assert result["changed"]
    assert result["enabled_baseline"]["baseline_version"] == "4.0"
    assert result["enabled_baseline"]["parameters"] == PARAMS
    assert "arn" not in result["enabled_baseline"]


def test_failed_operation_is_reported_with_its_message(stub, run):
    expect_find(stub)
    stub.add_response(
        "enable_baseline",
        {"arn": ENABLED, "operationIdentifier": OP},
        {"baselineIdentifier": CT_BASELINE, "baselineVersion": "4.0", "targetIdentifier": OU},
    )
    expect_op(stub, status="FAILED", message="IdentityCenterEnabledBaselineArn is required")
    result = run({"baseline_version": "4.0"})
    assert result["failed"] and "IdentityCenterEnabledBaselineArn is required" in result["msg"]
    assert result["operation"]["status"] == "FAILED"


def test_unknown_baseline_name(stub, run):
    stub.add_response("list_baselines", {"baselines": CATALOG}, {})
    result = run({"baseline_identifier": "NoSuchBaseline", "baseline_version": "1.0"})
    assert result["failed"] and "No Control Tower baseline named 'NoSuchBaseline'" in result["msg"]


def test_enable_needs_a_version(stub, run):
    expect_find(stub)
    result = run({})
    assert result["failed"] and result["msg"] == "baseline_version is required to enable the baseline"


@pytest.mark.parametrize(
    "args, message",
    [
        ({"target_identifier": "ou-ab12-11111111"}, "target_identifier must be an organizational unit ARN"),
        ({"baseline_identifier": "baseline/17BSJV3IGJ2QSGA2"}, "baseline_identifier must be a baseline ARN"),
        (
            {"baseline_identifier": "arn:aws:controltower:us-east-1::baseline/17bsjv3igj2qsga2"},
            "baseline_identifier must be a baseline ARN",
        ),
        (
            {"target_identifier": "arn:aws:organizations::123456789012:account/o-abcdefghij/210987654321"},
            "target_identifier must be an organizational unit ARN",
        ),
        ({"baseline_version": "v4"}, "baseline_version must look like 4.0"),
    ],
)
def test_bad_input_fails_before_any_api_call(run, args, message):
    result = run(args, client=False)
    assert result["failed"] and message in result["msg"]


def test_info_lists_catalog_and_enabled_baselines_with_names(stub, run):
    stub.add_response("list_baselines", {"baselines": CATALOG}, {})
    stub.add_response("list_baselines", {"baselines": CATALOG}, {})
    ic = {
        "arn": IC_ENABLED,
        "baselineIdentifier": IC_BASELINE,
        "baselineVersion": "1.0",
        "targetIdentifier": MGMT,
        "statusSummary": {"status": "SUCCEEDED"},
    }
    stub.add_response(
        "list_enabled_baselines", {"enabledBaselines": [ic]}, {"filter": {"baselineIdentifiers": [IC_BASELINE]}}
    )
    result = run({"baseline_identifier": "IdentityCenterBaseline"}, main=controltower_baseline_info.main)
    assert [b["name"] for b in result["baselines"]] == ["AWSControlTowerBaseline", "IdentityCenterBaseline"]
    assert result["enabled_baselines"] == [
        {
            "arn": IC_ENABLED,
            "baseline_identifier": IC_BASELINE,
            "baseline_name": "IdentityCenterBaseline",
            "baseline_version": "1.0",
            "target_identifier": MGMT,
            "status": "SUCCEEDED",
        }
    ]


def test_info_by_target_with_parameters(stub, run):
    stub.add_response("list_baselines", {"baselines": CATALOG}, {})
    stub.add_response(
        "list_enabled_baselines", {"enabledBaselines": [summary()]}, {"filter": {"targetIdentifiers": [OU]}}
    )
    stub.add_response(
        "get_enabled_baseline", {"enabledBaselineDetails": details()}, {"enabledBaselineIdentifier": ENABLED}
    )
    result = run({"target_identifier": OU, "include_parameters": True}, main=controltower_baseline_info.main)
    assert result["enabled_baselines"][0]["parameters"] == PARAMS
    assert result["enabled_baselines"][0]["baseline_name"] == "AWSControlTowerBaseline"


def test_info_bad_target(run):
    result = run({"target_identifier": "123456789012"}, client=False, main=controltower_baseline_info.main)
    assert result["failed"] and "target_identifier must be an organizational unit or account ARN" in result["msg"]
