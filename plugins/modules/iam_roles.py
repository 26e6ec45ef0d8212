#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: iam_roles
short_description: Converge a set of IAM roles, their policies and instance profiles, in one run
version_added: 0.1.0
description:
  - Makes the IAM roles of O(roles) exist with the trust policy, description, maximum session duration, permissions
    boundary, tags, attached managed policies, inline policies and instance profile given, in one module run. It
    replaces a M(amazon.aws.iam_role) task per role plus an M(amazon.aws.iam_policy) task per inline policy and an
    M(amazon.aws.iam_instance_profile) task per profile, each a module run of its own.
  - Each role is read with one GetRole (description, maximum session, boundary, tags and trust policy); its attached
    policies with ListAttachedRolePolicies only when O(roles[].managed_policy_arns) is set; its inline policies with
    ListRolePolicies and a GetRolePolicy per policy only when O(roles[].inline_policies) is set; its instance profile
    with GetInstanceProfile only when O(roles[].instance_profile) is true. Then only what is missing or differs is
    written.
  - Compared as M(amazon.aws.iam_role) compares. An option not set is left alone. The trust policy and the inline
    policies are compared as JSON policies (amazon.aws's C(compare_policies), blind to the order of statements and
    values, to a single value against a list of one and to the default C(Version)). A different description or
    maximum session duration is set with one UpdateRole, a different trust policy with UpdateAssumeRolePolicy, a
    boundary with PutRolePermissionsBoundary (V("") removes it). Tags are compared as amazon.aws's
    C(compare_aws_tags) compares them (values as text; the AWS-reserved C(aws:) tags are never removed).
  - IAM cannot rename a role nor move it to another path. A role whose O(roles[].path) differs is left where it is
    with a warning, as M(amazon.aws.iam_role) does. IAM names ignore case. A role whose name differs only in case is
    this role; it keeps its name and is reported under it.
  - Managed policies are given by ARN (M(amazon.aws.iam_role) also takes names, which costs a listing of every
    managed policy of the account).
  - With O(state=absent) the roles are deleted as M(amazon.aws.iam_role) deletes them. The role is removed from
    every instance profile holding it (and the profile of O(roles[].instance_profile_name) deleted when
    O(roles[].instance_profile) is true), its managed policies are detached and its inline policies deleted, then
    the role is deleted. A role that does not exist is left alone, and so is its profile.
  - Supports check mode (returns the predicted roles) and diff mode (before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  roles:
    description:
      - The roles. Names are unique, ignoring case (as IAM's), and so are their instance profiles' names.
      - With O(state=absent), only each role's O(roles[].name), O(roles[].instance_profile) and
        O(roles[].instance_profile_name) are used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the role (1 to 64 characters of V(a-zA-Z0-9_+=,.@-)).
        type: str
        required: true
      path:
        description:
          - Path of the role (V(/), or V(/) followed by V(/)-terminated segments of V(a-zA-Z0-9_.,+@=-); at most
            512 characters), also the path of the instance profile this module creates. Not set, a new role is
            created at V(/). IAM cannot move a role; another path than the role's is warned about.
        type: str
      description:
        description:
          - Description of the role (at most 1000 characters of printable Latin-1 text, tabs and line breaks). Not
            set, left alone; V("") clears it.
        type: str
      assume_role_policy_document:
        description: The trust policy (JSON text, or a dict). Required with O(state=present).
        type: json
      managed_policy_arns:
        description:
          - ARNs of the managed policies attached to the role (customer managed or AWS managed). Not set, the
            role's attached policies are left alone (and not read). V([]) with O(roles[].purge_policies) detaches
            them all.
        type: list
        elements: str
      purge_policies:
        description:
          - Whether managed policies attached to the role that O(roles[].managed_policy_arns) does not list are
            detached (as M(amazon.aws.iam_role)'s O(amazon.aws.iam_role#module:purge_policies), default true).
        type: bool
        default: true
      max_session_duration:
        description:
          - Maximum session duration of the role, in seconds (3600 to 43200). Not set, left alone (a new role gets
            IAM's 3600).
        type: int
      boundary:
        description:
          - ARN of the managed policy that is the role's permissions boundary. V("") removes the boundary. Not set,
            left alone.
        type: str
      tags:
        description:
          - Tags of the role (at most 50). Not set, its tags are left alone.
          - Values are strings to AWS (V(1) is stored and compared as V("1")). Keys beginning with C(aws:) are
            reserved by AWS and refused.
        type: dict
      purge_tags:
        description:
          - Whether tags that O(roles[].tags) (or O(roles[].instance_profile_tags), for the profile) does not list
            are removed (the AWS-reserved C(aws:) tags stay).
        type: bool
        default: true
      inline_policies:
        description:
          - The role's inline policies, a dict of policy name (1 to 128 characters of V(a-zA-Z0-9_+=,.@-)) to
            document (JSON text, or a dict). Each is compared as a JSON policy and put with PutRolePolicy when
            missing or different. Not set, the role's inline policies are left alone (and not read).
        type: dict
      purge_inline_policies:
        description:
          - Whether inline policies of the role that O(roles[].inline_policies) does not name are deleted.
          - Without it, only the named ones are read.
        type: bool
        default: false
      instance_profile:
        description:
          - Whether an instance profile (of O(roles[].instance_profile_name)) holding the role is made, for EC2
            instances to use the role. A role another profile holds is not removed from it; another role the
            profile holds is removed (a profile holds one role).
          - V(false) leaves instance profiles alone (and does not read them). Unlike M(amazon.aws.iam_role)'s
            O(amazon.aws.iam_role#module:create_instance_profile), which defaults to true, a profile is made only
            when asked for; most roles are assumed by a service and need none.
        type: bool
        default: false
      instance_profile_name:
        description:
          - Name of the instance profile (1 to 128 characters of V(a-zA-Z0-9_+=,.@-)). Only with
            O(roles[].instance_profile=true). Default, the role's name (as M(amazon.aws.iam_role) names it).
        type: str
      instance_profile_tags:
        description:
          - Tags of the instance profile (at most 50), with O(roles[].purge_tags). Only with
            O(roles[].instance_profile=true). Not set, a new profile has none and an existing one keeps its tags.
        type: dict
  state:
    description: Whether the roles of O(roles) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The app instances' role with its inline policy and instance profile, and the bastion's
  prodgrade.aws.iam_roles:
    roles:
      - name: ecia-prod-ec2-role
        description: App instances of ecia-prod
        assume_role_policy_document: "{{ lookup('ansible.builtin.file', 'ec2_trust_policy.json') }}"
        managed_policy_arns:
          - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore
          - arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy
        inline_policies:
          app-access: "{{ lookup('ansible.builtin.template', 'app_policy.json.j2') }}"
        instance_profile: true
        instance_profile_name: ecia-prod-ec2-profile
        instance_profile_tags: {Name: ecia-prod-ec2-profile}
        tags: {Name: ecia-prod-ec2-role, Environment: prod}
      - name: ecia-prod-bastion-role
        assume_role_policy_document:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: ec2.amazonaws.com}
              Action: sts:AssumeRole
        managed_policy_arns: [arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]
        max_session_duration: 7200
        instance_profile: true
  register: app_roles

- name: Remove them, with the profiles they are in and their policies
  prodgrade.aws.iam_roles:
    roles:
      - {name: ecia-prod-ec2-role, instance_profile: true, instance_profile_name: ecia-prod-ec2-profile}
      - {name: ecia-prod-bastion-role, instance_profile: true}
    state: absent
"""

RETURN = r"""
roles:
  description:
    - The roles of O(roles), in that order, after the change. Predicted in check mode (a role or profile to create
      then has no ARN nor id). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    role_name:
      description: Name.
      type: str
      sample: ecia-prod-ec2-role
    path:
      description: Path.
      type: str
      sample: /
    arn:
      description: ARN.
      returned: when it exists
      type: str
      sample: arn:aws:iam::123456789012:role/ecia-prod-ec2-role
    role_id:
      description: Id.
      returned: when it exists
      type: str
      sample: AROAEXAMPLE1234567890
    create_date:
      description: Creation time (ISO 8601).
      returned: when it exists
      type: str
      sample: "2026-01-01T00:00:00+00:00"
    description:
      description: Description (V("") when none).
      type: str
      sample: App instances of ecia-prod
    assume_role_policy_document:
      description: The trust policy.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
               "Principal": {"Service": "ec2.amazonaws.com"}}]}
    max_session_duration:
      description: Maximum session duration, in seconds.
      type: int
      sample: 3600
    boundary:
      description: ARN of the permissions boundary (V("") when none).
      type: str
      sample: ""
    tags:
      description: Tags.
      type: dict
      sample: {"Name": "ecia-prod-ec2-role"}
    managed_policy_arns:
      description: ARNs of the attached managed policies, sorted.
      returned: when O(roles[].managed_policy_arns) is set
      type: list
      elements: str
      sample: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]
    inline_policies:
      description:
        - The inline policies read, by name (those named in O(roles[].inline_policies); all of them with
          O(roles[].purge_inline_policies)).
      returned: when O(roles[].inline_policies) is set
      type: dict
      sample: {"app-access": {"Version": "2012-10-17", "Statement": []}}
    instance_profile:
      description: The instance profile of O(roles[].instance_profile_name).
      returned: when O(roles[].instance_profile) is true
      type: dict
      contains:
        instance_profile_name:
          description: Name.
          type: str
          sample: ecia-prod-ec2-profile
        path:
          description: Path.
          type: str
          sample: /
        arn:
          description: ARN.
          returned: when it exists
          type: str
          sample: arn:aws:iam::123456789012:instance-profile/ecia-prod-ec2-profile
        instance_profile_id:
          description: Id.
          returned: when it exists
          type: str
          sample: AIPAEXAMPLE1234567890
        create_date:
          description: Creation time (ISO 8601).
          returned: when it exists
          type: str
          sample: "2026-01-01T00:00:00+00:00"
        roles:
          description: Names of the roles it holds.
          type: list
          elements: str
          sample: ["ecia-prod-ec2-role"]
        tags:
          description: Tags.
          type: dict
          sample: {"Name": "ecia-prod-ec2-profile"}
