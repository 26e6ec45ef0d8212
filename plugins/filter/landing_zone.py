# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate the landing zone description (version, regions, accounts, registered OUs, guardrails and where each
applies) and turn it into a plan, before any API call. Every problem is reported at once, each naming the variable
and the rule it breaks."""

import re

from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.module_utils.controltower import BASELINE_VERSION
from ansible_collections.prodgrade.aws.plugins.module_utils.controltower import LANDING_ZONE_VERSION
from ansible_collections.prodgrade.aws.plugins.module_utils.controltower import control_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.controltower import control_id
from ansible_collections.prodgrade.aws.plugins.module_utils.controltower import is_landing_zone_managed
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import ACCOUNT_ID
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import arn
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import region_problem

ROOT = "Root"
CATEGORIES = ("mandatory", "strongly_recommended", "elective")
GUARDRAIL_KEYS = ("name", "control", "targets", "parameters", "note")
TARGET_KEYS = ("ous", "exclude")
OU_NAME = re.compile(r"^[^/\x00-\x1f]{1,128}$")


def covers(path, selector):
    """Whether an OU selector (a path, or Root) covers the OU at ``path``: itself and the OUs nested in it."""
    return selector == ROOT or path == selector or path.startswith(selector + "/")


def _known_paths(ous):
    """OU paths from a list of paths or {path: ...} dicts (organization_ous), with the parents they imply."""
    known = set()
    for ou in ous or []:
        path = ou.get("path") if isinstance(ou, dict) else ou
        if isinstance(path, str) and path:
            names = path.split("/")
            known.update("/".join(names[: i + 1]) for i in range(len(names)))
    return known


def _check_regions(home, governed, allowed, problems):
    if not isinstance(governed, list) or not governed:
        problems.append("landing_zone_governed_regions: must be a non-empty list of region names")
        return
    for region in governed:
        problem = region_problem(region, allowed)
        if problem:
            block = "" if region_problem(region) else "; the region-deny SCP would block it"
            problems.append(f"landing_zone_governed_regions: {problem}{block}")
    if len(set(governed)) != len(governed):
        problems.append(f"landing_zone_governed_regions: {governed} lists a region twice")
    if home not in governed:
        problems.append(
            f"landing_zone_home_region: '{home}' must be one of landing_zone_governed_regions {governed} "
            "(the home region is always governed)"
        )


def _check_accounts(accounts, problems):
    for var, value in accounts.items():
        if not ACCOUNT_ID.match(str(value or "")):
            problems.append(
                f"{var}: must be a 12-digit account id (from the inventory host of its group), got '{value}'"
            )
    ids = [str(v) for v in accounts.values() if v]
    if len(set(ids)) != len(ids):
        problems.append(
            f"{', '.join(accounts)}: the log archive, audit and management accounts must be three different accounts"
        )


def _check_ou_selectors(label, targets, registered, known, problems):
    """The OU paths a guardrail's targets cover (registered OUs only)."""
    if not isinstance(targets, dict):
        problems.append(f"{label}.targets: must be a dict with 'ous' (and optionally 'exclude') lists of OU paths")
        return []
    extra = sorted(set(targets) - set(TARGET_KEYS))
    if extra:
        problems.append(
            f"{label}.targets: unknown key(s) {', '.join(extra)} (allowed: ous, exclude); "
            "Control Tower enables controls on OUs only"
        )
    selectors = {}
    for key in TARGET_KEYS:
        paths = targets.get(key) or []
        if not isinstance(paths, list):
            problems.append(f"{label}.targets.{key}: must be a list of OU paths")
            paths = []
        for path in paths:
            if path != ROOT and path not in known:
                problems.append(
                    f"{label}.targets.{key}: '{path}' is not an OU path of the organization {sorted(known)}"
                )
            elif key == "ous" and path != ROOT and not any(covers(r, path) for r in registered):
                problems.append(
                    f"{label}.targets.ous: OU '{path}' (and any OU in it) is not registered with Control Tower "
                    f"(landing_zone_registered_ous {registered}); controls can only be enabled on registered OUs"
                )
        selectors[key] = [p for p in paths if isinstance(p, str)]
    if not selectors["ous"]:
        problems.append(f"{label}.targets.ous: must list at least one OU path (or Root for every registered OU)")
    return [
        ou
        for ou in registered
        if any(covers(ou, s) for s in selectors["ous"]) and not any(covers(ou, s) for s in selectors["exclude"])
    ]


