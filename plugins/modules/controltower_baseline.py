#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: controltower_baseline
short_description: Enable, update or disable an AWS Control Tower baseline on an organizational unit
version_added: 0.1.0
description:
  - Enables a baseline (for example C(AWSControlTowerBaseline), which registers the OU with Control Tower) on one
    target OU, updates it (UpdateEnabledBaseline) when O(baseline_version) or O(parameters) differ, or disables it.
  - Waits on the baseline operation and reports a failure with AWS's status message.
  - An option that is not set (O(baseline_version), O(parameters)) leaves that setting of an enabled baseline alone.
  - Supports check mode (returns the predicted enabled baseline) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  baseline_identifier:
    description:
      - The baseline, by ARN (C(arn:aws:controltower:<region>::baseline/<id>)) or by name (V(AWSControlTowerBaseline)),
        a name being looked up with ListBaselines.
    type: str
    required: true
  baseline_version:
    description:
      - Version of the baseline, for example V(4.0). Required to enable it.
    type: str
  target_identifier:
    description:
      - ARN of the organizational unit.
    type: str
    required: true
  parameters:
    description:
      - Parameter name to value, for example C(IdentityCenterEnabledBaselineArn) for C(AWSControlTowerBaseline) when
        the landing zone manages IAM Identity Center access. V({}) removes them all.
    type: dict
  state:
    description:
      - Whether the baseline should be enabled on the target.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait for the baseline operation to finish.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the operation.
    type: int
    default: 3600
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Register the Production OU with Control Tower
  prodgrade.aws.controltower_baseline:
    region: ap-south-1
    baseline_identifier: AWSControlTowerBaseline
    baseline_version: "4.0"
    target_identifier: arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-11111111
    parameters:
      IdentityCenterEnabledBaselineArn: arn:aws:controltower:ap-south-1:123456789012:enabledbaseline/XAHCR4CJTSI4W07MZ

- name: Deregister it
  prodgrade.aws.controltower_baseline:
    region: ap-south-1
    baseline_identifier: AWSControlTowerBaseline
    target_identifier: arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-11111111
    state: absent
"""

RETURN = r"""
enabled_baseline:
  description:
    - The enabled baseline (GetEnabledBaseline, flattened); an empty dict when O(state=absent).
    - In check mode, the predicted one (no RV(enabled_baseline.arn) when new).
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the enabled baseline.
      type: str
      sample: arn:aws:controltower:ap-south-1:123456789012:enabledbaseline/XAGF7TNOHRD7ES5VV
    baseline_identifier:
      description: ARN of the baseline.
      type: str
    baseline_version:
      description: Enabled version.
      type: str
      sample: "4.0"
    target_identifier:
      description: ARN of the OU.
      type: str
    status:
      description: C(SUCCEEDED), C(FAILED) or C(UNDER_CHANGE).
      type: str
    parameters:
      description: Parameter name to value.
      type: dict
operation:
  description: The baseline operation this run started (snake_cased GetBaselineOperation); empty when none.
  returned: always
  type: dict
  contains:
    operation_identifier:
      description: Id of the operation.
      type: str
    operation_type:
      description: C(ENABLE_BASELINE), C(UPDATE_ENABLED_BASELINE) or C(DISABLE_BASELINE).
      type: str
    status:
      description: C(SUCCEEDED), C(FAILED) or C(IN_PROGRESS).
      type: str
    status_message:
      description: AWS's message, the reason of a failure.
      type: str
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import controltower as ct
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge

ARGUMENT_SPEC = dict(
    baseline_identifier=dict(type="str", required=True),
    baseline_version=dict(type="str"),
    target_identifier=dict(type="str", required=True),
    parameters=dict(type="dict"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=3600),
)


def validate_params(p):
    errors = [
        e
        for e in (
            ct.check_baseline_identifier(p["baseline_identifier"]),
            ct.check_ou_arn(p["target_identifier"], "target_identifier"),
        )
        if e
    ]
    if p["baseline_version"] is not None and not ct.BASELINE_VERSION.match(p["baseline_version"]):
        errors.append(f"baseline_version must look like 4.0, got '{p['baseline_version']}'")
    if p["wait_timeout"] <= 0:
        errors.append("wait_timeout must be a positive number of seconds")
    return errors


