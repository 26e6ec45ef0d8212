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


@AutoScalingErrorHandler.common_error_handler("describe the scaling policies")
@aws_retry()
def describe_policies(client, group: str) -> List[Dict[str, Any]]:
    """Every scaling policy of the Auto Scaling group ``group`` (all types), all pages."""
    paginator = client.get_paginator("describe_policies")
    return paginator.paginate(AutoScalingGroupName=group).build_full_result().get("ScalingPolicies", [])


@AutoScalingErrorHandler.common_error_handler("put a scaling policy")
@aws_retry()
def put_scaling_policy(client, request: Dict[str, Any]) -> Dict[str, Any]:
    """Creates or replaces a scaling policy; returns its ARN and alarms."""
    return client.put_scaling_policy(**request)


@AutoScalingErrorHandler.deletion_error_handler("delete a scaling policy")
@aws_retry()
def delete_policy(client, group: str, name: str) -> bool:
    client.delete_policy(AutoScalingGroupName=group, PolicyName=name)
    return True


@AutoScalingErrorHandler.common_error_handler("describe the scheduled actions")
@aws_retry()
def describe_scheduled_actions(client, group: str) -> List[Dict[str, Any]]:
    """Every scheduled action of the Auto Scaling group ``group``, all pages."""
    paginator = client.get_paginator("describe_scheduled_actions")
    result = paginator.paginate(AutoScalingGroupName=group).build_full_result()
    return result.get("ScheduledUpdateGroupActions", [])


@AutoScalingErrorHandler.common_error_handler("put a scheduled action")
@aws_retry()
def put_scheduled_update_group_action(client, request: Dict[str, Any]) -> None:
    """Creates or updates a scheduled action."""
    client.put_scheduled_update_group_action(**request)


@AutoScalingErrorHandler.deletion_error_handler("delete a scheduled action")
@aws_retry()
def delete_scheduled_action(client, group: str, name: str) -> bool:
    client.delete_scheduled_action(AutoScalingGroupName=group, ScheduledActionName=name)
    return True
