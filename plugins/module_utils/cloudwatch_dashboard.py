# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudWatch dashboard API calls, one small function each, retried with ``aws_retry()`` and wrapped by
``CloudWatchDashboardErrorHandler``; plus the body checks and the normalised shape the modules return."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

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
