"""securityhub_hub through main() against a Stubber-validated Security Hub client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import securityhub_hub

HUB_ARN = "arn:aws:securityhub:us-east-1:123456789012:hub/default"
HUB = {
    "HubArn": HUB_ARN,
    "SubscribedAt": "2024-01-01T00:00:00.000Z",
    "AutoEnableControls": True,
    "ControlFindingGenerator": "SECURITY_CONTROL",
}
ARGS = {"control_finding_generator": "SECURITY_CONTROL", "auto_enable_controls": True, "tags": {"Owner": "sec"}}


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
        return run_module(securityhub_hub.main, merged, client=sh[0], **kw)

    return run_


def expect_read(stub, hub="default", tags=None):
    hub = HUB if hub == "default" else hub
    if hub is None:
        stub.add_client_error("describe_hub", "InvalidAccessException", "Account is not subscribed", 401)
        return
    stub.add_response("describe_hub", dict(hub), {})
    stub.add_response(
        "list_tags_for_resource", {"Tags": {"Owner": "sec"} if tags is None else tags}, {"ResourceArn": HUB_ARN}
    )


def test_enable_without_default_standards(stub, run):
    expect_read(stub, None)
    stub.add_response(
        "enable_security_hub",
        {},
        {"EnableDefaultStandards": False, "ControlFindingGenerator": "SECURITY_CONTROL", "Tags": {"Owner": "sec"}},
    )
    expect_read(stub, dict(HUB, AutoEnableControls=False))
    stub.add_response("update_security_hub_configuration", {}, {"AutoEnableControls": True})
    expect_read(stub)
    result = run(diff=True)
    assert result["changed"] and result["hub"]["hub_arn"] == HUB_ARN and result["hub"]["auto_enable_controls"]
    assert result["diff"]["before"] == {}


def test_noop(stub, run):
    expect_read(stub)
    result = run()
    assert not result["changed"] and result["hub"]["tags"] == {"Owner": "sec"}


def test_update_settings_and_tags(stub, run):
    expect_read(stub, dict(HUB, ControlFindingGenerator="STANDARD_CONTROL"), tags={"old": "x"})
    stub.add_response("update_security_hub_configuration", {}, {"ControlFindingGenerator": "SECURITY_CONTROL"})
    stub.add_response("untag_resource", {}, {"ResourceArn": HUB_ARN, "TagKeys": ["old"]})
    stub.add_response("tag_resource", {}, {"ResourceArn": HUB_ARN, "Tags": {"Owner": "sec"}})
    expect_read(stub)
    result = run(diff=True)
    assert result["changed"] and result["diff"]["before"]["control_finding_generator"] == "STANDARD_CONTROL"
    assert result["hub"]["control_finding_generator"] == "SECURITY_CONTROL"


def test_unset_options_left_alone(stub, run):
    expect_read(stub, dict(HUB, AutoEnableControls=False), tags={"x": "y"})
    assert not run({"auto_enable_controls": None, "tags": None})["changed"]


def test_disable(stub, run):
    expect_read(stub)
    stub.add_response("disable_security_hub", {}, {})
    result = run({"state": "absent"})
    assert result["changed"] and result["hub"] == {}


def test_disable_when_disabled(stub, run):
    expect_read(stub, None)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write(stub, run):
    expect_read(stub, None)
    result = run(check_mode=True)
    assert result["changed"] and result["hub"] == {
        "auto_enable_controls": True,
        "control_finding_generator": "SECURITY_CONTROL",
        "tags": {"Owner": "sec"},
    }
    expect_read(stub, dict(HUB, AutoEnableControls=False))
    result = run(check_mode=True)
    assert result["changed"] and result["hub"]["auto_enable_controls"] is True


def test_api_error(stub, run):
    expect_read(stub, None)
    stub.add_client_error("enable_security_hub", "AccessDeniedException", "SCP denies", 403)
    result = run()
    assert result["failed"] and result["msg"].startswith("Failed to enable Security Hub")


def test_bad_input(run_module):
    result = run_module(securityhub_hub.main, {"control_finding_generator": "CONTROL"})
    assert result["failed"] and "control_finding_generator" in result["msg"]
