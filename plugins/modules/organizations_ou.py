#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_ou
short_description: Manage an AWS Organizations organizational unit addressed by its path
version_added: 0.1.0
description:
  - Creates, renames, re-tags or deletes one organizational unit (OU), addressed by its path from the root, for
    example V(Workloads/Prod).
  - Missing parent OUs are created on the way (O(create_parents)).
  - An OU found by O(ou_id) is renamed to the last component of O(path), so renaming an OU is safe to re-run.
    AWS cannot move an OU to another parent; the module fails when O(path) asks for one.
  - Deleting an OU only happens when it holds no OU and no account; otherwise the module fails naming what is
    inside.
  - Must run with credentials of the organization's management account (or a delegated administrator).
  - Supports check mode (returns the predicted OU) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  path:
    description:
      - Path of the OU from the root, OU names separated by V(/), for example V(Workloads/Prod).
      - A leading V(Root/) is accepted and ignored. The path must name an OU, not the root itself.
      - With O(ou_id), the path the OU must have; its last component is the OU's name.
    type: str
    required: true
  ou_id:
    description:
      - Id of an existing OU (V(ou-...)) to manage instead of looking it up by O(path).
      - Renames it to the last component of O(path) when its name differs; its parent must already be the
        parent O(path) names.
    type: str
  create_parents:
    description:
      - Create the missing OUs of O(path) above the OU. When V(false), a missing parent is an error.
    type: bool
    default: true
  state:
    description:
      - Whether the OU should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Nested OU, parents created as needed
  prodgrade.aws.organizations_ou:
    path: Workloads/Prod
    tags:
      Owner: platform

- name: Rename an OU (re-running is a no-op)
  prodgrade.aws.organizations_ou:
    ou_id: ou-ab12-34cd56ef
    path: Workloads/Production

- name: Remove an empty OU
  prodgrade.aws.organizations_ou:
    path: Sandbox/Old
    state: absent
"""

RETURN = r"""
ou:
  description:
    - The OU. In check mode, the predicted OU (without RV(ou.id) and RV(ou.arn) when it would be created).
    - An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the OU.
      type: str
      returned: when the OU exists
      sample: ou-ab12-34cd56ef
    arn:
      description: ARN of the OU.
      type: str
      returned: when the OU exists
      sample: arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-ab12-34cd56ef
    name:
      description: Name of the OU (the last component of its path).
      type: str
      returned: when the OU exists
      sample: Prod
    path:
      description: Path of the OU from the root.
      type: str
      returned: when the OU exists
      sample: Workloads/Prod
    parent_id:
      description: Id of the parent OU or root (null in check mode when the parent would be created too).
      type: str
      returned: when the OU exists
      sample: ou-ab12-11111111
    tags:
      description: Tags of the OU.
      type: dict
      returned: when the OU exists
      sample: {"Owner": "platform"}
created_parents:
  description: Paths of the parent OUs created (or, in check mode, that would be created).
  returned: always
  type: list
  elements: str
  sample: ["Workloads"]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import AnsibleOrganizationsError
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import OrgResolver
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import create_organizational_unit
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import delete_organizational_unit
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import desired_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import join_path
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_accounts_for_parent
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import ou_summary
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import split_path
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import update_organizational_unit

