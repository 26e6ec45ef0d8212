"""The observability planner: every input rule with the message users see, and the alarm table turned into
cloudwatch_metric_alarm arguments (dimensions from the looked-up ARNs, rds-connections from the instance class)."""

import copy

import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.observability import (
    db_max_connections,
    observability_alarms,
    observability_plan,
)

from pathlib import Path

DEFAULTS = yaml.safe_load((Path(__file__).parents[4] / "roles/observability/defaults/main.yml").read_text())
ALB = "arn:aws:elasticloadbalancing:ap-south-1:200000000001:loadbalancer/app/ecia-dev-alb/50dc6c495c0c9188"
TG = "arn:aws:elasticloadbalancing:ap-south-1:200000000001:targetgroup/ecia-dev-app-tg/73e2d6bc24d8a067"
TOPIC = "arn:aws:sns:ap-south-1:200000000001:ecia-dev-alerts"
RESOURCES = {
    "asg": "ecia-dev-app-asg",
    "alb": ALB,
    "target_group": TG,
    "db": "ecia-dev-db",
    "db_instance_class": "db.t3.micro",
}


def inputs(**over):
    base = {
        "name": "ecia-dev",
        "region": "ap-south-1",
        "account_id": "200000000001",
        "topic_name": "ecia-dev-alerts",
        "alert_email": "ops@example.com",
        "asg_name": "ecia-dev-app-asg",
        "alb_name": "ecia-dev-alb",
        "target_group_name": "ecia-dev-app-tg",
        "db_identifier": "ecia-dev-db",
        "dashboard_name": "ecia-dev-overview",
        "budget_name": "ecia-dev-monthly-budget",
        "alarms": copy.deepcopy(DEFAULTS["observability_alarms"]),
        "db_max_connections": 0,
        "log_groups": ["/aws/ec2/ecia-dev/app"],
        "log_retention_days": 30,
        "budget_limit": "100",
        "budget_notifications": copy.deepcopy(DEFAULTS["observability_budget_notifications"]),
    }
    base.update(over)
    return base


def alarm(name, **over):
    out = copy.deepcopy(next(a for a in DEFAULTS["observability_alarms"] if a["name"] == name))
    out.update(over)
    return out


def test_default_table_is_seed_001():
    table = {a["name"]: a for a in observability_plan(inputs())["alarms"]}
    assert list(table) == [
        "asg-cpu-high",
        "asg-cpu-low",
        "alb-5xx",
        "target-5xx",
        "alb-unhealthy-hosts",
        "alb-latency",
        "rds-cpu",
        "rds-storage",
        "rds-connections",
    ]
    seed = {
        "asg-cpu-high": ("CPUUtilization", "AWS/EC2", "GreaterThanOrEqualToThreshold", 80, 120, 2, True),
        "asg-cpu-low": ("CPUUtilization", "AWS/EC2", "LessThanOrEqualToThreshold", 10, 120, 3, False),
        "alb-5xx": ("HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB", "GreaterThanOrEqualToThreshold", 10, 60, 1, True),
        "target-5xx": (
            "HTTPCode_Target_5XX_Count",
            "AWS/ApplicationELB",
            "GreaterThanOrEqualToThreshold",
            10,
            60,
            1,
            False,
        ),
        "alb-unhealthy-hosts": (
            "UnHealthyHostCount",
            "AWS/ApplicationELB",
            "GreaterThanOrEqualToThreshold",
            1,
            60,
            2,
            True,
        ),
        "alb-latency": ("TargetResponseTime", "AWS/ApplicationELB", "GreaterThanOrEqualToThreshold", 2, 60, 2, False),
        "rds-cpu": ("CPUUtilization", "AWS/RDS", "GreaterThanOrEqualToThreshold", 80, 60, 2, True),
        "rds-storage": ("FreeStorageSpace", "AWS/RDS", "LessThanOrEqualToThreshold", 2 * 1024**3, 60, 1, True),
        "rds-connections": ("DatabaseConnections", "AWS/RDS", "GreaterThanOrEqualToThreshold", 80, 60, 2, True),
    }
    for name, (metric, namespace, comparison, threshold, period, evaluations, ok) in seed.items():
        a = table[name]
        got = (
            a["metric_name"],
            a["namespace"],
            a["comparison"],
            a["threshold"],
            a["period"],
            a["evaluation_periods"],
            a["ok_action"],
        )
        assert got == (metric, namespace, comparison, threshold, period, evaluations, ok), name


def test_alarm_arguments_resolve_dimensions_and_actions():
    plan = observability_plan(inputs())
    args = {
        a["name"]: a
        for a in observability_alarms(
            plan["alarms"], "ecia-dev", RESOURCES, TOPIC, DEFAULTS["observability_db_class_memory_gib"]
        )
    }
    assert args["ecia-dev-asg-cpu-high"]["dimensions"] == {"AutoScalingGroupName": "ecia-dev-app-asg"}
    assert args["ecia-dev-alb-5xx"]["dimensions"] == {"LoadBalancer": "app/ecia-dev-alb/50dc6c495c0c9188"}
    assert args["ecia-dev-target-5xx"]["dimensions"] == {
        "TargetGroup": "targetgroup/ecia-dev-app-tg/73e2d6bc24d8a067",
        "LoadBalancer": "app/ecia-dev-alb/50dc6c495c0c9188",
    }
    assert args["ecia-dev-rds-cpu"]["dimensions"] == {"DBInstanceIdentifier": "ecia-dev-db"}
    assert args["ecia-dev-asg-cpu-high"]["ok_actions"] == [TOPIC]
    assert args["ecia-dev-asg-cpu-low"]["ok_actions"] == []
    assert all(a["alarm_actions"] == [TOPIC] for a in args.values())
    assert args["ecia-dev-alb-5xx"]["treat_missing_data"] == "notBreaching"


