"""S3 bucket replication: moto 5.2.5 stores the configuration it is given but answers GetBucketReplication with
a fixed ``DeleteMarkerReplication: Disabled`` and ``Filter: {Prefix: ""}`` for every rule, and without the rules'
SourceSelectionCriteria and ExistingObjectReplication. A module that reads back what it wrote (delete-marker
replication on, SSE-KMS objects selected, a prefix or tag filter) saw a difference on every run. PutBucketReplication
checked only the source bucket's versioning.

Patched here (moto keeps the state):
- GetBucketReplication answers the stored rules, typed by botocore's ReplicationConfiguration shape (moto keeps the
  xmltodict strings, single-item lists as dicts); an empty filter reads back as ``Prefix: ""`` as AWS shows it.
- PutBucketReplication also rejects, as AWS does (InvalidRequest): a destination bucket of the same account that does
  not exist or is not versioned, SseKmsEncryptedObjects without ReplicaKmsKeyID, ReplicationTime without Metrics,
  DeleteMarkerReplication on a tag-filtered rule, and repeated rule IDs or priorities.
"""

import functools

from moto.core.responses import ActionResult
from moto.s3.exceptions import S3ClientError
from moto.s3.models import S3Backend
from moto.s3.responses import S3Response

from emulator.models import service_model


class InvalidReplicationRequest(S3ClientError):
    code = "InvalidRequest"

    def __init__(self, message: str):
        super().__init__(message)


@functools.cache
def _configuration_shape():
    return service_model("s3").shape_for("ReplicationConfiguration")


def _typed(shape, value):
    """An xmltodict value -> the boto3-style value of ``shape``."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return {}
        result = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            if member.type_name == "list" and member.serialization.get("flattened"):
                wire = member.member.serialization.get("name", wire)
            if wire in value and value[wire] is not None:
                result[name] = _typed(member, value[wire])
        return result
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        if not member_is_flat(shape) and isinstance(value, dict):  # <Tags><Tag>..</Tag></Tags>
            inner = value.get(shape.member.serialization.get("name", "member"))
            items = inner if isinstance(inner, list) else [inner]
        return [_typed(shape.member, item) for item in items if item is not None]
    if kind in ("integer", "long"):
        return int(value)
    if kind == "boolean":
        return str(value).lower() == "true"
    return value


def member_is_flat(shape) -> bool:
    return bool(shape.serialization.get("flattened"))


def _rules(config: dict) -> list:
    typed = _typed(_configuration_shape(), config)
    rules = typed.get("Rules", [])
    for rule in rules:
        if "Filter" not in rule and "Prefix" not in rule:
            rule["Filter"] = {"Prefix": ""}
        elif rule.get("Filter") == {}:
            rule["Filter"] = {"Prefix": ""}
    return rules


def get_bucket_replication(self):
    self.data["Action"] = "GetBucketReplication"
    replication = self.backend.get_bucket_replication(self.bucket_name)
    if not replication:
        return _original_get(self)  # moto's ReplicationConfigurationNotFoundError
    raw = dict(replication)
    return self.serialized(ActionResult({"ReplicationConfiguration": {"Role": raw.get("Role"), "Rules": _rules(raw)}}))


def _check(backend, bucket_name: str, replication: dict) -> None:
    rules = _rules(replication)
    for key in ("ID", "Priority"):
        values = [r.get(key) for r in rules if r.get(key) is not None]
        if len(values) != len(set(values)):
            raise InvalidReplicationRequest(f"Found duplicate {key} in the replication configuration")
    for rule in rules:
        dest = rule.get("Destination", {})
        criteria = rule.get("SourceSelectionCriteria", {})
        if criteria.get("SseKmsEncryptedObjects", {}).get("Status") == "Enabled" and not dest.get(
            "EncryptionConfiguration", {}
        ).get("ReplicaKmsKeyID"):
            raise InvalidReplicationRequest(
                "ReplicaKmsKeyID must be specified if SseKmsEncryptedObjects tag is present."
            )
        if (
            dest.get("ReplicationTime", {}).get("Status") == "Enabled"
            and dest.get("Metrics", {}).get("Status") != "Enabled"
        ):
            raise InvalidReplicationRequest("Replication Time Control requires Metrics to be enabled.")
        rule_filter = rule.get("Filter", {})
        tagged = "Tag" in rule_filter or bool(rule_filter.get("And", {}).get("Tags"))
        if tagged and rule.get("DeleteMarkerReplication", {}).get("Status") == "Enabled":
            raise InvalidReplicationRequest("DeleteMarkerReplication cannot be enabled for rules with a Tag filter.")
        if dest.get("Account") not in (None, backend.account_id):
            continue  # another account's bucket: AWS cannot check it either
        name = dest.get("Bucket", "").split(":::")[-1]
        target = backend.buckets.get(name)
        if target is None:
            raise InvalidReplicationRequest("Destination bucket must exist.")
        if target.versioning_status != "Enabled":
            raise InvalidReplicationRequest("Destination bucket must have versioning enabled.")


def put_bucket_replication(self, bucket_name, replication):
    _check(self, bucket_name, replication)
    return _original_put(self, bucket_name, replication)


if not getattr(S3Response.get_bucket_replication, "_prodgrade", False):
    _original_get = S3Response.get_bucket_replication
    _original_put = S3Backend.put_bucket_replication
    get_bucket_replication._prodgrade = True  # type: ignore[attr-defined]
    put_bucket_replication._prodgrade = True  # type: ignore[attr-defined]
    S3Response.get_bucket_replication = get_bucket_replication
    S3Backend.put_bucket_replication = put_bucket_replication
