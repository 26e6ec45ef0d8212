#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guardduty_detector
short_description: Manage the GuardDuty detector of an account and region, with its protection features
version_added: 0.1.0
description:
  - Creates, updates or deletes the GuardDuty detector of the account in the region (there is at most one), or in
    each region of O(regions) in one run.
  - Protection features (S3 data events, EKS audit logs, EBS malware protection, RDS login events, runtime
    monitoring, Lambda network logs ...) are listed in O(features); features that are not listed are left alone.
  - An option that is not set is not compared and leaves that setting of an existing detector alone.
  - Supports check mode (returns the predicted detector without changing anything) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  regions:
    description:
      - Regions to converge, each to the same settings, in one run (one module start, one boto3 session).
      - When set, O(region) is not used and the result has RV(regions) instead of RV(detector).
    type: list
    elements: str
  enabled:
    description:
      - Whether the detector is enabled (produces findings).
    type: bool
    default: true
  finding_publishing_frequency:
    description:
      - How often updated findings are exported to EventBridge (and S3). AWS's default is V(SIX_HOURS).
    type: str
    choices: [FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS]
  features:
    description:
      - Protection features to set. Features that are not listed keep their status.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - The feature. V(RUNTIME_MONITORING) covers EKS, ECS and EC2 and supersedes V(EKS_RUNTIME_MONITORING);
            list one of them, not both.
        type: str
        required: true
        choices: [S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS,
                  EKS_RUNTIME_MONITORING, RUNTIME_MONITORING, AI_PROTECTION]
      status:
        description: Whether the feature is enabled.
        type: str
        choices: [ENABLED, DISABLED]
        default: ENABLED
      additional_configuration:
        description:
          - Additional configurations of the feature (agent management of runtime monitoring). Configurations that
            are not listed are left alone.
        type: list
        elements: dict
        suboptions:
          name:
            description:
              - The configuration. V(EKS_ADDON_MANAGEMENT) belongs to V(RUNTIME_MONITORING) or
                V(EKS_RUNTIME_MONITORING); V(ECS_FARGATE_AGENT_MANAGEMENT) and V(EC2_AGENT_MANAGEMENT) to
                V(RUNTIME_MONITORING).
            type: str
            required: true
            choices: [EKS_ADDON_MANAGEMENT, ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT, RDS_DATA_RISK]
          status:
            description: Whether the configuration is enabled.
            type: str
            choices: [ENABLED, DISABLED]
            default: ENABLED
  state:
    description:
      - Whether the detector should exist. V(absent) deletes it (and with it its findings and settings).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: GuardDuty with the protection features of the security baseline
  prodgrade.aws.guardduty_detector:
    finding_publishing_frequency: FIFTEEN_MINUTES
    features:
      - name: S3_DATA_EVENTS
      - name: EKS_AUDIT_LOGS
      - name: EBS_MALWARE_PROTECTION
      - name: RDS_LOGIN_EVENTS
      - name: LAMBDA_NETWORK_LOGS
      - name: RUNTIME_MONITORING
        additional_configuration:
          - name: EKS_ADDON_MANAGEMENT
          - name: ECS_FARGATE_AGENT_MANAGEMENT
          - name: EC2_AGENT_MANAGEMENT
    tags:
      Owner: security
  register: guardduty

- name: The same detector in every region of the organization, in one run
  prodgrade.aws.guardduty_detector:
    regions: [ap-south-1, us-east-1, eu-west-1]
    finding_publishing_frequency: FIFTEEN_MINUTES
    features:
      - name: S3_DATA_EVENTS
  register: guardduty_all

- name: Suspend the detector (keeps its settings and findings)
  prodgrade.aws.guardduty_detector:
    enabled: false

- name: Delete the detector
  prodgrade.aws.guardduty_detector:
    state: absent
