"""iam_managed_policies through main() against a Stubber-validated iam client: each policy read by its ARN (GetPolicy
and GetPolicyVersion of its default version), never ListPolicies; a new default version only for the policy whose
document differs (semantically), tags only where they differ; no write in check mode or in a no-op."""

import datetime
import json
from urllib.parse import quote

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import iam_managed_policies as module

ACCOUNT = "123456789012"
DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "NotAction": ["iam:GetUser", "sts:GetSessionToken"], "Resource": "*"}],
}
# The same policy as AWS may give it back: other key and value order, whitespace.
DOC_AS_READ = {
    "Statement": [{"Resource": "*", "NotAction": ["sts:GetSessionToken", "iam:GetUser"], "Effect": "Deny"}],
    "Version": "2012-10-17",
}
OTHER_DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
MFA, AUDIT = "ecia-require-mfa", "ecia-audit-read"
TAGS = {"owner": "security"}
ARGS = {
    "account_id": ACCOUNT,
    "policies": [
        {"name": MFA, "description": "MFA", "policy_document": json.dumps(DOC), "tags": TAGS},
        {"name": AUDIT, "path": "/audit/", "policy_document": json.dumps(OTHER_DOC), "tags": TAGS},
    ],
}
ARN = {MFA: f"arn:aws:iam::{ACCOUNT}:policy/{MFA}", AUDIT: f"arn:aws:iam::{ACCOUNT}:policy/audit/{AUDIT}"}
WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def aws_policy(name, version="v1", tags=None, description=None):
    policy = {
        "PolicyName": name,
        "PolicyId": "ANPA" + name.upper().replace("-", "")[:17],
        "Arn": ARN[name],
        "Path": "/audit/" if name == AUDIT else "/",
        "DefaultVersionId": version,
        "AttachmentCount": 3,
        "IsAttachable": True,
        "CreateDate": WHEN,
        "UpdateDate": WHEN,
        "Tags": [{"Key": k, "Value": v} for k, v in (TAGS if tags is None else tags).items()],
    }
    if description is not None:
        policy["Description"] = description
    return policy


@pytest.fixture
def iam(aws_client):
    client, stubber = aws_client("iam")
    calls = []
    # before-parameter-build runs for every call, before the Stubber answers: the operations the module made.
    client.meta.events.register("before-parameter-build.iam", lambda model, **kw: calls.append(model.name))
    yield client, stubber, calls
    assert "ListPolicies" not in calls  # in every test: policies are found by ARN, never by listing


@pytest.fixture
def stub(iam):
    return iam[1]


@pytest.fixture
def calls(iam):
    return iam[2]


@pytest.fixture
def sts(aws_client, iam):
    client, stubber = aws_client("sts")
    client.meta.events.register("before-parameter-build.sts", lambda model, **kw: iam[2].append(model.name))
    return client, stubber


@pytest.fixture
def run(run_module, iam, sts):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, **(args or {})), client={"iam": iam[0], "sts": sts[0]}, **kw)

    return run_


def expect_caller(sts, account=ACCOUNT, partition="aws"):
    identity = {"Account": account, "Arn": f"arn:{partition}:iam::{account}:root", "UserId": account}
    sts[1].add_response("get_caller_identity", identity, {})


def expect_read(stub, name, document=None, **policy):
    if document is None:
        stub.add_client_error("get_policy", "NoSuchEntity", "not found", 404, expected_params={"PolicyArn": ARN[name]})
        return
    found = aws_policy(name, **policy)
    stub.add_response("get_policy", {"Policy": found}, {"PolicyArn": ARN[name]})
    stub.add_response(
        "get_policy_version",
        {
            "PolicyVersion": {
                "Document": quote(json.dumps(document)),
                "VersionId": found["DefaultVersionId"],
                "IsDefaultVersion": True,
                "CreateDate": WHEN,
            }
        },
        {"PolicyArn": ARN[name], "VersionId": found["DefaultVersionId"]},
    )


def version(number, default=False):
    return {
        "VersionId": f"v{number}",
        "IsDefaultVersion": default,
        "CreateDate": WHEN + datetime.timedelta(days=number),
    }


WRITES = {
    "CreatePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "TagPolicy",
    "UntagPolicy",
    "DeletePolicy",
    "DetachGroupPolicy",
    "DetachUserPolicy",
    "DetachRolePolicy",
}