changed_roles:
  description:
    - Names of the roles created, updated and deleted (would be, in check mode); an existing role's real name.
  returned: always
  type: dict
  contains:
    created:
      description: Created roles.
      type: list
      elements: str
      sample: ["ecia-prod-ec2-role"]
    updated:
      description: Roles changed in any way (attributes, tags, policies, instance profile).
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted roles.
      type: list
      elements: str
      sample: []
"""

import copy
import json

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils import iam
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.common import whole_tags

ROLE_SPEC = dict(
    name=dict(type="str", required=True),
    path=dict(type="str"),
    description=dict(type="str"),
    assume_role_policy_document=dict(type="json"),
    managed_policy_arns=dict(type="list", elements="str"),
    purge_policies=dict(type="bool", default=True),
    max_session_duration=dict(type="int"),
    boundary=dict(type="str"),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
    inline_policies=dict(type="dict"),
    purge_inline_policies=dict(type="bool", default=False),
    instance_profile=dict(type="bool", default=False),
    instance_profile_name=dict(type="str"),
    instance_profile_tags=dict(type="dict"),
)
ARGUMENT_SPEC = dict(
    roles=dict(type="list", elements="dict", required=True, options=ROLE_SPEC),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
# A new role's attributes that no option sets (its policies and profile are shown only when managed).
NEW_ROLE = dict(
    path="/",
    description="",
    max_session_duration=iam.SESSION_DURATION_MIN,
    boundary="",
    tags={},
)


def parse_document(value):
    """A policy document given as JSON text or a dict, as a dict (ValueError when it is neither)."""
    document = json.loads(value) if isinstance(value, str) else value
    if not isinstance(document, dict):
        raise ValueError("not a JSON object")
    return document


def document_text(document):
    return json.dumps(document, separators=(",", ":"))


def profile_name(role):
    return role["instance_profile_name"] or role["name"]


def _tag_errors(where, option, tags):
    errors = []
    if len(tags or {}) > iam.TAGS_MAX:
        errors.append(f"{where}: {option}: at most {iam.TAGS_MAX} tags")
    reserved = sorted(k for k in tags or {} if k.lower().startswith("aws:"))
    if reserved:
        errors.append(f"{where}: {option}: aws: is reserved by AWS: {', '.join(reserved)}")
    return errors


def _document_errors(where, option, value):
    try:
        document = parse_document(value)
    except (TypeError, ValueError) as e:
        return [f"{where}: {option} is not a JSON policy document: {e}"]
    if len(document_text(document)) > iam.DOCUMENT_MAX:
        return [f"{where}: {option} must be at most {iam.DOCUMENT_MAX} characters"]
    return []


def validate_role(index, role, present):
    where = f"roles[{index}] ({role['name']})"
    errors = []
    if len(role["name"]) > iam.ROLE_NAME_MAX or not iam.NAME.fullmatch(role["name"]):
        errors.append(f"{where}: name must be 1 to {iam.ROLE_NAME_MAX} characters of a-zA-Z0-9_+=,.@-")
    if role["instance_profile_name"] is not None and not iam.NAME.fullmatch(role["instance_profile_name"]):
        errors.append(f"{where}: instance_profile_name must be 1 to 128 characters of a-zA-Z0-9_+=,.@-")
    for option in ("instance_profile_name", "instance_profile_tags"):
        if role[option] is not None and not role["instance_profile"]:
            errors.append(f"{where}: {option} needs instance_profile: true")
    if not present:
        return errors
    if role["path"] is not None and (len(role["path"]) > iam.PATH_MAX or not iam.POLICY_PATH.fullmatch(role["path"])):
        errors.append(f"{where}: path must be / or /-separated segments of a-zA-Z0-9_.,+@=- ending in /")
    description = role["description"]
    if description is not None and (
        len(description) > iam.DESCRIPTION_MAX or not iam.ROLE_DESCRIPTION.fullmatch(description)
    ):
        errors.append(
            f"{where}: description must be at most {iam.DESCRIPTION_MAX} characters of printable Latin-1 text, tabs"
            " and line breaks"
        )
    duration = role["max_session_duration"]
    if duration is not None and not iam.SESSION_DURATION_MIN <= duration <= iam.SESSION_DURATION_MAX:
        errors.append(
            f"{where}: max_session_duration must be {iam.SESSION_DURATION_MIN} to {iam.SESSION_DURATION_MAX} seconds"
            f" (1 to 12 hours): {duration}"
        )
    if role["boundary"] and not iam.is_policy_arn(role["boundary"]):
        errors.append(f"{where}: boundary must be a managed policy's ARN, or '' to remove it: {role['boundary']}")
    bad = [arn for arn in role["managed_policy_arns"] or [] if not iam.is_policy_arn(arn) or len(arn) > 2048]
    if bad:
        errors.append(f"{where}: managed_policy_arns must be policy ARNs: {', '.join(bad)}")
    if role["assume_role_policy_document"] is None:
        errors.append(f"{where}: assume_role_policy_document is required with state=present")
    else:
        errors += _document_errors(where, "assume_role_policy_document", role["assume_role_policy_document"])
    for name, document in (role["inline_policies"] or {}).items():
        if not iam.NAME.fullmatch(name):
            errors.append(f"{where}: inline_policies: name {name!r} must be 1 to 128 characters of a-zA-Z0-9_+=,.@-")
        errors += _document_errors(where, f"inline_policies[{name}]", document)
    errors += _tag_errors(where, "tags", role["tags"])
    errors += _tag_errors(where, "instance_profile_tags", role["instance_profile_tags"])
    return errors


def _repeated(names, what):
    spellings = {}
    for name in names:
        spellings.setdefault(name.lower(), set()).add(name)
    repeated = sorted(n for found in spellings.values() if len(found) > 1 for n in found)
    return [f"{what}: names must be unique (IAM ignores case): {', '.join(repeated)}"] if repeated else []


def validate_params(p):
    present = p["state"] == "present"
    errors = []
    for index, role in enumerate(p["roles"]):
        errors += validate_role(index, role, present)
    errors += duplicate_names(p["roles"], "roles")
    errors += _repeated([r["name"] for r in p["roles"]], "roles")
    profiles = [profile_name(r) for r in p["roles"] if r["instance_profile"]]
    errors += duplicate_names([{"name": n} for n in profiles], "roles[].instance_profile_name")
    errors += _repeated(profiles, "roles[].instance_profile_name")
    return errors


def read(client, role, present):
    """The role in the compared shape (None: no role) and its instance profile (None: none, or not managed).

    GetRole always; with state=present, the attached policies, the inline policies and the profile only when the
    module manages them. Inline policies: the named ones, every one with purge (those are deleted, the diff shows
    them). IAM names ignore case: later calls use the role's real name."""
    found = iam.get_role(client, role["name"])
    current = iam.normalize_role(found) if found else None
    profile = None
    if present and role["instance_profile"]:
        found_profile = iam.get_instance_profile(client, profile_name(role))
        profile = iam.normalize_instance_profile(found_profile) if found_profile else None
    if current is None or not present:
        return current, profile
    name = current["role_name"]
    if role["managed_policy_arns"] is not None:
        current["managed_policy_arns"] = sorted(iam.list_attached_role_policies(client, name) or [])
    if role["inline_policies"] is not None:
        wanted = role["inline_policies"]
        names = [n for n in iam.list_role_policies(client, name) or [] if role["purge_inline_policies"] or n in wanted]
        documents = {n: iam.get_role_policy(client, name, n) for n in names}
        current["inline_policies"] = {n: d for n, d in documents.items() if d is not None}
    if role["instance_profile"]:
        current["instance_profile"] = profile
    return current, profile


