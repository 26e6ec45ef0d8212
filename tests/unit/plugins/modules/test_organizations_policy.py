"""organizations_policy and organizations_policy_info driven through main() against a Stubber-validated client."""

import json

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import organizations_policy
from ansible_collections.prodgrade.aws.plugins.modules import organizations_policy_info

ORG = "o-exampleorg1"
SCP = "SERVICE_CONTROL_POLICY"
ROOT = {"Id": "r-ab12", "Arn": f"arn:aws:organizations::111111111111:root/{ORG}/r-ab12", "Name": "Root"}
WORKLOADS = {"Id": "ou-ab12-11111111", "Arn": "arn:aws:organizations::111111111111:ou/x", "Name": "Workloads"}
PROD = {"Id": "ou-ab12-22222222", "Arn": "arn:aws:organizations::111111111111:ou/y", "Name": "Prod"}
POLICY_ID = "p-abcdefgh"
DOC = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "DenyLeave", "Effect": "Deny", "Action": ["organizations:LeaveOrganization"], "Resource": "*"}
    ],
}
# The same document, differently written: key order, whitespace, a single string instead of a one-element list.
SAME_DOC_TEXT = """{"Statement": [{"Resource": "*", "Action": "organizations:LeaveOrganization",
    "Effect": "Deny", "Sid": "DenyLeave"}], "Version": "2012-10-17"}"""
SUMMARY = {
    "Id": POLICY_ID,
    "Arn": f"arn:aws:organizations::111111111111:policy/{ORG}/service_control_policy/{POLICY_ID}",
    "Name": "deny-leave",
    "Description": "d",
    "Type": SCP,
    "AwsManaged": False,
}
ROOT_TARGET = {"TargetId": "r-ab12", "Arn": ROOT["Arn"], "Name": "Root", "Type": "ROOT"}
PROD_TARGET = {"TargetId": PROD["Id"], "Arn": PROD["Arn"], "Name": "Prod", "Type": "ORGANIZATIONAL_UNIT"}
ARGS = {"name": "deny-leave", "description": "d", "content": DOC, "targets": ["Root"]}


def minified(doc):
    return json.dumps(doc, separators=(",", ":"))


@pytest.fixture
def org(aws_client):
    return aws_client("organizations")


@pytest.fixture
def stub(org):
    return org[1]


@pytest.fixture
def run(run_module, org):
    def run_(args=None, main=organizations_policy.main, base=True, **kw):
        merged = dict(ARGS, **(args or {})) if base else dict(args or {})
        return run_module(main, {k: v for k, v in merged.items() if v is not None}, client=org[0], **kw)

    return run_


def expect_list(stub, *summaries, policy_type=SCP):
    stub.add_response("list_policies", {"Policies": list(summaries)}, {"Filter": policy_type})


def expect_get(stub, content=None, targets=(ROOT_TARGET,), tags=None, summary=None):
    summary = summary or SUMMARY
    content = DOC if content is None else content
    text = content if isinstance(content, str) else json.dumps(content)
    stub.add_response(
        "describe_policy", {"Policy": {"PolicySummary": summary, "Content": text}}, {"PolicyId": summary["Id"]}
    )
    stub.add_response("list_targets_for_policy", {"Targets": list(targets)}, {"PolicyId": summary["Id"]})
    if not summary.get("AwsManaged"):
        tag_list = [{"Key": k, "Value": v} for k, v in (tags or {}).items()]
        stub.add_response("list_tags_for_resource", {"Tags": tag_list}, {"ResourceId": summary["Id"]})


def expect_existing(stub, **kw):
    expect_list(stub, SUMMARY)
    expect_get(stub, **kw)


def expect_root(stub):
    stub.add_response("list_roots", {"Roots": [ROOT]}, {})


def expect_prod_path(stub):
    expect_root(stub)
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": [WORKLOADS]}, {"ParentId": "r-ab12"}
    )
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": [PROD]}, {"ParentId": WORKLOADS["Id"]}
    )


