# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudWatch Logs metric filters: the API calls of ``prodgrade.aws.logs_metric_filters`` (one small function each,
retried with ``aws_retry()`` and wrapped by ``LogsErrorHandler``) and the conversions between a filter as
DescribeMetricFilters returns it and the snake_cased shape the module compares.

A filter in the compared shape (every key always there; None for what the filter does not set)::

    {"filter_name": "RootAccountUsage",
     "filter_pattern": "{ $.userIdentity.type = \\"Root\\" }",
     "metric_transformations": [{"metric_name": "RootAccountUsage", "metric_namespace": "CISBenchmark",
                                 "metric_value": "1", "default_value": None, "unit": None, "dimensions": None}]}

plus, read back only: ``log_group_name`` and ``creation_time``.
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


# ----------------------------------------------------------------- conversions
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
