#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_ou_info
short_description: Read the organizational unit tree of an AWS organization
version_added: 0.1.0
description:
  - Returns the organization's root and its organizational units (OUs), each with its path from the root, as a
    list sorted by path and as a dict keyed by path.
  - Must run with credentials of the organization's management account (or a delegated administrator).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  path:
    description:
      - Only return the OU at this path and the OUs below it, for example V(Workloads).
      - A leading V(Root/) is accepted. When the path does not exist, RV(ous) is empty.
      - When not set, the whole tree.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Read the OU tree
  prodgrade.aws.organizations_ou_info:
  register: org_tree

- name: Id of the Workloads/Prod OU
  ansible.builtin.debug:
    msg: "{{ org_tree.ous_by_path['Workloads/Prod'].id }}"

- name: Only the Workloads subtree
  prodgrade.aws.organizations_ou_info:
    path: Workloads
"""

RETURN = r"""
root:
  description: The organization's root.
  returned: always
  type: dict
  contains:
    id:
      description: Id of the root.
      type: str
      sample: r-ab12
    arn:
      description: ARN of the root.
      type: str
      sample: arn:aws:organizations::111111111111:root/o-exampleorgid/r-ab12
    name:
      description: Name of the root.
      type: str
      sample: Root
    policy_types:
      description: Policy types of the root and their status.
      type: list
      elements: dict
      sample: [{"type": "SERVICE_CONTROL_POLICY", "status": "ENABLED"}]
ous:
  description: The OUs, sorted by path.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the OU.
      type: str
      sample: ou-ab12-34cd56ef
    arn:
      description: ARN of the OU.
      type: str
      sample: arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-ab12-34cd56ef
    name:
      description: Name of the OU.
      type: str
      sample: Prod
    path:
      description: Path of the OU from the root.
      type: str
      sample: Workloads/Prod
    parent_id:
      description: Id of the parent OU or root.
      type: str
      sample: ou-ab12-11111111
ous_by_path:
  description: The same OUs keyed by path.
  returned: always
  type: dict
  sample: {"Workloads": {"id": "ou-ab12-11111111", "name": "Workloads", "path": "Workloads", "parent_id": "r-ab12"}}
"""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import OrgResolver
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import normalize_path

ARGUMENT_SPEC = dict(path=dict(type="str"))


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        path = normalize_path(module.params["path"])
    except ValueError as e:
        module.fail_json(msg=f"path: {e}")
    resolver = OrgResolver(module.client("organizations"), module.check_mode)
    try:
        root = resolver.root()
        ous = resolver.walk(path)
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=False,
        root={
            "id": root["Id"],
            "arn": root["Arn"],
            "name": root["Name"],
            "policy_types": [camel_dict_to_snake_dict(t) for t in root.get("PolicyTypes", [])],
        },
        ous=ous,
        ous_by_path={ou["path"]: ou for ou in ous},
    )


if __name__ == "__main__":
    main()
