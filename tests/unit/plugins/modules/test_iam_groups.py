"""iam_groups through main() against a Stubber-validated iam client: one ListGroups for all the groups, one
ListAttachedGroupPolicies per existing group whose policies are managed, a write only for the group that is missing
or differs (only there), none in check mode or in a no-op; no ListPolicies (policies are given by ARN)."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import iam_groups as module

ACCOUNT = "123456789012"
MFA = f"arn:aws:iam::{ACCOUNT}:policy/ecia-require-mfa"
AUDIT = "arn:aws:iam::aws:policy/SecurityAudit"
ADMINS, DEVS, AUDITORS = "ecia-administrators", "ecia-developers", "ecia-auditors"
NAMES = [ADMINS, DEVS, AUDITORS]
ARGS = {"groups": [{"name": n, "managed_policies": [MFA]} for n in NAMES]}
WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
WRITES = {"CreateGroup", "UpdateGroup", "DeleteGroup", "AttachGroupPolicy", "DetachGroupPolicy", "RemoveUserFromGroup"}


def aws_group(name, path="/"):
    return {
        "Path": path,
        "GroupName": name,
        "GroupId": ("AGPA" + name.upper().replace("-", "") + "X" * 16)[:21],
        "Arn": f"arn:aws:iam::{ACCOUNT}:group{path}{name}",
        "CreateDate": WHEN,
    }


@pytest.fixture
def iam(aws_client):
    client, stubber = aws_client("iam")
    calls = []
    client.meta.events.register("before-parameter-build.iam", lambda model, **kw: calls.append(model.name))
    yield client, stubber, calls
    assert "ListPolicies" not in calls


@pytest.fixture
def stub(iam):
    return iam[1]


@pytest.fixture
def calls(iam):
    return iam[2]


@pytest.fixture
def run(run_module, iam):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, **(args or {})), client=iam[0], **kw)

    return run_


def expect_list(stub, *groups):
    stub.add_response("list_groups", {"Groups": list(groups), "IsTruncated": False}, {"MaxItems": 1000})


def expect_attached(stub, name, *arns):
    stub.add_response(
        "list_attached_group_policies",
        {"AttachedPolicies": [{"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in arns]},
        {"GroupName": name},
    )


def test_noop_makes_only_reads(stub, calls, run):
    expect_list(stub, aws_group("other"), *(aws_group(n) for n in NAMES))
    for name in NAMES:
        expect_attached(stub, name, MFA, AUDIT)  # other policies stay: no purge
    result = run(diff=True)
    assert not result["changed"]
    assert calls == ["ListGroups"] + ["ListAttachedGroupPolicies"] * 3
    assert [g["group_name"] for g in result["groups"]] == NAMES
    assert result["groups"][0]["managed_policies"] == sorted([MFA, AUDIT])
    assert result["diff"]["before"] == result["diff"]["after"]


def test_create_from_nothing(stub, run):
    expect_list(stub)
    for name in NAMES:
        stub.add_response("create_group", {"Group": aws_group(name)}, {"GroupName": name})
        stub.add_response("attach_group_policy", {}, {"GroupName": name, "PolicyArn": MFA})
    result = run(diff=True)
    assert result["changed_groups"] == {"created": NAMES, "updated": [], "deleted": []}
    assert result["groups"][0]["arn"] == f"arn:aws:iam::{ACCOUNT}:group/{ADMINS}"
    assert result["groups"][0]["managed_policies"] == [MFA]


def test_detached_policy_in_one_group_is_attached_only_there(stub, calls, run):
    expect_list(stub, *(aws_group(n) for n in NAMES))
    expect_attached(stub, ADMINS, MFA)
    expect_attached(stub, DEVS, AUDIT)
    expect_attached(stub, AUDITORS, MFA)
    stub.add_response("attach_group_policy", {}, {"GroupName": DEVS, "PolicyArn": MFA})
    result = run(diff=True)
    assert result["changed_groups"] == {"created": [], "updated": [DEVS], "deleted": []}
    assert result["diff"]["after"][DEVS]["managed_policies"] == sorted([MFA, AUDIT])
    assert [c for c in calls if c in WRITES] == ["AttachGroupPolicy"]


def test_purge_detaches_the_unlisted(stub, run):
    expect_list(stub, aws_group(ADMINS))
    expect_attached(stub, ADMINS, MFA, AUDIT)
    stub.add_response("detach_group_policy", {}, {"GroupName": ADMINS, "PolicyArn": AUDIT})
    result = run({"groups": [{"name": ADMINS, "managed_policies": [MFA], "purge_managed_policies": True}]})
    assert result["changed"] and result["groups"][0]["managed_policies"] == [MFA]


def test_path_moves_the_group_and_unset_path_is_left_alone(stub, run):
    expect_list(stub, aws_group(ADMINS, "/humans/"), aws_group(DEVS, "/humans/"))
    stub.add_response("update_group", {}, {"GroupName": ADMINS, "NewPath": "/people/"})
    result = run({"groups": [{"name": ADMINS, "path": "/people/"}, {"name": DEVS}]}, diff=True)
    assert result["changed_groups"]["updated"] == [ADMINS]
    assert result["diff"]["after"][ADMINS]["path"] == "/people/"
    assert "managed_policies" not in result["groups"][1]  # not managed, not read


def test_check_mode_makes_no_write(stub, calls, run):
    expect_list(stub, aws_group(ADMINS))
    expect_attached(stub, ADMINS)
    result = run({"groups": ARGS["groups"][:2]}, check_mode=True)
    assert result["changed_groups"] == {"created": [DEVS], "updated": [ADMINS], "deleted": []}
    assert [g["managed_policies"] for g in result["groups"]] == [[MFA], [MFA]]
    assert result["groups"][1]["path"] == "/"
    assert not [c for c in calls if c in WRITES]


def test_absent_detaches_removes_users_then_deletes(stub, run):
    expect_list(stub, aws_group(ADMINS))
    expect_attached(stub, ADMINS, MFA)
    stub.add_response("detach_group_policy", {}, {"GroupName": ADMINS, "PolicyArn": MFA})
    stub.add_response(
        "get_group",
        {
            "Group": aws_group(ADMINS),
            "IsTruncated": False,
            "Users": [
                {
                    "Path": "/",
                    "UserName": "alice",
                    "UserId": "AIDAEXAMPLEALICE0001",
                    "Arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
                    "CreateDate": WHEN,
                }
            ],
        },
        {"GroupName": ADMINS},
    )
    stub.add_response("remove_user_from_group", {}, {"GroupName": ADMINS, "UserName": "alice"})
    stub.add_response("delete_group", {}, {"GroupName": ADMINS})
    result = run({"state": "absent", "groups": [{"name": n} for n in NAMES]}, diff=True)
    assert result["changed_groups"] == {"created": [], "updated": [], "deleted": [ADMINS]}
    assert result["diff"]["before"][ADMINS]["managed_policies"] == [MFA] and result["groups"] == []


def test_absent_in_check_mode_makes_no_write(stub, calls, run):
    expect_list(stub, aws_group(ADMINS))
    expect_attached(stub, ADMINS, MFA)
    result = run({"state": "absent", "groups": [{"name": ADMINS}]}, check_mode=True)
    assert result["changed"] and not [c for c in calls if c in WRITES]


@pytest.mark.parametrize(
    "group, error",
    [
        ({"name": "bad name"}, "name must be 1 to 128 characters"),
        # Python's \w is Unicode and $ matches before a final newline: IAM's pattern is ASCII, the whole name.
        ({"name": "caf\u00e9"}, "name must be 1 to 128 characters"),
        ({"name": "admins\n"}, "name must be 1 to 128 characters"),
        ({"name": "g", "path": "/humans/\n"}, "path must be /"),
        ({"name": "g", "path": "humans"}, "path must be /"),
        ({"name": "g", "managed_policies": ["ecia-require-mfa"]}, "managed_policies must be policy ARNs"),
        ({"name": "g", "managed_policies": ["arn:aws:iam::12:policy/x"]}, "managed_policies must be policy ARNs"),
        ({"name": "g", "managed_policies": ["arn:aws:iam::123456789012:role/x"]}, "must be policy ARNs"),
        ({"name": "g", "managed_policies": ["arn:aws:iam::123456789012:policy//x"]}, "must be policy ARNs"),
        ({"name": "g", "managed_policies": ["arn:aws:iam::123456789012:policy/a b"]}, "must be policy ARNs"),
        ({"name": "g", "managed_policies": ["arn:aws:iam::123456789012:policy/caf\u00e9"]}, "must be policy ARNs"),
        ({"name": "g", "managed_policies": ["arn:aws:iam:us-east-1:aws:policy/x"]}, "must be policy ARNs"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, group, error):
    result = run_module(module.main, {"groups": [group]})
    assert result["failed"] and error in result["msg"] and "groups[0]" in result["msg"]


def test_duplicate_names_fail(run_module):
    result = run_module(module.main, {"groups": [{"name": "g"}, {"name": "g"}]})
    assert result["failed"] and "names must be unique: g" in result["msg"]


# IAM names are case-insensitive: a group listed in another case is that group, acted on and reported under its
# real name (as amazon.aws.iam_group finds it with GetGroup and leaves the name as it is), never created again.
REAL = "ECIA-Administrators"


def test_group_in_another_case_is_the_same_group(stub, calls, run):
    expect_list(stub, aws_group(REAL))
    expect_attached(stub, REAL, AUDIT)
    stub.add_response("attach_group_policy", {}, {"GroupName": REAL, "PolicyArn": MFA})
    result = run({"groups": [{"name": ADMINS, "managed_policies": [MFA]}]}, diff=True)
    assert result["changed_groups"] == {"created": [], "updated": [REAL], "deleted": []}
    assert result["groups"][0]["group_name"] == REAL and result["groups"][0]["managed_policies"] == sorted([MFA, AUDIT])
    assert result["diff"]["before"][REAL]["group_name"] == result["diff"]["after"][REAL]["group_name"] == REAL
    assert [c for c in calls if c in WRITES] == ["AttachGroupPolicy"]


def test_case_only_difference_is_no_change(stub, calls, run):
    expect_list(stub, aws_group(REAL))
    result = run({"groups": [{"name": ADMINS}]})
    assert not result["changed"] and result["groups"][0]["group_name"] == REAL
    assert calls == ["ListGroups"]


def test_absent_deletes_the_group_in_another_case(stub, run):
    expect_list(stub, aws_group(REAL))
    expect_attached(stub, REAL)
    stub.add_response("get_group", {"Group": aws_group(REAL), "IsTruncated": False, "Users": []}, {"GroupName": REAL})
    stub.add_response("delete_group", {}, {"GroupName": REAL})
    result = run({"state": "absent", "groups": [{"name": ADMINS}]})
    assert result["changed_groups"] == {"created": [], "updated": [], "deleted": [REAL]}


def test_names_differing_only_in_case_are_duplicates(run_module):
    result = run_module(module.main, {"groups": [{"name": "admins"}, {"name": "Admins"}]})
    assert result["failed"] and "names must be unique (IAM ignores case): Admins, admins" in result["msg"]
