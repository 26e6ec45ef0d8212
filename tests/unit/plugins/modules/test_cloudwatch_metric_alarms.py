"""cloudwatch_metric_alarms through main() against a Stubber-validated CloudWatch client: one DescribeAlarms by
name for all the alarms, a PutMetricAlarm only for an alarm that is missing or differs in any attribute
amazon.aws's cloudwatch_metric_alarm compares, one DeleteAlarms for the alarms removed."""

import copy

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import cloudwatch_metric_alarms as module

REGION = "eu-west-1"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts"
PAGER = "arn:aws:sns:eu-west-1:123456789012:pager"
ARN = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:"
CPU = {
    "name": "web-cpu-high",
    "description": "CPU high",
    "namespace": "AWS/EC2",
    "metric_name": "CPUUtilization",
    "statistic": "Average",
    "comparison": "GreaterThanThreshold",
    "threshold": 80,
    "period": 300,
    "evaluation_periods": 2,
    "dimensions": {"AutoScalingGroupName": "web", "Role": "app"},
    "alarm_actions": [TOPIC, PAGER],
    "ok_actions": [TOPIC],
}
LATENCY = {
    "name": "web-latency",
    "namespace": "AWS/ApplicationELB",
    "metric_name": "TargetResponseTime",
    "extended_statistic": "p99",
    "comparison": "GreaterThanOrEqualToThreshold",
    "threshold": 1.5,
    "period": 60,
    "evaluation_periods": 5,
    "datapoints_to_alarm": 3,
    "treat_missing_data": "notBreaching",
    "unit": "Seconds",
}
ARGS = {"alarms": [CPU, LATENCY]}

# As DescribeAlarms returns them: AWS's own fields, actions and dimensions in another order, no DatapointsToAlarm
# where it was not set.
AWS_CPU = {
    "AlarmName": "web-cpu-high",
    "AlarmArn": ARN + "web-cpu-high",
    "AlarmDescription": "CPU high",
    "ActionsEnabled": True,
    "OKActions": [TOPIC],
    "AlarmActions": [PAGER, TOPIC],
    "InsufficientDataActions": [],
    "StateValue": "INSUFFICIENT_DATA",
    "StateReason": "Unchecked: Initial alarm creation",
    "MetricName": "CPUUtilization",
    "Namespace": "AWS/EC2",
    "Statistic": "Average",
    "Dimensions": [{"Name": "Role", "Value": "app"}, {"Name": "AutoScalingGroupName", "Value": "web"}],
    "Period": 300,
    "EvaluationPeriods": 2,
    "Threshold": 80.0,
    "ComparisonOperator": "GreaterThanThreshold",
    "TreatMissingData": "missing",
}
AWS_LATENCY = {
    "AlarmName": "web-latency",
    "AlarmArn": ARN + "web-latency",
    "ActionsEnabled": True,
    "OKActions": [],
    "AlarmActions": [],
    "InsufficientDataActions": [],
    "StateValue": "OK",
    "MetricName": "TargetResponseTime",
    "Namespace": "AWS/ApplicationELB",
    "ExtendedStatistic": "p99",
    "Dimensions": [],
    "Period": 60,
    "Unit": "Seconds",
    "EvaluationPeriods": 5,
    "DatapointsToAlarm": 3,
    "Threshold": 1.5,
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "TreatMissingData": "notBreaching",
}
PUT_CPU = {
    "AlarmName": "web-cpu-high",
    "AlarmDescription": "CPU high",
    "ActionsEnabled": True,
    "AlarmActions": [TOPIC, PAGER],  # sorted
    "OKActions": [TOPIC],
    "InsufficientDataActions": [],
    "MetricName": "CPUUtilization",
    "Namespace": "AWS/EC2",
    "Statistic": "Average",
    "Dimensions": [{"Name": "AutoScalingGroupName", "Value": "web"}, {"Name": "Role", "Value": "app"}],
    "Period": 300,
    "EvaluationPeriods": 2,
    "Threshold": 80.0,
    "ComparisonOperator": "GreaterThanThreshold",
    "TreatMissingData": "missing",
}
PUT_LATENCY = {
    "AlarmName": "web-latency",
    "ActionsEnabled": True,
    "AlarmActions": [],
    "OKActions": [],
    "InsufficientDataActions": [],
    "MetricName": "TargetResponseTime",
    "Namespace": "AWS/ApplicationELB",
    "ExtendedStatistic": "p99",
    "Dimensions": [],
    "Period": 60,
    "Unit": "Seconds",
    "EvaluationPeriods": 5,
    "DatapointsToAlarm": 3,
    "Threshold": 1.5,
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "TreatMissingData": "notBreaching",
}
NAMES = {"AlarmTypes": ["MetricAlarm"], "AlarmNames": ["web-cpu-high", "web-latency"]}


