"""kms_keys through main() against Stubber-validated KMS clients: one ListAliases a region for all the keys, then
per existing key only DescribeKey, GetKeyRotationStatus, GetKeyPolicy and ListResourceTags (each only when the key
manages that part); a write only where a key is missing or differs, and only for what differs."""

import json

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import kms_keys as module

REGION, DR_REGION = "eu-west-1", "eu-central-1"
ACCOUNT = "123456789012"
NAMES = ("s3", "rds", "secrets")
TAGS = {"env": "prod", "Name": "ecia-prod"}


def policy(service):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*",
             "Resource": "*"},
            {"Sid": "UseThroughService", "Effect": "Allow", "Principal": {"AWS": "*"},
             "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": f"{service}.{REGION}.amazonaws.com"}}},
        ],
    }  # fmt: skip


def key_arg(name, **kw):
    arg = dict(
        alias=f"alias/ecia-prod-{name}",
        description=f"ecia-prod {name} encryption",
        policy=json.dumps(policy(name)),
        enable_key_rotation=True,
        rotation_period_days=365,
        tags=dict(TAGS, Name=f"ecia-prod-{name}"),
    )
    arg.update(kw)
    return arg


ARGS = {"kms_keys": [key_arg(n) for n in NAMES]}


def key_id(name):
    return f"0000{name:0>4}-0000-0000-0000-000000000000"[-36:]


def key_arn(name, region=REGION):
    return f"arn:aws:kms:{region}:{ACCOUNT}:key/{key_id(name)}"


def alias(name, region=REGION):
    return {
        "AliasName": f"alias/ecia-prod-{name}",
        "AliasArn": f"arn:aws:kms:{region}:{ACCOUNT}:alias/ecia-prod-{name}",
        "TargetKeyId": key_id(name),
    }


AWS_MANAGED = {"AliasName": "alias/aws/s3", "AliasArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/s3"}


def metadata(name, region=REGION, **kw):
    meta = {
        "AWSAccountId": ACCOUNT,
        "KeyId": key_id(name),
        "Arn": key_arn(name, region),
        "CreationDate": "2026-01-01T00:00:00Z",
        "Enabled": True,
        "Description": f"ecia-prod {name} encryption",
        "KeyUsage": "ENCRYPT_DECRYPT",
        "KeyState": "Enabled",
        "Origin": "AWS_KMS",
        "KeyManager": "CUSTOMER",
        "KeySpec": "SYMMETRIC_DEFAULT",
        "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "MultiRegion": False,
    }
    meta.update(kw)
    return meta


@pytest.fixture
def kms(aws_client):
    return aws_client("kms", region=REGION)


@pytest.fixture
def stub(kms):
    return kms[1]


@pytest.fixture
def run(run_module, kms):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, region=REGION, **(args or {})), client=kms[0], **kw)

    return run_


def expect_aliases(stub, *aliases):
    stub.add_response("list_aliases", {"Aliases": [AWS_MANAGED, *aliases], "Truncated": False}, {})


def expect_key(stub, name, meta=None, rotation=True, period=365, key_policy=None, tags=None, region=REGION):
    """The four reads of an existing key."""
    arn = key_arn(name, region)
    stub.add_response("describe_key", {"KeyMetadata": meta or metadata(name, region)}, {"KeyId": arn})
    status = {"KeyRotationEnabled": rotation, "KeyId": arn}
    if rotation:
        status["RotationPeriodInDays"] = period
    stub.add_response("get_key_rotation_status", status, {"KeyId": arn})
    text = json.dumps(key_policy or policy(name))
    stub.add_response(
        "get_key_policy", {"Policy": text, "PolicyName": "default"}, {"KeyId": arn, "PolicyName": "default"}
    )
    tag_list = [{"TagKey": k, "TagValue": v} for k, v in (tags or dict(TAGS, Name=f"ecia-prod-{name}")).items()]
    stub.add_response("list_resource_tags", {"Tags": tag_list, "Truncated": False}, {"KeyId": arn})


def expect_all(stub, **drift):
    """ListAliases, then every key read, ``drift`` = {name: expect_key kwargs}."""
    expect_aliases(stub, *(alias(n) for n in NAMES))
    for name in NAMES:
        expect_key(stub, name, **drift.get(name, {}))


