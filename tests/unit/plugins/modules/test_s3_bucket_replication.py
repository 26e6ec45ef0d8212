"""s3_bucket_replication driven through main() against a Stubber-validated S3 client."""

import copy

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import s3_bucket_replication

ROLE = "arn:aws:iam::123456789012:role/replication"
KEY = "arn:aws:kms:us-west-2:123456789012:key/abc"
RULE = {
    "id": "dr",
    "delete_marker_replication": True,
    "sse_kms_encrypted_objects": True,
    "destination": {
        "bucket": "dst",
        "storage_class": "STANDARD_IA",
        "replica_kms_key_id": KEY,
        "replication_time": True,
    },
}
ARGS = {"bucket": "src", "role": ROLE, "rules": [RULE]}
PUT_RULE = {
    "ID": "dr",
    "Priority": 1,
    "Status": "Enabled",
    "Filter": {},
    "DeleteMarkerReplication": {"Status": "Enabled"},
    "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}},
    "Destination": {
        "Bucket": "arn:aws:s3:::dst",
        "StorageClass": "STANDARD_IA",
        "EncryptionConfiguration": {"ReplicaKmsKeyID": KEY},
        "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
        "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}},
    },
}
# How AWS reads the rule back: the empty filter as Prefix "", a disabled feature spelled out
READ_RULE = dict(copy.deepcopy(PUT_RULE), Filter={"Prefix": ""}, ExistingObjectReplication={"Status": "Disabled"})
CONFIG = {"Role": ROLE, "Rules": [READ_RULE]}


def with_args(args):
    merged = dict(copy.deepcopy(ARGS), **(args or {}))
    return {k: v for k, v in merged.items() if v is not None}


def rule(**changes):
    result = copy.deepcopy(RULE)
    result.update(changes)
    return result


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def stub(s3):
    return s3[1]


@pytest.fixture
def run(run_module, s3):
    def run_(args=None, **kw):
        return run_module(s3_bucket_replication.main, with_args(args), client=s3[0], **kw)

    return run_


def expect_get(stub, config=None):
    if config is None:
        stub.add_client_error(
            "get_bucket_replication", "ReplicationConfigurationNotFoundError", "none", 404, {"Bucket": "src"}
        )
    else:
        stub.add_response("get_bucket_replication", {"ReplicationConfiguration": config}, {"Bucket": "src"})


def expect_put(stub, rules):
    stub.add_response(
        "put_bucket_replication", {}, {"Bucket": "src", "ReplicationConfiguration": {"Role": ROLE, "Rules": rules}}
    )


def test_create(stub, run):
    expect_get(stub)
    expect_put(stub, [PUT_RULE])
    expect_get(stub, CONFIG)
    result = run(diff=True)
    assert result["changed"] and not result["failed"]
    got = result["replication"]["rules"][0]
    assert got["destination"]["metrics"] and got["destination"]["replication_time"]
    assert got["destination"]["bucket"] == "arn:aws:s3:::dst" and got["prefix"] is None
    assert result["diff"] == {"before": {}, "after": result["replication"]}


def test_rerun_is_a_noop(stub, run):
    expect_get(stub, CONFIG)
    result = run()
    assert not result["changed"] and not result["failed"]


def test_read_back_can_be_fed_again(stub, run):
    expect_get(stub, CONFIG)
    first = run()["replication"]
    expect_get(stub, CONFIG)
    assert not run({"rules": first["rules"]})["changed"]


def test_update_adds_a_tag_filtered_rule(stub, run):
    expect_get(stub, CONFIG)
    logs = {
        "id": "logs",
        "priority": 5,
        "prefix": "logs/",
        "tags": {"dr": "yes"},
        "destination": {"bucket": "arn:aws:s3:::dst"},
    }
    put_logs = {
        "ID": "logs",
        "Priority": 5,
        "Status": "Enabled",
        "Filter": {"And": {"Prefix": "logs/", "Tags": [{"Key": "dr", "Value": "yes"}]}},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "Destination": {"Bucket": "arn:aws:s3:::dst"},
    }
    expect_put(stub, [PUT_RULE, put_logs])
    expect_get(stub, {"Role": ROLE, "Rules": [READ_RULE, put_logs]})
    result = run({"rules": [RULE, logs]}, diff=True)
    assert result["changed"]
    assert [r["id"] for r in result["diff"]["before"]["rules"]] == ["dr"]
    assert result["replication"]["rules"][1]["tags"] == {"dr": "yes"}


def test_delete(stub, run):
    expect_get(stub, CONFIG)
    stub.add_response("delete_bucket_replication", {}, {"Bucket": "src"})
    result = run({"state": "absent", "role": None, "rules": None})
    assert result["changed"] and result["replication"] == {}


def test_delete_when_none_is_a_noop(stub, run):
    expect_get(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    expect_get(stub)
    result = run(check_mode=True)
    assert result["changed"] and result["replication"]["rules"][0]["destination"]["metrics"] is True
    expect_get(stub, CONFIG)
    assert run({"rules": [rule(status="Disabled")]}, check_mode=True)["changed"]


def test_access_denied_reports_the_aws_error(stub, run):
    expect_get(stub)
    stub.add_client_error("put_bucket_replication", "InvalidRequest", "Versioning must be 'Enabled' on the bucket")
    result = run()
    assert result["failed"] and "Versioning must be" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"bucket": "Bad_Bucket"}, "bucket must be an S3 bucket name"),
        ({"role": None}, "role is required when state=present"),
        ({"role": "replication"}, "role must be an IAM role ARN"),
        ({"role": "arn:aws:iam::123456789012:user/replication"}, "role must be an IAM role ARN"),
        ({"role": "arn:aws:iam::123456789012:role/"}, "role must be an IAM role ARN"),
        ({"rules": []}, "rules must list at least one rule"),
        ({"rules": [RULE, rule(priority=1)]}, "rules[].id must be unique"),
        ({"rules": [rule(tags={"a": "b"})]}, "delete_marker_replication is not supported"),
        (
            {"rules": [rule(destination=dict(RULE["destination"], replica_kms_key_id=None))]},
            "requires destination.replica_kms_key_id",
        ),
        (
            {"rules": [rule(sse_kms_encrypted_objects=False)]},
            "replica_kms_key_id requires sse_kms_encrypted_objects=true",
        ),
        (
            {"rules": [rule(destination=dict(RULE["destination"], replica_kms_key_id="abc"))]},
            "must be a KMS key or alias ARN",
        ),
        (
            {"rules": [rule(destination=dict(RULE["destination"], metrics=False))]},
            "replication_time=true requires destination.metrics",
        ),
        (
            {"rules": [rule(destination=dict(RULE["destination"], owner_override=True))]},
            "owner_override=true requires destination.account",
        ),
        ({"rules": [rule(destination=dict(RULE["destination"], bucket="src"))]}, "must differ from the source bucket"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    result = run_module(s3_bucket_replication.main, with_args(args))
    assert result["failed"] and message in result["msg"]
