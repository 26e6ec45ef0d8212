# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Control Tower API calls, identifier checks and the operation waiter shared by the controltower_* modules.

Every call is one small function, retried with ``aws_retry()`` and wrapped by ``ControlTowerErrorHandler`` (botocore
errors become ``AnsibleControlTowerError``); every list is paginated. Control Tower's writes are asynchronous: each
returns an ``operationIdentifier`` that ``wait_for_operations()`` polls, all pending operations in the same round, so
N operations take the time of the slowest rather than the sum. AWS runs at most 10 Control Tower operations at once
(``ServiceQuotaExceededException``), which ``run_operations()`` respects by starting them in batches.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re
import time
from typing import Any
from typing import Callable
from typing import Dict
from typing import Iterable
from typing import List
from typing import Optional
from typing import Pattern
from typing import Tuple

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# AWS: "The request would cause a service quota to be exceeded. The limit is 10 concurrent operations."
MAX_CONCURRENT_OPERATIONS = 10
# Writes also retry when the concurrency quota is momentarily used up by someone else's operations.
WRITE_RETRY_CODES = ("ServiceQuotaExceededException",)

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b")
REGION = r"[a-z]{2}(?:-gov|-iso|-isob)?-[a-z]+-\d"
LEGACY_CONTROL_ID = re.compile(r"^AWS-GR_[A-Z0-9_]+$")
# What follows the resource type in each ARN (control/, ou/, account/, baseline/).
CONTROL_ID = re.compile(r"[A-Za-z0-9_-]+")
OU_PATH = re.compile(r"o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}")
ACCOUNT_PATH = re.compile(r"o-[a-z0-9]{10,32}/[0-9]{12}")
BASELINE_ID = re.compile(r"[A-Z0-9]{16}")
BASELINE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]+$")
LANDING_ZONE_VERSION = re.compile(r"^\d+\.\d+$")
BASELINE_VERSION = re.compile(r"^\d+(?:\.\d+){0,2}$")

# Mandatory (landing-zone-managed) legacy controls: Control Tower applies them to every registered OU itself, and
# its control API refuses to enable or disable them (User Guide, "Resource identifiers for APIs and controls").
LANDING_ZONE_MANAGED_CONTROLS = frozenset(
    [
        "AWS-GR_AUDIT_BUCKET_DELETION_PROHIBITED",
        "AWS-GR_AUDIT_BUCKET_PUBLIC_READ_PROHIBITED",
        "AWS-GR_AUDIT_BUCKET_PUBLIC_WRITE_PROHIBITED",
        "AWS-GR_CLOUDTRAIL_CHANGE_PROHIBITED",
        "AWS-GR_CLOUDTRAIL_CLOUDWATCH_LOGS_ENABLED",
        "AWS-GR_CLOUDTRAIL_ENABLED",
        "AWS-GR_CLOUDTRAIL_VALIDATION_ENABLED",
        "AWS-GR_CLOUDWATCH_EVENTS_CHANGE_PROHIBITED",
        "AWS-GR_CONFIG_AGGREGATION_AUTHORIZATION_POLICY",
        "AWS-GR_CONFIG_AGGREGATION_CHANGE_PROHIBITED",
        "AWS-GR_CONFIG_CHANGE_PROHIBITED",
        "AWS-GR_CONFIG_ENABLED",
        "AWS-GR_CONFIG_RULE_CHANGE_PROHIBITED",
        "AWS-GR_CT_AUDIT_BUCKET_ENCRYPTION_CHANGES_PROHIBITED",
        "AWS-GR_CT_AUDIT_BUCKET_LIFECYCLE_CONFIGURATION_CHANGES_PROHIBITED",
        "AWS-GR_CT_AUDIT_BUCKET_LOGGING_CONFIGURATION_CHANGES_PROHIBITED",
        "AWS-GR_CT_AUDIT_BUCKET_POLICY_CHANGES_PROHIBITED",
        "AWS-GR_IAM_ROLE_CHANGE_PROHIBITED",
        "AWS-GR_LAMBDA_CHANGE_PROHIBITED",
        "AWS-GR_LOG_GROUP_POLICY",
        "AWS-GR_SNS_CHANGE_PROHIBITED",
        "AWS-GR_SNS_SUBSCRIPTION_CHANGE_PROHIBITED",
        "AWS-GR_ENSURE_CLOUDTRAIL_ENABLED_ON_SHARED_ACCOUNTS",
    ]
)


