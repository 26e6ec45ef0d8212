#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_delegated_administrator
short_description: Register or deregister an account as delegated administrator of an AWS service
version_added: 0.1.0
description:
  - Makes a member account the delegated administrator of an AWS service for the organization
    (RegisterDelegatedAdministrator), or removes it (DeregisterDelegatedAdministrator).
  - Many services need trusted access first (O(prodgrade.aws.organizations_organization#module:trusted_services)).
    Some services (GuardDuty, Security Hub) have their own "organization admin account" API as well; use their
    modules for that.
  - Supports check mode and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  account_id:
    description:
      - Id of the member account. The management account cannot be a delegated administrator.
    type: str
    required: true
  service_principal:
    description:
      - Service principal of the AWS service, for example V(securityhub.amazonaws.com).
    type: str
    required: true
  state:
    description:
      - Whether the account should be a delegated administrator of the service.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The audit account administers Config for the organization
  prodgrade.aws.organizations_delegated_administrator:
    account_id: "333333333333"
    service_principal: config.amazonaws.com

- name: No longer
  prodgrade.aws.organizations_delegated_administrator:
    account_id: "333333333333"
    service_principal: config.amazonaws.com
    state: absent
"""

RETURN = r"""
delegated_administrator:
  description:
    - The registration. In check mode, the predicted one. An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    account_id:
      description: Id of the account.
      type: str
      sample: "333333333333"
    service_principal:
      description: Service principal.
      type: str
      sample: config.amazonaws.com
    name:
      description: Name of the account.
      type: str
      sample: audit
    email:
      description: Email of the account.
      type: str
      sample: aws-audit@example.com
    delegation_enabled_date:
      description: When the account became delegated administrator (any service).
      type: str
      sample: "2024-01-01T00:00:00+00:00"
"""

import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import deregister_delegated_administrator
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_delegated_administrators
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import register_delegated_administrator

ARGUMENT_SPEC = dict(
    account_id=dict(type="str", required=True),
    service_principal=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def find(client, account_id, service_principal):
    for admin in list_delegated_administrators(client, service_principal):
        if admin["Id"] == account_id:
            enabled = admin.get("DelegationEnabledDate")
            return {
                "account_id": account_id,
                "service_principal": service_principal,
                "name": admin.get("Name"),
                "email": admin.get("Email"),
                "delegation_enabled_date": enabled.isoformat() if hasattr(enabled, "isoformat") else enabled,
            }
    return None


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    if not re.match(r"^\d{12}$", p["account_id"]):
        module.fail_json(msg=f"account_id must be 12 digits, not {p['account_id']!r}")
    if not re.match(r"^[a-z0-9.-]+\.amazonaws\.com$", p["service_principal"]):
        module.fail_json(
            msg=f"service_principal must look like <service>.amazonaws.com, not {p['service_principal']!r}"
        )
    client = module.client("organizations")
    desired = None
    if p["state"] == "present":
        desired = {"account_id": p["account_id"], "service_principal": p["service_principal"]}
    try:
        result = ensure(
            find(client, p["account_id"], p["service_principal"]),
            desired,
            check_mode=module.check_mode,
            create=lambda d: register_delegated_administrator(client, p["account_id"], p["service_principal"])
            and (find(client, p["account_id"], p["service_principal"]) or d),
            update=lambda c, d: c,
            delete=lambda c: deregister_delegated_administrator(client, p["account_id"], p["service_principal"]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, delegated_administrator=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
