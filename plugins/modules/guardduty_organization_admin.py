#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guardduty_organization_admin
short_description: Delegate GuardDuty administration of the organization to a member account
version_added: 0.1.0
description:
  - Run in the organization's management account. Makes O(admin_account_id) the GuardDuty delegated
    administrator of the organization in the region (EnableOrganizationAdminAccount), or removes the delegation.
  - An organization has one GuardDuty delegated administrator. When another account is delegated, the module fails
    naming it (remove that delegation first with O(state=absent)); it never replaces one silently.
  - Supports check mode and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  admin_account_id:
    description:
      - The 12-digit id of the member account to delegate to (usually the audit / security tooling account).
    type: str
    required: true
  state:
    description:
      - Whether the account should be the delegated administrator.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Delegate GuardDuty to the audit account
  prodgrade.aws.guardduty_organization_admin:
    admin_account_id: "222222222222"
"""

RETURN = r"""
admin_account:
  description: The delegated administrator as ListOrganizationAdminAccounts returns it, snake_cased; empty if none.
  returned: always
  type: dict
  contains:
    admin_account_id:
      description: Account id.
      type: str
      sample: "222222222222"
    admin_status:
      description: V(ENABLED) or V(DISABLE_IN_PROGRESS).
      type: str
      sample: ENABLED
"""

import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import disable_organization_admin_account
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import enable_organization_admin_account
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import list_organization_admin_accounts

ARGUMENT_SPEC = dict(
    admin_account_id=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    account_id, state = module.params["admin_account_id"], module.params["state"]
    if not re.match(r"^\d{12}$", account_id):
        module.fail_json(msg=f"admin_account_id must be a 12-digit account id: {account_id}")
    client = module.client("guardduty")
    try:
        admins = [camel_dict_to_snake_dict(a) for a in list_organization_admin_accounts(client)]
        current = next((a for a in admins if a["admin_account_id"] == account_id), None)
        others = [a["admin_account_id"] for a in admins if a["admin_account_id"] != account_id]
        if state == "present" and others:
            module.fail_json(
                msg=f"GuardDuty's delegated administrator is {', '.join(others)}, not {account_id}: an organization "
                "has one; remove that delegation first (state=absent)",
                admin_account=camel_dict_to_snake_dict(admins[0]),
            )
        desired = dict(admin_account_id=account_id, admin_status="ENABLED") if state == "present" else None
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=lambda d: enable_organization_admin_account(client, account_id) and d,
            update=lambda c, d: enable_organization_admin_account(client, account_id) and d,
            delete=lambda c: disable_organization_admin_account(client, account_id),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, admin_account=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
