"""iam_roles through main() against a Stubber-validated iam client: one GetRole per role, the attached policies,
inline policies and instance profile read only when managed, a write only for the role that is missing or differs
(only there, only the attribute that differs), none in check mode or in a no-op."""

import copy
import datetime
import json
from urllib.parse import quote

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import iam_roles as module

ACCOUNT = "123456789012"
WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
APP, FLOW, RDS = "ecia-prod-ec2-role", "ecia-prod-vpc-flow-logs", "ecia-prod-rds-monitoring"
PROFILE = "ecia-prod-ec2-profile"
SSM = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
CWAGENT = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
MONITORING = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/ecia-boundary"


def trust(service):
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def allow(action, resource="*"):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}


APP_DOC = allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::ecia-prod-app/*")
FLOW_DOC = allow(["logs:CreateLogStream", "logs:PutLogEvents"])
TAGS = {"Environment": "prod"}
SPECS = {
    APP: {
        "name": APP,
        "description": "App instances",
        "assume_role_policy_document": json.dumps(trust("ec2.amazonaws.com")),
        "managed_policy_arns": [SSM, CWAGENT],
        "inline_policies": {"app-access": json.dumps(APP_DOC)},
        "instance_profile": True,
        "instance_profile_name": PROFILE,
        "instance_profile_tags": {"Name": PROFILE},
        "tags": dict(TAGS, Name=APP),
    },
    FLOW: {
        "name": FLOW,
        "assume_role_policy_document": json.dumps(trust("vpc-flow-logs.amazonaws.com")),
        "inline_policies": {"write-flow-logs": FLOW_DOC},  # a dict works as well as JSON text
        "tags": TAGS,
    },
    RDS: {
        "name": RDS,
        "assume_role_policy_document": json.dumps(trust("monitoring.rds.amazonaws.com")),
        "managed_policy_arns": [MONITORING],
        "max_session_duration": 3600,
        "tags": TAGS,
    },
}
NAMES = [APP, FLOW, RDS]
ARGS = {"roles": [SPECS[n] for n in NAMES]}
WRITES = {
    "CreateRole",
    "UpdateRole",
    "UpdateAssumeRolePolicy",
    "PutRolePermissionsBoundary",
    "DeleteRolePermissionsBoundary",
    "TagRole",
    "UntagRole",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "PutRolePolicy",
    "DeleteRolePolicy",
    "DeleteRole",
    "CreateInstanceProfile",
    "AddRoleToInstanceProfile",
    "RemoveRoleFromInstanceProfile",
    "DeleteInstanceProfile",
    "TagInstanceProfile",
    "UntagInstanceProfile",
}


def text(document):
    return json.dumps(document, separators=(",", ":"))


def tag_list(tags):
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def role_id(name, prefix="AROA"):
    return (prefix + name.upper().replace("-", "") + "X" * 16)[:21]


def aws_role(name, path="/", **over):
    """GetRole's answer for a role as SPECS[name] wants it (``over`` changes the Boto3 keys)."""
    spec = SPECS.get(name, {})
    role = {
        "Path": path,
        "RoleName": name,
        "RoleId": role_id(name),
        "Arn": f"arn:aws:iam::{ACCOUNT}:role{path}{name}",
        "CreateDate": WHEN,
        "AssumeRolePolicyDocument": quote(spec.get("assume_role_policy_document", json.dumps(trust("x")))),
        "MaxSessionDuration": 3600,
        "Tags": tag_list(spec.get("tags") or {}),
    }
    if spec.get("description"):
        role["Description"] = spec["description"]
    role.update(over)
    return {k: v for k, v in role.items() if v is not None}


def aws_profile(name=PROFILE, roles=(APP,), tags=None):
    return {
        "Path": "/",
        "InstanceProfileName": name,
        "InstanceProfileId": role_id(name, "AIPA"),
        "Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{name}",
        "CreateDate": WHEN,
        "Roles": [aws_role(r) for r in roles],
        "Tags": tag_list({"Name": name} if tags is None else tags),
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


def writes(calls):
    return [c for c in calls if c in WRITES]


def missing(stub, operation, **params):
    stub.add_client_error(operation, "NoSuchEntity", "not found", 404, expected_params=params)


def expect_role(stub, name, role=None, attached=None, inline=None, profile=None):
    """The reads of one existing role as SPECS[name] wants it, unless ``role`` (GetRole's Role), ``attached``
    (ARNs), ``inline`` ({name: document}) or ``profile`` (GetInstanceProfile's, False: none) say otherwise."""
    spec = SPECS[name]
    stub.add_response("get_role", {"Role": role or aws_role(name)}, {"RoleName": name})
    if spec.get("instance_profile"):
        if profile is False:
            missing(stub, "get_instance_profile", InstanceProfileName=PROFILE)
        else:
            stub.add_response(
                "get_instance_profile", {"InstanceProfile": profile or aws_profile()}, {"InstanceProfileName": PROFILE}
            )
    if spec.get("managed_policy_arns") is not None:
        arns = spec["managed_policy_arns"] if attached is None else attached
        stub.add_response(
            "list_attached_role_policies",
            {
                "AttachedPolicies": [{"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in arns],
                "IsTruncated": False,
            },
            {"RoleName": name},
        )
    if spec.get("inline_policies") is not None:
        wanted = {n: json.loads(d) if isinstance(d, str) else d for n, d in spec["inline_policies"].items()}
        documents = wanted if inline is None else inline
        stub.add_response(
            "list_role_policies", {"PolicyNames": list(documents), "IsTruncated": False}, {"RoleName": name}
        )
        for policy, document in documents.items():
            if policy in wanted or spec.get("purge_inline_policies"):
                stub.add_response(
                    "get_role_policy",
                    {"RoleName": name, "PolicyName": policy, "PolicyDocument": quote(json.dumps(document))},
                    {"RoleName": name, "PolicyName": policy},
                )


def expect_all(stub, **by_name):
    for name in NAMES:
        expect_role(stub, name, **by_name.get(name, {}))


def test_noop_makes_only_reads(stub, calls, run):
    expect_all(stub)
    result = run(diff=True)
    assert not result["changed"] and writes(calls) == []
    assert calls == [
        "GetRole",
        "GetInstanceProfile",
        "ListAttachedRolePolicies",
        "ListRolePolicies",
        "GetRolePolicy",
        "GetRole",
        "ListRolePolicies",
        "GetRolePolicy",
        "GetRole",
        "ListAttachedRolePolicies",
    ]
    assert [r["role_name"] for r in result["roles"]] == NAMES
    app = result["roles"][0]
    assert app["managed_policy_arns"] == sorted([SSM, CWAGENT])
    assert app["inline_policies"] == {"app-access": APP_DOC}
    assert app["instance_profile"]["arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/{PROFILE}"
    assert app["instance_profile"]["roles"] == [APP]
    assert app["boundary"] == "" and app["max_session_duration"] == 3600
    assert "managed_policy_arns" not in result["roles"][1] and "instance_profile" not in result["roles"][2]
    assert result["diff"]["before"] == result["diff"]["after"]
    assert result["changed_roles"] == {"created": [], "updated": [], "deleted": []}


def test_unset_options_are_not_read_nor_compared(stub, calls, run):
    stub.add_response(
        "get_role",
        {"Role": aws_role(RDS, Description="kept", MaxSessionDuration=7200, Tags=tag_list({"x": "y"}))},
        {"RoleName": RDS},
    )
    spec = {"name": RDS, "assume_role_policy_document": SPECS[RDS]["assume_role_policy_document"]}
    result = run({"roles": [spec]})
    assert not result["changed"] and calls == ["GetRole"]
    assert result["roles"][0]["description"] == "kept" and result["roles"][0]["tags"] == {"x": "y"}


def test_create_from_nothing(stub, calls, run):
    missing(stub, "get_role", RoleName=APP)
    missing(stub, "get_instance_profile", InstanceProfileName=PROFILE)
    stub.add_response(
        "create_role",
        {"Role": aws_role(APP, Description=None)},  # CreateRole's answer may lack the description
        {
            "RoleName": APP,
            "Path": "/",
            "AssumeRolePolicyDocument": text(trust("ec2.amazonaws.com")),
            "Description": "App instances",
            "Tags": tag_list(dict(TAGS, Name=APP)),
        },
    )
    for arn in (SSM, CWAGENT):
        stub.add_response("attach_role_policy", {}, {"RoleName": APP, "PolicyArn": arn})
    stub.add_response(
        "put_role_policy", {}, {"RoleName": APP, "PolicyName": "app-access", "PolicyDocument": text(APP_DOC)}
    )
    stub.add_response(
        "create_instance_profile",
        {"InstanceProfile": aws_profile(roles=())},
        {"InstanceProfileName": PROFILE, "Path": "/", "Tags": [{"Key": "Name", "Value": PROFILE}]},
    )
    stub.add_response("add_role_to_instance_profile", {}, {"InstanceProfileName": PROFILE, "RoleName": APP})
    missing(stub, "get_role", RoleName=FLOW)
    stub.add_response(
        "create_role",
        {"Role": aws_role(FLOW)},
        {
            "RoleName": FLOW,
            "Path": "/",
            "AssumeRolePolicyDocument": text(trust("vpc-flow-logs.amazonaws.com")),
            "Tags": tag_list(TAGS),
        },
    )
    stub.add_response(
        "put_role_policy", {}, {"RoleName": FLOW, "PolicyName": "write-flow-logs", "PolicyDocument": text(FLOW_DOC)}
    )
    missing(stub, "get_role", RoleName=RDS)
    stub.add_response(
        "create_role",
        {"Role": aws_role(RDS)},
        {
            "RoleName": RDS,
            "Path": "/",
            "AssumeRolePolicyDocument": text(trust("monitoring.rds.amazonaws.com")),
            "MaxSessionDuration": 3600,
            "Tags": tag_list(TAGS),
        },
    )
    stub.add_response("attach_role_policy", {}, {"RoleName": RDS, "PolicyArn": MONITORING})
    result = run(diff=True)
    assert not result["failed"], result["msg"]
    assert result["changed_roles"] == {"created": NAMES, "updated": [], "deleted": []}
    app = result["roles"][0]
    assert app["arn"] == f"arn:aws:iam::{ACCOUNT}:role/{APP}" and app["description"] == "App instances"
    assert app["instance_profile"]["arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/{PROFILE}"
    assert app["instance_profile"]["roles"] == [APP] and app["instance_profile"]["tags"] == {"Name": PROFILE}
    assert app["inline_policies"] == {"app-access": APP_DOC}
    assert result["diff"]["before"] == {} and sorted(result["diff"]["after"]) == sorted(NAMES)


DRIFTS = {
    "trust policy": (
        FLOW,
        dict(role=aws_role(FLOW, AssumeRolePolicyDocument=quote(json.dumps(trust("ec2.amazonaws.com"))))),
        [
            (
                "update_assume_role_policy",
                {"RoleName": FLOW, "PolicyDocument": text(trust("vpc-flow-logs.amazonaws.com"))},
            )
        ],
        "assume_role_policy_document",
    ),
    "inline policy document": (
        APP,
        dict(inline={"app-access": allow("s3:*")}),
        [("put_role_policy", {"RoleName": APP, "PolicyName": "app-access", "PolicyDocument": text(APP_DOC)})],
        "inline_policies",
    ),
    "missing inline policy": (
        FLOW,
        dict(inline={}),
        [("put_role_policy", {"RoleName": FLOW, "PolicyName": "write-flow-logs", "PolicyDocument": text(FLOW_DOC)})],
        "inline_policies",
    ),
    "missing managed policy": (
        APP,
        dict(attached=[SSM]),
        [("attach_role_policy", {"RoleName": APP, "PolicyArn": CWAGENT})],
        "managed_policy_arns",
    ),
    "max session": (
        RDS,
        dict(role=aws_role(RDS, MaxSessionDuration=43200)),
        [("update_role", {"RoleName": RDS, "MaxSessionDuration": 3600})],
        "max_session_duration",
    ),
    "a tag": (
        RDS,
        dict(role=aws_role(RDS, Tags=tag_list({"Environment": "dev"}))),
        [("tag_role", {"RoleName": RDS, "Tags": tag_list(TAGS)})],
        "tags",
    ),
    "an extra tag": (
        FLOW,
        dict(role=aws_role(FLOW, Tags=tag_list(dict(TAGS, Owner="me")))),
        [("untag_role", {"RoleName": FLOW, "TagKeys": ["Owner"]})],
        "tags",
    ),
    "description": (
        APP,
        dict(role=aws_role(APP, Description="old")),
        [("update_role", {"RoleName": APP, "Description": "App instances"})],
        "description",
    ),
    "profile without the role": (
        APP,
        dict(profile=aws_profile(roles=())),
        [("add_role_to_instance_profile", {"InstanceProfileName": PROFILE, "RoleName": APP})],
        "instance_profile",
    ),
    "missing profile": (
        APP,
        dict(profile=False),
        [
            (
                "create_instance_profile",
                {"InstanceProfileName": PROFILE, "Path": "/", "Tags": tag_list({"Name": PROFILE})},
            ),
            ("add_role_to_instance_profile", {"InstanceProfileName": PROFILE, "RoleName": APP}),
        ],
        "instance_profile",
    ),
    "profile tag": (
        APP,
        dict(profile=aws_profile(tags={"Name": "old"})),
        [("tag_instance_profile", {"InstanceProfileName": PROFILE, "Tags": tag_list({"Name": PROFILE})})],
        "instance_profile",
    ),
}
ANSWERS = {"create_instance_profile": {"InstanceProfile": aws_profile(roles=())}}


@pytest.mark.parametrize("drift", DRIFTS.values(), ids=DRIFTS.keys())
def test_one_attribute_drift_in_one_role_is_fixed_only_there(stub, calls, run, drift):
    name, reads, fixes, key = drift
    for each in NAMES:
        expect_role(stub, each, **(reads if each == name else {}))
        if each == name:
            for operation, params in fixes:
                stub.add_response(operation, ANSWERS.get(operation, {}), params)
    result = run(diff=True)
    assert result["changed_roles"] == {"created": [], "updated": [name], "deleted": []}
    assert writes(calls) == ["".join(w.capitalize() for w in operation.split("_")) for operation, unused in fixes]
    before, after = result["diff"]["before"][name], result["diff"]["after"][name]
    assert before[key] != after[key]
    assert {k for k in after if after[k] != before[k]} == {key}
    assert all(result["diff"]["before"][n] == result["diff"]["after"][n] for n in NAMES if n != name)


def test_check_mode_predicts_the_fix_and_makes_no_write(stub, calls, run):
    expect_all(stub, **{RDS: dict(role=aws_role(RDS, MaxSessionDuration=43200)), APP: dict(attached=[SSM])})
    result = run(check_mode=True, diff=True)
    assert result["changed_roles"]["updated"] == [APP, RDS] and writes(calls) == []
    assert result["roles"][0]["managed_policy_arns"] == sorted([SSM, CWAGENT])
    assert result["roles"][2]["max_session_duration"] == 3600


def test_check_mode_predicts_new_roles_without_arn(stub, calls, run):
    missing(stub, "get_role", RoleName=APP)
    missing(stub, "get_instance_profile", InstanceProfileName=PROFILE)
    result = run({"roles": [SPECS[APP]]}, check_mode=True, diff=True)
    assert result["changed_roles"]["created"] == [APP] and writes(calls) == []
    app = result["roles"][0]
    assert "arn" not in app and app["path"] == "/" and app["max_session_duration"] == 3600
    assert app["instance_profile"] == {
        "instance_profile_name": PROFILE,
        "path": "/",
        "roles": [APP],
        "tags": {"Name": PROFILE},
    }
    assert app["inline_policies"] == {"app-access": APP_DOC} and app["tags"] == dict(TAGS, Name=APP)
    assert result["diff"]["after"][APP] == app


def test_without_purge_extra_policies_and_tags_stay(stub, calls, run):
    spec = dict(SPECS[APP], purge_policies=False, purge_tags=False)
    spec.pop("instance_profile_tags")
    spec.pop("instance_profile_name")
    spec["instance_profile"] = False
    extra_arn = f"arn:aws:iam::{ACCOUNT}:policy/extra"
    stub.add_response(
        "get_role", {"Role": aws_role(APP, Tags=tag_list(dict(TAGS, Name=APP, Owner="me")))}, {"RoleName": APP}
    )
    stub.add_response(
        "list_attached_role_policies",
        {"AttachedPolicies": [{"PolicyName": p.rsplit("/", 1)[1], "PolicyArn": p} for p in (SSM, CWAGENT, extra_arn)]},
        {"RoleName": APP},
    )
    # Without purge_inline_policies only the named policy is read.
    stub.add_response("list_role_policies", {"PolicyNames": ["app-access", "other"]}, {"RoleName": APP})
    stub.add_response(
        "get_role_policy",
        {"RoleName": APP, "PolicyName": "app-access", "PolicyDocument": quote(json.dumps(APP_DOC))},
        {"RoleName": APP, "PolicyName": "app-access"},
    )
    result = run({"roles": [spec]})
    assert not result["changed"] and writes(calls) == []
    assert result["roles"][0]["managed_policy_arns"] == sorted([SSM, CWAGENT, extra_arn])
    assert result["roles"][0]["tags"]["Owner"] == "me"


def test_purge_detaches_deletes_and_untags_the_unlisted(stub, calls, run):
    spec = dict(SPECS[FLOW], purge_inline_policies=True, managed_policy_arns=[])
    SPECS["purged"] = spec  # expect_role reads SPECS by name
    try:
        stub.add_response(
            "get_role", {"Role": aws_role(FLOW, Tags=tag_list(dict(TAGS, Owner="me")))}, {"RoleName": FLOW}
        )
        stub.add_response(
            "list_attached_role_policies",
            {"AttachedPolicies": [{"PolicyName": "AmazonSSMManagedInstanceCore", "PolicyArn": SSM}]},
            {"RoleName": FLOW},
        )
        stub.add_response("list_role_policies", {"PolicyNames": ["other", "write-flow-logs"]}, {"RoleName": FLOW})
        for policy, document in (("other", allow("s3:*")), ("write-flow-logs", FLOW_DOC)):
            stub.add_response(
                "get_role_policy",
                {"RoleName": FLOW, "PolicyName": policy, "PolicyDocument": quote(json.dumps(document))},
                {"RoleName": FLOW, "PolicyName": policy},
            )
        stub.add_response("untag_role", {}, {"RoleName": FLOW, "TagKeys": ["Owner"]})
        stub.add_response("detach_role_policy", {}, {"RoleName": FLOW, "PolicyArn": SSM})
        stub.add_response("delete_role_policy", {}, {"RoleName": FLOW, "PolicyName": "other"})
        result = run({"roles": [spec]}, diff=True)
    finally:
        del SPECS["purged"]
    assert writes(calls) == ["UntagRole", "DetachRolePolicy", "DeleteRolePolicy"]
    assert result["diff"]["before"][FLOW]["inline_policies"] == {"other": allow("s3:*"), "write-flow-logs": FLOW_DOC}
    assert result["diff"]["after"][FLOW]["inline_policies"] == {"write-flow-logs": FLOW_DOC}
    assert result["diff"]["after"][FLOW]["managed_policy_arns"] == []


def test_aws_reserved_tags_and_text_values_are_no_difference(stub, calls, run):
    spec = dict(SPECS[RDS], tags={"Environment": "prod", "Tier": 1})
    stub.add_response(
        "get_role",
        {
            "Role": aws_role(
                RDS, Tags=tag_list({"Environment": "prod", "Tier": "1", "aws:cloudformation:stack-name": "s"})
            )
        },
        {"RoleName": RDS},
    )
    stub.add_response(
        "list_attached_role_policies",
        {"AttachedPolicies": [{"PolicyName": "m", "PolicyArn": MONITORING}]},
        {"RoleName": RDS},
    )
    result = run({"roles": [spec]})
    assert not result["changed"] and writes(calls) == []


def test_equivalent_trust_policy_is_no_difference(stub, calls, run):
    # A single value against a list of one, and no Version, compare equal (compare_policies).
    same = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["monitoring.rds.amazonaws.com"]},
                "Action": ["sts:AssumeRole"],
            }
        ]
    }
    expect_role(stub, RDS, role=aws_role(RDS, AssumeRolePolicyDocument=quote(json.dumps(same))))
    result = run({"roles": [SPECS[RDS]]})
    assert not result["changed"] and writes(calls) == []


def test_description_and_session_in_one_update_role(stub, calls, run):
    spec = dict(SPECS[RDS], description="RDS monitoring", max_session_duration=7200)
    expect_role(stub, RDS)
    stub.add_response("update_role", {}, {"RoleName": RDS, "Description": "RDS monitoring", "MaxSessionDuration": 7200})
    result = run({"roles": [spec]})
    assert writes(calls) == ["UpdateRole"] and result["roles"][0]["max_session_duration"] == 7200


@pytest.mark.parametrize(
    "have, want, operation, params",
    [
        (None, BOUNDARY, "put_role_permissions_boundary", {"RoleName": RDS, "PermissionsBoundary": BOUNDARY}),
        (BOUNDARY, "", "delete_role_permissions_boundary", {"RoleName": RDS}),
    ],
)
def test_boundary_is_put_or_removed(stub, run, have, want, operation, params):
    boundary = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": have} if have else None
    expect_role(stub, RDS, role=aws_role(RDS, PermissionsBoundary=boundary))
    stub.add_response(operation, {}, params)
    result = run({"roles": [dict(SPECS[RDS], boundary=want)]}, diff=True)
    assert result["changed"] and result["roles"][0]["boundary"] == want


def test_unset_boundary_is_left_alone(stub, calls, run):
    boundary = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": BOUNDARY}
    expect_role(stub, RDS, role=aws_role(RDS, PermissionsBoundary=boundary))
    result = run({"roles": [SPECS[RDS]]})
    assert not result["changed"] and result["roles"][0]["boundary"] == BOUNDARY


def test_other_path_is_warned_about_not_changed(stub, calls, run):
    expect_role(stub, RDS, role=aws_role(RDS, path="/service/"))
    result = run({"roles": [dict(SPECS[RDS], path="/other/")]})
    assert not result["changed"] and writes(calls) == []
    assert any("IAM cannot move a role" in w for w in result.get("warnings", []))


def test_profile_holding_another_role_gets_this_one(stub, calls, run):
    expect_role(stub, APP, profile=aws_profile(roles=("old-role",)))
    stub.add_response("remove_role_from_instance_profile", {}, {"InstanceProfileName": PROFILE, "RoleName": "old-role"})
    stub.add_response("add_role_to_instance_profile", {}, {"InstanceProfileName": PROFILE, "RoleName": APP})
    result = run({"roles": [SPECS[APP]]})
    assert result["roles"][0]["instance_profile"]["roles"] == [APP]


def test_profile_named_after_the_role_by_default(stub, run):
    spec = dict(SPECS[RDS])
    spec.update(instance_profile=True)
    stub.add_response("get_role", {"Role": aws_role(RDS)}, {"RoleName": RDS})
    missing(stub, "get_instance_profile", InstanceProfileName=RDS)
    stub.add_response(
        "list_attached_role_policies",
        {"AttachedPolicies": [{"PolicyName": "m", "PolicyArn": MONITORING}]},
        {"RoleName": RDS},
    )
    stub.add_response(
        "create_instance_profile",
        {"InstanceProfile": aws_profile(RDS, roles=())},
        {"InstanceProfileName": RDS, "Path": "/"},
    )
    stub.add_response("add_role_to_instance_profile", {}, {"InstanceProfileName": RDS, "RoleName": RDS})
    result = run({"roles": [spec]})
    assert result["roles"][0]["instance_profile"]["instance_profile_name"] == RDS


def test_role_in_another_case_is_the_same_role(stub, calls, run):
    real = "ECIA-Prod-RDS-Monitoring"
    stub.add_response("get_role", {"Role": dict(aws_role(RDS), RoleName=real)}, {"RoleName": RDS})
    stub.add_response(
        "list_attached_role_policies",
        {"AttachedPolicies": [{"PolicyName": "m", "PolicyArn": MONITORING}]},
        {"RoleName": real},
    )
    result = run({"roles": [SPECS[RDS]]})
    assert not result["changed"] and result["roles"][0]["role_name"] == real


def test_absent_empties_the_role_then_deletes_it(stub, calls, run):
    stub.add_response("get_role", {"Role": aws_role(APP)}, {"RoleName": APP})
    stub.add_response(
        "list_instance_profiles_for_role",
        {"InstanceProfiles": [aws_profile(), aws_profile("shared-profile")], "IsTruncated": False},
        {"RoleName": APP},
    )
    stub.add_response("remove_role_from_instance_profile", {}, {"InstanceProfileName": PROFILE, "RoleName": APP})
    stub.add_response("delete_instance_profile", {}, {"InstanceProfileName": PROFILE})
    stub.add_response(
        "remove_role_from_instance_profile", {}, {"InstanceProfileName": "shared-profile", "RoleName": APP}
    )
    stub.add_response(
        "list_attached_role_policies", {"AttachedPolicies": [{"PolicyName": "s", "PolicyArn": SSM}]}, {"RoleName": APP}
    )
    stub.add_response("detach_role_policy", {}, {"RoleName": APP, "PolicyArn": SSM})
    stub.add_response("list_role_policies", {"PolicyNames": ["app-access"]}, {"RoleName": APP})
    stub.add_response("delete_role_policy", {}, {"RoleName": APP, "PolicyName": "app-access"})
    stub.add_response("delete_role", {}, {"RoleName": APP})
    missing(stub, "get_role", RoleName=FLOW)
    result = run(
        {
            "state": "absent",
            "roles": [{"name": APP, "instance_profile": True, "instance_profile_name": PROFILE}, {"name": FLOW}],
        },
        diff=True,
    )
    assert result["changed_roles"] == {"created": [], "updated": [], "deleted": [APP]}
    assert result["roles"] == [] and list(result["diff"]["before"]) == [APP] and result["diff"]["after"] == {}


def test_absent_deletes_the_roles_own_profile_left_empty(stub, calls, run):
    stub.add_response("get_role", {"Role": aws_role(APP)}, {"RoleName": APP})
    stub.add_response("list_instance_profiles_for_role", {"InstanceProfiles": []}, {"RoleName": APP})
    stub.add_response(
        "get_instance_profile", {"InstanceProfile": aws_profile(roles=())}, {"InstanceProfileName": PROFILE}
    )
    stub.add_response("delete_instance_profile", {}, {"InstanceProfileName": PROFILE})
    stub.add_response("list_attached_role_policies", {"AttachedPolicies": []}, {"RoleName": APP})
    stub.add_response("list_role_policies", {"PolicyNames": []}, {"RoleName": APP})
    stub.add_response("delete_role", {}, {"RoleName": APP})
    result = run(
        {"state": "absent", "roles": [{"name": APP, "instance_profile": True, "instance_profile_name": PROFILE}]}
    )
    assert result["changed"]


def test_absent_without_instance_profile_leaves_profiles_but_takes_the_role_out(stub, calls, run):
    stub.add_response("get_role", {"Role": aws_role(RDS)}, {"RoleName": RDS})
    stub.add_response(
        "list_instance_profiles_for_role", {"InstanceProfiles": [aws_profile(RDS, roles=(RDS,))]}, {"RoleName": RDS}
    )
    stub.add_response("remove_role_from_instance_profile", {}, {"InstanceProfileName": RDS, "RoleName": RDS})
    stub.add_response("list_attached_role_policies", {"AttachedPolicies": []}, {"RoleName": RDS})
    stub.add_response("list_role_policies", {"PolicyNames": []}, {"RoleName": RDS})
    stub.add_response("delete_role", {}, {"RoleName": RDS})
    run({"state": "absent", "roles": [{"name": RDS}]})
    assert "DeleteInstanceProfile" not in calls


def test_absent_in_check_mode_makes_no_write(stub, calls, run):
    stub.add_response("get_role", {"Role": aws_role(APP)}, {"RoleName": APP})
    missing(stub, "get_role", RoleName=RDS)
    result = run({"state": "absent", "roles": [{"name": APP}, {"name": RDS}]}, check_mode=True)
    assert result["changed_roles"]["deleted"] == [APP] and calls == ["GetRole", "GetRole"]


def test_absent_role_missing_is_no_change(stub, calls, run):
    missing(stub, "get_role", RoleName=APP)
    result = run({"state": "absent", "roles": [{"name": APP, "instance_profile": True}]})
    assert not result["changed"] and calls == ["GetRole"]


def role(**over):
    return dict({"name": "r", "assume_role_policy_document": json.dumps(trust("ec2.amazonaws.com"))}, **over)


@pytest.mark.parametrize(
    "spec, error",
    [
        (role(name="bad name"), "name must be 1 to 64 characters"),
        (role(name="r" * 65), "name must be 1 to 64 characters"),
        (role(name="caf\u00e9"), "name must be 1 to 64 characters"),
        (role(name="r\n"), "name must be 1 to 64 characters"),
        (role(path="service/"), "path must be /"),
        (role(path="/a b/"), "path must be /"),
        (role(path="/caf\u00e9/"), "path must be /"),
        (role(max_session_duration=3599), "max_session_duration must be 3600 to 43200"),
        (role(max_session_duration=43201), "max_session_duration must be 3600 to 43200"),
        (role(assume_role_policy_document=None), "assume_role_policy_document is required"),
        (role(assume_role_policy_document="{not json"), "assume_role_policy_document is not a JSON policy document"),
        (role(assume_role_policy_document="[]"), "assume_role_policy_document is not a JSON policy document"),
        (role(inline_policies={"p": "{oops"}), "inline_policies[p] is not a JSON policy document"),
        (role(inline_policies={"p": None}), "inline_policies[p] is not a JSON policy document"),
        (role(inline_policies={"a b": {}}), "inline_policies: name 'a b' must be"),
        (role(managed_policy_arns=["AmazonSSMManagedInstanceCore"]), "managed_policy_arns must be policy ARNs"),
        (role(managed_policy_arns=[f"arn:aws:iam::{ACCOUNT}:role/x"]), "managed_policy_arns must be policy ARNs"),
        (role(boundary="ecia-boundary"), "boundary must be a managed policy's ARN"),
        (role(description="x" * 1001), "description must be at most 1000"),
        (role(description="caf\u0113"), "description must be at most 1000"),
        (role(tags={"aws:x": "y"}), "aws: is reserved"),
        (role(tags={str(n): "v" for n in range(51)}), "at most 50 tags"),
        (role(instance_profile_name="p"), "instance_profile_name needs instance_profile: true"),
        (role(instance_profile=True, instance_profile_name="a b"), "instance_profile_name must be 1 to 128"),
        (role(instance_profile=True, instance_profile_tags={"aws:x": "1"}), "instance_profile_tags: aws: is reserved"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, spec, error):
    result = run_module(module.main, {"roles": [spec]})
    assert result["failed"] and error in result["msg"] and "roles[0] (" in result["msg"], result["msg"]


def test_duplicate_names_ignoring_case_fail(run_module):
    result = run_module(module.main, {"roles": [role(name="App"), role(name="app")]})
    assert result["failed"] and "names must be unique (IAM ignores case): App, app" in result["msg"]
    result = run_module(
        module.main,
        {
            "roles": [
                role(name="a", instance_profile=True, instance_profile_name="p"),
                role(name="p", instance_profile=True),
            ]
        },
    )
    assert result["failed"] and "roles[].instance_profile_name: names must be unique: p" in result["msg"]


def test_absent_needs_no_trust_policy(stub, run):
    missing(stub, "get_role", RoleName="r")
    result = run({"state": "absent", "roles": [{"name": "r"}]})
    assert not result["failed"] and not result["changed"]


def test_documents_are_valid_yaml():
    import yaml

    for text_ in (module.DOCUMENTATION, module.EXAMPLES, module.RETURN):
        assert yaml.safe_load(text_)
    options = yaml.safe_load(module.DOCUMENTATION)["options"]["roles"]["suboptions"]
    assert set(options) == set(module.ROLE_SPEC)
    assert copy.deepcopy(options["instance_profile"])["default"] is False
