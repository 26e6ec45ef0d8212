#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_finding_aggregator
short_description: Aggregate Security Hub findings from other regions into this (home) region
version_added: 0.1.0
description:
  - Creates, updates or deletes the account's finding aggregator (there is at most one), in the region the
    module runs in, which becomes the aggregation (home) region.
  - When the account's aggregator lives in another region, the module fails naming it (delete it there first).
  - Supports check mode (returns the predicted aggregator) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  region_linking_mode:
    description:
      - Which regions are linked. V(ALL_REGIONS) includes regions enabled later;
        V(ALL_REGIONS_EXCEPT_SPECIFIED) and V(SPECIFIED_REGIONS) use O(regions); V(NO_REGIONS) links none.
      - Required with O(state=present).
    type: str
    choices: [ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS, NO_REGIONS]
  regions:
    description:
      - Regions to link or exclude, for O(region_linking_mode=SPECIFIED_REGIONS) or
        O(region_linking_mode=ALL_REGIONS_EXCEPT_SPECIFIED). Order does not matter.
    type: list
    elements: str
  state:
    description: Whether the aggregator should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Aggregate the allowed regions into the home region
  prodgrade.aws.securityhub_finding_aggregator:
    region: ap-south-1
    region_linking_mode: SPECIFIED_REGIONS
    regions: [us-east-1, eu-west-1]
"""

RETURN = r"""
finding_aggregator:
  description: The aggregator, as GetFindingAggregator returns it, snake_cased; predicted in check mode.
  returned: always
  type: dict
  contains:
    finding_aggregator_arn:
      description: ARN of the aggregator.
      returned: when it exists
      type: str
      sample: arn:aws:securityhub:ap-south-1:123456789012:finding-aggregator/123e4567-e89b-12d3-a456-426652340000
    finding_aggregation_region:
      description: The home region.
      type: str
      sample: ap-south-1
    region_linking_mode:
      description: Linking mode.
      type: str
      sample: SPECIFIED_REGIONS
    regions:
      description: Linked or excluded regions, sorted.
      type: list
      elements: str
      sample: [eu-west-1, us-east-1]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import create_finding_aggregator
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import delete_finding_aggregator
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import get_finding_aggregator
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_finding_aggregators
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import update_finding_aggregator

ARGUMENT_SPEC = dict(
    region_linking_mode=dict(
        type="str", choices=["ALL_REGIONS", "ALL_REGIONS_EXCEPT_SPECIFIED", "SPECIFIED_REGIONS", "NO_REGIONS"]
    ),
    regions=dict(type="list", elements="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
WITH_REGIONS = ("ALL_REGIONS_EXCEPT_SPECIFIED", "SPECIFIED_REGIONS")


def validate_params(p):
    mode, errors = p["region_linking_mode"], []
    if p["state"] == "absent":
        return errors
    if not mode:
        errors.append("state=present requires region_linking_mode")
    elif mode in WITH_REGIONS and not p["regions"]:
        errors.append(f"region_linking_mode={mode} requires regions")
    elif mode not in WITH_REGIONS and p["regions"]:
        errors.append(f"regions is only used with region_linking_mode {' or '.join(WITH_REGIONS)}, not {mode}")
    return errors


def normalize(aggregator):
    if aggregator is None:
        return None
    aggregator["regions"] = sorted(aggregator.get("regions") or [])
    return aggregator


def find(client):
    for arn in list_finding_aggregators(client):
        return normalize(get_finding_aggregator(client, arn))
    return None


def params_of(desired):
    params = dict(RegionLinkingMode=desired["region_linking_mode"])
    if desired["regions"]:
        params["Regions"] = desired["regions"]
    return params


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("securityhub")
    desired = None
    if p["state"] == "present":
        desired = dict(
            finding_aggregation_region=module.region,
            region_linking_mode=p["region_linking_mode"],
            regions=sorted(p["regions"] or []),
        )
    try:
        current = find(client)
        home = (current or {}).get("finding_aggregation_region")
        if current and home != module.region:
            module.fail_json(
                msg=f"The account's finding aggregator is in {home}, not {module.region}: delete it there first",
                finding_aggregator=current,
            )
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=lambda d: normalize(create_finding_aggregator(client, **params_of(d))),
            update=lambda c, d: normalize(
                update_finding_aggregator(client, FindingAggregatorArn=c["finding_aggregator_arn"], **params_of(d))
            ),
            delete=lambda c: delete_finding_aggregator(client, c["finding_aggregator_arn"]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, finding_aggregator=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
