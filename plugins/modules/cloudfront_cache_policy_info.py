#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloudfront_cache_policy_info
short_description: Read CloudFront cache policies, AWS's managed ones included
version_added: 0.1.0
description:
  - Returns the cache policies of the account (O(type=custom)), AWS's managed ones (O(type=managed)) or both, or
    the one named O(name), in the shape M(prodgrade.aws.cloudfront_cache_policy) returns.
  - Use it to find the id of a managed policy such as C(Managed-CachingDisabled) for a cache behavior.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of one policy. An empty list is returned when there is none.
    type: str
  type:
    description:
      - Which policies to list.
    type: str
    choices: [managed, custom, all]
    default: all
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Find AWS's "no caching" policy
  prodgrade.aws.cloudfront_cache_policy_info:
    name: Managed-CachingDisabled
    type: managed
  register: no_cache

- name: Use it for the API paths
  ansible.builtin.set_fact:
    api_cache_policy_id: "{{ no_cache.cache_policies[0].id }}"
"""

RETURN = r"""
cache_policies:
  description: The policies (flat, snake_cased, with their C(type)), managed ones first, then by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the policy.
      type: str
      sample: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    name:
      description: Name of the policy.
      type: str
      sample: Managed-CachingDisabled
    type:
      description: C(managed) or C(custom).
      type: str
      sample: managed
    max_ttl:
      description: Maximum TTL in seconds.
      type: int
      sample: 0
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import list_cache_policies
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import policy_from_boto3

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    type=dict(type="str", default="all", choices=["managed", "custom", "all"]),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    client = module.client("cloudfront")
    try:
        items = list_cache_policies(client, None if p["type"] == "all" else p["type"])
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    policies = [policy_from_boto3(item["CachePolicy"], item.get("Type")) for item in items]
    if p["name"]:
        policies = [policy for policy in policies if policy["name"] == p["name"]]
    policies.sort(key=lambda policy: (policy.get("type") != "managed", policy["name"]))
    module.exit_json(cache_policies=policies)


if __name__ == "__main__":
    main()