class AnsibleControlTowerError(AnsibleAWSError):
    pass


class ControlTowerErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleControlTowerError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ResourceNotFoundException")


# ------------------------------------------------------------------------------------------- identifiers


def _parse(value: str, service: str, resource_type: str, resource_id: Pattern, region: bool, account: bool = False):
    """parse_arn() of a Control Tower identifier: in a partition Control Tower runs in, a region that is one, and
    ``resource_id`` the shape of what follows ``resource_type``; None when it is not such an ARN."""
    arn = parse_arn(value, service, resource_type=resource_type, region=region, account=account)
    if not arn or arn["partition"] not in PARTITIONS or not resource_id.fullmatch(arn["resource_id"]):
        return None
    return None if arn["region"] and not re.fullmatch(REGION, arn["region"]) else arn


def control_arn(identifier: str, region: str, partition: str = "aws") -> str:
    """A control's ARN from its ARN or its bare legacy id (``AWS-GR_...``, made regional: ``arn:aws:controltower:
    <region>::control/AWS-GR_...``). Raises ValueError naming the rule when it is neither, or when a regional ARN
    names another region than the one the API is called in (control ARNs are per region)."""
    identifier = (identifier or "").strip()
    if LEGACY_CONTROL_ID.match(identifier):
        return f"arn:{partition}:controltower:{region}::control/{identifier}"
    arn = _parse(identifier, "controltower", "control/", CONTROL_ID, region=True) or _parse(
        identifier, "controlcatalog", "control/", CONTROL_ID, region=False
    )
    if not arn:
        raise ValueError(
            f"'{identifier}' is not a control identifier: use a legacy guardrail id (AWS-GR_...), "
            f"arn:aws:controltower:<region>::control/<ID> or arn:aws:controlcatalog:::control/<ID>"
        )
    if arn["region"] and arn["region"] != region:
        raise ValueError(
            f"'{identifier}' is the control's ARN in {arn['region']}, but the call is made in {region} "
            f"(Control Tower control ARNs are per region)"
        )
    return identifier


def control_id(arn: str) -> str:
    """The last part of a control ARN (``AWS-GR_...`` for legacy controls)."""
    return arn.rsplit("/", 1)[-1]


def is_landing_zone_managed(arn: str) -> bool:
    return control_id(arn) in LANDING_ZONE_MANAGED_CONTROLS


def is_ou_arn(value: str) -> bool:
    return _parse(value, "organizations", "ou/", OU_PATH, region=False, account=True) is not None


def is_target_arn(value: str) -> bool:
    """Whether ``value`` is an OU's or an account's ARN (what controls and baselines are enabled on)."""
    return (
        is_ou_arn(value)
        or _parse(value, "organizations", "account/", ACCOUNT_PATH, region=False, account=True) is not None
    )


def is_baseline_arn(value: str) -> bool:
    return _parse(value, "controltower", "baseline/", BASELINE_ID, region=True) is not None


def check_ou_arn(value: str, option: str) -> Optional[str]:
    """An error message when ``value`` is not an OU ARN, else None."""
    if not is_ou_arn(value):
        return (
            f"{option} must be an organizational unit ARN "
            f"(arn:aws:organizations::<management account>:ou/o-<org>/ou-<root>-<id>), got '{value}'"
        )
    return None


