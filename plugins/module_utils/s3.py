# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""S3 bucket API calls (the bucket, its settings, lifecycle and CORS; replication), one small function each,
retried with ``aws_retry()`` (plus S3's ``SlowDown``) and wrapped by an error handler that knows S3's "not found" codes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class AnsibleS3Error(AnsibleAWSError):
    pass


class S3BucketErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleS3Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchBucket")


class S3EncryptionErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleS3Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["ServerSideEncryptionConfigurationNotFoundError", "NoSuchBucket"])


@S3BucketErrorHandler.list_error_handler("get bucket versioning")
@aws_retry(catch_extra_error_codes=["SlowDown"])
def get_bucket_versioning(client, bucket: str) -> Optional[str]:
    """The bucket's versioning status ("Enabled", "Suspended", or "" if never set); None if there is no bucket."""
    return client.get_bucket_versioning(Bucket=bucket).get("Status", "")


@S3EncryptionErrorHandler.list_error_handler("get bucket encryption", {})
@aws_retry(catch_extra_error_codes=["SlowDown"])
def get_bucket_default_encryption(client, bucket: str) -> Dict[str, Any]:
    """The bucket's first default-encryption rule's ApplyServerSideEncryptionByDefault ({} when none)."""
    rules = client.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"].get("Rules", [])
    return (rules[0] if rules else {}).get("ApplyServerSideEncryptionByDefault", {})


# -------------------- bucket replication (s3_bucket_replication)
# S3 bucket replication API calls, one small function each, retried with ``aws_retry()`` and wrapped by
# ``S3ReplicationErrorHandler``; plus the conversion between AWS's ReplicationConfiguration and the rule shape the
# modules take and return (the same shape both ways, so a read-back can be fed to the module again).
#
# AWS answers a rule in its own canonical form (an empty filter as ``Prefix: ""``, disabled sub-features present or
# absent); ``rule_from_boto3`` folds those spellings together so comparing read-back and wanted rules is exact.

RTC_MINUTES = 15  # the only replication time AWS offers (and the metrics threshold that goes with it)


class AnsibleS3ReplicationError(AnsibleAWSError):
    pass


class S3ReplicationErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleS3ReplicationError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["ReplicationConfigurationNotFoundError", "NoSuchReplicationConfiguration"])


@S3ReplicationErrorHandler.list_error_handler("get bucket replication")
@aws_retry(catch_extra_error_codes=["SlowDown"])
def get_bucket_replication(client, bucket: str) -> Optional[Dict[str, Any]]:
    """GetBucketReplication's ReplicationConfiguration; None when the bucket has none."""
    return client.get_bucket_replication(Bucket=bucket)["ReplicationConfiguration"]


@S3ReplicationErrorHandler.common_error_handler("put bucket replication")
@aws_retry(catch_extra_error_codes=["SlowDown"])
def put_bucket_replication(client, bucket: str, configuration: Dict[str, Any]) -> bool:
    client.put_bucket_replication(Bucket=bucket, ReplicationConfiguration=configuration)
    return True


@S3ReplicationErrorHandler.deletion_error_handler("delete bucket replication")
@aws_retry(catch_extra_error_codes=["SlowDown"])
def delete_bucket_replication(client, bucket: str) -> bool:
    client.delete_bucket_replication(Bucket=bucket)
    return True


def bucket_arn(bucket: str) -> str:
    return bucket if bucket.startswith("arn:") else f"arn:aws:s3:::{bucket}"


def arn_bucket(value: Any) -> Optional[str]:
    """The bucket named by an S3 bucket ARN, optionally followed by a key prefix (arn:aws:s3:::<bucket>[/<prefix>]);
    None for anything else."""
    parts = parse_arn(value, "s3", region=False, account=False)
    return (parts["resource"].split("/", 1)[0] or None) if parts else None


def _enabled(value: Optional[Dict[str, Any]]) -> bool:
    return bool(value) and value.get("Status") == "Enabled"


