#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_account_info
short_description: Read the accounts of an AWS organization
version_added: 0.1.0
description:
  - Lists the organization's accounts with their OU (id and path) and tags, optionally filtered.
  - Must run with credentials of the organization's management account (or a delegated administrator).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  email:
    description:
      - Only the account with this email (case-insensitive).
    type: str
  name:
    description:
      - Only the accounts with this name.
    type: str
  account_id:
    description:
      - Only the account with this id.
    type: str
  ou_path:
    description:
      - Only the accounts directly in the OU at this path (V(Root) for the root). Empty when the OU does not exist.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Every account
  prodgrade.aws.organizations_account_info:
  register: org_accounts

- name: The account with this email
  prodgrade.aws.organizations_account_info:
    email: aws-ecia-prod@example.com

- name: Accounts in the Prod OU
  prodgrade.aws.organizations_account_info:
    ou_path: Workloads/Prod
"""

RETURN = r"""
accounts:
  description: The accounts, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the account.
      type: str
      sample: "222222222222"
    arn:
      description: ARN of the account.
      type: str
      sample: arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222
    name:
      description: Name of the account.
      type: str
      sample: ecia-prod
    email:
      description: Email of the account's root user.
      type: str
      sample: aws-ecia-prod@example.com
    status:
      description: V(ACTIVE), V(SUSPENDED) or V(PENDING_CLOSURE).
      type: str
      sample: ACTIVE
    state:
      description: The account's state (AWS's successor of RV(accounts[].status)).
      type: str
      sample: ACTIVE
    joined_method:
      description: V(CREATED) or V(INVITED).
      type: str
      sample: CREATED
    parent_id:
      description: Id of the OU or root the account is in.
      type: str
      sample: ou-ab12-34cd56ef
    ou_path:
      description: Path of that OU (empty for the root).
      type: str
      sample: Workloads/Prod
    tags:
      description: Tags of the account.
      type: dict
      sample: {"Environment": "prod"}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import OrgResolver
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import account_view
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import describe_account
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_accounts
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_accounts_for_parent
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import normalize_path

ARGUMENT_SPEC = dict(
    email=dict(type="str"),
    name=dict(type="str"),
    account_id=dict(type="str"),
    ou_path=dict(type="str"),
)


def candidates(client, resolver, p):
    """boto3 accounts narrowed by the cheapest filter available."""
    if p["account_id"]:
        account = describe_account(client, p["account_id"])
        return [account] if account else []
    if p["ou_path"] is not None:
        node = resolver.find_path(normalize_path(p["ou_path"]))
        return list_accounts_for_parent(client, node["id"]) if node else []
    return list_accounts(client)


def matches(account, p):
    if p["email"] and (account.get("Email") or "").lower() != p["email"].strip().lower():
        return False
    return not p["name"] or account.get("Name") == p["name"]


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    if p["ou_path"] is not None:
        try:
            normalize_path(p["ou_path"])
        except ValueError as e:
            module.fail_json(msg=f"ou_path: {e}")
    client = module.client("organizations")
    resolver = OrgResolver(client, module.check_mode)
    try:
        accounts = [account_view(client, resolver, a) for a in candidates(client, resolver, p) if matches(a, p)]
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=False, accounts=sorted(accounts, key=lambda a: (a["name"] or "", a["id"])))


if __name__ == "__main__":
    main()