def to_api_parameters(parameters: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``{key: value}`` -> Control Tower's ``[{key, value}]``, sorted by key."""
    return [{"key": k, "value": v} for k, v in sorted((parameters or {}).items())]


def from_api_parameters(parameters: Optional[Iterable[Dict[str, Any]]]) -> Dict[str, Any]:
    return {p["key"]: p["value"] for p in parameters or []}


def normalize_document(value: Any) -> Any:
    """A JSON document in a form where equal meaning compares equal: dict key order ignored, integral floats as
    ints, lists of scalars as sorted (Control Tower's manifest lists, such as governedRegions, are sets)."""
    if isinstance(value, dict):
        return {k: normalize_document(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        items = [normalize_document(v) for v in value]
        if all(isinstance(v, (str, int, float, bool)) or v is None for v in items):
            return sorted(items, key=lambda v: (str(type(v)), str(v)))
        return items
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def version_tuple(version: str) -> Tuple[int, ...]:
    return tuple(int(part) for part in str(version).split("."))


# ------------------------------------------------------------------------------------------- landing zones


@ControlTowerErrorHandler.list_error_handler("list landing zones", [])
@aws_retry()
def list_landing_zones(client) -> List[Dict[str, Any]]:
    return client.get_paginator("list_landing_zones").paginate().build_full_result()["landingZones"]


@ControlTowerErrorHandler.list_error_handler("get landing zone")
@aws_retry()
def get_landing_zone(client, arn: str) -> Optional[Dict[str, Any]]:
    return client.get_landing_zone(landingZoneIdentifier=arn)["landingZone"]


@ControlTowerErrorHandler.common_error_handler("create landing zone")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def create_landing_zone(client, **params: Any) -> Dict[str, Any]:
    return client.create_landing_zone(**params)


@ControlTowerErrorHandler.common_error_handler("update landing zone")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def update_landing_zone(client, **params: Any) -> str:
    return client.update_landing_zone(**params)["operationIdentifier"]


@ControlTowerErrorHandler.common_error_handler("delete landing zone")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def delete_landing_zone(client, arn: str) -> str:
    return client.delete_landing_zone(landingZoneIdentifier=arn)["operationIdentifier"]


@ControlTowerErrorHandler.common_error_handler("get landing zone operation")
@aws_retry()
def get_landing_zone_operation(client, operation_id: str) -> Dict[str, Any]:
    return client.get_landing_zone_operation(operationIdentifier=operation_id)["operationDetails"]


@ControlTowerErrorHandler.list_error_handler("list landing zone operations", [])
@aws_retry()
def list_landing_zone_operations(client, **params: Any) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_landing_zone_operations")
    return paginator.paginate(**params).build_full_result()["landingZoneOperations"]


# ------------------------------------------------------------------------------------------------- tags


@ControlTowerErrorHandler.list_error_handler("list tags", {})
@aws_retry()
def list_tags(client, arn: str) -> Dict[str, str]:
    return client.list_tags_for_resource(resourceArn=arn).get("tags", {})


@ControlTowerErrorHandler.common_error_handler("tag resource")
@aws_retry()
def tag_resource(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(resourceArn=arn, tags=tags)
    return True


@ControlTowerErrorHandler.common_error_handler("untag resource")
@aws_retry()
def untag_resource(client, arn: str, keys: Iterable[str]) -> bool:
    keys = list(keys)
    if not keys:
        return False
    client.untag_resource(resourceArn=arn, tagKeys=keys)
    return True


# ------------------------------------------------------------------------------------------------ controls


@ControlTowerErrorHandler.list_error_handler("list enabled controls", [])
@aws_retry()
def list_enabled_controls(client, target: Optional[str] = None) -> List[Dict[str, Any]]:
    params = {"targetIdentifier": target} if target else {}
    paginator = client.get_paginator("list_enabled_controls")
    return paginator.paginate(**params).build_full_result()["enabledControls"]


@ControlTowerErrorHandler.list_error_handler("get enabled control")
@aws_retry()
def get_enabled_control(client, arn: str) -> Optional[Dict[str, Any]]:
    return client.get_enabled_control(enabledControlIdentifier=arn)["enabledControlDetails"]


@ControlTowerErrorHandler.common_error_handler("enable control")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def enable_control(client, **params: Any) -> Dict[str, Any]:
    return client.enable_control(**params)


@ControlTowerErrorHandler.common_error_handler("disable control")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def disable_control(client, enabled_control_arn: str) -> str:
    return client.disable_control(enabledControlIdentifier=enabled_control_arn)["operationIdentifier"]


@ControlTowerErrorHandler.common_error_handler("update enabled control")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def update_enabled_control(client, enabled_control_arn: str, parameters: List[Dict[str, Any]]) -> str:
    result = client.update_enabled_control(enabledControlIdentifier=enabled_control_arn, parameters=parameters)
    return result["operationIdentifier"]


@ControlTowerErrorHandler.common_error_handler("get control operation")
@aws_retry()
def get_control_operation(client, operation_id: str) -> Dict[str, Any]:
    return client.get_control_operation(operationIdentifier=operation_id)["controlOperation"]


# ----------------------------------------------------------------------------------------------- baselines


@ControlTowerErrorHandler.list_error_handler("list baselines", [])
@aws_retry()
def list_baselines(client) -> List[Dict[str, Any]]:
    return client.get_paginator("list_baselines").paginate().build_full_result()["baselines"]


@ControlTowerErrorHandler.list_error_handler("list enabled baselines", [])
@aws_retry()
def list_enabled_baselines(client, **filters: List[str]) -> List[Dict[str, Any]]:
    params = {"filter": {k: v for k, v in filters.items() if v}} if any(filters.values()) else {}
    paginator = client.get_paginator("list_enabled_baselines")
    return paginator.paginate(**params).build_full_result()["enabledBaselines"]


@ControlTowerErrorHandler.list_error_handler("get enabled baseline")
@aws_retry()
def get_enabled_baseline(client, arn: str) -> Optional[Dict[str, Any]]:
    return client.get_enabled_baseline(enabledBaselineIdentifier=arn)["enabledBaselineDetails"]


@ControlTowerErrorHandler.common_error_handler("enable baseline")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def enable_baseline(client, **params: Any) -> Dict[str, Any]:
    return client.enable_baseline(**params)


@ControlTowerErrorHandler.common_error_handler("update enabled baseline")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def update_enabled_baseline(client, **params: Any) -> str:
    return client.update_enabled_baseline(**params)["operationIdentifier"]


@ControlTowerErrorHandler.common_error_handler("disable baseline")
@aws_retry(catch_extra_error_codes=WRITE_RETRY_CODES)
def disable_baseline(client, arn: str) -> str:
    return client.disable_baseline(enabledBaselineIdentifier=arn)["operationIdentifier"]


@ControlTowerErrorHandler.common_error_handler("get baseline operation")
@aws_retry()
def get_baseline_operation(client, operation_id: str) -> Dict[str, Any]:
    return client.get_baseline_operation(operationIdentifier=operation_id)["baselineOperation"]


def resolve_baseline(client, identifier: str) -> str:
    """A baseline's ARN from its ARN or its name (``AWSControlTowerBaseline``), looked up in ListBaselines."""
    if is_baseline_arn(identifier):
        return identifier
    catalog = list_baselines(client)
    for baseline in catalog:
        if baseline.get("name") == identifier:
            return baseline["arn"]
    names = sorted(b.get("name", "") for b in catalog)
    raise AnsibleControlTowerError(message=f"No Control Tower baseline named '{identifier}'; known baselines: {names}")


def check_baseline_identifier(value: str, option: str = "baseline_identifier") -> Optional[str]:
    if is_baseline_arn(value) or BASELINE_NAME.match(value or ""):
        return None
    return (
        f"{option} must be a baseline ARN (arn:aws:controltower:<region>::baseline/<16-character id>) or a baseline "
        f"name such as AWSControlTowerBaseline, got '{value}'"
    )


# ----------------------------------------------------------------------------------------------- operations

OPERATION_GETTERS = {
    "landing_zone": get_landing_zone_operation,
    "control": get_control_operation,
    "baseline": get_baseline_operation,
}


def wait_for_operations(
    client,
    kind: str,
    operation_ids: Iterable[str],
    timeout: int,
    delay: int = 15,
) -> Dict[str, Dict[str, Any]]:
    """Poll every operation (all pending ones each round) until none is IN_PROGRESS; {id: operation}.

    Raises AnsibleControlTowerError when ``timeout`` seconds pass first (naming the pending operations). Failed
    operations are returned like the others: the caller reports them with what they were for.
    """
    get = OPERATION_GETTERS[kind]
    pending = list(dict.fromkeys(operation_ids))
    done = {}  # type: Dict[str, Dict[str, Any]]
    rounds = max(1, int(math.ceil(timeout / float(delay)))) + 1 if delay else 1
    for attempt in range(rounds):
        for operation_id in list(pending):
            operation = get(client, operation_id)
            if operation.get("status") != "IN_PROGRESS":
                done[operation_id] = operation
                pending.remove(operation_id)
        if not pending:
            return done
        if attempt < rounds - 1:
            time.sleep(delay)
    raise AnsibleControlTowerError(
        message=f"Timed out after {timeout}s waiting for Control Tower {kind.replace('_', ' ')} operation(s) "
        f"{', '.join(pending)} (still IN_PROGRESS); run again to resume",
        operations=[camel_dict_to_snake_dict(op) for op in done.values()],
    )


def run_operations(
    client,
    kind: str,
    starts: List[Tuple[str, Callable[[], str]]],
    wait: bool,
    timeout: int,
    max_concurrent: int = MAX_CONCURRENT_OPERATIONS,
    delay: int = 15,
) -> Tuple[Dict[str, str], List[str]]:
    """Start every ``(label, start)`` operation, at most ``max_concurrent`` at a time, and (``wait``) wait for all.

    Returns ``({label: operation_id}, failures)``, failures as "<label>: <statusMessage>". Without ``wait``, only
    the batches before the last are waited for (AWS would refuse more than ``max_concurrent`` at once).
    """
    started = {}  # type: Dict[str, str]
    failures = []  # type: List[str]
    for first in range(0, len(starts), max(1, max_concurrent)):
        batch = starts[first : first + max(1, max_concurrent)]
        ids = {}
        for label, start in batch:
            ids[label] = start()
            started[label] = ids[label]
        last_batch = first + len(batch) >= len(starts)
        if wait or not last_batch:
            finished = wait_for_operations(client, kind, ids.values(), timeout, delay)
            for label, operation_id in ids.items():
                operation = finished[operation_id]
                if operation.get("status") == "FAILED":
                    failures.append(f"{label}: {operation.get('statusMessage') or 'FAILED (no message)'}")
    return started, failures


def operation_summary(operation: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    return camel_dict_to_snake_dict(operation) if operation else {}


# -------------------------------------------------------------------------------------------- return shapes


def normalize_enabled_control(control: Dict[str, Any]) -> Dict[str, Any]:
    """An EnabledControlSummary/Details -> the flat snake_cased dict the modules return."""
    result = {
        "arn": control.get("arn"),
        "control_identifier": control.get("controlIdentifier"),
        "target_identifier": control.get("targetIdentifier"),
        "status": (control.get("statusSummary") or {}).get("status"),
        "drift_status": (control.get("driftStatusSummary") or {}).get("driftStatus"),
    }
    if "parameters" in control:
        result["parameters"] = from_api_parameters(control["parameters"])
    return result


def normalize_enabled_baseline(baseline: Dict[str, Any]) -> Dict[str, Any]:
    """An EnabledBaselineSummary/Details -> the flat snake_cased dict the modules return."""
    result = {
        "arn": baseline.get("arn"),
        "baseline_identifier": baseline.get("baselineIdentifier"),
        "baseline_version": baseline.get("baselineVersion"),
        "target_identifier": baseline.get("targetIdentifier"),
        "status": (baseline.get("statusSummary") or {}).get("status"),
    }
    if baseline.get("parentIdentifier"):
        result["parent_identifier"] = baseline["parentIdentifier"]
    if "parameters" in baseline:
        result["parameters"] = from_api_parameters(baseline["parameters"])
    return result


def normalize_landing_zone(landing_zone: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]]):
    """A LandingZoneDetail (+ tags) -> the flat snake_cased dict the modules return; None for None."""
    if not landing_zone:
        return None
    result = {
        "arn": landing_zone.get("arn"),
        "version": landing_zone.get("version"),
        "manifest": landing_zone.get("manifest") or {},
        "status": landing_zone.get("status"),
        "remediation_types": landing_zone.get("remediationTypes") or [],
        "tags": tags or {},
    }
    if (landing_zone.get("driftStatus") or {}).get("status"):
        result["drift_status"] = landing_zone["driftStatus"]["status"]
    if landing_zone.get("latestAvailableVersion"):
        result["latest_available_version"] = landing_zone["latestAvailableVersion"]
    return result


def describe_landing_zone(client) -> Optional[Dict[str, Any]]:
    """The account's landing zone (normalized, with tags), or None (there is at most one per account)."""
    zones = list_landing_zones(client)
    if not zones:
        return None
    landing_zone = get_landing_zone(client, zones[0]["arn"])
    return normalize_landing_zone(landing_zone, list_tags(client, zones[0]["arn"]) if landing_zone else {})