def _status(flag: bool) -> Dict[str, str]:
    return {"Status": "Enabled" if flag else "Disabled"}


def rule_from_boto3(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A boto3 ReplicationRule -> the module's rule shape (every key present, AWS's spellings folded)."""
    rule_filter = rule.get("Filter") or {}
    prefix, tags = rule_filter.get("Prefix", rule.get("Prefix")), {}
    if "Tag" in rule_filter:
        tags = boto3_tag_list_to_ansible_dict([rule_filter["Tag"]])
    if "And" in rule_filter:
        prefix = rule_filter["And"].get("Prefix")
        tags = boto3_tag_list_to_ansible_dict(rule_filter["And"].get("Tags", []))
    criteria = rule.get("SourceSelectionCriteria") or {}
    dest = rule.get("Destination") or {}
    return {
        "id": rule.get("ID"),
        "priority": rule.get("Priority"),
        "status": rule.get("Status"),
        "prefix": prefix or None,
        "tags": tags,
        "delete_marker_replication": _enabled(rule.get("DeleteMarkerReplication")),
        "sse_kms_encrypted_objects": _enabled(criteria.get("SseKmsEncryptedObjects")),
        "replica_modifications": _enabled(criteria.get("ReplicaModifications")),
        "existing_object_replication": _enabled(rule.get("ExistingObjectReplication")),
        "destination": {
            "bucket": dest.get("Bucket"),
            "account": dest.get("Account"),
            "storage_class": dest.get("StorageClass"),
            "replica_kms_key_id": (dest.get("EncryptionConfiguration") or {}).get("ReplicaKmsKeyID"),
            "owner_override": (dest.get("AccessControlTranslation") or {}).get("Owner") == "Destination",
            "replication_time": _enabled(dest.get("ReplicationTime")),
            "metrics": _enabled(dest.get("Metrics")),
        },
    }


def rule_to_boto3(rule: Dict[str, Any]) -> Dict[str, Any]:
    """The module's rule shape -> a boto3 ReplicationRule (V2 schema: always a Filter and a Priority)."""
    tags = ansible_dict_to_boto3_tag_list(rule.get("tags") or {})
    prefix = rule.get("prefix")
    if tags and (prefix or len(tags) > 1):
        rule_filter = {"And": dict({"Prefix": prefix} if prefix else {}, Tags=tags)}
    elif tags:
        rule_filter = {"Tag": tags[0]}
    else:
        rule_filter = {"Prefix": prefix} if prefix else {}
    dest = rule["destination"]
    destination = {"Bucket": bucket_arn(dest["bucket"])}
    if dest.get("account"):
        destination["Account"] = dest["account"]
    if dest.get("storage_class"):
        destination["StorageClass"] = dest["storage_class"]
    if dest.get("owner_override"):
        destination["AccessControlTranslation"] = {"Owner": "Destination"}
    if dest.get("replica_kms_key_id"):
        destination["EncryptionConfiguration"] = {"ReplicaKmsKeyID": dest["replica_kms_key_id"]}
    if dest.get("replication_time"):
        destination["ReplicationTime"] = {"Status": "Enabled", "Time": {"Minutes": RTC_MINUTES}}
    if dest.get("metrics"):
        destination["Metrics"] = {"Status": "Enabled", "EventThreshold": {"Minutes": RTC_MINUTES}}
    result = {
        "ID": rule["id"],
        "Priority": rule["priority"],
        "Status": rule["status"],
        "Filter": rule_filter,
        "DeleteMarkerReplication": _status(rule.get("delete_marker_replication")),
        "Destination": destination,
    }
    criteria = {}
    if rule.get("sse_kms_encrypted_objects"):
        criteria["SseKmsEncryptedObjects"] = _status(True)
    if rule.get("replica_modifications"):
        criteria["ReplicaModifications"] = _status(True)
    if criteria:
        result["SourceSelectionCriteria"] = criteria
    if rule.get("existing_object_replication"):
        result["ExistingObjectReplication"] = _status(True)
    return result


