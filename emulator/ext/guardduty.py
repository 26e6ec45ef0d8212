"""GuardDuty publishing destinations and organization configuration (rest-json).

moto 5.2.5 has detectors, filters and the org admin account, but no routes for
/detector/{id}/publishingDestination or /detector/{id}/admin.  Detectors stay
moto's: every call here checks the detector exists in moto's backend.
"""

import uuid

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
    features = {f["Name"]: f for f in config["Features"]}
    features.update({f["Name"]: f for f in params.get("Features", [])})
    config["Features"] = list(features.values())


@operation(SERVICE, "DescribeOrganizationConfiguration")
def describe_organization_configuration(ctx: Context, params: dict) -> dict:
    return _org_config(ctx, _detector(ctx, params))
