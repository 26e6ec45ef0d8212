# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""EC2 Auto Scaling API calls, one small function each, retried with ``aws_retry()`` and wrapped by
``AutoScalingErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleAutoScalingError(AnsibleAWSError):
    pass


class AutoScalingErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleAutoScalingError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ValidationError")


@AutoScalingErrorHandler.common_error_handler("describe Auto Scaling groups")
@aws_retry()
def describe_auto_scaling_groups(client, names: List[str]) -> List[Dict[str, Any]]:
    """The groups of ``names`` that exist (names that do not are simply not answered), all pages."""
    paginator = client.get_paginator("describe_auto_scaling_groups")
    result = paginator.paginate(AutoScalingGroupNames=list(names)).build_full_result()
    return result.get("AutoScalingGroups", [])
