#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_standard
short_description: Subscribe Security Hub standards and disable some of their controls, with a recorded reason
version_added: 0.1.0
description:
  - Subscribes the account to a Security Hub standard (BatchEnableStandards), waits until the subscription is
    ready, and disables the controls listed in O(disabled_controls) for that standard with their reason
    (BatchUpdateStandardsControlAssociations); or unsubscribes it.
  - O(standards) does the same for several standards, each with its own disabled controls, and O(regions) in
    several regions. One run converges every listed standard in every region, reading each region's standards,
    subscriptions and each standard's control definitions once.
  - Standards ARNs are per region. O(standard) takes the short name (for example
    V(aws-foundational-security-best-practices/v/1.0.0) or V(cis-aws-foundations-benchmark/v/3.0.0)), which the
    module maps to the region's ARN as DescribeStandards returns it, or the ARN itself.
  - Controls are named by their security control id (V(IAM.6), V(EC2.7) ...), the same in every standard.
    Controls that are disabled but not listed are left alone, unless O(purge_disabled_controls=true).
  - Every region's standards are resolved and the listed controls checked before any change is made.
  - Security Hub must be enabled (M(prodgrade.aws.securityhub_hub)).
  - Supports check mode (returns the predicted subscription) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  regions:
    description:
      - Regions to converge, each the same way, in one run (one module start, one boto3 session).
      - When set, O(region) is not used and the result has RV(regions) instead of RV(standard) or RV(standards).
    type: list
    elements: str
  standard:
    description:
      - Short name (V(aws-foundational-security-best-practices/v/1.0.0)) or ARN of the standard.
      - Exactly one of O(standard) and O(standards) is required.
    type: str
  disabled_controls:
    description:
      - Controls to disable in O(standard), each with the reason (recorded in Security Hub).
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
  standards:
    description:
      - Several standards, each with its disabled controls (as O(standard) and O(disabled_controls)); O(state),
        O(purge_disabled_controls) and O(wait) apply to each.
      - The result is RV(standards), keyed by the standards' short names.
    type: list
    elements: dict
    suboptions:
      standard:
        description: Short name or ARN of the standard.
        type: str
        required: true
      disabled_controls:
        description: Controls to disable in this standard, each with the reason.
        type: list
        elements: dict
        suboptions:
          control_id:
            description: Security control id, for example V(IAM.6).
            type: str
            required: true
          reason:
            description: Why the control is disabled.
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
      - Whether the account should be subscribed to the standard(s).
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

- name: Both standards in every region of the organization, in one run
  prodgrade.aws.securityhub_standard:
    regions: [ap-south-1, us-east-1, eu-west-1]
    standards:
      - standard: aws-foundational-security-best-practices/v/1.0.0
      - standard: cis-aws-foundations-benchmark/v/3.0.0
        disabled_controls:
          - control_id: IAM.6
            reason: Root uses a virtual MFA device held by the break-glass process
    purge_disabled_controls: true
  register: standards

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
  returned: when O(standard) is set and O(regions) is not
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
standards:
  description:
    - With O(standards), each standard (as RV(standard)) keyed by its short name.
  returned: when O(standards) is set and O(regions) is not
  type: dict
  sample: {"cis-aws-foundations-benchmark/v/3.0.0": {"standards_status": "READY", "disabled_controls": []}}
