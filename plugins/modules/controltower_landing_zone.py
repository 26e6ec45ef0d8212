#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: controltower_landing_zone
short_description: Manage the AWS Control Tower landing zone of the management account
version_added: 0.1.0
description:
  - Creates, updates or deletes the account's AWS Control Tower landing zone (there is at most one), and waits on the
    landing zone operation it started.
  - The landing zone is updated when O(version), O(manifest) or O(remediation_types) differ from what AWS reports.
    The manifest is compared as a JSON document (key order, integral numbers written as floats and the order of
    lists such as C(governedRegions) do not count).
  - The version cannot go down, nor above the C(latestAvailableVersion) AWS reports; both are refused before any
    change.
  - When the landing zone has an operation in progress (a previous run timed out), the module waits for it first
    (with O(wait=true)), so a re-run resumes instead of failing.
  - An option that is not set leaves that setting of an existing landing zone alone.
  - Supports check mode (returns the predicted landing zone) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  manifest:
    description:
      - The landing zone manifest (for landing zone 3.x C(governedRegions), C(organizationStructure),
        C(centralizedLogging), C(securityRoles), C(accessManagement)).
      - Required to create the landing zone.
      - Checked before any API call - C(governedRegions) must be region names and include the region the module
        runs in (the home region), every C(accountId) must be 12 digits, C(retentionDays) positive integers.
    type: dict
  version:
    description:
      - Landing zone version, for example V(3.3). Required to create the landing zone.
    type: str
  remediation_types:
    description:
      - Remediation AWS applies to the landing zone, for example V(INHERITANCE_DRIFT). V([]) removes them.
    type: list
    elements: str
    choices: [INHERITANCE_DRIFT]
  state:
    description:
      - Whether the landing zone should exist. V(absent) deletes (decommissions) it.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait for the landing zone operation to finish, and report its failure with AWS's status message.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the operation (creating a landing zone takes up to an hour on AWS).
    type: int
    default: 3600
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Landing zone 3.3 governing the home region and two others
  prodgrade.aws.controltower_landing_zone:
    region: ap-south-1
    version: "3.3"
    manifest:
      governedRegions: [ap-south-1, ap-southeast-1, us-east-1]
      organizationStructure:
        security: {name: Security}
      centralizedLogging:
        accountId: "111111111111"
        configurations:
          loggingBucket: {retentionDays: 365}
          accessLoggingBucket: {retentionDays: 3650}
        enabled: true
      securityRoles: {accountId: "222222222222"}
      accessManagement: {enabled: true}
    tags:
      Owner: platform

- name: Decommission the landing zone
  prodgrade.aws.controltower_landing_zone:
    region: ap-south-1
    state: absent
"""

RETURN = r"""
landing_zone:
  description:
    - The landing zone as GetLandingZone returns it, plus its tags. An empty dict when there is none.
    - In check mode, the predicted landing zone (no RV(landing_zone.arn) for a new one).
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the landing zone.
      returned: when it exists
      type: str
      sample: arn:aws:controltower:ap-south-1:123456789012:landingzone/1A2B3C4D5E6F7G8H
    version:
      description: Deployed landing zone version.
      returned: when it exists
      type: str
      sample: "3.3"
    manifest:
      description: The manifest, as AWS stores it (keys as written, not snake_cased).
      returned: when it exists
      type: dict
    status:
      description: C(ACTIVE), C(PROCESSING) or C(FAILED).
      returned: when it exists
      type: str
      sample: ACTIVE
    drift_status:
      description: C(IN_SYNC) or C(DRIFTED).
      returned: when AWS reports it
      type: str
      sample: IN_SYNC
    latest_available_version:
      description: Latest version the landing zone can be updated to.
      returned: when AWS reports it
      type: str
      sample: "3.3"
    remediation_types:
      description: Remediation types applied.
      returned: when it exists
      type: list
      elements: str
    tags:
      description: Tags of the landing zone.
      returned: when it exists
      type: dict
