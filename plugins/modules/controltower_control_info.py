#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: controltower_control_info
short_description: List the AWS Control Tower controls enabled on a target
version_added: 0.1.0
description:
  - Lists the enabled controls of one organizational unit (or account), or of every target, with their status and
    drift status. Optionally reads each one's parameters.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  target_identifier:
    description:
      - ARN of the organizational unit or account. When not set, the controls of every target are listed.
    type: str
  control_identifier:
    description:
      - Only this control (a legacy guardrail id such as V(AWS-GR_ENCRYPTED_VOLUMES), or a control ARN).
    type: str
  include_parameters:
    description:
      - Read every enabled control's parameters (one GetEnabledControl call each).
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Controls enabled on the Production OU
  prodgrade.aws.controltower_control_info:
    target_identifier: arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-11111111
  register: production_controls

- name: Where is root-user access-key detection enabled?
  prodgrade.aws.controltower_control_info:
    control_identifier: AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS
"""

RETURN = r"""
enabled_controls:
  description: The enabled controls, sorted by target then control identifier.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: ARN of the enabled control.
      type: str
    control_identifier:
      description: ARN of the control.
      type: str
      sample: arn:aws:controltower:ap-south-1::control/AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS
    target_identifier:
      description: ARN of the OU.
      type: str
    status:
      description: C(SUCCEEDED), C(FAILED) or C(UNDER_CHANGE).
      type: str
    drift_status:
      description: C(IN_SYNC), C(DRIFTED), C(NOT_CHECKING) or C(UNKNOWN).
      type: str
    parameters:
      description: Parameter name to value.
      returned: with O(include_parameters=true)
      type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import controltower as ct


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            target_identifier=dict(type="str"),
            control_identifier=dict(type="str"),
            include_parameters=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    p = module.params
    target, control = p["target_identifier"], None
    if target and not ct.is_target_arn(target):
        module.fail_json(msg=f"target_identifier must be an organizational unit or account ARN, got '{target}'")
    if p["control_identifier"]:
        try:
            control = ct.control_id(ct.control_arn(p["control_identifier"], module.region))
        except ValueError as e:
            module.fail_json(msg=f"control_identifier: {e}")
    client = module.client("controltower")
    try:
        found = [
            c
            for c in ct.list_enabled_controls(client, target)
            if not control or ct.control_id(c["controlIdentifier"]) == control
        ]
        if p["include_parameters"]:
            found = [
                dict(c, parameters=(ct.get_enabled_control(client, c["arn"]) or {}).get("parameters", []))
                for c in found
            ]
    except ct.AnsibleControlTowerError as e:
        module.fail_json_aws_error(e)
    controls = sorted(
        (ct.normalize_enabled_control(c) for c in found),
        key=lambda c: (c["target_identifier"] or "", c["control_identifier"] or ""),
    )
    module.exit_json(changed=False, enabled_controls=controls)


if __name__ == "__main__":
    main()
