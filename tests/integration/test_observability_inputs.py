"""Bad observability input stops the play before any API call, with a message naming the variable and the rule."""

import json

import pytest

ALARM = {
    "name": "rds-cpu",
    "namespace": "AWS/RDS",
    "metric_name": "CPUUtilization",
    "statistic": "Average",
    "comparison": "GreaterThanOrEqualToThreshold",
    "threshold": 80,
    "period": 60,
    "evaluation_periods": 2,
    "ok_action": True,
    "resource": "db",
}

CASES = {
    "bad e-mail": (
        {"observability_alert_email": "ops.example.com"},
        "observability_alert_email: 'ops.example.com' is not an e-mail address",
    ),
    "threshold not a number": (
        {"observability_alarms": [dict(ALARM, threshold="eighty")]},
        "observability_alarms[rds-cpu].threshold: 'eighty' must be a number",
    ),
    "negative threshold": (
        {"observability_alarms": [dict(ALARM, threshold=-1)]},
        "observability_alarms[rds-cpu].threshold: -1 must be at least 0",
    ),
    "bad period": (
        {"observability_alarms": [dict(ALARM, period=45)]},
        "observability_alarms[rds-cpu].period: 45 must be 10, 20, 30 or a multiple of 60",
    ),
    "bad retention": (
        {"observability_log_retention_days": 45},
        "observability_log_retention_days: 45 is not a CloudWatch Logs retention",
    ),
    "no budget limit": (
        {"observability_budget_limit": ""},
        "observability_budget_limit: '' must be a number",
    ),
}


@pytest.mark.parametrize("extra,message", CASES.values(), ids=CASES.keys())
def test_bad_input_stops_before_any_api_call(empty_endpoint, playbook, extra, message):
    empty_endpoint.reset_calls()
    # The static hosts only: the aws_ec2 inventory source calls the endpoint while it is parsed.
    result = playbook(
        "playbooks/observability.yml",
        "--limit",
        "ecia-dev",
        "-e",
        json.dumps(extra),
        inventory="inventories/local/hosts.yml",
    )
    assert result.returncode != 0
    assert message in " ".join(result.stdout.split()), result.stdout[-3000:]
    assert empty_endpoint.calls()["total"] == 0
