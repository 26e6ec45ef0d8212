"""logs_log_groups through main() against a Stubber-validated CloudWatch Logs client: one DescribeLogGroups of the
names' common prefix for all the groups, their tags read only when managed, a write only for a group missing or
differing in retention or tags (in the one group that differs)."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import logs_log_groups as module

REGION = "eu-west-1"
APP, SYSTEM = "/aws/ec2/ecia-prod/app", "/aws/ec2/ecia-prod/system"
TAGS = {"env": "prod", "owner": "ops"}
ARGS = {"log_groups": [{"name": n, "retention": 30, "tags": TAGS} for n in (APP, SYSTEM)]}
ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:"


def aws_group(name, retention=30):
    group = {"logGroupName": name, "arn": ARN + name + ":*", "creationTime": 1700000000000, "storedBytes": 0}
    if retention:
        group["retentionInDays"] = retention
    return group


@pytest.fixture
def logs(aws_client):
    return aws_client("logs", region=REGION)


@pytest.fixture
def stub(logs):
    return logs[1]


@pytest.fixture
def run(run_module, logs):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, region=REGION, **(args or {})), client=logs[0], **kw)

    return run_


def expect_describe(stub, *groups, prefix="/aws/ec2/ecia-prod/"):
    stub.add_response("describe_log_groups", {"logGroups": list(groups)}, {"logGroupNamePrefix": prefix})


def expect_tags(stub, name, tags):
    stub.add_response("list_tags_log_group", {"tags": tags}, {"logGroupName": name})


def test_create_from_nothing(stub, run):
    expect_describe(stub, aws_group("/aws/ec2/ecia-prod/other"))
    for name in (APP, SYSTEM):
        stub.add_response("create_log_group", {}, {"logGroupName": name, "tags": TAGS})
        stub.add_response("put_retention_policy", {}, {"logGroupName": name, "retentionInDays": 30})
    expect_describe(stub, aws_group(APP), aws_group(SYSTEM))  # read back once: ARNs
    result = run(diff=True)
    assert result["changed_log_groups"] == {"created": [APP, SYSTEM], "updated": [], "deleted": []}
    assert [g["arn"] for g in result["log_groups"]] == [ARN + APP + ":*", ARN + SYSTEM + ":*"]
    assert result["log_groups"][0]["tags"] == TAGS


def test_noop_one_describe_and_the_tags(stub, run):
    expect_describe(stub, aws_group(APP), aws_group(SYSTEM))
    expect_tags(stub, APP, TAGS)
    expect_tags(stub, SYSTEM, TAGS)
    result = run(diff=True)
    assert not result["changed"]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_retention_drift_in_one_group_is_fixed_only_there(stub, run):
    expect_describe(stub, aws_group(APP), aws_group(SYSTEM, retention=None))
    expect_tags(stub, APP, TAGS)
    expect_tags(stub, SYSTEM, TAGS)
    stub.add_response("put_retention_policy", {}, {"logGroupName": SYSTEM, "retentionInDays": 30})
    result = run(diff=True)
    assert result["changed_log_groups"] == {"created": [], "updated": [SYSTEM], "deleted": []}
    assert result["diff"]["before"][SYSTEM].get("retention_in_days") is None
    assert result["diff"]["after"][SYSTEM]["retention_in_days"] == 30


def test_tag_drift_in_one_group_is_fixed_only_there(stub, run):
    expect_describe(stub, aws_group(APP), aws_group(SYSTEM))
    expect_tags(stub, APP, TAGS)
    expect_tags(stub, SYSTEM, {"env": "dev", "owner": "ops", "stray": "x"})
    stub.add_response("untag_log_group", {}, {"logGroupName": SYSTEM, "tags": ["stray"]})
    stub.add_response("tag_log_group", {}, {"logGroupName": SYSTEM, "tags": {"env": "prod"}})
    result = run()
    assert result["changed_log_groups"]["updated"] == [SYSTEM]


def test_tags_kept_without_purge(stub, run):
    expect_describe(stub, aws_group(APP), prefix=APP)
    expect_tags(stub, APP, dict(TAGS, stray="x"))
    args = {"log_groups": [{"name": APP, "retention": 30, "tags": TAGS, "purge_tags": False}]}
    assert not run(args)["changed"]


def test_unset_options_are_left_alone_and_tags_not_read(stub, run):
    expect_describe(stub, aws_group(APP, retention=7), prefix=APP)
    assert not run({"log_groups": [{"name": APP}]})["changed"]


def test_check_mode_writes_nothing(stub, run):
    expect_describe(stub, aws_group(APP, retention=7))
    expect_tags(stub, APP, TAGS)
    result = run(check_mode=True)
    assert result["changed_log_groups"] == {"created": [SYSTEM], "updated": [APP], "deleted": []}
    assert [g["retention_in_days"] for g in result["log_groups"]] == [30, 30]


def test_absent_deletes_the_existing(stub, run):
    expect_describe(stub, aws_group(SYSTEM))
    stub.add_response("delete_log_group", {}, {"logGroupName": SYSTEM})
    result = run({"state": "absent", "log_groups": [{"name": APP}, {"name": SYSTEM}]})
    assert result["changed_log_groups"]["deleted"] == [SYSTEM] and result["log_groups"] == []


def test_bad_name_fails_before_any_call(run_module):
    result = run_module(module.main, {"log_groups": [{"name": "bad name"}]})
    assert result["failed"] and "log_groups[0] (bad name)" in result["msg"]
