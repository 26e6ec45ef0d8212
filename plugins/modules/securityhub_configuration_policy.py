#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_configuration_policy
short_description: Manage a Security Hub central configuration policy and the OUs and accounts it applies to
version_added: 0.1.0
description:
  - Creates, updates or deletes a Security Hub configuration policy (central configuration) and associates it
    with the organization root, OUs or accounts listed in O(associations).
  - Run in the Security Hub delegated administrator account, in the home (aggregation) region, once the
    organization uses central configuration (M(prodgrade.aws.securityhub_organization_configuration) with
    O(prodgrade.aws.securityhub_organization_configuration#module:configuration_type=CENTRAL)).
  - Standards are named by short name (V(aws-foundational-security-best-practices/v/1.0.0)) or ARN; the module
    maps short names to the home region's ARNs. Controls are security control ids (V(IAM.6)).
  - Custom control parameters are not supported by this module.
  - Associations that are not listed are left alone unless O(purge_associations=true). A target has one applied
    policy; associating this one replaces the target's previous policy.
  - Supports check mode (returns the predicted policy) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description: Name of the policy (identifies it).
    type: str
    required: true
  description:
    description: Description of the policy.
    type: str
  service_enabled:
    description: Whether Security Hub is enabled in the target accounts.
    type: bool
    default: true
  enabled_standards:
    description:
      - Standards subscribed in the target accounts (short names or ARNs). Standards not listed are disabled.
      - Only with O(service_enabled=true).
    type: list
    elements: str
    default: []
  disabled_security_controls:
    description:
      - Controls disabled in the target accounts; every other control (and every new one) is enabled.
      - Mutually exclusive with O(enabled_security_controls); when neither is set, no control is disabled.
    type: list
    elements: str
  enabled_security_controls:
    description:
      - Controls enabled in the target accounts; every other control (and every new one) is disabled.
    type: list
    elements: str
  associations:
    description:
      - Targets of the policy, by id; a 12-digit account id, an OU id (V(ou-...)) or the root id (V(r-...)).
    type: list
    elements: str
  purge_associations:
    description: Whether to disassociate the targets O(associations) does not list.
    type: bool
    default: false
  state:
    description:
      - Whether the policy should exist. V(absent) disassociates every target, then deletes the policy.
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
- name: The workloads baseline, applied to the Workloads OU
  prodgrade.aws.securityhub_configuration_policy:
    name: workloads-baseline
    description: FSBP and CIS v3.0, hardware root MFA checked centrally
    enabled_standards:
      - aws-foundational-security-best-practices/v/1.0.0
      - cis-aws-foundations-benchmark/v/3.0.0
    disabled_security_controls: [IAM.6]
    associations: [ou-abcd-11111111]
"""

RETURN = r"""
configuration_policy:
  description: The policy, simplified and snake_cased, with its tags and applied targets; predicted in check mode.
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the policy.
      returned: when it exists
      type: str
      sample: arn:aws:securityhub:us-east-1:123456789012:configuration-policy/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
    id:
      description: Id of the policy.
      returned: when it exists
      type: str
      sample: a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
    name:
      description: Name.
      type: str
      sample: workloads-baseline
    description:
      description: Description.
      type: str
      sample: FSBP and CIS v3.0
    service_enabled:
      description: Whether Security Hub is enabled in the targets.
      type: bool
      sample: true
    enabled_standards:
      description: ARNs of the enabled standards, sorted.
      type: list
      elements: str
      sample: [arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0]
    disabled_security_controls:
      description: Disabled controls, sorted (when the policy lists disabled controls).
      type: list
      elements: str
      sample: [IAM.6]
    enabled_security_controls:
      description: Enabled controls, sorted (when the policy lists enabled controls).
      type: list
      elements: str
      sample: [IAM.1]
    associations:
      description: Ids of the targets the policy is applied to, sorted.
      type: list
      elements: str
      sample: [ou-abcd-11111111]
    tags:
      description: Tags.
      type: dict
      sample: {}
"""

import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import associate_configuration_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import create_configuration_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import delete_configuration_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import disassociate_configuration_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import get_configuration_policy
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_configuration_policies
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_configuration_policy_associations
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import resolve_standard
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import short_name
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import update_configuration_policy

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    description=dict(type="str"),
    service_enabled=dict(type="bool", default=True),
    enabled_standards=dict(type="list", elements="str", default=[]),
    disabled_security_controls=dict(type="list", elements="str"),
    enabled_security_controls=dict(type="list", elements="str"),
    associations=dict(type="list", elements="str"),
    purge_associations=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
CONTROL_ID = r"^[A-Za-z0-9]+\.[0-9]+$"
TARGET_ID = r"^(\d{12}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$"
CONTROL_LISTS = dict(
    disabled_security_controls="DisabledSecurityControlIdentifiers",
    enabled_security_controls="EnabledSecurityControlIdentifiers",
)


def validate_params(p):
    errors = []
    for option in CONTROL_LISTS:
        bad = [c for c in p[option] or [] if not re.match(CONTROL_ID, c)]
        if bad:
            errors.append(f"{option}: not security control ids (like IAM.6): {', '.join(bad)}")
    bad = [t for t in p["associations"] or [] if not re.match(TARGET_ID, t)]
    if bad:
        errors.append(f"associations: not an account id, OU id (ou-...) or root id (r-...): {', '.join(bad)}")
    if not p["service_enabled"] and (
        p["enabled_standards"] or p["disabled_security_controls"] or p["enabled_security_controls"]
    ):
        errors.append("service_enabled=false takes no enabled_standards or security control lists")
    return errors


def simplify(policy, tags, associations):
    hub = policy.get("ConfigurationPolicy", {}).get("SecurityHub", {})
    result = dict(
        arn=policy["Arn"],
        id=policy["Id"],
        name=policy["Name"],
        description=policy.get("Description", ""),
        created_at=policy.get("CreatedAt"),
        updated_at=policy.get("UpdatedAt"),
        service_enabled=hub.get("ServiceEnabled", False),
        tags=tags,
        associations=sorted(associations),
    )
    if result["service_enabled"]:
        result["enabled_standards"] = sorted(hub.get("EnabledStandardIdentifiers", []))
        controls = hub.get("SecurityControlsConfiguration", {})
        for option, key in CONTROL_LISTS.items():
            if key in controls:
                result[option] = sorted(controls[key])
    return result


def read(client, name):
    summary = next((s for s in list_configuration_policies(client) if s["Name"] == name), None)
    policy = get_configuration_policy(client, summary["Id"]) if summary else None
    if policy is None:
        return None
    applied = list_configuration_policy_associations(
        client, ConfigurationPolicyId=policy["Id"], AssociationType="APPLIED"
    )
    return simplify(policy, list_tags(client, policy["Arn"]), [a["TargetId"] for a in applied])


def desired_policy(p, standards, current):
    if p["state"] == "absent":
        return None
    desired = dict(name=p["name"], description=p["description"], service_enabled=p["service_enabled"], tags=None)
    if p["service_enabled"]:
        desired["enabled_standards"] = sorted(standards)
        if p["enabled_security_controls"] is not None:
            desired["enabled_security_controls"] = sorted(p["enabled_security_controls"])
        else:
            desired["disabled_security_controls"] = sorted(p["disabled_security_controls"] or [])
    if p["tags"] is not None:
        desired["tags"] = dict(p["tags"]) if p["purge_tags"] else dict((current or {}).get("tags") or {}, **p["tags"])
    if p["associations"] is not None or p["purge_associations"]:
        kept = [] if p["purge_associations"] else (current or {}).get("associations", [])
        desired["associations"] = sorted(set(kept) | set(p["associations"] or []))
    else:
        desired["associations"] = None
    return desired


def predict(current, desired):
    after = merge(current, desired)
    for option in CONTROL_LISTS:  # one list or the other, as the task says
        if option not in desired:
            after.pop(option, None)
    if not desired["service_enabled"]:
        after.pop("enabled_standards", None)
    after.setdefault("tags", {})
    after.setdefault("associations", [])
    return after


def boto_policy(desired):
    hub = dict(ServiceEnabled=desired["service_enabled"])
    if desired["service_enabled"]:
        hub["EnabledStandardIdentifiers"] = desired["enabled_standards"]
        option = next(o for o in CONTROL_LISTS if o in desired)
        hub["SecurityControlsConfiguration"] = {CONTROL_LISTS[option]: desired[option]}
    return dict(SecurityHub=hub)


def sync_associations(client, policy_id, have, want):
    if want is None:
        return
    for target in sorted(set(want) - set(have)):
        associate_configuration_policy(client, policy_id, target)
    for target in sorted(set(have) - set(want)):
        disassociate_configuration_policy(client, policy_id, target)


def create(client, p, desired):
    params = dict(Name=p["name"], ConfigurationPolicy=boto_policy(desired))
    if desired["description"] is not None:
        params["Description"] = desired["description"]
    if desired["tags"]:
        params["Tags"] = desired["tags"]
    policy = create_configuration_policy(client, **params)
    sync_associations(client, policy["Id"], [], desired["associations"])
    return read(client, p["name"]) or predict(None, desired)


def update(client, p, current, desired):
    policy_keys = {"description", "service_enabled", "enabled_standards"} | set(CONTROL_LISTS)
    if policy_keys & set(differs(current, desired)):
        params = dict(Identifier=current["id"], ConfigurationPolicy=boto_policy(desired))
        if desired["description"] is not None:
            params["Description"] = desired["description"]
        update_configuration_policy(client, **params)
    sync_associations(client, current["id"], current["associations"], desired["associations"])
    ensure_tags(client, current["arn"], current.get("tags"), p["tags"], p["purge_tags"])
    return read(client, p["name"]) or predict(current, desired)


def delete(client, current):
    for target in current["associations"]:
        disassociate_configuration_policy(client, current["id"], target)
    delete_configuration_policy(client, current["id"])


def differs(current, desired):
    keys = changed_keys(current, desired)
    if desired["service_enabled"]:  # switching between an enabled and a disabled control list
        keys += [o for o in CONTROL_LISTS if o in current and o not in desired and o not in keys]
    return keys


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("disabled_security_controls", "enabled_security_controls")],
        supports_check_mode=True,
    )
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("securityhub")
    try:
        standards = []
        if p["state"] == "present" and p["enabled_standards"]:
            catalog = describe_standards(client)
            for name in p["enabled_standards"]:
                found = resolve_standard(catalog, name)
                if found is None:
                    offered = ", ".join(sorted(short_name(s["StandardsArn"]) for s in catalog))
                    module.fail_json(
                        msg=f"enabled_standards: {name} is not offered in {module.region}; offered: {offered}"
                    )
                standards.append(found["StandardsArn"])
        current = read(client, p["name"])
        result = ensure(
            current,
            desired_policy(p, standards, current),
            check_mode=module.check_mode,
            differs=differs,
            predict=predict,
            create=lambda d: create(client, p, d),
            update=lambda c, d: update(client, p, c, d),
            delete=lambda c: delete(client, c),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, configuration_policy=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