def test_noop_makes_only_reads_and_no_list_policies(stub, calls, run):
    expect_read(stub, MFA, DOC_AS_READ, description="MFA")
    expect_read(stub, AUDIT, OTHER_DOC)
    result = run(diff=True)
    assert not result["changed"]
    assert calls == ["GetPolicy", "GetPolicyVersion"] * 2
    assert [p["arn"] for p in result["policies"]] == [ARN[MFA], ARN[AUDIT]]
    assert result["policies"][0]["policy_document"] == DOC_AS_READ
    assert result["diff"]["before"] == result["diff"]["after"]


def test_create_from_nothing(stub, calls, run):
    expect_read(stub, MFA)
    expect_read(stub, AUDIT, OTHER_DOC)
    stub.add_response(
        "create_policy",
        {"Policy": aws_policy(MFA)},
        {
            "PolicyName": MFA,
            "Path": "/",
            "PolicyDocument": json.dumps(DOC, separators=(",", ":")),
            "Description": "MFA",
            "Tags": [{"Key": "owner", "Value": "security"}],
        },
    )
    result = run(diff=True)
    assert result["changed_policies"] == {"created": [MFA], "updated": [], "deleted": []}
    created = result["policies"][0]
    assert created["arn"] == ARN[MFA] and created["description"] == "MFA" and created["policy_document"] == DOC
    assert "ListPolicies" not in calls


def test_document_drift_in_one_policy_makes_a_version_only_there(stub, calls, run):
    expect_read(stub, MFA, DOC, description="MFA")
    expect_read(stub, AUDIT, DOC)  # AUDIT's document differs
    stub.add_response("list_policy_versions", {"Versions": [version(1, True)]}, {"PolicyArn": ARN[AUDIT]})
    stub.add_response(
        "create_policy_version",
        {"PolicyVersion": dict(version(2, True))},
        {"PolicyArn": ARN[AUDIT], "PolicyDocument": json.dumps(OTHER_DOC, separators=(",", ":")), "SetAsDefault": True},
    )
    result = run(diff=True)
    assert result["changed_policies"] == {"created": [], "updated": [AUDIT], "deleted": []}
    assert result["policies"][1]["default_version_id"] == "v2"
    assert result["diff"]["before"][AUDIT]["policy_document"] == DOC
    assert result["diff"]["after"][AUDIT]["policy_document"] == OTHER_DOC
    assert result["diff"]["before"][MFA] == result["diff"]["after"][MFA]
    assert [c for c in calls if c in WRITES] == ["CreatePolicyVersion"]


def test_at_five_versions_the_oldest_non_default_goes_first(stub, run):
    expect_read(stub, MFA, OTHER_DOC, description="MFA", version="v3")
    versions = [version(5), version(3, True), version(1), version(4), version(2)]
    stub.add_response("list_policy_versions", {"Versions": versions}, {"PolicyArn": ARN[MFA]})
    stub.add_response("delete_policy_version", {}, {"PolicyArn": ARN[MFA], "VersionId": "v1"})
    stub.add_response(
        "create_policy_version",
        {"PolicyVersion": version(6, True)},
        {"PolicyArn": ARN[MFA], "PolicyDocument": json.dumps(DOC, separators=(",", ":")), "SetAsDefault": True},
    )
    result = run({"policies": ARGS["policies"][:1]})
    assert result["changed"] and result["policies"][0]["default_version_id"] == "v6"


def test_tag_drift_in_one_policy_is_fixed_only_there(stub, calls, run):
    expect_read(stub, MFA, DOC, description="MFA", tags={"owner": "dev", "stray": "x"})
    expect_read(stub, AUDIT, OTHER_DOC)
    stub.add_response("untag_policy", {}, {"PolicyArn": ARN[MFA], "TagKeys": ["stray"]})
    stub.add_response("tag_policy", {}, {"PolicyArn": ARN[MFA], "Tags": [{"Key": "owner", "Value": "security"}]})
    result = run()
    assert result["changed_policies"]["updated"] == [MFA]
    assert result["policies"][0]["tags"] == TAGS


def test_tags_kept_without_purge_and_left_alone_when_unset(stub, run):
    expect_read(stub, MFA, DOC, description="MFA", tags=dict(TAGS, stray="x"))
    expect_read(stub, AUDIT, OTHER_DOC, tags={"other": "y"})
    policies = [dict(ARGS["policies"][0], purge_tags=False), dict(ARGS["policies"][1], tags=None)]
    assert not run({"policies": policies})["changed"]


