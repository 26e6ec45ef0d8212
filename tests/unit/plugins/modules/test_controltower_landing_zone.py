"""controltower_landing_zone (and _info) driven through main() against a Stubber-validated Control Tower client."""

import copy

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import controltower_landing_zone
from ansible_collections.prodgrade.aws.plugins.modules import controltower_landing_zone_info

ARN = "arn:aws:controltower:us-east-1:123456789012:landingzone/1A2B3C4D5E6F7G8H"
OP = "00000000-0000-4000-8000-000000000001"
MANIFEST = {
    "governedRegions": ["us-east-1", "eu-west-1"],
    "organizationStructure": {"security": {"name": "Security"}},
    "centralizedLogging": {
        "accountId": "111111111111",
        "configurations": {"loggingBucket": {"retentionDays": 365}, "accessLoggingBucket": {"retentionDays": 3650}},
        "enabled": True,
    },
    "securityRoles": {"accountId": "222222222222"},
    "accessManagement": {"enabled": True},
}
LANDING_ZONE = {
    "arn": ARN,
    "version": "3.3",
    "manifest": MANIFEST,
    "status": "ACTIVE",
    "latestAvailableVersion": "3.3",
    "driftStatus": {"status": "IN_SYNC"},
}


def landing_zone(**changes):
    result = copy.deepcopy(LANDING_ZONE)
    result.update(changes)
    return result


@pytest.fixture
def ct(aws_client):
    return aws_client("controltower")


@pytest.fixture
def stub(ct):
    return ct[1]


@pytest.fixture
def run(run_module, ct):
    def run_(args, client=True, main=controltower_landing_zone.main, **kw):
        return run_module(main, args, client=ct[0] if client else None, **kw)

    return run_


def expect_describe(stub, zone=None, tags=None):
    stub.add_response("list_landing_zones", {"landingZones": [{"arn": ARN}] if zone else []}, {})
    if zone:
        stub.add_response("get_landing_zone", {"landingZone": zone}, {"landingZoneIdentifier": ARN})
        stub.add_response("list_tags_for_resource", {"tags": tags or {}}, {"resourceArn": ARN})


def expect_op(stub, status="SUCCEEDED", op_type="CREATE", message=None):
    details = {"operationIdentifier": OP, "operationType": op_type, "status": status}
    if message:
        details["statusMessage"] = message
    stub.add_response("get_landing_zone_operation", {"operationDetails": details}, {"operationIdentifier": OP})


def test_create_waits_on_the_operation(stub, run):
    expect_describe(stub)
    stub.add_response(
        "create_landing_zone",
        {"arn": ARN, "operationIdentifier": OP},
        {"version": "3.3", "manifest": MANIFEST, "tags": {"Owner": "platform"}},
    )
    expect_op(stub)
    expect_describe(stub, landing_zone(), tags={"Owner": "platform"})
    result = run({"version": "3.3", "manifest": MANIFEST, "tags": {"Owner": "platform"}}, diff=True)
    assert result["changed"] and not result["failed"]
    assert result["landing_zone"]["arn"] == ARN and result["landing_zone"]["drift_status"] == "IN_SYNC"
    assert result["operation"]["status"] == "SUCCEEDED" and result["operation"]["operation_type"] == "CREATE"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["manifest"] == MANIFEST


def test_same_manifest_written_differently_is_no_change(stub, run):
    expect_describe(stub, landing_zone())
    manifest = copy.deepcopy(MANIFEST)
    manifest["governedRegions"] = ["eu-west-1", "us-east-1"]  # order does not count
    manifest["centralizedLogging"]["configurations"]["loggingBucket"]["retentionDays"] = 365.0
    manifest = dict(reversed(list(manifest.items())))  # key order does not count
    result = run({"version": "3.3", "manifest": manifest})
    assert not result["changed"] and result["operation"] == {}


def test_manifest_change_updates_the_landing_zone(stub, run):
    expect_describe(stub, landing_zone())
    manifest = dict(copy.deepcopy(MANIFEST), governedRegions=["us-east-1"])
    stub.add_response(
        "update_landing_zone",
        {"operationIdentifier": OP},
        {"landingZoneIdentifier": ARN, "version": "3.3", "manifest": manifest},
    )
    expect_op(stub, op_type="UPDATE")
    expect_describe(stub, landing_zone(manifest=manifest))
    result = run({"manifest": manifest}, diff=True)  # version unset: kept
    assert result["changed"] and result["operation"]["operation_type"] == "UPDATE"
    assert result["diff"]["before"]["manifest"]["governedRegions"] == ["us-east-1", "eu-west-1"]
    assert result["diff"]["after"]["manifest"]["governedRegions"] == ["us-east-1"]


def test_version_upgrade_and_tags(stub, run):
    expect_describe(stub, landing_zone(version="3.2"), tags={"old": "x"})
    stub.add_response(
        "update_landing_zone",
        {"operationIdentifier": OP},
        {"landingZoneIdentifier": ARN, "version": "3.3", "manifest": MANIFEST},
    )
    expect_op(stub, op_type="UPDATE")
    stub.add_response("untag_resource", {}, {"resourceArn": ARN, "tagKeys": ["old"]})
    stub.add_response("tag_resource", {}, {"resourceArn": ARN, "tags": {"Owner": "platform"}})
    expect_describe(stub, landing_zone(), tags={"Owner": "platform"})
    result = run({"version": "3.3", "tags": {"Owner": "platform"}})
    assert result["changed"] and result["landing_zone"]["version"] == "3.3"


def test_downgrade_is_refused_before_any_write(stub, run):
    expect_describe(stub, landing_zone())
    result = run({"version": "3.2", "manifest": MANIFEST})
    assert result["failed"] and "older than the deployed 3.3; AWS cannot downgrade" in result["msg"]