def replication_from_boto3(configuration: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """ReplicationConfiguration -> {role, rules (sorted by priority, id)}; None stays None."""
    if configuration is None:
        return None
    rules = [rule_from_boto3(rule) for rule in configuration.get("Rules", [])]
    return {
        "role": configuration.get("Role"),
        "rules": sorted(rules, key=lambda r: (r["priority"] or 0, r["id"] or "")),
    }


def replication_to_boto3(replication: Dict[str, Any]) -> Dict[str, Any]:
    return {"Role": replication["role"], "Rules": [rule_to_boto3(rule) for rule in replication["rules"]]}


def describe_replication(client, bucket: str) -> Optional[Dict[str, Any]]:
    return replication_from_boto3(get_bucket_replication(client, bucket))


def rule_errors(rules: List[Dict[str, Any]], source_bucket: str) -> List[str]:
    """What AWS rejects in replication rules, each error naming the option and the rule."""
    errors = []
    if not rules:
        errors.append("rules must list at least one rule when state=present")
    if len(rules) > 1000:
        errors.append(f"rules has {len(rules)} rules; a bucket has at most 1000")
    for key in ("id", "priority"):
        values = [r[key] for r in rules]
        repeated = sorted({str(v) for v in values if values.count(v) > 1})
        if repeated:
            errors.append(f"rules[].{key} must be unique; repeated: {', '.join(repeated)}")
    for index, rule in enumerate(rules):
        where = f"rules[{index}] ({rule['id']})"
        dest = rule["destination"]
        if len(rule["id"]) > 255:
            errors.append(f"{where}: id must be at most 255 characters")
        if rule["priority"] < 0:
            errors.append(f"{where}: priority must be 0 or more")
        if rule["delete_marker_replication"] and rule.get("tags"):
            errors.append(f"{where}: delete_marker_replication is not supported by AWS for rules with a tags filter")
        if rule["sse_kms_encrypted_objects"] and not dest.get("replica_kms_key_id"):
            errors.append(
                f"{where}: sse_kms_encrypted_objects=true requires destination.replica_kms_key_id "
                "(the KMS key, in the destination region, that re-encrypts the replicas)"
            )
        if dest.get("replica_kms_key_id") and not rule["sse_kms_encrypted_objects"]:
            errors.append(f"{where}: destination.replica_kms_key_id requires sse_kms_encrypted_objects=true")
        key_id = dest.get("replica_kms_key_id")
        if key_id and not key_id.startswith("arn:"):
            errors.append(f"{where}: destination.replica_kms_key_id must be a KMS key or alias ARN: {key_id!r}")
        if dest.get("replication_time") and dest.get("metrics") is False:
            errors.append(f"{where}: destination.replication_time=true requires destination.metrics (AWS enables both)")
        if dest.get("owner_override") and not dest.get("account"):
            errors.append(f"{where}: destination.owner_override=true requires destination.account")
        if dest.get("account") and not (dest["account"].isdigit() and len(dest["account"]) == 12):
            errors.append(f"{where}: destination.account must be a 12-digit account id: {dest['account']!r}")
        if bucket_arn(dest["bucket"]) == bucket_arn(source_bucket):
            errors.append(f"{where}: destination.bucket must differ from the source bucket {source_bucket}")
        if dest["bucket"].startswith("arn:") and not dest["bucket"].startswith("arn:aws"):
            errors.append(f"{where}: destination.bucket must be a bucket name or an S3 bucket ARN")
    return errors


# -------------------- buckets and their settings (s3_buckets)
# Calls for a bucket's existence, default encryption, versioning, Block Public Access, object ownership, policy,
# tags, lifecycle and CORS. Each setting read answers its own "not found" code with "none" (None, {} or []).
# Writes also retry NoSuchBucket (a bucket just created may not answer yet: S3 is eventually consistent) and, like
# every call, OperationAborted (a conflicting operation on the bucket is in progress), as amazon.aws.s3_bucket does.

READ_RETRY_CODES = ["SlowDown", "OperationAborted"]
WRITE_RETRY_CODES = READ_RETRY_CODES + ["NoSuchBucket"]
# How often, and how far apart, a setting is read back after it is written (amazon.aws.s3_bucket: 12 times, 5 s).
APPLY_ATTEMPTS = 12
APPLY_DELAY = 5
TAGS_MAX = 50  # PutBucketTagging: at most 50 tags
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
LIFECYCLE_RULES_MAX = 1000
CORS_RULES_MAX = 100
RULE_ID_MAX = 255
DELETE_OBJECTS_MAX = 1000  # DeleteObjects: at most 1000 keys a request
STORAGE_CLASSES = ("GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR")
CORS_METHODS = ("GET", "PUT", "HEAD", "POST", "DELETE")
OBJECT_OWNERSHIPS = ("BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter")
ENCRYPTIONS = ("AES256", "aws:kms", "aws:kms:dsse")
PUBLIC_ACCESS_KEYS = dict(
    block_public_acls="BlockPublicAcls",
    ignore_public_acls="IgnorePublicAcls",
    block_public_policy="BlockPublicPolicy",
    restrict_public_buckets="RestrictPublicBuckets",
)


def _missing_handler(*codes: str):
    """An error handler whose list/deletion handlers answer ``codes`` (a setting's "not found") with the default."""

    class Handler(AWSErrorHandler):
        _CUSTOM_EXCEPTION = AnsibleS3Error

        @classmethod
        def _is_missing(cls):
            return is_boto3_error_code(list(codes))

    return Handler


S3EncryptionConfigErrorHandler = _missing_handler("ServerSideEncryptionConfigurationNotFoundError")
S3PublicAccessErrorHandler = _missing_handler("NoSuchPublicAccessBlockConfiguration")
S3OwnershipErrorHandler = _missing_handler("OwnershipControlsNotFoundError", "NoSuchOwnershipControls")
S3PolicyErrorHandler = _missing_handler("NoSuchBucketPolicy")
S3TaggingErrorHandler = _missing_handler("NoSuchTagSet", "NoSuchTagSetError")
S3LifecycleErrorHandler = _missing_handler("NoSuchLifecycleConfiguration")
S3CorsErrorHandler = _missing_handler("NoSuchCORSConfiguration")
S3NoBucketErrorHandler = _missing_handler("404", "NotFound", "NoSuchBucket")


def valid_bucket_name(name: str) -> bool:
    """S3's bucket naming rules: 3 to 63 of a-z0-9.- , letter or digit at both ends, no "..", not an IP address."""
    return bool(BUCKET_NAME.match(name)) and ".." not in name and not re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name)