def desired_role(role, current, profile):
    """An item of O(roles) in the compared shape (a None value: left alone). An existing role keeps its name."""
    current = current or {}
    policies = role["managed_policy_arns"]
    if policies is not None and not role["purge_policies"]:
        policies = list(current.get("managed_policy_arns") or []) + policies
    inline = role["inline_policies"]
    name = current.get("role_name", role["name"])
    wanted_profile = None
    if role["instance_profile"]:
        wanted_profile = dict(
            instance_profile_name=profile["instance_profile_name"] if profile else profile_name(role),
            roles=[name],
            tags=whole_tags((profile or {}).get("tags"), role["instance_profile_tags"], role["purge_tags"]),
        )
    return dict(
        role_name=name,
        path=role["path"],
        description=role["description"],
        assume_role_policy_document=parse_document(role["assume_role_policy_document"]),
        max_session_duration=role["max_session_duration"],
        boundary=role["boundary"],
        tags=whole_tags(current.get("tags"), role["tags"], role["purge_tags"]),
        managed_policy_arns=sorted(set(policies)) if policies is not None else None,
        inline_policies={n: parse_document(d) for n, d in inline.items()} if inline is not None else None,
        instance_profile=wanted_profile,
    )


def _tags_differ(have, want):
    return want is not None and any(compare_aws_tags(have or {}, want))


