# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudWatch Logs metric filters and log groups: the API calls of ``prodgrade.aws.logs_metric_filters`` and
``prodgrade.aws.logs_log_groups`` (one small function each, retried with ``aws_retry()`` and wrapped by
``LogsErrorHandler``) and the conversions between what the Describe calls return and the snake_cased shapes the
modules compare.

A filter in the compared shape (every key always there; None for what the filter does not set)::

    {"filter_name": "RootAccountUsage",
     "filter_pattern": "{ $.userIdentity.type = \\"Root\\" }",
     "metric_transformations": [{"metric_name": "RootAccountUsage", "metric_namespace": "CISBenchmark",
                                 "metric_value": "1", "default_value": None, "unit": None, "dimensions": None}]}

plus, read back only: ``log_group_name`` and ``creation_time``.

A log group in the compared shape::

    {"log_group_name": "/aws/ec2/web/app", "retention_in_days": 30,   # None: never expires
     "tags": {"env": "prod"}}                                         # only when the module manages them

plus, read back only: ``arn``, ``creation_time``, ``stored_bytes``, ``kms_key_id``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

COMPARED = ("filter_pattern", "metric_transformations")


class AnsibleLogsError(AnsibleAWSError):
    pass


class LogsErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleLogsError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ResourceNotFoundException")


# ------------------------------------------------------------------ API calls
@LogsErrorHandler.list_error_handler("describe metric filters")
@aws_retry()
def describe_metric_filters(client, log_group_name: str) -> Optional[List[Dict[str, Any]]]:
    """Every metric filter of the log group (paginated); None when the log group does not exist."""
    paginator = client.get_paginator("describe_metric_filters")
    return paginator.paginate(logGroupName=log_group_name).build_full_result().get("metricFilters", [])


@LogsErrorHandler.common_error_handler("put metric filter")
@aws_retry()
def put_metric_filter(client, log_group_name: str, request: Dict[str, Any]) -> bool:
    client.put_metric_filter(logGroupName=log_group_name, **request)
    return True


@LogsErrorHandler.deletion_error_handler("delete metric filter")
@aws_retry()
def delete_metric_filter(client, log_group_name: str, name: str) -> bool:
    """False when the filter was already gone."""
    client.delete_metric_filter(logGroupName=log_group_name, filterName=name)
    return True


@LogsErrorHandler.common_error_handler("describe log groups")
@aws_retry()
def describe_log_groups(client, prefix: str) -> List[Dict[str, Any]]:
    """Every log group whose name starts with ``prefix`` (paginated)."""
    params = {"logGroupNamePrefix": prefix} if prefix else {}
    paginator = client.get_paginator("describe_log_groups")
    return paginator.paginate(**params).build_full_result().get("logGroups", [])


@LogsErrorHandler.common_error_handler("create log group")
@aws_retry()
def create_log_group(client, name: str, tags: Optional[Dict[str, str]]) -> bool:
    client.create_log_group(logGroupName=name, **({"tags": tags} if tags else {}))
    return True


@LogsErrorHandler.common_error_handler("put retention policy")
@aws_retry()
def put_retention_policy(client, name: str, days: int) -> bool:
    client.put_retention_policy(logGroupName=name, retentionInDays=days)
    return True


@LogsErrorHandler.deletion_error_handler("delete log group")
@aws_retry()
def delete_log_group(client, name: str) -> bool:
    """False when the group was already gone."""
    client.delete_log_group(logGroupName=name)
    return True


# ListTagsLogGroup and its Tag/Untag pair take the group's name (the *ForResource calls want its ARN).
@LogsErrorHandler.common_error_handler("list log group tags")
@aws_retry()
def list_log_group_tags(client, name: str) -> Dict[str, str]:
    return client.list_tags_log_group(logGroupName=name).get("tags", {})


@LogsErrorHandler.common_error_handler("tag log group")
@aws_retry()
def tag_log_group(client, name: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_log_group(logGroupName=name, tags=tags)
    return True


@LogsErrorHandler.common_error_handler("untag log group")
@aws_retry()
def untag_log_group(client, name: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_log_group(logGroupName=name, tags=sorted(keys))
    return True


# ----------------------------------------------------------------- conversions
def normalize_log_group(group: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeLogGroups group in the compared shape (without tags), plus what is only read."""
    return {
        "log_group_name": group["logGroupName"],
        "retention_in_days": group.get("retentionInDays"),
        "arn": group.get("arn"),
        "creation_time": group.get("creationTime"),
        "stored_bytes": group.get("storedBytes"),
        "kms_key_id": group.get("kmsKeyId"),
    }


def normalize_transformation(transformation: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeMetricFilters transformation in the compared shape; unit "None" (AWS's "no unit") is no unit."""
    unit = transformation.get("unit")
    default = transformation.get("defaultValue")
    return {
        "metric_name": transformation.get("metricName"),
        "metric_namespace": transformation.get("metricNamespace"),
        "metric_value": transformation.get("metricValue"),
        "default_value": float(default) if default is not None else None,
        "unit": None if unit in (None, "None") else unit,
        "dimensions": dict(transformation["dimensions"]) if transformation.get("dimensions") else None,
    }


def normalize_filter(metric_filter: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeMetricFilters filter in the compared shape, plus ``log_group_name`` and ``creation_time``."""
    return {
        "filter_name": metric_filter["filterName"],
        "filter_pattern": metric_filter.get("filterPattern", ""),
        "metric_transformations": [normalize_transformation(t) for t in metric_filter.get("metricTransformations", [])],
        "log_group_name": metric_filter.get("logGroupName"),
        "creation_time": metric_filter.get("creationTime"),
    }


def differs(current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> List[str]:
    current = current or {}
    return [k for k in COMPARED if current.get(k) != desired.get(k)]


def predict(current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> Dict[str, Any]:
    """The filter after a put of ``desired`` (the put replaces pattern and transformations)."""
    result = copy.deepcopy(current) if current else {}
    result.update(copy.deepcopy(desired))
    return result


def filter_request(desired: Dict[str, Any]) -> Dict[str, Any]:
    """PutMetricFilter's request (without the log group) for a filter in the compared shape."""
    transformations = []
    for t in desired["metric_transformations"]:
        item = dict(metricName=t["metric_name"], metricNamespace=t["metric_namespace"], metricValue=t["metric_value"])
        if t["default_value"] is not None:
            item["defaultValue"] = t["default_value"]
        if t["unit"] is not None:
            item["unit"] = t["unit"]
        if t["dimensions"]:
            item["dimensions"] = t["dimensions"]
        transformations.append(item)
    return dict(
        filterName=desired["filter_name"],
        filterPattern=desired["filter_pattern"],
        metricTransformations=transformations,
    )