def test_noop_makes_only_the_reads(stub, run):
    expect_all(stub)
    result = run(diff=True)
    assert not result["changed"]
    assert result["changed_kms_keys"] == {"created": [], "updated": [], "deleted": []}
    assert [k["key_arn"] for k in result["kms_keys"]] == [key_arn(n) for n in NAMES]
    assert [k["key_id"] for k in result["kms_keys"]] == [key_id(n) for n in NAMES]
    assert result["diff"]["before"] == result["diff"]["after"]
    first = result["kms_keys"][0]
    assert first["alias"] == "alias/ecia-prod-s3" and first["region"] == REGION and first["enabled"] is True
    assert first["policy"] == policy("s3") and first["rotation_period_days"] == 365


def test_policy_compared_semantically(stub, run):
    # Another order of statements and a one-element list for a single value: the same policy.
    reordered = policy("rds")
    reordered["Statement"] = list(reversed(reordered["Statement"]))
    reordered["Statement"][1]["Action"] = ["kms:*"]
    expect_all(stub, rds={"key_policy": reordered})
    assert not run()["changed"]


def test_policy_drift_in_one_key_is_fixed_only_there(stub, run):
    drifted = policy("rds")
    drifted["Statement"][1]["Action"].append("kms:ReEncrypt*")
    expect_all(stub, rds={"key_policy": drifted})
    stub.add_response(
        "put_key_policy", {}, {"KeyId": key_arn("rds"), "PolicyName": "default", "Policy": json.dumps(policy("rds"))}
    )
    result = run(diff=True)
    assert result["changed_kms_keys"] == {"created": [], "updated": [f"{REGION}:alias/ecia-prod-rds"], "deleted": []}
    name = f"{REGION}:alias/ecia-prod-rds"
    assert result["diff"]["before"][name]["policy"] == drifted
    assert result["diff"]["after"][name]["policy"] == policy("rds")


def test_rotation_off_in_one_key_is_turned_on_only_there(stub, run):
    expect_all(stub, secrets={"rotation": False})
    stub.add_response("enable_key_rotation", {}, {"KeyId": key_arn("secrets"), "RotationPeriodInDays": 365})
    result = run(diff=True)
    assert result["changed_kms_keys"]["updated"] == [f"{REGION}:alias/ecia-prod-secrets"]
    assert result["kms_keys"][2]["enable_key_rotation"] is True


def test_rotation_period_drift(stub, run):
    expect_all(stub, s3={"period": 180})
    stub.add_response("enable_key_rotation", {}, {"KeyId": key_arn("s3"), "RotationPeriodInDays": 365})
    result = run(diff=True)
    name = f"{REGION}:alias/ecia-prod-s3"
    assert result["diff"]["before"][name]["rotation_period_days"] == 180
    assert result["diff"]["after"][name]["rotation_period_days"] == 365


def test_rotation_period_unset_keeps_the_keys(stub, run):
    expect_aliases(stub, alias("s3"))
    expect_key(stub, "s3", period=730)
    args = {"kms_keys": [key_arg("s3", rotation_period_days=None)]}
    assert not run(args)["changed"]


def test_tag_drift_in_one_key_is_fixed_only_there(stub, run):
    expect_all(stub, rds={"tags": {"env": "dev", "Name": "ecia-prod-rds", "stray": "x"}})
    stub.add_response("untag_resource", {}, {"KeyId": key_arn("rds"), "TagKeys": ["stray"]})
    stub.add_response("tag_resource", {}, {"KeyId": key_arn("rds"), "Tags": [{"TagKey": "env", "TagValue": "prod"}]})
    result = run()
    assert result["changed_kms_keys"]["updated"] == [f"{REGION}:alias/ecia-prod-rds"]
    assert result["kms_keys"][1]["tags"] == dict(TAGS, Name="ecia-prod-rds")


def test_tags_kept_without_purge(stub, run):
    expect_aliases(stub, alias("s3"))
    expect_key(stub, "s3", tags=dict(TAGS, Name="ecia-prod-s3", stray="x"))
    assert not run({"kms_keys": [key_arg("s3", purge_tags=False)]})["changed"]


