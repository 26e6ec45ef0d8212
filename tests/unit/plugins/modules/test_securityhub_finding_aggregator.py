"""securityhub_finding_aggregator through main() against a Stubber-validated Security Hub client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import securityhub_finding_aggregator as module

ARN = "arn:aws:securityhub:ap-south-1:123456789012:finding-aggregator/123e4567-e89b-12d3-a456-426652340000"
AGG = {
    "FindingAggregatorArn": ARN,
    "FindingAggregationRegion": "ap-south-1",
    "RegionLinkingMode": "SPECIFIED_REGIONS",
    "Regions": ["us-east-1", "eu-west-1"],
}
ARGS = {"region": "ap-south-1", "region_linking_mode": "SPECIFIED_REGIONS", "regions": ["eu-west-1", "us-east-1"]}


@pytest.fixture
def sh(aws_client):
    return aws_client("securityhub", region="ap-south-1")


@pytest.fixture
def stub(sh):
    return sh[1]


@pytest.fixture
def run(run_module, sh):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(module.main, merged, client=sh[0], **kw)

    return run_


def expect_read(stub, found="default"):
    found = AGG if found == "default" else found
    stub.add_response(
        "list_finding_aggregators", {"FindingAggregators": [{"FindingAggregatorArn": ARN}] if found else []}, {}
    )
    if found:
        stub.add_response("get_finding_aggregator", found, {"FindingAggregatorArn": ARN})


def test_create(stub, run):
    expect_read(stub, None)
    stub.add_response(
        "create_finding_aggregator",
        AGG,
        {"RegionLinkingMode": "SPECIFIED_REGIONS", "Regions": ["eu-west-1", "us-east-1"]},
    )
    result = run(diff=True)
    assert result["changed"] and result["finding_aggregator"]["finding_aggregator_arn"] == ARN
    assert result["finding_aggregator"]["regions"] == ["eu-west-1", "us-east-1"]


def test_noop_regions_in_any_order(stub, run):
    expect_read(stub)
    assert not run()["changed"]


def test_update(stub, run):
    expect_read(stub)
    stub.add_response(
        "update_finding_aggregator",
        dict(AGG, RegionLinkingMode="ALL_REGIONS", Regions=[]),
        {"FindingAggregatorArn": ARN, "RegionLinkingMode": "ALL_REGIONS"},
    )
    result = run({"region_linking_mode": "ALL_REGIONS", "regions": None}, diff=True)
    assert result["changed"] and result["finding_aggregator"]["region_linking_mode"] == "ALL_REGIONS"
    assert result["diff"]["before"]["region_linking_mode"] == "SPECIFIED_REGIONS"


def test_delete(stub, run):
    expect_read(stub)
    stub.add_response("delete_finding_aggregator", {}, {"FindingAggregatorArn": ARN})
    result = run({"state": "absent", "region_linking_mode": None, "regions": None})
    assert result["changed"] and result["finding_aggregator"] == {}


def test_check_mode_makes_no_write(stub, run):
    expect_read(stub, None)
    result = run(check_mode=True)
    assert result["changed"] and result["finding_aggregator"]["finding_aggregation_region"] == "ap-south-1"


def test_aggregator_in_another_region_fails(stub, run):
    expect_read(stub, dict(AGG, FindingAggregationRegion="us-east-1"))
    result = run()
    assert result["failed"] and "is in us-east-1, not ap-south-1" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"region_linking_mode": None}, "requires region_linking_mode"),
        ({"regions": None}, "region_linking_mode=SPECIFIED_REGIONS requires regions"),
        ({"region_linking_mode": "ALL_REGIONS"}, "regions is only used with"),
    ],
)
def test_bad_input(run_module, args, message):
    merged = {k: v for k, v in dict(ARGS, **args).items() if v is not None}
    result = run_module(module.main, merged)
    assert result["failed"] and message in result["msg"]
