#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: iam_password_policy_info
short_description: Read the IAM password policy of an account
version_added: 0.1.0
description:
  - Returns the account's IAM password policy (GetAccountPasswordPolicy). An account without a password policy is
    not an error; RV(exists) is then false. M(amazon.aws.iam_password_policy) sets the policy but has no way to
    only read it (it writes even in check mode).
author:
  - prodgrade.aws maintainers (@prodgrade)
options: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Password policy (CIS 1.8, 1.9)
  prodgrade.aws.iam_password_policy_info:
  register: password_policy

- name: At least 14 characters
  ansible.builtin.assert:
    that: password_policy.password_policy.minimum_password_length >= 14
"""

RETURN = r"""
exists:
  description: Whether the account has a password policy.
  returned: always
  type: bool
  sample: true
password_policy:
  description: The policy as GetAccountPasswordPolicy returns it, snake_cased; empty when there is none.
  returned: always
  type: dict
  sample:
    minimum_password_length: 14
    require_symbols: true
    require_numbers: true
    require_uppercase_characters: true
    require_lowercase_characters: true
    allow_users_to_change_password: true
    expire_passwords: true
    max_password_age: 90
    password_reuse_prevention: 24
    hard_expiry: false
"""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.iam import get_password_policy


def main():
    module = AnsibleAWSModule(argument_spec={}, supports_check_mode=True)
    try:
        policy = get_password_policy(module.client("iam"))
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=False, exists=policy is not None, password_policy=camel_dict_to_snake_dict(policy or {}))


if __name__ == "__main__":
    main()