def find(client, baseline_arn, target):
    found = ct.list_enabled_baselines(client, baselineIdentifiers=[baseline_arn], targetIdentifiers=[target])
    if not found:
        return None
    details = ct.get_enabled_baseline(client, found[0]["arn"]) or dict(found[0], parameters=[])
    return ct.normalize_enabled_baseline(dict(details, parameters=details.get("parameters", [])))


def differs(current, desired):
    keys = []
    if desired["baseline_version"] is not None and desired["baseline_version"] != current.get("baseline_version"):
        keys.append("baseline_version")
    if desired["parameters"] is not None and ct.normalize_document(desired["parameters"]) != ct.normalize_document(
        current.get("parameters") or {}
    ):
        keys.append("parameters")
    return keys


def predict(current, desired):
    after = merge(current or dict(status="SUCCEEDED", parameters={}), dict(desired, parameters=None))
    if desired["parameters"] is not None:
        after["parameters"] = dict(desired["parameters"])
    return after


class Baseline:
    def __init__(self, module, client, baseline_arn):
        self.module, self.client, self.baseline_arn, self.p = module, client, baseline_arn, module.params
        self.operation = {}

    def _wait(self, operation_id):
        if not self.p["wait"]:
            self.operation = ct.get_baseline_operation(self.client, operation_id)
            return
        self.operation = ct.wait_for_operations(self.client, "baseline", [operation_id], self.p["wait_timeout"])[
            operation_id
        ]
        if self.operation.get("status") == "FAILED":
            self.module.fail_json(
                msg=f"Baseline operation {self.operation.get('operationType', '')} {operation_id} on "
                f"{self.p['target_identifier']} failed: {self.operation.get('statusMessage') or 'no status message'}",
                operation=ct.operation_summary(self.operation),
            )

    def create(self, desired):
        params = dict(
            baselineIdentifier=self.baseline_arn,
            baselineVersion=desired["baseline_version"],
            targetIdentifier=self.p["target_identifier"],
        )
        if desired["parameters"]:
            params["parameters"] = ct.to_api_parameters(desired["parameters"])
        self._wait(ct.enable_baseline(self.client, **params)["operationIdentifier"])
        return find(self.client, self.baseline_arn, self.p["target_identifier"]) or predict(None, desired)

    def update(self, current, desired):
        parameters = desired["parameters"] if desired["parameters"] is not None else current.get("parameters") or {}
        params = dict(
            enabledBaselineIdentifier=current["arn"],
            baselineVersion=desired["baseline_version"] or current["baseline_version"],
        )
        if parameters:
            params["parameters"] = ct.to_api_parameters(parameters)
        self._wait(ct.update_enabled_baseline(self.client, **params))
        return find(self.client, self.baseline_arn, self.p["target_identifier"]) or predict(current, desired)

    def delete(self, current):
        self._wait(ct.disable_baseline(self.client, current["arn"]))


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("controltower")
    try:
        baseline_arn = ct.resolve_baseline(client, p["baseline_identifier"])
        current = find(client, baseline_arn, p["target_identifier"])
        if p["state"] == "present" and current is None and not p["baseline_version"]:
            module.fail_json(msg="baseline_version is required to enable the baseline")
        desired = None
        if p["state"] == "present":
            desired = dict(
                baseline_identifier=baseline_arn,
                target_identifier=p["target_identifier"],
                baseline_version=p["baseline_version"],
                parameters=p["parameters"],
            )
        baseline = Baseline(module, client, baseline_arn)
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=differs,
            predict=predict,
            create=baseline.create,
            update=baseline.update,
            delete=baseline.delete,
        )
    except ct.AnsibleControlTowerError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=result.changed,
        enabled_baseline=result.after or {},
        operation=ct.operation_summary(baseline.operation),
        diff=result.diff,
    )


if __name__ == "__main__":
    main()