@pytest.fixture
def cw(aws_client):
    return aws_client("cloudwatch", region=REGION)


@pytest.fixture
def stub(cw):
    return cw[1]


@pytest.fixture
def run(run_module, cw):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, region=REGION, **(args or {})), client=cw[0], **kw)

    return run_


def expect_describe(stub, *alarms, params=None):
    stub.add_response("describe_alarms", {"MetricAlarms": list(alarms)}, params or NAMES)


def test_create_from_nothing(stub, run):
    expect_describe(stub)
    stub.add_response("put_metric_alarm", {}, PUT_CPU)
    stub.add_response("put_metric_alarm", {}, PUT_LATENCY)
    expect_describe(stub, AWS_CPU, AWS_LATENCY)  # read back once: ARNs and states
    result = run(diff=True)
    assert result["changed"]
    assert result["changed_alarms"] == {"created": ["web-cpu-high", "web-latency"], "updated": [], "deleted": []}
    cpu, latency = result["alarms"]
    assert cpu["alarm_arn"] == ARN + "web-cpu-high" and cpu["dimensions"] == {
        "AutoScalingGroupName": "web",
        "Role": "app",
    }
    assert latency["extended_statistic"] == "p99" and latency["statistic"] is None
    assert result["diff"]["before"] == {} and sorted(result["diff"]["after"]) == ["web-cpu-high", "web-latency"]


def test_noop_one_describe_no_put(stub, run):
    expect_describe(stub, AWS_LATENCY, AWS_CPU)
    result = run(diff=True)
    assert not result["changed"]
    assert result["changed_alarms"] == {"created": [], "updated": [], "deleted": []}
    assert [a["alarm_name"] for a in result["alarms"]] == ["web-cpu-high", "web-latency"]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_alarm_without_treat_missing_data_is_missing(stub, run):
    """Alarms made before TreatMissingData existed have none: AWS treats them as "missing" (as amazon.aws does)."""
    old = {k: v for k, v in AWS_CPU.items() if k != "TreatMissingData"}
    expect_describe(stub, old, AWS_LATENCY)
    assert not run()["changed"]


# One attribute of the CPU alarm drifted in AWS (the latency alarm is right): only the CPU alarm is put, whole.
DRIFTS = {
    "threshold": {"Threshold": 90.0},
    "period": {"Period": 60},
    "evaluation_periods": {"EvaluationPeriods": 3},
    "datapoints_to_alarm": {"DatapointsToAlarm": 1},
    "comparison": {"ComparisonOperator": "GreaterThanOrEqualToThreshold"},
    "statistic": {"Statistic": "Maximum"},
    "extended_statistic": {"Statistic": None, "ExtendedStatistic": "p90"},
    "namespace": {"Namespace": "Custom/EC2"},
    "metric_name": {"MetricName": "CPUCreditBalance"},
    "dimension_value": {
        "Dimensions": [{"Name": "AutoScalingGroupName", "Value": "api"}, {"Name": "Role", "Value": "app"}]
    },
    "dimension_extra": {"Dimensions": AWS_CPU["Dimensions"] + [{"Name": "AZ", "Value": "a"}]},
    "treat_missing_data": {"TreatMissingData": "breaching"},
    "evaluate_low_sample_count_percentile": {"EvaluateLowSampleCountPercentile": "ignore"},
    "alarm_actions": {"AlarmActions": [TOPIC]},
    "ok_actions": {"OKActions": [TOPIC, PAGER]},
    "insufficient_data_actions": {"InsufficientDataActions": [TOPIC]},
    "unit": {"Unit": "Percent"},
    "description_changed": {"AlarmDescription": "CPU very high"},
    "description_removed": {"AlarmDescription": None},
    "actions_disabled": {"ActionsEnabled": False},
}


