#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: budgets_budget_info
short_description: Read AWS Budgets budgets with their notifications and subscribers
version_added: 0.1.0
description:
  - Returns one budget (O(name)) or all the budgets of an account, each with its notifications and their
    subscribers, in the shape M(prodgrade.aws.budgets_budget) returns.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of one budget. An empty list is returned when it does not exist.
    type: str
    aliases: [budget_name]
  account_id:
    description:
      - Id of the account that owns the budgets. Defaults to the account of the credentials.
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Read the monthly budget back
  prodgrade.aws.budgets_budget_info:
    name: prod-monthly-budget
  register: budgets

- name: Check its alert thresholds
  ansible.builtin.assert:
    that:
      - budgets.budgets[0].notifications | map(attribute='threshold') | sort == [80.0, 100.0]
"""

RETURN = r"""
budgets:
  description: The budgets, sorted by name, as M(prodgrade.aws.budgets_budget) returns them.
  returned: always
  type: list
  elements: dict
  contains:
    budget_name:
      description: Name of the budget.
      type: str
      sample: prod-monthly-budget
    budget_limit:
      description: The budgeted amount and its unit.
      type: dict
      sample: {"amount": "1000.0", "unit": "USD"}
    notifications:
      description: The alerts, each with its subscribers.
      type: list
      elements: dict
      sample: []
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_id
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import describe_budgets
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import get_budget

ARGUMENT_SPEC = dict(
    name=dict(type="str", aliases=["budget_name"]),
    account_id=dict(type="str"),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    client = module.client("budgets")
    account_id = p["account_id"] or get_aws_account_id(module)
    try:
        names = [p["name"]] if p["name"] else sorted(b["BudgetName"] for b in describe_budgets(client, account_id))
        budgets = [b for b in (get_budget(client, account_id, name)[0] for name in names) if b]
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(budgets=budgets)


if __name__ == "__main__":
    main()
