#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: sns_topic_encryption
short_description: Encrypt an SNS topic at rest with a KMS key
version_added: 0.1.0
description:
  - Sets (O(state=present)) or removes (O(state=absent)) the server-side encryption key of an existing SNS topic
    (the C(KmsMasterKeyId) attribute), which M(community.aws.sns_topic) cannot set. Create the topic with
    M(community.aws.sns_topic) first.
  - The key policy must let the services that publish to the topic (EventBridge, CloudWatch) use the key; the AWS
    managed key V(alias/aws/sns) does not.
  - Supports check mode (returns the predicted setting) and diff mode. In check mode, a topic that does not exist
    yet (an earlier task would create it) is predicted rather than reported missing.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  topic_arn:
    description: ARN of the topic.
    type: str
    required: true
  kms_master_key_id:
    description:
      - The key, as AWS stores it (key id, key ARN, alias name V(alias/name) or alias ARN); compared as given.
        Required with O(state=present).
    type: str
  state:
    description: Whether the topic is encrypted with O(kms_master_key_id).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Alerts topic encrypted with the account's alerts key (FSBP SNS.1)
  prodgrade.aws.sns_topic_encryption:
    topic_arn: arn:aws:sns:ap-south-1:123456789012:ecia-security-alerts
    kms_master_key_id: alias/ecia-security-alerts
"""

RETURN = r"""
topic_encryption:
  description: The topic and its key; predicted in check mode.
  returned: always
  type: dict
  contains:
    topic_arn:
      description: ARN of the topic.
      type: str
      sample: arn:aws:sns:ap-south-1:123456789012:ecia-security-alerts
    kms_master_key_id:
      description: The key; empty when the topic is not encrypted.
      type: str
      sample: alias/ecia-security-alerts
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.sns import set_topic_kms_key
from ansible_collections.prodgrade.aws.plugins.module_utils.sns import topic_encryption

ARGUMENT_SPEC = dict(
    topic_arn=dict(type="str", required=True),
    kms_master_key_id=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        supports_check_mode=True,
        required_if=[("state", "present", ["kms_master_key_id"])],
    )
    p = module.params
    if not p["topic_arn"].startswith("arn:") or ":sns:" not in p["topic_arn"]:
        module.fail_json(msg=f"topic_arn must be an SNS topic ARN, got '{p['topic_arn']}'")
    client = module.client("sns")
    key = p["kms_master_key_id"] if p["state"] == "present" else ""
    try:
        current = topic_encryption(client, p["topic_arn"])
        if current is None:
            if not module.check_mode:
                module.fail_json(msg=f"topic {p['topic_arn']} does not exist")
            current = dict(topic_arn=p["topic_arn"], kms_master_key_id="")
        result = ensure(
            current,
            dict(topic_arn=p["topic_arn"], kms_master_key_id=key),
            check_mode=module.check_mode,
            create=None,
            update=lambda c, d: set_topic_kms_key(client, c["topic_arn"], d["kms_master_key_id"])
            and topic_encryption(client, c["topic_arn"]),
            delete=None,
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, topic_encryption=result.after, diff=result.diff)


if __name__ == "__main__":
    main()