@pytest.mark.parametrize(
    "klass,maximum,threshold", [("db.t3.micro", 85, 68.0), ("db.t3.small", 170, 136.0), ("db.r6g.large", 1365, 1092.0)]
)
def test_rds_connections_is_80_percent_of_the_class_default(klass, maximum, threshold):
    memory = DEFAULTS["observability_db_class_memory_gib"]
    assert db_max_connections(klass, memory) == maximum
    plan = observability_plan(inputs())
    args = observability_alarms(plan["alarms"], "ecia-dev", dict(RESOURCES, db_instance_class=klass), TOPIC, memory)
    conn = next(a for a in args if a["name"] == "ecia-dev-rds-connections")
    assert conn["threshold"] == threshold
    assert f"max_connections {maximum}" in conn["description"]


def test_rds_connections_override_and_unknown_class():
    plan = observability_plan(inputs())
    args = observability_alarms(plan["alarms"], "p", dict(RESOURCES, db_instance_class="db.x9.huge"), TOPIC, {}, 500)
    assert next(a for a in args if a["name"] == "p-rds-connections")["threshold"] == 400.0
    with pytest.raises(AnsibleFilterError, match="observability_db_max_connections: the instance class 'db.x9.huge'"):
        observability_alarms(plan["alarms"], "p", dict(RESOURCES, db_instance_class="db.x9.huge"), TOPIC, {}, 0)


def test_budget_and_log_plan():
    plan = observability_plan(inputs(budget_limit=1000.0))
    assert plan["budget_limit"] == "1000"
    assert plan["budget_notifications"] == [
        {"notification_type": "FORECASTED", "threshold": 80.0},
        {"notification_type": "ACTUAL", "threshold": 100.0},
    ]
    assert plan["log_retention_days"] == 30


BAD = {
    "bad e-mail": (
        {"alert_email": "ops-at-example.com"},
        "observability_alert_email: 'ops-at-example.com' is not an e-mail",
    ),
    "empty e-mail": ({"alert_email": ""}, "observability_alert_email: '' is not an e-mail"),
    "bad name": ({"name": "ECIA_dev"}, "observability_name: 'ECIA_dev' must be lower-case"),
    "bad account": ({"account_id": "12"}, "observability_account_id: '12' must be a 12-digit account id"),
    "bad region": ({"region": "mars-1"}, "observability_region: 'mars-1' is not a known AWS region"),
    "threshold not a number": (
        {"alarms": [alarm("rds-cpu", threshold="high")]},
        "observability_alarms[rds-cpu].threshold: 'high' must be a number",
    ),
    "negative threshold": (
        {"alarms": [alarm("rds-cpu", threshold=-5)]},
        "observability_alarms[rds-cpu].threshold: -5 must be at least 0",
    ),
    "percentage over 100": (
        {"alarms": [alarm("rds-connections", threshold=120)]},
        "observability_alarms[rds-connections].threshold: 120 must be between 1 and 100",
    ),
    "bad period": (
        {"alarms": [alarm("rds-cpu", period=90)]},
        "observability_alarms[rds-cpu].period: 90 must be 10, 20, 30 or a multiple of 60",
    ),
    "over one day": (
        {"alarms": [alarm("rds-cpu", period=3600, evaluation_periods=25)]},
        "observability_alarms[rds-cpu].evaluation_periods: 25 x 3600s exceeds one day",
    ),
    "bad comparison": (
        {"alarms": [alarm("rds-cpu", comparison=">=")]},
        "observability_alarms[rds-cpu].comparison: '>=' must be one of",
    ),
    "bad resource": (
        {"alarms": [alarm("rds-cpu", resource="lambda")]},
        "observability_alarms[rds-cpu].resource: 'lambda' must be one of asg, alb, target_group, db",
    ),
    "unknown key": ({"alarms": [alarm("rds-cpu", treshold=5)]}, "observability_alarms[0]: unknown keys ['treshold']"),
    "missing key": ({"alarms": [{"name": "x"}]}, "observability_alarms[0]: needs namespace, metric_name"),
    "duplicate alarm": (
        {"alarms": [alarm("rds-cpu"), alarm("rds-cpu")]},
        "observability_alarms: ['rds-cpu'] listed more than once",
    ),
    "ok_action not bool": (
        {"alarms": [alarm("rds-cpu", ok_action="yes")]},
        "observability_alarms[rds-cpu].ok_action: 'yes' must be true or false",
    ),
    "bad retention": (
        {"log_retention_days": 31},
        "observability_log_retention_days: 31 is not a CloudWatch Logs retention",
    ),
    "bad log group": (
        {"log_groups": ["bad name"]},
        "observability_log_groups: 'bad name' is not a valid log group name",
    ),
    "budget limit empty": ({"budget_limit": ""}, "observability_budget_limit: '' must be a number"),
    "budget limit zero": ({"budget_limit": 0}, "observability_budget_limit: 0 must be at least 0.01"),
    "bad notification type": (
        {"budget_notifications": [{"notification_type": "SOON", "threshold": 80}]},
        "observability_budget_notifications[0].notification_type: 'SOON' must be one of",
    ),
    "too many notifications": (
        {"budget_notifications": [{"notification_type": "ACTUAL", "threshold": t} for t in range(10, 70, 10)]},
        "observability_budget_notifications: must list 1 to 5 alerts",
    ),
}


@pytest.mark.parametrize("over,message", BAD.values(), ids=BAD.keys())
def test_bad_input_names_the_variable_and_the_rule(over, message):
    with pytest.raises(AnsibleFilterError) as err:
        observability_plan(inputs(**over))
    assert message in str(err.value)