def expect_attached(stub, target_id, *names):
    policies = [dict(SUMMARY, Id=f"p-{i:08d}", Name=name) for i, name in enumerate(names)]
    stub.add_response("list_policies_for_target", {"Policies": policies}, {"TargetId": target_id, "Filter": SCP})


def test_create_attach_and_diff(stub, run):
    expect_list(stub)
    expect_root(stub)
    expect_attached(stub, "r-ab12", "FullAWSAccess")
    stub.add_response(
        "create_policy",
        {"Policy": {"PolicySummary": SUMMARY, "Content": minified(DOC)}},
        {
            "Content": minified(DOC),
            "Description": "d",
            "Name": "deny-leave",
            "Type": SCP,
            "Tags": [{"Key": "Owner", "Value": "platform"}],
        },
    )
    stub.add_response("attach_policy", {}, {"PolicyId": POLICY_ID, "TargetId": "r-ab12"})
    expect_get(stub, tags={"Owner": "platform"})
    result = run({"tags": {"Owner": "platform"}}, diff=True)
    assert result["changed"] and not result["failed"]
    assert result["policy"]["id"] == POLICY_ID and result["policy"]["content"] == DOC
    assert result["policy"]["targets"] == [{"target_id": "r-ab12", "type": "ROOT", "name": "Root"}]
    assert result["diff"]["before"] == {}
    after = result["diff"]["after"]
    assert after["targets"] == ["Root"] and after["tags"] == {"Owner": "platform"} and after["content"] == DOC


def test_semantically_equal_content_is_a_noop(stub, run):
    expect_existing(stub, content=SAME_DOC_TEXT)
    expect_root(stub)
    result = run(diff=True)
    assert not result["changed"]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_content_update_diff_is_line_by_line(stub, run):
    new_doc = json.loads(json.dumps(DOC))
    new_doc["Statement"][0]["Action"].append("account:CloseAccount")
    expect_existing(stub)
    expect_root(stub)
    stub.add_response(
        "update_policy",
        {"Policy": {"PolicySummary": SUMMARY, "Content": minified(new_doc)}},
        {"PolicyId": POLICY_ID, "Content": minified(new_doc)},
    )
    expect_get(stub, content=new_doc)
    result = run({"content": json.dumps(new_doc, indent=4)}, diff=True)
    assert result["changed"] and result["policy"]["content"] == new_doc
    # Ansible prints a dict diff as JSON with sorted keys: the content changes line by line
    before, after = (
        json.dumps(result["diff"][side], indent=4, sort_keys=True).splitlines() for side in ("before", "after")
    )
    assert [line.strip() for line in after if line not in before] == [
        '"organizations:LeaveOrganization",',
        '"account:CloseAccount"',
    ]


def test_description_and_tags_update(stub, run):
    expect_existing(stub, tags={"Owner": "old"})
    expect_root(stub)
    stub.add_response(
        "update_policy",
        {"Policy": {"PolicySummary": SUMMARY, "Content": minified(DOC)}},
        {"PolicyId": POLICY_ID, "Description": "new"},
    )
    stub.add_response("tag_resource", {}, {"ResourceId": POLICY_ID, "Tags": [{"Key": "Owner", "Value": "p"}]})
    expect_get(stub, summary=dict(SUMMARY, Description="new"), tags={"Owner": "p"})
    result = run({"description": "new", "tags": {"Owner": "p"}})
    assert result["changed"] and result["policy"]["description"] == "new" and result["policy"]["tags"] == {"Owner": "p"}


def test_check_mode_makes_no_write_call(stub, run):
    expect_existing(stub)
    expect_prod_path(stub)
    expect_attached(stub, PROD["Id"], "FullAWSAccess")
    new_doc = dict(DOC, Statement=[dict(DOC["Statement"][0], Action="s3:*")])
    result = run({"content": new_doc, "targets": ["Workloads/Prod"], "purge_targets": True}, check_mode=True, diff=True)
    assert result["changed"]
    assert result["policy"]["content"] == new_doc
    assert result["policy"]["targets"] == [{"target_id": PROD["Id"], "type": "ORGANIZATIONAL_UNIT", "name": "Prod"}]
    assert result["diff"]["before"]["targets"] == ["Root"] and result["diff"]["after"]["targets"] == ["Workloads/Prod"]


