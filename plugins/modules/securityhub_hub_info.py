#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_hub_info
short_description: Read whether Security Hub is enabled in an account and region, and its hub configuration
version_added: 0.1.0
description:
  - Returns the hub (DescribeHub) with its tags, the finding aggregator of the account if any, and the
    account's Security Hub administrator as the account sees it (GetAdministratorAccount).
  - Security Hub being disabled is not an error; RV(enabled) is then false.
author:
  - prodgrade.aws maintainers (@prodgrade)
options: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Is Security Hub on?
  prodgrade.aws.securityhub_hub_info:
  register: securityhub
"""

RETURN = r"""
enabled:
  description: Whether Security Hub is enabled in the region.
  returned: always
  type: bool
  sample: true
hub:
  description: The hub as M(prodgrade.aws.securityhub_hub) returns it; empty when disabled.
  returned: always
  type: dict
  sample: {"hub_arn": "arn:aws:securityhub:us-east-1:123456789012:hub/default", "auto_enable_controls": true,
           "control_finding_generator": "SECURITY_CONTROL", "tags": {}}
finding_aggregator_arns:
  description: ARNs of the account's finding aggregators (at most one).
  returned: always
  type: list
  elements: str
  sample: ["arn:aws:securityhub:us-east-1:123456789012:finding-aggregator/123e4567-e89b-12d3-a456-426652340000"]
administrator:
  description: The account's Security Hub administrator (GetAdministratorAccount), snake_cased; empty if none.
  returned: always
  type: dict
  sample: {"account_id": "222222222222", "member_status": "ENABLED"}
"""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_hub
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import get_administrator_account
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_finding_aggregators
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_tags


def main():
    module = AnsibleAWSModule(argument_spec={}, supports_check_mode=True)
    client = module.client("securityhub")
    try:
        hub = describe_hub(client)
        result = dict(enabled=hub is not None, hub={}, finding_aggregator_arns=[], administrator={})
        if hub is not None:
            result["hub"] = camel_dict_to_snake_dict(hub)
            result["hub"]["tags"] = list_tags(client, hub["HubArn"])
            result["finding_aggregator_arns"] = list_finding_aggregators(client)
            result["administrator"] = camel_dict_to_snake_dict(get_administrator_account(client))
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