"""

RETURN = r"""
detector:
  description:
    - The detector, as returned by GetDetector, snake_cased, with its id; tags as a dict.
    - In check mode, the predicted detector (without RV(detector.detector_id) when it would be created).
      An empty dict when O(state=absent).
  returned: when O(regions) is not set
  type: dict
  contains:
    detector_id:
      description: Id of the detector.
      returned: when the detector exists
      type: str
      sample: 12abc34d567e8fa901bc2d34e56789f0
    status:
      description: V(ENABLED) or V(DISABLED).
      returned: when the detector exists
      type: str
      sample: ENABLED
    finding_publishing_frequency:
      description: How often updated findings are exported.
      returned: when the detector exists
      type: str
      sample: FIFTEEN_MINUTES
    service_role:
      description: The GuardDuty service-linked role.
      returned: when the detector exists
      type: str
      sample: arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty
    created_at:
      description: When the detector was created.
      returned: when the detector exists
      type: str
      sample: "2024-01-01T00:00:00.000Z"
    updated_at:
      description: When the detector was last updated.
      returned: when the detector exists
      type: str
      sample: "2024-01-01T00:00:00.000Z"
    data_sources:
      description: Status of the (legacy) data sources.
      returned: when the detector exists
      type: dict
    features:
      description: Protection features and their status.
      returned: when the detector exists
      type: list
      elements: dict
      sample: [{"name": "S3_DATA_EVENTS", "status": "ENABLED", "additional_configuration": []}]
    tags:
      description: Tags of the detector.
      returned: when the detector exists
      type: dict
      sample: {"Owner": "security"}
regions:
  description:
    - Each region's detector (as RV(detector)), keyed by region. The diff has one entry per region.
  returned: always
  type: dict
  sample: {"us-east-1": {"detector": {"detector_id": "12abc34d567e8fa901bc2d34e56789f0", "status": "ENABLED"}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import FINDING_PUBLISHING_FREQUENCIES
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import clean_named
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import create_detector
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import delete_detector
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import describe_detector
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import detector_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import features_spec
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import features_to_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import in_region
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import merge_named
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import update_detector
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import validate_features

ARGUMENT_SPEC = dict(
    **clients.REGIONS_OPTION,
    enabled=dict(type="bool", default=True),
    finding_publishing_frequency=dict(type="str", choices=FINDING_PUBLISHING_FREQUENCIES),
    features=features_spec("status", ["ENABLED", "DISABLED"], "ENABLED"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
SETTINGS = ("status", "finding_publishing_frequency")


def desired_detector(p, current):
    if p["state"] == "absent":
        return None
    desired = dict(
        status="ENABLED" if p["enabled"] else "DISABLED",
        finding_publishing_frequency=p["finding_publishing_frequency"],
        features=clean_named(p["features"]),
        tags=None,
    )
    if p["tags"] is not None:
        desired["tags"] = dict(p["tags"]) if p["purge_tags"] else dict((current or {}).get("tags") or {}, **p["tags"])
    return desired


def differs(current, desired):
    keys = changed_keys(current, {k: v for k, v in desired.items() if k != "features"})
    have = (current or {}).get("features") or []
    if desired.get("features") and merge_named(have, desired["features"]) != have:
        keys.append("features")
    return keys


def predict(current, desired):
    after = merge(current, {k: v for k, v in desired.items() if k != "features"})
    after["features"] = merge_named((current or {}).get("features"), desired.get("features"))
    after.setdefault("tags", {})
    return after


def create(client, desired):
    params = dict(Enable=desired["status"] == "ENABLED")
    if desired["finding_publishing_frequency"]:
        params["FindingPublishingFrequency"] = desired["finding_publishing_frequency"]
    if desired["features"]:
        params["Features"] = features_to_boto3(desired["features"])
    if desired["tags"]:
        params["Tags"] = desired["tags"]
    detector_id = create_detector(client, **params)
    return describe_detector(client, detector_id) or dict(predict(None, desired), detector_id=detector_id)


def update(client, module, region, current, desired):
    keys = differs(current, desired)
    params = {}
    if "status" in keys:
        params["Enable"] = desired["status"] == "ENABLED"
    if "finding_publishing_frequency" in keys:
        params["FindingPublishingFrequency"] = desired["finding_publishing_frequency"]
    if "features" in keys:
        params["Features"] = features_to_boto3(desired["features"])
    if params:
        update_detector(client, current["detector_id"], **params)
    if "tags" in keys:
        p = module.params
        ensure_tags(client, detector_arn(current, region), current.get("tags"), p["tags"], p["purge_tags"])
    return describe_detector(client, current["detector_id"]) or predict(current, desired)


def converge(module, region):
    p = module.params
    client = clients.client(module, "guardduty", region=region)
    with in_region(region):
        current = describe_detector(client)
        return ensure(
            current,
            desired_detector(p, current),
            check_mode=module.check_mode,
            differs=differs,
            predict=predict,
            create=lambda d: create(client, d),
            update=lambda c, d: update(client, module, region, c, d),
            delete=lambda c: delete_detector(client, c["detector_id"]),
        )


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    errors = validate_features(module.params["features"])
    if errors:
        module.fail_json(msg="; ".join(errors))
    try:
        result = clients.for_regions(module, lambda region: converge(module, region), "detector")
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
