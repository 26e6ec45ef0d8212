#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_ebs_default_encryption
short_description: Turn EBS encryption by default on or off in one or more regions, and choose its KMS key
version_added: 0.1.0
description:
  - Enables (O(state=present)) or disables (O(state=absent)) EBS encryption by default for the account in the
    region, and sets the default KMS key new volumes are encrypted with.
  - The setting is per region; O(regions) converges every region the account uses in one module run (a region
    that already has the setting is only read).
  - O(kms_key_id) that is not set leaves the current default key alone.
  - Supports check mode (returns the predicted setting) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  kms_key_id:
    description:
      - The default KMS key, by key ARN, key id, alias name (V(alias/ebs-default)) or alias ARN; the module
        resolves it to the key ARN (KMS DescribeKey) to compare it. V(alias/aws/ebs) is the AWS managed key.
      - With O(regions), an alias or key id is resolved in each region (a key ARN names one region's key).
      - Only with O(state=present).
    type: str
  regions:
    description:
      - Regions to converge, each as O(region) would; the result then has one entry a region in RV(regions)
        instead of RV(ebs_default_encryption).
    type: list
    elements: str
  state:
    description: Whether EBS encryption by default is enabled.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Encrypt new EBS volumes with the account's key (CIS 2.2.1, FSBP EC2.7)
  prodgrade.aws.ec2_ebs_default_encryption:
    kms_key_id: alias/ecia-prod-ebs

- name: Encrypt with the AWS managed key in three regions
  prodgrade.aws.ec2_ebs_default_encryption:
    regions: [eu-west-1, eu-central-1, us-east-1]
    kms_key_id: alias/aws/ebs
"""

RETURN = r"""
ebs_default_encryption:
  description: The region's setting; predicted in check mode.
  returned: without O(regions)
  type: dict
  contains:
    ebs_encryption_by_default:
      description: Whether new volumes are encrypted by default.
      type: bool
      sample: true
    kms_key_id:
      description: ARN of the default key, or V(alias/aws/ebs) for the AWS managed key.
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
regions:
  description: Each region's RV(ebs_default_encryption), by region.
  returned: always
  type: dict
  sample: {"eu-west-1": {"ebs_default_encryption": {"ebs_encryption_by_default": true, "kms_key_id": "alias/aws/ebs"}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import AWS_MANAGED_EBS_KEY
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import ebs_default_encryption
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import set_ebs_default_kms_key_id
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import set_ebs_encryption_by_default
from ansible_collections.prodgrade.aws.plugins.module_utils.kms import is_key_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.kms import kms_key_arn

ARGUMENT_SPEC = dict(
    kms_key_id=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **clients.REGIONS_OPTION,
)


def resolve_key(module, key_id, region):
    if key_id is None or key_id == AWS_MANAGED_EBS_KEY or is_key_arn(key_id):
        return key_id
    arn = kms_key_arn(clients.client(module, "kms", region=region), key_id)
    if arn is None and not module.check_mode:
        module.fail_json(msg=f"kms_key_id {key_id} not found in {region}")
    return arn or key_id  # check mode: the key may be created by an earlier (checked) task


def update(client, current, desired):
    keys = changed_keys(current, desired)
    if "kms_key_id" in keys:
        set_ebs_default_kms_key_id(client, desired["kms_key_id"])
    if "ebs_encryption_by_default" in keys:
        set_ebs_encryption_by_default(client, desired["ebs_encryption_by_default"])
    return ebs_default_encryption(client)


def converge(module, region):
    p = module.params
    client = clients.client(module, "ec2", region=region)
    desired = dict(
        ebs_encryption_by_default=p["state"] == "present",
        kms_key_id=resolve_key(module, p["kms_key_id"], region),
    )
    return ensure(
        ebs_default_encryption(client),
        desired,
        check_mode=module.check_mode,
        create=None,
        update=lambda c, d: update(client, c, d),
        delete=None,
    )


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    if p["kms_key_id"] and p["state"] == "absent":
        module.fail_json(msg="kms_key_id is only used with state=present")
    at = []  # the region being converged, named in an error

    def converge_in(region):
        at[:] = [region]
        return converge(module, region)

    try:
        result = clients.for_regions(module, converge_in, "ebs_default_encryption")
    except AnsibleAWSError as e:
        if p["regions"]:
            e.message = f"{e.message} in {at[0]}"
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
