#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: logs_metric_filters
short_description: Converge the metric filters of a CloudWatch Logs log group in one run
version_added: 0.1.0
description:
  - Makes the metric filters of O(filters) exist as given on the log group O(log_group_name), in one module run
    (one paginated DescribeMetricFilters of the log group, then PutMetricFilter only for the filters that are
    missing or differ, and DeleteMetricFilter for the filters to remove). A loop of
    M(amazon.aws.cloudwatchlogs_log_group_metric_filter) starts a module and reads the filters once per filter.
  - A filter is compared as M(amazon.aws.cloudwatchlogs_log_group_metric_filter) compares it, on its pattern and its
    metric transformation's metric name, namespace, value, default value, unit and dimensions; an option that is
    not set is compared as not set. Filters are matched by their exact name.
  - Supports check mode (returns the predicted filters; a log group that does not exist yet has none) and diff mode
    (the listed and the deleted filters, before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  log_group_name:
    description: Name of the log group. It must exist, except in check mode.
    type: str
    required: true
  filters:
    description:
      - The metric filters. Names are unique.
      - With O(state=absent), only each filter's O(filters[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the filter (1 to 512 characters).
        type: str
        required: true
      pattern:
        description: Filter pattern (at most 1024 characters). Required with O(state=present).
        type: str
      metric_transformation:
        description: What the filter emits. Required with O(state=present).
        type: dict
        suboptions:
          metric_name:
            description: Name of the CloudWatch metric.
            type: str
            required: true
          metric_namespace:
            description: Namespace of the metric.
            type: str
            required: true
          metric_value:
            description: Value published when the pattern matches a log event, such as V("1") or V($.bytes).
            type: str
            required: true
          default_value:
            description:
              - Value published when the pattern does not match. Not together with
                O(filters[].metric_transformation.dimensions).
            type: float
          unit:
            description: Unit of the value.
            type: str
          dimensions:
            description: Dimensions of the metric, name to a field of the event (at most 3).
            type: dict
  purge_filters:
    description:
      - Whether to delete the metric filters of the log group that are not in O(filters). Only with
        O(state=present).
    type: bool
    default: false
  state:
    description: Whether the filters of O(filters) should exist (V(absent) deletes them).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: CIS metric filters on the trail's log group
  prodgrade.aws.logs_metric_filters:
    region: eu-west-1
    log_group_name: /org/cloudtrail
    filters:
      - name: RootAccountUsage
        pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }'
        metric_transformation:
          metric_name: RootAccountUsage
          metric_namespace: CISBenchmark
          metric_value: "1"

- name: Only these filters on the group
  prodgrade.aws.logs_metric_filters:
    log_group_name: /org/cloudtrail
    filters: "{{ my_filters }}"
    purge_filters: true

- name: Remove a filter
  prodgrade.aws.logs_metric_filters:
    log_group_name: /org/cloudtrail
    filters: [{name: RootAccountUsage}]
    state: absent
"""

RETURN = r"""
metric_filters:
  description:
    - The filters of O(filters), in that order, as DescribeMetricFilters returns them after the change,
      snake_cased. Predicted in check mode. Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    filter_name:
      description: Name.
      type: str
      sample: RootAccountUsage
    filter_pattern:
      description: Pattern.
      type: str
      sample: '{ $.userIdentity.type = "Root" }'
    metric_transformations:
      description: The metric transformation (one), unset values None.
      type: list
      elements: dict
      sample: [{"metric_name": "RootAccountUsage", "metric_namespace": "CISBenchmark", "metric_value": "1",
                "default_value": null, "unit": null, "dimensions": null}]
    log_group_name:
      description: Log group.
      returned: when it exists
      type: str
      sample: /org/cloudtrail
    creation_time:
      description: Creation time, milliseconds since the epoch.
      returned: when it exists
      type: int
      sample: 1700000000000
changed_filters:
  description: Names of the filters created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created filters.
      type: list
      elements: str
      sample: ["RootAccountUsage"]
    updated:
      description: Updated filters.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted filters.
      type: list
      elements: str
      sample: []
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import delete_metric_filter
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import describe_metric_filters
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import differs
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import filter_request
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import normalize_filter
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import predict
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import put_metric_filter