ARGUMENT_SPEC = dict(
    path=dict(type="str", required=True),
    ou_id=dict(type="str"),
    create_parents=dict(type="bool", default=True),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


class OUError(Exception):
    """An input or state problem the module reports as its failure message."""


def find_current(client, resolver, p, parts):
    """The OU the task addresses ({id, arn, name, path, parent_id, tags}) or None."""
    current = resolver.ou_by_id(p["ou_id"]) if p["ou_id"] else resolver.find_path(join_path(parts))
    if current is None:
        return None
    return dict(current, tags=list_tags(client, current["id"]))


def check_rename(resolver, current, parts):
    """An OU found by ou_id may only change its name: its parent must be the one ``parts`` names."""
    parent, missing = resolver.deepest_existing(join_path(parts[:-1]))
    if missing or parent["id"] != current["parent_id"]:
        raise OUError(
            f"OU {current['id']} is at {current['path']!r}; AWS cannot move an OU to another parent, so path "
            f"{join_path(parts)!r} must keep its parent {join_path(split_path(current['path'])[:-1]) or 'Root'!r}"
        )
    clash = [ou for ou in resolver.children(parent["id"], parent["path"]) if ou["name"] == parts[-1]]
    if clash and clash[0]["id"] != current["id"]:
        raise OUError(f"Cannot rename OU {current['id']} to {parts[-1]!r}: {clash[0]['id']} already has that name")


def check_empty(client, resolver, current):
    """Raise naming the OUs and accounts inside ``current`` (AWS only deletes an empty OU)."""
    ous = [ou["name"] for ou in resolver.children(current["id"], current["path"])]
    accounts = [f"{a['Id']} ({a['Name']})" for a in list_accounts_for_parent(client, current["id"])]
    if ous or accounts:
        inside = []
        if ous:
            inside.append(f"OUs {', '.join(sorted(ous))}")
        if accounts:
            inside.append(f"accounts {', '.join(sorted(accounts))}")
        raise OUError(
            f"OU {current['path']} ({current['id']}) is not empty: it contains {' and '.join(inside)}; "
            "move or remove them first"
        )


def create(client, resolver, parts, desired, created_parents):
    """Create the missing parents of ``parts``, then the OU; its summary."""
    parent, missing = resolver.deepest_existing(join_path(parts[:-1]))
    for name in missing:
        path = join_path(split_path(parent["path"]) + [name])
        ou = create_organizational_unit(client, parent["id"], name)
        resolver.forget(parent["id"])
        created_parents.append(path)
        parent = ou_summary(ou, path, parent["id"])
    ou = create_organizational_unit(client, parent["id"], parts[-1], desired["tags"])
    resolver.forget(parent["id"])
    return dict(ou_summary(ou, desired["path"], parent["id"]), tags=list_tags(client, ou["Id"]))


def update(client, p, current, desired):
    if desired["name"] != current["name"]:
        update_organizational_unit(client, current["id"], desired["name"])
    ensure_tags(client, current["id"], current["tags"], p["tags"], p["purge_tags"])
    return dict(current, name=desired["name"], path=desired["path"], tags=list_tags(client, current["id"]))


def parse_path(path):
    """The OU names of ``path``; raises OUError before any API call when it cannot name an OU."""
    try:
        parts = split_path(path)
    except ValueError as e:
        raise OUError(f"path: {e}") from e
    if not parts:
        raise OUError("path must name an OU below the root, not the root itself")
    return parts


def run(module, client, parts):
    p = module.params
    resolver = OrgResolver(client, module.check_mode)
    try:
        resolver.root()  # fails clearly outside an organization...
    except AnsibleOrganizationsError:
        if p["state"] == "present":
            raise
        # ...except for absent: with no organization no OU exists (a teardown of an estate that never got this far,
        # or a second teardown after the organization went).
        return ensure(None, None, check_mode=True, create=None, update=None, delete=None), []
    current = find_current(client, resolver, p, parts)
    if p["ou_id"] and current is None and p["state"] == "present":
        raise OUError(f"ou_id {p['ou_id']}: no such organizational unit")
    created_parents = []
    if p["state"] == "absent":
        if current is not None:
            check_empty(client, resolver, current)
        desired = None
    else:
        if current is not None and p["ou_id"]:
            check_rename(resolver, current, parts)
        parent, missing = resolver.deepest_existing(join_path(parts[:-1]))
        if current is None and missing:
            if not p["create_parents"]:
                raise OUError(
                    f"Parent OU {join_path(parts[:-1])!r} does not exist ({missing[0]!r} is missing under "
                    f"{parent['path'] or 'Root'!r}); create it first or set create_parents=true"
                )
            if module.check_mode:
                created_parents = [
                    join_path(split_path(parent["path"]) + missing[: i + 1]) for i in range(len(missing))
                ]
        desired = dict(
            name=parts[-1],
            path=join_path(parts),
            parent_id=(current or {}).get("parent_id") or (None if missing else parent["id"]),
            tags=desired_tags((current or {}).get("tags"), p["tags"], p["purge_tags"]),
        )
        if current is None and desired["tags"] is None:
            desired["tags"] = {}
    result = ensure(
        current,
        desired,
        check_mode=module.check_mode,
        create=lambda d: create(client, resolver, parts, d, created_parents),
        update=lambda c, d: update(client, p, c, d),
        delete=lambda c: delete_organizational_unit(client, c["id"]),
    )
    return result, created_parents


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        parts = parse_path(module.params["path"])
        result, created_parents = run(module, module.client("organizations"), parts)
    except OUError as e:
        module.fail_json(msg=str(e))
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=result.changed or bool(created_parents),
        ou=result.after or {},
        created_parents=created_parents,
        diff=result.diff,
    )


if __name__ == "__main__":
    main()
