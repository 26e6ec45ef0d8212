#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: iam_groups
short_description: Converge a set of IAM groups and the managed policies attached to them, in one run
version_added: 0.1.0
description:
  - Makes the IAM groups of O(groups) exist with the path and attached managed policies given, in one module run.
    The account's groups are read with one ListGroups, and the policies attached to each listed group that exists
    with one ListAttachedGroupPolicies (only for the groups that set O(groups[].managed_policies)); then only what
    is missing or differs is written. A loop of M(amazon.aws.iam_group) starts a module per group and reads each
    group and its policies twice.
  - Compared as M(amazon.aws.iam_group) compares, on the path when O(groups[].path) is set (UpdateGroup moves the
    group) and the attached policies when O(groups[].managed_policies) is set; the listed ones are attached, and
    with O(groups[].purge_managed_policies) the others are detached. Group members and inline policies are not
    managed.
  - Policies are given by ARN (M(amazon.aws.iam_group) also takes names, which costs a listing of every managed
    policy of the account).
  - With O(state=absent) the groups are deleted. As M(amazon.aws.iam_group) does, their managed policies are
    detached and their users removed first (GetGroup); a group with inline policies is not deleted (DeleteConflict).
  - Supports check mode (returns the predicted groups) and diff mode (before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  groups:
    description:
      - The groups. Names are unique, ignoring case.
      - With O(state=absent), only each group's O(groups[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the group (1 to 128 characters of V(a-zA-Z0-9_+=,.@-)).
          - IAM names ignore case. A group whose name differs only in case is this group, as
            M(amazon.aws.iam_group) finds it. It keeps its name (no change) and is reported under it.
        type: str
        required: true
      path:
        description:
          - Path of the group (V(/), or V(/)-delimited text of printable ASCII; at most 512 characters). Not set, a
            new group is created at V(/) and an existing one left where it is.
        type: str
      managed_policies:
        description:
          - ARNs of the managed policies attached to the group (customer managed or AWS managed). Not set, the
            group's policies are left alone (and not read).
        type: list
        elements: str
      purge_managed_policies:
        description: Whether policies attached to the group that O(groups[].managed_policies) does not list are detached.
        type: bool
        default: false
  state:
    description: Whether the groups of O(groups) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Human groups with the MFA policy attached
  prodgrade.aws.iam_groups:
    groups:
      - name: ecia-administrators
        managed_policies: [arn:aws:iam::123456789012:policy/ecia-require-mfa]
      - name: ecia-auditors
        managed_policies:
          - arn:aws:iam::123456789012:policy/ecia-require-mfa
          - arn:aws:iam::aws:policy/SecurityAudit
        purge_managed_policies: true

- name: Remove them (policies detached and users removed first)
  prodgrade.aws.iam_groups:
    groups: [{name: ecia-administrators}, {name: ecia-auditors}]
    state: absent
"""

RETURN = r"""
groups:
  description:
    - The groups of O(groups), in that order, after the change. Predicted in check mode (a group to create then has
      no ARN nor id). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    group_name:
      description: Name.
      type: str
      sample: ecia-administrators
    path:
      description: Path.
      type: str
      sample: /
    arn:
      description: ARN.
      returned: when it exists
      type: str
      sample: arn:aws:iam::123456789012:group/ecia-administrators
    group_id:
      description: Id.
      returned: when it exists
      type: str
      sample: AGPAEXAMPLE1234567890
    create_date:
      description: Creation time (ISO 8601).
      returned: when it exists
      type: str
      sample: "2026-01-01T00:00:00+00:00"
    managed_policies:
      description: ARNs of the attached managed policies, sorted.
      returned: when O(groups[].managed_policies) is set
      type: list
      elements: str
      sample: ["arn:aws:iam::123456789012:policy/ecia-require-mfa"]
changed_groups:
  description:
    - Names of the groups created, updated and deleted (would be, in check mode); an existing group's real name.
  returned: always
  type: dict
  contains:
    created:
      description: Created groups.
      type: list
      elements: str
      sample: ["ecia-administrators"]
    updated:
      description: Groups moved or given other policies.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted groups.
      type: list
      elements: str
      sample: []
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils import iam

GROUP_SPEC = dict(
    name=dict(type="str", required=True),
    path=dict(type="str"),
    managed_policies=dict(type="list", elements="str"),
    purge_managed_policies=dict(type="bool", default=False),
)
ARGUMENT_SPEC = dict(
    groups=dict(type="list", elements="dict", required=True, options=GROUP_SPEC),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(p):
    errors = []
    for index, group in enumerate(p["groups"]):
        where = f"groups[{index}] ({group['name']})"
        if not iam.NAME.fullmatch(group["name"]):
            errors.append(f"{where}: name must be 1 to 128 characters of a-zA-Z0-9_+=,.@-")
        if group["path"] is not None and (
            len(group["path"]) > iam.PATH_MAX or not iam.GROUP_PATH.fullmatch(group["path"])
        ):
            errors.append(f"{where}: path must be / or /-delimited printable ASCII ending in /")
        bad = [arn for arn in group["managed_policies"] or [] if not iam.is_policy_arn(arn) or len(arn) > 2048]
        if bad:
            errors.append(f"{where}: managed_policies must be policy ARNs: {', '.join(bad)}")
    spellings = {}
    for group in p["groups"]:
        spellings.setdefault(group["name"].lower(), set()).add(group["name"])
    repeated = sorted(n for names in spellings.values() if len(names) > 1 for n in names)
    errors += duplicate_names(p["groups"], "groups")
    if repeated:
        errors.append(f"groups: names must be unique (IAM ignores case): {', '.join(repeated)}")
    return errors


def read(client, p):
    """The listed groups that exist (one ListGroups), by lower-cased name: IAM names ignore case, so a group listed
    in another case is the one asked for (its name is left as it is); their policies when the module manages them."""
    listed = {g["name"].lower() for g in p["groups"]}
    existing = {
        g["GroupName"].lower(): iam.normalize_group(g)
        for g in iam.list_groups(client)
        if g["GroupName"].lower() in listed
    }
    for group in p["groups"]:
        current = existing.get(group["name"].lower())
        if current is not None and (group["managed_policies"] is not None or p["state"] == "absent"):
            attached = iam.list_attached_group_policies(client, current["group_name"])
            if attached is None:  # deleted since ListGroups
                del existing[group["name"].lower()]
            else:
                current["managed_policies"] = sorted(attached)
    return existing


def desired_group(group, current):
    """A group of O(groups) in the compared shape (None: left alone); policies as the whole sorted set wanted. An
    existing group keeps its name: a difference in case only is no change (IAM cannot rename it that way anyway)."""
    policies = group["managed_policies"]
    if policies is not None and not group["purge_managed_policies"]:
        policies = list((current or {}).get("managed_policies") or []) + policies
    return dict(
        group_name=current["group_name"] if current else group["name"],
        path=group["path"],
        managed_policies=sorted(set(policies)) if policies is not None else None,
    )


def predict(current, desired):
    return merge(current or dict(path="/"), desired)


def sync_policies(client, name, have, want):
    if want is None:
        return
    for arn in sorted(set(have) - set(want)):
        iam.detach_group_policy(client, name, arn)
    for arn in sorted(set(want) - set(have)):
        iam.attach_group_policy(client, name, arn)


def create(client, desired):
    after = iam.normalize_group(iam.create_group(client, desired["group_name"], desired["path"]))
    sync_policies(client, desired["group_name"], [], desired["managed_policies"])
    return merge(after, desired)


def update(client, current, desired):
    name = current["group_name"]
    if desired["path"] not in (None, current["path"]):
        iam.update_group_path(client, name, desired["path"])
    sync_policies(client, name, current.get("managed_policies") or [], desired["managed_policies"])
    return predict(current, desired)


def delete(client, current):
    """As amazon.aws.iam_group: detach the managed policies and remove the users, then delete the group."""
    name = current["group_name"]
    sync_policies(client, name, current.get("managed_policies") or [], [])
    for user in iam.get_group_users(client, name) or []:
        iam.remove_user_from_group(client, name, user)
    iam.delete_group(client, name)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    try:
        client = clients.client(module, "iam")
        existing = read(client, p)
        # Reported under the group's real name when it exists.
        results = {
            existing.get(g["name"].lower(), {}).get("group_name", g["name"]): ensure(
                existing.get(g["name"].lower()),
                desired_group(g, existing.get(g["name"].lower())) if p["state"] == "present" else None,
                check_mode=module.check_mode,
                differs=changed_keys,  # the path when set, the policies (whole sorted set) when set
                predict=predict,
                create=lambda d: create(client, d),
                update=lambda c, d: update(client, c, d),
                delete=lambda c: delete(client, c),
            )
            for g in p["groups"]
        }
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        groups=[r.after for r in results.values() if r.after],
        changed_groups=changed_names(results),
        diff=names_diff(results),
    )


if __name__ == "__main__":
    main()
