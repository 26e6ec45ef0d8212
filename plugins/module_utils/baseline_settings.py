# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API calls of the security baseline's small settings modules: an SNS topic's server-side encryption key (sns).
One small function each, retried with ``aws_retry()`` and wrapped by an ``AWSErrorHandler``. AWS Config's calls are
in ``config.py``, IAM's (the account password policy) in ``iam.py``.
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


class AnsibleBaselineSettingsError(AnsibleAWSError):
    pass


class SnsErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleBaselineSettingsError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NotFound")


# --------------------------------------------------------------- SNS encryption
@SnsErrorHandler.list_error_handler("get topic attributes")
@aws_retry()
def get_topic_attributes(client, topic_arn: str) -> Optional[Dict[str, str]]:
    return client.get_topic_attributes(TopicArn=topic_arn)["Attributes"]


@SnsErrorHandler.common_error_handler("set topic encryption key")
@aws_retry()
def set_topic_kms_key(client, topic_arn: str, key_id: str) -> bool:
    # An empty value turns server-side encryption off.
    client.set_topic_attributes(TopicArn=topic_arn, AttributeName="KmsMasterKeyId", AttributeValue=key_id)
    return True


def topic_encryption(client, topic_arn: str) -> Optional[Dict[str, Any]]:
    """The topic's encryption setting, or None when the topic does not exist."""
    attributes = get_topic_attributes(client, topic_arn)
    if attributes is None:
        return None
    return dict(topic_arn=topic_arn, kms_master_key_id=attributes.get("KmsMasterKeyId") or "")