def test_description_drift(stub, run):
    expect_all(stub, s3={"meta": metadata("s3", Description="old")})
    stub.add_response("update_key_description", {}, {"KeyId": key_arn("s3"), "Description": "ecia-prod s3 encryption"})
    assert run()["changed_kms_keys"]["updated"] == [f"{REGION}:alias/ecia-prod-s3"]


def test_unset_parts_are_not_read(stub, run):
    expect_aliases(stub, alias("s3"))
    stub.add_response("describe_key", {"KeyMetadata": metadata("s3")}, {"KeyId": key_arn("s3")})
    result = run({"kms_keys": [{"alias": "ecia-prod-s3"}]})  # without the alias/ prefix, as amazon.aws takes it
    assert not result["changed"]
    assert "policy" not in result["kms_keys"][0] and "tags" not in result["kms_keys"][0]


def test_create_missing_key(stub, run):
    expect_aliases(stub, alias("s3"), alias("rds"))
    expect_key(stub, "s3")
    expect_key(stub, "rds")
    new = metadata("secrets")
    stub.add_response(
        "create_key",
        {"KeyMetadata": new},
        {
            "KeyUsage": "ENCRYPT_DECRYPT",
            "KeySpec": "SYMMETRIC_DEFAULT",
            "MultiRegion": False,
            "Description": "ecia-prod secrets encryption",
            "Policy": json.dumps(policy("secrets")),
            "Tags": [{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "Name", "TagValue": "ecia-prod-secrets"}],
        },
    )
    stub.add_response("create_alias", {}, {"AliasName": "alias/ecia-prod-secrets", "TargetKeyId": key_arn("secrets")})
    stub.add_response("enable_key_rotation", {}, {"KeyId": key_arn("secrets"), "RotationPeriodInDays": 365})
    result = run(diff=True)
    assert result["changed_kms_keys"] == {
        "created": [f"{REGION}:alias/ecia-prod-secrets"],
        "updated": [],
        "deleted": [],
    }
    created = result["kms_keys"][2]
    assert created["key_arn"] == key_arn("secrets") and created["key_id"] == key_id("secrets")
    assert created["enable_key_rotation"] is True and created["tags"] == dict(TAGS, Name="ecia-prod-secrets")


def test_check_mode_writes_nothing_and_predicts(stub, run):
    expect_aliases(stub, alias("s3"), alias("rds"))
    expect_key(stub, "s3", rotation=False, tags={"stray": "x"})
    expect_key(stub, "rds", meta=metadata("rds", KeyState="PendingDeletion", Enabled=False))
    result = run(check_mode=True, diff=True)  # the Stubber fails on any call not queued: no write
    assert result["changed_kms_keys"] == {
        "created": [f"{REGION}:alias/ecia-prod-secrets"],
        "updated": [f"{REGION}:alias/ecia-prod-s3", f"{REGION}:alias/ecia-prod-rds"],
        "deleted": [],
    }
    s3, rds, secrets = result["kms_keys"]
    assert s3["enable_key_rotation"] is True and s3["tags"] == dict(TAGS, Name="ecia-prod-s3")
    assert s3["key_arn"] == key_arn("s3")
    assert rds["key_state"] == "Enabled" and rds["enabled"] is True
    assert "key_arn" not in secrets and secrets["key_spec"] == "SYMMETRIC_DEFAULT" and secrets["policy"]


def test_pending_deletion_is_cancelled_and_key_enabled(stub, run):
    expect_aliases(stub, alias("s3"))
    expect_key(stub, "s3", meta=metadata("s3", KeyState="PendingDeletion", Enabled=False, DeletionDate="2026-02-01"))
    stub.add_response("cancel_key_deletion", {"KeyId": key_id("s3")}, {"KeyId": key_arn("s3")})
    stub.add_response("enable_key", {}, {"KeyId": key_arn("s3")})
    result = run({"kms_keys": [key_arg("s3")]})
    assert result["changed"] and result["kms_keys"][0]["key_state"] == "Enabled"
    assert "deletion_date" not in result["kms_keys"][0]


def test_disable(stub, run):
    expect_aliases(stub, alias("s3"))
    expect_key(stub, "s3")
    stub.add_response("disable_key", {}, {"KeyId": key_arn("s3")})
    result = run({"kms_keys": [key_arg("s3", enabled=False)]})
    assert result["kms_keys"][0]["enabled"] is False


