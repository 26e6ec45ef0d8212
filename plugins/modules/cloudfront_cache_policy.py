#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cloudfront_cache_policy
short_description: Manage a CloudFront cache policy
version_added: 0.1.0
description:
  - Creates, updates or deletes a custom CloudFront cache policy (TTLs and cache key), found by O(name).
    Use its RV(cache_policy.id) as C(cache_policy_id) of M(community.aws.cloudfront_distribution)'s cache behaviors.
  - AWS's managed policies (for example C(Managed-CachingOptimized), C(Managed-CachingDisabled)) cannot be changed;
    look their ids up with M(prodgrade.aws.cloudfront_cache_policy_info).
  - An option that is not set leaves that setting of an existing policy alone; a new policy gets CloudFront's
    defaults (O(min_ttl=0), O(default_ttl=86400), O(max_ttl=31536000), nothing in the cache key, no compression).
  - AWS's rules are checked before any API call (TTL order, at most 10 headers/cookies/query strings, nothing in
    the cache key and no compression when caching is disabled with O(max_ttl=0)).
  - Supports check mode (returns the predicted policy) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of the policy, unique in the account. Up to 128 letters, digits, V(-) and V(_).
    type: str
    required: true
  comment:
    description:
      - Description of the policy (up to 128 characters).
    type: str
  min_ttl:
    description: Minimum seconds an object stays cached.
    type: int
  default_ttl:
    description: Seconds an object stays cached when the origin sends no C(Cache-Control)/C(Expires).
    type: int
  max_ttl:
    description: Maximum seconds an object stays cached. V(0) disables caching.
    type: int
  header_behavior:
    description: Which request headers are in the cache key (and forwarded to the origin).
    type: str
    choices: [none, whitelist]
  headers:
    description: The headers, with O(header_behavior=whitelist).
    type: list
    elements: str
  cookie_behavior:
    description: Which cookies are in the cache key.
    type: str
    choices: [none, whitelist, allExcept, all]
  cookies:
    description: The cookies, with O(cookie_behavior=whitelist) or V(allExcept).
    type: list
    elements: str
  query_string_behavior:
    description: Which query strings are in the cache key.
    type: str
    choices: [none, whitelist, allExcept, all]
  query_strings:
    description: The query strings, with O(query_string_behavior=whitelist) or V(allExcept).
    type: list
    elements: str
  enable_accept_encoding_gzip:
    description: Cache Gzip-compressed objects separately (and let CloudFront serve them).
    type: bool
  enable_accept_encoding_brotli:
    description: Cache Brotli-compressed objects separately.
    type: bool
  state:
    description:
      - Whether the policy should exist. AWS refuses to delete a policy a distribution still uses.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Long-lived cache for static assets (versioned file names)
  prodgrade.aws.cloudfront_cache_policy:
    name: ecia-prod-static
    comment: Static assets, cached for a year
    min_ttl: 86400
    default_ttl: 604800
    max_ttl: 31536000
    query_string_behavior: whitelist
    query_strings: [v]
    enable_accept_encoding_gzip: true
    enable_accept_encoding_brotli: true
  register: static_policy

- name: No caching for the API and HTML
  prodgrade.aws.cloudfront_cache_policy:
    name: ecia-prod-no-cache
    min_ttl: 0
    default_ttl: 0
    max_ttl: 0
"""

RETURN = r"""
cache_policy:
  description:
    - The policy, flat and snake_cased. In check mode, the predicted one (without RV(cache_policy.id) for a new
      policy). An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the policy, for a cache behavior's C(cache_policy_id).
      type: str
      sample: 11111111-2222-3333-4444-555555555555
    name:
      description: Name of the policy.
      type: str
      sample: ecia-prod-static
    comment:
      description: Description.
      type: str
      sample: Static assets
    min_ttl:
      description: Minimum TTL in seconds.
      type: int
      sample: 86400
    default_ttl:
      description: Default TTL in seconds.
      type: int
      sample: 604800
    max_ttl:
      description: Maximum TTL in seconds.
      type: int
      sample: 31536000
    header_behavior:
      description: Headers in the cache key.
      type: str
      sample: none
    headers:
      description: The headers, sorted.
      type: list
      elements: str
      sample: []
    cookie_behavior:
      description: Cookies in the cache key.
      type: str
      sample: none
    cookies:
      description: The cookies, sorted.
      type: list
      elements: str
      sample: []
    query_string_behavior:
      description: Query strings in the cache key.
      type: str
      sample: whitelist
    query_strings:
      description: The query strings, sorted.
      type: list
      elements: str
      sample: [v]
    enable_accept_encoding_gzip:
      description: Whether Gzip objects are cached.
      type: bool
      sample: true
    enable_accept_encoding_brotli:
      description: Whether Brotli objects are cached.
      type: bool
      sample: true