def _inline_differs(have, want):
    if want is None:
        return False
    have = have or {}
    return set(have) != set(want) or any(compare_policies(have[n], want[n]) for n in want)


def _profile_differs(have, want):
    if want is None:
        return False
    return have is None or have["roles"] != want["roles"] or _tags_differ(have["tags"], want["tags"])


def differs(current, desired):
    """What a write can change (the path cannot: warned about in main)."""
    keys = [
        key
        for key in ("description", "max_session_duration", "boundary", "managed_policy_arns")
        if desired[key] is not None and current.get(key) != desired[key]
    ]
    if compare_policies(current["assume_role_policy_document"], desired["assume_role_policy_document"]):
        keys.append("assume_role_policy_document")
    if _tags_differ(current["tags"], desired["tags"]):
        keys.append("tags")
    if _inline_differs(current.get("inline_policies"), desired["inline_policies"]):
        keys.append("inline_policies")
    if _profile_differs(current.get("instance_profile"), desired["instance_profile"]):
        keys.append("instance_profile")
    return keys


def predict_profile(have, want, path):
    after = copy.deepcopy(have) if have else dict(instance_profile_name=want["instance_profile_name"], path=path)
    after["roles"] = list(want["roles"])
    after["tags"] = want["tags"] if want["tags"] is not None else after.get("tags") or {}
    return after


