# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Elastic Load Balancing v2 API calls (load balancers, target groups), one small function each, retried with
``aws_retry()`` and wrapped by ``ELBv2ErrorHandler``.

Reads list everything and leave the choosing to the caller: DescribeLoadBalancers and DescribeTargetGroups fail
the whole call (LoadBalancerNotFound, TargetGroupNotFound) when one of several ``Names`` does not exist.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleELBv2Error(AnsibleAWSError):
    pass


class ELBv2ErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleELBv2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["LoadBalancerNotFound", "TargetGroupNotFound"])


@ELBv2ErrorHandler.list_error_handler("describe load balancers", [])
@aws_retry()
def describe_load_balancers(client) -> List[Dict[str, Any]]:
    """Every load balancer of the region, all pages."""
    paginator = client.get_paginator("describe_load_balancers")
    return paginator.paginate().build_full_result().get("LoadBalancers", [])


@ELBv2ErrorHandler.list_error_handler("describe target groups", [])
@aws_retry()
def describe_target_groups(client) -> List[Dict[str, Any]]:
    """Every target group of the region, all pages."""
    paginator = client.get_paginator("describe_target_groups")
    return paginator.paginate().build_full_result().get("TargetGroups", [])
