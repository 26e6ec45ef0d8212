# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SNS API calls, one small function each, retried with ``aws_retry()`` and wrapped by ``SNSErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import List

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
