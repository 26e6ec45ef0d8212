#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_organization
short_description: Manage the AWS organization, its enabled policy types and trusted service access
version_added: 0.1.0
description:
  - Creates the organization (the calling account becomes its management account), upgrades it to all features,
    enables (and with O(purge_policy_types=true) disables) policy types on its root, and enables (and with
    O(purge_trusted_services=true) disables) trusted access for AWS services.
  - An unset option leaves that setting alone.
  - O(state=absent) deletes the organization, only when no member account is left in it; otherwise the module
    fails naming them.
  - Supports check mode (returns the predicted organization) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  feature_set:
    description:
      - Feature set of the organization.
      - An organization with V(CONSOLIDATED_BILLING) is upgraded to V(ALL) (EnableAllFeatures; invited member
        accounts must accept the handshake before it takes effect). AWS cannot downgrade V(ALL), so asking for
        V(CONSOLIDATED_BILLING) on such an organization fails.
    type: str
    choices: [ALL, CONSOLIDATED_BILLING]
    default: ALL
  enabled_policy_types:
    description:
      - Policy types that must be enabled on the root. Requires O(feature_set=ALL).
      - When not set, the enabled policy types are left alone.
    type: list
    elements: str
    choices: [SERVICE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, RESOURCE_CONTROL_POLICY]
  purge_policy_types:
    description:
      - Disable the policy types enabled on the root that O(enabled_policy_types) does not list.
    type: bool
    default: false
  trusted_services:
    description:
      - Service principals that must have trusted access to the organization (EnableAWSServiceAccess), for
        example V(guardduty.amazonaws.com).
      - When not set, trusted access is left alone.
    type: list
    elements: str
  purge_trusted_services:
    description:
      - Disable trusted access for the services O(trusted_services) does not list.
    type: bool
    default: false
  state:
    description:
      - Whether the organization should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Organization with all features, SCP and tag policies, trusted access for the security services
  prodgrade.aws.organizations_organization:
    feature_set: ALL
    enabled_policy_types:
      - SERVICE_CONTROL_POLICY
      - TAG_POLICY
      - BACKUP_POLICY
    trusted_services:
      - guardduty.amazonaws.com
      - securityhub.amazonaws.com
      - config.amazonaws.com
      - cloudtrail.amazonaws.com

- name: Exactly these trusted services
  prodgrade.aws.organizations_organization:
    trusted_services: [sso.amazonaws.com]
    purge_trusted_services: true

- name: Delete an organization that has no member account left
  prodgrade.aws.organizations_organization:
    state: absent
"""

RETURN = r"""
organization:
  description:
    - The organization. In check mode, the predicted organization (without the ids AWS assigns when it would be
      created). An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the organization.
      type: str
      sample: o-exampleorgid
    arn:
      description: ARN of the organization.
      type: str
      sample: arn:aws:organizations::111111111111:organization/o-exampleorgid
    feature_set:
      description: Feature set.
      type: str
      sample: ALL
    master_account_id:
      description: Id of the management account.
      type: str
      sample: "111111111111"
    master_account_email:
      description: Email of the management account.
      type: str
      sample: aws-management@example.com
    root_id:
      description: Id of the root.
      type: str
      sample: r-ab12
    root_arn:
      description: ARN of the root.
      type: str
      sample: arn:aws:organizations::111111111111:root/o-exampleorgid/r-ab12
    enabled_policy_types:
      description: Policy types enabled (or being enabled) on the root, sorted.
      type: list
      elements: str
      sample: [SERVICE_CONTROL_POLICY, TAG_POLICY]
    trusted_services:
      description: Service principals with trusted access, sorted.
      type: list
      elements: str
      sample: [guardduty.amazonaws.com]
handshake:
  description: The EnableAllFeatures handshake, when the feature set was upgraded (snake_cased).
  returned: when the feature set was upgraded
  type: dict
  sample: {"id": "h-examplehandshakeid", "state": "OPEN", "action": "ENABLE_ALL_FEATURES"}
