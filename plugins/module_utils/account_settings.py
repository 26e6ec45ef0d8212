# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account-level settings API calls: S3 Block Public Access for the account (s3control), EBS encryption by
default and its KMS key (ec2), the caller's account id (sts) and KMS key ARN resolution. One small function each,
retried with ``aws_retry()`` and wrapped by an ``AWSErrorHandler``.

s3control addresses the account in the host name (``<account>.s3-control.<region>.amazonaws.com``), so a custom
``endpoint_url`` is prefixed with the account id too: see docs/emulator.md for the local endpoint.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
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
AWS_MANAGED_EBS_KEY = "alias/aws/ebs"


class AnsibleAccountSettingsError(AnsibleAWSError):
    pass


class PublicAccessBlockErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleAccountSettingsError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchPublicAccessBlockConfiguration")


class AccountSettingsErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleAccountSettingsError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NotFoundException")  # KMS DescribeKey


@AccountSettingsErrorHandler.common_error_handler("get caller identity")
@aws_retry()
def caller_account_id(client) -> str:
    return client.get_caller_identity()["Account"]


# ------------------------------------------------------ S3 Block Public Access


@PublicAccessBlockErrorHandler.list_error_handler("get account public access block")
@aws_retry()
def get_public_access_block(client, account_id: str) -> Optional[Dict[str, bool]]:
    """The account's four flags, snake_cased, or None when none is set."""
    config = client.get_public_access_block(AccountId=account_id)["PublicAccessBlockConfiguration"]
    return {key: bool(config.get(boto_key, False)) for key, boto_key in PUBLIC_ACCESS_BLOCK_FLAGS.items()}


@PublicAccessBlockErrorHandler.common_error_handler("put account public access block")
@aws_retry()
def put_public_access_block(client, account_id: str, flags: Dict[str, bool]) -> bool:
    config = {boto_key: bool(flags.get(key, False)) for key, boto_key in PUBLIC_ACCESS_BLOCK_FLAGS.items()}
    client.put_public_access_block(AccountId=account_id, PublicAccessBlockConfiguration=config)
    return True


@PublicAccessBlockErrorHandler.deletion_error_handler("delete account public access block")
@aws_retry()
def delete_public_access_block(client, account_id: str) -> bool:
    client.delete_public_access_block(AccountId=account_id)
    return True


# ------------------------------------------------------ EBS encryption by default


@AccountSettingsErrorHandler.common_error_handler("get EBS encryption by default")
@aws_retry()
def get_ebs_encryption_by_default(client) -> bool:
    return client.get_ebs_encryption_by_default()["EbsEncryptionByDefault"]


@AccountSettingsErrorHandler.common_error_handler("get EBS default KMS key")
@aws_retry()
def get_ebs_default_kms_key_id(client) -> str:
    return client.get_ebs_default_kms_key_id()["KmsKeyId"]


@AccountSettingsErrorHandler.common_error_handler("set EBS encryption by default")
@aws_retry()
def set_ebs_encryption_by_default(client, enabled: bool) -> bool:
    if enabled:
        client.enable_ebs_encryption_by_default()
    else:
        client.disable_ebs_encryption_by_default()
    return True


@AccountSettingsErrorHandler.common_error_handler("set EBS default KMS key")
@aws_retry()
def set_ebs_default_kms_key_id(client, key_id: str) -> str:
    """ModifyEbsDefaultKmsKeyId, or ResetEbsDefaultKmsKeyId for the AWS managed key; the key now in use."""
    if key_id == AWS_MANAGED_EBS_KEY:
        client.reset_ebs_default_kms_key_id()
        return AWS_MANAGED_EBS_KEY
    return client.modify_ebs_default_kms_key_id(KmsKeyId=key_id)["KmsKeyId"]


@AccountSettingsErrorHandler.list_error_handler("describe KMS key")
@aws_retry()
def kms_key_arn(client, key_id: str) -> Optional[str]:
    """The ARN of a KMS key given by id, alias name or alias ARN; None if there is no such key."""
    return client.describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]


def ebs_default_encryption(client) -> Dict[str, Any]:
    return dict(
        ebs_encryption_by_default=get_ebs_encryption_by_default(client),
        kms_key_id=get_ebs_default_kms_key_id(client),
    )
