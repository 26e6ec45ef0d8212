#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_standard
short_description: Subscribe a Security Hub standard and disable some of its controls, with a recorded reason
version_added: 0.1.0
description:
  - Subscribes the account to a Security Hub standard (BatchEnableStandards), waits until the subscription is
    ready, and disables the controls listed in O(disabled_controls) for that standard with their reason
    (BatchUpdateStandardsControlAssociations); or unsubscribes it.
  - Standards ARNs are per region. O(standard) takes the short name (for example
    V(aws-foundational-security-best-practices/v/1.0.0) or V(cis-aws-foundations-benchmark/v/3.0.0)), which the
    module maps to the region's ARN as DescribeStandards returns it, or the ARN itself.
  - Controls are named by their security control id (V(IAM.6), V(EC2.7) ...), the same in every standard.
    Controls that are disabled but not listed are left alone, unless O(purge_disabled_controls=true).
  - Security Hub must be enabled (M(prodgrade.aws.securityhub_hub)).
  - Supports check mode (returns the predicted subscription) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  standard:
    description:
      - Short name (V(aws-foundational-security-best-practices/v/1.0.0)) or ARN of the standard.
    type: str
    required: true
  disabled_controls:
    description:
      - Controls to disable in this standard, each with the reason (recorded in Security Hub).
      - When not set, no control is disabled or enabled (unless O(purge_disabled_controls=true)).
    type: list
    elements: dict
    suboptions:
      control_id:
        description: Security control id, for example V(IAM.6).
        type: str
        required: true
      reason:
        description: Why the control is disabled (for example "Hardware MFA for root is managed by a break-glass process").
        type: str
        required: true
  purge_disabled_controls:
    description:
      - Whether to re-enable the disabled controls of the standard that O(disabled_controls) does not list.
    type: bool
    default: false
  wait:
    description:
      - Whether to wait for a new subscription to be READY. Always waited for when controls are to be disabled
        (AWS rejects control updates before).
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the subscription to be READY.
    type: int
    default: 600
  state:
    description:
      - Whether the account should be subscribed to the standard.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: AWS Foundational Security Best Practices
  prodgrade.aws.securityhub_standard:
    standard: aws-foundational-security-best-practices/v/1.0.0

- name: CIS v3.0 with the hardware MFA control disabled
  prodgrade.aws.securityhub_standard:
    standard: cis-aws-foundations-benchmark/v/3.0.0
    disabled_controls:
      - control_id: IAM.6
        reason: Root uses a virtual MFA device held by the break-glass process
    purge_disabled_controls: true

- name: Unsubscribe a standard
  prodgrade.aws.securityhub_standard:
    standard: pci-dss/v/3.2.1
    state: absent
