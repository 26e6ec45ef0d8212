# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""STS API calls, one small function each, retried with ``aws_retry()`` and wrapped by ``STSErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Dict

from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleSTSError(AnsibleAWSError):
    pass


class STSErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleSTSError


@STSErrorHandler.common_error_handler("get caller identity")
@aws_retry()
def caller_account_id(client) -> str:
    return client.get_caller_identity()["Account"]


@STSErrorHandler.common_error_handler("get caller identity")
@aws_retry()
def caller_identity(client) -> Dict[str, str]:
    """The caller's account id and partition (the second field of its ARN: aws, aws-cn, aws-us-gov...)."""
    identity = client.get_caller_identity()
    return dict(account_id=identity["Account"], partition=identity["Arn"].split(":")[1])