regions:
  description:
    - Each region's RV(standard) (or RV(standards)), keyed by region. The diff has one entry per region.
  returned: always
  type: dict
  sample: {"us-east-1": {"standard": {"standard": "cis-aws-foundations-benchmark/v/3.0.0", "standards_status": "READY"}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import EnsureResult
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import batch_disable_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import batch_enable_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import disabled_controls
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import get_enabled_standards
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import in_region
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_security_control_definitions
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import normalize_subscription
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import resolve_standard
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import short_name
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import update_control_associations
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import wait_for_subscription

CONTROLS_SPEC = dict(
    type="list",
    elements="dict",
    options=dict(control_id=dict(type="str", required=True), reason=dict(type="str", required=True)),
)
ARGUMENT_SPEC = dict(
    **clients.REGIONS_OPTION,
    standard=dict(type="str"),
    disabled_controls=CONTROLS_SPEC,
    standards=dict(
        type="list",
        elements="dict",
        options=dict(standard=dict(type="str", required=True), disabled_controls=CONTROLS_SPEC),
    ),
    purge_disabled_controls=dict(type="bool", default=False),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=600),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
MUTUALLY_EXCLUSIVE = [("standard", "standards"), ("disabled_controls", "standards")]
REQUIRED_ONE_OF = [("standard", "standards")]


def wanted(p):
    """[(option name for messages, {standard, disabled_controls})] of the task, one per standard."""
    if p["standards"] is None:
        return [("disabled_controls", dict(standard=p["standard"], disabled_controls=p["disabled_controls"]))]
    return [(f"standards[{item['standard']}].disabled_controls", item) for item in p["standards"]]


def validate_params(p):
    errors = []
    for option, item in wanted(p):
        seen = set()
        for control in item["disabled_controls"] or []:
            if control["control_id"] in seen:
                errors.append(f"{option}: {control['control_id']} is listed twice")
            seen.add(control["control_id"])
            if not control["reason"].strip():
                errors.append(f"{option}: {control['control_id']} needs a reason (AWS records it)")
    if p["wait_timeout"] < 1:
        errors.append("wait_timeout must be a positive number of seconds")
    return errors


def desired_standard(p, item, identity, current):
    if p["state"] == "absent":
        return None
    listed = {c["control_id"]: c["reason"] for c in item["disabled_controls"] or []}
    desired = dict(identity, disabled_controls=None)
    if p["purge_disabled_controls"] or item["disabled_controls"] is not None:
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


class Region:
    """One region's client and what the run reads there once: the offered standards, the subscriptions, and each
    standard's control definitions (read at most once, however often the standard is validated and read)."""

    def __init__(self, module, region):
        self.module, self.region = module, region
        self.client = clients.client(module, "securityhub", region=region)
        self.offered = describe_standards(self.client)
        self._definitions = {}

    def definitions(self, arn):
        # An empty list (Security Hub not enabled yet, e.g. under --check) is read again once there is a hub.
        if not self._definitions.get(arn):
            self._definitions[arn] = list_security_control_definitions(self.client, arn)
        return self._definitions[arn]

    def resolve(self, items):
        """[(standard, item)] for the task's standards; fails on one not offered here or a control it lacks."""
        p, plan = self.module.params, []
        for option, item in items:
            standard = resolve_standard(self.offered, item["standard"])
            if standard is None:
                names = ", ".join(sorted(short_name(s["StandardsArn"]) for s in self.offered))
                label = "standard" if p["standards"] is None else "standards"
                self.module.fail_json(
                    msg=f"{label} {item['standard']} is not offered in {self.region}; it offers: {names}"
                )
            arn = standard["StandardsArn"]
            if any(arn == s["StandardsArn"] for s, _controls in plan):
                self.module.fail_json(msg=f"standards: {short_name(arn)} is listed twice")
            if p["state"] == "present" and item["disabled_controls"]:
                known = {d["SecurityControlId"] for d in self.definitions(arn)}
                unknown = sorted({c["control_id"] for c in item["disabled_controls"]} - known)
                if known and unknown:
                    self.module.fail_json(msg=f"{option}: {', '.join(unknown)} not in {short_name(arn)}")
            plan.append((standard, item))
        return plan

    def read(self, standard, subscription, wait):
        if subscription is None:
            return None
        p = self.module.params
        if subscription.get("StandardsStatus") not in ("READY", "INCOMPLETE") and wait:
            subscription = wait_for_subscription(
                self.client, subscription["StandardsSubscriptionArn"], p["wait_timeout"]
            )
        result = normalize_subscription(standard, subscription)
        arn = standard["StandardsArn"]
        result["disabled_controls"] = disabled_controls(self.client, arn, self.definitions(arn))
        return result

    def create(self, standard, desired):
        subscription = batch_enable_standards(self.client, [standard["StandardsArn"]])[0]
        if not (self.module.params["wait"] or desired["disabled_controls"]):
            return dict(normalize_subscription(standard, subscription), disabled_controls=[])
        current = self.read(standard, subscription, wait=True)
        return self.update(standard, current, desired)

    def update(self, standard, current, desired):
        if desired["disabled_controls"] is not None:
            updates = control_updates(standard["StandardsArn"], current_disabled(current), desired["disabled_controls"])
            update_control_associations(self.client, updates)
        subscription = {
            "StandardsSubscriptionArn": current["standards_subscription_arn"],
            "StandardsStatus": current["standards_status"],
        }
        return self.read(standard, subscription, self.module.params["wait"])

    def converge(self, standard, item, subscriptions):
        p = self.module.params
        current = self.read(standard, subscriptions.get(standard["StandardsArn"]), p["wait"])
        identity = normalize_subscription(standard, None)
        result = ensure(
            current,
            desired_standard(p, item, identity, current),
            check_mode=self.module.check_mode,
            create=lambda d: self.create(standard, d),
            update=lambda c, d: self.update(standard, c, d),
            delete=lambda c: batch_disable_standards(self.client, [c["standards_subscription_arn"]]),
        )
        # An unsubscribed standard is still named in the result (its identifying keys).
        return result if result.after is not None else result._replace(after=identity)

    def converge_all(self, plan):
        subscriptions = {s["StandardsArn"]: s for s in get_enabled_standards(self.client)}
        results = {short_name(s["StandardsArn"]): self.converge(s, item, subscriptions) for s, item in plan}
        if self.module.params["standards"] is None:
            return next(iter(results.values()))
        return EnsureResult(
            any(r.changed for r in results.values()),
            {name: r.before for name, r in results.items() if r.before is not None},
            {name: r.after for name, r in results.items()},
            sorted(f"{name}.{key}" for name, r in results.items() for key in r.changed_keys),
        )


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=MUTUALLY_EXCLUSIVE,
        required_one_of=REQUIRED_ONE_OF,
        supports_check_mode=True,
    )
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))
    key = "standard" if module.params["standards"] is None else "standards"
    try:
        # Every region's standards resolved and controls checked before the first change anywhere.
        plans = {}
        for region in clients.regions_of(module):
            with in_region(region):
                here = Region(module, region)
                plans[region] = (here, here.resolve(wanted(module.params)))

        def converge(region):
            here, plan = plans[region]
            with in_region(region):
                return here.converge_all(plan)

        result = clients.for_regions(module, converge, key)
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
