#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: logs_log_groups
short_description: Converge a set of CloudWatch Logs log groups, their retention and tags, in one run
version_added: 0.1.0
description:
  - Makes the log groups of O(log_groups) exist in O(region) with the retention and tags given, in one module run.
    The groups are read with one paginated DescribeLogGroups of the names' common prefix, and their tags (one
    ListTagsLogGroup a group, only for the groups that set O(log_groups[].tags)); then only what is missing or
    differs is written. A loop of M(amazon.aws.cloudwatchlogs_log_group) starts a module and reads the group once
    per group.
  - Compared as M(amazon.aws.cloudwatchlogs_log_group) compares, on the retention when O(log_groups[].retention) is
    set, the tags when O(log_groups[].tags) is set (with O(log_groups[].purge_tags)); what is not set is left
    alone. The KMS key and the log group class are not managed.
  - With O(state=absent) the groups are deleted, and the logs in them.
  - Supports check mode (returns the predicted groups) and diff mode (before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  log_groups:
    description:
      - The log groups. Names are unique.
      - With O(state=absent), only each group's O(log_groups[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the log group (1 to 512 characters of V(a-zA-Z0-9_-/.#)).
        type: str
        required: true
      retention:
        description: Days the events are kept. Not set, the group's retention is left alone.
        type: int
        choices: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                  3288, 3653]
      tags:
        description: Tags of the group. Not set, its tags are left alone (and not read).
        type: dict
      purge_tags:
        description: Whether tags of the group that O(log_groups[].tags) does not list are removed.
        type: bool
        default: true
  state:
    description: Whether the groups of O(log_groups) should exist (V(absent) deletes them and their logs).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The app's log groups, kept 30 days
  prodgrade.aws.logs_log_groups:
    region: eu-west-1
    log_groups:
      - name: /aws/ec2/web/app
        retention: 30
        tags: {env: prod}
      - name: /aws/ec2/web/system
        retention: 30
        tags: {env: prod}

- name: Remove them (and their logs)
  prodgrade.aws.logs_log_groups:
    log_groups: [{name: /aws/ec2/web/app}, {name: /aws/ec2/web/system}]
    state: absent
"""

RETURN = r"""
log_groups:
  description:
    - The groups of O(log_groups), in that order, after the change. Predicted in check mode. Empty with
      O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    log_group_name:
      description: Name.
      type: str
      sample: /aws/ec2/web/app
    retention_in_days:
      description: Retention in days, None when the events never expire.
      type: int
      sample: 30
    arn:
      description: ARN (ending in C(:*)).
      returned: when it exists
      type: str
      sample: arn:aws:logs:eu-west-1:123456789012:log-group:/aws/ec2/web/app:*
    creation_time:
      description: Creation time, milliseconds since the epoch.
      returned: when it exists
      type: int
      sample: 1700000000000
    stored_bytes:
      description: Bytes stored.
      returned: when it exists
      type: int
      sample: 0
    kms_key_id:
      description: KMS key of the group, None when none.
      returned: when it exists
      type: str
      sample: null
    tags:
      description: Tags.
      returned: when O(log_groups[].tags) is set
      type: dict
      sample: {"env": "prod"}
changed_log_groups:
  description: Names of the groups created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created groups.
      type: list
      elements: str
      sample: ["/aws/ec2/web/app"]
    updated:
      description: Groups whose retention or tags changed.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted groups.
      type: list
      elements: str
      sample: []
"""

import os
import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import create_log_group
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import delete_log_group
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import describe_log_groups
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import list_log_group_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import normalize_log_group
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import put_retention_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import tag_log_group
from ansible_collections.prodgrade.aws.plugins.module_utils.logs import untag_log_group

RETENTION_DAYS = [
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
]
NAME = re.compile(r"^[\w\-/.#]{1,512}$")
GROUP_SPEC = dict(
    name=dict(type="str", required=True),
    retention=dict(type="int", choices=RETENTION_DAYS),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    log_groups=dict(type="list", elements="dict", required=True, options=GROUP_SPEC),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(p):
    errors = [
        f"log_groups[{index}] ({g['name']}): name must be 1 to 512 characters of a-zA-Z0-9_-/.#"
        for index, g in enumerate(p["log_groups"])
        if not NAME.match(g["name"])
    ]
    errors += duplicate_names(p["log_groups"], "log_groups")
    return errors


def read(client, p):
    """The listed groups that exist, by name; their tags when the module manages them."""
    names = [g["name"] for g in p["log_groups"]]
    listed = set(names)
    found = describe_log_groups(client, os.path.commonprefix(names))
    existing = {g["logGroupName"]: normalize_log_group(g) for g in found if g["logGroupName"] in listed}
    if p["state"] == "present":
        for group in p["log_groups"]:
            if group["tags"] is not None and group["name"] in existing:
                existing[group["name"]]["tags"] = list_log_group_tags(client, group["name"])
    return existing


def desired_group(group, current):
    """A group of O(log_groups) in the compared shape (None: left alone); tags as the whole set wanted."""
    tags = group["tags"]
    if tags is not None and not group["purge_tags"]:
        tags = dict((current or {}).get("tags") or {}, **tags)
    return dict(log_group_name=group["name"], retention_in_days=group["retention"], tags=tags)


def create(client, desired):
    create_log_group(client, desired["log_group_name"], desired["tags"])
    if desired["retention_in_days"] is not None:
        put_retention_policy(client, desired["log_group_name"], desired["retention_in_days"])
    return merge(None, desired)


def update(client, current, desired):
    name = current["log_group_name"]
    if desired["retention_in_days"] not in (None, current.get("retention_in_days")):
        put_retention_policy(client, name, desired["retention_in_days"])
    sync_tags(
        current.get("tags"),
        desired["tags"],
        True,
        lambda to_set: tag_log_group(client, name, to_set),
        lambda keys: untag_log_group(client, name, keys),
    )
    return merge(current, desired)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    try:
        client = clients.client(module, "logs")
        existing = read(client, p)
        results = {
            g["name"]: ensure(
                existing.get(g["name"]),
                desired_group(g, existing.get(g["name"])) if p["state"] == "present" else None,
                check_mode=module.check_mode,
                differs=changed_keys,  # tags compared whole (the set wanted), the retention when set
                create=lambda d: create(client, d),
                update=lambda c, d: update(client, c, d),
                delete=lambda c: delete_log_group(client, c["log_group_name"]),
            )
            for g in p["log_groups"]
        }
        created = [n for n, r in results.items() if r.changed and r.before is None]
        if created and not module.check_mode:
            # The ARNs and creation times of the new groups.
            read_back = {g["logGroupName"]: g for g in describe_log_groups(client, os.path.commonprefix(created))}
            for name in created:
                if name in read_back:
                    results[name].after.update(normalize_log_group(read_back[name]))
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    changed = {name: r for name, r in results.items() if r.changed}
    module.exit_json(
        changed=bool(changed),
        log_groups=[r.after for r in results.values() if r.after],
        changed_log_groups=changed_names(results),
        diff=names_diff(results),
    )


if __name__ == "__main__":
    main()
