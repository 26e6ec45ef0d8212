#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_standard_info
short_description: List the Security Hub standards of a region, which are subscribed, and their disabled controls
version_added: 0.1.0
description:
  - Returns every standard the region offers (DescribeStandards) with the account's subscription to it
    (GetEnabledStandards) and, for subscribed standards, optionally the disabled controls and their reasons.
  - Security Hub being disabled is not an error; no standard is subscribed then.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  standard:
    description:
      - Only this standard (short name such as V(cis-aws-foundations-benchmark/v/3.0.0), or ARN).
    type: str
  subscribed_only:
    description: Only the standards the account is subscribed to.
    type: bool
    default: false
  controls:
    description:
      - Whether to return each subscribed standard's disabled controls (a few calls per standard).
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Subscribed standards and disabled controls
  prodgrade.aws.securityhub_standard_info:
    subscribed_only: true
  register: securityhub_standards

- name: Is CIS v3.0 subscribed?
  prodgrade.aws.securityhub_standard_info:
    standard: cis-aws-foundations-benchmark/v/3.0.0
    controls: false
  register: cis
"""

RETURN = r"""
standards:
  description:
    - The standards, each as M(prodgrade.aws.securityhub_standard) returns it (RV(standards[].standards_status) and
      RV(standards[].standards_subscription_arn) only when subscribed).
  returned: always
  type: list
  elements: dict
  contains:
    standard:
      description: Short name.
      type: str
      sample: aws-foundational-security-best-practices/v/1.0.0
    standards_arn:
      description: ARN in this region.
      type: str
      sample: arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0
    name:
      description: Display name.
      type: str
      sample: AWS Foundational Security Best Practices v1.0.0
    enabled_by_default:
      description: Whether AWS enables it by default.
      type: bool
      sample: true
    standards_subscription_arn:
      description: ARN of the subscription.
      returned: when subscribed
      type: str
      sample: arn:aws:securityhub:us-east-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0
    standards_status:
      description: Status of the subscription.
      returned: when subscribed
      type: str
      sample: READY
    disabled_controls:
      description: Disabled controls with their reasons.
      returned: when subscribed and O(controls=true)
      type: list
      elements: dict
      sample: [{"control_id": "IAM.6", "reason": "Virtual MFA on root"}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import disabled_controls
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import get_enabled_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import normalize_subscription
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import resolve_standard

ARGUMENT_SPEC = dict(
    standard=dict(type="str"),
    subscribed_only=dict(type="bool", default=False),
    controls=dict(type="bool", default=True),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    client = module.client("securityhub")
    try:
        standards = describe_standards(client)
        if p["standard"]:
            found = resolve_standard(standards, p["standard"])
            if found is None:
                module.fail_json(msg=f"standard {p['standard']} is not offered in {module.region}")
            standards = [found]
        subscriptions = {s["StandardsArn"]: s for s in get_enabled_standards(client)}
        result = []
        for standard in standards:
            subscription = subscriptions.get(standard["StandardsArn"])
            if p["subscribed_only"] and subscription is None:
                continue
            item = normalize_subscription(standard, subscription)
            if subscription and p["controls"]:
                item["disabled_controls"] = disabled_controls(client, standard["StandardsArn"])
            result.append(item)
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(standards=result)


if __name__ == "__main__":
    main()
