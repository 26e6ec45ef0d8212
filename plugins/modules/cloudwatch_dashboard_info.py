#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloudwatch_dashboard_info
short_description: Read CloudWatch dashboards
version_added: 0.1.0
description:
  - Returns one dashboard (O(name)), the dashboards whose name starts with O(prefix), or all of them, each with
    its body parsed from JSON.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of one dashboard. An empty list is returned when it does not exist.
      - Mutually exclusive with O(prefix).
    type: str
    aliases: [dashboard_name]
  prefix:
    description:
      - Return the dashboards whose name starts with this.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Read the dashboard back
  prodgrade.aws.cloudwatch_dashboard_info:
    name: ecia-prod
  register: dashboards

- name: Check it shows the RDS storage metric
  ansible.builtin.assert:
    that:
      - "'FreeStorageSpace' in (dashboards.dashboards[0].dashboard_body | to_json)"
"""

RETURN = r"""
dashboards:
  description: The dashboards, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    dashboard_name:
      description: Name of the dashboard.
      type: str
      sample: ecia-prod
    dashboard_arn:
      description: ARN of the dashboard.
      type: str
      sample: arn:aws:cloudwatch::123456789012:dashboard/ecia-prod
    dashboard_body:
      description: The body, parsed from JSON.
      type: dict
      sample: {"widgets": []}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import describe_dashboard
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudwatch import list_dashboards

ARGUMENT_SPEC = dict(
    name=dict(type="str", aliases=["dashboard_name"]),
    prefix=dict(type="str"),
)


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC, mutually_exclusive=[("name", "prefix")], supports_check_mode=True
    )
    p = module.params
    client = module.client("cloudwatch")
    try:
        names = [p["name"]] if p["name"] else sorted(d["DashboardName"] for d in list_dashboards(client, p["prefix"]))
        dashboards = [d for d in (describe_dashboard(client, name) for name in names) if d]
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(dashboards=dashboards)


if __name__ == "__main__":
    main()
