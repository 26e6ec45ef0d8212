#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: controltower_landing_zone_info
short_description: Read the AWS Control Tower landing zone
version_added: 0.1.0
description:
  - Returns the account's landing zone (version, manifest, status, drift status, tags), or an empty dict when
    there is none, and optionally its operations.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  include_operations:
    description:
      - Also list the landing zone operations (ListLandingZoneOperations).
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Read the landing zone
  prodgrade.aws.controltower_landing_zone_info:
    region: ap-south-1
  register: landing_zone_info

- name: Report drift
  ansible.builtin.debug:
    msg: "Landing zone {{ landing_zone_info.landing_zone.version }} is {{ landing_zone_info.landing_zone.drift_status }}"
  when: landing_zone_info.landing_zone
"""

RETURN = r"""
landing_zone:
  description: The landing zone; an empty dict when there is none.
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the landing zone.
      type: str
    version:
      description: Deployed version.
      type: str
      sample: "3.3"
    manifest:
      description: The manifest as AWS stores it.
      type: dict
    status:
      description: C(ACTIVE), C(PROCESSING) or C(FAILED).
      type: str
    drift_status:
      description: C(IN_SYNC) or C(DRIFTED).
      type: str
    latest_available_version:
      description: Latest version available.
      type: str
    remediation_types:
      description: Remediation types applied.
      type: list
      elements: str
    tags:
      description: Tags of the landing zone.
      type: dict
operations:
  description: The landing zone operations (snake_cased ListLandingZoneOperations summaries).
  returned: with O(include_operations=true)
  type: list
  elements: dict
  contains:
    operation_identifier:
      description: Id of the operation.
      type: str
    operation_type:
      description: C(CREATE), C(UPDATE), C(RESET) or C(DELETE).
      type: str
    status:
      description: C(SUCCEEDED), C(FAILED) or C(IN_PROGRESS).
      type: str
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import controltower as ct


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(include_operations=dict(type="bool", default=False)),
        supports_check_mode=True,
    )
    client = module.client("controltower")
    result = dict(changed=False)
    try:
        result["landing_zone"] = ct.describe_landing_zone(client) or {}
        if module.params["include_operations"]:
            result["operations"] = [ct.operation_summary(op) for op in ct.list_landing_zone_operations(client)]
    except ct.AnsibleControlTowerError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
