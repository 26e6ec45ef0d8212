"""S3 replication read back as written (moto 5.2.5 hard-codes DeleteMarkerReplication/Filter), AWS's put checks."""

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/replication"
KEY = "arn:aws:kms:us-west-2:123456789012:key/abc"


def rule(**changes):
    base = {
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
    base.update(changes)
    return base


@pytest.fixture
def s3(client):
    api = client("s3")
    for name in ("src", "dst", "unversioned"):
        api.create_bucket(Bucket=name)
    for name in ("src", "dst"):
        api.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return api


def put(s3, *rules):
    s3.put_bucket_replication(Bucket="src", ReplicationConfiguration={"Role": ROLE, "Rules": list(rules)})


def test_rules_read_back_as_written(s3):
    tagged = {
        "ID": "logs",
        "Priority": 2,
        "Status": "Disabled",
        "Filter": {"And": {"Prefix": "logs/", "Tags": [{"Key": "dr", "Value": "yes"}]}},
        "DeleteMarkerReplication": {"Status": "Disabled"},
        "ExistingObjectReplication": {"Status": "Enabled"},
        "Destination": {
            "Bucket": "arn:aws:s3:::dst",
            "Account": "123456789012",
            "AccessControlTranslation": {"Owner": "Destination"},
        },
    }
    put(s3, rule(), tagged)
    got = s3.get_bucket_replication(Bucket="src")["ReplicationConfiguration"]
    assert got["Role"] == ROLE
    first, second = got["Rules"]
    assert first == dict(rule(), Filter={"Prefix": ""})
    assert second == tagged


def test_single_tag_filter(s3):
    put(s3, rule(Filter={"Tag": {"Key": "a", "Value": "b"}}, DeleteMarkerReplication={"Status": "Disabled"}))
    got = s3.get_bucket_replication(Bucket="src")["ReplicationConfiguration"]["Rules"][0]
    assert got["Filter"] == {"Tag": {"Key": "a", "Value": "b"}}


@pytest.mark.parametrize(
    "bad, message",
    [
        (rule(Destination=dict(rule()["Destination"], Bucket="arn:aws:s3:::nope")), "Destination bucket must exist"),
        (rule(Destination=dict(rule()["Destination"], Bucket="arn:aws:s3:::unversioned")), "must have versioning"),
        (rule(Destination={"Bucket": "arn:aws:s3:::dst"}), "ReplicaKmsKeyID must be specified"),
        (
            rule(Destination=dict(rule()["Destination"], Metrics={"Status": "Disabled"})),
            "requires Metrics",
        ),
        (rule(Filter={"Tag": {"Key": "a", "Value": "b"}}), "DeleteMarkerReplication cannot be enabled"),
    ],
)
def test_put_rejects_what_aws_rejects(s3, bad, message):
    with pytest.raises(ClientError) as err:
        put(s3, bad)
    assert err.value.response["Error"]["Code"] == "InvalidRequest" and message in str(err.value)


def test_duplicate_priorities(s3):
    with pytest.raises(ClientError, match="duplicate Priority"):
        put(s3, rule(), rule(ID="other"))


def test_missing_configuration_is_still_an_error(s3):
    with pytest.raises(ClientError, match="ReplicationConfigurationNotFoundError"):
        s3.get_bucket_replication(Bucket="dst")
