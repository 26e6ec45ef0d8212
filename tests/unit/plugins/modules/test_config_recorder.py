"""config_recorder through main() against Stubber-validated config clients, one a region."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import config_recorder as module

REGIONS = ["eu-west-1", "eu-central-1", "us-east-1"]
HOME = "eu-west-1"
ROLE = "arn:aws:iam::123456789012:role/ecia-config-recorder"
KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
BUCKET = "ecia-log-archive"
ARGS = {
    "regions": REGIONS,
    "role_arn": ROLE,
    "global_resource_types_region": HOME,
    "delivery_channel": {"s3_bucket": BUCKET, "kms_key_arn": KEY, "delivery_frequency": "TwentyFour_Hours"},
    "recording": True,
}
NAMES = {"ConfigurationRecorderNames": ["default"]}
CHANNEL_NAMES = {"DeliveryChannelNames": ["default"]}


def aws_recorder(region, role=ROLE, include_global=None, **group):
    return {
        "name": "default",
        "roleARN": role,
        "recordingGroup": dict(
            {
                "allSupported": True,
                "includeGlobalResourceTypes": region == HOME if include_global is None else include_global,
                "resourceTypes": [],
                "exclusionByResourceTypes": {"resourceTypes": []},
                "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"},
            },
            **group,
        ),
        "recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []},
    }


def aws_channel(**changes):
    channel = {
        "name": "default",
        "s3BucketName": BUCKET,
        "s3KmsKeyArn": KEY,
        "configSnapshotDeliveryProperties": {"deliveryFrequency": "TwentyFour_Hours"},
    }
    channel.update(changes)
    return {k: v for k, v in channel.items() if v is not None}


def put_recorder_params(region, include_global=None):
    return {
        "ConfigurationRecorder": {
            "name": "default",
            "roleARN": ROLE,
            "recordingGroup": {
                "allSupported": True,
                "includeGlobalResourceTypes": region == HOME if include_global is None else include_global,
                "resourceTypes": [],
                "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"},
            },
            "recordingMode": {"recordingFrequency": "CONTINUOUS"},
        }
    }


PUT_CHANNEL = {
    "DeliveryChannel": {
        "name": "default",
        "s3BucketName": BUCKET,
        "s3KmsKeyArn": KEY,
        "configSnapshotDeliveryProperties": {"deliveryFrequency": "TwentyFour_Hours"},
    }
}


@pytest.fixture
def cfg(aws_client):
    return {region: aws_client("config", region=region) for region in REGIONS}


@pytest.fixture
def stubs(cfg):
    return {region: stub for region, (_client, stub) in cfg.items()}


@pytest.fixture
def run(run_module, cfg):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(module.main, merged, client={r: c for r, (c, _s) in cfg.items()}, **kw)

    return run_


def expect_recorder(stub, recorder):
    if recorder is None:
        stub.add_client_error("describe_configuration_recorders", "NoSuchConfigurationRecorderException", "no", 400)
    else:
        stub.add_response("describe_configuration_recorders", {"ConfigurationRecorders": [recorder]}, NAMES)


def expect_status(stub, recording):
    status = {"name": "default", "recording": recording, "lastStatus": "SUCCESS"}
    stub.add_response("describe_configuration_recorder_status", {"ConfigurationRecordersStatus": [status]}, NAMES)


def expect_channel(stub, channel):
    if channel is None:
        stub.add_client_error("describe_delivery_channels", "NoSuchDeliveryChannelException", "no", 400)
    else:
        stub.add_response("describe_delivery_channels", {"DeliveryChannels": [channel]}, CHANNEL_NAMES)


def expect_read(stub, region, recorder="as wanted", recording=True, channel="as wanted"):
    recorder = aws_recorder(region) if recorder == "as wanted" else recorder
    expect_recorder(stub, recorder)
    if recorder is not None:
        expect_status(stub, recording)
    expect_channel(stub, aws_channel() if channel == "as wanted" else channel)


def writes(result):
    return [d for d in result["diff"] if d["before"] != d["after"]]


def test_noop_in_every_region_is_three_reads_a_region(stubs, run):
    for region, stub in stubs.items():
        expect_read(stub, region)
    result = run(diff=True)
    assert not result["changed"]
    assert list(result["regions"]) == REGIONS and "recorder" not in result
    home = result["regions"][HOME]["recorder"]
    assert home["recording_group"]["include_global_resource_types"] is True
    assert result["regions"]["us-east-1"]["recorder"]["recording_group"]["include_global_resource_types"] is False
    assert home["delivery_channel"]["s3_kms_key_arn"] == KEY and home["recording"] is True
    assert [d["before_header"] for d in result["diff"]] == [f"recorder in {r}" for r in REGIONS]
    assert not writes(result)


def test_create_everything_in_one_region_keeps_the_single_region_shape(stubs, run):
    stub = stubs["us-east-1"]
    expect_read(stub, "us-east-1", recorder=None, channel=None)
    params = put_recorder_params("us-east-1", include_global=False)
    del params["ConfigurationRecorder"]["recordingMode"]  # nothing to re-send for a new recorder
    stub.add_response("put_configuration_recorder", {}, params)
    expect_recorder(stub, aws_recorder("us-east-1"))
    stub.add_response("put_delivery_channel", {}, PUT_CHANNEL)
    expect_channel(stub, aws_channel())
    stub.add_response("start_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})
    expect_status(stub, True)
    result = run({"regions": None, "region": "us-east-1"}, diff=True)
    assert result["changed"] and "regions" in result
    recorder = result["recorder"]
    assert recorder["role_arn"] == ROLE and recorder["recording"] is True
    assert recorder["delivery_channel"]["delivery_frequency"] == "TwentyFour_Hours"
    assert result["diff"]["before"] == {} and result["diff"]["after"] == recorder


RECORDER = "put_configuration_recorder"
CHANNEL = "put_delivery_channel"


@pytest.mark.parametrize(
    "drift, write, key",
    [
        (dict(recorder=aws_recorder("eu-central-1", role=ROLE + "-old")), RECORDER, "role_arn"),
        (dict(recorder=aws_recorder("eu-central-1", include_global=True)), RECORDER, "recording_group"),
        (
            dict(
                recorder=aws_recorder(
                    "eu-central-1",
                    allSupported=False,
                    resourceTypes=["AWS::EC2::Volume"],
                    recordingStrategy={"useOnly": "INCLUSION_BY_RESOURCE_TYPES"},
                )
            ),
            RECORDER,
            "recording_group",
        ),
        (dict(channel=aws_channel(s3BucketName="elsewhere")), CHANNEL, "delivery_channel"),
        (dict(channel=aws_channel(s3KmsKeyArn=None)), CHANNEL, "delivery_channel"),
        (dict(channel=aws_channel(s3KeyPrefix="config")), CHANNEL, "delivery_channel"),
        (dict(channel=aws_channel(snsTopicARN="arn:aws:sns:eu-central-1:123456789012:t")), CHANNEL, "delivery_channel"),
        (
            dict(channel=aws_channel(configSnapshotDeliveryProperties={"deliveryFrequency": "One_Hour"})),
            CHANNEL,
            "delivery_channel",
        ),
        (dict(recording=False), "start_configuration_recorder", "recording"),
    ],
)
def test_one_attribute_drift_in_one_region_is_fixed_only_there(stubs, run, drift, write, key):
    for region, stub in stubs.items():
        expect_read(stub, region, **(drift if region == "eu-central-1" else {}))
    stub = stubs["eu-central-1"]
    if write == RECORDER:
        stub.add_response(write, {}, put_recorder_params("eu-central-1"))
        expect_recorder(stub, aws_recorder("eu-central-1"))
    elif write == CHANNEL:
        stub.add_response(write, {}, PUT_CHANNEL)
        expect_channel(stub, aws_channel())
    else:
        stub.add_response(write, {}, {"ConfigurationRecorderName": "default"})
        expect_status(stub, True)
    result = run(diff=True)
    assert result["changed"]
    changed = writes(result)
    assert [d["before_header"] for d in changed] == ["recorder in eu-central-1"]
    before, after = changed[0]["before"], changed[0]["after"]
    assert [k for k in after if before.get(k) != after[k]] == [key]
    assert after == result["regions"]["eu-central-1"]["recorder"]


def test_unset_frequency_keeps_the_channels_own(stubs, run):
    for region, stub in stubs.items():
        expect_read(stub, region, channel=aws_channel(s3BucketName="old", configSnapshotDeliveryProperties=None))
    channel = {"s3_bucket": BUCKET, "kms_key_arn": KEY}
    expected = {"DeliveryChannel": {"name": "default", "s3BucketName": BUCKET, "s3KmsKeyArn": KEY}}
    for stub in stubs.values():
        stub.add_response("put_delivery_channel", {}, expected)
        expect_channel(stub, aws_channel(configSnapshotDeliveryProperties=None))
    result = run({"delivery_channel": channel})
    assert result["changed"]


def test_check_mode_predicts_and_writes_nothing(stubs, run):
    expect_read(stubs[HOME], HOME, recorder=None, channel=None)
    expect_read(stubs["eu-central-1"], "eu-central-1", recording=False)
    expect_read(stubs["us-east-1"], "us-east-1", channel=aws_channel(s3KmsKeyArn=None))
    result = run(check_mode=True, diff=True)
    assert result["changed"]
    home = result["regions"][HOME]["recorder"]
    assert home["role_arn"] == ROLE and home["recording"] is True
    assert home["recording_group"]["include_global_resource_types"] is True
    assert home["delivery_channel"]["s3_bucket_name"] == BUCKET
    assert result["regions"]["eu-central-1"]["recorder"]["recording"] is True
    assert result["regions"]["us-east-1"]["recorder"]["delivery_channel"]["s3_kms_key_arn"] == KEY
    assert len(writes(result)) == 3
    # The Stubbers hold no write: any call beyond the reads would have failed the run.


def test_absent_stops_then_deletes_channel_and_recorder(stubs, run):
    for region, stub in stubs.items():
        expect_read(stub, region, recording=region != "us-east-1", channel=aws_channel() if region != HOME else None)
    for region, stub in stubs.items():
        if region != "us-east-1":
            stub.add_response("stop_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})
        if region != HOME:
            stub.add_response("delete_delivery_channel", {}, {"DeliveryChannelName": "default"})
        stub.add_response("delete_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})
    result = run({"state": "absent", "role_arn": None, "delivery_channel": None}, diff=True)
    assert result["changed"]
    assert all(r["recorder"] == {} for r in result["regions"].values())


def test_absent_when_gone_is_no_change(stubs, run):
    for stub in stubs.values():
        expect_read(stub, None, recorder=None, channel=None)
    result = run({"state": "absent", "role_arn": None, "delivery_channel": None})
    assert not result["changed"]


def test_absent_in_check_mode_writes_nothing(stubs, run):
    for region, stub in stubs.items():
        expect_read(stub, region)
    result = run({"state": "absent"}, check_mode=True)
    assert result["changed"]


def test_an_api_error_names_the_region(stubs, run):
    expect_read(stubs[HOME], HOME)
    stubs["eu-central-1"].add_client_error("describe_configuration_recorders", "AccessDeniedException", "no", 400)
    result = run()
    assert result["failed"] and "describe configuration recorder in eu-central-1" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"role_arn": None}, "role_arn is required with state=present"),
        ({"recording_group": {"include_global_types": True}}, "are exclusive"),
        ({"recording_group": {"all_supported": False}}, "recording_group.resource_types is required"),
        ({"recording_group": {"resource_types": ["AWS::EC2::Volume"]}}, "only used with recording_group.all_supported"),
        ({"delivery_channel": {"kms_key_arn": KEY}}, "delivery_channel.s3_bucket is required"),
        ({"delivery_channel": {"s3_bucket": BUCKET, "s3_prefix": ""}}, "delivery_channel.s3_prefix cannot be empty"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    merged = {k: v for k, v in dict(ARGS, **args).items() if v is not None}
    result = run_module(module.main, merged)
    assert result["failed"] and message in result["msg"]
