"""guardduty_detector (and _info) driven through main() against a Stubber-validated GuardDuty client."""

import copy

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import guardduty_detector
from ansible_collections.prodgrade.aws.plugins.modules import guardduty_detector_info

DID = "12abc34d567e8fa901bc2d34e56789f0"
ARN = f"arn:aws:guardduty:us-east-1:123456789012:detector/{DID}"
ROLE = "arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"
DETECTOR = {
    "CreatedAt": "2024-01-01T00:00:00.000Z",
    "UpdatedAt": "2024-01-01T00:00:00.000Z",
    "FindingPublishingFrequency": "FIFTEEN_MINUTES",
    "ServiceRole": ROLE,
    "Status": "ENABLED",
    "Tags": {"Owner": "sec"},
    "Features": [
        {"Name": "CLOUD_TRAIL", "Status": "ENABLED"},
        {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"},
        {
            "Name": "RUNTIME_MONITORING",
            "Status": "ENABLED",
            "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}],
        },
        {"Name": "EBS_MALWARE_PROTECTION", "Status": "DISABLED"},
    ],
}
ARGS = {
    "finding_publishing_frequency": "FIFTEEN_MINUTES",
    "features": [
        {"name": "S3_DATA_EVENTS"},
        {"name": "RUNTIME_MONITORING", "additional_configuration": [{"name": "EKS_ADDON_MANAGEMENT"}]},
    ],
    "tags": {"Owner": "sec"},
}


def detector(**changes):
    result = copy.deepcopy(DETECTOR)
    result.update(changes)
    return result


@pytest.fixture
def gd(aws_client):
    return aws_client("guardduty")


@pytest.fixture
def stub(gd):
    return gd[1]


@pytest.fixture
def run(run_module, gd):
    def run_(args=None, main=guardduty_detector.main, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(main, merged, client=gd[0], **kw)

    return run_


def expect_read(stub, found="default"):
    found = DETECTOR if found == "default" else found
    stub.add_response("list_detectors", {"DetectorIds": [DID] if found else []}, {})
    if found:
        stub.add_response("get_detector", copy.deepcopy(found), {"DetectorId": DID})


def test_create(stub, run):
    expect_read(stub, None)
    create = {
        "Enable": True,
        "FindingPublishingFrequency": "FIFTEEN_MINUTES",
        "Features": [
            {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"},
            {
                "Name": "RUNTIME_MONITORING",
                "Status": "ENABLED",
                "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}],
            },
        ],
        "Tags": {"Owner": "sec"},
    }
    stub.add_response("create_detector", {"DetectorId": DID}, create)
    stub.add_response("get_detector", detector(), {"DetectorId": DID})
    result = run(diff=True)
    assert result["changed"] and result["detector"]["detector_id"] == DID
    assert result["diff"]["before"] == {} and result["diff"]["after"]["status"] == "ENABLED"


def test_rerun_is_a_noop(stub, run):
    expect_read(stub)
    result = run()
    assert not result["changed"] and not result["failed"]
    assert result["detector"]["tags"] == {"Owner": "sec"}


def test_unlisted_features_and_unset_options_are_left_alone(stub, run):
    expect_read(stub)  # EBS_MALWARE_PROTECTION is DISABLED but not listed; tags unset
    assert not run({"features": [{"name": "S3_DATA_EVENTS"}], "tags": None, "finding_publishing_frequency": None})[
        "changed"
    ]


def test_update_features_status_frequency_and_tags(stub, run):
    expect_read(stub, detector(Status="DISABLED", FindingPublishingFrequency="SIX_HOURS", Tags={"old": "x"}))
    update = {
        "DetectorId": DID,
        "Enable": True,
        "FindingPublishingFrequency": "FIFTEEN_MINUTES",
        "Features": [{"Name": "EBS_MALWARE_PROTECTION", "Status": "ENABLED"}],
    }
    stub.add_response("update_detector", {}, update)
    stub.add_response("untag_resource", {}, {"ResourceArn": ARN, "TagKeys": ["old"]})
    stub.add_response("tag_resource", {}, {"ResourceArn": ARN, "Tags": {"Owner": "sec"}})
    after = detector(Features=DETECTOR["Features"][:3] + [{"Name": "EBS_MALWARE_PROTECTION", "Status": "ENABLED"}])
    stub.add_response("get_detector", after, {"DetectorId": DID})
    result = run({"features": [{"name": "EBS_MALWARE_PROTECTION"}]}, diff=True)
    assert result["changed"]
    assert result["diff"]["before"]["status"] == "DISABLED" and result["diff"]["after"]["status"] == "ENABLED"
    ebs = [f for f in result["detector"]["features"] if f["name"] == "EBS_MALWARE_PROTECTION"]
    assert ebs[0]["status"] == "ENABLED"


def test_additional_configuration_change_is_detected(stub, run):
    expect_read(stub)
    features = [
        {
            "name": "RUNTIME_MONITORING",
            "additional_configuration": [{"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"}],
        }
    ]
    update = {
        "DetectorId": DID,
        "Features": [
            {
                "Name": "RUNTIME_MONITORING",
                "Status": "ENABLED",
                "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "DISABLED"}],
            }
        ],
    }
    stub.add_response("update_detector", {}, update)
    stub.add_response("get_detector", detector(), {"DetectorId": DID})
    assert run({"features": features})["changed"]


def test_delete(stub, run):
    expect_read(stub)
    stub.add_response("delete_detector", {}, {"DetectorId": DID})
    result = run({"state": "absent"}, diff=True)
    assert result["changed"] and result["detector"] == {} and result["diff"]["before"]["detector_id"] == DID


def test_delete_when_absent(stub, run):
    expect_read(stub, None)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_create_predicts_and_makes_no_write(stub, run):
    expect_read(stub, None)  # a create_detector call would be an unexpected Stubber request
    result = run(check_mode=True)
    assert result["changed"]
    assert result["detector"]["status"] == "ENABLED" and "detector_id" not in result["detector"]
    assert [f["name"] for f in result["detector"]["features"]] == ["S3_DATA_EVENTS", "RUNTIME_MONITORING"]


def test_check_mode_update_and_delete(stub, run):
    expect_read(stub)
    result = run({"enabled": False}, check_mode=True)
    assert result["changed"] and result["detector"]["status"] == "DISABLED"
    expect_read(stub)
    assert run({"state": "absent"}, check_mode=True)["changed"]


def test_a_conflict_is_retried(stub, run, sleeps):
    stub.add_client_error("list_detectors", "ConcurrentModificationException", "try again", expected_params={})
    expect_read(stub)
    result = run()
    assert not result["failed"] and len(sleeps) == 1


def test_api_error_names_the_call(stub, run):
    expect_read(stub, None)
    stub.add_client_error("create_detector", "AccessDeniedException", "no", http_status_code=403)
    result = run()
    assert result["failed"] and result["msg"].startswith("Failed to create detector")


@pytest.mark.parametrize(
    "features, message",
    [
        ([{"name": "S3_DATA_EVENTS"}, {"name": "S3_DATA_EVENTS"}], "S3_DATA_EVENTS is listed twice"),
        ([{"name": "RUNTIME_MONITORING"}, {"name": "EKS_RUNTIME_MONITORING"}], "not both"),
        (
            [{"name": "EKS_AUDIT_LOGS", "additional_configuration": [{"name": "EC2_AGENT_MANAGEMENT"}]}],
            "EC2_AGENT_MANAGEMENT belongs to RUNTIME_MONITORING, not EKS_AUDIT_LOGS",
        ),
    ],
)
def test_bad_features_fail_before_any_call(run_module, features, message):
    result = run_module(guardduty_detector.main, {"features": features})  # no client: no API call allowed
    assert result["failed"] and message in result["msg"] and "features" in result["msg"]


def test_bad_choice_fails(run_module):
    result = run_module(guardduty_detector.main, {"features": [{"name": "S3"}]})
    assert result["failed"] and "S3" in result["msg"]


def test_info(stub, run):
    expect_read(stub)
    stub.add_response(
        "list_publishing_destinations",
        {"Destinations": [{"DestinationId": "d1", "DestinationType": "S3", "Status": "PUBLISHING"}]},
        {"DetectorId": DID},
    )
    described = {
        "DestinationId": "d1",
        "DestinationType": "S3",
        "Status": "PUBLISHING",
        "PublishingFailureStartTimestamp": 0,
        "DestinationProperties": {
            "DestinationArn": "arn:aws:s3:::b",
            "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k",
        },
    }
    stub.add_response("describe_publishing_destination", described, {"DetectorId": DID, "DestinationId": "d1"})
    result = run_info(run)
    assert result["detector"]["detector_id"] == DID
    assert result["publishing_destinations"][0]["destination_properties"]["destination_arn"] == "arn:aws:s3:::b"


def test_info_without_detector(stub, run):
    expect_read(stub, None)
    result = run_info(run)
    assert result["detector"] == {} and result["publishing_destinations"] == []


def run_info(run):
    return run({k: None for k in ARGS}, main=guardduty_detector_info.main)


# ------------------------------------------------------------------ regions: one run, every region

REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"]


@pytest.fixture
def by_region(aws_client):
    """{region: (client, stubber)}, one Stubber-validated client per region."""
    return {region: aws_client("guardduty", region=region) for region in REGIONS}


def run_regions(run_module, by_region, args=None, **kw):
    merged = {k: v for k, v in dict(ARGS, regions=REGIONS, **(args or {})).items() if v is not None}
    return run_module(guardduty_detector.main, merged, client={r: c for r, (c, _stub) in by_region.items()}, **kw)


def test_regions_converge_every_region_in_one_run(run_module, by_region):
    for _client, stub in by_region.values():
        expect_read(stub)
    result = run_regions(run_module, by_region, diff=True)
    assert not result["changed"] and not result["failed"]
    assert list(result["regions"]) == REGIONS and "detector" not in result
    assert all(r["detector"]["detector_id"] == DID for r in result["regions"].values())
    assert [d["before_header"] for d in result["diff"]] == [f"detector in {r}" for r in REGIONS]


def test_regions_drift_in_one_region_is_fixed_there_only(run_module, by_region):
    expect_read(by_region["us-east-1"][1])
    drifted = by_region["eu-west-1"][1]
    expect_read(drifted, detector(Tags={"Owner": "someone-else"}))
    eu_arn = ARN.replace("us-east-1", "eu-west-1")  # the tag call names the region's own detector ARN
    drifted.add_response("tag_resource", {}, {"ResourceArn": eu_arn, "Tags": {"Owner": "sec"}})
    drifted.add_response("get_detector", detector(), {"DetectorId": DID})
    expect_read(by_region["ap-south-1"][1])
    result = run_regions(run_module, by_region)
    assert result["changed"]
    assert result["regions"]["eu-west-1"]["detector"]["tags"] == {"Owner": "sec"}


def test_regions_missing_detector_created_there_only(run_module, by_region):
    expect_read(by_region["us-east-1"][1])
    expect_read(by_region["eu-west-1"][1])
    bare = by_region["ap-south-1"][1]
    expect_read(bare, None)
    bare.add_response("create_detector", {"DetectorId": DID}, None)
    bare.add_response("get_detector", detector(), {"DetectorId": DID})
    result = run_regions(run_module, by_region, diff=True)
    assert result["changed"]
    assert [d["before"] == {} for d in result["diff"]] == [False, False, True]


def test_regions_check_mode_makes_no_write(run_module, by_region):
    expect_read(by_region["us-east-1"][1], detector(Status="DISABLED"))
    expect_read(by_region["eu-west-1"][1], None)
    expect_read(by_region["ap-south-1"][1])
    result = run_regions(run_module, by_region, check_mode=True)  # any write would be an unexpected Stubber call
    assert result["changed"]
    assert result["regions"]["us-east-1"]["detector"]["status"] == "ENABLED"
    assert "detector_id" not in result["regions"]["eu-west-1"]["detector"]


def test_regions_error_names_the_region(run_module, by_region):
    expect_read(by_region["us-east-1"][1])
    by_region["eu-west-1"][1].add_client_error("list_detectors", "AccessDeniedException", "no", 403)
    result = run_regions(run_module, by_region)
    assert result["failed"] and "list detectors in eu-west-1" in result["msg"]


def test_single_region_keeps_its_result_shape(stub, run):
    expect_read(stub)
    result = run(diff=True)
    assert result["detector"]["detector_id"] == DID
    assert set(result["diff"]) == {"before", "after"}
    assert list(result["regions"]) == ["us-east-1"]
