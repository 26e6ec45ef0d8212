#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: accessanalyzer_analyzer_info
short_description: List the IAM Access Analyzer analyzers of an account and region, with their archive rules
version_added: 0.1.0
description:
  - Returns the analyzers (ListAnalyzers), optionally of one type or one name, each with its archive rules.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description: Only the analyzer with this name.
    type: str
  type:
    description: Only analyzers of this type.
    type: str
    choices: [ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS]
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Is there an organization analyzer (CIS 1.20)?
  prodgrade.aws.accessanalyzer_analyzer_info:
    type: ORGANIZATION
  register: analyzers
"""

RETURN = r"""
analyzers:
  description: The analyzers as M(prodgrade.aws.accessanalyzer_analyzer) returns them, sorted by name.
  returned: always
  type: list
  elements: dict
  sample:
    - arn: arn:aws:access-analyzer:us-east-1:123456789012:analyzer/ecia-organization
      name: ecia-organization
      type: ORGANIZATION
      status: ACTIVE
      tags: {}
      archive_rules: []
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import describe_analyzer
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import list_analyzers

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    type=dict(type="str", choices=["ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS"]),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    client = module.client("accessanalyzer")
    try:
        if p["name"]:
            found = describe_analyzer(client, p["name"])
            analyzers = [found] if found and p["type"] in (None, found["type"]) else []
        else:
            params = {"type": p["type"]} if p["type"] else {}
            names = sorted(a["name"] for a in list_analyzers(client, **params))
            analyzers = [a for a in (describe_analyzer(client, n) for n in names) if a]
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(analyzers=analyzers)


if __name__ == "__main__":
    main()