def test_check_mode_makes_no_write(stub, calls, run):
    expect_read(stub, MFA)
    expect_read(stub, AUDIT, DOC, tags={})
    result = run(check_mode=True, diff=True)
    assert result["changed_policies"] == {"created": [MFA], "updated": [AUDIT], "deleted": []}
    assert result["policies"][0]["arn"] == ARN[MFA] and result["policies"][1]["policy_document"] == OTHER_DOC
    assert result["policies"][1]["tags"] == TAGS
    assert not [c for c in calls if c in WRITES]


def test_other_description_is_warned_about_not_changed(stub, run):
    expect_read(stub, MFA, DOC, description="old")
    result = run({"policies": ARGS["policies"][:1]})
    assert not result["changed"]
    assert any("cannot change a policy's description" in w for w in result.get("warnings", []))


def test_name_taken_at_another_path_fails_clearly(stub, sts, run):
    expect_read(stub, MFA)
    expect_caller(sts)  # no policy found at its ARN: the account given is checked before the write
    stub.add_client_error("create_policy", "EntityAlreadyExists", "exists", 409)
    result = run({"policies": ARGS["policies"][:1]})
    assert result["failed"] and "exists at another path or in another case" in result["msg"]


def test_account_from_sts_when_not_given(run_module, aws_client, iam):
    sts, sts_stub = aws_client("sts")
    sts_stub.add_response(
        "get_caller_identity", {"Account": ACCOUNT, "Arn": "arn:aws:iam::123456789012:root", "UserId": "AIDEXAMPLE"}, {}
    )
    expect_read(iam[1], MFA, DOC, description="MFA")
    args = {"policies": ARGS["policies"][:1]}
    result = run_module(module.main, args, client={"sts": sts, "iam": iam[0]})
    assert not result["changed"] and result["account_id"] == ACCOUNT


def test_absent_detaches_everything_then_deletes(stub, calls, run):
    expect_read(stub, MFA, DOC, version="v2")
    expect_read(stub, AUDIT)
    stub.add_response(
        "list_entities_for_policy",
        {
            "PolicyGroups": [{"GroupName": "ecia-developers"}],
            "PolicyUsers": [{"UserName": "alice"}],
            "PolicyRoles": [{"RoleName": "ops"}],
            "IsTruncated": False,
        },
        {"PolicyArn": ARN[MFA]},
    )
    stub.add_response("detach_group_policy", {}, {"GroupName": "ecia-developers", "PolicyArn": ARN[MFA]})
    stub.add_response("detach_user_policy", {}, {"UserName": "alice", "PolicyArn": ARN[MFA]})
    stub.add_response("detach_role_policy", {}, {"RoleName": "ops", "PolicyArn": ARN[MFA]})
    stub.add_response("list_policy_versions", {"Versions": [version(1), version(2, True)]}, {"PolicyArn": ARN[MFA]})
    stub.add_response("delete_policy_version", {}, {"PolicyArn": ARN[MFA], "VersionId": "v1"})
    stub.add_response("delete_policy", {}, {"PolicyArn": ARN[MFA]})
    result = run({"state": "absent", "policies": [{"name": MFA}, {"name": AUDIT, "path": "/audit/"}]})
    assert result["changed_policies"] == {"created": [], "updated": [], "deleted": [MFA]}
    assert result["detached"] == {MFA: {"groups": ["ecia-developers"], "users": ["alice"], "roles": ["ops"]}}
    assert result["policies"] == []


def test_absent_in_check_mode_reports_what_would_be_detached(stub, calls, run):
    expect_read(stub, MFA, DOC)
    stub.add_response(
        "list_entities_for_policy",
        {"PolicyGroups": [{"GroupName": "ecia-developers"}], "PolicyUsers": [], "PolicyRoles": []},
        {"PolicyArn": ARN[MFA]},
    )
    result = run({"state": "absent", "policies": [{"name": MFA}]}, check_mode=True)
    assert result["changed"] and result["detached"][MFA]["groups"] == ["ecia-developers"]
    assert not [c for c in calls if c in WRITES]