operation:
  description: The landing zone operation this run started (GetLandingZoneOperation, snake_cased); empty when none.
  returned: always
  type: dict
  contains:
    operation_identifier:
      description: Id of the operation.
      type: str
    operation_type:
      description: C(CREATE), C(UPDATE), C(RESET) or C(DELETE).
      type: str
    status:
      description: C(SUCCEEDED), C(FAILED) or C(IN_PROGRESS) (with O(wait=false)).
      type: str
    status_message:
      description: AWS's message, the reason of a failure.
      type: str
"""

import re

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.prodgrade.aws.plugins.module_utils import controltower as ct
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn

ARGUMENT_SPEC = dict(
    manifest=dict(type="dict"),
    version=dict(type="str"),
    remediation_types=dict(type="list", elements="str", choices=["INHERITANCE_DRIFT"]),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=3600),
)


def _walk(value, path=""):
    """(path, key, value) for every dict member of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from _walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def validate_params(p, region):
    errors = []
    if p["version"] is not None and not ct.LANDING_ZONE_VERSION.match(p["version"]):
        errors.append(f"version must look like 3.3 (major.minor), got '{p['version']}'")
    if p["wait_timeout"] <= 0:
        errors.append("wait_timeout must be a positive number of seconds")
    manifest = p["manifest"]
    if manifest is None:
        return errors
    regions = manifest.get("governedRegions")
    if regions is not None:
        if not isinstance(regions, list) or not all(isinstance(r, str) and re.fullmatch(ct.REGION, r) for r in regions):
            errors.append(f"manifest.governedRegions must be a list of region names, got {regions!r}")
        elif region not in regions:
            errors.append(
                f"manifest.governedRegions {regions} must include the home region {region} "
                "(the region the landing zone is managed from is always governed)"
            )
    for path, key, value in _walk(manifest):
        where = f"manifest.{path}.{key}" if path else f"manifest.{key}"
        if key == "accountId" and not (isinstance(value, str) and re.match(r"^\d{12}$", value)):
            errors.append(f"{where} must be a 12-digit account id as a string, got {value!r}")
        whole = isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()
        if key == "retentionDays" and not (whole and value > 0):
            errors.append(f"{where} must be a positive whole number of days, got {value!r}")
        if key == "kmsKeyArn" and value and not parse_arn(value, "kms", region=True, account=True):
            errors.append(f"{where} must be a KMS key ARN, got {value!r}")
    return errors


def desired_landing_zone(p, current):
    if p["state"] == "absent":
        return None
    desired = dict(version=p["version"], manifest=p["manifest"], remediation_types=p["remediation_types"], tags=None)
    if p["tags"] is not None:
        have = (current or {}).get("tags") or {}
        kept = {k: v for k, v in have.items() if k.startswith("aws:") or not p["purge_tags"]}
        desired["tags"] = dict(kept, **p["tags"])
    return desired


def differs(current, desired):
    keys = []
    if desired["version"] is not None and desired["version"] != current.get("version"):
        keys.append("version")
    if desired["manifest"] is not None and ct.normalize_document(desired["manifest"]) != ct.normalize_document(
        current.get("manifest")
    ):
        keys.append("manifest")
    if desired["remediation_types"] is not None and sorted(desired["remediation_types"]) != sorted(
        current.get("remediation_types") or []
    ):
        keys.append("remediation_types")
    if desired["tags"] is not None and desired["tags"] != (current.get("tags") or {}):
        keys.append("tags")
    return keys


def predict(current, desired):
    base = current or dict(status="ACTIVE", drift_status="IN_SYNC", remediation_types=[], tags={})
    after = merge(
        {k: v for k, v in base.items() if k != "manifest"}, {k: v for k, v in desired.items() if k != "manifest"}
    )
    after["manifest"] = desired["manifest"] if desired["manifest"] is not None else (current or {}).get("manifest", {})
    return after


