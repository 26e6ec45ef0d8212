#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_organization_admin
short_description: Delegate Security Hub administration of the organization to a member account
version_added: 0.1.0
description:
  - Run in the organization's management account. Makes O(admin_account_id) the Security Hub delegated
    administrator of the organization in the region (EnableOrganizationAdminAccount), or removes the delegation;
    or in each region of O(regions), in one run.
  - An organization has one Security Hub delegated administrator. When another account is delegated, the module fails
    naming it (remove that delegation first with O(state=absent)); it never replaces one silently.
  - Supports check mode and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  regions:
    description:
      - Regions to converge, each the same way, in one run (one module start, one boto3 session).
      - When set, O(region) is not used and the result has RV(regions) instead of RV(admin_account).
    type: list
    elements: str
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
- name: Delegate Security Hub to the audit account
  prodgrade.aws.securityhub_organization_admin:
    admin_account_id: "222222222222"

- name: Delegate Security Hub to the audit account in every region of the organization, in one run
  prodgrade.aws.securityhub_organization_admin:
    regions: [ap-south-1, us-east-1, eu-west-1]
    admin_account_id: "222222222222"
"""

RETURN = r"""
admin_account:
  description: The delegated administrator as ListOrganizationAdminAccounts returns it, snake_cased; empty if none.
  returned: when O(regions) is not set
  type: dict
  contains:
    account_id:
      description: Account id.
      type: str
      sample: "222222222222"
    status:
      description: V(ENABLED) or V(DISABLE_IN_PROGRESS).
      type: str
      sample: ENABLED
regions:
  description:
    - Each region's delegated administrator (as RV(admin_account)), keyed by region. The diff has one entry per region.
  returned: always
  type: dict
  sample: {"us-east-1": {"admin_account": {"account_id": "222222222222"}}}
"""

from ansible_collections.prodgrade.aws.plugins.module_utils.delegated_admin import disable_organization_admin_account
from ansible_collections.prodgrade.aws.plugins.module_utils.delegated_admin import enable_organization_admin_account
from ansible_collections.prodgrade.aws.plugins.module_utils.delegated_admin import list_organization_admin_accounts
from ansible_collections.prodgrade.aws.plugins.module_utils.delegated_admin import run_delegated_admin_module


def main():
    run_delegated_admin_module(
        "securityhub",
        "Security Hub",
        list_organization_admin_accounts,
        enable_organization_admin_account,
        disable_organization_admin_account,
        id_key="account_id",
        enabled=dict(status="ENABLED"),
    )


if __name__ == "__main__":
    main()
