#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_ebs_default_encryption_info
short_description: Read whether EBS encryption by default is on in a region, and with which KMS key
version_added: 0.1.0
description:
  - Returns GetEbsEncryptionByDefault and GetEbsDefaultKmsKeyId for the account in the region.
author:
  - prodgrade.aws maintainers (@prodgrade)
options: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: EBS encryption by default (CIS 2.2.1)
  prodgrade.aws.ec2_ebs_default_encryption_info:
  register: ebs_default
"""

RETURN = r"""
ebs_default_encryption:
  description: The region's setting.
  returned: always
  type: dict
  contains:
    ebs_encryption_by_default:
      description: Whether new volumes are encrypted by default.
      type: bool
      sample: true
    kms_key_id:
      description: ARN of the default key, or V(alias/aws/ebs) for the AWS managed key.
      type: str
      sample: alias/aws/ebs
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import ebs_default_encryption


def main():
    module = AnsibleAWSModule(argument_spec={}, supports_check_mode=True)
    try:
        setting = ebs_default_encryption(module.client("ec2"))
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(ebs_default_encryption=setting)


if __name__ == "__main__":
    main()
