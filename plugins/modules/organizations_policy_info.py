#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_policy_info
short_description: Read AWS Organizations policies with their content and attachments
version_added: 0.1.0
description:
  - Lists the policies of one type (service control, tag, backup, AI services opt-out), each with its parsed
    content, its targets and its tags; optionally only the one named O(name), or only those attached directly
    to O(target).
  - Must run with credentials of the organization's management account (or a delegated administrator).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  type:
    description:
      - Type of the policies.
    type: str
    choices: [SERVICE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY]
    default: SERVICE_CONTROL_POLICY
  name:
    description:
      - Only the policy with this name.
    type: str
  target:
    description:
      - Only the policies attached directly to this target; V(Root) (or a root id V(r-...)), an OU path such as
        V(Workloads/Prod), an OU id V(ou-...) or a 12-digit account id.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Every SCP with its content and targets
  prodgrade.aws.organizations_policy_info:
  register: scps

- name: SCPs attached to the Prod OU
  prodgrade.aws.organizations_policy_info:
    target: Workloads/Prod

- name: One tag policy
  prodgrade.aws.organizations_policy_info:
    type: TAG_POLICY
    name: cost-center
"""

RETURN = r"""
policies:
  description: The policies, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the policy.
      type: str
      sample: p-examplepolicyid
    arn:
      description: ARN of the policy.
      type: str
      sample: arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplepolicyid
    name:
      description: Name of the policy.
      type: str
      sample: deny-leave-organization
    type:
      description: Type of the policy.
      type: str
      sample: SERVICE_CONTROL_POLICY
    description:
      description: Description of the policy.
      type: str
      sample: Member accounts cannot leave the organization
    aws_managed:
      description: Whether AWS manages the policy.
      type: bool
      sample: false
    content:
      description: The policy document, parsed.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": []}
    targets:
      description: Where the policy is attached, sorted by id.
      type: list
      elements: dict
      contains:
        target_id:
          description: Id of the root, OU or account.
          type: str
          sample: ou-ab12-34cd56ef
        type:
          description: V(ROOT), V(ORGANIZATIONAL_UNIT) or V(ACCOUNT).
          type: str
          sample: ORGANIZATIONAL_UNIT
        name:
          description: Name of the target.
          type: str
          sample: Prod
    tags:
      description: Tags of the policy (empty for AWS managed policies).
      type: dict
      sample: {"Owner": "platform"}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import OrgResolver
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import get_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_policies
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_policies_for_target
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import split_path
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import target_kind

ARGUMENT_SPEC = dict(
    type=dict(
        type="str",
        default="SERVICE_CONTROL_POLICY",
        choices=["SERVICE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY"],
    ),
    name=dict(type="str"),
    target=dict(type="str"),
)


def summaries(module, client, p):
    if p["target"]:
        target = OrgResolver(client, module.check_mode).resolve_target(p["target"], check_mode=module.check_mode)
        if target["target_id"] is None:  # check mode: the target does not exist yet
            return []
        found = list_policies_for_target(client, target["target_id"], p["type"])
    else:
        found = list_policies(client, p["type"])
    return [s for s in found if p["name"] is None or s["Name"] == p["name"]]


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    if p["target"] and target_kind(p["target"]) == "PATH":
        try:
            split_path(p["target"])
        except ValueError as e:
            module.fail_json(msg=f"target: {e}")
    client = module.client("organizations")
    try:
        policies = [get_policy(client, s["Id"]) for s in summaries(module, client, p)]
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    policies = sorted((pol for pol in policies if pol), key=lambda pol: pol["name"])
    module.exit_json(changed=False, policies=policies)


if __name__ == "__main__":
    main()
