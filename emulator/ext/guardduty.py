"""GuardDuty publishing destinations and organization configuration (rest-json).

moto 5.2.5 has detectors, filters and the org admin account, but no routes for
/detector/{id}/publishingDestination or /detector/{id}/admin.  Detectors stay
moto's: every call here checks the detector exists in moto's backend.

Detectors (second half of this file): moto stores the Features list as given,
replaces it whole on UpdateDetector, never returns the always-on foundational
sources, allows a second detector per region, and has no tag operations nor
DisableOrganizationAdminAccount.  Create/Get/UpdateDetector are served here
from moto's detector objects, with features merged by name like AWS.
"""

import copy
import uuid

from emulator.ext.common import now
from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "guardduty"


def _detector(ctx: Context, params: dict) -> str:
    from moto.guardduty.models import guardduty_backends

    detector_id = params["DetectorId"]
    if detector_id not in guardduty_backends[ctx.account_id][ctx.region].detectors:
        raise AwsError(
            "BadRequestException",
            "The request is rejected because the input detectorId is not owned by the current account.",
        )
    return detector_id


def _destination(ctx: Context, params: dict) -> dict:
    key = (_detector(ctx, params), params["DestinationId"])
    destination = ctx.table("destinations").get(key)
    if destination is None:
        raise AwsError(
            "BadRequestException",
            f"The request is rejected because the destination {key[1]} does not exist.",
        )
    return destination


# ------------------------------------------------------ publishing destinations


@operation(SERVICE, "CreatePublishingDestination")
def create_publishing_destination(ctx: Context, params: dict) -> dict:
    detector_id = _detector(ctx, params)
    destination_id = uuid.uuid4().hex
    ctx.table("destinations")[(detector_id, destination_id)] = {
        "DestinationId": destination_id,
        "DestinationType": params["DestinationType"],
        "Status": "PUBLISHING",
        "PublishingFailureStartTimestamp": 0,
        "DestinationProperties": params["DestinationProperties"],
        "Tags": params.get("Tags", {}),
    }
    return {"DestinationId": destination_id}


@operation(SERVICE, "DescribePublishingDestination")
def describe_publishing_destination(ctx: Context, params: dict) -> dict:
    return _destination(ctx, params)


@operation(SERVICE, "UpdatePublishingDestination")
def update_publishing_destination(ctx: Context, params: dict) -> None:
    destination = _destination(ctx, params)
    destination["DestinationProperties"].update(params.get("DestinationProperties", {}))


@operation(SERVICE, "DeletePublishingDestination")
def delete_publishing_destination(ctx: Context, params: dict) -> None:
    destination = _destination(ctx, params)
    del ctx.table("destinations")[(params["DetectorId"], destination["DestinationId"])]


@operation(SERVICE, "ListPublishingDestinations")
def list_publishing_destinations(ctx: Context, params: dict) -> dict:
    detector_id = _detector(ctx, params)
    summaries = [
        {k: d[k] for k in ("DestinationId", "DestinationType", "Status")}
        for (owner, _), d in ctx.table("destinations").items()
        if owner == detector_id
    ]
    page, token = paginate(summaries, params.get("MaxResults"), params.get("NextToken"))
    return {"Destinations": page, **({"NextToken": token} if token else {})}


# ---------------------------------------------------- organization configuration


def _org_config(ctx: Context, detector_id: str) -> dict:
    return ctx.table("org_config").setdefault(
        detector_id,
        {
            "AutoEnable": False,
            "AutoEnableOrganizationMembers": "NONE",
            "MemberAccountLimitReached": False,
            "DataSources": {
                "S3Logs": {"AutoEnable": False},
                "Kubernetes": {"AuditLogs": {"AutoEnable": False}},
                "MalwareProtection": {"ScanEc2InstanceWithFindings": {"EbsVolumes": {"AutoEnable": False}}},
            },
            "Features": [],
        },
    )


@operation(SERVICE, "UpdateOrganizationConfiguration")
def update_organization_configuration(ctx: Context, params: dict) -> None:
    config = _org_config(ctx, _detector(ctx, params))
    members = params.get("AutoEnableOrganizationMembers")
    if members is None and "AutoEnable" in params:  # the deprecated flag maps to NEW/NONE
        members = "NEW" if params["AutoEnable"] else "NONE"
    if members is not None:
        config.update(AutoEnableOrganizationMembers=members, AutoEnable=members != "NONE")
    config["DataSources"].update(params.get("DataSources", {}))
    config["Features"] = _merge_features(config["Features"], params.get("Features", []), "AutoEnable")


