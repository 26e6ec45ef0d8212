#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: iam_managed_policies
short_description: Converge a set of customer managed IAM policies, their documents and tags, in one run
version_added: 0.1.0
description:
  - Makes the customer managed policies of O(policies) exist with the document and tags given, in one module run.
    Each policy is addressed by its ARN, built from the partition and O(account_id) (see there), its
    O(policies[].path) and O(policies[].name), and read with GetPolicy and GetPolicyVersion of its default
    version. M(amazon.aws.iam_managed_policy) lists every managed policy of the account (ListPolicies, about 16
    pages with the AWS managed ones) to find one by name; this module never calls ListPolicies.
  - The document is compared with the default version's as JSON policies (amazon.aws's C(compare_policies), blind
    to the order of statements and of values, to a single value against a list of one and to the default
    C(Version)). A different document becomes a new version, made the default; when the policy already has five versions (IAM's quota) the oldest
    version that is not the default is deleted first. Unlike M(amazon.aws.iam_managed_policy), a document equal to
    an older non-default version still makes a new version (the older versions are not read).
  - IAM cannot change a policy's description or path. A description that differs from the policy's is left as it
    is with a warning, as M(amazon.aws.iam_managed_policy) does; a policy of that name at another path (or in another
    case) fails the module when it would be created (the name is unique in the account whatever the path and the
    case). Delete and re-create the policy to change either.
  - Tags are compared when O(policies[].tags) is set, with O(policies[].purge_tags), as amazon.aws's
    C(compare_aws_tags) compares them. Values are compared as text, and the AWS-reserved C(aws:) tags are never
    removed.
  - With O(state=absent) the policies are deleted. As M(amazon.aws.iam_managed_policy) does, each is first
    detached from every group, user and role it is attached to (ListEntitiesForPolicy) and its non-default versions
    are deleted; RV(detached) names the entities (would be, in check mode).
  - Supports check mode (returns the predicted policies) and diff mode (before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  policies:
    description:
      - The customer managed policies. Names are unique, ignoring case (as IAM's).
      - With O(state=absent), only each policy's O(policies[].name) and O(policies[].path) are used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the policy (1 to 128 characters of V(a-zA-Z0-9_+=,.@-)).
        type: str
        required: true
      path:
        description:
          - Path of the policy (V(/), or V(/) followed by V(/)-terminated segments of V(a-zA-Z0-9_.,+@=-); at most
            512 characters). Part of its ARN; IAM cannot change it.
        type: str
        default: /
      description:
        description:
          - Description of the policy (at most 1000 characters), set when the policy is created. IAM cannot change
            it afterwards (a different one is warned about and left as it is).
        type: str
      policy_document:
        description:
          - The policy document (JSON text, or a dict). Required with O(state=present).
        type: json
      tags:
        description:
          - Tags of the policy (at most 50). Not set, its tags are left alone.
          - Values are strings to AWS (V(1) is stored and compared as V("1")). Keys beginning with C(aws:) are
            reserved by AWS and refused.
        type: dict
      purge_tags:
        description:
          - Whether tags of the policy that O(policies[].tags) does not list are removed (the AWS-reserved C(aws:)
            tags stay).
        type: bool
        default: true
  account_id:
    description:
      - The 12-digit id of the account the policies are in (part of their ARNs). It must be the caller's account,
        the only one where IAM creates and deletes the caller's policies.
      - Not set, the account and the partition (V(aws), V(aws-cn), V(aws-us-gov)) are the caller's, read with
        GetCallerIdentity (one more call).
      - Set, the partition is the region's. A policy found at its ARN proves both. When none is found,
        GetCallerIdentity checks them (the caller's partition wins), and an account that is not the caller's
        fails the module before any write.
    type: str
  state:
    description: Whether the policies of O(policies) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The MFA enforcement policy
  prodgrade.aws.iam_managed_policies:
    account_id: "123456789012"
    policies:
      - name: ecia-require-mfa
        description: Denies everything but setting up MFA to a user signed in without MFA
        policy_document: "{{ lookup('ansible.builtin.file', 'require_mfa.json') }}"
        tags: {owner: security}
  register: mfa

- name: Remove it (detached from every group, user and role first)
  prodgrade.aws.iam_managed_policies:
    policies: [{name: ecia-require-mfa}]
    state: absent
"""

RETURN = r"""
policies:
  description:
    - The policies of O(policies), in that order, after the change. Predicted in check mode (a policy to create
      then has its ARN and no id). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    policy_name:
      description: Name.
      type: str
      sample: ecia-require-mfa
    path:
      description: Path.
      type: str
      sample: /
    arn:
      description: ARN.
      type: str
      sample: arn:aws:iam::123456789012:policy/ecia-require-mfa
    policy_id:
      description: Id.
      type: str
      sample: ANPAEXAMPLE1234567890
    description:
      description: Description (empty when none).
      type: str
      sample: Denies everything but setting up MFA to a user signed in without MFA
    default_version_id:
      description:
        - Id of the default version. Predicted in check mode for a new version as the one after the default version
          (IAM numbers versions in sequence).
      type: str
      sample: v1
    attachment_count:
      description: Number of groups, users and roles it is attached to.
      type: int
      sample: 3
    create_date:
      description: Creation time (ISO 8601).
      type: str
      sample: "2026-01-01T00:00:00+00:00"
    update_date:
      description: Time of the last new version (ISO 8601).
      type: str
      sample: "2026-01-01T00:00:00+00:00"
    tags:
      description: Tags.
      type: dict
      sample: {"owner": "security"}
    policy_document:
      description: Document of the default version.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": []}
changed_policies:
  description: Names of the policies created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created policies.
      type: list
      elements: str
      sample: ["ecia-require-mfa"]
    updated:
      description: Policies given a new default version or other tags.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted policies.
      type: list
      elements: str
      sample: []
detached:
  description:
    - With O(state=absent), by policy name, the groups, users and roles each deleted policy was detached from.
  returned: always
  type: dict
  sample: {"ecia-require-mfa": {"groups": ["ecia-developers"], "users": [], "roles": []}}
account_id:
  description: The account of the policies.
  returned: always
  type: str
  sample: "123456789012"
"""

import json
import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils import iam
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.common import whole_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.sts import caller_identity

POLICY_SPEC = dict(
    name=dict(type="str", required=True),
    path=dict(type="str", default="/"),
    description=dict(type="str"),
    policy_document=dict(type="json"),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    policies=dict(type="list", elements="dict", required=True, options=POLICY_SPEC),
    account_id=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(p):
    errors = []
    if p["account_id"] is not None and not re.match(r"^\d{12}$", p["account_id"]):
        errors.append(f"account_id must be a 12-digit account id: {p['account_id']}")
    for index, policy in enumerate(p["policies"]):
        where = f"policies[{index}] ({policy['name']})"
        if not iam.NAME.fullmatch(policy["name"]):
            errors.append(f"{where}: name must be 1 to 128 characters of a-zA-Z0-9_+=,.@-")
        if len(policy["path"]) > iam.PATH_MAX or not iam.POLICY_PATH.fullmatch(policy["path"]):
            errors.append(f"{where}: path must be / or /-separated segments of a-zA-Z0-9_.,+@=- ending in /")
        if len(policy["description"] or "") > iam.DESCRIPTION_MAX:
            errors.append(f"{where}: description must be at most {iam.DESCRIPTION_MAX} characters")
        if len(policy["tags"] or {}) > iam.TAGS_MAX:
            errors.append(f"{where}: at most {iam.TAGS_MAX} tags")
        reserved = sorted(k for k in policy["tags"] or {} if k.lower().startswith("aws:"))
        if reserved:
            errors.append(f"{where}: tags: aws: is reserved by AWS: {', '.join(reserved)}")
        if p["state"] == "present":
            if policy["policy_document"] is None:
                errors.append(f"{where}: policy_document is required with state=present")
            else:
                try:
                    json.loads(policy["policy_document"])
                except ValueError as e:
                    errors.append(f"{where}: policy_document is not JSON: {e}")
    spellings = {}
    for policy in p["policies"]:
        spellings.setdefault(policy["name"].lower(), set()).add(policy["name"])
    repeated = sorted(n for names in spellings.values() if len(names) > 1 for n in names)
    errors += duplicate_names(p["policies"], "policies")
    if repeated:
        errors.append(f"policies: names must be unique (IAM ignores case): {', '.join(repeated)}")
    return errors


def read(client, arn):
    """The policy at ``arn`` in the compared shape, or None: GetPolicy, then its default version's document."""
    policy = iam.get_policy(client, arn)
    if policy is None:
        return None
    version = iam.get_policy_version(client, arn, policy["DefaultVersionId"])
    return iam.normalize_policy(policy, iam.policy_document(version))


def read_all(client, p, partition, account_id):
    """Each policy's ARN and what is there (None: no policy), by name."""
    arns = {item["name"]: iam.policy_arn(partition, account_id, item["path"], item["name"]) for item in p["policies"]}
    return arns, {name: read(client, arn) for name, arn in arns.items()}


def locate(module, client, p):
    """The account, and each policy's ARN and what is there; read before anything is written.

    Without O(account_id), the account and the partition are the caller's (GetCallerIdentity's Arn). With it, the
    partition is the region's, and a policy found at its ARN proves both right (IAM reads no other account's
    policies): only when none is found, GetCallerIdentity checks them. A policy can only be created or deleted in
    the caller's account, so another O(account_id) fails here, before any write.
    """
    caller = None if p["account_id"] else caller_identity(clients.client(module, "sts"))
    account_id = p["account_id"] or caller["account_id"]
    partition = caller["partition"] if caller else client.meta.partition
    arns, existing = read_all(client, p, partition, account_id)
    if caller is None and not any(existing.values()):
        caller = caller_identity(clients.client(module, "sts"))
        if caller["account_id"] != account_id:
            module.fail_json(
                msg=f"account_id {account_id} is not the caller's account {caller['account_id']}: IAM creates and"
                " deletes a policy only in the caller's account"
            )
        if caller["partition"] != partition:
            arns, existing = read_all(client, p, caller["partition"], account_id)
    return account_id, arns, existing


def desired_policy(item, arn, current):
    """An item of O(policies) in the compared shape; tags as the whole set wanted (None: left alone), as
    compare_aws_tags sees them: values as text (AWS stores 1 as "1"), the AWS-reserved aws: tags always kept."""
    tags = whole_tags((current or {}).get("tags"), item["tags"], item["purge_tags"])
    return dict(
        policy_name=item["name"],
        path=item["path"],
        arn=arn,
        description=item["description"],
        policy_document=json.loads(item["policy_document"]),
        tags=tags,
    )


def differs(current, desired):
    """What a write can change: the document (compared as a policy) and the tags (the whole set)."""
    keys = []
    if compare_policies(current["policy_document"], desired["policy_document"]):
        keys.append("policy_document")
    if desired["tags"] is not None and any(compare_aws_tags(current.get("tags") or {}, desired["tags"])):
        keys.append("tags")
    return keys


def predict(current, desired):
    if current is None:
        return merge(dict(description="", tags={}, default_version_id="v1", attachment_count=0), desired)
    after = dict(current, policy_document=desired["policy_document"])
    if compare_policies(current["policy_document"], desired["policy_document"]):
        # IAM numbers versions in sequence; the update returns the real id (another if the default is not the latest).
        number = re.fullmatch(r"v(\d+)", current.get("default_version_id") or "")
        after["default_version_id"] = f"v{int(number.group(1)) + 1}" if number else None
    if desired["tags"] is not None:
        after["tags"] = desired["tags"]
    return after


def document_text(document):
    return json.dumps(document, separators=(",", ":"))


def create(client, desired):
    created = iam.create_policy(
        client,
        desired["policy_name"],
        desired["path"],
        document_text(desired["policy_document"]),
        desired["description"],
        desired["tags"],
    )
    # CreatePolicy's answer has neither the description nor the document: they are the ones sent.
    after = iam.normalize_policy(created, desired["policy_document"])
    after.update(description=desired["description"] or "", tags=desired["tags"] or {})
    return after


def new_default_version(client, arn, document):
    """Make ``document`` the default version; at IAM's five versions, delete the oldest non-default one first."""
    versions = iam.list_policy_versions(client, arn)
    if len(versions) >= iam.POLICY_VERSIONS_MAX:
        oldest = min((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: v["CreateDate"])
        iam.delete_policy_version(client, arn, oldest["VersionId"])
    return iam.create_policy_version(client, arn, document_text(document))


def update(client, current, desired):
    arn = current["arn"]
    after = predict(current, desired)
    if compare_policies(current["policy_document"], desired["policy_document"]):
        version = new_default_version(client, arn, desired["policy_document"])
        after["default_version_id"] = version["VersionId"]
    sync_tags(
        current.get("tags"),
        desired["tags"],
        True,
        lambda to_set: iam.tag_policy(client, arn, to_set),
        lambda keys: iam.untag_policy(client, arn, keys),
    )
    return after


def delete(client, current, entities):
    """As amazon.aws.iam_managed_policy: detach from every entity, delete the other versions, then the policy."""
    arn = current["arn"]
    for group in entities["groups"]:
        iam.detach_group_policy(client, group, arn)
    for user in entities["users"]:
        iam.detach_user_policy(client, user, arn)
    for role in entities["roles"]:
        iam.detach_role_policy(client, role, arn)
    for version in iam.list_policy_versions(client, arn):
        if not version["IsDefaultVersion"]:
            iam.delete_policy_version(client, arn, version["VersionId"])
    iam.delete_policy(client, arn)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    present = p["state"] == "present"
    detached = {}
    try:
        client = clients.client(module, "iam")
        account_id, arns, existing = locate(module, client, p)
        for item in p["policies"]:
            current = existing[item["name"]]
            if present and current and item["description"] not in (None, current["description"]):
                module.warn(
                    f"policies: {item['name']}: IAM cannot change a policy's description: "
                    f"{current['description']!r} left as it is ({item['description']!r} asked)"
                )
            if not present and current is not None:
                detached[item["name"]] = iam.list_entities_for_policy(client, arns[item["name"]])
        results = {
            item["name"]: ensure(
                existing[item["name"]],
                desired_policy(item, arns[item["name"]], existing[item["name"]]) if present else None,
                check_mode=module.check_mode,
                differs=differs,
                predict=predict,
                create=lambda d: create(client, d),
                update=lambda c, d: update(client, c, d),
                delete=lambda c: delete(client, c, detached[c["policy_name"]]),
            )
            for item in p["policies"]
        }
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        policies=[r.after for r in results.values() if r.after],
        changed_policies=changed_names(results),
        detached=detached,
        account_id=account_id,
        diff=names_diff(results),
    )


if __name__ == "__main__":
    main()
