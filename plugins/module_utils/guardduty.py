# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GuardDuty API calls (detectors, protection features, organization configuration, publishing destinations;
the organization admin calls, alike in Security Hub, are in delegated_admin.py), one small function each, plus
the normalisation the guardduty_* modules share.

Every call is retried with ``aws_retry()`` and wrapped by ``GuardDutyErrorHandler`` (botocore errors become
``AnsibleGuardDutyError``); modules catch ``AnsibleAWSError`` and call ``module.fail_json_aws_error(e)``.

A detector is per account and region (at most one); ``find_detector_id()`` returns it or None. Modules that take
``regions`` converge each region inside ``in_region(region)``, so an error names the region it came from.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from contextlib import contextmanager
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# Protection features a detector can enable (botocore DetectorFeature), and their additional configurations.
DETECTOR_FEATURES = [
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "EKS_RUNTIME_MONITORING",
    "RUNTIME_MONITORING",
    "AI_PROTECTION",
]
ADDITIONAL_CONFIGURATIONS = [
    "EKS_ADDON_MANAGEMENT",
    "ECS_FARGATE_AGENT_MANAGEMENT",
    "EC2_AGENT_MANAGEMENT",
    "RDS_DATA_RISK",
]
FINDING_PUBLISHING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"]
AUTO_ENABLE = ["ALL", "NEW", "NONE"]


class AnsibleGuardDutyError(AnsibleAWSError):
    pass


class GuardDutyErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleGuardDutyError

    @classmethod
    def _is_missing(cls):
        # GuardDuty answers a detector/destination that is not (or no longer) there with BadRequestException.
        return is_boto3_error_code(["BadRequestException", "ResourceNotFoundException"])


@contextmanager
def in_region(region: str):
    """AWS errors raised inside name ``region`` (a module run may cover several)."""
    try:
        yield
    except AnsibleAWSError as e:
        e.message = f"{e.message or 'AWS error'} in {region}"
        raise


# ------------------------------------------------------------------ detectors


@GuardDutyErrorHandler.common_error_handler("list detectors")
@aws_retry()
def list_detectors(client) -> List[str]:
    return client.get_paginator("list_detectors").paginate().build_full_result().get("DetectorIds", [])


def find_detector_id(client) -> Optional[str]:
    """The region's detector id, or None (GuardDuty allows one detector per account and region)."""
    ids = list_detectors(client)
    return ids[0] if ids else None


@GuardDutyErrorHandler.list_error_handler("get detector")
@aws_retry()
def get_detector(client, detector_id: str) -> Optional[Dict[str, Any]]:
    result = client.get_detector(DetectorId=detector_id)
    result.pop("ResponseMetadata", None)
    return result


@GuardDutyErrorHandler.common_error_handler("create detector")
@aws_retry()
def create_detector(client, **params: Any) -> str:
    return client.create_detector(**params)["DetectorId"]


@GuardDutyErrorHandler.common_error_handler("update detector")
@aws_retry()
def update_detector(client, detector_id: str, **params: Any) -> bool:
    client.update_detector(DetectorId=detector_id, **params)
    return True


@GuardDutyErrorHandler.deletion_error_handler("delete detector")
@aws_retry()
def delete_detector(client, detector_id: str) -> bool:
    client.delete_detector(DetectorId=detector_id)
    return True