@operation(SERVICE, "DescribeOrganizationConfiguration")
def describe_organization_configuration(ctx: Context, params: dict) -> dict:
    return _org_config(ctx, _detector(ctx, params))


def _merge_features(have: list, want: list, value_key: str) -> list:
    """Feature lists merged by Name (AdditionalConfiguration too), as UpdateDetector and
    UpdateOrganizationConfiguration do: features not named keep their value."""
    result = copy.deepcopy(have)
    by_name = {f["Name"]: f for f in result}
    for feature in want:
        target = by_name.get(feature["Name"])
        if target is None:
            target = by_name[feature["Name"]] = {"Name": feature["Name"]}
            result.append(target)
        if value_key in feature:
            target[value_key] = feature[value_key]
        if "AdditionalConfiguration" in feature:
            target["AdditionalConfiguration"] = _merge_features(
                target.get("AdditionalConfiguration", []), feature["AdditionalConfiguration"], value_key
            )
    return result


# ------------------------------------------------------------------- detectors

# Always-on foundational sources GetDetector reports; every other feature is DISABLED until enabled.
FOUNDATIONAL = ("CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS")
# AWS's list, kept here on purpose: the endpoint stands in for AWS and runs without the collection on its path, so
# it must not import the code it tests (module_utils/guardduty.py DETECTOR_FEATURES, which the filters share).
FEATURES = (
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "EKS_RUNTIME_MONITORING",
    "RUNTIME_MONITORING",
    "AI_PROTECTION",
)
# legacy DataSources flag -> feature
LEGACY = {
    ("S3Logs",): "S3_DATA_EVENTS",
    ("Kubernetes", "AuditLogs"): "EKS_AUDIT_LOGS",
    ("MalwareProtection", "ScanEc2InstanceWithFindings", "EbsVolumes"): "EBS_MALWARE_PROTECTION",
}


def _backend(ctx: Context):
    from moto.guardduty.models import guardduty_backends

    return guardduty_backends[ctx.account_id][ctx.region]


def _moto_detector(ctx: Context, detector_id: str):
    detector = _backend(ctx).detectors.get(detector_id)
    if detector is None:
        raise AwsError(
            "BadRequestException",
            "The request is rejected because the input detectorId is not owned by the current account.",
        )
    return detector


def _features_from(params: dict) -> list:
    """Features of a Create/UpdateDetector request, legacy DataSources mapped onto them."""
    features = [
        {k: v for k, v in f.items() if k in ("Name", "Status", "AdditionalConfiguration")}
        for f in params.get("Features", [])
    ]
    for path, name in LEGACY.items():
        node = params.get("DataSources", {})
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        if "Enable" in node:
            features.append({"Name": name, "Status": "ENABLED" if node["Enable"] else "DISABLED"})
    return features


def _stamp(features: list, at) -> list:
    for feature in features:
        feature.setdefault("UpdatedAt", at)
        for extra in feature.get("AdditionalConfiguration", []):
            extra.setdefault("UpdatedAt", at)
    return features


@operation(SERVICE, "CreateDetector")
def create_detector(ctx: Context, params: dict) -> dict:
    if _backend(ctx).detectors:
        raise AwsError(
            "BadRequestException",
            "The request is rejected because a detector already exists for the current account.",
        )
    detector_id = _backend(ctx).create_detector(
        params["Enable"],
        params.get("FindingPublishingFrequency"),
        None,
        params.get("Tags", {}),
        None,
    )
    features = _merge_features([], _features_from(params), "Status")
    _moto_detector(ctx, detector_id).features = _stamp(features, now())
    return {"DetectorId": detector_id}


@operation(SERVICE, "UpdateDetector")
def update_detector(ctx: Context, params: dict) -> None:
    detector = _moto_detector(ctx, params["DetectorId"])
    if "Enable" in params:
        detector.enabled = params["Enable"]
    if "FindingPublishingFrequency" in params:
        detector.finding_publish_freq = params["FindingPublishingFrequency"]
    at, changes = now(), _features_from(params)
    detector.features = _merge_features(detector.features, changes, "Status")
    changed = {f["Name"] for f in changes}
    for feature in detector.features:
        if feature["Name"] in changed:
            feature["UpdatedAt"] = at
    detector.updated_at = at.replace(tzinfo=None)


