#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: controltower_control
short_description: Manage the AWS Control Tower controls (guardrails) enabled on one organizational unit
version_added: 0.1.0
description:
  - Makes the set of controls enabled on one target OU match O(controls) - enables the missing ones, updates the
    parameters of those whose C(parameters) (in O(controls)) differ, and with O(purge_controls=true) disables the enabled
    controls that are not listed.
  - Every operation is started first and then all are waited for together, at most O(max_concurrent_operations)
    at a time (AWS runs at most 10 Control Tower operations at once). A failed operation is reported with AWS's
    status message, after the others have finished.
  - Mandatory controls (such as C(AWS-GR_CLOUDTRAIL_ENABLED)) are applied by the landing zone to every registered
    OU and cannot be enabled or disabled through the API; listing one is an error, and purging never touches them.
  - Every identifier is checked before any API call.
  - Supports check mode (returns the predicted enabled controls) and diff mode (the target's controls before and
    after, by control id, with the parameters of those whose O(controls) entry sets C(parameters)).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  target_identifier:
    description:
      - ARN of the organizational unit, C(arn:aws:organizations::<management account>:ou/o-<org>/ou-<id>).
    type: str
    required: true
  controls:
    description:
      - The controls, each a control identifier or a dict with C(control_identifier) and C(parameters).
      - An identifier is a legacy guardrail id such as V(AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS) (expanded to
        C(arn:aws:controltower:<region>::control/<id>) in the module's region), that regional ARN, or a Control
        Catalog ARN C(arn:aws:controlcatalog:::control/<id>).
      - C(parameters) is a dict of parameter name to value (for example C(AllowedRegions)); when it is not set, the
        parameters of an enabled control are left alone.
    type: list
    elements: raw
    default: []
  purge_controls:
    description:
      - Disable the enabled controls of the target that O(controls) does not list (mandatory controls excepted).
      - With V(false), controls are only enabled or updated.
    type: bool
    default: false
  state:
    description:
      - V(present) enables O(controls); V(absent) disables those of O(controls) that are enabled.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait for the operations to finish and report failures.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for each batch of operations.
    type: int
    default: 1800
  max_concurrent_operations:
    description:
      - How many control operations run at once. AWS's quota is 10 concurrent Control Tower operations.
    type: int
    default: 10
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Strongly recommended guardrails on the Production OU
  prodgrade.aws.controltower_control:
    region: ap-south-1
    target_identifier: arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-11111111
    controls:
      - AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS
      - AWS-GR_ROOT_ACCOUNT_MFA_ENABLED
      - control_identifier: arn:aws:controltower:ap-south-1::control/AWS-GR_ENCRYPTED_VOLUMES

- name: Exactly these controls (disable the others)
  prodgrade.aws.controltower_control:
    region: ap-south-1
    target_identifier: arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-11111111
    controls: [AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS]
    purge_controls: true
"""

RETURN = r"""
enabled_controls:
  description:
    - The controls enabled on the target after the run (in check mode, predicted; new ones have no RV(enabled_controls[].arn)),
      sorted by control identifier.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: ARN of the enabled control.
      type: str
      sample: arn:aws:controltower:ap-south-1:123456789012:enabledcontrol/1A2B3C4D5E6F7G8H
    control_identifier:
      description: ARN of the control.
      type: str
      sample: arn:aws:controltower:ap-south-1::control/AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS
    target_identifier:
      description: ARN of the OU.
      type: str
    status:
      description: C(SUCCEEDED), C(FAILED) or C(UNDER_CHANGE).
      type: str
    drift_status:
      description: C(IN_SYNC), C(DRIFTED), C(NOT_CHECKING) or C(UNKNOWN).
      type: str
enabled:
  description: Control ARNs this run enabled (would enable, in check mode).
  returned: always
  type: list
  elements: str
updated:
  description: Control ARNs whose parameters this run updated.
  returned: always
  type: list
  elements: str
disabled:
  description: Control ARNs this run disabled.
  returned: always
  type: list
  elements: str
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import controltower as ct
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure

ARGUMENT_SPEC = dict(
    target_identifier=dict(type="str", required=True),
    controls=dict(type="list", elements="raw", default=[]),
    purge_controls=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
    max_concurrent_operations=dict(type="int", default=10),
)


def parse_controls(controls, region):
    """{control ARN: parameters (None: leave alone)} in the order given, and the input errors."""
    wanted, errors = {}, []
    for index, item in enumerate(controls):
        where = f"controls[{index}]"
        parameters = None
        if isinstance(item, dict):
            unknown = sorted(set(item) - {"control_identifier", "parameters"})
            if unknown:
                errors.append(f"{where}: unknown key(s) {unknown}; a control is control_identifier and parameters")
                continue
            identifier, parameters = item.get("control_identifier"), item.get("parameters")
            if parameters is not None and not isinstance(parameters, dict):
                errors.append(f"{where}.parameters must be a dict of parameter name to value")
                continue
        elif isinstance(item, str):
            identifier = item
        else:
            errors.append(f"{where}: must be a control identifier or a dict with control_identifier")
            continue
        try:
            arn = ct.control_arn(identifier, region)
        except ValueError as e:
            errors.append(f"{where}: {e}")
            continue
        if ct.is_landing_zone_managed(arn):
            errors.append(
                f"{where}: {ct.control_id(arn)} is a mandatory control: the landing zone applies it to every "
                "registered OU and the Control Tower API cannot enable or disable it"
            )
        elif ct.control_id(arn) in {ct.control_id(a) for a in wanted}:
            errors.append(f"{where}: {ct.control_id(arn)} is listed twice")
        else:
            wanted[arn] = parameters
    return wanted, errors


def read_target(client, target, wanted, enabled):
    """The target's controls as ensure() compares them: {control id: {} or {"parameters": ...}}; parameters are
    read (GetEnabledControl) only for the enabled controls whose parameters the task sets."""
    by_id = {ct.control_id(arn): control for arn, control in enabled.items()}
    controls = {ct.control_id(arn): {} for arn in enabled}
    for arn, parameters in wanted.items():
        control = by_id.get(ct.control_id(arn))
        if control is not None and parameters is not None:
            details = ct.get_enabled_control(client, control["arn"]) or {}
            controls[ct.control_id(arn)] = dict(parameters=ct.from_api_parameters(details.get("parameters")))
    return dict(target_identifier=target, controls=controls)


def desired_target(p, wanted, current):
    """The target's controls as the task wants them (same shape as read_target())."""
    have = current["controls"]
    wanted_ids = {ct.control_id(arn): parameters for arn, parameters in wanted.items()}
    if p["state"] == "absent":
        return dict(current, controls={cid: c for cid, c in have.items() if cid not in wanted_ids})
    purged = p["purge_controls"]
    controls = {
        cid: c
        for cid, c in have.items()
        if not (purged and cid not in wanted_ids and not ct.is_landing_zone_managed(cid))
    }
    for cid, parameters in wanted_ids.items():
        controls[cid] = dict(parameters=parameters) if parameters is not None else have.get(cid, {})
    return dict(current, controls=controls)


def plan(current, desired):
    """(to_enable, to_update, to_disable): control ids, in the order the task or AWS lists them."""
    have, want = current["controls"], desired["controls"]
    to_enable = [cid for cid in want if cid not in have]
    to_update = [
        cid
        for cid, c in want.items()
        if cid in have
        and "parameters" in c
        and ct.normalize_document(have[cid].get("parameters") or {}) != ct.normalize_document(c["parameters"])
    ]
    to_disable = [cid for cid in have if cid not in want]
    return to_enable, to_update, to_disable


def predict(target, enabled, to_enable, to_disable):
    after = [ct.normalize_enabled_control(c) for arn, c in enabled.items() if arn not in to_disable]
    after += [dict(control_identifier=arn, target_identifier=target, status="SUCCEEDED") for arn in to_enable]
    return sorted(after, key=lambda c: c["control_identifier"])


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    target = p["target_identifier"]
    wanted, errors = parse_controls(p["controls"], module.region)
    error = ct.check_ou_arn(target, "target_identifier")
    errors = ([error] if error else []) + errors
    if p["wait_timeout"] <= 0 or p["max_concurrent_operations"] <= 0:
        errors.append("wait_timeout and max_concurrent_operations must be positive")
    if errors:
        module.fail_json(msg="; ".join(errors))

    client = module.client("controltower")
    failures = []
    try:
        enabled = {c["controlIdentifier"]: c for c in ct.list_enabled_controls(client, target)}
        enabled_by_id = {ct.control_id(arn): c for arn, c in enabled.items()}
        wanted_by_id = {ct.control_id(arn): arn for arn in wanted}
        current = read_target(client, target, wanted, enabled)
        desired = desired_target(p, wanted, current)
        to_enable, to_update, to_disable = plan(current, desired)
        enabled_controls = predict(
            target,
            enabled,
            [wanted_by_id[cid] for cid in to_enable],
            [enabled_by_id[cid]["controlIdentifier"] for cid in to_disable],
        )

        def update(_current, want):
            """Start every operation, then wait for all; the target's controls as AWS lists them after."""
            nonlocal enabled_controls
            starts = [
                (f"enable {cid}", _enable(client, wanted_by_id[cid], target, want["controls"][cid].get("parameters")))
                for cid in to_enable
            ]
            starts += [
                (f"update {cid}", _update(client, enabled_by_id[cid]["arn"], want["controls"][cid]["parameters"]))
                for cid in sorted(to_update, key=lambda cid: enabled_by_id[cid]["controlIdentifier"])
            ]
            starts += [(f"disable {cid}", _disable(client, enabled_by_id[cid]["arn"])) for cid in to_disable]
            failures.extend(
                ct.run_operations(
                    client, "control", starts, p["wait"], p["wait_timeout"], p["max_concurrent_operations"]
                )[1]
            )
            enabled_controls = sorted(
                (ct.normalize_enabled_control(c) for c in ct.list_enabled_controls(client, target)),
                key=lambda c: c["control_identifier"],
            )
            listed = sorted(ct.control_id(c["control_identifier"]) for c in enabled_controls)
            return dict(want, controls={cid: want["controls"].get(cid, {}) for cid in listed})

        # The target always exists: only update() applies (the control set is the object).
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=lambda want: update(None, want),
            update=update,
            delete=lambda have: None,
            differs=lambda have, want: ["controls"] if any(plan(have, want)) else [],
            predict=lambda have, want: want,
        )
    except ct.AnsibleControlTowerError as e:
        module.fail_json_aws_error(e)
    outcome = dict(
        changed=result.changed,
        enabled=[wanted_by_id[cid] for cid in to_enable],
        updated=sorted(enabled_by_id[cid]["controlIdentifier"] for cid in to_update),
        disabled=[enabled_by_id[cid]["controlIdentifier"] for cid in to_disable],
        enabled_controls=enabled_controls,
    )
    if failures:
        module.fail_json(
            msg=f"{len(failures)} control operation(s) on {target} failed: {'; '.join(failures)}", **outcome
        )
    module.exit_json(diff=_sorted_diff(result.diff), **outcome)


def _sorted_diff(diff):
    return {side: dict(obj, controls=dict(sorted(obj["controls"].items()))) for side, obj in diff.items()}


def _enable(client, arn, target, parameters):
    def start():
        params = dict(controlIdentifier=arn, targetIdentifier=target)
        if parameters:
            params["parameters"] = ct.to_api_parameters(parameters)
        return ct.enable_control(client, **params)["operationIdentifier"]

    return start


def _update(client, enabled_arn, parameters):
    return lambda: ct.update_enabled_control(client, enabled_arn, ct.to_api_parameters(parameters))


def _disable(client, enabled_arn):
    return lambda: ct.disable_control(client, enabled_arn)


if __name__ == "__main__":
    main()
