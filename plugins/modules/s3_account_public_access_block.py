#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: s3_account_public_access_block
short_description: Set S3 Block Public Access for a whole account
version_added: 0.1.0
description:
  - Sets the account-level S3 Block Public Access flags (s3control PutPublicAccessBlock), which apply to every
    bucket and access point of the account on top of their own settings, or removes them.
  - A flag that is not set is not compared and keeps its value (V(false) when the account has no configuration
    yet). Without any flag set, the module only returns the current configuration.
  - Supports check mode (returns the predicted configuration) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  account_id:
    description:
      - The account. When not set, the account of the credentials (STS GetCallerIdentity).
    type: str
  block_public_acls:
    description: Reject requests that add public ACLs to buckets and objects.
    type: bool
  ignore_public_acls:
    description: Ignore existing public ACLs.
    type: bool
  block_public_policy:
    description: Reject bucket and access point policies that grant public access.
    type: bool
  restrict_public_buckets:
    description: Restrict access to buckets with public policies to AWS services and the account's principals.
    type: bool
  state:
    description:
      - V(present) sets the flags; V(absent) deletes the account's configuration (every flag off).
    type: str
    choices: [present, absent]
    default: present
notes:
  - s3control addresses the account in the host name (C(<account>.s3-control.<region>.amazonaws.com)); with
    O(endpoint_url) botocore prefixes the account id to that host as well.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Block all public access to S3 in this account (CIS 2.1.4, FSBP S3.1)
  prodgrade.aws.s3_account_public_access_block:
    block_public_acls: true
    ignore_public_acls: true
    block_public_policy: true
    restrict_public_buckets: true

- name: Read the account's configuration
  prodgrade.aws.s3_account_public_access_block:
  register: s3_account_block
"""

RETURN = r"""
account_id:
  description: The account.
  returned: always
  type: str
  sample: "123456789012"
public_access_block_configuration:
  description:
    - The four flags, as GetPublicAccessBlock returns them, snake_cased; predicted in check mode. Empty when the
      account has no configuration.
  returned: always
  type: dict
  contains:
    block_public_acls:
      description: Whether public ACLs are rejected.
      type: bool
      sample: true
    ignore_public_acls:
      description: Whether public ACLs are ignored.
      type: bool
      sample: true
    block_public_policy:
      description: Whether public policies are rejected.
      type: bool
      sample: true
    restrict_public_buckets:
      description: Whether public buckets are restricted.
      type: bool
      sample: true
"""

import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.s3control import PUBLIC_ACCESS_BLOCK_FLAGS
from ansible_collections.prodgrade.aws.plugins.module_utils.s3control import delete_public_access_block
from ansible_collections.prodgrade.aws.plugins.module_utils.s3control import get_public_access_block
from ansible_collections.prodgrade.aws.plugins.module_utils.s3control import put_public_access_block
from ansible_collections.prodgrade.aws.plugins.module_utils.sts import caller_account_id

ARGUMENT_SPEC = dict(
    account_id=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **{flag: dict(type="bool") for flag in PUBLIC_ACCESS_BLOCK_FLAGS},
)
UNSET = dict.fromkeys(PUBLIC_ACCESS_BLOCK_FLAGS, False)


def predict(current, desired):
    return merge(current or UNSET, desired)


def put(client, account_id, current, desired):
    after = predict(current, desired)
    put_public_access_block(client, account_id, after)
    return get_public_access_block(client, account_id) or after


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    if p["account_id"] and not re.match(r"^\d{12}$", p["account_id"]):
        module.fail_json(msg=f"account_id must be a 12-digit account id: {p['account_id']}")
    flags = {flag: p[flag] for flag in PUBLIC_ACCESS_BLOCK_FLAGS}
    try:
        account_id = p["account_id"] or caller_account_id(module.client("sts"))
        client = module.client("s3control")
        current = get_public_access_block(client, account_id)
        desired = None
        if p["state"] == "present":
            desired = flags if current is not None or any(v is not None for v in flags.values()) else None
            if desired is None:  # nothing set and nothing to set: report only
                module.exit_json(changed=False, account_id=account_id, public_access_block_configuration={})
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            predict=predict,
            create=lambda d: put(client, account_id, None, d),
            update=lambda c, d: put(client, account_id, c, d),
            delete=lambda c: delete_public_access_block(client, account_id),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=result.changed,
        account_id=account_id,
        public_access_block_configuration=result.after or {},
        diff=result.diff,
    )


if __name__ == "__main__":
    main()