def predict(current, desired):
    after = copy.deepcopy(current) if current else dict(NEW_ROLE)
    for key, want in desired.items():
        if want is not None and key != "instance_profile":
            after[key] = copy.deepcopy(want)
    if current is not None:
        after["path"] = current["path"]  # IAM cannot move a role
    if desired["instance_profile"] is not None:
        after["instance_profile"] = predict_profile(
            (current or {}).get("instance_profile"), desired["instance_profile"], after["path"]
        )
    return after


def sync_managed(client, name, have, want):
    if want is None:
        return
    for arn in sorted(set(have) - set(want)):
        iam.detach_role_policy(client, name, arn)
    for arn in sorted(set(want) - set(have)):
        iam.attach_role_policy(client, name, arn)


def sync_inline(client, name, have, want):
    if want is None:
        return
    for policy in sorted(set(have) - set(want)):
        iam.delete_role_policy(client, name, policy)
    for policy, document in sorted(want.items()):
        if policy not in have or compare_policies(have[policy], document):
            iam.put_role_policy(client, name, policy, document_text(document))


def sync_profile(client, role_name, path, have, want):
    """The profile holding the role (and only it), tagged as wanted; returns it as it now is."""
    if want is None:
        return have
    after = predict_profile(have, want, path)
    if have is None:
        created = iam.create_instance_profile(client, want["instance_profile_name"], path, want["tags"])
        after = dict(iam.normalize_instance_profile(created), roles=after["roles"], tags=after["tags"])
        iam.add_role_to_instance_profile(client, after["instance_profile_name"], role_name)
        return after
    name = have["instance_profile_name"]
    for other in have["roles"]:
        if other != role_name:  # a profile holds one role
            iam.remove_role_from_instance_profile(client, name, other)
    if role_name not in have["roles"]:
        iam.add_role_to_instance_profile(client, name, role_name)
    sync_tags(
        have["tags"],
        want["tags"],
        True,
        lambda to_set: iam.tag_instance_profile(client, name, to_set),
        lambda keys: iam.untag_instance_profile(client, name, keys),
    )
    return after


