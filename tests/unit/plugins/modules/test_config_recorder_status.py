"""config_recorder_status through main() against a Stubber-validated config client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import config_recorder_status as module

ROLE = "arn:aws:iam::123456789012:role/ecia-config-recorder"


@pytest.fixture
def config(aws_client):
    return aws_client("config", region="ap-south-1")


@pytest.fixture
def run(run_module, config):
    return lambda args, **kw: run_module(module.main, args, client=config[0], **kw)


def expect_status(stub, recording, name="default"):
    stub.add_response(
        "describe_configuration_recorder_status",
        {"ConfigurationRecordersStatus": [{"name": name, "recording": recording, "lastStatus": "SUCCESS"}]},
        {"ConfigurationRecorderNames": [name]},
    )
    stub.add_response(
        "describe_configuration_recorders",
        {
            "ConfigurationRecorders": [
                {
                    "name": name,
                    "roleARN": ROLE,
                    "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
                }
            ]
        },
        {"ConfigurationRecorderNames": [name]},
    )


def test_starts_a_stopped_recorder(config, run):
    stub = config[1]
    expect_status(stub, False)
    stub.add_response("start_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})
    expect_status(stub, True)
    result = run({"recording": True}, diff=True)
    assert result["changed"] and result["recorder_status"]["recording"] is True
    assert result["diff"]["before"]["recording"] is False
    stub.assert_no_pending_responses()


def test_noop_when_recording(config, run):
    expect_status(config[1], True)
    assert not run({"recording": True})["changed"]


def test_stops_a_recorder(config, run):
    stub = config[1]
    expect_status(stub, True, "main")
    stub.add_response("stop_configuration_recorder", {}, {"ConfigurationRecorderName": "main"})
    expect_status(stub, False, "main")
    result = run({"name": "main", "recording": False})
    assert result["changed"] and result["recorder_status"]["recording"] is False


def test_without_recording_it_only_reads(config, run):
    expect_status(config[1], False)
    result = run({})
    assert not result["changed"] and result["recorder_status"]["recording"] is False
    assert result["recorder_status"]["role_arn"] == ROLE and result["recorder_status"]["include_global_resource_types"]
    config[1].assert_no_pending_responses()


def test_check_mode_makes_no_write(config, run):
    expect_status(config[1], False)
    result = run({"recording": True}, check_mode=True)
    assert result["changed"] and result["recorder_status"]["recording"] is True


def test_check_mode_predicts_a_recorder_not_created_yet(config, run):
    config[1].add_client_error(
        "describe_configuration_recorder_status", "NoSuchConfigurationRecorderException", "no recorder", 400
    )
    result = run({"recording": True}, check_mode=True)
    assert result["changed"] and result["recorder_status"] == {"name": "default", "recording": True, "last_status": ""}


def test_missing_recorder_fails(config, run):
    config[1].add_client_error(
        "describe_configuration_recorder_status", "NoSuchConfigurationRecorderException", "no recorder", 400
    )
    result = run({"recording": True})
    assert result["failed"] and "configuration recorder default does not exist" in result["msg"]


def test_bad_input(run_module):
    result = run_module(module.main, {"recording": "sometimes"})
    assert result["failed"] and "recording" in result["msg"]


# ------------------------------------------------------------------ regions
REGIONS = ["eu-west-1", "eu-central-1", "us-east-1"]


@pytest.fixture
def by_region(aws_client):
    return {region: aws_client("config", region=region) for region in REGIONS}


@pytest.fixture
def run_regions(run_module, by_region):
    def run_(args, **kw):
        clients = {region: client for region, (client, _stub) in by_region.items()}
        return run_module(module.main, dict(args, regions=REGIONS), client=clients, **kw)

    return run_


def test_regions_start_only_where_stopped(by_region, run_regions):
    for region, (_client, stub) in by_region.items():
        expect_status(stub, region != "eu-central-1")
    stub = by_region["eu-central-1"][1]
    stub.add_response("start_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})
    expect_status(stub, True)
    result = run_regions({"recording": True}, diff=True)
    assert result["changed"] and "recorder_status" not in result
    changed = [d for d in result["diff"] if d["before"] != d["after"]]
    assert [d["before_header"] for d in changed] == ["recorder_status in eu-central-1"]
    assert all(v["recorder_status"]["recording"] for v in result["regions"].values())


def test_regions_read_only(by_region, run_regions):
    for _client, stub in by_region.values():
        expect_status(stub, True)
    result = run_regions({})
    assert not result["changed"] and sorted(result["regions"]) == sorted(REGIONS)


def test_regions_check_mode_makes_no_write(by_region, run_regions):
    for _client, stub in by_region.values():
        expect_status(stub, False)
    result = run_regions({"recording": True}, check_mode=True)
    assert result["changed"] and all(v["recorder_status"]["recording"] for v in result["regions"].values())


def test_regions_a_missing_recorder_fails_naming_its_region(by_region, run_regions):
    expect_status(by_region["eu-west-1"][1], True)
    by_region["eu-central-1"][1].add_client_error(
        "describe_configuration_recorder_status", "NoSuchConfigurationRecorderException", "no recorder", 400
    )
    result = run_regions({"recording": True})
    assert result["failed"] and "configuration recorder default does not exist in eu-central-1" in result["msg"]
