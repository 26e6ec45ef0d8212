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


# ------------------------------------------------------------------ regions: one run, every region

REGIONS = ["us-east-1", "eu-west-1"]


@pytest.fixture
def by_region(aws_client):
    return {region: aws_client("securityhub", region=region) for region in REGIONS}


def run_regions(run_module, by_region, args=None, **kw):
    merged = {k: v for k, v in dict(ARGS, regions=REGIONS, **(args or {})).items() if v is not None}
    return run_module(securityhub_hub.main, merged, client={r: c for r, (c, _stub) in by_region.items()}, **kw)


def test_regions_noop_in_one_run(run_module, by_region):
    for _client, stub in by_region.values():
        expect_read(stub)
    result = run_regions(run_module, by_region)
    assert not result["changed"] and "hub" not in result
    assert [r["hub"]["hub_arn"] for r in result["regions"].values()] == [HUB_ARN, HUB_ARN]


def test_regions_drift_in_one_region_is_fixed_there_only(run_module, by_region):
    expect_read(by_region["us-east-1"][1])
    drifted = by_region["eu-west-1"][1]
    expect_read(drifted, dict(HUB, ControlFindingGenerator="STANDARD_CONTROL"))
    drifted.add_response("update_security_hub_configuration", {}, {"ControlFindingGenerator": "SECURITY_CONTROL"})
    expect_read(drifted)
    result = run_regions(run_module, by_region, diff=True)
    assert result["changed"]
    before = {d["before_header"]: d["before"]["control_finding_generator"] for d in result["diff"]}
    assert before == {"hub in us-east-1": "SECURITY_CONTROL", "hub in eu-west-1": "STANDARD_CONTROL"}


def test_regions_check_mode_makes_no_write(run_module, by_region):
    expect_read(by_region["us-east-1"][1], None)
    expect_read(by_region["eu-west-1"][1], dict(HUB, AutoEnableControls=False))
    result = run_regions(run_module, by_region, check_mode=True)
    assert result["changed"]
    assert "hub_arn" not in result["regions"]["us-east-1"]["hub"]
    assert result["regions"]["eu-west-1"]["hub"]["auto_enable_controls"] is True


def test_single_region_keeps_its_result_shape(stub, run):
    expect_read(stub)
    result = run(diff=True)
    assert result["hub"]["hub_arn"] == HUB_ARN and set(result["diff"]) == {"before", "after"}
