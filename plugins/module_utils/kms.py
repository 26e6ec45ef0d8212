# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""KMS API calls (aliases, key metadata, the reads and writes of ``prodgrade.aws.kms_keys``), one small function
each, retried with ``aws_retry()`` and wrapped by ``KMSErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

KEY_ID = re.compile(r"[A-Za-z0-9-]+")  # a key id: a UUID, or mrk-<hex> for a multi-Region key


class AnsibleKMSError(AnsibleAWSError):
    pass


class KMSErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleKMSError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NotFoundException")


@KMSErrorHandler.list_error_handler("list KMS aliases", [])
@aws_retry()
def list_aliases(client) -> List[Dict[str, Any]]:
    """Every alias of the account in the client's region (AWS managed ones too), all pages."""
    return client.get_paginator("list_aliases").paginate().build_full_result().get("Aliases", [])


@KMSErrorHandler.list_error_handler("describe KMS key")
@aws_retry()
def describe_key(client, key_id: str) -> Optional[Dict[str, Any]]:
    """KeyMetadata of a key given by id, ARN, alias name or alias ARN; None if there is no such key."""
    return client.describe_key(KeyId=key_id)["KeyMetadata"]


def alias_key_arns(aliases: List[Dict[str, Any]]) -> Dict[str, str]:
    """{alias name: ARN of the key it points at} from ListAliases' answer, without a DescribeKey per key.

    A key's ARN is its alias's ARN with ``alias/<name>`` replaced by ``key/<target key id>`` (same partition, region
    and account). Aliases without a target (AWS managed aliases not used yet) are left out.
    """
    arns = {}
    for alias in aliases:
        if alias.get("TargetKeyId") and alias.get("AliasArn"):
            prefix = alias["AliasArn"].rsplit(":", 1)[0]
            arns[alias["AliasName"]] = f"{prefix}:key/{alias['TargetKeyId']}"
    return arns


# ------------------------------------------------------------------ prodgrade.aws.kms_keys: one key's reads and writes
# Every call takes the key's ARN (AWS accepts a key ID or ARN).
@KMSErrorHandler.common_error_handler("get KMS key rotation status")
@aws_retry()
def get_key_rotation_status(client, key_id: str) -> Dict[str, Any]:
    """KeyRotationEnabled and, when enabled, RotationPeriodInDays; ``{}`` for a key without automatic rotation
    (asymmetric, HMAC, imported material: UnsupportedOperationException) or whose state does not allow the read."""
    try:
        response = client.get_key_rotation_status(KeyId=key_id)
    except is_boto3_error_code(["UnsupportedOperationException", "KMSInvalidStateException"]):
        return {}
    return {k: response[k] for k in ("KeyRotationEnabled", "RotationPeriodInDays") if k in response}


@KMSErrorHandler.common_error_handler("get KMS key policy")
@aws_retry()
def get_key_policy(client, key_id: str) -> str:
    """The key's policy (a key has one, named ``default``) as the JSON text AWS stores."""
    return client.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]


@KMSErrorHandler.common_error_handler("list KMS key tags")
@aws_retry()
def list_resource_tags(client, key_id: str) -> Dict[str, str]:
    pages = client.get_paginator("list_resource_tags").paginate(KeyId=key_id).build_full_result()
    return {t["TagKey"]: t["TagValue"] for t in pages.get("Tags", [])}


@KMSErrorHandler.common_error_handler("create KMS key")
@aws_retry()
def create_key(client, **params: Any) -> Dict[str, Any]:
    """CreateKey with ``params`` (Description, KeyUsage, KeySpec, Policy, Tags, MultiRegion); the new KeyMetadata."""
    return client.create_key(**params)["KeyMetadata"]


@KMSErrorHandler.common_error_handler("create KMS alias")
@aws_retry()
def create_alias(client, alias: str, key_id: str) -> bool:
    client.create_alias(AliasName=alias, TargetKeyId=key_id)
    return True