"""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import create_organization
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import delete_organization
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import describe_organization
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import disable_aws_service_access
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import disable_policy_type
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import enable_all_features
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import enable_aws_service_access
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import enable_policy_type
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_accounts
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_aws_service_access
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_handshakes_for_organization
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_roots

POLICY_TYPES = [
    "SERVICE_CONTROL_POLICY",
    "TAG_POLICY",
    "BACKUP_POLICY",
    "AISERVICES_OPT_OUT_POLICY",
    "RESOURCE_CONTROL_POLICY",
]
ARGUMENT_SPEC = dict(
    feature_set=dict(type="str", default="ALL", choices=["ALL", "CONSOLIDATED_BILLING"]),
    enabled_policy_types=dict(type="list", elements="str", choices=POLICY_TYPES),
    purge_policy_types=dict(type="bool", default=False),
    trusted_services=dict(type="list", elements="str"),
    purge_trusted_services=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
ENABLED_STATES = ("ENABLED", "PENDING_ENABLE")


class OrganizationError(Exception):
    """An input or state problem the module reports as its failure message."""


def read(client):
    """The organization as the module returns it, or None."""
    org = describe_organization(client)
    if org is None:
        return None
    roots = list_roots(client)
    root = roots[0] if roots else {}
    return {
        "id": org["Id"],
        "arn": org["Arn"],
        "feature_set": org["FeatureSet"],
        "master_account_id": org["MasterAccountId"],
        "master_account_email": org.get("MasterAccountEmail"),
        "root_id": root.get("Id"),
        "root_arn": root.get("Arn"),
        "enabled_policy_types": sorted(
            t["Type"] for t in root.get("PolicyTypes", []) if t.get("Status") in ENABLED_STATES
        ),
        "trusted_services": list_aws_service_access(client) if org["FeatureSet"] == "ALL" else [],
    }


def wanted_set(current, wanted, purge):
    """(to_add, to_remove, result) for a set-valued setting; ``wanted`` None leaves it alone."""
    current = set(current)
    if wanted is None:
        return [], [], sorted(current)
    to_add = sorted(set(wanted) - current)
    to_remove = sorted(current - set(wanted)) if purge else []
    return to_add, to_remove, sorted((current | set(wanted)) - set(to_remove))


def check_no_members(client, current):
    members = [a for a in list_accounts(client) if a["Id"] != current["master_account_id"]]
    if members:
        names = ", ".join(f"{a['Id']} ({a.get('Name')}, {a.get('Status')})" for a in members)
        raise OrganizationError(
            f"Organization {current['id']} still has {len(members)} member account(s): {names}. AWS only deletes an "
            "organization without member accounts: remove or close them first"
        )


def desired_organization(client, p, current):
    """(desired, open ENABLE_ALL_FEATURES handshake or None): the settings as ensure() compares them, each set
    complete (merged with, or purged of, what is there)."""
    have = current or {"feature_set": p["feature_set"], "enabled_policy_types": [], "trusted_services": []}
    feature_set, handshake = p["feature_set"], None
    if feature_set != have["feature_set"]:
        if feature_set == "CONSOLIDATED_BILLING":
            raise OrganizationError(
                f"Organization {have.get('id')} has all features enabled; AWS cannot go back to CONSOLIDATED_BILLING"
            )
        pending = [h for h in list_handshakes_for_organization(client, "ENABLE_ALL_FEATURES") if h["State"] == "OPEN"]
        if pending:  # already asked: waiting for the member accounts to accept
            feature_set, handshake = have["feature_set"], pending[0]
    desired = dict(feature_set=feature_set)
    for key, purge in (("enabled_policy_types", "purge_policy_types"), ("trusted_services", "purge_trusted_services")):
        desired[key] = wanted_set(have[key], p[key], p[purge])[2]
    if desired["enabled_policy_types"] != have["enabled_policy_types"] and feature_set != "ALL":
        raise OrganizationError(
            "enabled_policy_types needs feature_set=ALL; this organization only has consolidated billing"
        )
    return desired, handshake


def update(client, current, desired, handshakes):
    """Apply the differences; the organization as AWS now describes it."""
    if desired["feature_set"] != current["feature_set"]:
        handshakes.append(enable_all_features(client))
    for key, enable, disable, *root in (
        ("enabled_policy_types", enable_policy_type, disable_policy_type, current["root_id"]),
        ("trusted_services", enable_aws_service_access, disable_aws_service_access),
    ):
        have, want = set(current[key]), set(desired[key])
        for value in sorted(want - have):
            enable(client, *root, value)
        for value in sorted(have - want):
            disable(client, *root, value)
    return read(client)


def create(client, p, desired, handshakes):
    create_organization(client, desired["feature_set"])
    created = read(client)  # what AWS put there by itself stays unless purged, as on an existing organization
    return update(client, created, desired_organization(client, p, created)[0], handshakes)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    client = module.client("organizations")
    handshakes = []
    try:
        current = read(client)
        if p["state"] == "absent":
            desired = None
            if current is not None:
                check_no_members(client, current)
        else:
            desired, handshake = desired_organization(client, p, current)
            handshakes += [handshake] if handshake else []
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=lambda want: create(client, p, want, handshakes),
            update=lambda have, want: update(client, have, want, handshakes),
            delete=lambda have: delete_organization(client),
        )
    except OrganizationError as e:
        module.fail_json(msg=str(e))
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    outcome = dict(changed=result.changed, organization=result.after or {}, diff=result.diff)
    if handshakes:
        outcome["handshake"] = camel_dict_to_snake_dict(handshakes[0])
    module.exit_json(**outcome)


if __name__ == "__main__":
    main()
