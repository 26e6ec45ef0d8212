"""guardduty_publishing_destination through main() against a Stubber-validated GuardDuty client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import guardduty_publishing_destination as module

DID = "12abc34d567e8fa901bc2d34e56789f0"
BUCKET = "arn:aws:s3:::log-archive/guardduty"
KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ARGS = {"destination_arn": BUCKET, "kms_key_arn": KEY}
PROPS = {"DestinationArn": BUCKET, "KmsKeyArn": KEY}


def described(props=None):
    props = props or PROPS
    return {
        "DestinationId": "d1",
        "DestinationType": "S3",
        "Status": "PUBLISHING",
        "PublishingFailureStartTimestamp": 0,
        "DestinationProperties": dict(props),
    }


@pytest.fixture
def gd(aws_client):
    return aws_client("guardduty")


@pytest.fixture
def stub(gd):
    return gd[1]


@pytest.fixture
def run(run_module, gd):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}  # None: option unset
        return run_module(module.main, merged, client=gd[0], **kw)

    return run_


def expect_read(stub, found=None):
    stub.add_response("list_detectors", {"DetectorIds": [DID]}, {})
    summaries = [{"DestinationId": "d1", "DestinationType": "S3", "Status": "PUBLISHING"}] if found else []
    stub.add_response("list_publishing_destinations", {"Destinations": summaries}, {"DetectorId": DID})
    if found:
        stub.add_response("describe_publishing_destination", found, {"DetectorId": DID, "DestinationId": "d1"})


def test_create(stub, run):
    expect_read(stub)
    stub.add_response(
        "create_publishing_destination",
        {"DestinationId": "d1"},
        {"DetectorId": DID, "DestinationType": "S3", "DestinationProperties": PROPS},
    )
    stub.add_response("describe_publishing_destination", described(), {"DetectorId": DID, "DestinationId": "d1"})
    result = run(diff=True)
    assert result["changed"] and result["destination"]["destination_id"] == "d1"
    assert result["destination"]["destination_properties"] == {"destination_arn": BUCKET, "kms_key_arn": KEY}


def test_noop(stub, run):
    expect_read(stub, described())
    assert not run()["changed"]


def test_update_key_in_place(stub, run):
    old = dict(PROPS, KmsKeyArn=KEY.replace("1234abcd", "99999999"))
    expect_read(stub, described(old))
    stub.add_response(
        "update_publishing_destination", {}, {"DetectorId": DID, "DestinationId": "d1", "DestinationProperties": PROPS}
    )
    stub.add_response("describe_publishing_destination", described(), {"DetectorId": DID, "DestinationId": "d1"})
    result = run(diff=True)
    assert result["changed"] and result["diff"]["before"]["destination_properties"]["kms_key_arn"] != KEY
    assert result["destination"]["destination_properties"]["kms_key_arn"] == KEY


def test_delete(stub, run):
    expect_read(stub, described())
    stub.add_response("delete_publishing_destination", {}, {"DetectorId": DID, "DestinationId": "d1"})
    result = run({"state": "absent", "destination_arn": None, "kms_key_arn": None})
    assert result["changed"] and result["destination"] == {}


def test_check_mode_makes_no_write(stub, run):
    expect_read(stub)
    result = run(check_mode=True)
    assert result["changed"] and "destination_id" not in result["destination"]
    assert result["destination"]["detector_id"] == DID


def test_no_detector_fails(stub, run):
    stub.add_response("list_detectors", {"DetectorIds": []}, {})
    result = run()
    assert result["failed"] and "create it first" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"kms_key_arn": None}, "state=present requires kms_key_arn"),
        ({"destination_arn": "log-archive"}, "destination_arn must be an S3 bucket ARN"),
        ({"kms_key_arn": "alias/guardduty"}, "kms_key_arn must be a KMS key ARN"),
        ({"kms_key_arn": "arn:aws:kms:us-east-1:111111111111:alias/guardduty"}, "kms_key_arn must be a KMS key ARN"),
        ({"kms_key_arn": "arn:aws:sns:us-east-1:111111111111:key/1234abcd"}, "kms_key_arn must be a KMS key ARN"),
        ({"kms_key_arn": "arn:aws:kms:us-east-1:1111:key/1234abcd"}, "kms_key_arn must be a KMS key ARN"),
        ({"destination_arn": "arn:aws:s3:::Log_Archive/guardduty"}, "destination_arn must be an S3 bucket ARN"),
        ({"destination_arn": "arn:aws:s3:us-east-1:111111111111:log-archive"}, "destination_arn must be an S3"),
    ],
)
def test_bad_input(run_module, args, message):
    result = run_module(module.main, dict(ARGS, **args))
    assert result["failed"] and message in result["msg"]


# ------------------------------------------------------------------ regions: one run, every region

REGIONS = ["us-east-1", "eu-west-1"]


@pytest.fixture
def by_region(aws_client):
    return {region: aws_client("guardduty", region=region) for region in REGIONS}


def run_regions(run_module, by_region, args=None, **kw):
    merged = {k: v for k, v in dict(ARGS, regions=REGIONS, **(args or {})).items() if v is not None}
    return run_module(module.main, merged, client={r: c for r, (c, _stub) in by_region.items()}, **kw)


def test_regions_drift_in_one_region_is_fixed_there_only(run_module, by_region):
    expect_read(by_region["us-east-1"][1], described())
    drifted = by_region["eu-west-1"][1]
    expect_read(drifted, described(dict(PROPS, DestinationArn="arn:aws:s3:::other")))
    drifted.add_response(
        "update_publishing_destination",
        {},
        {"DetectorId": DID, "DestinationId": "d1", "DestinationProperties": PROPS},
    )
    drifted.add_response("describe_publishing_destination", described(), {"DetectorId": DID, "DestinationId": "d1"})
    result = run_regions(run_module, by_region)
    assert result["changed"] and "destination" not in result
    assert result["regions"]["eu-west-1"]["destination"]["destination_properties"]["destination_arn"] == BUCKET


def test_regions_check_mode_makes_no_write(run_module, by_region):
    expect_read(by_region["us-east-1"][1])
    expect_read(by_region["eu-west-1"][1], described())
    result = run_regions(run_module, by_region, check_mode=True)
    assert result["changed"] and "destination_id" not in result["regions"]["us-east-1"]["destination"]


def test_regions_absent_skips_a_region_without_detector(run_module, by_region):
    by_region["us-east-1"][1].add_response("list_detectors", {"DetectorIds": []}, {})
    expect_read(by_region["eu-west-1"][1], described())
    by_region["eu-west-1"][1].add_response(
        "delete_publishing_destination", {}, {"DetectorId": DID, "DestinationId": "d1"}
    )
    result = run_regions(run_module, by_region, {"state": "absent", "destination_arn": None, "kms_key_arn": None})
    assert result["changed"] and not result["failed"]
    assert result["regions"] == {"us-east-1": {"destination": {}}, "eu-west-1": {"destination": {}}}