class LandingZone:
    def __init__(self, module, client):
        self.module, self.client, self.p = module, client, module.params
        self.operation = {}

    def _wait(self, operation_id):
        self.operation = {"operationIdentifier": operation_id}
        if not self.p["wait"]:
            self.operation = ct.get_landing_zone_operation(self.client, operation_id)
            return
        self.operation = ct.wait_for_operations(self.client, "landing_zone", [operation_id], self.p["wait_timeout"])[
            operation_id
        ]
        if self.operation.get("status") == "FAILED":
            self.module.fail_json(
                msg=f"Landing zone operation {self.operation.get('operationType', '')} {operation_id} failed: "
                f"{self.operation.get('statusMessage') or 'no status message'}",
                operation=ct.operation_summary(self.operation),
                landing_zone=ct.describe_landing_zone(self.client) or {},
            )

    def create(self, desired):
        params = dict(version=desired["version"], manifest=desired["manifest"])
        if desired["remediation_types"]:
            params["remediationTypes"] = desired["remediation_types"]
        if desired["tags"]:
            params["tags"] = desired["tags"]
        self._wait(ct.create_landing_zone(self.client, **params)["operationIdentifier"])
        return ct.describe_landing_zone(self.client) or predict(None, desired)

    def update(self, current, desired):
        keys = differs(current, desired)
        if set(keys) - {"tags"}:
            params = dict(
                landingZoneIdentifier=current["arn"],
                version=desired["version"] or current["version"],
                manifest=desired["manifest"] if desired["manifest"] is not None else current["manifest"],
            )
            remediation = desired["remediation_types"]
            remediation = current.get("remediation_types") if remediation is None else remediation
            if remediation:
                params["remediationTypes"] = remediation
            self._wait(ct.update_landing_zone(self.client, **params))
        if "tags" in keys:
            to_set, to_unset = compare_aws_tags(current.get("tags") or {}, desired["tags"], purge_tags=True)
            ct.untag_resource(self.client, current["arn"], to_unset)
            ct.tag_resource(self.client, current["arn"], to_set)
        return ct.describe_landing_zone(self.client) or predict(current, desired)

    def delete(self, current):
        self._wait(ct.delete_landing_zone(self.client, current["arn"]))


def check_version(module, current, version):
    if not current or version is None:
        return
    if ct.version_tuple(version) < ct.version_tuple(current["version"]):
        module.fail_json(msg=f"version {version} is older than the deployed {current['version']}; AWS cannot downgrade")
    latest = current.get("latest_available_version")
    if latest and ct.version_tuple(version) > ct.version_tuple(latest):
        module.fail_json(msg=f"version {version} is newer than the latest available landing zone version {latest}")


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p, module.region)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("controltower")
    zone = LandingZone(module, client)
    try:
        current = ct.describe_landing_zone(client)
        if current and current.get("status") == "PROCESSING" and p["wait"] and not module.check_mode:
            running = ct.list_landing_zone_operations(client, filter={"statuses": ["IN_PROGRESS"]})
            ids = [op["operationIdentifier"] for op in running]
            ct.wait_for_operations(client, "landing_zone", ids, p["wait_timeout"])
            current = ct.describe_landing_zone(client)
        if p["state"] == "present" and current is None and (p["manifest"] is None or p["version"] is None):
            module.fail_json(msg="manifest and version are required to create the landing zone")
        check_version(module, current, p["version"])
        result = ensure(
            current,
            desired_landing_zone(p, current),
            check_mode=module.check_mode,
            differs=differs,
            predict=predict,
            create=zone.create,
            update=zone.update,
            delete=zone.delete,
        )
    except ct.AnsibleControlTowerError as e:
        module.fail_json_aws_error(e)
    module.exit_json(
        changed=result.changed,
        landing_zone=result.after or {},
        operation=ct.operation_summary(zone.operation) if zone.operation.get("status") else {},
        diff=result.diff,
    )


if __name__ == "__main__":
    main()
