# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""KMS API calls (aliases, key metadata), one small function each, retried with ``aws_retry()`` and wrapped by
``KMSErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


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
