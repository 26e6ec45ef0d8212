"""accessanalyzer_analyzer through main() against a Stubber-validated Access Analyzer client."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import accessanalyzer_analyzer as module

ARN = "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/org"
AT = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
RULE = {"isPublic": {"eq": ["false"]}}
ANALYZER = {
    "arn": ARN,
    "name": "org",
    "type": "ORGANIZATION",
    "createdAt": AT,
    "status": "ACTIVE",
    "tags": {"Owner": "sec"},
}
ARGS = {
    "name": "org",
    "type": "ORGANIZATION",
    "archive_rules": [{"rule_name": "private", "filter": RULE}],
    "tags": {"Owner": "sec"},
}


@pytest.fixture
def aa(aws_client):
    return aws_client("accessanalyzer")


@pytest.fixture
def stub(aa):
    return aa[1]


@pytest.fixture
def run(run_module, aa):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(module.main, merged, client=aa[0], **kw)

    return run_


def expect_read(stub, analyzer="default", rules=(("private", RULE),)):
    analyzer = ANALYZER if analyzer == "default" else analyzer
    if analyzer is None:
        stub.add_client_error(
            "get_analyzer", "ResourceNotFoundException", "no", 404, expected_params={"analyzerName": "org"}
        )
        return
    stub.add_response("get_analyzer", {"analyzer": dict(analyzer)}, {"analyzerName": "org"})
    listed = [{"ruleName": n, "filter": f, "createdAt": AT, "updatedAt": AT} for n, f in rules]
    stub.add_response("list_archive_rules", {"archiveRules": listed}, {"analyzerName": "org"})


def test_create(stub, run):
    expect_read(stub, None)
    stub.add_response(
        "create_analyzer",
        {"arn": ARN},
        {
            "analyzerName": "org",
            "type": "ORGANIZATION",
            "tags": {"Owner": "sec"},
            "archiveRules": [{"ruleName": "private", "filter": RULE}],
        },
    )
    expect_read(stub)
    result = run(diff=True)
    assert result["changed"] and result["analyzer"]["arn"] == ARN
    assert result["analyzer"]["archive_rules"] == [{"rule_name": "private", "filter": RULE}]


def test_noop(stub, run):
    expect_read(stub)
    assert not run()["changed"]


def test_update_rules_and_tags(stub, run):
    expect_read(stub, dict(ANALYZER, tags={}), rules=[("private", {"isPublic": {"eq": ["true"]}}), ("old", RULE)])
    stub.add_response("update_archive_rule", {}, {"analyzerName": "org", "ruleName": "private", "filter": RULE})
    stub.add_response("delete_archive_rule", {}, {"analyzerName": "org", "ruleName": "old"})
    stub.add_response("tag_resource", {}, {"resourceArn": ARN, "tags": {"Owner": "sec"}})
    expect_read(stub)
    result = run({"purge_archive_rules": True}, diff=True)
    assert result["changed"] and [r["rule_name"] for r in result["diff"]["before"]["archive_rules"]] == [
        "old",
        "private",
    ]


def test_unlisted_rules_are_kept_without_purge(stub, run):
    expect_read(stub, rules=[("private", RULE), ("other", RULE)])
    assert not run()["changed"]


def test_delete(stub, run):
    expect_read(stub)
    stub.add_response("delete_analyzer", {}, {"analyzerName": "org"})
    result = run({"state": "absent"})
    assert result["changed"] and result["analyzer"] == {}


def test_check_mode_makes_no_write(stub, run):
    expect_read(stub, None)
    result = run(check_mode=True)
    assert result["changed"] and result["analyzer"]["type"] == "ORGANIZATION" and "arn" not in result["analyzer"]


def test_type_change_fails(stub, run):
    expect_read(stub, dict(ANALYZER, type="ACCOUNT"))
    result = run()
    assert result["failed"] and "cannot change an analyzer's type" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            {"archive_rules": [{"rule_name": "r", "filter": {"isPublic": {"equals": ["x"]}}}]},
            "filter isPublic must be a dict of eq",
        ),
        (
            {"archive_rules": [{"rule_name": "r", "filter": {"isPublic": {"eq": "false"}}}]},
            "isPublic.eq must be a list",
        ),
        (
            {"archive_rules": [{"rule_name": "r", "filter": RULE}, {"rule_name": "r", "filter": RULE}]},
            "r is listed twice",
        ),
        ({"unused_access_age": 90}, "unused_access_age is only used with the *_UNUSED_ACCESS types"),
    ],
)
def test_bad_input(run_module, args, message):
    result = run_module(module.main, dict(ARGS, **args))
    assert result["failed"] and message in result["msg"]


# ------------------------------------------------------------------ regions
REGIONS = ["eu-west-1", "eu-central-1", "us-east-1"]


@pytest.fixture
def by_region(aws_client):
    return {region: aws_client("accessanalyzer", region=region) for region in REGIONS}


@pytest.fixture
def run_regions(run_module, by_region):
    def run_(args=None, **kw):
        clients = {region: client for region, (client, _stub) in by_region.items()}
        return run_module(module.main, dict(ARGS, regions=REGIONS, **(args or {})), client=clients, **kw)

    return run_


def test_regions_noop(by_region, run_regions):
    for _client, stub in by_region.values():
        expect_read(stub)
    result = run_regions(diff=True)
    assert not result["changed"] and "analyzer" not in result
    assert all(v["analyzer"]["arn"] == ARN for v in result["regions"].values())
    assert [d["before_header"] for d in result["diff"]] == [f"analyzer in {r}" for r in REGIONS]


def test_regions_one_attribute_drift_in_one_region_is_fixed_only_there(by_region, run_regions):
    for region, (_client, stub) in by_region.items():
        expect_read(stub, dict(ANALYZER, tags={"Owner": "old"}) if region == "us-east-1" else "default")
    stub = by_region["us-east-1"][1]
    stub.add_response("tag_resource", {}, {"resourceArn": ARN, "tags": {"Owner": "sec"}})
    expect_read(stub)
    result = run_regions(diff=True)
    assert result["changed"]
    changed = [d for d in result["diff"] if d["before"] != d["after"]]
    assert [d["before_header"] for d in changed] == ["analyzer in us-east-1"]
    before, after = changed[0]["before"], changed[0]["after"]
    assert [k for k in after if before.get(k) != after[k]] == ["tags"]


def test_regions_check_mode_makes_no_write(by_region, run_regions):
    expect_read(by_region["eu-west-1"][1], None)
    expect_read(by_region["eu-central-1"][1], rules=[])
    expect_read(by_region["us-east-1"][1])
    result = run_regions(check_mode=True)  # the Stubbers fail on any unexpected call
    assert result["changed"]
    assert result["regions"]["eu-west-1"]["analyzer"]["type"] == "ORGANIZATION"
    assert result["regions"]["eu-central-1"]["analyzer"]["archive_rules"] == [{"rule_name": "private", "filter": RULE}]


def test_regions_a_type_change_in_one_region_fails_before_any_write(by_region, run_regions):
    expect_read(by_region["eu-west-1"][1], None)  # would be created, but nothing is written anywhere
    expect_read(by_region["eu-central-1"][1])
    expect_read(by_region["us-east-1"][1], dict(ANALYZER, type="ACCOUNT"))
    result = run_regions()
    assert result["failed"] and "Analyzer org in us-east-1 has type ACCOUNT" in result["msg"]


def test_regions_absent_deletes_where_it_exists(by_region, run_regions):
    expect_read(by_region["eu-west-1"][1])
    expect_read(by_region["eu-central-1"][1], None)
    expect_read(by_region["us-east-1"][1])
    for region in ("eu-west-1", "us-east-1"):
        by_region[region][1].add_response("delete_analyzer", {}, {"analyzerName": "org"})
    result = run_regions({"state": "absent"})
    assert result["changed"] and all(v["analyzer"] == {} for v in result["regions"].values())