TRANSFORMATION_SPEC = dict(
    metric_name=dict(type="str", required=True),
    metric_namespace=dict(type="str", required=True),
    metric_value=dict(type="str", required=True),
    default_value=dict(type="float"),
    unit=dict(type="str"),
    dimensions=dict(type="dict"),
)
FILTER_SPEC = dict(
    name=dict(type="str", required=True),
    pattern=dict(type="str"),
    metric_transformation=dict(type="dict", options=TRANSFORMATION_SPEC),
)
ARGUMENT_SPEC = dict(
    log_group_name=dict(type="str", required=True),
    filters=dict(type="list", elements="dict", required=True, options=FILTER_SPEC),
    purge_filters=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def filter_errors(index, metric_filter, present):
    where = f"filters[{index}] ({metric_filter['name']})"
    errors = []
    if not 1 <= len(metric_filter["name"]) <= 512 or ":" in metric_filter["name"] or "*" in metric_filter["name"]:
        errors.append(f"{where}: name must be 1 to 512 characters, without ':' or '*'")
    if not present:
        return errors
    if metric_filter["pattern"] is None:
        errors.append(f"{where}: pattern is required with state=present")
    elif len(metric_filter["pattern"]) > 1024:
        errors.append(f"{where}: pattern is longer than 1024 characters")
    transformation = metric_filter["metric_transformation"]
    if transformation is None:
        errors.append(f"{where}: metric_transformation is required with state=present")
    elif transformation["default_value"] is not None and transformation["dimensions"]:
        errors.append(f"{where}: metric_transformation takes default_value or dimensions, not both")
    elif len(transformation["dimensions"] or {}) > 3:
        errors.append(f"{where}: metric_transformation takes at most 3 dimensions")
    return errors


def validate_params(p):
    present = p["state"] == "present"
    errors = [e for index, f in enumerate(p["filters"]) for e in filter_errors(index, f, present)]
    errors += duplicate_names(p["filters"], "filters")
    return errors


def desired_filter(metric_filter):
    """A filter of O(filters) in the compared shape of module_utils/logs.py."""
    t = metric_filter["metric_transformation"]
    return dict(
        filter_name=metric_filter["name"],
        filter_pattern=metric_filter["pattern"],
        metric_transformations=[
            dict(
                metric_name=t["metric_name"],
                metric_namespace=t["metric_namespace"],
                metric_value=t["metric_value"],
                default_value=t["default_value"],
                unit=None if t["unit"] in (None, "None") else t["unit"],
                dimensions={k: str(v) for k, v in t["dimensions"].items()} if t["dimensions"] else None,
            )
        ],
    )


def converge(client, p, existing, check_mode):
    """``{name: EnsureResult}`` of every filter listed or purged."""
    group = p["log_group_name"]
    listed = {f["name"]: f for f in p["filters"]}
    present = p["state"] == "present"
    wanted = {name: desired_filter(f) if present else None for name, f in listed.items()}
    if present and p["purge_filters"]:
        wanted.update({n: None for n in existing if n not in listed})

    def put(current, desired):
        put_metric_filter(client, group, filter_request(desired))
        return predict(current, dict(desired, log_group_name=group))

    return {
        name: ensure(
            existing.get(name),
            desired,
            check_mode=check_mode,
            differs=differs,
            predict=predict,
            create=lambda d: put(None, d),
            update=put,
            delete=lambda c: delete_metric_filter(client, group, c["filter_name"]),
        )
        for name, desired in wanted.items()
    }


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    try:
        client = clients.client(module, "logs")
        found = describe_metric_filters(client, p["log_group_name"])
        # Exact names: DescribeMetricFilters has only a prefix filter.
        existing = {f["filterName"]: normalize_filter(f) for f in found or []}
        results = converge(client, p, existing, module.check_mode)
        after = {name: r.after for name, r in results.items()}
        changed = {name: r for name, r in results.items() if r.changed}
        if any(r.after for r in changed.values()) and not module.check_mode:
            # The creation times of new filters, what AWS made of the puts.
            read_back = describe_metric_filters(client, p["log_group_name"]) or []
            read_back = {f["filterName"]: normalize_filter(f) for f in read_back}
            after = {n: read_back.get(n, f) if f else None for n, f in after.items()}
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=bool(changed),
        metric_filters=[after[f["name"]] for f in p["filters"] if after.get(f["name"])],
        changed_filters=changed_names(results),
        diff=names_diff(results, after),
    )


if __name__ == "__main__":
    main()
