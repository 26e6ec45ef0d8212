#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guardduty_publishing_destination
short_description: Export a GuardDuty detector's findings to an S3 bucket, encrypted with a KMS key
version_added: 0.1.0
description:
  - Creates, updates or deletes the S3 publishing destination of the region's GuardDuty detector (a detector
    exports to one S3 destination; an existing one is updated in place); or of each region's detector of
    O(regions), in one run.
  - With O(state=absent), a region without a detector has nothing to remove and is left unchanged.
  - The bucket policy must let GuardDuty write and the KMS key policy must let it encrypt; GuardDuty checks both
    when the destination is created or updated.
  - Supports check mode (returns the predicted destination) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  regions:
    description:
      - Regions to converge, each the same way, in one run (one module start, one boto3 session); each region's
        own detector is used, so O(detector_id) cannot be set with it.
      - When set, O(region) is not used and the result has RV(regions) instead of RV(destination).
    type: list
    elements: str
  detector_id:
    description:
      - Id of the detector. When not set, the region's detector.
    type: str
  destination_arn:
    description:
      - ARN of the bucket, optionally with a prefix, V(arn:aws:s3:::bucket/prefix). Required with O(state=present).
    type: str
  kms_key_arn:
    description:
      - ARN of the KMS key GuardDuty encrypts the exported findings with. Required with O(state=present).
    type: str
  state:
    description:
      - Whether the detector should export its findings.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Export findings to the log archive bucket
  prodgrade.aws.guardduty_publishing_destination:
    destination_arn: arn:aws:s3:::ecia-log-archive/guardduty
    kms_key_arn: arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab

- name: Every region's detector exports to the same bucket, in one run
  prodgrade.aws.guardduty_publishing_destination:
    regions: [us-east-1, eu-west-1]
    destination_arn: arn:aws:s3:::ecia-log-archive/guardduty
    kms_key_arn: arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab
"""

RETURN = r"""
destination:
  description:
    - The destination, as DescribePublishingDestination returns it, snake_cased, with the detector id. Predicted
      in check mode (without RV(destination.destination_id) when it would be created). Empty when absent.
  returned: when O(regions) is not set
  type: dict
  contains:
    detector_id:
      description: Id of the detector.
      type: str
      sample: 12abc34d567e8fa901bc2d34e56789f0
    destination_id:
      description: Id of the destination.
      returned: when the destination exists
      type: str
      sample: a1b2c3d4
    destination_type:
      description: Always V(S3).
      type: str
      sample: S3
    status:
      description: Publishing status.
      returned: when the destination exists
      type: str
      sample: PUBLISHING
    destination_properties:
      description: The bucket and key.
      type: dict
      contains:
        destination_arn:
          description: ARN of the bucket (and prefix).
          type: str
          sample: arn:aws:s3:::ecia-log-archive/guardduty
        kms_key_arn:
          description: ARN of the KMS key.
          type: str
          sample: arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab
regions:
  description:
    - Each region's destination (as RV(destination)), keyed by region. The diff has one entry per region.
  returned: always
  type: dict
  sample: {"us-east-1": {"destination": {"destination_type": "S3", "status": "PUBLISHING"}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import create_publishing_destination
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import delete_publishing_destination
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import describe_publishing_destination
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import find_detector_id
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import in_region
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import list_publishing_destinations
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import normalize_destination
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import update_publishing_destination
from ansible_collections.prodgrade.aws.plugins.module_utils.kms import is_key_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import BUCKET_NAME
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import arn_bucket

ARGUMENT_SPEC = dict(
    **clients.REGIONS_OPTION,
    detector_id=dict(type="str"),
    destination_arn=dict(type="str"),
    kms_key_arn=dict(type="str", no_log=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(p):
    errors = []
    if p["state"] == "present":
        errors += [f"state=present requires {k}" for k in ("destination_arn", "kms_key_arn") if not p[k]]
    if p["destination_arn"] and not BUCKET_NAME.match(arn_bucket(p["destination_arn"]) or ""):
        errors.append(
            f"destination_arn must be an S3 bucket ARN (arn:aws:s3:::bucket[/prefix]): {p['destination_arn']}"
        )
    if p["kms_key_arn"] and not is_key_arn(p["kms_key_arn"]):
        errors.append(
            f"kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or key id: "
            f"{p['kms_key_arn']}"
        )
    return errors


def find_destination(client, detector_id):
    for summary in list_publishing_destinations(client, detector_id):
        if summary.get("DestinationType") == "S3":
            found = describe_publishing_destination(client, detector_id, summary["DestinationId"])
            if found:
                return normalize_destination(detector_id, found)
    return None


def create(client, detector_id, desired):
    destination_id = create_publishing_destination(
        client,
        detector_id,
        DestinationType="S3",
        DestinationProperties=properties(desired),
    )
    found = describe_publishing_destination(client, detector_id, destination_id)
    return normalize_destination(detector_id, found) if found else dict(desired, destination_id=destination_id)


def update(client, current, desired):
    detector_id, destination_id = current["detector_id"], current["destination_id"]
    update_publishing_destination(client, detector_id, destination_id, DestinationProperties=properties(desired))
    found = describe_publishing_destination(client, detector_id, destination_id)
    return normalize_destination(detector_id, found) if found else dict(current, **desired)


def properties(desired):
    props = desired["destination_properties"]
    return dict(DestinationArn=props["destination_arn"], KmsKeyArn=props["kms_key_arn"])


def converge(module, region):
    p = module.params
    client = clients.client(module, "guardduty", region=region)
    with in_region(region):
        detector_id = p["detector_id"] or find_detector_id(client)
        if detector_id is None and p["state"] == "present" and not module.check_mode:
            module.fail_json(
                msg=f"No GuardDuty detector in this account in {region}: create it first (guardduty_detector)"
            )
        current = find_destination(client, detector_id) if detector_id else None
        desired = None
        if p["state"] == "present":
            desired = dict(
                detector_id=detector_id,
                destination_type="S3",
                destination_properties=dict(destination_arn=p["destination_arn"], kms_key_arn=p["kms_key_arn"]),
            )
        return ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=lambda d: create(client, detector_id, d),
            update=lambda c, d: update(client, c, d),
            delete=lambda c: delete_publishing_destination(client, c["detector_id"], c["destination_id"]),
        )


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC, mutually_exclusive=[("detector_id", "regions")], supports_check_mode=True
    )
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))
    try:
        result = clients.for_regions(module, lambda region: converge(module, region), "destination")
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
