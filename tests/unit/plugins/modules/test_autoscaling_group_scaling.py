"""autoscaling_group_scaling through main() against a Stubber-validated Auto Scaling client: one DescribePolicies and
one DescribeScheduledActions of the group, then a put or delete only for the policy or action that is missing,
differs in an attribute the community.aws modules compare, or is to go."""

import copy
import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import autoscaling_group_scaling as module

GROUP = "web-asg"
ARN = f"arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:uuid:autoScalingGroupName/{GROUP}:policyName/"
UTC = datetime.timezone.utc

CPU = {
    "name": "web-cpu",
    "policy_type": "TargetTrackingScaling",
    "target_tracking_config": {
        "predefined_metric_spec": {"predefined_metric_type": "ASGAverageCPUUtilization"},
        "target_value": 60,
    },
    "estimated_instance_warmup": 300,
}
STEP = {
    "name": "web-step",
    "policy_type": "StepScaling",
    "adjustment_type": "ChangeInCapacity",
    "step_adjustments": [
        {"lower_bound": 0, "upper_bound": 20, "scaling_adjustment": 1},
        {"lower_bound": 20, "scaling_adjustment": 2},
    ],
}
DOWN = {"name": "web-down", "recurrence": "0 20 * * *", "time_zone": "Etc/UTC", "desired_capacity": 1}
UP = {
    "name": "web-up",
    "recurrence": "0 7 * * *",
    "time_zone": "Etc/UTC",
    "desired_capacity": 3,
    "start_time": "2030-01-01T08:00:00Z",
}
ARGS = {"auto_scaling_group_name": GROUP, "policies": [CPU, STEP], "scheduled_actions": [DOWN, UP]}