@S3NoBucketErrorHandler.list_error_handler("head bucket", False)
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def bucket_exists(client, bucket: str) -> bool:
    """Whether the bucket exists (HeadBucket; 403 when another account owns the name is an error)."""
    client.head_bucket(Bucket=bucket)
    return True


@S3BucketErrorHandler.common_error_handler("create bucket")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def create_bucket(client, bucket: str, region: str) -> bool:
    params: Dict[str, Any] = {"Bucket": bucket}
    if region != "us-east-1":  # us-east-1 takes no LocationConstraint (AWS rejects "us-east-1")
        params["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        client.create_bucket(**params)
    except is_boto3_error_code("BucketAlreadyOwnedByYou"):
        return False  # HeadBucket did not see it yet
    return True


@S3BucketErrorHandler.common_error_handler("wait for the bucket to exist")
def wait_bucket_exists(client, bucket: str) -> None:
    client.get_waiter("bucket_exists").wait(Bucket=bucket)


@S3BucketErrorHandler.common_error_handler("wait for the bucket to be deleted")
def wait_bucket_not_exists(client, bucket: str) -> None:
    client.get_waiter("bucket_not_exists").wait(Bucket=bucket)


@S3BucketErrorHandler.deletion_error_handler("delete bucket")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def delete_bucket(client, bucket: str) -> bool:
    client.delete_bucket(Bucket=bucket)
    return True


@S3BucketErrorHandler.common_error_handler("list object versions")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def _list_object_versions(client, **params) -> Dict[str, Any]:
    return client.list_object_versions(**params)


@S3BucketErrorHandler.common_error_handler("delete objects")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def _delete_objects(client, bucket: str, objects: List[Dict[str, str]]) -> None:
    errors = client.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True}).get("Errors")
    if errors:
        keys = ", ".join(e.get("Key", "?") for e in errors)
        raise AnsibleS3Error(message=f"Could not empty bucket {bucket} before deleting it: could not delete {keys}")


