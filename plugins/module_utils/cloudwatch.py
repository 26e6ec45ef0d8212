# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudWatch metric alarms: the API calls of ``prodgrade.aws.cloudwatch_metric_alarms`` (one small function each,
retried with ``aws_retry()`` and wrapped by ``CloudWatchErrorHandler``) and the conversions between an alarm as
DescribeAlarms returns it and the snake_cased shape the module compares.

An alarm in the compared shape (every key always there; None for what the alarm does not set)::

    {"alarm_name": "web-cpu", "alarm_description": "CPU high",   # None when there is none
     "namespace": "AWS/EC2", "metric_name": "CPUUtilization",
     "statistic": "Average", "extended_statistic": None,         # one of the two
     "dimensions": {"AutoScalingGroupName": "web"},              # {} when none
     "period": 300, "unit": None, "evaluation_periods": 2,
     "datapoints_to_alarm": 2,                                   # evaluation_periods when AWS has none (same meaning)
     "threshold": 80.0, "comparison_operator": "GreaterThanThreshold",
     "treat_missing_data": "missing",                           # AWS's default when it returns none
     "evaluate_low_sample_count_percentile": None,
     "actions_enabled": True,
     "alarm_actions": [...], "ok_actions": [...], "insufficient_data_actions": [...]}   # sorted

plus, read back only: ``alarm_arn``, ``state_value``, and ``tags`` when the module manages them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import re
from typing import Any
from typing import Dict
from typing import Iterable
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# DescribeAlarms and DeleteAlarms take at most 100 names a call.
NAMES_PER_CALL = 100

# What PutMetricAlarm sets, in the compared shape: the put replaces the whole alarm, so all of it is compared.
COMPARED = (
    "alarm_description",
    "namespace",
    "metric_name",
    "statistic",
    "extended_statistic",
    "dimensions",
    "period",
    "unit",
    "evaluation_periods",
    "datapoints_to_alarm",
    "threshold",
    "comparison_operator",
    "treat_missing_data",
    "evaluate_low_sample_count_percentile",
    "actions_enabled",
    "alarm_actions",
    "ok_actions",
    "insufficient_data_actions",
)


class AnsibleCloudWatchError(AnsibleAWSError):
    pass


class CloudWatchErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleCloudWatchError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["ResourceNotFound", "ResourceNotFoundException"])


# ------------------------------------------------------------------ API calls
@CloudWatchErrorHandler.common_error_handler("describe alarms")
@aws_retry()
def describe_metric_alarms(client, names: Optional[List[str]] = None, prefix: Optional[str] = None) -> List[Dict]:
    """The metric alarms named (at most NAMES_PER_CALL), or every metric alarm whose name starts with ``prefix``
    (every one of the region when neither is given); paginated."""
    params: Dict[str, Any] = {"AlarmTypes": ["MetricAlarm"]}
    if names is not None:
        params["AlarmNames"] = names
    elif prefix:
        params["AlarmNamePrefix"] = prefix
    paginator = client.get_paginator("describe_alarms")
    return paginator.paginate(**params).build_full_result().get("MetricAlarms", [])


@CloudWatchErrorHandler.common_error_handler("put metric alarm")
@aws_retry()
def put_metric_alarm(client, request: Dict[str, Any]) -> bool:
    client.put_metric_alarm(**request)
    return True


@CloudWatchErrorHandler.deletion_error_handler("delete alarms")
@aws_retry()
def delete_alarms(client, names: List[str]) -> bool:
    client.delete_alarms(AlarmNames=names)
    return True


@CloudWatchErrorHandler.common_error_handler("list tags for alarm")
@aws_retry()
def list_alarm_tags(client, arn: str) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(client.list_tags_for_resource(ResourceARN=arn).get("Tags", []))


