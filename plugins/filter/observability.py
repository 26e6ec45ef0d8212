# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate the observability role's inputs before any API call, and turn its alarm table into alarm arguments.

``observability_plan`` checks every input (naming the variable and the rule) and returns the names the role uses;
``observability_alarms`` resolves each alarm's dimensions and thresholds from what the role looked up (ASG, ALB,
target group, RDS instance) into ``amazon.aws.cloudwatch_metric_alarm`` arguments.
"""

import math
import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import (
    EMAIL,
    LOG_GROUP,
    METRIC_NAME,
    account_id,
    arn_resource,
    fail,
    integer,
    matches,
    region,
    retention_days,
    topic_name,
    unique,
)

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
ALARM_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")
NAMESPACE = re.compile(r"^[A-Za-z0-9._/#-][A-Za-z0-9._/#:-]{0,254}$")
STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
COMPARISONS = (
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
)
MISSING_DATA = ("breaching", "notBreaching", "ignore", "missing")
# What an alarm watches: each kind maps to the CloudWatch dimensions of the resource the role looked up.
RESOURCES = ("asg", "alb", "target_group", "db")
THRESHOLD_OF = ("db_max_connections",)
ALARM_KEYS = {
    "name",
    "description",
    "namespace",
    "metric_name",
    "statistic",
    "comparison",
    "threshold",
    "threshold_of",
    "unit",
    "period",
    "evaluation_periods",
    "ok_action",
    "resource",
    "treat_missing_data",
}
NOTIFICATION_TYPES = ("ACTUAL", "FORECASTED")
# MySQL's default max_connections is {DBInstanceClassMemory/12582880} (RDS mysql8.0 parameter group family).
MYSQL_BYTES_PER_CONNECTION = 12582880
# AWS caps: evaluation periods x period at most one day for periods under an hour (CloudWatch PutMetricAlarm).
MAX_EVALUATION_SECONDS = 86400


def _number(var, value, low=None, high=None):
    if isinstance(value, bool):
        fail(f"{var}: '{value}' must be a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        fail(f"{var}: '{value}' must be a number")
    if math.isnan(number) or math.isinf(number):
        fail(f"{var}: '{value}' must be a finite number")
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        fail(f"{var}: {value} must be {bounds}")
    return number


def _choice(var, value, choices):
    if value not in choices:
        fail(f"{var}: '{value}' must be one of {', '.join(choices)}")
    return value


def _period(var, value):
    period = integer(value, var, 10, 86400)
    if period not in (10, 20, 30) and period % 60:
        fail(f"{var}: {period} must be 10, 20, 30 or a multiple of 60 (CloudWatch periods)")
    return period


def _alarm(index, alarm):
    var = f"observability_alarms[{index}]"
    if not isinstance(alarm, dict):
        fail(f"{var}: must be a mapping")
    unknown = sorted(set(alarm) - ALARM_KEYS)
    if unknown:
        fail(f"{var}: unknown keys {unknown} (allowed: {', '.join(sorted(ALARM_KEYS))})")
    missing = [
        k
        for k in (
            "name",
            "namespace",
            "metric_name",
            "statistic",
            "comparison",
            "threshold",
            "period",
            "evaluation_periods",
            "resource",
        )
        if alarm.get(k) in (None, "")
    ]
    if missing:
        fail(f"{var}: needs {', '.join(missing)}")
    matches(alarm["name"], f"{var}.name", ALARM_NAME, "must be lower-case letters, digits and hyphens, e.g. rds-cpu")
    var = f"observability_alarms[{alarm['name']}]"
    matches(alarm["namespace"], f"{var}.namespace", NAMESPACE, "is not a CloudWatch namespace (e.g. AWS/EC2)")
    matches(alarm["metric_name"], f"{var}.metric_name", METRIC_NAME, "is not a CloudWatch metric name")
    _choice(f"{var}.statistic", alarm["statistic"], STATISTICS)
    _choice(f"{var}.comparison", alarm["comparison"], COMPARISONS)
    _choice(f"{var}.resource", alarm["resource"], RESOURCES)
    threshold_of = alarm.get("threshold_of")
    if threshold_of is not None:
        _choice(f"{var}.threshold_of", threshold_of, THRESHOLD_OF)
        threshold = _number(f"{var}.threshold", alarm["threshold"], 1, 100)
    else:
        threshold = _number(f"{var}.threshold", alarm["threshold"], 0)
    period = _period(f"{var}.period", alarm["period"])
    evaluations = integer(alarm["evaluation_periods"], f"{var}.evaluation_periods", 1, 1440)
    if period * evaluations > MAX_EVALUATION_SECONDS:
        fail(f"{var}.evaluation_periods: {evaluations} x {period}s exceeds one day (CloudWatch's limit)")
    ok_action = alarm.get("ok_action", False)
    if not isinstance(ok_action, bool):
        fail(f"{var}.ok_action: '{ok_action}' must be true or false")
    treat = _choice(f"{var}.treat_missing_data", alarm.get("treat_missing_data", "missing"), MISSING_DATA)
    return {
        "name": alarm["name"],
        "description": str(alarm.get("description") or ""),
        "namespace": alarm["namespace"],
        "metric_name": alarm["metric_name"],
        "statistic": alarm["statistic"],
        "comparison": alarm["comparison"],
        "threshold": threshold,
        "threshold_of": threshold_of,
        "unit": alarm.get("unit"),
        "period": period,
        "evaluation_periods": evaluations,
        "ok_action": ok_action,
        "resource": alarm["resource"],
        "treat_missing_data": treat,
    }


def observability_plan(inputs):
    """Check the role's inputs (keys are the variable names without the ``observability_`` prefix)."""
    if not isinstance(inputs, dict):
        fail("observability_plan: expects a mapping of the role's inputs")
    name = inputs.get("name")
    matches(name, "observability_name", NAME, "must be lower-case letters, digits and hyphens, e.g. ecia-prod")
    region(inputs.get("region"), "observability_region")
    account_id(inputs.get("account_id"), "observability_account_id")
    topic_name(inputs.get("topic_name"), "observability_topic_name")
    email = inputs.get("alert_email")
    matches(email, "observability_alert_email", EMAIL, "is not an e-mail address (alerts and budget mails go there)")
    for var in ("asg_name", "alb_name", "target_group_name", "db_identifier", "dashboard_name", "budget_name"):
        value = inputs.get(var)
        if not isinstance(value, str) or not value or len(value) > 255:
            fail(f"observability_{var}: '{value}' must be a non-empty name (at most 255 characters)")

    alarms = inputs.get("alarms")
    if not isinstance(alarms, list) or not alarms:
        fail("observability_alarms: must be a non-empty list of alarms")
    planned = [_alarm(i, a) for i, a in enumerate(alarms)]
    unique([a["name"] for a in planned], "observability_alarms")

    groups = inputs.get("log_groups")
    if not isinstance(groups, list):
        fail("observability_log_groups: must be a list of log group names")
    for group in groups:
        matches(group, "observability_log_groups", LOG_GROUP, "is not a valid log group name")
    unique(groups, "observability_log_groups")
    retention = retention_days(inputs.get("log_retention_days"), "observability_log_retention_days")

    limit = _number("observability_budget_limit", inputs.get("budget_limit"), 0.01)
    notifications = inputs.get("budget_notifications")
    if not isinstance(notifications, list) or not 1 <= len(notifications) <= 5:
        fail("observability_budget_notifications: must list 1 to 5 alerts (AWS Budgets' limit per budget)")
    budget_alerts = []
    for index, item in enumerate(notifications):
        var = f"observability_budget_notifications[{index}]"
        if not isinstance(item, dict):
            fail(f"{var}: must be a mapping with notification_type and threshold")
        budget_alerts.append(
            {
                "notification_type": _choice(
                    f"{var}.notification_type", item.get("notification_type"), NOTIFICATION_TYPES
                ),
                "threshold": _number(f"{var}.threshold", item.get("threshold"), 0.01, 1000000000),
            }
        )
    unique([f"{a['notification_type']} {a['threshold']}" for a in budget_alerts], "observability_budget_notifications")

    max_connections = integer(inputs.get("db_max_connections", 0), "observability_db_max_connections", 0, 100000)
    return {
        "alarms": planned,
        "log_groups": groups,
        "log_retention_days": retention,
        "budget_limit": f"{limit:g}" if limit == int(limit) else str(limit),
        "budget_notifications": budget_alerts,
        "db_max_connections": max_connections,
    }


