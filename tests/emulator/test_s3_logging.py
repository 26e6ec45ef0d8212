"""PutBucketLogging: the target bucket's policy must let S3's log delivery put objects under the target prefix."""

import json

import pytest

REGION = "ap-south-1"


def grant(target, resource):
    """The target's policy: a grant to S3's log delivery on ``resource``, after a statement whose Principal is "*"
    (every hardened bucket's TLS-only deny, which once crashed the check)."""
    deny_plain_http = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": f"arn:aws:s3:::{target}/*"}
    deny_plain_http["Condition"] = {"Bool": {"aws:SecureTransport": "false"}}
    delivery = {"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject"}
    return {"Version": "2012-10-17", "Statement": [deny_plain_http, dict(delivery, Resource=resource)]}


@pytest.fixture
def s3(client):
    s3 = client("s3", REGION)
    for name in ("app", "logs"):
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return s3


def logging_to(prefix):
    return {"LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": prefix}}


@pytest.mark.parametrize(
    "resource",
    ["arn:aws:s3:::logs/s3-access/*", "arn:aws:s3:::logs/s3-access/app/*", "arn:aws:s3:::logs/*"],
)
def test_a_grant_covering_the_prefix_is_enough(s3, resource):
    s3.put_bucket_policy(Bucket="logs", Policy=json.dumps(grant("logs", resource)))
    s3.put_bucket_logging(Bucket="app", BucketLoggingStatus=logging_to("s3-access/app/"))
    assert s3.get_bucket_logging(Bucket="app")["LoggingEnabled"]["TargetPrefix"] == "s3-access/app/"


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:s3:::logs",  # the bucket itself: no object
        "arn:aws:s3:::logs/other/*",  # another prefix
    ],
)
def test_a_grant_that_misses_the_prefix_is_refused(s3, resource):
    s3.put_bucket_policy(Bucket="logs", Policy=json.dumps(grant("logs", resource)))
    with pytest.raises(s3.exceptions.ClientError, match="InvalidTargetBucketForLogging"):
        s3.put_bucket_logging(Bucket="app", BucketLoggingStatus=logging_to("s3-access/app/"))