@pytest.mark.parametrize(
    "policy, error",
    [
        ({"name": "bad name", "policy_document": "{}"}, "name must be 1 to 128 characters"),
        # Python's \w is Unicode and $ matches before a final newline: IAM's pattern is ASCII, the whole name.
        ({"name": "caf\u00e9", "policy_document": "{}"}, "name must be 1 to 128 characters"),
        ({"name": "p\n", "policy_document": "{}"}, "name must be 1 to 128 characters"),
        ({"name": "p", "path": "/a/\n", "policy_document": "{}"}, "path must be /"),
        ({"name": "p", "path": "no-slash", "policy_document": "{}"}, "path must be /"),
        ({"name": "p", "path": "/a b/", "policy_document": "{}"}, "path must be /"),
        ({"name": "p", "description": "x" * 1001, "policy_document": "{}"}, "at most 1000 characters"),
        ({"name": "p"}, "policy_document is required"),
        ({"name": "p", "policy_document": "{not json"}, "policy_document is not JSON"),
        ({"name": "p", "policy_document": "{}", "tags": {str(i): "" for i in range(51)}}, "at most 50 tags"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, policy, error):
    result = run_module(module.main, {"account_id": ACCOUNT, "policies": [policy]})
    assert result["failed"] and error in result["msg"] and "policies[0]" in result["msg"]


def test_duplicate_names_and_bad_account_fail(run_module):
    policy = {"name": "p", "policy_document": "{}"}
    result = run_module(module.main, {"account_id": "12", "policies": [policy, policy]})
    assert "account_id must be a 12-digit" in result["msg"] and "names must be unique: p" in result["msg"]


# Tags compared as amazon.aws's compare_aws_tags compares them: values as text, AWS-reserved aws: keys never purged.
def test_tag_values_compare_as_text(stub, calls, run):
    expect_read(stub, MFA, DOC, description="MFA", tags={"Cost": "1", "on": "True"})
    result = run({"policies": [dict(ARGS["policies"][0], tags={"Cost": 1, "on": True})]})
    assert not result["changed"] and result["policies"][0]["tags"] == {"Cost": "1", "on": "True"}
    assert not [c for c in calls if c in WRITES]


def test_tag_values_are_sent_as_text(stub, sts, run):
    expect_read(stub, MFA)
    expect_caller(sts)
    stub.add_response(
        "create_policy",
        {"Policy": aws_policy(MFA, tags={"Cost": "1"})},
        {
            "PolicyName": MFA,
            "Path": "/",
            "PolicyDocument": json.dumps(DOC, separators=(",", ":")),
            "Tags": [{"Key": "Cost", "Value": "1"}],
        },
    )
    result = run({"policies": [dict(ARGS["policies"][0], description=None, tags={"Cost": 1})]})
    assert result["changed"] and result["policies"][0]["tags"] == {"Cost": "1"}


def test_aws_reserved_tags_are_kept_and_not_a_difference(stub, calls, run):
    reserved = {"aws:cloudformation:stack-name": "baseline"}
    expect_read(stub, MFA, DOC, description="MFA", tags=dict(TAGS, **reserved))
    expect_read(stub, AUDIT, DOC, tags=dict(TAGS, **reserved))  # a new version only: the tags stay
    stub.add_response("list_policy_versions", {"Versions": [version(1, True)]}, {"PolicyArn": ARN[AUDIT]})
    stub.add_response(
        "create_policy_version",
        {"PolicyVersion": version(2, True)},
        {"PolicyArn": ARN[AUDIT], "PolicyDocument": json.dumps(OTHER_DOC, separators=(",", ":")), "SetAsDefault": True},
    )
    result = run(diff=True)
    assert result["changed_policies"]["updated"] == [AUDIT]
    assert [p["tags"] for p in result["policies"]] == [dict(TAGS, **reserved)] * 2
    assert result["diff"]["after"][AUDIT]["tags"] == dict(TAGS, **reserved)
    assert [c for c in calls if c in WRITES] == ["CreatePolicyVersion"]


def test_aws_reserved_tag_keys_fail_before_any_call(run_module):
    policy = {"name": "p", "policy_document": "{}", "tags": {"AWS:owner": "x"}}
    result = run_module(module.main, {"account_id": ACCOUNT, "policies": [policy]})
    assert result["failed"] and "policies[0] (p): tags: aws: is reserved by AWS: AWS:owner" in result["msg"]


def test_check_mode_predicts_the_new_default_version(stub, run):
    # IAM numbers versions in sequence: the new default after v3 is v4 (as the update returns it); tags alone keep v3.
    expect_read(stub, MFA, DOC, description="MFA", version="v3", tags={})
    expect_read(stub, AUDIT, DOC, version="v3")
    result = run(check_mode=True, diff=True)
    assert [p["default_version_id"] for p in result["policies"]] == ["v3", "v4"]
    assert result["diff"]["after"][AUDIT]["default_version_id"] == "v4"


# The ARN's partition and account are the caller's: a policy can only be created (and deleted) in its account.
def test_account_and_partition_from_the_caller_when_not_given(stub, sts, calls, run):
    expect_caller(sts, partition="aws-us-gov")
    gov = f"arn:aws-us-gov:iam::{ACCOUNT}:policy/{MFA}"
    stub.add_client_error("get_policy", "NoSuchEntity", "none", 404, expected_params={"PolicyArn": gov})
    stub.add_response(
        "create_policy",
        {"Policy": dict(aws_policy(MFA), Arn=gov)},
        {"PolicyName": MFA, "Path": "/", "PolicyDocument": json.dumps(DOC, separators=(",", ":"))},
    )
    args = {"account_id": None, "policies": [dict(ARGS["policies"][0], description=None, tags=None)]}
    result = run(args, diff=True)
    assert result["account_id"] == ACCOUNT and result["policies"][0]["arn"] == gov
    assert calls == ["GetCallerIdentity", "GetPolicy", "CreatePolicy"]


def test_given_account_in_the_regions_partition_needs_no_caller_when_found(run_module, aws_client, sts):
    client, stubber = aws_client("iam", region="us-gov-west-1")
    gov = f"arn:aws-us-gov:iam::{ACCOUNT}:policy/{MFA}"
    stubber.add_response("get_policy", {"Policy": dict(aws_policy(MFA), Arn=gov)}, {"PolicyArn": gov})
    stubber.add_response(
        "get_policy_version",
        {"PolicyVersion": {"Document": quote(json.dumps(DOC)), "VersionId": "v1", "IsDefaultVersion": True}},
        {"PolicyArn": gov, "VersionId": "v1"},
    )
    args = {"account_id": ACCOUNT, "region": "us-gov-west-1", "policies": [dict(ARGS["policies"][0], tags=None)]}
    result = run_module(module.main, args, client={"iam": client, "sts": sts[0]})  # no STS answer: not called
    assert not result["changed"] and result["policies"][0]["arn"] == gov


@pytest.mark.parametrize("state", ["present", "absent"])
def test_account_not_the_callers_fails_before_any_write(stub, sts, calls, run, state):
    other = "111111111111"
    stub.add_client_error(
        "get_policy", "NoSuchEntity", "none", 404, expected_params={"PolicyArn": f"arn:aws:iam::{other}:policy/{MFA}"}
    )
    expect_caller(sts)
    result = run({"account_id": other, "state": state, "policies": ARGS["policies"][:1]})
    assert result["failed"] and f"account_id {other}" in result["msg"] and f"account {ACCOUNT}" in result["msg"]
    assert calls == ["GetPolicy", "GetCallerIdentity"]


def test_partition_of_the_caller_wins_over_the_regions(stub, sts, calls, run):
    # Nothing found at the region's partition's ARN: the caller's partition differs, the policy is read there.
    stub.add_client_error("get_policy", "NoSuchEntity", "none", 404, expected_params={"PolicyArn": ARN[MFA]})
    expect_caller(sts, partition="aws-cn")
    cn = f"arn:aws-cn:iam::{ACCOUNT}:policy/{MFA}"
    stub.add_response("get_policy", {"Policy": dict(aws_policy(MFA, description="MFA"), Arn=cn)}, {"PolicyArn": cn})
    stub.add_response(
        "get_policy_version",
        {"PolicyVersion": {"Document": quote(json.dumps(DOC)), "VersionId": "v1", "IsDefaultVersion": True}},
        {"PolicyArn": cn, "VersionId": "v1"},
    )
    result = run({"policies": ARGS["policies"][:1]})
    assert not result["changed"] and result["policies"][0]["arn"] == cn
    assert calls == ["GetPolicy", "GetCallerIdentity", "GetPolicy", "GetPolicyVersion"]


def test_names_differing_only_in_case_are_duplicates(run_module):
    policies = [{"name": "mfa", "policy_document": "{}"}, {"name": "MFA", "policy_document": "{}"}]
    result = run_module(module.main, {"account_id": ACCOUNT, "policies": policies})
    assert result["failed"] and "names must be unique (IAM ignores case): MFA, mfa" in result["msg"]
