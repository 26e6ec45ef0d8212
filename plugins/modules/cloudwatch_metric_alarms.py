#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloudwatch_metric_alarms
short_description: Converge a set of CloudWatch metric alarms of a region in one run
version_added: 0.1.0
description:
  - Makes the metric alarms of O(alarms) exist as given in O(region), in one module run (one paginated
    DescribeAlarms for all of them, by name, 100 names a call, then PutMetricAlarm only for the alarms that are
    missing or differ, and one DeleteAlarms for the alarms to remove). A loop of
    M(amazon.aws.cloudwatch_metric_alarm) starts a module and reads the alarm twice per alarm.
  - An alarm is compared as strictly as M(amazon.aws.cloudwatch_metric_alarm) does, on every attribute
    PutMetricAlarm sets, since PutMetricAlarm replaces the whole alarm; namespace, metric, statistic or extended
    statistic, dimensions, period, unit, evaluation periods, datapoints to alarm, threshold, comparison, treatment
    of missing data, low sample count percentiles, description, whether actions are enabled, and the alarm, OK and
    insufficient data actions. An option that is not set is compared as not set (a unit or a description the alarm
    has and O(alarms) does not give is removed), except O(alarms[].datapoints_to_alarm), which defaults to
    O(alarms[].evaluation_periods) as in AWS. Actions and dimensions compare in any order.
  - Tags are managed only for the alarms that set O(alarms[].tags) (one ListTagsForResource each).
  - Metric math alarms (C(Metrics)) and composite alarms are not managed; a metric math alarm with the name of an
    alarm of O(alarms) is replaced by a single-metric one.
  - Supports check mode (returns the predicted alarms) and diff mode (the listed and the deleted alarms, before and
    after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  alarms:
    description:
      - The alarms. Names are unique.
      - With O(state=absent), only each alarm's O(alarms[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the alarm (1 to 255 characters).
        type: str
        required: true
      description:
        description: Description of the alarm (at most 1024 characters).
        type: str
      namespace:
        description: Namespace of the metric. Required with O(state=present).
        type: str
      metric_name:
        description: Name of the metric. Required with O(state=present).
        type: str
        aliases: [metric]
      statistic:
        description: Statistic of the metric. One of O(alarms[].statistic) and O(alarms[].extended_statistic).
        type: str
        choices: [SampleCount, Average, Sum, Minimum, Maximum]
      extended_statistic:
        description: Percentile statistic, such as V(p99).
        type: str
      comparison:
        description: How the statistic is compared with O(alarms[].threshold). Required with O(state=present).
        type: str
        choices: [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold]
      threshold:
        description: Threshold. Required with O(state=present).
        type: float
      period:
        description: Length of a period in seconds (10, 30 or a multiple of 60). Required with O(state=present).
        type: int
      evaluation_periods:
        description: Number of periods evaluated. Required with O(state=present).
        type: int
      datapoints_to_alarm:
        description:
          - Number of breaching datapoints among O(alarms[].evaluation_periods) that set off the alarm.
          - Defaults to O(alarms[].evaluation_periods).
        type: int
      treat_missing_data:
        description: How periods without data are treated.
        type: str
        choices: [breaching, notBreaching, ignore, missing]
        default: missing
      evaluate_low_sample_count_percentile:
        description: Whether a percentile with too few samples is evaluated or ignored.
        type: str
        choices: [evaluate, ignore]
      unit:
        description: Unit of the metric.
        type: str
      dimensions:
        description: Dimensions of the metric, name to value.
        type: dict
        default: {}
      actions_enabled:
        description: Whether the alarm runs its actions.
        type: bool
        default: true
      alarm_actions:
        description: ARNs of the actions when the alarm goes to C(ALARM).
        type: list
        elements: str
        default: []
      ok_actions:
        description: ARNs of the actions when the alarm goes to C(OK).
        type: list
        elements: str
        default: []
      insufficient_data_actions:
        description: ARNs of the actions when the alarm goes to C(INSUFFICIENT_DATA).
        type: list
        elements: str
        default: []
      tags:
        description:
          - Tags of the alarm. Not set, the alarm's tags are left alone (and not read).
        type: dict
      purge_tags:
        description: Whether tags of the alarm that O(alarms[].tags) does not list are removed.
        type: bool
        default: true
  purge_alarms:
    description:
      - Whether to delete the metric alarms of the region whose names start with O(purge_prefix) and that are not
        in O(alarms). Only with O(state=present).
    type: bool
    default: false
  purge_prefix:
    description:
      - With O(purge_alarms), only alarms whose names start with this are deleted (and read). Required with
        O(purge_alarms=true), so that no other owner's alarm of the region is deleted.
    type: str
  state:
    description: Whether the alarms of O(alarms) should exist (V(absent) deletes them).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Alarms of the web tier
  prodgrade.aws.cloudwatch_metric_alarms:
    region: eu-west-1
    alarms:
      - name: web-cpu-high
        description: CPU above 80% for 10 minutes
        namespace: AWS/EC2
        metric_name: CPUUtilization
        dimensions: {AutoScalingGroupName: web}
        statistic: Average
        comparison: GreaterThanThreshold
        threshold: 80
        period: 300
        evaluation_periods: 2
        alarm_actions: [arn:aws:sns:eu-west-1:123456789012:alerts]
        ok_actions: [arn:aws:sns:eu-west-1:123456789012:alerts]
      - name: web-latency-p99
        namespace: AWS/ApplicationELB
        metric_name: TargetResponseTime
        dimensions: {LoadBalancer: app/web/0123456789abcdef}
        extended_statistic: p99
        comparison: GreaterThanThreshold
        threshold: 1.5
        period: 60
        evaluation_periods: 5
        datapoints_to_alarm: 3
        treat_missing_data: notBreaching

- name: Only these web- alarms (any other web- alarm of the region is deleted)
  prodgrade.aws.cloudwatch_metric_alarms:
    alarms: "{{ web_alarms }}"
    purge_alarms: true
    purge_prefix: web-

- name: Remove them
  prodgrade.aws.cloudwatch_metric_alarms:
    alarms: [{name: web-cpu-high}, {name: web-latency-p99}]
    state: absent
"""

RETURN = r"""
alarms:
  description:
    - The alarms of O(alarms), in that order, as DescribeAlarms returns them after the change, snake_cased (see
      the options for what each value means). Predicted in check mode. Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    alarm_name:
      description: Name.
      type: str
      sample: web-cpu-high
    alarm_arn:
      description: ARN.
      returned: when it exists
      type: str
      sample: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-cpu-high
    alarm_description:
      description: Description, None when none.
      type: str
      sample: CPU above 80% for 10 minutes
    namespace:
      description: Namespace of the metric.
      type: str
      sample: AWS/EC2
    metric_name:
      description: Metric.
      type: str
      sample: CPUUtilization
    statistic:
      description: Statistic, None with an extended statistic.
      type: str
      sample: Average
    extended_statistic:
      description: Percentile statistic, None with a statistic.
      type: str
      sample: null
    dimensions:
      description: Dimensions, name to value.
      type: dict
      sample: {"AutoScalingGroupName": "web"}
    period:
      description: Period in seconds.
      type: int
      sample: 300
    unit:
      description: Unit, None when none.
      type: str
      sample: null
    evaluation_periods:
      description: Periods evaluated.
      type: int
      sample: 2
    datapoints_to_alarm:
      description: Breaching datapoints that set off the alarm.
      type: int
      sample: 2
    threshold:
      description: Threshold.
      type: float
      sample: 80.0
    comparison_operator:
      description: Comparison.
      type: str
      sample: GreaterThanThreshold
    treat_missing_data:
      description: Treatment of missing data.
      type: str
      sample: missing
    evaluate_low_sample_count_percentile:
      description: Low sample count treatment, None when none.
      type: str
      sample: null
    actions_enabled:
      description: Whether actions run.
      type: bool
      sample: true
    alarm_actions:
      description: Alarm actions, sorted.
      type: list
      elements: str
      sample: ["arn:aws:sns:eu-west-1:123456789012:alerts"]
    ok_actions:
      description: OK actions, sorted.
      type: list
      elements: str
      sample: []
    insufficient_data_actions:
      description: Insufficient data actions, sorted.
      type: list
      elements: str
      sample: []
    state_value:
      description: State of the alarm (V(OK), V(ALARM), V(INSUFFICIENT_DATA)).
      returned: when it exists
      type: str
      sample: OK
    tags:
      description: Tags.
      returned: when O(alarms[].tags) is set
      type: dict
      sample: {"env": "prod"}
changed_alarms:
  description: Names of the alarms created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created alarms.
      type: list
      elements: str
      sample: ["web-cpu-high"]
    updated:
      description: Updated alarms (put again, or their tags changed).
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted alarms.
      type: list
      elements: str
      sample: []
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import alarm_request
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import chunks
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import delete_alarms
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import describe_metric_alarms
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import differs
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import list_alarm_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import normalize_alarm
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import predict
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import put_metric_alarm
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import tag_alarm
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import untag_alarm
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags

STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"]
COMPARISONS = [
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
]
ALARM_SPEC = dict(
    name=dict(type="str", required=True),
    description=dict(type="str"),
    namespace=dict(type="str"),
    metric_name=dict(type="str", aliases=["metric"]),
    statistic=dict(type="str", choices=STATISTICS),
    extended_statistic=dict(type="str"),
    comparison=dict(type="str", choices=COMPARISONS),
    threshold=dict(type="float"),
    period=dict(type="int"),
    evaluation_periods=dict(type="int"),
    datapoints_to_alarm=dict(type="int"),
    treat_missing_data=dict(type="str", default="missing", choices=["breaching", "notBreaching", "ignore", "missing"]),
    evaluate_low_sample_count_percentile=dict(type="str", choices=["evaluate", "ignore"]),
    unit=dict(type="str"),
    dimensions=dict(type="dict", default={}),
    actions_enabled=dict(type="bool", default=True),
    alarm_actions=dict(type="list", elements="str", default=[]),
    ok_actions=dict(type="list", elements="str", default=[]),
    insufficient_data_actions=dict(type="list", elements="str", default=[]),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    alarms=dict(type="list", elements="dict", required=True, options=ALARM_SPEC),
    purge_alarms=dict(type="bool", default=False),
    purge_prefix=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
REQUIRED = ("namespace", "metric_name", "comparison", "threshold", "period", "evaluation_periods")


def alarm_errors(index, alarm, present):
    where = f"alarms[{index}] ({alarm['name']})"
    errors = []
    if not 1 <= len(alarm["name"]) <= 255:
        errors.append(f"{where}: name must be 1 to 255 characters")
    if not present:
        return errors
    missing = [key for key in REQUIRED if alarm[key] is None]
    if missing:
        errors.append(f"{where}: {', '.join(missing)} required with state=present")
    if (alarm["statistic"] is None) == (alarm["extended_statistic"] is None):
        errors.append(f"{where}: exactly one of statistic and extended_statistic is required")
    if alarm["period"] is not None and not (alarm["period"] in (10, 20, 30) or alarm["period"] % 60 == 0):
        errors.append(f"{where}: period must be 10, 20, 30 or a multiple of 60 seconds")
    for key in ("evaluation_periods", "datapoints_to_alarm"):
        if alarm[key] is not None and alarm[key] < 1:
            errors.append(f"{where}: {key} must be at least 1")
    if (
        alarm["datapoints_to_alarm"]
        and alarm["evaluation_periods"]
        and alarm["datapoints_to_alarm"] > alarm["evaluation_periods"]
    ):
        errors.append(f"{where}: datapoints_to_alarm must not exceed evaluation_periods")
    if alarm["description"] is not None and len(alarm["description"]) > 1024:
        errors.append(f"{where}: description is longer than 1024 characters")
    if len(alarm["dimensions"]) > 30:
        errors.append(f"{where}: at most 30 dimensions")
    for key in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
        if len(alarm[key]) > 5:
            errors.append(f"{where}: at most 5 {key}")
    return errors


def validate_params(p):
    present = p["state"] == "present"
    errors = [e for index, alarm in enumerate(p["alarms"]) for e in alarm_errors(index, alarm, present)]
    errors += duplicate_names(p["alarms"], "alarms")
    if p["purge_alarms"] and not p["purge_prefix"]:
        errors.append("purge_prefix is required with purge_alarms=true")
    return errors


def desired_alarm(alarm):
    """An alarm of O(alarms) in the compared shape of module_utils/cloudwatch.py."""
    return dict(
        alarm_name=alarm["name"],
        alarm_description=alarm["description"] or None,
        namespace=alarm["namespace"],
        metric_name=alarm["metric_name"],
        statistic=alarm["statistic"],
        extended_statistic=alarm["extended_statistic"],
        dimensions={k: str(v) for k, v in alarm["dimensions"].items()},
        period=alarm["period"],
        unit=alarm["unit"],
        evaluation_periods=alarm["evaluation_periods"],
        datapoints_to_alarm=alarm["datapoints_to_alarm"] or alarm["evaluation_periods"],
        threshold=alarm["threshold"],
        comparison_operator=alarm["comparison"],
        treat_missing_data=alarm["treat_missing_data"],
        evaluate_low_sample_count_percentile=alarm["evaluate_low_sample_count_percentile"],
        actions_enabled=alarm["actions_enabled"],
        alarm_actions=sorted(alarm["alarm_actions"]),
        ok_actions=sorted(alarm["ok_actions"]),
        insufficient_data_actions=sorted(alarm["insufficient_data_actions"]),
    )


def wanted_tags(alarm, current_tags):
    """The whole tag set the alarm should have (None: tags left alone)."""
    if alarm["tags"] is None:
        return None
    if alarm["purge_tags"]:
        return dict(alarm["tags"])
    return dict(current_tags or {}, **alarm["tags"])


def read(client, p):
    """The alarms of the region the run is about, by name: those listed, and with purge those of the prefix."""
    names = [a["name"] for a in p["alarms"]]
    found = []
    if p["state"] == "present" and p["purge_alarms"]:
        found = describe_metric_alarms(client, prefix=p["purge_prefix"])
        missing = set(names) - {a["AlarmName"] for a in found}
        names = [n for n in names if n in missing]  # listed alarms outside the prefix
    for batch in chunks(names):
        found.extend(describe_metric_alarms(client, names=batch))
    existing = {a["AlarmName"]: normalize_alarm(a) for a in found}
    for alarm in p["alarms"]:
        if alarm["tags"] is not None and alarm["name"] in existing and p["state"] == "present":
            current = existing[alarm["name"]]
            current["tags"] = list_alarm_tags(client, current["alarm_arn"])
    return existing


def put(client, current, desired):
    tags = desired.get("tags")
    if current is None:
        put_metric_alarm(client, alarm_request(desired, tags))
        return predict(None, desired)
    if differs(dict(current, tags=None), dict(desired, tags=None)):
        put_metric_alarm(client, alarm_request(desired))  # a put ignores the tags of an alarm that exists
    if tags is not None:
        arn = current["alarm_arn"]
        sync_tags(
            current.get("tags"),
            tags,
            True,
            lambda to_set: tag_alarm(client, arn, to_set),
            lambda keys: untag_alarm(client, arn, keys),
        )
    return predict(current, desired)


def converge(client, p, existing, check_mode):
    """``{name: EnsureResult}`` of every alarm listed or purged; deletions are gathered into one DeleteAlarms."""
    listed = {a["name"]: a for a in p["alarms"]}
    wanted = {}
    for name, alarm in listed.items():
        if p["state"] == "absent":
            wanted[name] = None
            continue
        desired = desired_alarm(alarm)
        desired["tags"] = wanted_tags(alarm, (existing.get(name) or {}).get("tags"))
        wanted[name] = desired
    if p["state"] == "present" and p["purge_alarms"]:
        prefix = p["purge_prefix"]
        wanted.update({n: None for n in existing if n not in listed and n.startswith(prefix)})
    doomed = []
    results = {
        name: ensure(
            existing.get(name),
            desired,
            check_mode=check_mode,
            differs=differs,
            predict=predict,
            create=lambda d: put(client, None, d),
            update=lambda c, d: put(client, c, d),
            delete=lambda c: doomed.append(c["alarm_name"]),
        )
        for name, desired in wanted.items()
    }
    for batch in chunks(doomed):
        delete_alarms(client, batch)
    return results


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    try:
        client = clients.client(module, "cloudwatch")
        existing = read(client, p)
        results = converge(client, p, existing, module.check_mode)
        changed = {name: r for name, r in results.items() if r.changed}
        after = {name: r.after for name, r in results.items()}
        if any(r.after for r in changed.values()) and not module.check_mode:
            # The ARNs and states of new alarms, what AWS made of the updates (tags as just set).
            read_back = {
                a["AlarmName"]: normalize_alarm(a)
                for batch in chunks([n for n, a in after.items() if a])
                for a in describe_metric_alarms(client, names=batch)
            }
            after = {
                n: (
                    dict(read_back.get(n, a), **({"tags": a["tags"]} if a.get("tags") is not None else {}))
                    if a
                    else None
                )
                for n, a in after.items()
            }
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    for alarm in after.values():
        if alarm is not None and alarm.get("tags") is None:
            alarm.pop("tags", None)
    module.exit_json(
        changed=bool(changed),
        alarms=[after[a["name"]] for a in p["alarms"] if after.get(a["name"])],
        changed_alarms=changed_names(results),
        diff=names_diff(results, after),
    )


if __name__ == "__main__":
    main()