# As DescribePolicies / DescribeScheduledActions return them: AWS's own fields, a custom metric's dimensions in
# another order, times as datetimes.
AWS_CPU = {
    "AutoScalingGroupName": GROUP,
    "PolicyName": "web-cpu",
    "PolicyARN": ARN + "web-cpu",
    "PolicyType": "TargetTrackingScaling",
    "StepAdjustments": [],
    "EstimatedInstanceWarmup": 300,
    "Alarms": [{"AlarmName": "TargetTracking-web-cpu-AlarmHigh", "AlarmARN": "arn:aws:cloudwatch:alarm"}],
    "TargetTrackingConfiguration": {
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
        "TargetValue": 60.0,
        "DisableScaleIn": False,
    },
    "Enabled": True,
}
AWS_STEP = {
    "AutoScalingGroupName": GROUP,
    "PolicyName": "web-step",
    "PolicyARN": ARN + "web-step",
    "PolicyType": "StepScaling",
    "AdjustmentType": "ChangeInCapacity",
    "MetricAggregationType": "Average",
    "StepAdjustments": [
        {"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 20.0, "ScalingAdjustment": 1},
        {"MetricIntervalLowerBound": 20.0, "ScalingAdjustment": 2},
    ],
    "Alarms": [],
    "Enabled": True,
}
AWS_DOWN = {
    "AutoScalingGroupName": GROUP,
    "ScheduledActionName": "web-down",
    "ScheduledActionARN": "arn:aws:autoscaling:us-east-1:123456789012:scheduledUpdateGroupAction:web-down",
    "Recurrence": "0 20 * * *",
    "TimeZone": "Etc/UTC",
    "StartTime": datetime.datetime(2026, 12, 7, 20, 0, tzinfo=UTC),  # the next run, set by AWS
    "DesiredCapacity": 1,
}
AWS_UP = {
    "AutoScalingGroupName": GROUP,
    "ScheduledActionName": "web-up",
    "ScheduledActionARN": "arn:aws:autoscaling:us-east-1:123456789012:scheduledUpdateGroupAction:web-up",
    "Recurrence": "0 7 * * *",
    "TimeZone": "Etc/UTC",
    "StartTime": datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
    "DesiredCapacity": 3,
}
PUT_CPU = {
    "AutoScalingGroupName": GROUP,
    "PolicyName": "web-cpu",
    "PolicyType": "TargetTrackingScaling",
    "EstimatedInstanceWarmup": 300,
    "TargetTrackingConfiguration": {
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
        "TargetValue": 60.0,
        "DisableScaleIn": False,
    },
}
PUT_STEP = {
    "AutoScalingGroupName": GROUP,
    "PolicyName": "web-step",
    "PolicyType": "StepScaling",
    "AdjustmentType": "ChangeInCapacity",
    "MetricAggregationType": "Average",
    "StepAdjustments": [
        {"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 20.0, "ScalingAdjustment": 1},
        {"MetricIntervalLowerBound": 20.0, "ScalingAdjustment": 2},
    ],
}
PUT_DOWN = {
    "AutoScalingGroupName": GROUP,
    "ScheduledActionName": "web-down",
    "Recurrence": "0 20 * * *",
    "TimeZone": "Etc/UTC",
    "DesiredCapacity": 1,
}
PUT_UP = {
    "AutoScalingGroupName": GROUP,
    "ScheduledActionName": "web-up",
    "Recurrence": "0 7 * * *",
    "TimeZone": "Etc/UTC",
    "StartTime": datetime.datetime(2030, 1, 1, 8, 0, tzinfo=UTC),
    "DesiredCapacity": 3,
}


@pytest.fixture
def stubbed(aws_client):
    return aws_client("autoscaling")


def expect_reads(stub, policies, actions):
    stub.add_response("describe_policies", {"ScalingPolicies": policies}, {"AutoScalingGroupName": GROUP})
    stub.add_response(
        "describe_scheduled_actions", {"ScheduledUpdateGroupActions": actions}, {"AutoScalingGroupName": GROUP}
    )


def expect_policies_back(stub, policies):
    stub.add_response("describe_policies", {"ScalingPolicies": policies}, {"AutoScalingGroupName": GROUP})


def expect_actions_back(stub, actions):
    stub.add_response(
        "describe_scheduled_actions", {"ScheduledUpdateGroupActions": actions}, {"AutoScalingGroupName": GROUP}
    )


def args(**overrides):
    return dict(copy.deepcopy(ARGS), **overrides)


def test_converged_group_makes_no_write(stubbed, run_module):
    client, stub = stubbed
    expect_reads(stub, [AWS_CPU, AWS_STEP], [AWS_DOWN, AWS_UP])  # nothing else may be called
    result = run_module(module.main, args(), client, diff=True)
    assert result["failed"] is False and result["changed"] is False
    assert [p["policy_name"] for p in result["scaling_policies"]] == ["web-cpu", "web-step"]
    assert result["scaling_policies"][0]["target_tracking_configuration"]["target_value"] == 60.0
    assert result["scheduled_actions"][1]["start_time"] == "2030-01-01T08:00:00+00:00"
    assert result["diff"]["before"] == result["diff"]["after"]


def test_reads_are_paginated(stubbed, run_module):
    client, stub = stubbed
    stub.add_response(
        "describe_policies", {"ScalingPolicies": [AWS_CPU], "NextToken": "t"}, {"AutoScalingGroupName": GROUP}
    )
    stub.add_response(
        "describe_policies", {"ScalingPolicies": [AWS_STEP]}, {"AutoScalingGroupName": GROUP, "NextToken": "t"}
    )
    stub.add_response(
        "describe_scheduled_actions",
        {"ScheduledUpdateGroupActions": [AWS_DOWN], "NextToken": "u"},
        {"AutoScalingGroupName": GROUP},
    )
    stub.add_response(
        "describe_scheduled_actions",
        {"ScheduledUpdateGroupActions": [AWS_UP]},
        {"AutoScalingGroupName": GROUP, "NextToken": "u"},
    )
    result = run_module(module.main, args(), client)
    assert result["changed"] is False


def test_empty_group_gets_everything(stubbed, run_module):
    client, stub = stubbed
    expect_reads(stub, [], [])
    stub.add_response("put_scaling_policy", {"PolicyARN": ARN + "web-cpu", "Alarms": []}, PUT_CPU)
    stub.add_response("put_scaling_policy", {"PolicyARN": ARN + "web-step", "Alarms": []}, PUT_STEP)
    stub.add_response("put_scheduled_update_group_action", {}, PUT_DOWN)
    stub.add_response("put_scheduled_update_group_action", {}, PUT_UP)
    expect_reads(stub, [AWS_CPU, AWS_STEP], [AWS_DOWN, AWS_UP])  # read back once each
    result = run_module(module.main, args(), client)
    assert result["changed"] is True
    assert result["changed_scaling_policies"]["created"] == ["web-cpu", "web-step"]
    assert result["changed_scheduled_actions"]["created"] == ["web-down", "web-up"]
    assert result["scaling_policies"][0]["policy_arn"] == ARN + "web-cpu"


def tracking(**changes):
    return dict(PUT_CPU["TargetTrackingConfiguration"], **changes)


@pytest.mark.parametrize(
    "policy_index, change, put",
    [
        (
            0,
            {"target_tracking_config": dict(CPU["target_tracking_config"], target_value=55)},
            dict(PUT_CPU, TargetTrackingConfiguration=tracking(TargetValue=55.0)),
        ),
        (
            0,
            {"target_tracking_config": dict(CPU["target_tracking_config"], disable_scalein=True)},
            dict(PUT_CPU, TargetTrackingConfiguration=tracking(DisableScaleIn=True)),
        ),
        (0, {"estimated_instance_warmup": 120}, dict(PUT_CPU, EstimatedInstanceWarmup=120)),
        (1, {"metric_aggregation": "Maximum"}, dict(PUT_STEP, MetricAggregationType="Maximum")),
        (
            1,
            {"step_adjustments": [{"lower_bound": 0, "scaling_adjustment": 1}]},
            dict(PUT_STEP, StepAdjustments=[{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}]),
        ),
    ],
)
def test_one_attribute_drift_in_one_policy_is_put_only_there(stubbed, run_module, policy_index, change, put):
    client, stub = stubbed
    policies = copy.deepcopy(ARGS["policies"])
    policies[policy_index].update(change)
    expect_reads(stub, [AWS_CPU, AWS_STEP], [AWS_DOWN, AWS_UP])
    stub.add_response("put_scaling_policy", {"PolicyARN": ARN + "x"}, put)
    expect_policies_back(stub, [AWS_CPU, AWS_STEP])
    result = run_module(module.main, args(policies=policies), client, diff=True)
    name = policies[policy_index]["name"]
    other = ARGS["policies"][1 - policy_index]["name"]
    assert result["changed"] is True
    assert result["changed_scaling_policies"] == dict(created=[], updated=[name], deleted=[])
    assert result["changed_scheduled_actions"] == dict(created=[], updated=[], deleted=[])
    diff = result["diff"]
    assert diff["before"]["scaling_policies"][other] == diff["after"]["scaling_policies"][other]


def test_policy_target_tracking_config_is_compared_whole(stubbed, run_module):
    """An ALB label the policy has and the task does not give differs (as community.aws compares the dict)."""
    client, stub = stubbed
    labelled = copy.deepcopy(AWS_CPU)
    labelled["TargetTrackingConfiguration"]["PredefinedMetricSpecification"][
        "ResourceLabel"
    ] = "app/x/1/targetgroup/y/2"
    expect_reads(stub, [labelled, AWS_STEP], [AWS_DOWN, AWS_UP])
    stub.add_response("put_scaling_policy", {"PolicyARN": ARN + "web-cpu"}, PUT_CPU)
    expect_policies_back(stub, [AWS_CPU, AWS_STEP])
    result = run_module(module.main, args(), client)
    assert result["changed_scaling_policies"]["updated"] == ["web-cpu"]


@pytest.mark.parametrize(
    "change, put",
    [
        ({"desired_capacity": 2}, dict(PUT_DOWN, DesiredCapacity=2)),
        ({"recurrence": "0 21 * * *"}, dict(PUT_DOWN, Recurrence="0 21 * * *")),
        ({"time_zone": "Europe/Dublin"}, dict(PUT_DOWN, TimeZone="Europe/Dublin")),
        ({"min_size": 0}, dict(PUT_DOWN, MinSize=0)),
        (
            {"end_time": "2031-01-01T00:00:00"},
            dict(PUT_DOWN, EndTime=datetime.datetime(2031, 1, 1, tzinfo=UTC)),
        ),
    ],
)
def test_one_attribute_drift_in_one_action_is_put_only_there(stubbed, run_module, change, put):
    client, stub = stubbed
    expect_reads(stub, [AWS_CPU, AWS_STEP], [AWS_DOWN, AWS_UP])
    stub.add_response("put_scheduled_update_group_action", {}, put)
    expect_actions_back(stub, [dict(AWS_DOWN, **put), AWS_UP])
    result = run_module(module.main, args(scheduled_actions=[dict(DOWN, **change), UP]), client, diff=True)
    assert result["changed"] is True
    assert result["changed_scheduled_actions"] == dict(created=[], updated=["web-down"], deleted=[])
    assert result["changed_scaling_policies"]["updated"] == []
    assert (
        result["diff"]["before"]["scheduled_actions"]["web-up"]
        == result["diff"]["after"]["scheduled_actions"]["web-up"]
    )
    assert (
        result["diff"]["before"]["scheduled_actions"]["web-down"]
        != result["diff"]["after"]["scheduled_actions"]["web-down"]
    )


def test_unset_action_options_are_not_compared(stubbed, run_module):
    """AWS keeps a value the put does not send, and sets StartTime to the next run: neither is drift."""
    client, stub = stubbed
    sized = dict(AWS_DOWN, MinSize=0, MaxSize=4)
    expect_reads(stub, [AWS_CPU, AWS_STEP], [sized, AWS_UP])
    result = run_module(module.main, args(), client)
    assert result["changed"] is False


def test_check_mode_predicts_and_writes_nothing(stubbed, run_module):
    client, stub = stubbed
    expect_reads(stub, [AWS_STEP], [AWS_DOWN, AWS_UP])  # no put, no read back
    downed = dict(DOWN, desired_capacity=0)
    result = run_module(module.main, args(scheduled_actions=[downed, UP]), client, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["changed_scaling_policies"]["created"] == ["web-cpu"]
    assert result["changed_scheduled_actions"]["updated"] == ["web-down"]
    predicted = {p["policy_name"]: p for p in result["scaling_policies"]}
    assert predicted["web-cpu"]["target_tracking_configuration"]["target_value"] == 60.0
    assert result["diff"]["after"]["scheduled_actions"]["web-down"]["desired_capacity"] == 0
    assert "web-cpu" not in result["diff"]["before"]["scaling_policies"]


def test_absent_items_are_deleted_only_when_they_exist(stubbed, run_module):
    client, stub = stubbed
    expect_reads(stub, [AWS_CPU, AWS_STEP], [AWS_DOWN])
    stub.add_response("delete_policy", {}, {"AutoScalingGroupName": GROUP, "PolicyName": "web-step"})
    stub.add_response("delete_scheduled_action", {}, {"AutoScalingGroupName": GROUP, "ScheduledActionName": "web-down"})
    result = run_module(
        module.main,
        args(
            policies=[CPU, {"name": "web-step", "state": "absent"}],
            scheduled_actions=[dict(DOWN, state="absent"), dict(UP, state="absent")],
        ),
        client,
    )
    assert result["changed"] is True
    assert result["changed_scaling_policies"] == dict(created=[], updated=[], deleted=["web-step"])
    assert result["changed_scheduled_actions"] == dict(created=[], updated=[], deleted=["web-down"])
    assert [p["policy_name"] for p in result["scaling_policies"]] == ["web-cpu"]
    assert result["scheduled_actions"] == []


def test_absent_in_check_mode_deletes_nothing(stubbed, run_module):
    client, stub = stubbed
    expect_reads(stub, [AWS_CPU], [AWS_DOWN])
    result = run_module(
        module.main, args(policies=[dict(CPU, state="absent")], scheduled_actions=[]), client, check_mode=True
    )
    assert result["changed"] is True and result["scaling_policies"] == []
    assert result["scheduled_actions"][0]["scheduled_action_name"] == "web-down"  # not listed, not purged


def test_purge_deletes_what_is_not_listed(stubbed, run_module):
    client, stub = stubbed
    other = dict(AWS_STEP, PolicyName="legacy", PolicyARN=ARN + "legacy")
    expect_reads(stub, [AWS_CPU, AWS_STEP, other], [AWS_DOWN, AWS_UP, dict(AWS_DOWN, ScheduledActionName="old")])
    stub.add_response("delete_policy", {}, {"AutoScalingGroupName": GROUP, "PolicyName": "legacy"})
    stub.add_response("delete_scheduled_action", {}, {"AutoScalingGroupName": GROUP, "ScheduledActionName": "old"})
    result = run_module(module.main, args(purge_policies=True, purge_scheduled_actions=True), client)
    assert result["changed_scaling_policies"]["deleted"] == ["legacy"]
    assert result["changed_scheduled_actions"]["deleted"] == ["old"]


def test_without_purge_others_are_left_alone(stubbed, run_module):
    client, stub = stubbed
    other = dict(AWS_STEP, PolicyName="legacy", PolicyARN=ARN + "legacy")
    expect_reads(stub, [AWS_CPU, AWS_STEP, other], [AWS_DOWN, AWS_UP])
    result = run_module(module.main, args(), client)
    assert result["changed"] is False
    assert len(result["scaling_policies"]) == 3


def test_simple_policy_request(stubbed, run_module):
    client, stub = stubbed
    simple = {
        "name": "web-simple",
        "adjustment_type": "PercentChangeInCapacity",
        "scaling_adjustment": 10,
        "min_adjustment_step": 2,
        "cooldown": 120,
    }
    expect_reads(stub, [], [])
    stub.add_response(
        "put_scaling_policy",
        {"PolicyARN": ARN + "web-simple"},
        {
            "AutoScalingGroupName": GROUP,
            "PolicyName": "web-simple",
            "PolicyType": "SimpleScaling",
            "AdjustmentType": "PercentChangeInCapacity",
            "ScalingAdjustment": 10,
            "MinAdjustmentMagnitude": 2,
            "Cooldown": 120,
        },
    )
    expect_policies_back(stub, [])
    result = run_module(module.main, args(policies=[simple], scheduled_actions=[]), client)
    assert result["changed_scaling_policies"]["created"] == ["web-simple"]


def test_custom_metric_dimensions_compare_in_any_order(stubbed, run_module):
    client, stub = stubbed
    custom = {
        "name": "web-cpu",
        "policy_type": "TargetTrackingScaling",
        "target_tracking_config": {
            "target_value": 100,
            "customized_metric_spec": {
                "metric_name": "Queue",
                "namespace": "App",
                "statistic": "Average",
                "dimensions": [{"name": "b", "value": "2"}, {"name": "a", "value": "1"}],
            },
        },
    }
    aws = dict(
        AWS_CPU,
        EstimatedInstanceWarmup=None,
        TargetTrackingConfiguration={
            "CustomizedMetricSpecification": {
                "MetricName": "Queue",
                "Namespace": "App",
                "Statistic": "Average",
                "Dimensions": [{"Name": "a", "Value": "1"}, {"Name": "b", "Value": "2"}],
            },
            "TargetValue": 100.0,
            "DisableScaleIn": False,
        },
    )
    del aws["EstimatedInstanceWarmup"]
    expect_reads(stub, [aws], [])
    result = run_module(module.main, args(policies=[custom], scheduled_actions=[]), client)
    assert result["changed"] is False


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"policies": [CPU, dict(CPU)]}, "policies: names must be unique: web-cpu"),
        ({"scheduled_actions": [DOWN, dict(UP, name="web-down")]}, "scheduled_actions: names must be unique"),
        ({"policies": [dict(CPU, target_tracking_config=None)]}, "target_tracking_config required"),
        ({"policies": [dict(CPU, cooldown=60)]}, "cooldown not allowed with policy_type=TargetTrackingScaling"),
        ({"policies": [{"name": "s", "adjustment_type": "ChangeInCapacity"}]}, "scaling_adjustment required"),
        (
            {
                "policies": [
                    dict(STEP, step_adjustments=[{"lower_bound": 5, "upper_bound": 1, "scaling_adjustment": 1}])
                ]
            },
            "lower_bound 5.0 must be below upper_bound 1.0",
        ),
        (
            {
                "policies": [
                    dict(
                        CPU,
                        target_tracking_config={
                            "target_value": 1,
                            "predefined_metric_spec": {"predefined_metric_type": "ALBRequestCountPerTarget"},
                        },
                    )
                ]
            },
            "resource_label is required with ALBRequestCountPerTarget",
        ),
        ({"policies": [dict(STEP, min_adjustment_step=2)]}, "min_adjustment_step is only for"),
        (
            {"scheduled_actions": [dict(DOWN, recurrence=None)]},
            "scheduled_actions[0] (web-down): recurrence is required",
        ),
        ({"scheduled_actions": [dict(DOWN, recurrence="daily")]}, "five fields"),
        ({"scheduled_actions": [dict(DOWN, desired_capacity=None)]}, "at least one of min_size"),
        ({"scheduled_actions": [dict(DOWN, min_size=2, max_size=1)]}, "min_size must not exceed max_size"),
        ({"scheduled_actions": [dict(DOWN, max_size=0)]}, "desired_capacity must be within"),
        ({"scheduled_actions": [dict(UP, start_time="tomorrow")]}, "start_time is not an ISO 8601 time"),
        ({"scheduled_actions": [dict(UP, end_time="2029-01-01T00:00:00Z")]}, "start_time must be before end_time"),
        ({"auto_scaling_group_name": ""}, "auto_scaling_group_name must be 1 to 255 characters"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, overrides, message):
    result = run_module(module.main, args(**overrides))  # no client: any API call fails the test
    assert result["failed"] is True
    assert message in result["msg"]


def test_absent_item_needs_only_its_name(stubbed, run_module):
    client, stub = stubbed
    expect_reads(stub, [], [])
    result = run_module(
        module.main,
        {
            "auto_scaling_group_name": GROUP,
            "policies": [{"name": "gone", "state": "absent"}],
            "scheduled_actions": [{"name": "gone", "state": "absent"}],
        },
        client,
    )
    assert result["failed"] is False and result["changed"] is False


def test_api_error_fails_with_the_call(stubbed, run_module):
    client, stub = stubbed
    stub.add_client_error("describe_policies", "AccessDenied", "no", expected_params={"AutoScalingGroupName": GROUP})
    result = run_module(module.main, args(), client)
    assert result["failed"] is True
    assert "describe the scaling policies" in result["msg"]