def db_max_connections(instance_class, class_memory_gib, override=0):
    """MySQL's default max_connections of an instance class, or the override when set."""
    if override:
        return int(override)
    memory = (class_memory_gib or {}).get(instance_class)
    if not memory:
        fail(
            "observability_db_max_connections: "
            f"the instance class '{instance_class}' is not in observability_db_class_memory_gib; set "
            "observability_db_max_connections (the max_connections of the DB parameter group)",
        )
    return int(float(memory) * 1024**3 // MYSQL_BYTES_PER_CONNECTION)


def observability_alarms(alarms, prefix, resources, topic_arn, class_memory_gib=None, max_connections=0):
    """``amazon.aws.cloudwatch_metric_alarm`` arguments for the planned alarms.

    ``resources``: ``asg`` (group name), ``alb`` and ``target_group`` (ARNs), ``db`` (identifier) and
    ``db_instance_class``. Every alarm sends to ``topic_arn``; the ones with ``ok_action`` also on recovery.
    """
    # CloudWatch's ELB dimensions: LoadBalancer is app/<name>/<id>, TargetGroup is targetgroup/<name>/<id>.
    alb = re.sub(r"^loadbalancer/", "", arn_resource(resources.get("alb")))
    target_group = arn_resource(resources.get("target_group"))
    dimensions = {
        "asg": {"AutoScalingGroupName": resources.get("asg", "")},
        "alb": {"LoadBalancer": alb},
        "target_group": {"TargetGroup": target_group, "LoadBalancer": alb},
        "db": {"DBInstanceIdentifier": resources.get("db", "")},
    }
    out = []
    for alarm in alarms:
        threshold = alarm["threshold"]
        description = alarm["description"]
        if alarm.get("threshold_of") == "db_max_connections":
            maximum = db_max_connections(resources.get("db_instance_class"), class_memory_gib, max_connections)
            threshold = float(math.floor(maximum * threshold / 100))
            description = f"{description} (max_connections {maximum})".strip()
        args = {
            "name": f"{prefix}-{alarm['name']}",
            "description": description,
            "namespace": alarm["namespace"],
            "metric_name": alarm["metric_name"],
            "statistic": alarm["statistic"],
            "comparison": alarm["comparison"],
            "threshold": threshold,
            "period": alarm["period"],
            "evaluation_periods": alarm["evaluation_periods"],
            "dimensions": dimensions[alarm["resource"]],
            "alarm_actions": [topic_arn],
            "ok_actions": [topic_arn] if alarm["ok_action"] else [],
            "treat_missing_data": alarm["treat_missing_data"],
        }
        if alarm.get("unit"):
            args["unit"] = alarm["unit"]
        out.append(args)
    return out


class FilterModule:
    def filters(self):
        return {"observability_plan": observability_plan, "observability_alarms": observability_alarms}