def test_check_mode_with_an_ou_created_by_an_earlier_task(stub, run):
    expect_existing(stub)
    expect_root(stub)
    stub.add_response("list_organizational_units_for_parent", {"OrganizationalUnits": []}, {"ParentId": "r-ab12"})
    result = run({"targets": ["Root", "Workloads/Prod"]}, check_mode=True, diff=True)
    assert result["changed"] and result["diff"]["after"]["targets"] == ["Root", "Workloads/Prod"]


def test_attach_only_without_purge(stub, run):
    expect_existing(stub)
    expect_prod_path(stub)
    expect_attached(stub, PROD["Id"], "FullAWSAccess", "a", "b", "c")  # 4 + this one = 5: at the quota, allowed
    stub.add_response("attach_policy", {}, {"PolicyId": POLICY_ID, "TargetId": PROD["Id"]})
    expect_get(stub, targets=(ROOT_TARGET, PROD_TARGET))
    result = run({"targets": ["Root/Workloads/Prod"]})
    assert result["changed"] and len(result["policy"]["targets"]) == 2  # Root kept


def test_purge_targets_detaches_the_others(stub, run):
    expect_existing(stub, targets=(ROOT_TARGET, PROD_TARGET))
    expect_prod_path(stub)
    stub.add_response("detach_policy", {}, {"PolicyId": POLICY_ID, "TargetId": "r-ab12"})
    expect_get(stub, targets=(PROD_TARGET,))
    result = run({"targets": ["Workloads/Prod"], "purge_targets": True}, diff=True)
    assert result["changed"]
    assert result["policy"]["targets"] == [{"target_id": PROD["Id"], "type": "ORGANIZATIONAL_UNIT", "name": "Prod"}]
    assert "Root" in result["diff"]["before"]["targets"] and "Root" not in result["diff"]["after"]["targets"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_quota_exceeded_attaches_nothing(stub, run, check_mode):
    expect_existing(stub)
    expect_prod_path(stub)
    stub.add_response(
        "describe_account", {"Account": {"Id": "222222222222", "Name": "prod"}}, {"AccountId": "222222222222"}
    )
    expect_attached(stub, "222222222222", "FullAWSAccess")  # targets are handled in id order
    expect_attached(stub, PROD["Id"], "FullAWSAccess", "a", "b", "c", "d")
    # no attach_policy stubbed: none may happen; check mode refuses too
    result = run({"targets": ["Workloads/Prod", "222222222222"]}, check_mode=check_mode)
    assert result["failed"]
    assert "would exceed 5 SERVICE_CONTROL_POLICY per target (max_scps_per_target)" in result["msg"]
    assert "Workloads/Prod (ou-ab12-22222222) already has 5 (FullAWSAccess, a, b, c, d)" in result["msg"]
    assert "nothing was attached" in result["msg"] and "222222222222" not in result["msg"]


def test_quota_is_a_parameter(stub, run):
    expect_existing(stub)
    expect_prod_path(stub)
    expect_attached(stub, PROD["Id"], "FullAWSAccess", "a", "b", "c", "d")
    stub.add_response("attach_policy", {}, {"PolicyId": POLICY_ID, "TargetId": PROD["Id"]})
    expect_get(stub, targets=(ROOT_TARGET, PROD_TARGET))
    assert run({"targets": ["Workloads/Prod"], "max_scps_per_target": 10})["changed"]


def test_principal_rejected_before_any_call(run_module):
    bad = {"Version": "2012-10-17", "Statement": [dict(DOC["Statement"][0], Principal={"AWS": "*"})]}
    result = run_module(organizations_policy.main, dict(ARGS, content=bad))  # no client: a call would fail
    assert result["failed"]
    assert result["msg"] == (
        "content of policy deny-leave: statement 1 (DenyLeave): Principal is not allowed in an SCP "
        "(an SCP applies to the accounts it is attached to)"
    )


def test_size_limit_before_any_call(run_module):
    big = {"Version": "2012-10-17", "Statement": [dict(DOC["Statement"][0], Action=["s3:" + "A" * 5200])]}
    result = run_module(organizations_policy.main, dict(ARGS, content=big))
    assert result["failed"] and "over the 5120-character maximum for SERVICE_CONTROL_POLICY" in result["msg"]
    tag = {"tags": {"x": {"tag_key": {"@@assign": "A" * 5200}}}}
    result = run_module(organizations_policy.main, dict(ARGS, content=tag, type="TAG_POLICY", max_policy_size=5000))
    assert result["failed"] and "over the 5000-character maximum for TAG_POLICY" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"content": '{"Version": "2012-10-17",'}, "not valid JSON"),
        ({"content": None}, "content is required when state=present"),
        ({"targets": ["Workloads//Prod"]}, "targets: OU path 'Workloads//Prod' has an empty component"),
        ({"max_scps_per_target": 0}, "max_scps_per_target must be a positive number"),
    ],
)
def test_bad_input(run_module, args, message):
    merged = {k: v for k, v in dict(ARGS, **args).items() if v is not None}
    result = run_module(organizations_policy.main, merged)
    assert result["failed"] and message in result["msg"]


