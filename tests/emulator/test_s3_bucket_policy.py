"""Bucket policies evaluated as AWS does: a statement applies only when each of its conditions holds, and the
endpoint stands in for AWS's HTTPS endpoints (aws:SecureTransport is true). moto 5.2.5 took the TLS-only deny of
every hardened bucket as always applying, so emptying such a bucket answered AccessDenied for every object."""

import json

import pytest
from botocore.exceptions import ClientError

from emulator.ext.s3 import statement_applies

BUCKET = "hardened"


def deny(condition):
    return {
        "Sid": "Deny",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
        "Condition": condition,
    }


@pytest.fixture
def s3(client):
    api = client("s3")
    api.create_bucket(Bucket=BUCKET)
    api.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    return api


def with_policy(s3, *statements):
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": list(statements)}))


def test_tls_only_bucket_can_be_written_and_emptied(s3):
    with_policy(s3, deny({"Bool": {"aws:SecureTransport": "false"}}))
    s3.put_object(Bucket=BUCKET, Key="a", Body=b"x")
    s3.put_object(Bucket=BUCKET, Key="a", Body=b"y")
    versions = s3.list_object_versions(Bucket=BUCKET)["Versions"]
    answer = s3.delete_objects(
        Bucket=BUCKET, Delete={"Objects": [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in versions]}
    )
    assert len(answer["Deleted"]) == 2 and not answer.get("Errors")
    s3.delete_bucket(Bucket=BUCKET)


def test_a_deny_whose_condition_holds_still_denies(s3):
    with_policy(s3, deny({"Bool": {"aws:SecureTransport": "true"}}))
    with pytest.raises(ClientError) as denied:
        s3.put_object(Bucket=BUCKET, Key="a", Body=b"x")
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_an_unconditioned_deny_denies_delete_objects(s3):
    s3.put_object(Bucket=BUCKET, Key="a", Body=b"x")
    version = s3.list_object_versions(Bucket=BUCKET)["Versions"][0]["VersionId"]
    with_policy(s3, {**deny({}), "Action": "s3:DeleteObject"})
    answer = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "a", "VersionId": version}]})
    assert [e["Code"] for e in answer["Errors"]] == ["AccessDenied"]


@pytest.mark.parametrize(
    "condition, applies",
    [
        ({"Bool": {"aws:SecureTransport": "false"}}, False),
        ({"Bool": {"aws:SecureTransport": "true"}}, True),
        ({"Bool": {"aws:SecureTransport": ["false", "true"]}}, True),
        # A key the request does not carry: false, except ...IfExists and Null.
        ({"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:x"}}, False),
        ({"StringEqualsIfExists": {"aws:SourceArn": "arn:aws:cloudtrail:x"}}, True),
        ({"Null": {"aws:SourceArn": "true"}}, True),
        ({"Null": {"aws:SourceArn": "false"}}, False),
        ({"StringNotEquals": {"aws:SecureTransport": ["false", "maybe"]}}, True),
        ({"StringLike": {"aws:SecureTransport": "t*"}}, True),
        # Every condition must hold.
        ({"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceAccount": "1"}}, False),
        # An operator the endpoint does not evaluate: not taken to apply.
        ({"NumericLessThan": {"s3:max-keys": "10"}}, False),
    ],
)
def test_statement_applies(condition, applies):
    assert statement_applies({"Effect": "Deny", "Condition": condition}) is applies
