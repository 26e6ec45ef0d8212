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
