#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloudtrail_organization_trail
short_description: Make an existing CloudTrail trail log every account of the organization
version_added: 0.1.0
description:
  - Sets a trail's IsOrganizationTrail flag (UpdateTrail), which M(amazon.aws.cloudtrail) cannot set. Create and
    configure the trail with M(amazon.aws.cloudtrail) first (in the management account or the CloudTrail
    delegated administrator); M(amazon.aws.cloudtrail) leaves the flag alone on later runs.
  - Supports check mode (returns the predicted trail) and diff mode. In check mode, a trail that does not exist
    yet (an earlier task would create it) is predicted rather than reported missing.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description: Name or ARN of the trail.
    type: str
    required: true
  is_organization_trail:
    description: Whether the trail logs every account of the organization.
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The organization trail
  amazon.aws.cloudtrail:
    name: ecia-organization
    s3_bucket_name: ecia-log-archive
    is_multi_region_trail: true
    enable_log_file_validation: true
    kms_key_id: alias/ecia-cloudtrail

- name: For every account of the organization
  prodgrade.aws.cloudtrail_organization_trail:
    name: ecia-organization
"""

RETURN = r"""
trail:
  description: The trail as GetTrail returns it, snake_cased; predicted in check mode.
  returned: always
  type: dict
  contains:
    name:
      description: Name.
      type: str
      sample: ecia-organization
    trail_arn:
      description: ARN.
      returned: when the trail exists
      type: str
      sample: arn:aws:cloudtrail:us-east-1:123456789012:trail/ecia-organization
    is_organization_trail:
      description: Whether it logs the whole organization.
      type: bool
      sample: true
    is_multi_region_trail:
      description: Whether it logs every region.
      returned: when the trail exists
      type: bool
      sample: true
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.cloudtrail import get_trail
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudtrail import set_organization_trail
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    is_organization_trail=dict(type="bool", default=True),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    client = module.client("cloudtrail")
    try:
        current = get_trail(client, p["name"])
        desired = dict(is_organization_trail=p["is_organization_trail"])
        if current is None:
            if not module.check_mode:
                module.fail_json(msg=f"Trail {p['name']} not found: create it first (amazon.aws.cloudtrail)")
            after = dict(desired, name=p["name"])
            module.exit_json(changed=True, trail=after, diff=dict(before={}, after=after))
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=None,
            update=lambda c, d: dict(c, **set_organization_trail(client, p["name"], d["is_organization_trail"])),
            delete=None,
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, trail=result.after, diff=result.diff)


if __name__ == "__main__":
    main()
