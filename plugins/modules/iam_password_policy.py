#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: iam_password_policy
short_description: Set or delete the IAM password policy of an account, writing only what differs
version_added: 0.1.0
description:
  - Makes the account's IAM password policy the one given. The policy is read with GetAccountPasswordPolicy (an
    account without one answers NoSuchEntity, no policy) and UpdateAccountPasswordPolicy is called only when it is
    missing or differs in one of the options. M(amazon.aws.iam_password_policy) calls UpdateAccountPasswordPolicy
    on every run, also in check mode.
  - UpdateAccountPasswordPolicy resets every parameter it is not given to AWS's default, so every option here has
    that default and the whole policy is compared and sent.
  - The options are GetAccountPasswordPolicy's fields, snake_cased. M(amazon.aws.iam_password_policy)'s names map
    as C(min_pw_length) = O(minimum_password_length), C(require_uppercase) = O(require_uppercase_characters),
    C(require_lowercase) = O(require_lowercase_characters), C(allow_pw_change) = O(allow_users_to_change_password),
    C(pw_max_age) = O(max_password_age), C(pw_reuse_prevent) = O(password_reuse_prevention) and C(pw_expire) =
    O(hard_expiry) (it sets HardExpiry, not the expiry itself, which O(max_password_age) sets).
  - With O(state=absent) the account's password policy is deleted (the options are ignored).
  - Supports check mode (returns the predicted policy) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  minimum_password_length:
    description: Minimum number of characters of a password (6 to 128).
    type: int
    default: 6
  require_symbols:
    description: Whether a password needs one of the non-alphanumeric characters IAM lists, such as V(!), V(%) or V(|).
    type: bool
    default: false
  require_numbers:
    description: Whether a password needs a digit.
    type: bool
    default: false
  require_uppercase_characters:
    description: Whether a password needs an uppercase letter (A to Z).
    type: bool
    default: false
  require_lowercase_characters:
    description: Whether a password needs a lowercase letter (a to z).
    type: bool
    default: false
  allow_users_to_change_password:
    description: Whether IAM users may change their own password in the console.
    type: bool
    default: false
  max_password_age:
    description: Days a password stays valid (1 to 1095); V(0) for passwords that never expire.
    type: int
    default: 0
  password_reuse_prevention:
    description: Number of previous passwords a user may not reuse (1 to 24); V(0) to allow any.
    type: int
    default: 0
  hard_expiry:
    description:
      - Whether a user whose password expired needs an administrator to reset it (V(false) lets the user set a
        new one at sign-in).
    type: bool
    default: false
  state:
    description: Whether the account has this password policy (V(absent) deletes the account's password policy).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: CIS v3.0.0 1.8 and 1.9, every character class (FSBP IAM.7), expiry after 90 days
  prodgrade.aws.iam_password_policy:
    minimum_password_length: 14
    password_reuse_prevention: 24
    max_password_age: 90
    require_symbols: true
    require_numbers: true
    require_uppercase_characters: true
    require_lowercase_characters: true
    allow_users_to_change_password: true

- name: No password policy
  prodgrade.aws.iam_password_policy:
    state: absent
"""

RETURN = r"""
password_policy:
  description: The account's password policy after the change (predicted in check mode); empty when there is none.
  returned: always
  type: dict
  contains:
    minimum_password_length:
      description: Minimum number of characters.
      type: int
      sample: 14
    require_symbols:
      description: Whether a symbol is needed.
      type: bool
      sample: true
    require_numbers:
      description: Whether a digit is needed.
      type: bool
      sample: true
    require_uppercase_characters:
      description: Whether an uppercase letter is needed.
      type: bool
      sample: true
    require_lowercase_characters:
      description: Whether a lowercase letter is needed.
      type: bool
      sample: true
    allow_users_to_change_password:
      description: Whether users may change their password.
      type: bool
      sample: true
    max_password_age:
      description: Days a password is valid, 0 when passwords do not expire.
      type: int
      sample: 90
    password_reuse_prevention:
      description: Previous passwords that may not be reused, 0 when reuse is allowed.
      type: int
      sample: 24
    hard_expiry:
      description: Whether an expired password needs an administrator.
      type: bool
      sample: false
    expire_passwords:
      description: Whether passwords expire (O(max_password_age) above 0).
      type: bool
      sample: true
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.iam import PASSWORD_POLICY_DEFAULTS
from ansible_collections.prodgrade.aws.plugins.module_utils.iam import delete_password_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.iam import get_password_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.iam import normalize_password_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.iam import update_password_policy

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "absent"]),
    # no_log=False: settings of the policy, not secrets (Ansible warns about option names with "password").
    **{
        key: dict(type="bool" if isinstance(default, bool) else "int", default=default, no_log=False)
        for key, default in PASSWORD_POLICY_DEFAULTS.items()
    },
)
# UpdateAccountPasswordPolicy's ranges (botocore's IAM model); 0 = not set for the two that are optional.
RANGES = dict(minimum_password_length=(6, 128), max_password_age=(0, 1095), password_reuse_prevention=(0, 24))


def validate_params(p):
    return [
        f"{key} must be between {low} and {high}: {p[key]}"
        for key, (low, high) in RANGES.items()
        if not low <= p[key] <= high
    ]


def predict(current, desired):
    return dict(desired, expire_passwords=desired["max_password_age"] > 0)


def put(client, desired):
    update_password_policy(client, desired)
    return predict(None, desired)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    desired = {key: p[key] for key in PASSWORD_POLICY_DEFAULTS} if p["state"] == "present" else None
    try:
        client = clients.client(module, "iam")
        found = get_password_policy(client)
        current = normalize_password_policy(found) if found is not None else None
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            predict=predict,
            create=lambda d: put(client, d),
            update=lambda c, d: put(client, d),
            delete=lambda c: delete_password_policy(client),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, password_policy=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
