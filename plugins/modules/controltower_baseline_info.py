#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: controltower_baseline_info
short_description: List AWS Control Tower baselines and where they are enabled
version_added: 0.1.0
description:
  - Returns the baseline catalog (ListBaselines) and the enabled baselines (ListEnabledBaselines), optionally
    filtered by baseline and target, with their parameters.
  - Use it to find the C(IdentityCenterBaseline) that the landing zone enabled, whose ARN is the
    C(IdentityCenterEnabledBaselineArn) parameter of C(AWSControlTowerBaseline).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  baseline_identifier:
    description:
      - Only the enabled baselines of this baseline (ARN or name, for example V(IdentityCenterBaseline)).
    type: str
  target_identifier:
    description:
      - Only the enabled baselines of this target (OU or account ARN).
    type: str
  include_parameters:
    description:
      - Read every enabled baseline's parameters (one GetEnabledBaseline call each).
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The Identity Center baseline the landing zone enabled
  prodgrade.aws.controltower_baseline_info:
    baseline_identifier: IdentityCenterBaseline
  register: identity_center

- name: Baselines enabled on the Production OU
  prodgrade.aws.controltower_baseline_info:
    target_identifier: arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-11111111
    include_parameters: true
"""

RETURN = r"""
baselines:
  description: The baseline catalog.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: ARN of the baseline.
      type: str
      sample: arn:aws:controltower:ap-south-1::baseline/17BSJV3IGJ2QSGA2
    name:
      description: Name of the baseline.
      type: str
      sample: AWSControlTowerBaseline
    description:
      description: What it sets up.
      type: str
enabled_baselines:
  description: The enabled baselines matching the filters, sorted by target then baseline.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: ARN of the enabled baseline.
      type: str
    baseline_identifier:
      description: ARN of the baseline.
      type: str
    baseline_name:
      description: Name of the baseline, from the catalog.
      type: str
    baseline_version:
      description: Enabled version.
      type: str
    target_identifier:
      description: ARN of the target (OU or account).
      type: str
    status:
      description: C(SUCCEEDED), C(FAILED) or C(UNDER_CHANGE).
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
            baseline_identifier=dict(type="str"),
            target_identifier=dict(type="str"),
            include_parameters=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    p = module.params
    target = p["target_identifier"]
    if p["baseline_identifier"]:
        error = ct.check_baseline_identifier(p["baseline_identifier"])
        if error:
            module.fail_json(msg=error)
    if target and not ct.is_target_arn(target):
        module.fail_json(msg=f"target_identifier must be an organizational unit or account ARN, got '{target}'")
    client = module.client("controltower")
    try:
        catalog = ct.list_baselines(client)
        names = {b["arn"]: b.get("name") for b in catalog}
        wanted = None
        if p["baseline_identifier"]:
            wanted = ct.resolve_baseline(client, p["baseline_identifier"])
        found = ct.list_enabled_baselines(
            client, baselineIdentifiers=[wanted] if wanted else None, targetIdentifiers=[target] if target else None
        )
        if p["include_parameters"]:
            found = [
                dict(b, parameters=(ct.get_enabled_baseline(client, b["arn"]) or {}).get("parameters", []))
                for b in found
            ]
    except ct.AnsibleControlTowerError as e:
        module.fail_json_aws_error(e)
    enabled = []
    for baseline in found:
        item = ct.normalize_enabled_baseline(baseline)
        item["baseline_name"] = names.get(item["baseline_identifier"])
        enabled.append(item)
    enabled.sort(key=lambda b: (b["target_identifier"] or "", b["baseline_identifier"] or ""))
    module.exit_json(
        changed=False,
        baselines=[{k: b.get(k) for k in ("arn", "name", "description")} for b in catalog],
        enabled_baselines=enabled,
    )


if __name__ == "__main__":
    main()