@pytest.mark.parametrize("drift", DRIFTS.values(), ids=list(DRIFTS))
def test_one_attribute_drift_is_put_back(stub, run, drift):
    drifted = {k: v for k, v in dict(AWS_CPU, **drift).items() if v is not None}
    expect_describe(stub, drifted, AWS_LATENCY)
    stub.add_response("put_metric_alarm", {}, PUT_CPU)
    expect_describe(stub, AWS_CPU, AWS_LATENCY)
    result = run(diff=True)
    assert result["changed"]
    assert result["changed_alarms"] == {"created": [], "updated": ["web-cpu-high"], "deleted": []}
    assert result["diff"]["before"]["web-cpu-high"] != result["diff"]["after"]["web-cpu-high"]
    assert result["diff"]["before"]["web-latency"] == result["diff"]["after"]["web-latency"]


def test_drift_in_check_mode_writes_nothing_and_predicts(stub, run):
    expect_describe(stub, dict(AWS_CPU, Threshold=90.0))  # the latency alarm is missing
    result = run(check_mode=True, diff=True)
    assert result["changed"]
    assert result["changed_alarms"] == {"created": ["web-latency"], "updated": ["web-cpu-high"], "deleted": []}
    cpu, latency = result["alarms"]
    assert cpu["threshold"] == 80.0 and cpu["alarm_arn"] == ARN + "web-cpu-high"  # predicted, AWS's ARN kept
    assert latency["datapoints_to_alarm"] == 3 and latency["unit"] == "Seconds"
    assert result["diff"]["before"]["web-cpu-high"]["threshold"] == 90.0


def test_purge_only_unlisted_alarms_of_the_prefix(stub, run):
    stray = dict(AWS_CPU, AlarmName="web-cpu-old", AlarmArn=ARN + "web-cpu-old")
    stub.add_response(
        "describe_alarms",
        {"MetricAlarms": [AWS_CPU, stray]},
        {"AlarmTypes": ["MetricAlarm"], "AlarmNamePrefix": "web-c"},
    )
    # web-latency is outside the prefix: read by name
    expect_describe(stub, AWS_LATENCY, params={"AlarmTypes": ["MetricAlarm"], "AlarmNames": ["web-latency"]})
    stub.add_response("delete_alarms", {}, {"AlarmNames": ["web-cpu-old"]})
    result = run({"purge_alarms": True, "purge_prefix": "web-c"}, diff=True)
    assert result["changed_alarms"] == {"created": [], "updated": [], "deleted": ["web-cpu-old"]}
    assert "web-cpu-old" in result["diff"]["before"] and "web-cpu-old" not in result["diff"]["after"]


def test_no_purge_by_default(stub, run):
    expect_describe(stub, AWS_CPU, AWS_LATENCY)  # by name only: other alarms are never read
    assert not run()["changed"]


def test_purge_needs_a_prefix_before_any_call(run_module):
    result = run_module(module.main, dict(ARGS, purge_alarms=True))  # no client: a call would fail the test
    assert result["failed"] and "purge_prefix is required" in result["msg"]