@CloudWatchErrorHandler.common_error_handler("tag alarm")
@aws_retry()
def tag_alarm(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(ResourceARN=arn, Tags=ansible_dict_to_boto3_tag_list(dict(sorted(tags.items()))))
    return True


@CloudWatchErrorHandler.common_error_handler("untag alarm")
@aws_retry()
def untag_alarm(client, arn: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_resource(ResourceARN=arn, TagKeys=keys)
    return True


def chunks(names: List[str], size: int = NAMES_PER_CALL) -> Iterable[List[str]]:
    for start in range(0, len(names), size):
        yield names[start : start + size]


# ----------------------------------------------------------------- conversions
def normalize_alarm(alarm: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeAlarms metric alarm in the compared shape (see the module docstring), plus ``alarm_arn`` and
    ``state_value``."""
    evaluation_periods = alarm.get("EvaluationPeriods")
    threshold = alarm.get("Threshold")
    return {
        "alarm_name": alarm["AlarmName"],
        "alarm_arn": alarm.get("AlarmArn"),
        "alarm_description": alarm.get("AlarmDescription") or None,
        "namespace": alarm.get("Namespace"),
        "metric_name": alarm.get("MetricName"),
        "statistic": alarm.get("Statistic"),
        "extended_statistic": alarm.get("ExtendedStatistic"),
        "dimensions": {d["Name"]: d["Value"] for d in alarm.get("Dimensions") or []},
        "period": alarm.get("Period"),
        "unit": alarm.get("Unit"),
        "evaluation_periods": evaluation_periods,
        "datapoints_to_alarm": alarm.get("DatapointsToAlarm") or evaluation_periods,
        "threshold": float(threshold) if threshold is not None else None,
        "comparison_operator": alarm.get("ComparisonOperator"),
        # Alarms made before TreatMissingData existed have none: AWS treats them as "missing".
        "treat_missing_data": alarm.get("TreatMissingData") or "missing",
        "evaluate_low_sample_count_percentile": alarm.get("EvaluateLowSampleCountPercentile") or None,
        "actions_enabled": alarm.get("ActionsEnabled", True),
        "alarm_actions": sorted(alarm.get("AlarmActions") or []),
        "ok_actions": sorted(alarm.get("OKActions") or []),
        "insufficient_data_actions": sorted(alarm.get("InsufficientDataActions") or []),
        "state_value": alarm.get("StateValue"),
    }


def differs(current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> List[str]:
    """The compared keys (and ``tags`` when desired sets them) whose values differ."""
    current = current or {}
    keys = [k for k in COMPARED if current.get(k) != desired.get(k)]
    if desired.get("tags") is not None and current.get("tags") != desired["tags"]:
        keys.append("tags")
    return keys


def predict(current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> Dict[str, Any]:
    """The alarm after a put of ``desired``: every compared value is the desired one (the put replaces the alarm);
    what only AWS sets (ARN, state) is kept."""
    result = copy.deepcopy(current) if current else {}
    result.update({k: copy.deepcopy(v) for k, v in desired.items() if k != "tags" or v is not None})
    return result


def alarm_request(desired: Dict[str, Any], tags: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """PutMetricAlarm's request for an alarm in the compared shape; ``tags`` only count when the alarm is new."""
    request: Dict[str, Any] = dict(
        AlarmName=desired["alarm_name"],
        ActionsEnabled=desired["actions_enabled"],
        AlarmActions=desired["alarm_actions"],
        OKActions=desired["ok_actions"],
        InsufficientDataActions=desired["insufficient_data_actions"],
        MetricName=desired["metric_name"],
        Namespace=desired["namespace"],
        Dimensions=[dict(Name=k, Value=v) for k, v in sorted(desired["dimensions"].items())],
        Period=desired["period"],
        EvaluationPeriods=desired["evaluation_periods"],
        Threshold=desired["threshold"],
        ComparisonOperator=desired["comparison_operator"],
        TreatMissingData=desired["treat_missing_data"],
    )
    optional = dict(
        AlarmDescription=desired["alarm_description"],
        Statistic=desired["statistic"],
        ExtendedStatistic=desired["extended_statistic"],
        Unit=desired["unit"],
        EvaluateLowSampleCountPercentile=desired["evaluate_low_sample_count_percentile"],
    )
    request.update({k: v for k, v in optional.items() if v is not None})
    # Not sent when it means "all of them": an alarm written by amazon.aws's module, or by hand, stays as it was.
    if desired["datapoints_to_alarm"] != desired["evaluation_periods"]:
        request["DatapointsToAlarm"] = desired["datapoints_to_alarm"]
    if tags:
        request["Tags"] = ansible_dict_to_boto3_tag_list(dict(sorted(tags.items())))
    return request


# -------------------- dashboards (cloudwatch_dashboard)
# CloudWatch dashboard API calls, one small function each, retried with ``aws_retry()`` and wrapped by
# ``CloudWatchDashboardErrorHandler``; plus the body checks and the normalised shape the modules return.

NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
WIDGET_TYPES = ("metric", "text", "log", "alarm", "explorer", "custom")
GRID_WIDTH = 24  # the dashboard grid is 24 columns wide
MAX_WIDGETS = 500  # CloudWatch quota: widgets per dashboard


class AnsibleCloudWatchDashboardError(AnsibleAWSError):
    pass


class CloudWatchDashboardErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleCloudWatchDashboardError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["ResourceNotFound", "DashboardNotFoundError"])


@CloudWatchDashboardErrorHandler.list_error_handler("get dashboard")
@aws_retry()
def get_dashboard(client, name: str) -> Optional[Dict[str, Any]]:
    """GetDashboard; None when the dashboard does not exist."""
    return client.get_dashboard(DashboardName=name)


@CloudWatchDashboardErrorHandler.common_error_handler("list dashboards")
@aws_retry()
def list_dashboards(client, prefix: Optional[str] = None) -> List[Dict[str, Any]]:
    params = {"DashboardNamePrefix": prefix} if prefix else {}
    return client.get_paginator("list_dashboards").paginate(**params).build_full_result().get("DashboardEntries", [])


@CloudWatchDashboardErrorHandler.common_error_handler("put dashboard")
@aws_retry()
def put_dashboard(client, name: str, body: Dict[str, Any]) -> List[Dict[str, Any]]:
    """PutDashboard; the validation messages AWS returns for a body it accepted with warnings."""
    result = client.put_dashboard(DashboardName=name, DashboardBody=json.dumps(body, sort_keys=True))
    return result.get("DashboardValidationMessages", [])


@CloudWatchDashboardErrorHandler.deletion_error_handler("delete dashboard")
@aws_retry()
def delete_dashboards(client, names: List[str]) -> bool:
    client.delete_dashboards(DashboardNames=list(names))
    return True


def load_body(body: Any) -> Any:
    """A dashboard body given as a dict or as a JSON string -> the parsed value (ValueError if not JSON)."""
    if isinstance(body, (str, bytes)):
        return json.loads(body)
    return body


def _int_in(widget: Dict[str, Any], key: str, low: int, high: Optional[int] = None) -> bool:
    value = widget.get(key)
    return isinstance(value, int) and not isinstance(value, bool) and value >= low and (high is None or value <= high)


def body_errors(body: Any, option: str = "body") -> List[str]:
    """What AWS would reject in a dashboard body (and moto does not check), each naming the option and the rule."""
    if not isinstance(body, dict):
        return [f"{option} must be a JSON object (a dict) with a 'widgets' list"]
    widgets = body.get("widgets")
    if not isinstance(widgets, list):
        return [f"{option} must have a 'widgets' list"]
    errors = []
    if len(widgets) > MAX_WIDGETS:
        errors.append(f"{option}.widgets has {len(widgets)} widgets; a dashboard holds at most {MAX_WIDGETS}")
    for index, widget in enumerate(widgets):
        where = f"{option}.widgets[{index}]"
        if not isinstance(widget, dict):
            errors.append(f"{where} must be a dict")
            continue
        if widget.get("type") not in WIDGET_TYPES:
            errors.append(f"{where}.type must be one of {', '.join(WIDGET_TYPES)}, not {widget.get('type')!r}")
        if not isinstance(widget.get("properties"), dict):
            errors.append(f"{where}.properties must be a dict")
        for key, low, high in (("x", 0, GRID_WIDTH - 1), ("y", 0, None), ("width", 1, GRID_WIDTH), ("height", 1, 1000)):
            if key in widget and not _int_in(widget, key, low, high):
                upper = f"..{high}" if high is not None else " or more"
                errors.append(f"{where}.{key} must be an integer {low}{upper}, not {widget[key]!r}")
        if _int_in(widget, "x", 0) and _int_in(widget, "width", 1) and widget["x"] + widget["width"] > GRID_WIDTH:
            errors.append(f"{where}: x + width must be at most {GRID_WIDTH} (the grid width)")
    return errors


def normalize_dashboard(dashboard: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """GetDashboard's answer -> {dashboard_name, dashboard_arn, dashboard_body (parsed)}; None stays None."""
    if not dashboard:
        return None
    body = dashboard.get("DashboardBody") or "{}"
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = body  # not ours to judge: return it as AWS holds it
    return {
        "dashboard_name": dashboard["DashboardName"],
        "dashboard_arn": dashboard.get("DashboardArn"),
        "dashboard_body": parsed,
    }


def describe_dashboard(client, name: str) -> Optional[Dict[str, Any]]:
    return normalize_dashboard(get_dashboard(client, name))
