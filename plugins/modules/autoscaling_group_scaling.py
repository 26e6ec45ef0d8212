#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: autoscaling_group_scaling
short_description: Converge the scaling policies and scheduled actions of one Auto Scaling group in one run
version_added: 0.1.0
description:
  - Makes the scaling policies of O(policies) and the scheduled actions of O(scheduled_actions) of the Auto Scaling
    group O(auto_scaling_group_name) exist (or not) as given, in one module run; one paginated DescribePolicies and
    one paginated DescribeScheduledActions of the group, then PutScalingPolicy, PutScheduledUpdateGroupAction,
    DeletePolicy or DeleteScheduledAction only for the items that are missing, differ or are to go. It replaces a
    M(community.aws.autoscaling_policy) task and a loop of M(community.aws.autoscaling_scheduled_action), which
    start a module per item (and the latter writes on every run).
  - A policy is compared as strictly as M(community.aws.autoscaling_policy) does, on every attribute the module
    sends; its type, adjustment type, scaling adjustment, minimum adjustment magnitude, cooldown, step adjustments,
    metric aggregation, estimated instance warmup and the whole target tracking configuration (metric, target,
    whether scale-in is disabled). An option that is not set is not compared (AWS keeps the value the policy has).
    Predictive scaling policies are not managed (a O(purge_policies=true) run deletes them).
  - A scheduled action is compared as strictly as M(community.aws.autoscaling_scheduled_action) does; recurrence,
    time zone, start and end time (as instants) and minimum, maximum and desired capacity, each when set. One-off
    actions (C(Time)) are not managed.
  - Supports check mode (returns the predicted policies and actions) and diff mode (the listed and the purged
    policies and actions, before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  auto_scaling_group_name:
    description: Name of the Auto Scaling group (1 to 255 characters).
    type: str
    required: true
    aliases: [asg_name, autoscaling_group_name]
  policies:
    description:
      - Scaling policies of the group. Names are unique.
      - With O(policies[].state=absent), only the policy's O(policies[].name) is used.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the policy (1 to 255 characters).
        type: str
        required: true
      state:
        description: Whether the policy should exist.
        type: str
        choices: [present, absent]
        default: present
      policy_type:
        description: Type of the policy.
        type: str
        choices: [SimpleScaling, StepScaling, TargetTrackingScaling]
        default: SimpleScaling
      adjustment_type:
        description:
          - How O(policies[].scaling_adjustment) and the step adjustments change the capacity. Required with
            V(SimpleScaling) and V(StepScaling), not allowed with V(TargetTrackingScaling).
        type: str
        choices: [ChangeInCapacity, ExactCapacity, PercentChangeInCapacity]
      scaling_adjustment:
        description: Capacity change of a V(SimpleScaling) policy. Required with it, not allowed with another type.
        type: int
      min_adjustment_step:
        description:
          - Minimum number of instances a V(PercentChangeInCapacity) adjustment changes (C(MinAdjustmentMagnitude)),
            at least 1. Only with O(policies[].adjustment_type=PercentChangeInCapacity).
        type: int
      cooldown:
        description: Seconds between two scaling activities of a V(SimpleScaling) policy. Only with that type.
        type: int
      metric_aggregation:
        description:
          - Aggregation of the alarm's metric of a V(StepScaling) policy (V(Average) when not set). Only with that
            type.
        type: str
        choices: [Minimum, Maximum, Average]
      step_adjustments:
        description: Steps of a V(StepScaling) policy. Required with it, not allowed with another type.
        type: list
        elements: dict
        suboptions:
          lower_bound:
            description: Lower bound of the step, relative to the alarm threshold (none is minus infinity).
            type: float
          upper_bound:
            description: Upper bound of the step, relative to the alarm threshold (none is infinity).
            type: float
          scaling_adjustment:
            description: Capacity change of the step.
            type: int
            required: true
      estimated_instance_warmup:
        description:
          - Seconds before a new instance's metrics count. V(StepScaling) and V(TargetTrackingScaling) only.
        type: int
      target_tracking_config:
        description:
          - Target tracking of a V(TargetTrackingScaling) policy. Required with it, not allowed with another type.
          - The whole configuration is compared and put, so a metric, label or setting the policy has and this
            does not give is removed.
        type: dict
        suboptions:
          target_value:
            description: Value of the metric the group is kept at.
            type: float
            required: true
          disable_scalein:
            description: Whether the policy never scales in.
            type: bool
            default: false
          predefined_metric_spec:
            description: A predefined metric. Exactly one of this and O(policies[].target_tracking_config.customized_metric_spec).
            type: dict
            suboptions:
              predefined_metric_type:
                description: The metric.
                type: str
                required: true
                choices:
                  - ASGAverageCPUUtilization
                  - ASGAverageCPUUtilizationHighResolution
                  - ASGAverageNetworkIn
                  - ASGAverageNetworkOut
                  - ALBRequestCountPerTarget
              resource_label:
                description:
                  - The target group, C(app/<alb-name>/<alb-id>/targetgroup/<tg-name>/<tg-id>). Required with
                    V(ALBRequestCountPerTarget), not allowed with another metric.
                type: str
          customized_metric_spec:
            description: A CloudWatch metric (metric math is not supported).
            type: dict
            suboptions:
              metric_name:
                description: Name of the metric.
                type: str
                required: true
              namespace:
                description: Namespace of the metric.
                type: str
                required: true
              statistic:
                description: Statistic of the metric.
                type: str
                required: true
                choices: [Average, Minimum, Maximum, SampleCount, Sum]
              dimensions:
                description: Dimensions of the metric (compared in any order).
                type: list
                elements: dict
                suboptions:
                  name:
                    description: Name of the dimension.
                    type: str
                    required: true
                  value:
                    description: Value of the dimension.
                    type: str
                    required: true
              unit:
                description: Unit of the metric.
                type: str
  purge_policies:
    description: Whether the group's scaling policies that O(policies) does not list are deleted.
    type: bool
    default: false
  scheduled_actions:
    description:
      - Recurring scheduled actions of the group. Names are unique.
      - With O(scheduled_actions[].state=absent), only the action's O(scheduled_actions[].name) is used.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the action (1 to 255 characters).
        type: str
        required: true
        aliases: [scheduled_action_name]
      state:
        description: Whether the action should exist.
        type: str
        choices: [present, absent]
        default: present
      recurrence:
        description: Unix cron expression of the action (five fields). Required with O(scheduled_actions[].state=present).
        type: str
      time_zone:
        description: IANA time zone of O(scheduled_actions[].recurrence), such as V(Etc/UTC) (AWS's default is UTC).
        type: str
      start_time:
        description:
          - When the recurrence starts, ISO 8601 (V(2030-01-31T08:00:00Z)); a time without an offset is UTC.
        type: str
      end_time:
        description: When the recurrence ends, ISO 8601; a time without an offset is UTC.
        type: str
      min_size:
        description: Minimum size the action sets.
        type: int
      max_size:
        description: Maximum size the action sets.
        type: int
      desired_capacity:
        description: Desired capacity the action sets.
        type: int
  purge_scheduled_actions:
    description: Whether the group's scheduled actions that O(scheduled_actions) does not list are deleted.
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Target tracking on CPU, smaller at night
  prodgrade.aws.autoscaling_group_scaling:
    auto_scaling_group_name: web-asg
    region: eu-west-1
    policies:
      - name: web-cpu-target
        policy_type: TargetTrackingScaling
        target_tracking_config:
          predefined_metric_spec:
            predefined_metric_type: ASGAverageCPUUtilization
          target_value: 60
        estimated_instance_warmup: 300
    scheduled_actions:
      - name: web-scale-down
        recurrence: "0 20 * * *"
        time_zone: Etc/UTC
        desired_capacity: 1
      - name: web-scale-up
        recurrence: "0 7 * * 1-5"
        time_zone: Europe/Dublin
        desired_capacity: 3

- name: A step policy; every other policy and scheduled action of the group removed
  prodgrade.aws.autoscaling_group_scaling:
    auto_scaling_group_name: web-asg
    policies:
      - name: web-scale-out
        policy_type: StepScaling
        adjustment_type: ChangeInCapacity
        step_adjustments:
          - {lower_bound: 0, upper_bound: 20, scaling_adjustment: 1}
          - {lower_bound: 20, scaling_adjustment: 2}
    purge_policies: true
    purge_scheduled_actions: true

- name: Remove one scheduled action
  prodgrade.aws.autoscaling_group_scaling:
    auto_scaling_group_name: web-asg
    scheduled_actions:
      - {name: web-scale-down, state: absent}
"""

RETURN = r"""
scaling_policies:
  description:
    - The scaling policies of the group after the run, as DescribePolicies returns them, snake_cased (see the
      options for what each value means). Predicted in check mode (without ARN and alarms for a new policy).
  returned: always
  type: list
  elements: dict
  contains:
    auto_scaling_group_name:
      description: The group.
      type: str
      sample: web-asg
    policy_name:
      description: Name.
      type: str
      sample: web-cpu-target
    policy_arn:
      description: ARN.
      returned: when it exists
      type: str
      sample: arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:uuid:autoScalingGroupName/web-asg:policyName/web-cpu-target
    policy_type:
      description: Type.
      type: str
      sample: TargetTrackingScaling
    adjustment_type:
      description: Adjustment type.
      returned: when set
      type: str
      sample: ChangeInCapacity
    scaling_adjustment:
      description: Capacity change of a simple policy.
      returned: when set
      type: int
      sample: 1
    min_adjustment_magnitude:
      description: Minimum adjustment of a percent change.
      returned: when set
      type: int
      sample: 2
    cooldown:
      description: Cooldown in seconds.
      returned: when set
      type: int
      sample: 300
    metric_aggregation_type:
      description: Aggregation of a step policy's metric.
      returned: when set
      type: str
      sample: Average
    step_adjustments:
      description: Steps, with C(metric_interval_lower_bound), C(metric_interval_upper_bound), C(scaling_adjustment).
      returned: when set
      type: list
      elements: dict
      sample: []
    estimated_instance_warmup:
      description: Warmup in seconds.
      returned: when set
      type: int
      sample: 300
    target_tracking_configuration:
      description: Target tracking (C(predefined_metric_specification) or C(customized_metric_specification),
        C(target_value), C(disable_scale_in)).
      returned: for a target tracking policy
      type: dict
      sample:
        predefined_metric_specification: {predefined_metric_type: ASGAverageCPUUtilization}
        target_value: 60.0
        disable_scale_in: false
    alarms:
      description: The CloudWatch alarms of the policy (C(alarm_name), C(alarm_arn)).
      returned: when it exists
      type: list
      elements: dict
      sample: []
    enabled:
      description: Whether the policy is enabled.
      returned: when AWS says
      type: bool
      sample: true
scheduled_actions:
  description:
    - The scheduled actions of the group after the run, as DescribeScheduledActions returns them, snake_cased, times
      in ISO 8601. Predicted in check mode.
  returned: always
  type: list
  elements: dict
  contains:
    auto_scaling_group_name:
      description: The group.
      type: str
      sample: web-asg
    scheduled_action_name:
      description: Name.
      type: str
      sample: web-scale-down
    scheduled_action_arn:
      description: ARN.
      returned: when it exists
      type: str
      sample: arn:aws:autoscaling:eu-west-1:123456789012:scheduledUpdateGroupAction:uuid:autoScalingGroupName/web-asg:scheduledActionName/web-scale-down
    recurrence:
      description: Cron expression.
      type: str
      sample: 0 20 * * *
    time_zone:
      description: Time zone.
      returned: when set
      type: str
      sample: Etc/UTC
    start_time:
      description: Start of the recurrence (AWS sets the next run when none was given).
      returned: when set
      type: str
      sample: "2030-01-31T08:00:00+00:00"
    end_time:
      description: End of the recurrence.
      returned: when set
      type: str
      sample: "2030-12-31T08:00:00+00:00"
    min_size:
      description: Minimum size set.
      returned: when set
      type: int
      sample: 1
    max_size:
      description: Maximum size set.
      returned: when set
      type: int
      sample: 4
    desired_capacity:
      description: Desired capacity set.
      returned: when set
      type: int
      sample: 1
changed_scaling_policies:
  description: Names of the policies created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created policies.
      type: list
      elements: str
      sample: ["web-cpu-target"]
    updated:
      description: Updated policies.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted policies.
      type: list
      elements: str
      sample: []
changed_scheduled_actions:
  description: Names of the scheduled actions created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created actions.
      type: list
      elements: str
      sample: []
    updated:
      description: Updated actions.
      type: list
      elements: str
      sample: ["web-scale-down"]
    deleted:
      description: Deleted actions.
      type: list
      elements: str
      sample: []
"""

import datetime
import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import autoscaling
from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff

STATES = ["present", "absent"]
STEP_SPEC = dict(
    lower_bound=dict(type="float"),
    upper_bound=dict(type="float"),
    scaling_adjustment=dict(type="int", required=True),
)
PREDEFINED_SPEC = dict(
    predefined_metric_type=dict(
        type="str",
        required=True,
        choices=[
            "ASGAverageCPUUtilization",
            "ASGAverageCPUUtilizationHighResolution",
            "ASGAverageNetworkIn",
            "ASGAverageNetworkOut",
            "ALBRequestCountPerTarget",
        ],
    ),
    resource_label=dict(type="str"),
)
CUSTOMIZED_SPEC = dict(
    metric_name=dict(type="str", required=True),
    namespace=dict(type="str", required=True),
    statistic=dict(type="str", required=True, choices=["Average", "Minimum", "Maximum", "SampleCount", "Sum"]),
    dimensions=dict(
        type="list",
        elements="dict",
        options=dict(name=dict(type="str", required=True), value=dict(type="str", required=True)),
    ),
    unit=dict(type="str"),
)
TARGET_TRACKING_SPEC = dict(
    target_value=dict(type="float", required=True),
    disable_scalein=dict(type="bool", default=False),
    predefined_metric_spec=dict(type="dict", options=PREDEFINED_SPEC),
    customized_metric_spec=dict(type="dict", options=CUSTOMIZED_SPEC),
)
POLICY_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=STATES),
    policy_type=dict(
        type="str", default="SimpleScaling", choices=["SimpleScaling", "StepScaling", "TargetTrackingScaling"]
    ),
    adjustment_type=dict(type="str", choices=["ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"]),
    scaling_adjustment=dict(type="int"),
    min_adjustment_step=dict(type="int"),
    cooldown=dict(type="int"),
    metric_aggregation=dict(type="str", choices=["Minimum", "Maximum", "Average"]),
    step_adjustments=dict(type="list", elements="dict", options=STEP_SPEC),
    estimated_instance_warmup=dict(type="int"),
    target_tracking_config=dict(type="dict", options=TARGET_TRACKING_SPEC),
)
ACTION_SPEC = dict(
    name=dict(type="str", required=True, aliases=["scheduled_action_name"]),
    state=dict(type="str", default="present", choices=STATES),
    recurrence=dict(type="str"),
    time_zone=dict(type="str"),
    start_time=dict(type="str"),
    end_time=dict(type="str"),
    min_size=dict(type="int"),
    max_size=dict(type="int"),
    desired_capacity=dict(type="int"),
)
ARGUMENT_SPEC = dict(
    auto_scaling_group_name=dict(type="str", required=True, aliases=["asg_name", "autoscaling_group_name"]),
    policies=dict(type="list", elements="dict", default=[], options=POLICY_SPEC),
    purge_policies=dict(type="bool", default=False),
    scheduled_actions=dict(type="list", elements="dict", default=[], options=ACTION_SPEC),
    purge_scheduled_actions=dict(type="bool", default=False),
)
# Options allowed per policy type (beyond name, state, policy_type); the others are refused, not silently dropped.
POLICY_OPTIONS = dict(
    SimpleScaling={"adjustment_type", "scaling_adjustment", "min_adjustment_step", "cooldown"},
    StepScaling={
        "adjustment_type",
        "min_adjustment_step",
        "metric_aggregation",
        "step_adjustments",
        "estimated_instance_warmup",
    },
    TargetTrackingScaling={"target_tracking_config", "estimated_instance_warmup"},
)
POLICY_REQUIRED = dict(
    SimpleScaling=("adjustment_type", "scaling_adjustment"),
    StepScaling=("adjustment_type", "step_adjustments"),
    TargetTrackingScaling=("target_tracking_config",),
)
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


def parse_time(value):
    """An ISO 8601 time as an aware UTC datetime (no offset: UTC), None if it is not one."""
    if not ISO_TIME.fullmatch(value.strip()):
        return None
    text = value.strip()
    text = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


def name_errors(where, name):
    return [] if 1 <= len(name) <= 255 else [f"{where}: name must be 1 to 255 characters"]


def target_tracking_errors(where, config):
    errors = []
    predefined, customized = config["predefined_metric_spec"], config["customized_metric_spec"]
    if (predefined is None) == (customized is None):
        errors.append(f"{where}: exactly one of predefined_metric_spec and customized_metric_spec is required")
    if predefined:
        alb = predefined["predefined_metric_type"] == "ALBRequestCountPerTarget"
        if alb and not predefined["resource_label"]:
            errors.append(f"{where}: resource_label is required with ALBRequestCountPerTarget")
        if not alb and predefined["resource_label"] is not None:
            errors.append(f"{where}: resource_label is only for ALBRequestCountPerTarget")
        if predefined["resource_label"] is not None and len(predefined["resource_label"]) > 1023:
            errors.append(f"{where}: resource_label is longer than 1023 characters")
    return errors


def policy_errors(index, policy):
    where = f"policies[{index}] ({policy['name']})"
    errors = name_errors(where, policy["name"])
    if policy["state"] == "absent":
        return errors
    kind = policy["policy_type"]
    extra = sorted(k for k in POLICY_SPEC if k not in ("name", "state", "policy_type") and policy[k] is not None)
    refused = [k for k in extra if k not in POLICY_OPTIONS[kind]]
    if refused:
        errors.append(f"{where}: {', '.join(refused)} not allowed with policy_type={kind}")
    missing = [k for k in POLICY_REQUIRED[kind] if not policy[k]]
    if missing:
        errors.append(f"{where}: {', '.join(missing)} required with policy_type={kind}")
    if policy["min_adjustment_step"] is not None:
        if policy["adjustment_type"] != "PercentChangeInCapacity":
            errors.append(f"{where}: min_adjustment_step is only for adjustment_type=PercentChangeInCapacity")
        if policy["min_adjustment_step"] < 1:
            errors.append(f"{where}: min_adjustment_step must be at least 1")
    for key in ("cooldown", "estimated_instance_warmup"):
        if policy[key] is not None and policy[key] < 0:
            errors.append(f"{where}: {key} must not be negative")
    for step in policy["step_adjustments"] or []:
        low, high = step["lower_bound"], step["upper_bound"]
        if low is not None and high is not None and low >= high:
            errors.append(f"{where}: step_adjustments: lower_bound {low} must be below upper_bound {high}")
    if kind == "TargetTrackingScaling" and policy["target_tracking_config"]:
        errors += target_tracking_errors(where, policy["target_tracking_config"])
    return errors


def action_errors(index, action):
    where = f"scheduled_actions[{index}] ({action['name']})"
    errors = name_errors(where, action["name"])
    if action["state"] == "absent":
        return errors
    if not action["recurrence"]:
        errors.append(f"{where}: recurrence is required with state=present")
    elif len(action["recurrence"].split()) != 5:
        errors.append(f"{where}: recurrence must be a unix cron expression of five fields")
    if action["time_zone"] is not None and not 1 <= len(action["time_zone"]) <= 255:
        errors.append(f"{where}: time_zone must be 1 to 255 characters")
    sizes = {k: action[k] for k in ("min_size", "max_size", "desired_capacity") if action[k] is not None}
    if not sizes:
        errors.append(f"{where}: at least one of min_size, max_size and desired_capacity is required")
    errors += [f"{where}: {k} must not be negative" for k, v in sizes.items() if v < 0]
    low, high, desired = action["min_size"], action["max_size"], action["desired_capacity"]
    if low is not None and high is not None and low > high:
        errors.append(f"{where}: min_size must not exceed max_size")
    if desired is not None and ((low is not None and desired < low) or (high is not None and desired > high)):
        errors.append(f"{where}: desired_capacity must be within min_size..max_size")
    times = {}
    for key in ("start_time", "end_time"):
        if action[key] is not None:
            times[key] = parse_time(action[key])
            if times[key] is None:
                errors.append(f"{where}: {key} is not an ISO 8601 time ({action[key]})")
    if times.get("start_time") and times.get("end_time") and times["start_time"] >= times["end_time"]:
        errors.append(f"{where}: start_time must be before end_time")
    return errors


def validate_params(p):
    group = p["auto_scaling_group_name"]
    errors = [] if 1 <= len(group) <= 255 else ["auto_scaling_group_name must be 1 to 255 characters"]
    errors += [e for index, policy in enumerate(p["policies"]) for e in policy_errors(index, policy)]
    errors += [e for index, action in enumerate(p["scheduled_actions"]) for e in action_errors(index, action)]
    errors += duplicate_names(p["policies"], "policies")
    errors += duplicate_names(p["scheduled_actions"], "scheduled_actions")
    return errors


def drop_none(value):
    """``value`` without None members, nested (AWS leaves unset members out of its answers)."""
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value


def sorted_dimensions(config):
    """A target tracking configuration with its custom metric's dimensions in name order (order means nothing)."""
    metric = config.get("CustomizedMetricSpecification")
    if metric and metric.get("Dimensions"):
        metric = dict(metric, Dimensions=sorted(metric["Dimensions"], key=lambda d: (d["Name"], d["Value"])))
        config = dict(config, CustomizedMetricSpecification=metric)
    return config


def desired_policy(group, policy):
    """The PutScalingPolicy request of a policy of O(policies) (None values: not sent, not compared)."""
    kind = policy["policy_type"]
    tracking = policy["target_tracking_config"]
    steps = policy["step_adjustments"]
    metric_aggregation = policy["metric_aggregation"] or ("Average" if kind == "StepScaling" else None)
    request = dict(
        AutoScalingGroupName=group,
        PolicyName=policy["name"],
        PolicyType=kind,
        AdjustmentType=policy["adjustment_type"],
        MinAdjustmentMagnitude=policy["min_adjustment_step"],
        ScalingAdjustment=policy["scaling_adjustment"],
        Cooldown=policy["cooldown"],
        MetricAggregationType=metric_aggregation,
        StepAdjustments=None,
        EstimatedInstanceWarmup=policy["estimated_instance_warmup"],
        TargetTrackingConfiguration=None,
    )
    if steps:
        request["StepAdjustments"] = [
            drop_none(
                dict(
                    MetricIntervalLowerBound=step["lower_bound"],
                    MetricIntervalUpperBound=step["upper_bound"],
                    ScalingAdjustment=step["scaling_adjustment"],
                )
            )
            for step in steps
        ]
    if tracking:
        predefined, customized = tracking["predefined_metric_spec"], tracking["customized_metric_spec"]
        config = dict(TargetValue=tracking["target_value"], DisableScaleIn=tracking["disable_scalein"])
        if predefined:
            config["PredefinedMetricSpecification"] = dict(
                PredefinedMetricType=predefined["predefined_metric_type"], ResourceLabel=predefined["resource_label"]
            )
        if customized:
            config["CustomizedMetricSpecification"] = dict(
                MetricName=customized["metric_name"],
                Namespace=customized["namespace"],
                Statistic=customized["statistic"],
                Unit=customized["unit"],
                Dimensions=[dict(Name=d["name"], Value=d["value"]) for d in customized["dimensions"] or []] or None,
            )
        request["TargetTrackingConfiguration"] = sorted_dimensions(drop_none(config))
    return request


def normalize_policy(policy):
    """A policy of DescribePolicies in the compared shape of desired_policy (and returned, snake_cased)."""
    policy = dict(policy)
    if policy.get("TargetTrackingConfiguration"):
        policy["TargetTrackingConfiguration"] = sorted_dimensions(drop_none(policy["TargetTrackingConfiguration"]))
    if policy.get("StepAdjustments"):
        policy["StepAdjustments"] = drop_none(policy["StepAdjustments"])
    return {k: v for k, v in policy.items() if v not in (None, {}, [])}


def desired_action(group, action):
    """The PutScheduledUpdateGroupAction request of an action of O(scheduled_actions) (None: not sent, not
    compared; AWS keeps the action's value)."""
    return dict(
        AutoScalingGroupName=group,
        ScheduledActionName=action["name"],
        Recurrence=action["recurrence"],
        TimeZone=action["time_zone"],
        StartTime=parse_time(action["start_time"]) if action["start_time"] is not None else None,
        EndTime=parse_time(action["end_time"]) if action["end_time"] is not None else None,
        MinSize=action["min_size"],
        MaxSize=action["max_size"],
        DesiredCapacity=action["desired_capacity"],
    )


def normalize_action(action):
    """An action of DescribeScheduledActions, times as aware UTC datetimes (compared as instants)."""
    action = {k: v for k, v in action.items() if v is not None}
    for key in ("Time", "StartTime", "EndTime"):
        if isinstance(action.get(key), datetime.datetime):
            value = action[key]
            value = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
            action[key] = value.astimezone(datetime.timezone.utc)
    return action


def differs(current, desired):
    """The request members whose value the object does not have (as the community.aws modules compare)."""
    return [k for k, v in desired.items() if v is not None and current.get(k) != v]


def predict(current, desired):
    """What a put makes of the object; members sent are set as a whole, the others kept."""
    return dict(current or {}, **{k: v for k, v in desired.items() if v is not None})


def request(desired):
    return {k: v for k, v in desired.items() if v is not None}


def converge(items, existing, purge, desired_of, put, delete, check_mode):
    """``{name: EnsureResult}`` of the items listed (by their state) and, with ``purge``, the others of the group."""
    wanted = {item["name"]: (desired_of(item) if item["state"] == "present" else None) for item in items}
    if purge:
        wanted.update({name: None for name in existing if name not in wanted})
    return {
        name: ensure(
            existing.get(name),
            desired,
            check_mode=check_mode,
            differs=differs,
            predict=predict,
            create=lambda d: put(None, d),
            update=put,
            delete=lambda c, name=name: delete(name),
        )
        for name, desired in wanted.items()
    }


def put_policy(client, current, desired):
    answer = autoscaling.put_scaling_policy(client, request(desired))
    after = predict(current, desired)
    after.update(PolicyARN=answer.get("PolicyARN"), Alarms=answer.get("Alarms", []))
    return after


def put_action(client, current, desired):
    autoscaling.put_scheduled_update_group_action(client, request(desired))
    return predict(current, desired)


def read_policies(client, group):
    return {p["PolicyName"]: normalize_policy(p) for p in autoscaling.describe_policies(client, group)}


def read_actions(client, group):
    return {
        a["ScheduledActionName"]: normalize_action(a) for a in autoscaling.describe_scheduled_actions(client, group)
    }


def shown(obj):
    """An object as returned: snake_cased, times in ISO 8601."""
    if obj is None:
        return None
    obj = {k: (v.isoformat() if isinstance(v, datetime.datetime) else v) for k, v in obj.items()}
    return camel_dict_to_snake_dict(obj)


def outcome(results, existing, read_back):
    """(every object of the group after the run by name, the diff): read back when written, else predicted."""
    after = {name: obj for name, obj in existing.items() if name not in results}
    after.update({name: r.after for name, r in results.items() if r.after is not None})
    if read_back is not None:
        after = {name: read_back.get(name, obj) for name, obj in after.items()}
    diff = names_diff(results, {name: after.get(name) for name in results})
    diff = {side: {name: shown(obj) for name, obj in objs.items()} for side, objs in diff.items()}
    return [shown(obj) for obj in after.values()], diff


def wrote(results, check_mode):
    """Whether an object was created or updated (not only deleted) for real."""
    return not check_mode and any(r.changed and r.after is not None for r in results.values())


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    group = p["auto_scaling_group_name"]
    check_mode = module.check_mode
    try:
        client = clients.client(module, "autoscaling")
        policies = read_policies(client, group)
        actions = read_actions(client, group)
        policy_results = converge(
            p["policies"],
            policies,
            p["purge_policies"],
            lambda item: desired_policy(group, item),
            lambda c, d: put_policy(client, c, d),
            lambda name: autoscaling.delete_policy(client, group, name),
            check_mode,
        )
        action_results = converge(
            p["scheduled_actions"],
            actions,
            p["purge_scheduled_actions"],
            lambda item: desired_action(group, item),
            lambda c, d: put_action(client, c, d),
            lambda name: autoscaling.delete_scheduled_action(client, group, name),
            check_mode,
        )
        # What AWS made of the writes (a new policy's ARN and alarms, a new action's ARN and next start).
        policies_back = read_policies(client, group) if wrote(policy_results, check_mode) else None
        actions_back = read_actions(client, group) if wrote(action_results, check_mode) else None
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    policies_after, policies_diff = outcome(policy_results, policies, policies_back)
    actions_after, actions_diff = outcome(action_results, actions, actions_back)
    module.exit_json(
        changed=any(r.changed for r in list(policy_results.values()) + list(action_results.values())),
        scaling_policies=policies_after,
        scheduled_actions=actions_after,
        changed_scaling_policies=changed_names(policy_results),
        changed_scheduled_actions=changed_names(action_results),
        diff=dict(
            before=dict(scaling_policies=policies_diff["before"], scheduled_actions=actions_diff["before"]),
            after=dict(scaling_policies=policies_diff["after"], scheduled_actions=actions_diff["after"]),
        ),
    )


if __name__ == "__main__":
    main()