def test_absent_deletes_the_existing_in_one_call(stub, run):
    expect_describe(stub, AWS_LATENCY)
    stub.add_response("delete_alarms", {}, {"AlarmNames": ["web-latency"]})
    result = run({"state": "absent", "alarms": [{"name": "web-cpu-high"}, {"name": "web-latency"}]})
    assert result["changed"] and result["changed_alarms"]["deleted"] == ["web-latency"]
    assert result["alarms"] == []


def test_absent_in_check_mode_deletes_nothing(stub, run):
    expect_describe(stub, AWS_LATENCY)
    result = run({"state": "absent", "alarms": [{"name": "web-cpu-high"}, {"name": "web-latency"}]}, check_mode=True)
    assert result["changed"]


def test_tags_only_drift_tags_without_a_put(stub, run):
    args = {"alarms": [dict(CPU, tags={"env": "prod", "team": "web"}), LATENCY]}
    expect_describe(stub, AWS_CPU, AWS_LATENCY)
    stub.add_response(
        "list_tags_for_resource",
        {"Tags": [{"Key": "env", "Value": "dev"}, {"Key": "old", "Value": "x"}]},
        {"ResourceARN": ARN + "web-cpu-high"},
    )
    stub.add_response("untag_resource", {}, {"ResourceARN": ARN + "web-cpu-high", "TagKeys": ["old"]})
    stub.add_response(
        "tag_resource",
        {},
        {
            "ResourceARN": ARN + "web-cpu-high",
            "Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "web"}],
        },
    )
    expect_describe(stub, AWS_CPU, AWS_LATENCY)
    result = run(args)
    assert result["changed_alarms"]["updated"] == ["web-cpu-high"]
    assert result["alarms"][0]["tags"] == {"env": "prod", "team": "web"}
    assert "tags" not in result["alarms"][1]


def test_new_alarm_gets_its_tags_in_the_put(stub, run):
    expect_describe(stub, params={"AlarmTypes": ["MetricAlarm"], "AlarmNames": ["web-cpu-high"]})
    stub.add_response("put_metric_alarm", {}, dict(PUT_CPU, Tags=[{"Key": "env", "Value": "prod"}]))
    expect_describe(stub, AWS_CPU, params={"AlarmTypes": ["MetricAlarm"], "AlarmNames": ["web-cpu-high"]})
    result = run({"alarms": [dict(CPU, tags={"env": "prod"})]})
    assert result["changed_alarms"]["created"] == ["web-cpu-high"]


def test_more_than_100_alarms_are_read_100_a_call(stub, run):
    alarms = [dict(LATENCY, name=f"a{i:03}") for i in range(150)]
    names = [a["name"] for a in alarms]
    expect_describe(stub, params={"AlarmTypes": ["MetricAlarm"], "AlarmNames": names[:100]})
    expect_describe(stub, params={"AlarmTypes": ["MetricAlarm"], "AlarmNames": names[100:]})
    result = run({"alarms": alarms}, check_mode=True)
    assert len(result["changed_alarms"]["created"]) == 150


@pytest.mark.parametrize(
    "alarm, message",
    [
        ({k: v for k, v in CPU.items() if k != "threshold"}, "alarms[0] (web-cpu-high): threshold required"),
        (dict(CPU, extended_statistic="p99"), "exactly one of statistic and extended_statistic"),
        (dict(CPU, period=45), "period must be 10, 20, 30 or a multiple of 60"),
        (dict(CPU, datapoints_to_alarm=3), "datapoints_to_alarm must not exceed evaluation_periods"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, alarm, message):
    result = run_module(module.main, {"alarms": [alarm]})
    assert result["failed"] and message in result["msg"]


def test_duplicate_names_fail(run_module):
    result = run_module(module.main, {"alarms": [CPU, copy.deepcopy(CPU)]})
    assert result["failed"] and "names must be unique: web-cpu-high" in result["msg"]