"""

import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import create_cache_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import delete_cache_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import find_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import policy_errors
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import policy_from_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import policy_to_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.cloudfront import update_cache_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure

BEHAVIORS = ["none", "whitelist", "allExcept", "all"]
ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    comment=dict(type="str"),
    min_ttl=dict(type="int"),
    default_ttl=dict(type="int"),
    max_ttl=dict(type="int"),
    header_behavior=dict(type="str", choices=["none", "whitelist"]),
    headers=dict(type="list", elements="str"),
    cookie_behavior=dict(type="str", choices=BEHAVIORS),
    cookies=dict(type="list", elements="str", no_log=False),
    query_string_behavior=dict(type="str", choices=BEHAVIORS),
    query_strings=dict(type="list", elements="str"),
    enable_accept_encoding_gzip=dict(type="bool"),
    enable_accept_encoding_brotli=dict(type="bool"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
SETTINGS = [k for k in ARGUMENT_SPEC if k not in ("name", "state")]
# What CloudFront gives a new policy for each unset option.
CREATE_DEFAULTS = dict(
    comment="",
    min_ttl=0,
    header_behavior="none",
    headers=[],
    cookie_behavior="none",
    cookies=[],
    query_string_behavior="none",
    query_strings=[],
    enable_accept_encoding_gzip=False,
    enable_accept_encoding_brotli=False,
)
NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


def validate_params(p):
    errors = []
    if not NAME.match(p["name"]):
        errors.append(f"name must be 1-128 letters, digits, '-' or '_': {p['name']!r}")
    if p["state"] == "absent":
        return errors
    if p["comment"] is not None and len(p["comment"]) > 128:
        errors.append("comment must be at most 128 characters")
    return errors + policy_errors({k: p[k] for k in SETTINGS})


def desired_policy(p, current):
    if p["state"] == "absent":
        return None
    wanted = {k: (sorted(p[k]) if isinstance(p[k], list) else p[k]) for k in SETTINGS}
    # a behaviour without items (none/all) means no items, even when the items option is unset
    for behavior, items in (
        ("header_behavior", "headers"),
        ("cookie_behavior", "cookies"),
        ("query_string_behavior", "query_strings"),
    ):
        if wanted[behavior] in ("none", "all") and wanted[items] is None:
            wanted[items] = []
    if current is None:
        wanted = dict(CREATE_DEFAULTS, **{k: v for k, v in wanted.items() if v is not None})
        wanted.setdefault("default_ttl", max(wanted["min_ttl"], 86400))
        wanted.setdefault("max_ttl", max(wanted["default_ttl"], 31536000))
    return dict(wanted, name=p["name"])


def merged(current, desired):
    return dict(current or {}, **{k: v for k, v in desired.items() if v is not None})


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("cloudfront")

    def write(current, desired):
        policy = merged(current, desired)
        problems = policy_errors(policy)  # the options set here with the settings the policy keeps
        if problems:
            module.fail_json(msg=f"Cache policy {p['name']} would be invalid: " + "; ".join(problems))
        if current is None:
            return policy_from_boto3(create_cache_policy(client, policy_to_boto3(policy)), "custom")
        return policy_from_boto3(update_cache_policy(client, current["id"], policy_to_boto3(policy)), "custom")

    try:
        current = find_policy(client, p["name"])
        desired = desired_policy(p, current)
        if desired and module.check_mode:
            problems = policy_errors(merged(current, desired))
            if problems:
                module.fail_json(msg=f"Cache policy {p['name']} would be invalid: " + "; ".join(problems))
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=lambda c, d: [k for k, v in d.items() if v is not None and c.get(k) != v],
            predict=lambda c, d: dict(merged(c, d), type="custom"),
            create=lambda d: write(None, d),
            update=write,
            delete=lambda c: delete_cache_policy(client, c["id"]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, cache_policy=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