def empty_bucket(client, bucket: str) -> None:
    """Delete every object version and delete marker (as amazon.aws.s3_bucket's force), a page at a time."""
    params: Dict[str, Any] = {"Bucket": bucket}
    while True:
        page = _list_object_versions(client, **params)
        objects = []
        for entry in page.get("Versions", []) + page.get("DeleteMarkers", []):
            obj = {"Key": entry["Key"]}
            if entry.get("VersionId") and entry["VersionId"] != "null":  # "null": an unversioned object
                obj["VersionId"] = entry["VersionId"]
            objects.append(obj)
        for start in range(0, len(objects), DELETE_OBJECTS_MAX):
            _delete_objects(client, bucket, objects[start : start + DELETE_OBJECTS_MAX])
        if not page.get("IsTruncated"):
            return
        params = {"Bucket": bucket, "KeyMarker": page["NextKeyMarker"]}
        if page.get("NextVersionIdMarker"):
            params["VersionIdMarker"] = page["NextVersionIdMarker"]


@S3EncryptionConfigErrorHandler.list_error_handler("get bucket encryption")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_bucket_encryption_rule(client, bucket: str) -> Optional[Dict[str, Any]]:
    """The first default-encryption rule (ApplyServerSideEncryptionByDefault, BucketKeyEnabled); None when none."""
    rules = client.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"].get("Rules", [])
    return rules[0] if rules else None


@S3BucketErrorHandler.common_error_handler("put bucket encryption")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_bucket_encryption(client, bucket: str, rule: Dict[str, Any]) -> None:
    client.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [rule]})


@S3BucketErrorHandler.common_error_handler("put bucket versioning")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_bucket_versioning(client, bucket: str, status: str) -> None:
    client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})


@S3PublicAccessErrorHandler.list_error_handler("get public access block")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_public_access_block(client, bucket: str) -> Optional[Dict[str, bool]]:
    return client.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]


@S3BucketErrorHandler.common_error_handler("put public access block")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_public_access_block(client, bucket: str, configuration: Dict[str, bool]) -> None:
    client.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=configuration)


@S3OwnershipErrorHandler.list_error_handler("get bucket ownership controls")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_object_ownership(client, bucket: str) -> Optional[str]:
    rules = client.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"].get("Rules", [])
    return rules[0]["ObjectOwnership"] if rules else None


@S3BucketErrorHandler.common_error_handler("put bucket ownership controls")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_object_ownership(client, bucket: str, ownership: str) -> None:
    client.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]})


@S3PolicyErrorHandler.list_error_handler("get bucket policy")
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_bucket_policy(client, bucket: str) -> Optional[Dict[str, Any]]:
    text = client.get_bucket_policy(Bucket=bucket)["Policy"]
    try:
        return json.loads(text)
    except ValueError as e:
        raise AnsibleS3Error(message=f"Unable to parse the policy of bucket {bucket}", exception=e) from e


@S3BucketErrorHandler.common_error_handler("put bucket policy")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_bucket_policy(client, bucket: str, policy: Dict[str, Any]) -> None:
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