@GuardDutyErrorHandler.common_error_handler("tag resource")
@aws_retry()
def tag_resource(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(ResourceArn=arn, Tags=tags)
    return True


@GuardDutyErrorHandler.common_error_handler("untag resource")
@aws_retry()
def untag_resource(client, arn: str, tag_keys: List[str]) -> bool:
    if not tag_keys:
        return False
    client.untag_resource(ResourceArn=arn, TagKeys=list(tag_keys))
    return True


def ensure_tags(client, arn: str, current: Optional[Dict[str, str]], tags: Optional[Dict[str, str]], purge: bool):
    """Make the resource's tags match ``tags`` (None: leave alone); True if changed."""
    return sync_tags(
        current, tags, purge, lambda t: tag_resource(client, arn, t), lambda k: untag_resource(client, arn, k)
    )


def detector_arn(detector: Dict[str, Any], region: str) -> str:
    """arn:<partition>:guardduty:<region>:<account>:detector/<id>; account and partition from its service role."""
    parts = detector["service_role"].split(":")
    return f"arn:{parts[1]}:guardduty:{region}:{parts[4]}:detector/{detector['detector_id']}"


def normalize_detector(detector_id: str, detector: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """GetDetector's answer -> snake_cased detector with its id; tags as a dict; None for None."""
    if detector is None:
        return None
    result = camel_dict_to_snake_dict(detector, ignore_list=["Tags"])
    result["detector_id"] = detector_id
    result["tags"] = detector.get("Tags") or {}
    result.setdefault("features", [])
    for feature in result["features"]:
        feature.setdefault("additional_configuration", [])
    return result


def describe_detector(client, detector_id: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The snake_cased detector (``detector_id`` or the region's one), or None."""
    detector_id = detector_id or find_detector_id(client)
    if detector_id is None:
        return None
    return normalize_detector(detector_id, get_detector(client, detector_id))


# --------------------------------------------------- features (named lists)


def merge_named(have: Optional[List[Dict[str, Any]]], want: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """``have`` (a list of dicts keyed by ``name``) with ``want``'s items laid over it, by name: the set values of
    each wanted item replace the item's, ``additional_configuration`` is merged the same way, new names are
    appended. ``merge_named(have, want) != have`` tells whether ``want`` changes anything.
    """
    result = copy.deepcopy(have or [])
    by_name = {item["name"]: item for item in result}
    for item in want or []:
        target = by_name.get(item["name"])
        if target is None:
            target = by_name[item["name"]] = {"name": item["name"]}
            result.append(target)
        for key, value in item.items():
            if value is None or key == "name":
                continue
            if key == "additional_configuration":
                target[key] = merge_named(target.get(key), value)
            else:
                target[key] = value
    return result


def clean_named(items: Optional[List[Dict[str, Any]]]) -> Optional[List[Dict[str, Any]]]:
    """Module option list -> the same without unset (None) values; None stays None."""
    if items is None:
        return None
    cleaned = []
    for item in items:
        item = {k: v for k, v in item.items() if v is not None}
        if "additional_configuration" in item:
            item["additional_configuration"] = clean_named(item["additional_configuration"])
        cleaned.append(item)
    return cleaned


def features_to_boto3(features: List[Dict[str, Any]], value_key: str = "status") -> List[Dict[str, Any]]:
    """Snake-cased feature list -> the API's (Name/Status or Name/AutoEnable, AdditionalConfiguration)."""
    boto_key = "Status" if value_key == "status" else "AutoEnable"
    result = []
    for feature in features:
        item = {"Name": feature["name"]}
        if feature.get(value_key) is not None:
            item[boto_key] = feature[value_key]
        extra = [
            {"Name": c["name"], boto_key: c[value_key]}
            for c in feature.get("additional_configuration") or []
            if c.get(value_key) is not None
        ]
        if extra:
            item["AdditionalConfiguration"] = extra
        result.append(item)
    return result


# ----------------------------------------------- organization configuration


@GuardDutyErrorHandler.common_error_handler("describe organization configuration")
@aws_retry()
def describe_organization_configuration(client, detector_id: str) -> Dict[str, Any]:
    """DescribeOrganizationConfiguration, every page (the features list is paginated), snake_cased."""
    params, features, result = {"DetectorId": detector_id}, [], {}
    while True:
        page = client.describe_organization_configuration(**params)
        page.pop("ResponseMetadata", None)
        features.extend(page.pop("Features", []))
        token = page.pop("NextToken", None)
        result.update(page)
        if not token:
            break
        params["NextToken"] = token
    result = camel_dict_to_snake_dict(result)
    result["features"] = [camel_dict_to_snake_dict(f) for f in features]
    for feature in result["features"]:
        feature.setdefault("additional_configuration", [])
    return result


@GuardDutyErrorHandler.common_error_handler("update organization configuration")
@aws_retry()
def update_organization_configuration(client, detector_id: str, **params: Any) -> bool:
    client.update_organization_configuration(DetectorId=detector_id, **params)
    return True


# ------------------------------------------------- publishing destinations


@GuardDutyErrorHandler.common_error_handler("list publishing destinations")
@aws_retry()
def list_publishing_destinations(client, detector_id: str) -> List[Dict[str, Any]]:
    params, result = {"DetectorId": detector_id}, []
    while True:
        page = client.list_publishing_destinations(**params)
        result.extend(page.get("Destinations", []))
        if not page.get("NextToken"):
            return result
        params["NextToken"] = page["NextToken"]


@GuardDutyErrorHandler.list_error_handler("describe publishing destination")
@aws_retry()
def describe_publishing_destination(client, detector_id: str, destination_id: str) -> Optional[Dict[str, Any]]:
    result = client.describe_publishing_destination(DetectorId=detector_id, DestinationId=destination_id)
    result.pop("ResponseMetadata", None)
    return result


@GuardDutyErrorHandler.common_error_handler("create publishing destination")
@aws_retry()
def create_publishing_destination(client, detector_id: str, **params: Any) -> str:
    return client.create_publishing_destination(DetectorId=detector_id, **params)["DestinationId"]


@GuardDutyErrorHandler.common_error_handler("update publishing destination")
@aws_retry()
def update_publishing_destination(client, detector_id: str, destination_id: str, **params: Any) -> bool:
    client.update_publishing_destination(DetectorId=detector_id, DestinationId=destination_id, **params)
    return True


@GuardDutyErrorHandler.deletion_error_handler("delete publishing destination")
@aws_retry()
def delete_publishing_destination(client, detector_id: str, destination_id: str) -> bool:
    client.delete_publishing_destination(DetectorId=detector_id, DestinationId=destination_id)
    return True


def normalize_destination(detector_id: str, destination: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    if destination is None:
        return None
    result = camel_dict_to_snake_dict(destination, ignore_list=["Tags"])
    result["detector_id"] = detector_id
    result["tags"] = destination.get("Tags") or {}
    return result


# ------------------------------------------------------------ argument specs


def features_spec(value_key: str, choices: List[str], default: str) -> Dict[str, Any]:
    """The ``features`` option: [{name, <value_key>, additional_configuration: [{name, <value_key>}]}]."""
    return dict(
        type="list",
        elements="dict",
        options=dict(
            name=dict(type="str", required=True, choices=DETECTOR_FEATURES),
            **{value_key: dict(type="str", choices=choices, default=default)},
            additional_configuration=dict(
                type="list",
                elements="dict",
                options=dict(
                    name=dict(type="str", required=True, choices=ADDITIONAL_CONFIGURATIONS),
                    **{value_key: dict(type="str", choices=choices, default=default)},
                ),
            ),
        ),
    )


# Which features an additional configuration belongs to (GuardDuty API reference, DetectorAdditionalConfiguration).
ADDITIONAL_CONFIGURATION_FEATURES = {
    "EKS_ADDON_MANAGEMENT": ("EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"),
    "ECS_FARGATE_AGENT_MANAGEMENT": ("RUNTIME_MONITORING",),
    "EC2_AGENT_MANAGEMENT": ("RUNTIME_MONITORING",),
}


def validate_features(features: Optional[List[Dict[str, Any]]], option: str = "features") -> List[str]:
    """Input errors in a ``features`` option, each naming the option."""
    errors, seen = [], set()
    for feature in features or []:
        if feature["name"] in seen:
            errors.append(f"{option}: {feature['name']} is listed twice")
        seen.add(feature["name"])
        for extra in feature.get("additional_configuration") or []:
            allowed = ADDITIONAL_CONFIGURATION_FEATURES.get(extra["name"])
            if allowed and feature["name"] not in allowed:
                errors.append(
                    f"{option}: additional_configuration {extra['name']} belongs to {' or '.join(allowed)}, "
                    f"not {feature['name']}"
                )
    if {"EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"} <= seen:
        errors.append(f"{option}: use RUNTIME_MONITORING (which covers EKS) or EKS_RUNTIME_MONITORING, not both")
    return errors