def create(client, desired, profile):
    params = dict(
        RoleName=desired["role_name"],
        Path=desired["path"] or "/",
        AssumeRolePolicyDocument=document_text(desired["assume_role_policy_document"]),
    )
    if desired["description"]:
        params["Description"] = desired["description"]
    if desired["max_session_duration"] is not None:
        params["MaxSessionDuration"] = desired["max_session_duration"]
    if desired["boundary"]:
        params["PermissionsBoundary"] = desired["boundary"]
    if desired["tags"]:
        params["Tags"] = ansible_dict_to_boto3_tag_list(desired["tags"])
    created = iam.normalize_role(iam.create_role(client, params))
    # CreateRole's answer may lack the description (an AWS bug amazon.aws.iam_role reads around): what was sent is.
    after = predict(None, desired)
    after.update({k: created[k] for k in ("role_name", "path", "arn", "role_id", "create_date")})
    name = after["role_name"]
    sync_managed(client, name, [], desired["managed_policy_arns"])
    sync_inline(client, name, {}, desired["inline_policies"])
    if desired["instance_profile"] is not None:
        after["instance_profile"] = sync_profile(client, name, after["path"], profile, desired["instance_profile"])
    return after


def update(client, current, desired):
    name = current["role_name"]
    keys = differs(current, desired)
    sync_tags(
        current["tags"],
        desired["tags"],
        True,
        lambda to_set: iam.tag_role(client, name, to_set),
        lambda to_unset: iam.untag_role(client, name, to_unset),
    )
    if "assume_role_policy_document" in keys:
        iam.update_assume_role_policy(client, name, document_text(desired["assume_role_policy_document"]))
    iam.update_role(
        client,
        name,
        description=desired["description"] if "description" in keys else None,
        max_session_duration=desired["max_session_duration"] if "max_session_duration" in keys else None,
    )
    if "boundary" in keys:
        if desired["boundary"]:
            iam.put_role_permissions_boundary(client, name, desired["boundary"])
        else:
            iam.delete_role_permissions_boundary(client, name)
    sync_managed(client, name, current.get("managed_policy_arns") or [], desired["managed_policy_arns"])
    sync_inline(client, name, current.get("inline_policies") or {}, desired["inline_policies"])
    after = predict(current, desired)
    if "instance_profile" in keys:
        after["instance_profile"] = sync_profile(
            client, name, current["path"], current.get("instance_profile"), desired["instance_profile"]
        )
    return after