@S3PolicyErrorHandler.deletion_error_handler("delete bucket policy")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def delete_bucket_policy(client, bucket: str) -> bool:
    client.delete_bucket_policy(Bucket=bucket)
    return True


@S3TaggingErrorHandler.list_error_handler("get bucket tagging", {})
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_bucket_tags(client, bucket: str) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(client.get_bucket_tagging(Bucket=bucket)["TagSet"])


@S3BucketErrorHandler.common_error_handler("put bucket tagging")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_bucket_tags(client, bucket: str, tags: Dict[str, str]) -> None:
    """PutBucketTagging replaces the whole tag set."""
    client.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": ansible_dict_to_boto3_tag_list(tags)})


@S3TaggingErrorHandler.deletion_error_handler("delete bucket tagging")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def delete_bucket_tags(client, bucket: str) -> bool:
    client.delete_bucket_tagging(Bucket=bucket)
    return True


@S3LifecycleErrorHandler.list_error_handler("get bucket lifecycle configuration", [])
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_lifecycle_rules(client, bucket: str) -> List[Dict[str, Any]]:
    return client.get_bucket_lifecycle_configuration(Bucket=bucket).get("Rules", [])


@S3BucketErrorHandler.common_error_handler("put bucket lifecycle configuration")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_lifecycle_rules(client, bucket: str, rules: List[Dict[str, Any]]) -> None:
    client.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})


@S3LifecycleErrorHandler.deletion_error_handler("delete bucket lifecycle configuration")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def delete_lifecycle(client, bucket: str) -> bool:
    client.delete_bucket_lifecycle(Bucket=bucket)
    return True


@S3CorsErrorHandler.list_error_handler("get bucket CORS", [])
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_cors_rules(client, bucket: str) -> List[Dict[str, Any]]:
    return client.get_bucket_cors(Bucket=bucket).get("CORSRules", [])


@S3BucketErrorHandler.common_error_handler("put bucket CORS")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_cors_rules(client, bucket: str, rules: List[Dict[str, Any]]) -> None:
    client.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})


@S3CorsErrorHandler.deletion_error_handler("delete bucket CORS")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def delete_cors(client, bucket: str) -> bool:
    client.delete_bucket_cors(Bucket=bucket)
    return True


@S3BucketErrorHandler.list_error_handler("get bucket logging", {})
@aws_retry(catch_extra_error_codes=READ_RETRY_CODES)
def get_bucket_logging(client, bucket: str) -> Dict[str, str]:
    """Where the bucket's server access logs go: {"target_bucket", "target_prefix"}, or {} when logging is off."""
    enabled = client.get_bucket_logging(Bucket=bucket).get("LoggingEnabled") or {}
    if not enabled:
        return {}
    return {"target_bucket": enabled["TargetBucket"], "target_prefix": enabled.get("TargetPrefix", "")}


@S3BucketErrorHandler.common_error_handler("put bucket logging")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def put_bucket_logging(client, bucket: str, logging: Dict[str, str]) -> None:
    """Server access logging to logging["target_bucket"] under its prefix; off when logging is {}."""
    status = {}
    if logging:
        status["LoggingEnabled"] = {"TargetBucket": logging["target_bucket"], "TargetPrefix": logging["target_prefix"]}
    client.put_bucket_logging(Bucket=bucket, BucketLoggingStatus=status)


def wait_applied(read: Callable[[], Any], applied: Callable[[Any], bool], what: str) -> Any:
    """Read a setting back until ``applied(value)`` (S3 answers a read with the old value for a while after a
    write, as amazon.aws.s3_bucket waits for); the value read, or AnsibleS3Error after APPLY_ATTEMPTS reads."""
    for attempt in range(APPLY_ATTEMPTS):
        value = read()
        if applied(value):
            return value
        if attempt + 1 < APPLY_ATTEMPTS:
            time.sleep(APPLY_DELAY)
    raise AnsibleS3Error(message=f"{what} failed to apply in the expected time")