def test_immutable_spec_fails_naming_the_key_before_any_write(stub, run):
    expect_aliases(stub, alias("s3"), alias("rds"))
    expect_key(stub, "s3", rotation=False)  # would be a write: none is made
    stub.add_response(
        "describe_key", {"KeyMetadata": metadata("rds", KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")},
        {"KeyId": key_arn("rds")},
    )  # fmt: skip
    args = {"kms_keys": [key_arg("s3"), {"alias": "alias/ecia-prod-rds"}]}
    result = run(args)
    assert result["failed"]
    assert f"{REGION}:alias/ecia-prod-rds: key_spec is 'RSA_2048'" in result["msg"]
    assert "key_usage is 'SIGN_VERIFY'" in result["msg"]


def test_absent_schedules_deletion_of_the_existing(stub, run):
    expect_aliases(stub, alias("s3"), alias("rds"))
    stub.add_response("describe_key", {"KeyMetadata": metadata("s3")}, {"KeyId": key_arn("s3")})
    stub.add_response(
        "describe_key", {"KeyMetadata": metadata("rds", KeyState="PendingDeletion", Enabled=False)},
        {"KeyId": key_arn("rds")},
    )  # fmt: skip
    stub.add_response(
        "schedule_key_deletion",
        {"KeyId": key_arn("s3"), "PendingWindowInDays": 7, "KeyState": "PendingDeletion"},
        {"KeyId": key_arn("s3"), "PendingWindowInDays": 7},
    )
    args = {"kms_keys": [{"alias": f"alias/ecia-prod-{n}"} for n in NAMES], "state": "absent", "pending_window": 7}
    result = run(args, diff=True)
    assert result["changed_kms_keys"] == {"created": [], "updated": [], "deleted": [f"{REGION}:alias/ecia-prod-s3"]}
    assert result["kms_keys"] == []
    assert list(result["diff"]["before"]) == [f"{REGION}:alias/ecia-prod-s3"]


def test_absent_check_mode_writes_nothing(stub, run):
    expect_aliases(stub, alias("s3"))
    stub.add_response("describe_key", {"KeyMetadata": metadata("s3")}, {"KeyId": key_arn("s3")})
    result = run({"kms_keys": [{"alias": "alias/ecia-prod-s3"}], "state": "absent"}, check_mode=True)
    assert result["changed"]


def test_one_list_aliases_per_region(run_module, aws_client):
    primary, primary_stub = aws_client("kms", region=REGION)
    dr, dr_stub = aws_client("kms", region=DR_REGION)
    expect_aliases(primary_stub, alias("s3"))
    expect_key(primary_stub, "s3")
    expect_aliases(dr_stub, alias("rds", DR_REGION))
    expect_key(dr_stub, "rds", region=DR_REGION)
    args = {"region": REGION, "kms_keys": [key_arg("s3"), key_arg("rds", region=DR_REGION)]}
    result = run_module(module.main, args, client={REGION: primary, DR_REGION: dr})
    assert not result["changed"]
    assert [k["key_arn"] for k in result["kms_keys"]] == [key_arn("s3"), key_arn("rds", DR_REGION)]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"kms_keys": [key_arg("s3", rotation_period_days=30)]}, "rotation_period_days must be 90 to 2560"),
        ({"kms_keys": [key_arg("s3", enable_key_rotation=False)]}, "requires enable_key_rotation: true"),
        ({"kms_keys": [key_arg("s3", key_spec="RSA_2048")]}, "only SYMMETRIC_DEFAULT keys rotate"),
        ({"kms_keys": [{"alias": "alias/aws/s3"}]}, "reserved for AWS managed keys"),
        ({"kms_keys": [{"alias": "bad alias"}]}, "kms_keys[0] (alias/bad alias): alias must be"),
        ({"kms_keys": [{"alias": "a", "policy": "{"}]}, "kms_keys[0] (alias/a): policy is not valid JSON"),
        ({"kms_keys": [{"alias": "a"}, {"alias": "alias/a"}]}, "alias/a is listed twice"),
        ({"kms_keys": [{"alias": "a"}], "state": "absent", "pending_window": 5}, "pending_window must be 7 to 30"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    result = run_module(module.main, args)
    assert result["failed"] and message in result["msg"]
