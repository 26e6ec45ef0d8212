#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_policy
short_description: Manage an AWS Organizations policy (SCP, tag, backup) and its attachments
version_added: 0.1.0
description:
  - Creates, updates or deletes one service control policy (SCP), tag policy, backup policy or AI services opt-out
    policy, found by O(name) within its O(type), and attaches it to (and with O(purge_targets=true) detaches it
    from) roots, OUs and accounts.
  - Before any API call the document is checked (valid JSON object; for SCPs the SCP grammar, without
    C(Principal)/C(NotPrincipal); its size once whitespace is removed within O(max_policy_size)). A broken rule
    fails the task with every rule broken named and nothing changed. The document is sent minified, which is the
    size AWS counts.
  - Content is compared semantically; key order, whitespace and a single string versus a one-element list are
    not a change.
  - Before attaching, the number of policies of the type already attached to each new target (AWS's
    C(FullAWSAccess) included) is checked against AWS's quota (O(max_scps_per_target) for SCPs, 10 for tag and
    backup policies, 5 for AI services opt-out policies); when a target would exceed it, nothing is attached.
  - AWS managed policies (C(FullAWSAccess)) can be attached and detached but not changed or deleted.
  - Supports check mode and diff mode. The diff shows the policy as RV(policy) returns it, its targets as readable
    labels (V(Root), an OU's path, an account's id and name); Ansible prints it as JSON with sorted keys, so
    C(--check --diff) shows an SCP content change line by line.
  - The policy type must be enabled on the root (see M(prodgrade.aws.organizations_organization)).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of the policy; it identifies the policy within its O(type).
    type: str
    required: true
  type:
    description:
      - Type of the policy.
    type: str
    choices: [SERVICE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY]
    default: SERVICE_CONTROL_POLICY
  description:
    description:
      - Description of the policy. When not set, a new policy gets an empty description and an existing one keeps
        its own.
    type: str
  content:
    description:
      - The policy document, as a dict or as a JSON string (for example from P(ansible.builtin.file#lookup)).
      - Required when O(state=present).
    type: raw
  targets:
    description:
      - Where the policy is attached. Each item is one of V(Root) (or the root id V(r-...)), an OU path such as
        V(Workloads/Prod) (a leading V(Root/) is accepted), an OU id V(ou-...), or a 12-digit account id.
      - When not set, attachments are left alone.
    type: list
    elements: str
  purge_targets:
    description:
      - Detach the policy from the targets not listed in O(targets). When V(false), the policy is only attached.
    type: bool
    default: false
  max_policy_size:
    description:
      - Maximum size of the minified document, in characters.
      - Defaults to AWS's documented maximum for the type, V(5120) for SCPs, V(10000) for tag and backup policies,
        V(2500) for AI services opt-out policies. Raise it when AWS raised the quota for you.
    type: int
  max_scps_per_target:
    description:
      - Maximum number of SCPs attached to one root, OU or account, counting C(FullAWSAccess) and every other
        SCP already there (AWS's quota is 5).
      - Only used for O(type=SERVICE_CONTROL_POLICY).
    type: int
    default: 5
  state:
    description:
      - Whether the policy should exist. V(absent) detaches it from every target and deletes it.
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
- name: Deny leaving the organization, attached to the root
  prodgrade.aws.organizations_policy:
    name: deny-leave-organization
    description: Member accounts cannot leave the organization
    content:
      Version: "2012-10-17"
      Statement:
        - Sid: DenyLeaveOrganization
          Effect: Deny
          Action: organizations:LeaveOrganization
          Resource: "*"
    targets:
      - Root

- name: SCP from a file, attached exactly to these OUs
  prodgrade.aws.organizations_policy:
    name: deny-regions
    content: "{{ lookup('ansible.builtin.file', 'scps/deny-regions.json') }}"
    targets:
      - Workloads/Prod
      - Workloads/Dev
    purge_targets: true

- name: Tag policy
  prodgrade.aws.organizations_policy:
    name: cost-center
    type: TAG_POLICY
    content:
      tags:
        CostCenter:
          tag_key:
            "@@assign": CostCenter
    targets: [Root]

- name: Remove a policy (detached from every target first)
  prodgrade.aws.organizations_policy:
    name: deny-regions
    state: absent
"""

RETURN = r"""
policy:
  description:
    - The policy. In check mode, the predicted policy (without RV(policy.id) and RV(policy.arn) when it would be
      created). An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the policy.
      type: str
      sample: p-examplepolicyid
    arn:
      description: ARN of the policy.
      type: str
      sample: arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplepolicyid
    name:
      description: Name of the policy.
      type: str
      sample: deny-leave-organization
    type:
      description: Type of the policy.
      type: str
      sample: SERVICE_CONTROL_POLICY
    description:
      description: Description of the policy.
      type: str
      sample: Member accounts cannot leave the organization
    aws_managed:
      description: Whether AWS manages the policy.
      type: bool
      sample: false
    content:
      description: The policy document, parsed.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": []}
    targets:
      description: Where the policy is attached, sorted by id.
      type: list
      elements: dict
      contains:
        target_id:
          description: Id of the root, OU or account (null in check mode for an OU that does not exist yet).
          type: str
          sample: ou-ab12-34cd56ef
        type:
          description: V(ROOT), V(ORGANIZATIONAL_UNIT) or V(ACCOUNT).
          type: str
          sample: ORGANIZATIONAL_UNIT
        name:
          description: Name of the target.
          type: str
          sample: Prod
    tags:
      description: Tags of the policy.
      type: dict
      sample: {"Owner": "platform"}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import OrgResolver
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import attach_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import create_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import delete_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import desired_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import detach_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import find_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import get_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_policies_for_target
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import split_path
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import target_kind
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import update_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import MAX_POLICIES_PER_TARGET
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import PolicyDocumentError
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import load_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import minify
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import validate_policy

SCP = "SERVICE_CONTROL_POLICY"
ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    type=dict(
        type="str",
        default=SCP,
        choices=[SCP, "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY"],
    ),
    description=dict(type="str"),
    content=dict(type="raw"),
    targets=dict(type="list", elements="str"),
    purge_targets=dict(type="bool", default=False),
    max_policy_size=dict(type="int"),
    max_scps_per_target=dict(type="int", default=5),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


class PolicyError(Exception):
    """An input or state problem the module reports as its failure message."""


def validate_params(p):
    """(document or None, every input error), before any API call."""
    errors, doc = [], None
    if p["state"] == "present":
        if p["content"] is None:
            errors.append("content is required when state=present")
        else:
            try:
                doc = load_policy(p["content"])
            except PolicyDocumentError as e:
                errors.append(f"content of policy {p['name']}: {e}")
            else:
                errors.extend(
                    f"content of policy {p['name']}: {e}"
                    for e in validate_policy(doc, p["type"], max_size=p["max_policy_size"])
                )
    for target in p["targets"] or []:
        if target_kind(target) == "PATH":
            try:
                split_path(target)
            except ValueError as e:
                errors.append(f"targets: {e}")
    for option in ("max_policy_size", "max_scps_per_target"):
        if p[option] is not None and p[option] < 1:
            errors.append(f"{option} must be a positive number, not {p[option]}")
    return doc, errors


def max_per_target(p):
    return p["max_scps_per_target"] if p["type"] == SCP else MAX_POLICIES_PER_TARGET.get(p["type"], 10)


def resolve_targets(resolver, targets, check_mode):
    """The wanted targets, resolved and de-duplicated, sorted by id (labels for the diff are kept on them)."""
    resolved = {}
    for target in targets:
        item = resolver.resolve_target(target, check_mode=check_mode)
        resolved.setdefault(item["target_id"] or f"new:{item['label']}", item)
    return sorted(resolved.values(), key=lambda t: t["target_id"] or t["label"])


def check_quota(client, p, policy_id, to_attach):
    """Raise naming every target that attaching would push over its per-target quota (nothing is attached)."""
    limit, problems = max_per_target(p), []
    for target in to_attach:
        if target["target_id"] is None:  # an OU created by an earlier task: AWS puts FullAWSAccess on it
            attached = ["FullAWSAccess"] if p["type"] == SCP else []
        else:
            attached = [
                pol["Name"]
                for pol in list_policies_for_target(client, target["target_id"], p["type"])
                if pol["Id"] != policy_id
            ]
        if len(attached) + 1 > limit:
            problems.append(
                f"{target['label']} ({target['target_id'] or 'new OU'}) already has {len(attached)} "
                f"({', '.join(sorted(attached))})"
            )
    if problems:
        option = "max_scps_per_target" if p["type"] == SCP else "AWS's quota"
        raise PolicyError(
            f"Attaching {p['name']} would exceed {limit} {p['type']} per target ({option}); nothing was attached. "
            f"Targets at the limit: {'; '.join(problems)}"
        )


def labels(resolver, targets, known, lookup):
    """Readable names for targets: Root, an OU's path, "<account id> <name>" (OU paths are looked up only when
    ``lookup``, i.e. in diff mode; otherwise an OU the task did not name shows as "<name> (<id>)")."""
    result = []
    for target in targets:
        if target["target_id"] in known:
            result.append(known[target["target_id"]])
        elif target["type"] == "ROOT":
            result.append("Root")
        elif target["type"] == "ORGANIZATIONAL_UNIT":
            ou = resolver.ou_by_id(target["target_id"]) if lookup else None
            result.append(ou["path"] if ou else f"{target.get('name')} ({target['target_id']})")
        else:
            result.append(f"{target['target_id']} {target.get('name') or ''}".strip())
    return sorted(result)


def view(policy, resolver, known, lookup):
    """The policy as the diff shows it: targets as readable labels (the content is a document: line by line)."""
    return dict(policy, targets=labels(resolver, policy["targets"], known, lookup)) if policy else {}


def target_changes(p, current, desired):
    """(to_attach, to_detach): targets (resolved, with labels) the policy is to be attached to / detached from."""
    if desired["targets"] is None:
        return [], []
    base = current["targets"] if current else []
    have = {t["target_id"] for t in base}
    want = {t["target_id"] for t in desired["targets"]}
    attach = [t for t in desired["targets"] if t["target_id"] not in have or t["target_id"] is None]
    detach = [t for t in base if t["target_id"] not in want] if p["purge_targets"] else []
    return attach, detach


def differs(p, current, desired):
    keys = []
    if compare_policies(current["content"], desired["content"], default_version=None):
        keys.append("content")
    for key in ("description", "tags"):
        if desired[key] is not None and desired[key] != current[key]:
            keys.append(key)
    if any(target_changes(p, current, desired)):
        keys.append("targets")
    return keys


def predict(p, current, desired):
    base = current or dict(name=p["name"], type=p["type"], description="", aws_managed=False, targets=[], tags={})
    after = dict(base, content=desired["content"])
    for key in ("description", "tags"):
        if desired[key] is not None:
            after[key] = desired[key]
    if desired["targets"] is not None:
        attach, detach = target_changes(p, current, desired)
        kept = [t for t in base["targets"] if t not in detach]
        added = [{k: t[k] for k in ("target_id", "type", "name")} for t in attach]
        after["targets"] = sorted(kept + added, key=lambda t: t["target_id"] or "")
    return after


def validate(client, p, current, desired, keys):
    """Refuse what AWS would: changing or deleting an AWS managed policy, attaching beyond the per-target quota."""
    if current and current["aws_managed"]:
        if desired is None:
            raise PolicyError(f"{p['name']} is an AWS managed policy and cannot be deleted")
        if set(keys) & {"content", "description", "tags"}:
            raise PolicyError(f"{p['name']} is an AWS managed policy: its content, description and tags cannot change")
    if desired is not None:
        attach = target_changes(p, current, desired)[0]
        if attach:
            check_quota(client, p, (current or {}).get("id"), attach)


def create(client, p, desired):
    params = dict(
        Content=minify(desired["content"]), Description=p["description"] or "", Name=p["name"], Type=p["type"]
    )
    if p["tags"]:
        params["Tags"] = ansible_dict_to_boto3_tag_list(desired["tags"] or p["tags"])
    policy_id = create_policy(client, **params)["PolicySummary"]["Id"]
    for target in target_changes(p, None, desired)[0]:
        attach_policy(client, policy_id, target["target_id"])
    return get_policy(client, policy_id)


def update(client, p, current, desired):
    keys = differs(p, current, desired)
    changes = {}
    if "content" in keys:
        changes["Content"] = minify(desired["content"])
    if "description" in keys:
        changes["Description"] = p["description"]
    if changes:
        update_policy(client, current["id"], **changes)
    if "tags" in keys:
        ensure_tags(client, current["id"], current["tags"], p["tags"], p["purge_tags"])
    attach, detach = target_changes(p, current, desired)
    for target in attach:
        attach_policy(client, current["id"], target["target_id"])
    for target in detach:
        detach_policy(client, current["id"], target["target_id"])
    return get_policy(client, current["id"])


def delete(client, current):
    for target in current["targets"]:
        detach_policy(client, current["id"], target["target_id"])
    delete_policy(client, current["id"])


def run(module, client, doc):
    p = module.params
    resolver = OrgResolver(client, module.check_mode)
    current = find_policy(client, p["name"], p["type"])
    desired, wanted = None, []
    if p["state"] == "present":
        if p["targets"] is not None:
            wanted = resolve_targets(resolver, p["targets"], module.check_mode)
        desired = dict(
            name=p["name"],
            type=p["type"],
            description=p["description"],
            content=doc,
            tags=desired_tags((current or {}).get("tags", {}), p["tags"], p["purge_tags"]),
            targets=wanted if p["targets"] is not None else None,
        )
    result = ensure(
        current,
        desired,
        check_mode=module.check_mode,
        create=lambda want: create(client, p, want),
        update=lambda have, want: update(client, p, have, want),
        delete=lambda have: delete(client, have),
        differs=lambda have, want: differs(p, have, want),
        predict=lambda have, want: predict(p, have, want),
        validate=lambda have, want, keys: validate(client, p, have, want, keys),
    )
    known = {t["target_id"]: t["label"] for t in wanted}
    diff = {
        side: view(obj, resolver, known, module._diff)
        for side, obj in (("before", result.before), ("after", result.after))
    }
    return result.changed, result.after, diff


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    doc, errors = validate_params(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors), errors=errors)
    try:
        is_changed, after, diff = run(module, module.client("organizations"), doc)
    except PolicyError as e:
        module.fail_json(msg=str(e))
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=is_changed, policy=after or {}, diff=diff)


if __name__ == "__main__":
    main()
