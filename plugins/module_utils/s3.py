# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""S3 bucket API calls (versioning, default encryption), one small function each, retried with ``aws_retry()``
(plus S3's ``SlowDown``) and wrapped by an error handler that knows S3's "not found" codes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


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