@KMSErrorHandler.common_error_handler("update KMS key description")
@aws_retry()
def update_key_description(client, key_id: str, description: str) -> bool:
    client.update_key_description(KeyId=key_id, Description=description)
    return True


@KMSErrorHandler.common_error_handler("put KMS key policy")
@aws_retry()
def put_key_policy(client, key_id: str, policy: str) -> bool:
    client.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy)
    return True


@KMSErrorHandler.common_error_handler("enable KMS key rotation")
@aws_retry()
def enable_key_rotation(client, key_id: str, period_days: Optional[int]) -> bool:
    """Turns automatic rotation on; ``period_days`` (90-2560) also sets its period (AWS's default: 365)."""
    params = {"RotationPeriodInDays": period_days} if period_days is not None else {}
    client.enable_key_rotation(KeyId=key_id, **params)
    return True


@KMSErrorHandler.common_error_handler("disable KMS key rotation")
@aws_retry()
def disable_key_rotation(client, key_id: str) -> bool:
    client.disable_key_rotation(KeyId=key_id)
    return True


@KMSErrorHandler.common_error_handler("tag KMS key")
@aws_retry()
def tag_resource(client, key_id: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(KeyId=key_id, Tags=[{"TagKey": k, "TagValue": v} for k, v in tags.items()])
    return True


@KMSErrorHandler.common_error_handler("untag KMS key")
@aws_retry()
def untag_resource(client, key_id: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_resource(KeyId=key_id, TagKeys=list(keys))
    return True


@KMSErrorHandler.common_error_handler("enable KMS key")
@aws_retry()
def enable_key(client, key_id: str) -> bool:
    client.enable_key(KeyId=key_id)
    return True


@KMSErrorHandler.common_error_handler("disable KMS key")
@aws_retry()
def disable_key(client, key_id: str) -> bool:
    client.disable_key(KeyId=key_id)
    return True


@KMSErrorHandler.common_error_handler("cancel KMS key deletion")
@aws_retry()
def cancel_key_deletion(client, key_id: str) -> bool:
    """Cancels a scheduled deletion; the key is then Disabled."""
    client.cancel_key_deletion(KeyId=key_id)
    return True


@KMSErrorHandler.deletion_error_handler("schedule KMS key deletion")
@aws_retry()
def schedule_key_deletion(client, key_id: str, pending_window_days: int) -> bool:
    """Schedules the key's deletion in ``pending_window_days`` (7-30); False when the key was already gone."""
    client.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=pending_window_days)
    return True


def normalize_key_metadata(metadata: Dict[str, Any]) -> Dict[str, Any]:
    """DescribeKey's (or CreateKey's) KeyMetadata in the snake_cased shape ``prodgrade.aws.kms_keys`` compares and
    returns (``key_arn``/``key_id`` as amazon.aws.kms_key names them)."""
    key = {
        "key_id": metadata["KeyId"],
        "key_arn": metadata["Arn"],
        "description": metadata.get("Description", ""),
        "key_state": metadata.get("KeyState"),
        "enabled": metadata.get("Enabled"),
        "key_spec": metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec"),
        "key_usage": metadata.get("KeyUsage"),
        "multi_region": bool(metadata.get("MultiRegion", False)),
        "origin": metadata.get("Origin"),
        "key_manager": metadata.get("KeyManager"),
        "aws_account_id": metadata.get("AWSAccountId"),
        "creation_date": _iso(metadata.get("CreationDate")),
    }
    if metadata.get("DeletionDate"):
        key["deletion_date"] = _iso(metadata["DeletionDate"])
    return key


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def is_key_arn(value: Any) -> bool:
    """Whether ``value`` is a KMS key's ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias ARN or a key id."""
    parts = parse_arn(value, "kms", resource_type="key/", region=True, account=True)
    return bool(parts and KEY_ID.fullmatch(parts["resource_id"]))


def kms_key_arn(client, key_id: str) -> Optional[str]:
    """The ARN of a KMS key given by id, alias name or alias ARN; None if there is no such key."""
    metadata = describe_key(client, key_id)
    return metadata["Arn"] if metadata else None
