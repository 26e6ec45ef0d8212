# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""S3 Control API calls (the account's S3 Block Public Access), one small function each, retried with
``aws_retry()`` and wrapped by ``S3ControlErrorHandler``.

s3control addresses the account in the host name (``<account>.s3-control.<region>.amazonaws.com``), so a custom
``endpoint_url`` is prefixed with the account id too: see docs/emulator.md for the local endpoint.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Dict
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

PUBLIC_ACCESS_BLOCK_FLAGS = dict(
    block_public_acls="BlockPublicAcls",
    ignore_public_acls="IgnorePublicAcls",
    block_public_policy="BlockPublicPolicy",
    restrict_public_buckets="RestrictPublicBuckets",
)


class AnsibleS3ControlError(AnsibleAWSError):
    pass


class S3ControlErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleS3ControlError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchPublicAccessBlockConfiguration")


@S3ControlErrorHandler.list_error_handler("get account public access block")
@aws_retry()
def get_public_access_block(client, account_id: str) -> Optional[Dict[str, bool]]:
    """The account's four flags, snake_cased, or None when none is set."""
    config = client.get_public_access_block(AccountId=account_id)["PublicAccessBlockConfiguration"]
    return {key: bool(config.get(boto_key, False)) for key, boto_key in PUBLIC_ACCESS_BLOCK_FLAGS.items()}


@S3ControlErrorHandler.common_error_handler("put account public access block")
@aws_retry()
def put_public_access_block(client, account_id: str, flags: Dict[str, bool]) -> bool:
    config = {boto_key: bool(flags.get(key, False)) for key, boto_key in PUBLIC_ACCESS_BLOCK_FLAGS.items()}
    client.put_public_access_block(AccountId=account_id, PublicAccessBlockConfiguration=config)
    return True


@S3ControlErrorHandler.deletion_error_handler("delete account public access block")
@aws_retry()
def delete_public_access_block(client, account_id: str) -> bool:
    client.delete_public_access_block(AccountId=account_id)
    return True