"""

RETURN = r"""
standard:
  description:
    - The standard and the account's subscription to it. Predicted in check mode (without the subscription ARN when
      it would be created). Only the identifying keys when O(state=absent).
  returned: always
  type: dict
  contains:
    standard:
      description: Short name of the standard.
      type: str
      sample: cis-aws-foundations-benchmark/v/3.0.0
    standards_arn:
      description: ARN of the standard in this region.
      type: str
      sample: arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0
    name:
      description: Display name.
      type: str
      sample: CIS AWS Foundations Benchmark v3.0.0
    enabled_by_default:
      description: Whether AWS enables the standard by default.
      type: bool
      sample: false
    standards_subscription_arn:
      description: ARN of the subscription.
      returned: when subscribed
      type: str
      sample: arn:aws:securityhub:us-east-1:123456789012:subscription/cis-aws-foundations-benchmark/v/3.0.0
    standards_status:
      description: Status of the subscription (V(READY) once usable).
      returned: when subscribed
      type: str
      sample: READY
    disabled_controls:
      description: The standard's disabled controls and their reasons, sorted by id.
      returned: when subscribed
      type: list
      elements: dict
      sample: [{"control_id": "IAM.6", "reason": "Root uses a virtual MFA device"}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import batch_disable_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import batch_enable_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import disabled_controls
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import get_enabled_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_security_control_definitions
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import normalize_subscription
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import resolve_standard
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import short_name
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import update_control_associations
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import wait_for_subscription

ARGUMENT_SPEC = dict(
    standard=dict(type="str", required=True),
    disabled_controls=dict(
        type="list",
        elements="dict",
        options=dict(control_id=dict(type="str", required=True), reason=dict(type="str", required=True)),
    ),
    purge_disabled_controls=dict(type="bool", default=False),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=600),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def validate_params(p):
    errors, seen = [], set()
    for control in p["disabled_controls"] or []:
        if control["control_id"] in seen:
            errors.append(f"disabled_controls: {control['control_id']} is listed twice")
        seen.add(control["control_id"])
        if not control["reason"].strip():
            errors.append(f"disabled_controls: {control['control_id']} needs a reason (AWS records it)")
    if p["wait_timeout"] < 1:
        errors.append("wait_timeout must be a positive number of seconds")
    return errors


def desired_standard(p, identity, current):
    if p["state"] == "absent":
        return None
    listed = {c["control_id"]: c["reason"] for c in p["disabled_controls"] or []}
    desired = dict(identity, disabled_controls=None)
    if p["purge_disabled_controls"] or p["disabled_controls"] is not None:
        want = {} if p["purge_disabled_controls"] else {c["control_id"]: c["reason"] for c in current_disabled(current)}
        want.update(listed)
        desired["disabled_controls"] = [{"control_id": k, "reason": want[k]} for k in sorted(want)]
    return desired


def current_disabled(current):
    return (current or {}).get("disabled_controls") or []


def control_updates(arn, have, want):
    have = {c["control_id"]: c["reason"] for c in have}
    want = {c["control_id"]: c["reason"] for c in want}
    updates = [
        dict(StandardsArn=arn, SecurityControlId=cid, AssociationStatus="DISABLED", UpdatedReason=reason)
        for cid, reason in sorted(want.items())
        if have.get(cid) != reason
    ]
    updates += [
        dict(StandardsArn=arn, SecurityControlId=cid, AssociationStatus="ENABLED")
        for cid in sorted(have)
        if cid not in want
    ]
    return updates


def read(client, standard, subscription, p):
    if subscription is None:
        return None
    if subscription.get("StandardsStatus") not in ("READY", "INCOMPLETE") and p["wait"]:
        subscription = wait_for_subscription(client, subscription["StandardsSubscriptionArn"], p["wait_timeout"])
    result = normalize_subscription(standard, subscription)
    result["disabled_controls"] = disabled_controls(client, standard["StandardsArn"])
    return result


def create(client, standard, p, desired):
    subscription = batch_enable_standards(client, [standard["StandardsArn"]])[0]
    if not (p["wait"] or desired["disabled_controls"]):
        return dict(normalize_subscription(standard, subscription), disabled_controls=[])
    current = read(client, standard, subscription, dict(p, wait=True))
    return update(client, standard, p, current, desired)


def update(client, standard, p, current, desired):
    if desired["disabled_controls"] is not None:
        update_control_associations(
            client, control_updates(standard["StandardsArn"], current_disabled(current), desired["disabled_controls"])
        )
    subscription = {
        "StandardsSubscriptionArn": current["standards_subscription_arn"],
        "StandardsStatus": current["standards_status"],
    }
    return read(client, standard, subscription, p)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("securityhub")
    try:
        standards = describe_standards(client)
        standard = resolve_standard(standards, p["standard"])
        if standard is None:
            names = ", ".join(sorted(short_name(s["StandardsArn"]) for s in standards))
            module.fail_json(msg=f"standard {p['standard']} is not offered in {module.region}; it offers: {names}")
        arn = standard["StandardsArn"]
        if p["state"] == "present" and p["disabled_controls"]:
            known = {d["SecurityControlId"] for d in list_security_control_definitions(client, arn)}
            unknown = sorted({c["control_id"] for c in p["disabled_controls"]} - known)
            if known and unknown:
                module.fail_json(msg=f"disabled_controls: {', '.join(unknown)} not in {short_name(arn)}")
        subscription = next((s for s in get_enabled_standards(client) if s["StandardsArn"] == arn), None)
        current = read(client, standard, subscription, p)
        identity = normalize_subscription(standard, None)
        result = ensure(
            current,
            desired_standard(p, identity, current),
            check_mode=module.check_mode,
            create=lambda d: create(client, standard, p, d),
            update=lambda c, d: update(client, standard, p, c, d),
            delete=lambda c: batch_disable_standards(client, [c["standards_subscription_arn"]]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    after = result.after if result.after is not None else identity
    module.exit_json(changed=result.changed, standard=after, diff=result.diff)


if __name__ == "__main__":
    main()
