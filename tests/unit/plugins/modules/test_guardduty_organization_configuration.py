"""guardduty_organization_configuration through main() against a Stubber-validated GuardDuty client."""

import copy

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import guardduty_organization_configuration as module

DID = "12abc34d567e8fa901bc2d34e56789f0"
CONFIG = {
    "AutoEnable": True,
    "AutoEnableOrganizationMembers": "ALL",
    "MemberAccountLimitReached": False,
    "Features": [
        {"Name": "S3_DATA_EVENTS", "AutoEnable": "ALL"},
        {"Name": "EBS_MALWARE_PROTECTION", "AutoEnable": "NONE"},
    ],
}
ARGS = {"auto_enable_organization_members": "ALL", "features": [{"name": "S3_DATA_EVENTS"}]}


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


def expect_read(stub, config=None, detector=True, paged=False):
    config = copy.deepcopy(config or CONFIG)  # the module pops the pages' Features: keep CONFIG whole
    stub.add_response("list_detectors", {"DetectorIds": [DID] if detector else []}, {})
    if not detector:
        return
    if paged:  # the features list is paginated
        first = dict(config, Features=config["Features"][:1], NextToken="t")
        stub.add_response("describe_organization_configuration", first, {"DetectorId": DID})
        rest = dict(config, Features=config["Features"][1:])
        stub.add_response("describe_organization_configuration", rest, {"DetectorId": DID, "NextToken": "t"})
    else:
        stub.add_response("describe_organization_configuration", config, {"DetectorId": DID})


def test_noop_reads_every_page(stub, run):
    expect_read(stub, paged=True)
    result = run({"features": [{"name": "S3_DATA_EVENTS"}, {"name": "EBS_MALWARE_PROTECTION", "auto_enable": "NONE"}]})
    assert not result["changed"] and len(result["organization_configuration"]["features"]) == 2


def test_first_configuration(stub, run):
    expect_read(stub, dict(CONFIG, AutoEnable=False, AutoEnableOrganizationMembers="NONE", Features=[]))
    update = {
        "DetectorId": DID,
        "AutoEnableOrganizationMembers": "ALL",
        "Features": [{"Name": "S3_DATA_EVENTS", "AutoEnable": "ALL"}],
    }
    stub.add_response("update_organization_configuration", {}, update)
    stub.add_response("describe_organization_configuration", copy.deepcopy(CONFIG), {"DetectorId": DID})
    result = run(diff=True)
    assert result["changed"] and result["organization_configuration"]["auto_enable_organization_members"] == "ALL"
    assert result["diff"]["before"]["auto_enable_organization_members"] == "NONE"


def test_feature_update_sends_the_current_member_setting(stub, run):
    expect_read(stub)
    update = {
        "DetectorId": DID,
        "AutoEnableOrganizationMembers": "ALL",  # unset in the task, required by the API: the current value
        "Features": [
            {
                "Name": "RUNTIME_MONITORING",
                "AutoEnable": "NEW",
                "AdditionalConfiguration": [{"Name": "EC2_AGENT_MANAGEMENT", "AutoEnable": "NEW"}],
            }
        ],
    }
    stub.add_response("update_organization_configuration", {}, update)
    stub.add_response("describe_organization_configuration", copy.deepcopy(CONFIG), {"DetectorId": DID})
    features = [
        {
            "name": "RUNTIME_MONITORING",
            "auto_enable": "NEW",
            "additional_configuration": [{"name": "EC2_AGENT_MANAGEMENT", "auto_enable": "NEW"}],
        }
    ]
    result = run({"auto_enable_organization_members": None, "features": features})
    assert result["changed"], result


def test_check_mode_predicts_without_writing(stub, run):
    expect_read(stub)
    result = run({"auto_enable_organization_members": "NEW"}, check_mode=True)
    config = result["organization_configuration"]
    assert result["changed"] and config["auto_enable_organization_members"] == "NEW" and config["auto_enable"]


def test_check_mode_without_detector_predicts(stub, run):
    expect_read(stub, detector=False)
    result = run(check_mode=True)
    assert result["changed"] and result["organization_configuration"]["features"][0]["name"] == "S3_DATA_EVENTS"


def test_without_detector_fails(stub, run):
    expect_read(stub, detector=False)
    result = run()
    assert result["failed"] and "create it first" in result["msg"]


def test_access_denied_in_non_admin_account(stub, run):
    stub.add_response("list_detectors", {"DetectorIds": [DID]}, {})
    stub.add_client_error("describe_organization_configuration", "BadRequestException", "not the admin")
    result = run()
    assert result["failed"] and result["msg"].startswith("Failed to describe organization configuration")


def test_bad_input(run_module):
    result = run_module(module.main, {"features": [{"name": "S3_DATA_EVENTS", "auto_enable": "SOME"}]})
    assert result["failed"] and "auto_enable" in result["msg"]
    result = run_module(module.main, {"features": [{"name": "S3_DATA_EVENTS"}, {"name": "S3_DATA_EVENTS"}]})
    assert result["failed"] and "listed twice" in result["msg"]


# ------------------------------------------------------------------ regions: one run, every region

REGIONS = ["us-east-1", "eu-west-1"]


@pytest.fixture
def by_region(aws_client):
    return {region: aws_client("guardduty", region=region) for region in REGIONS}


def run_regions(run_module, by_region, args=None, **kw):
    merged = dict(ARGS, regions=REGIONS, **(args or {}))
    return run_module(module.main, merged, client={r: c for r, (c, _stub) in by_region.items()}, **kw)


def test_regions_drift_in_one_region_is_fixed_there_only(run_module, by_region):
    expect_read(by_region["us-east-1"][1])
    drifted = by_region["eu-west-1"][1]
    expect_read(drifted, dict(CONFIG, AutoEnableOrganizationMembers="NEW"))
    drifted.add_response(
        "update_organization_configuration", {}, {"DetectorId": DID, "AutoEnableOrganizationMembers": "ALL"}
    )
    drifted.add_response("describe_organization_configuration", copy.deepcopy(CONFIG), {"DetectorId": DID})
    result = run_regions(run_module, by_region)
    assert result["changed"] and "organization_configuration" not in result
    members = {
        r: v["organization_configuration"]["auto_enable_organization_members"] for r, v in result["regions"].items()
    }
    assert members == {"us-east-1": "ALL", "eu-west-1": "ALL"}


def test_regions_check_mode_makes_no_write_and_predicts_without_a_detector(run_module, by_region):
    expect_read(by_region["us-east-1"][1], dict(CONFIG, AutoEnableOrganizationMembers="NEW"))
    expect_read(by_region["eu-west-1"][1], detector=False)
    result = run_regions(run_module, by_region, check_mode=True)
    assert result["changed"]
    assert result["regions"]["eu-west-1"]["organization_configuration"]["auto_enable_organization_members"] == "ALL"


def test_regions_and_detector_id_are_exclusive(run_module):
    result = run_module(module.main, dict(ARGS, regions=REGIONS, detector_id=DID))
    assert result["failed"] and "mutually exclusive" in result["msg"]