def _status(features: dict, name: str) -> str:
    return features.get(name, {}).get("Status", "DISABLED")


@operation(SERVICE, "GetDetector")
def get_detector(ctx: Context, params: dict) -> dict:
    detector = _moto_detector(ctx, params["DetectorId"])
    created = detector.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    set_features = {f["Name"]: f for f in detector.features}
    features = [{"Name": name, "Status": "ENABLED", "UpdatedAt": detector.created_at} for name in FOUNDATIONAL]
    for name in FEATURES:
        feature = {"Name": name, "Status": "DISABLED", "UpdatedAt": detector.created_at, **set_features.get(name, {})}
        if feature.get("AdditionalConfiguration"):
            feature["AdditionalConfiguration"] = [
                {"UpdatedAt": detector.created_at, **extra} for extra in feature["AdditionalConfiguration"]
            ]
        features.append(feature)
    return {
        "CreatedAt": created,
        "FindingPublishingFrequency": detector.finding_publish_freq,
        "ServiceRole": detector.service_role,
        "Status": "ENABLED" if detector.enabled else "DISABLED",
        "UpdatedAt": detector.updated_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "DataSources": {
            "CloudTrail": {"Status": "ENABLED"},
            "DNSLogs": {"Status": "ENABLED"},
            "FlowLogs": {"Status": "ENABLED"},
            "S3Logs": {"Status": _status(set_features, "S3_DATA_EVENTS")},
            "Kubernetes": {"AuditLogs": {"Status": _status(set_features, "EKS_AUDIT_LOGS")}},
            "MalwareProtection": {
                "ScanEc2InstanceWithFindings": {
                    "EbsVolumes": {"Status": _status(set_features, "EBS_MALWARE_PROTECTION")}
                },
                "ServiceRole": detector.service_role.replace(
                    "guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
                    "malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection",
                ),
            },
        },
        "Tags": detector.tags,
        "Features": features,
    }


def _tagged(ctx: Context, arn: str):
    """The moto detector an ARN (arn:aws:guardduty:<region>:<account>:detector/<id>) names."""
    resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    kind, _, detector_id = resource.partition("/")
    if kind != "detector" or "/" in detector_id or not arn.startswith("arn:"):
        raise AwsError("BadRequestException", f"The request is rejected because the resource {arn} is not valid.")
    return _moto_detector(ctx, detector_id)


@operation(SERVICE, "TagResource")
def tag_resource(ctx: Context, params: dict) -> None:
    _tagged(ctx, params["ResourceArn"]).tags.update(params["Tags"])


@operation(SERVICE, "UntagResource")
def untag_resource(ctx: Context, params: dict) -> None:
    detector = _tagged(ctx, params["ResourceArn"])
    for key in params["TagKeys"]:
        detector.tags.pop(key, None)


@operation(SERVICE, "ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict) -> dict:
    return {"Tags": dict(_tagged(ctx, params["ResourceArn"]).tags)}


# ------------------------------------------------------------ organization admin


@operation(SERVICE, "EnableOrganizationAdminAccount")
def enable_organization_admin_account(ctx: Context, params: dict) -> None:
    """moto appends the account on every call (duplicates); AWS allows one delegated admin."""
    admins = _backend(ctx).admin_account_ids
    account_id = params["AdminAccountId"]
    others = [a for a in admins if a != account_id]
    if others:
        raise AwsError(
            "BadRequestException",
            f"The request failed because account {others[0]} is already the GuardDuty delegated administrator "
            "for the organization.",
        )
    if account_id not in admins:
        admins.append(account_id)


@operation(SERVICE, "DisableOrganizationAdminAccount")
def disable_organization_admin_account(ctx: Context, params: dict) -> None:
    admins = _backend(ctx).admin_account_ids
    if params["AdminAccountId"] not in admins:
        raise AwsError(
            "BadRequestException",
            f"The request failed because account {params['AdminAccountId']} is not the delegated administrator.",
        )
    admins.remove(params["AdminAccountId"])