def test_version_above_latest_available_is_refused(stub, run):
    expect_describe(stub, landing_zone())
    result = run({"version": "3.4"})
    assert result["failed"] and "newer than the latest available landing zone version 3.3" in result["msg"]


def test_delete(stub, run):
    expect_describe(stub, landing_zone())
    stub.add_response("delete_landing_zone", {"operationIdentifier": OP}, {"landingZoneIdentifier": ARN})
    expect_op(stub, op_type="DELETE")
    result = run({"state": "absent"}, diff=True)
    assert result["changed"] and result["landing_zone"] == {} and result["diff"]["after"] == {}


def test_delete_when_absent_is_a_noop(stub, run):
    expect_describe(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_predicts_a_new_landing_zone_without_writing(stub, run):
    expect_describe(stub)
    result = run({"version": "3.3", "manifest": MANIFEST}, check_mode=True)
    assert result["changed"]
    assert result["landing_zone"]["version"] == "3.3" and result["landing_zone"]["manifest"] == MANIFEST
    assert "arn" not in result["landing_zone"]


def test_check_mode_update_writes_nothing(stub, run):
    expect_describe(stub, landing_zone())
    manifest = dict(copy.deepcopy(MANIFEST), accessManagement={"enabled": False})
    result = run({"manifest": manifest}, check_mode=True)
    assert result["changed"] and result["landing_zone"]["manifest"] == manifest and result["landing_zone"]["arn"] == ARN


def test_failed_operation_is_reported_with_its_message(stub, run):
    expect_describe(stub)
    stub.add_response(
        "create_landing_zone", {"arn": ARN, "operationIdentifier": OP}, {"version": "3.3", "manifest": MANIFEST}
    )
    expect_op(stub, status="FAILED", message="The log archive account is not in the organization")
    expect_describe(stub, landing_zone(status="FAILED"))
    result = run({"version": "3.3", "manifest": MANIFEST})
    assert result["failed"]
    assert "Landing zone operation CREATE" in result["msg"]
    assert "The log archive account is not in the organization" in result["msg"]


def test_create_needs_manifest_and_version(stub, run):
    expect_describe(stub)
    result = run({"version": "3.3"})
    assert result["failed"] and result["msg"] == "manifest and version are required to create the landing zone"


@pytest.mark.parametrize(
    "manifest, message",
    [
        (dict(MANIFEST, governedRegions=["eu-west-1"]), "must include the home region us-east-1"),
        (dict(MANIFEST, governedRegions=["mars-1"]), "manifest.governedRegions must be a list of region names"),
        (
            dict(MANIFEST, securityRoles={"accountId": 222222222222}),
            "manifest.securityRoles.accountId must be a 12-digit",
        ),
        (
            dict(
                MANIFEST,
                centralizedLogging={
                    "accountId": "111111111111",
                    "configurations": {"loggingBucket": {"retentionDays": 0}},
                },
            ),
            "manifest.centralizedLogging.configurations.loggingBucket.retentionDays must be a positive",
        ),
        (
            dict(MANIFEST, centralizedLogging=dict(MANIFEST["centralizedLogging"], kmsKeyArn="alias/logs")),
            "manifest.centralizedLogging.kmsKeyArn must be a KMS key ARN",
        ),
        (
            dict(
                MANIFEST,
                centralizedLogging=dict(
                    MANIFEST["centralizedLogging"], kmsKeyArn="arn:aws:sns:us-east-1:111111111111:key/1234"
                ),
            ),
            "manifest.centralizedLogging.kmsKeyArn must be a KMS key ARN",
        ),
    ],
)
def test_bad_manifest_fails_before_any_api_call(run, manifest, message):
    result = run({"version": "3.3", "manifest": manifest}, client=False)
    assert result["failed"] and message in result["msg"]


def test_bad_version_fails_before_any_api_call(run):
    result = run({"version": "3", "manifest": MANIFEST}, client=False)
    assert result["failed"] and "version must look like 3.3" in result["msg"]


def test_info_returns_the_landing_zone_and_operations(stub, run):
    expect_describe(stub, landing_zone(), tags={"Owner": "platform"})
    stub.add_response(
        "list_landing_zone_operations",
        {"landingZoneOperations": [{"operationIdentifier": OP, "operationType": "CREATE", "status": "SUCCEEDED"}]},
        {},
    )
    result = run({"include_operations": True}, main=controltower_landing_zone_info.main)
    assert not result["changed"]
    assert result["landing_zone"]["tags"] == {"Owner": "platform"} and result["landing_zone"]["version"] == "3.3"
    assert result["operations"] == [{"operation_identifier": OP, "operation_type": "CREATE", "status": "SUCCEEDED"}]


def test_info_without_landing_zone(stub, run):
    expect_describe(stub)
    assert run({}, main=controltower_landing_zone_info.main)["landing_zone"] == {}


def test_operation_in_progress_is_waited_for_before_comparing(stub, run, sleeps):
    expect_describe(stub, landing_zone(status="PROCESSING"))
    stub.add_response(
        "list_landing_zone_operations",
        {"landingZoneOperations": [{"operationIdentifier": OP, "operationType": "UPDATE", "status": "IN_PROGRESS"}]},
        {"filter": {"statuses": ["IN_PROGRESS"]}},
    )
    expect_op(stub, status="IN_PROGRESS", op_type="UPDATE")
    expect_op(stub, op_type="UPDATE")
    expect_describe(stub, landing_zone())
    result = run({"version": "3.3", "manifest": MANIFEST})
    assert not result["changed"] and result["landing_zone"]["status"] == "ACTIVE"
    assert sleeps == [15]
