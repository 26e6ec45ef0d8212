# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SNS API calls, one small function each, retried with ``aws_retry()`` and wrapped by ``SNSErrorHandler``."""

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


class AnsibleSNSError(AnsibleAWSError):
    pass


class SNSErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleSNSError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NotFound")


@SNSErrorHandler.list_error_handler("list topics", [])
@aws_retry()
def list_topic_arns(client) -> List[str]:
    """The ARN of every topic in the client's region, all pages."""
    topics = client.get_paginator("list_topics").paginate().build_full_result().get("Topics", [])
    return [topic["TopicArn"] for topic in topics]


# -------------------- topic encryption (sns_topic_encryption)
@SNSErrorHandler.list_error_handler("get topic attributes")
@aws_retry()
def get_topic_attributes(client, topic_arn: str) -> Optional[Dict[str, str]]:
    return client.get_topic_attributes(TopicArn=topic_arn)["Attributes"]


@SNSErrorHandler.common_error_handler("set topic encryption key")
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