def _plan_guardrails(guardrails, registered, known, home_region, problems):
    ou_controls = {ou: [] for ou in registered}
    managed, seen = [], {}
    if not isinstance(guardrails, dict):
        problems.append(f"landing_zone_guardrails: must be a dict with the lists {', '.join(CATEGORIES)}")
        return ou_controls, managed
    extra = sorted(set(guardrails) - set(CATEGORIES))
    if extra:
        problems.append(
            f"landing_zone_guardrails: unknown list(s) {', '.join(extra)} (allowed: {', '.join(CATEGORIES)})"
        )
    for category in CATEGORIES:
        items = guardrails.get(category) or []
        if not isinstance(items, list):
            problems.append(f"landing_zone_guardrails.{category}: must be a list")
            continue
        for index, item in enumerate(items):
            label = f"landing_zone_guardrails.{category}[{index}]"
            if not isinstance(item, dict):
                problems.append(f"{label}: must be a dict with name, control and targets")
                continue
            label = f"{label} ({item.get('name', 'unnamed')})"
            unknown = sorted(set(item) - set(GUARDRAIL_KEYS))
            if unknown:
                problems.append(f"{label}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(GUARDRAIL_KEYS)})")
            try:
                arn = control_arn(item.get("control"), home_region)
            except (ValueError, TypeError, AttributeError) as e:
                problems.append(f"{label}.control: {e}")
                continue
            ident = control_id(arn)
            if ident in seen:
                problems.append(f"{label}.control: {ident} is already listed as {seen[ident]}")
                continue
            seen[ident] = label
            if item.get("parameters") is not None and not isinstance(item["parameters"], dict):
                problems.append(f"{label}.parameters: must be a dict of parameter name to value")
            if is_landing_zone_managed(arn):
                if item.get("targets") not in (None, {"ous": [ROOT]}):
                    problems.append(
                        f"{label}.targets: {ident} is a mandatory control the landing zone applies to every "
                        "registered OU; the Control Tower API cannot place it, so remove its targets"
                    )
                managed.append({"name": item.get("name"), "control": ident, "category": category})
                continue
            targets = _check_ou_selectors(label, item.get("targets"), registered, known, problems)
            entry = {"control_identifier": item["control"]}
            if item.get("parameters"):
                entry["parameters"] = item["parameters"]
            for ou in targets:
                ou_controls[ou].append(entry)
    return ou_controls, managed


def landing_zone_plan(
    guardrails,
    version,
    home_region,
    governed_regions,
    allowed_regions,
    log_archive_account_id,
    audit_account_id,
    management_account_id,
    security_ou_name,
    registered_ous,
    known_ous=None,
    sandbox_ou_name="",
    logging_retention_days=365,
    access_logging_retention_days=3650,
    kms_key_arn="",
    access_management=True,
    baseline_version="4.0",
):
    problems = []
    if not LANDING_ZONE_VERSION.match(str(version or "")):
        problems.append(f"landing_zone_version: must look like 3.3 (major.minor), got '{version}'")
    if not BASELINE_VERSION.match(str(baseline_version or "")):
        problems.append(f"landing_zone_baseline_version: must look like 4.0, got '{baseline_version}'")
    _check_regions(home_region, governed_regions, allowed_regions or [], problems)
    _check_accounts(
        {
            "landing_zone_log_archive_account_id": log_archive_account_id,
            "landing_zone_audit_account_id": audit_account_id,
            "aws_management_account_id": management_account_id,
        },
        problems,
    )
    for var, value in (
        ("landing_zone_logging_retention_days", logging_retention_days),
        ("landing_zone_access_logging_retention_days", access_logging_retention_days),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(f"{var}: must be a positive whole number of days, got '{value}'")
    key = arn(kms_key_arn, "kms", ("key", "alias")) if kms_key_arn else None
    if kms_key_arn and not (key and key["region"] and key["account_id"]):
        problems.append(
            f"landing_zone_kms_key_arn: must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got '{kms_key_arn}'"
        )
    for var, name in (
        ("landing_zone_security_ou_name", security_ou_name),
        ("landing_zone_sandbox_ou_name", sandbox_ou_name),
    ):
        if name and not OU_NAME.match(name):
            problems.append(f"{var}: '{name}' is not an OU name (1-128 characters, no '/')")
    if not security_ou_name:
        problems.append("landing_zone_security_ou_name: required (the manifest's organizationStructure.security)")

    if not isinstance(registered_ous, list) or not registered_ous:
        problems.append("landing_zone_registered_ous: must be a non-empty list of OU paths")
        registered_ous = []
    known = _known_paths(known_ous if known_ous else registered_ous)
    for path in registered_ous:
        if path not in known:
            problems.append(
                f"landing_zone_registered_ous: '{path}' is not an OU path of the organization {sorted(known)}"
            )
    if len(set(registered_ous)) != len(registered_ous):
        problems.append(f"landing_zone_registered_ous: {registered_ous} lists an OU twice")
    if security_ou_name and security_ou_name not in registered_ous:
        problems.append(
            f"landing_zone_registered_ous: must include the security OU '{security_ou_name}' "
            "(landing_zone_security_ou_name), which the landing zone governs"
        )

    ou_controls, managed = _plan_guardrails(guardrails, list(registered_ous), known, home_region, problems)
    if problems:
        raise AnsibleFilterError(
            f"landing zone inputs: {len(problems)} problem(s), nothing was changed:\n"
            + "\n".join(f"- {p}" for p in problems)
        )

    logging = {"loggingBucket": {"retentionDays": logging_retention_days}}
    logging["accessLoggingBucket"] = {"retentionDays": access_logging_retention_days}
    if kms_key_arn:
        logging["kmsKeyArn"] = kms_key_arn
    structure = {"security": {"name": security_ou_name}}
    if sandbox_ou_name:
        structure["sandbox"] = {"name": sandbox_ou_name}
    manifest = {
        "governedRegions": list(governed_regions),
        "organizationStructure": structure,
        "centralizedLogging": {"accountId": str(log_archive_account_id), "configurations": logging, "enabled": True},
        "securityRoles": {"accountId": str(audit_account_id)},
        "accessManagement": {"enabled": bool(access_management)},
    }
    return {
        "manifest": manifest,
        "registered_ous": list(registered_ous),
        "ou_controls": ou_controls,
        "managed_controls": managed,
    }


class FilterModule:
    def filters(self):
        return {"landing_zone_plan": landing_zone_plan}
