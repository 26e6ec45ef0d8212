#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloudwatch_dashboard
short_description: Manage a CloudWatch dashboard
version_added: 0.1.0
description:
  - Creates, replaces the body of, or deletes one CloudWatch dashboard.
  - The body is compared as JSON (key order, spacing and a dict versus its JSON text make no difference), so a
    re-run with the same widgets reports no change.
  - The body is checked before any API call (a C(widgets) list; each widget a known C(type), a C(properties)
    dict, and C(x)/C(y)/C(width)/C(height) inside the 24-column grid), which AWS enforces and the local endpoint
    does not.
  - Validation messages AWS returns for an accepted body are returned as warnings.
  - Supports check mode (returns the predicted dashboard) and diff mode (the bodies before and after).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of the dashboard. Up to 255 characters, letters, digits, V(-) and V(_).
    type: str
    required: true
    aliases: [dashboard_name]
  body:
    description:
      - The dashboard body, as a dict or as a JSON string, with a C(widgets) list
        (U(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html)).
      - Required when O(state=present).
    type: raw
    aliases: [dashboard_body]
  state:
    description:
      - Whether the dashboard should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Dashboard of the application tier
  prodgrade.aws.cloudwatch_dashboard:
    name: ecia-prod
    body:
      widgets:
        - type: metric
          x: 0
          y: 0
          width: 12
          height: 6
          properties:
            title: ASG CPU
            region: ap-south-1
            stat: Average
            period: 300
            metrics:
              - [AWS/EC2, CPUUtilization, AutoScalingGroupName, ecia-prod-asg]

- name: Body kept in a JSON file
  prodgrade.aws.cloudwatch_dashboard:
    name: ecia-prod
    body: "{{ lookup('ansible.builtin.file', 'dashboard.json') }}"

- name: Remove the dashboard
  prodgrade.aws.cloudwatch_dashboard:
    name: ecia-prod
    state: absent
"""

RETURN = r"""
dashboard:
  description:
    - The dashboard. In check mode, the predicted one (without RV(dashboard.dashboard_arn) for a new dashboard).
      An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    dashboard_name:
      description: Name of the dashboard.
      returned: when the dashboard exists
      type: str
      sample: ecia-prod
    dashboard_arn:
      description: ARN of the dashboard.
      returned: when the dashboard exists
      type: str
      sample: arn:aws:cloudwatch::123456789012:dashboard/ecia-prod
    dashboard_body:
      description: The body, parsed from JSON.
      returned: when the dashboard exists
      type: dict
      sample: {"widgets": []}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import NAME_PATTERN
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import body_errors
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import delete_dashboards
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import describe_dashboard
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import load_body
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import put_dashboard
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True, aliases=["dashboard_name"]),
    body=dict(type="raw", aliases=["dashboard_body"]),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(p):
    """Every input error, each naming its option, before any API call; (errors, parsed body)."""
    errors, body = [], None
    if not NAME_PATTERN.match(p["name"]):
        errors.append(f"name must be 1-255 letters, digits, '-' or '_': {p['name']!r}")
    if p["state"] == "absent":
        return errors, None
    if p["body"] is None:
        return errors + ["body is required when state=present"], None
    try:
        body = load_body(p["body"])
    except ValueError as e:
        return errors + [f"body is not valid JSON: {e}"], None
    return errors + body_errors(body), body


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors, body = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("cloudwatch")
    desired = None if p["state"] == "absent" else {"dashboard_name": p["name"], "dashboard_body": body}
    messages = []

    def put(current, wanted):
        messages.extend(put_dashboard(client, p["name"], wanted["dashboard_body"]))
        return describe_dashboard(client, p["name"]) or dict(current or {}, **wanted)

    try:
        current = describe_dashboard(client, p["name"])
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            # the body is compared whole (a dashboard body is replaced, never merged)
            differs=lambda c, d: [k for k in d if c.get(k) != d[k]],
            predict=lambda c, d: dict(c or {}, **d),
            create=lambda d: put(None, d),
            update=put,
            delete=lambda c: delete_dashboards(client, [c["dashboard_name"]]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    for message in messages:
        module.warn(f"CloudWatch: {message.get('DataPath', '')} {message.get('Message', '')}".strip())
    module.exit_json(changed=result.changed, dashboard=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
