#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guardduty_organization_configuration
short_description: Set how GuardDuty and its protection features are enabled for the organization's accounts
version_added: 0.1.0
description:
  - Run in the GuardDuty delegated administrator account (see M(prodgrade.aws.guardduty_organization_admin)),
    which must have a detector in the region (see M(prodgrade.aws.guardduty_detector)); or in each region of
    O(regions), in one run.
  - Sets whether GuardDuty is enabled automatically for all, new or no member accounts, and the same for each
    protection feature listed in O(features). Features that are not listed are left alone.
  - An option that is not set is not compared and leaves that setting alone.
  - Supports check mode (returns the predicted configuration) and diff mode. In check mode, when the detector does
    not exist yet (an earlier task would create it), the module predicts the configuration instead of failing.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  regions:
    description:
      - Regions to converge, each the same way, in one run (one module start, one boto3 session); each region's
        own detector is used, so O(detector_id) cannot be set with it.
      - When set, O(region) is not used and the result has RV(regions) instead of RV(organization_configuration).
    type: list
    elements: str
  detector_id:
    description:
      - Id of the administrator account's detector. When not set, the region's detector.
    type: str
  auto_enable_organization_members:
    description:
      - Which member accounts get GuardDuty enabled automatically. V(ALL) also enables it in existing members,
        V(NEW) only in accounts that join later, V(NONE) in none.
    type: str
    choices: [ALL, NEW, NONE]
  features:
    description:
      - Protection features to enable automatically in member accounts. Features that are not listed are left
        alone.
    type: list
    elements: dict
    suboptions:
      name:
        description: The feature.
        type: str
        required: true
        choices: [S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS,
                  EKS_RUNTIME_MONITORING, RUNTIME_MONITORING, AI_PROTECTION]
      auto_enable:
        description: In which member accounts the feature is enabled automatically.
        type: str
        choices: [ALL, NEW, NONE]
        default: ALL
      additional_configuration:
        description: Additional configurations of the feature (agent management of runtime monitoring).
        type: list
        elements: dict
        suboptions:
          name:
            description: The configuration.
            type: str
            required: true
            choices: [EKS_ADDON_MANAGEMENT, ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT, RDS_DATA_RISK]
          auto_enable:
            description: In which member accounts the configuration is enabled automatically.
            type: str
            choices: [ALL, NEW, NONE]
            default: ALL
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: GuardDuty and its features on in every member account, present and future
  prodgrade.aws.guardduty_organization_configuration:
    auto_enable_organization_members: ALL
    features:
      - name: S3_DATA_EVENTS
      - name: EKS_AUDIT_LOGS
      - name: EBS_MALWARE_PROTECTION
      - name: RDS_LOGIN_EVENTS
      - name: LAMBDA_NETWORK_LOGS
      - name: RUNTIME_MONITORING
        auto_enable: NEW

- name: The same in every region of the organization, in one run
  prodgrade.aws.guardduty_organization_configuration:
    regions: [ap-south-1, us-east-1, eu-west-1]
    auto_enable_organization_members: ALL
"""

RETURN = r"""
organization_configuration:
  description: DescribeOrganizationConfiguration's answer (every page), snake_cased; predicted in check mode.
  returned: when O(regions) is not set
  type: dict
  contains:
    auto_enable_organization_members:
      description: Which member accounts get GuardDuty automatically.
      type: str
      sample: ALL
    auto_enable:
      description: The deprecated flag (true unless V(NONE)).
      type: bool
      sample: true
    member_account_limit_reached:
      description: Whether the organization reached the member account limit.
      type: bool
      sample: false
    features:
      description: Features and where they are enabled automatically.
      type: list
      elements: dict
      sample: [{"name": "S3_DATA_EVENTS", "auto_enable": "ALL", "additional_configuration": []}]
regions:
  description:
    - Each region's organization configuration (as RV(organization_configuration)), keyed by region. The diff has one entry per region.
  returned: always
  type: dict
  sample: {"us-east-1": {"organization_configuration": {"auto_enable_organization_members": "ALL"}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import EnsureResult
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import AUTO_ENABLE
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import clean_named
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import describe_organization_configuration
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import features_spec
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import features_to_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import find_detector_id
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import in_region
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import merge_named
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import update_organization_configuration
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import validate_features

ARGUMENT_SPEC = dict(
    **clients.REGIONS_OPTION,
    detector_id=dict(type="str"),
    auto_enable_organization_members=dict(type="str", choices=AUTO_ENABLE),
    features=features_spec("auto_enable", AUTO_ENABLE, "ALL"),
)


def differs(current, desired):
    keys = changed_keys(current, {k: v for k, v in desired.items() if k != "features"})
    have = current.get("features") or []
    if desired.get("features") and merge_named(have, desired["features"]) != have:
        keys.append("features")
    return keys


def predict(current, desired):
    after = merge(current, {k: v for k, v in desired.items() if k != "features"})
    after["features"] = merge_named((current or {}).get("features"), desired.get("features"))
    if after.get("auto_enable_organization_members"):
        after["auto_enable"] = after["auto_enable_organization_members"] != "NONE"
    return after


def update(client, detector_id, current, desired):
    # The API wants AutoEnableOrganizationMembers (or the deprecated AutoEnable) on every call: send the current
    # value when the task leaves it unset.
    members = desired["auto_enable_organization_members"] or current.get("auto_enable_organization_members") or "NONE"
    params = dict(AutoEnableOrganizationMembers=members)
    if "features" in differs(current, desired):
        params["Features"] = features_to_boto3(desired["features"], value_key="auto_enable")
    update_organization_configuration(client, detector_id, **params)
    return describe_organization_configuration(client, detector_id)


def converge(module, region, desired):
    p = module.params
    client = clients.client(module, "guardduty", region=region)
    with in_region(region):
        detector_id = p["detector_id"] or find_detector_id(client)
        if detector_id is None:
            if not module.check_mode:
                module.fail_json(
                    msg=f"No GuardDuty detector in this account in {region}: create it first (guardduty_detector)"
                )
            return EnsureResult(True, None, predict({}, desired), list(desired))
        return ensure(
            describe_organization_configuration(client, detector_id),
            desired,
            check_mode=module.check_mode,
            differs=differs,
            predict=predict,
            create=None,
            update=lambda c, d: update(client, detector_id, c, d),
            delete=None,
        )


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC, mutually_exclusive=[("detector_id", "regions")], supports_check_mode=True
    )
    p = module.params
    errors = validate_features(p["features"])
    if errors:
        module.fail_json(msg="; ".join(errors))
    desired = dict(
        auto_enable_organization_members=p["auto_enable_organization_members"], features=clean_named(p["features"])
    )
    try:
        result = clients.for_regions(
            module, lambda region: converge(module, region, desired), "organization_configuration"
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
