#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_organization_configuration
short_description: Set how Security Hub is enabled in the organization's accounts (local or central configuration)
version_added: 0.1.0
description:
  - Run in the Security Hub delegated administrator account (see M(prodgrade.aws.securityhub_organization_admin)).
  - With O(configuration_type=LOCAL), sets whether Security Hub and the default standards are enabled in new
    member accounts. With O(configuration_type=CENTRAL), configuration policies decide instead
    (O(auto_enable=false) and O(auto_enable_standards=NONE) are then required; AWS also requires a finding
    aggregator in the home region, see M(prodgrade.aws.securityhub_finding_aggregator)).
  - An option that is not set is not compared and leaves that setting alone.
  - Supports check mode (returns the predicted configuration) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  auto_enable:
    description: Whether Security Hub is enabled automatically in accounts that join the organization.
    type: bool
  auto_enable_standards:
    description: Whether the default standards are enabled in new member accounts (V(DEFAULT)) or not (V(NONE)).
    type: str
    choices: [NONE, DEFAULT]
  configuration_type:
    description: V(LOCAL) (each account's own settings) or V(CENTRAL) (configuration policies).
    type: str
    choices: [LOCAL, CENTRAL]
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Local configuration, Security Hub on in new accounts, standards managed by us
  prodgrade.aws.securityhub_organization_configuration:
    auto_enable: true
    auto_enable_standards: NONE
    configuration_type: LOCAL

- name: Central configuration (configuration policies associated with OUs)
  prodgrade.aws.securityhub_organization_configuration:
    auto_enable: false
    auto_enable_standards: NONE
    configuration_type: CENTRAL
"""

RETURN = r"""
organization_configuration:
  description: DescribeOrganizationConfiguration's answer, snake_cased; predicted in check mode.
  returned: always
  type: dict
  contains:
    auto_enable:
      description: Whether new accounts get Security Hub.
      type: bool
      sample: true
    auto_enable_standards:
      description: V(DEFAULT) or V(NONE).
      type: str
      sample: NONE
    member_account_limit_reached:
      description: Whether the member limit is reached.
      type: bool
      sample: false
    organization_configuration:
      description: Configuration type and its status.
      type: dict
      contains:
        configuration_type:
          description: V(LOCAL) or V(CENTRAL).
          type: str
          sample: CENTRAL
        status:
          description: V(PENDING), V(ENABLED) or V(FAILED).
          type: str
          sample: ENABLED
        status_message:
          description: Why the status is what it is.
          type: str
          sample: ""
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_hub
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_organization_configuration
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import update_organization_configuration

ARGUMENT_SPEC = dict(
    auto_enable=dict(type="bool"),
    auto_enable_standards=dict(type="str", choices=["NONE", "DEFAULT"]),
    configuration_type=dict(type="str", choices=["LOCAL", "CENTRAL"]),
)


def validate_params(p):
    if p["configuration_type"] != "CENTRAL":
        return []
    errors = []
    if p["auto_enable"] is not False:
        errors.append("configuration_type=CENTRAL requires auto_enable=false (configuration policies enable it)")
    if p["auto_enable_standards"] != "NONE":
        errors.append("configuration_type=CENTRAL requires auto_enable_standards=NONE (policies pick the standards)")
    return errors


def update(client, current, desired):
    # AutoEnable is required on every call: the current value when the task leaves it unset.
    auto_enable = desired["auto_enable"] if desired["auto_enable"] is not None else current.get("auto_enable", False)
    params = dict(AutoEnable=auto_enable)
    keys = changed_keys(current, desired)
    if desired["auto_enable_standards"] is not None:
        params["AutoEnableStandards"] = desired["auto_enable_standards"]
    if "organization_configuration" in keys:
        params["OrganizationConfiguration"] = dict(
            ConfigurationType=desired["organization_configuration"]["configuration_type"]
        )
    update_organization_configuration(client, **params)
    return describe_organization_configuration(client)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    desired = dict(
        auto_enable=p["auto_enable"],
        auto_enable_standards=p["auto_enable_standards"],
        organization_configuration=(
            dict(configuration_type=p["configuration_type"]) if p["configuration_type"] else None
        ),
    )
    client = module.client("securityhub")
    try:
        if module.check_mode and describe_hub(client) is None:
            # --check before this account has a hub (and so before it can be the delegated administrator): AWS
            # answers AccessDenied, there is nothing to compare, the plan is the whole configuration.
            planned = {k: v for k, v in desired.items() if v is not None}
            module.exit_json(changed=True, organization_configuration=planned, diff=dict(before={}, after=planned))
        current = describe_organization_configuration(client)
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=None,
            update=lambda c, d: update(client, c, d),
            delete=None,
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, organization_configuration=result.after, diff=result.diff)


if __name__ == "__main__":
    main()