def test_delete_detaches_then_deletes(stub, run):
    expect_existing(stub, targets=(ROOT_TARGET, PROD_TARGET))
    stub.add_response("detach_policy", {}, {"PolicyId": POLICY_ID, "TargetId": PROD["Id"]})
    stub.add_response("detach_policy", {}, {"PolicyId": POLICY_ID, "TargetId": "r-ab12"})
    stub.add_response("delete_policy", {}, {"PolicyId": POLICY_ID})
    result = run({"name": "deny-leave", "state": "absent"}, base=False)
    assert result["changed"] and result["policy"] == {}, result


def test_delete_in_check_mode_makes_no_write_call(stub, run):
    expect_existing(stub)
    result = run({"name": "deny-leave", "state": "absent"}, base=False, check_mode=True, diff=True)
    assert result["changed"] and result["diff"]["after"] == {} and result["diff"]["before"]["name"] == "deny-leave"


def test_delete_missing_is_a_noop(stub, run):
    expect_list(stub)
    assert not run({"name": "deny-leave", "state": "absent"}, base=False)["changed"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_aws_managed_policy_cannot_change(stub, run, check_mode):
    managed = dict(SUMMARY, Id="p-FullAWSAccess", Name="FullAWSAccess", AwsManaged=True)
    expect_list(stub, managed)
    expect_get(stub, summary=managed, content={"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]})
    expect_root(stub)
    result = run({"name": "FullAWSAccess"}, check_mode=check_mode)
    assert result["failed"] and "AWS managed policy" in result["msg"]


def test_info_by_target(stub, run):
    expect_prod_path(stub)
    stub.add_response("list_policies_for_target", {"Policies": [SUMMARY]}, {"TargetId": PROD["Id"], "Filter": SCP})
    expect_get(stub, targets=(PROD_TARGET,))
    result = run({"target": "Workloads/Prod"}, main=organizations_policy_info.main, base=False)
    assert not result["changed"]
    assert [p["name"] for p in result["policies"]] == ["deny-leave"]
    assert result["policies"][0]["content"] == DOC


def test_info_by_name(stub, run):
    expect_list(stub, SUMMARY, dict(SUMMARY, Id="p-other000", Name="other"), policy_type="TAG_POLICY")
    expect_get(stub, summary=dict(SUMMARY, Type="TAG_POLICY"), content={"tags": {}})
    result = run({"type": "TAG_POLICY", "name": "deny-leave"}, main=organizations_policy_info.main, base=False)
    assert [p["content"] for p in result["policies"]] == [{"tags": {}}]