def delete(client, current, role):
    """As amazon.aws.iam_role: out of every instance profile (the role's own deleted), its managed policies
    detached and inline policies deleted, then the role."""
    name = current["role_name"]
    own = profile_name(role).lower() if role["instance_profile"] else None
    profiles = iam.list_instance_profiles_for_role(client, name)
    for profile in profiles:
        iam.remove_role_from_instance_profile(client, profile, name)
        if profile.lower() == own:
            iam.delete_instance_profile(client, profile)
    if own is not None and own not in (p.lower() for p in profiles):
        left = iam.get_instance_profile(client, profile_name(role))
        if left is not None and not left.get("Roles"):  # the role's own profile, emptied earlier
            iam.delete_instance_profile(client, left["InstanceProfileName"])
    for arn in iam.list_attached_role_policies(client, name) or []:
        iam.detach_role_policy(client, name, arn)
    for policy in iam.list_role_policies(client, name) or []:
        iam.delete_role_policy(client, name, policy)
    iam.delete_role(client, name)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    present = p["state"] == "present"
    results = {}
    try:
        client = clients.client(module, "iam")
        for role in p["roles"]:
            current, profile = read(client, role, present)
            if present and current and role["path"] not in (None, current["path"]):
                module.warn(
                    f"roles: {current['role_name']}: IAM cannot move a role: path {current['path']} left as it is"
                    f" ({role['path']} asked)"
                )
            name = current["role_name"] if current else role["name"]
            results[name] = ensure(
                current,
                desired_role(role, current, profile) if present else None,
                check_mode=module.check_mode,
                differs=differs,
                predict=predict,
                create=lambda d, profile=profile: create(client, d, profile),
                update=lambda c, d: update(client, c, d),
                delete=lambda c, role=role: delete(client, c, role),
            )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        roles=[r.after for r in results.values() if r.after],
        changed_roles=changed_names(results),
        diff=names_diff(results),
    )


if __name__ == "__main__":
    main()
