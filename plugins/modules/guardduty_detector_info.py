#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guardduty_detector_info
short_description: Read the GuardDuty detector of an account and region, its features and publishing destinations
version_added: 0.1.0
description:
  - Returns the region's GuardDuty detector (GetDetector) with its protection features and, optionally, its
    publishing destinations. RV(detector) is an empty dict when GuardDuty is not enabled in the region.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  detector_id:
    description:
      - Id of the detector. When not set, the region's detector (there is at most one).
    type: str
  publishing_destinations:
    description:
      - Whether to also return the detector's publishing destinations (one DescribePublishingDestination call
        each).
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Is GuardDuty on, and with which features?
  prodgrade.aws.guardduty_detector_info:
  register: guardduty

- name: Assert S3 protection is enabled
  ansible.builtin.assert:
    that:
      - guardduty.detector.status == 'ENABLED'
      - >-
        guardduty.detector.features | selectattr('name', 'equalto', 'S3_DATA_EVENTS')
        | map(attribute='status') | first == 'ENABLED'
"""

RETURN = r"""
detector:
  description:
    - The detector, as returned by GetDetector, snake_cased, with its id; tags as a dict. Empty when there is none.
    - See M(prodgrade.aws.guardduty_detector) for the keys.
  returned: always
  type: dict
  sample:
    detector_id: 12abc34d567e8fa901bc2d34e56789f0
    status: ENABLED
    finding_publishing_frequency: FIFTEEN_MINUTES
    features: [{"name": "S3_DATA_EVENTS", "status": "ENABLED", "additional_configuration": []}]
    tags: {}
publishing_destinations:
  description: The detector's publishing destinations, as DescribePublishingDestination returns them, snake_cased.
  returned: when O(publishing_destinations=true)
  type: list
  elements: dict
  sample:
    - destination_id: a1b2c3
      destination_type: S3
      status: PUBLISHING
      destination_properties:
        destination_arn: arn:aws:s3:::log-archive/guardduty
        kms_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import describe_detector
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import describe_publishing_destination
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import list_publishing_destinations
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import normalize_destination

ARGUMENT_SPEC = dict(
    detector_id=dict(type="str"),
    publishing_destinations=dict(type="bool", default=True),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    client = module.client("guardduty")
    result = {}
    try:
        detector = describe_detector(client, module.params["detector_id"]) or {}
        result["detector"] = detector
        if module.params["publishing_destinations"]:
            destinations = []
            for summary in list_publishing_destinations(client, detector["detector_id"]) if detector else []:
                found = describe_publishing_destination(client, detector["detector_id"], summary["DestinationId"])
                if found:
                    destinations.append(normalize_destination(detector["detector_id"], found))
            result["publishing_destinations"] = destinations
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
