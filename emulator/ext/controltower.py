"""AWS Control Tower (rest-json); moto has no controltower backend at all.

Every mutating call completes at once (SUCCEEDED) and leaves an operation
record behind for the Get*Operation / List*Operations calls. Controls come from
CONTROLS, the catalogue shipped with the endpoint, and go only on registered OUs.
"""

import re

from emulator.ext.common import new_id, new_uuid, now
from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "controltower"
LATEST_LANDING_ZONE_VERSION = "3.3"
# name -> (id, description), as the AWS CLI reference's `list-baselines` example shows them.
BASELINES = {
    "AuditBaseline": (
        "4T4HA1KMO10S6311",
        "Sets up resources to monitor security and compliance of accounts in your organization.",
    ),
    "LogArchiveBaseline": (
        "J8HX46AHS5MIKQPD",
        "Sets up a central repository for logs of API activities and resource configurations from accounts in "
        "your organization.",
    ),
    "IdentityCenterBaseline": (
        "LN25R72TTG6IGPTQ",
        "Sets up shared resources for AWS Identity Center, which prepares the AWSControlTowerBaseline to set up "
        "Identity Center access for accounts.",
    ),
    "AWSControlTowerBaseline": (
        "17BSJV3IGJ2QSGA2",
        "Sets up resources and mandatory controls for member accounts within the target OU, required for AWS "
        "Control Tower governance.",
    ),
}
# Account baselines the landing zone enables itself (manifest member -> baseline); version not confirmed.
LANDING_ZONE_BASELINE_VERSION = "1.0"
IN_SYNC = {"status": "IN_SYNC"}

# The controls catalogue: legacy control name -> (guidance, behavior), from the AWS Control Tower Controls Reference
# Guide (mandatory, strongly recommended and elective controls by their API name). EnableControl and DisableControl
# take strongly recommended and elective ones only, "with the exception of the Region deny control" (API reference);
# mandatory ones the landing zone applies itself. Add a control here before the project names it.
MANDATORY, STRONGLY_RECOMMENDED, ELECTIVE = "MANDATORY", "STRONGLY_RECOMMENDED", "ELECTIVE"
PREVENTIVE, DETECTIVE = "PREVENTIVE", "DETECTIVE"
CONTROLS = {
    # Mandatory: the landing zone applies them; older and current API names (the CT_ ones replaced the first four).
    **{
        name: (MANDATORY, PREVENTIVE)
        for name in (
            "AWS-GR_AUDIT_BUCKET_DELETION_PROHIBITED",
            "AWS-GR_AUDIT_BUCKET_ENCRYPTION_ENABLED",
            "AWS-GR_AUDIT_BUCKET_LOGGING_ENABLED",
            "AWS-GR_AUDIT_BUCKET_POLICY_CHANGES_PROHIBITED",
            "AWS-GR_AUDIT_BUCKET_RETENTION_POLICY",
            "AWS-GR_CT_AUDIT_BUCKET_ENCRYPTION_CHANGES_PROHIBITED",
            "AWS-GR_CT_AUDIT_BUCKET_LIFECYCLE_CONFIGURATION_CHANGES_PROHIBITED",
            "AWS-GR_CT_AUDIT_BUCKET_LOGGING_CONFIGURATION_CHANGES_PROHIBITED",
            "AWS-GR_CT_AUDIT_BUCKET_POLICY_CHANGES_PROHIBITED",
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
            "AWS-GR_IAM_ROLE_CHANGE_PROHIBITED",
            "AWS-GR_LAMBDA_CHANGE_PROHIBITED",
            "AWS-GR_LOG_GROUP_POLICY",
            "AWS-GR_SNS_CHANGE_PROHIBITED",
            "AWS-GR_SNS_SUBSCRIPTION_CHANGE_PROHIBITED",
        )
    },
    **{
        name: (MANDATORY, DETECTIVE)
        for name in (
            "AWS-GR_AUDIT_BUCKET_PUBLIC_READ_PROHIBITED",
            "AWS-GR_AUDIT_BUCKET_PUBLIC_WRITE_PROHIBITED",
            "AWS-GR_ENSURE_CLOUDTRAIL_ENABLED_ON_SHARED_ACCOUNTS",
        )
    },
    "AWS-GR_RESTRICT_ROOT_USER": (STRONGLY_RECOMMENDED, PREVENTIVE),
    **{
        name: (STRONGLY_RECOMMENDED, DETECTIVE)
        for name in (
            "AWS-GR_AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED",
            "AWS-GR_DMS_REPLICATION_NOT_PUBLIC",
            "AWS-GR_EBS_OPTIMIZED_INSTANCE",
            "AWS-GR_EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK",
            "AWS-GR_EC2_INSTANCE_NO_PUBLIC_IP",
            "AWS-GR_EC2_VOLUME_INUSE_CHECK",
            "AWS-GR_EKS_ENDPOINT_NO_PUBLIC_ACCESS",
            "AWS-GR_ELASTICSEARCH_IN_VPC_ONLY",
            "AWS-GR_EMR_MASTER_NO_PUBLIC_IP",
            "AWS-GR_ENCRYPTED_VOLUMES",
            "AWS-GR_IAM_USER_MFA_ENABLED",
            "AWS-GR_LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED",
            "AWS-GR_MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS",
            "AWS-GR_RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
            "AWS-GR_RDS_SNAPSHOTS_PUBLIC_PROHIBITED",
            "AWS-GR_RDS_STORAGE_ENCRYPTED",
            "AWS-GR_REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK",
            "AWS-GR_RESTRICTED_COMMON_PORTS",
            "AWS-GR_RESTRICTED_SSH",
            "AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS",
            "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED",
            "AWS-GR_S3_BUCKET_PUBLIC_READ_PROHIBITED",
            "AWS-GR_S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
            "AWS-GR_SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
            "AWS-GR_SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED",
        )
    },
    **{
        name: (ELECTIVE, PREVENTIVE)
        for name in (
            "AWS-GR_DISALLOW_CROSS_REGION_NETWORKING",
            "AWS-GR_DISALLOW_VPC_INTERNET_ACCESS",
            "AWS-GR_DISALLOW_VPN_CONNECTIONS",
            "AWS-GR_REGION_DENY",
            "AWS-GR_RESTRICT_S3_CROSS_REGION_REPLICATION",
            "AWS-GR_RESTRICT_S3_DELETE_WITHOUT_MFA",
        )
    },
    "AWS-GR_S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC": (ELECTIVE, DETECTIVE),
}
CONTROL_ARN = re.compile(r"^arn:aws[a-z-]*:controltower:[a-z0-9-]+::control/(?P<name>[A-Za-z0-9_-]+)$")


# ---------------------------------------------------------------- helpers


def _record(ctx: Context, table: str, op_type: str, **fields) -> str:
    """Store a finished operation and return its identifier."""
    op_id, stamp = new_uuid(), now()
    ctx.table(table)[op_id] = {
        "operationIdentifier": op_id,
        "operationType": op_type,
        "status": "SUCCEEDED",
        "startTime": stamp,
        "endTime": stamp,
        "statusMessage": "Operation succeeded",
        **fields,
    }
    return op_id


def _get(ctx: Context, table: str, key: str, what: str) -> dict:
    item = ctx.table(table).get(key)
    if item is None:
        raise AwsError("ResourceNotFoundException", f"{what} {key} not found.")
    return item


def _present(**fields) -> dict:
    """Drop unset/empty members: the model forbids empty lists in places (min: 1)."""
    return {k: v for k, v in fields.items() if v not in (None, [], {})}


def _pick(item: dict, *keys: str) -> dict:
    return {k: item[k] for k in keys if k in item}


def _page(params: dict, items: list, key: str) -> dict:
    page, token = paginate(items, params.get("maxResults"), params.get("nextToken"))
    return {key: page, **({"nextToken": token} if token else {})}


def _filtered(items, filters: dict | None, fields: dict[str, str]) -> list:
    """Keep items whose item[field] is in each given filter list."""
    filters = filters or {}
    return [
        item
        for item in items
        if all(item.get(field) in filters[name] for name, field in fields.items() if filters.get(name))
    ]


def _set_tags(ctx: Context, arn: str, tags: dict | None) -> None:
    ctx.table("tags").setdefault(arn, {}).update(tags or {})


def _tagged_resource(ctx: Context, arn: str) -> dict:
    for table in ("landing_zones", "controls", "baselines"):
        if arn in ctx.table(table):
            return ctx.table("tags").setdefault(arn, {})
    raise AwsError("ResourceNotFoundException", f"Resource {arn} not found.")


# ---------------------------------------------------------- landing zones


@operation(SERVICE, "CreateLandingZone")
def create_landing_zone(ctx: Context, params: dict) -> dict:
    if ctx.table("landing_zones"):
        raise AwsError("ValidationException", "A landing zone already exists in this account.")
    arn = ctx.arn(f"landingzone/{new_id()}")
    ctx.table("landing_zones")[arn] = {
        "arn": arn,
        "status": "ACTIVE",
        **_lz_settings(params),
    }
    _set_tags(ctx, arn, params.get("tags"))
    _sync_landing_zone_baselines(ctx, params.get("manifest") or {})
    return {"arn": arn, "operationIdentifier": _record(ctx, "lz_ops", "CREATE")}


def _lz_settings(params: dict) -> dict:
    return _present(
        version=params["version"],
        manifest=params.get("manifest", {}),
        remediationTypes=params.get("remediationTypes"),
    )


def _account_arn(ctx: Context, account_id: str) -> str:
    """arn:aws:organizations::<management>:account/o-<org>/<account>, from moto's organization (if any)."""
    from moto.organizations.models import organizations_backends

    org = organizations_backends[ctx.account_id]["aws"].org
    org_id = org.id if org else "o-0000000000"
    return f"arn:aws:organizations::{ctx.account_id}:account/{org_id}/{account_id}"


def _sync_landing_zone_baselines(ctx: Context, manifest: dict | None) -> None:
    """What AWS does on landing zone setup/update/decommission: the Identity Center baseline on the management
    account (when accessManagement is enabled), the Audit and Log Archive baselines on those accounts."""
    manifest = manifest or {}
    wanted = {}
    if (manifest.get("accessManagement") or {}).get("enabled"):
        wanted["IdentityCenterBaseline"] = ctx.account_id
    if (manifest.get("securityRoles") or {}).get("accountId"):
        wanted["AuditBaseline"] = manifest["securityRoles"]["accountId"]
    if (manifest.get("centralizedLogging") or {}).get("accountId"):
        wanted["LogArchiveBaseline"] = manifest["centralizedLogging"]["accountId"]
    catalog = {name: arn for arn, name in ((a, b["name"]) for a, b in _catalog(ctx).items())}
    for name, baseline_arn in catalog.items():
        if name == "AWSControlTowerBaseline":
            continue
        target = _account_arn(ctx, wanted[name]) if name in wanted else None
        for arn, baseline in list(ctx.table("baselines").items()):
            if baseline["baselineIdentifier"] == baseline_arn and baseline["targetIdentifier"] != target:
                del ctx.table("baselines")[arn]
        if target and not any(
            (b["baselineIdentifier"], b["targetIdentifier"]) == (baseline_arn, target)
            for b in ctx.table("baselines").values()
        ):
            arn = ctx.arn(f"enabledbaseline/{new_id(17)}")
            baseline = {
                "arn": arn,
                "baselineIdentifier": baseline_arn,
                "targetIdentifier": target,
                "baselineVersion": LANDING_ZONE_BASELINE_VERSION,
                "driftStatusSummary": {"types": {"inheritance": IN_SYNC}},
            }
            ctx.table("baselines")[arn] = baseline
            _baseline_op(ctx, baseline, "ENABLE_BASELINE")


@operation(SERVICE, "GetLandingZone")
def get_landing_zone(ctx: Context, params: dict) -> dict:
    lz = _get(ctx, "landing_zones", params["landingZoneIdentifier"], "Landing zone")
    return {
        "landingZone": {
            **lz,
            "latestAvailableVersion": LATEST_LANDING_ZONE_VERSION,
            "driftStatus": IN_SYNC,
        }
    }


@operation(SERVICE, "UpdateLandingZone")
def update_landing_zone(ctx: Context, params: dict) -> dict:
    lz = _get(ctx, "landing_zones", params["landingZoneIdentifier"], "Landing zone")
    lz.pop("remediationTypes", None)
    lz.update(_lz_settings(params))
    _sync_landing_zone_baselines(ctx, lz.get("manifest") or {})
    return {"operationIdentifier": _record(ctx, "lz_ops", "UPDATE")}


@operation(SERVICE, "ResetLandingZone")
def reset_landing_zone(ctx: Context, params: dict) -> dict:
    _get(ctx, "landing_zones", params["landingZoneIdentifier"], "Landing zone")
    return {"operationIdentifier": _record(ctx, "lz_ops", "RESET")}


@operation(SERVICE, "DeleteLandingZone")
def delete_landing_zone(ctx: Context, params: dict) -> dict:
    arn = params["landingZoneIdentifier"]
    _get(ctx, "landing_zones", arn, "Landing zone")
    del ctx.table("landing_zones")[arn]
    ctx.table("tags").pop(arn, None)
    _sync_landing_zone_baselines(ctx, None)
    return {"operationIdentifier": _record(ctx, "lz_ops", "DELETE")}


@operation(SERVICE, "ListLandingZones")
def list_landing_zones(ctx: Context, params: dict) -> dict:
    return _page(params, [{"arn": arn} for arn in ctx.table("landing_zones")], "landingZones")


@operation(SERVICE, "GetLandingZoneOperation")
def get_landing_zone_operation(ctx: Context, params: dict) -> dict:
    return {"operationDetails": _get(ctx, "lz_ops", params["operationIdentifier"], "Operation")}


@operation(SERVICE, "ListLandingZoneOperations")
def list_landing_zone_operations(ctx: Context, params: dict) -> dict:
    ops = _filtered(
        ctx.table("lz_ops").values(),
        params.get("filter"),
        {"types": "operationType", "statuses": "status"},
    )
    summaries = [_pick(op, "operationType", "operationIdentifier", "status") for op in ops]
    return _page(params, summaries, "landingZoneOperations")


# ---------------------------------------------------------------- controls


def _find_control(ctx: Context, params: dict) -> dict:
    if params.get("enabledControlIdentifier"):
        return _get(ctx, "controls", params["enabledControlIdentifier"], "Enabled control")
    for control in ctx.table("controls").values():
        if (control["controlIdentifier"], control["targetIdentifier"]) == (
            params.get("controlIdentifier"),
            params.get("targetIdentifier"),
        ):
            return control
    raise AwsError(
        "ResourceNotFoundException",
        f"Control {params.get('controlIdentifier')} is not enabled on {params.get('targetIdentifier')}.",
    )


def _catalogued(identifier: str) -> None:
    """A control EnableControl/DisableControl take: in the catalogue, and not mandatory."""
    match = CONTROL_ARN.match(identifier)
    guidance = CONTROLS.get(match["name"], (None,))[0] if match else None
    if guidance is None:
        raise AwsError("ResourceNotFoundException", f"Control {identifier} does not exist.")
    if guidance == MANDATORY:
        raise AwsError(
            "ValidationException",
            f"Control {identifier} is mandatory: the landing zone applies it. Only Strongly recommended and "
            "Elective controls are permitted, with the exception of the Region deny control.",
        )


def _registered(ctx: Context, target: str) -> None:
    """Controls go on OUs registered with Control Tower (AWSControlTowerBaseline enabled on them); AWS answers
    ResourceNotFoundException "... not registered with AWS Control Tower" otherwise (AWS SDK code examples)."""
    registration = next(arn for arn, b in _catalog(ctx).items() if b["name"] == "AWSControlTowerBaseline")
    if not any(
        (b["baselineIdentifier"], b["targetIdentifier"]) == (registration, target)
        for b in ctx.table("baselines").values()
    ):
        raise AwsError("ResourceNotFoundException", f"The target {target} is not registered with AWS Control Tower.")


def _control_op(ctx: Context, control: dict, op_type: str) -> str:
    op_id = _record(
        ctx,
        "control_ops",
        op_type,
        controlIdentifier=control["controlIdentifier"],
        targetIdentifier=control["targetIdentifier"],
        enabledControlIdentifier=control["arn"],
    )
    control["statusSummary"] = {"status": "SUCCEEDED", "lastOperationIdentifier": op_id}
    return op_id


@operation(SERVICE, "EnableControl")
def enable_control(ctx: Context, params: dict) -> dict:
    _catalogued(params["controlIdentifier"])
    _registered(ctx, params["targetIdentifier"])
    key = (params["controlIdentifier"], params["targetIdentifier"])
    if any((c["controlIdentifier"], c["targetIdentifier"]) == key for c in ctx.table("controls").values()):
        raise AwsError(
            "ValidationException",
            f"Control {key[0]} is already enabled on target {key[1]}.",
        )
    arn = ctx.arn(f"enabledcontrol/{new_id()}")
    control = _present(
        arn=arn,
        controlIdentifier=key[0],
        targetIdentifier=key[1],
        parameters=params.get("parameters"),
        driftStatusSummary={"driftStatus": "IN_SYNC"},
    )
    ctx.table("controls")[arn] = control
    _set_tags(ctx, arn, params.get("tags"))
    return {
        "arn": arn,
        "operationIdentifier": _control_op(ctx, control, "ENABLE_CONTROL"),
    }


@operation(SERVICE, "DisableControl")
def disable_control(ctx: Context, params: dict) -> dict:
    if params.get("controlIdentifier"):
        _catalogued(params["controlIdentifier"])
    if params.get("targetIdentifier"):
        _registered(ctx, params["targetIdentifier"])
    control = _find_control(ctx, params)
    del ctx.table("controls")[control["arn"]]
    ctx.table("tags").pop(control["arn"], None)
    return {"operationIdentifier": _control_op(ctx, control, "DISABLE_CONTROL")}


@operation(SERVICE, "UpdateEnabledControl")
def update_enabled_control(ctx: Context, params: dict) -> dict:
    control = _find_control(ctx, params)
    control.pop("parameters", None)
    control.update(_present(parameters=params["parameters"]))
    return {"operationIdentifier": _control_op(ctx, control, "UPDATE_ENABLED_CONTROL")}


@operation(SERVICE, "ResetEnabledControl")
def reset_enabled_control(ctx: Context, params: dict) -> dict:
    return {"operationIdentifier": _control_op(ctx, _find_control(ctx, params), "RESET_ENABLED_CONTROL")}


@operation(SERVICE, "GetEnabledControl")
def get_enabled_control(ctx: Context, params: dict) -> dict:
    control = _find_control(ctx, params)
    return {"enabledControlDetails": {**control, "targetRegions": [{"name": ctx.region}]}}


@operation(SERVICE, "ListEnabledControls")
def list_enabled_controls(ctx: Context, params: dict) -> dict:
    filters = dict(params.get("filter") or {})
    if params.get("targetIdentifier"):
        _registered(ctx, params["targetIdentifier"])
        filters["targetIdentifiers"] = [params["targetIdentifier"]]
    controls = _filtered(
        ctx.table("controls").values(),
        filters,
        {
            "controlIdentifiers": "controlIdentifier",
            "targetIdentifiers": "targetIdentifier",
        },
    )
    summaries = [
        _pick(
            c,
            "arn",
            "controlIdentifier",
            "targetIdentifier",
            "statusSummary",
            "driftStatusSummary",
        )
        for c in controls
    ]
    return _page(params, summaries, "enabledControls")


@operation(SERVICE, "GetControlOperation")
def get_control_operation(ctx: Context, params: dict) -> dict:
    return {"controlOperation": _get(ctx, "control_ops", params["operationIdentifier"], "Operation")}


@operation(SERVICE, "ListControlOperations")
def list_control_operations(ctx: Context, params: dict) -> dict:
    ops = _filtered(
        ctx.table("control_ops").values(),
        params.get("filter"),
        {
            "controlIdentifiers": "controlIdentifier",
            "targetIdentifiers": "targetIdentifier",
            "enabledControlIdentifiers": "enabledControlIdentifier",
            "statuses": "status",
            "controlOperationTypes": "operationType",
        },
    )
    return _page(params, list(ops), "controlOperations")


# --------------------------------------------------------------- baselines


def _catalog(ctx: Context) -> dict[str, dict]:
    return {
        arn: {"arn": arn, "name": name, "description": description}
        for name, (bid, description) in BASELINES.items()
        for arn in [f"arn:aws:controltower:{ctx.region}::baseline/{bid}"]
    }


@operation(SERVICE, "ListBaselines")
def list_baselines(ctx: Context, params: dict) -> dict:
    return _page(params, list(_catalog(ctx).values()), "baselines")


@operation(SERVICE, "GetBaseline")
def get_baseline(ctx: Context, params: dict) -> dict:
    baseline = _catalog(ctx).get(params["baselineIdentifier"])
    if baseline is None:
        raise AwsError(
            "ResourceNotFoundException",
            f"Baseline {params['baselineIdentifier']} not found.",
        )
    return baseline


def _baseline_op(ctx: Context, baseline: dict, op_type: str) -> str:
    op_id = _record(ctx, "baseline_ops", op_type)
    baseline["statusSummary"] = {
        "status": "SUCCEEDED",
        "lastOperationIdentifier": op_id,
    }
    return op_id


@operation(SERVICE, "EnableBaseline")
def enable_baseline(ctx: Context, params: dict) -> dict:
    get_baseline(ctx, params)
    key = (params["baselineIdentifier"], params["targetIdentifier"])
    if any((b["baselineIdentifier"], b["targetIdentifier"]) == key for b in ctx.table("baselines").values()):
        raise AwsError(
            "ValidationException",
            f"Baseline {key[0]} is already enabled on target {key[1]}.",
        )
    arn = ctx.arn(f"enabledbaseline/{new_id()}")
    baseline = _present(
        arn=arn,
        baselineIdentifier=key[0],
        targetIdentifier=key[1],
        baselineVersion=params["baselineVersion"],
        parameters=params.get("parameters"),
        driftStatusSummary={"types": {"inheritance": IN_SYNC}},
    )
    ctx.table("baselines")[arn] = baseline
    _set_tags(ctx, arn, params.get("tags"))
    return {
        "arn": arn,
        "operationIdentifier": _baseline_op(ctx, baseline, "ENABLE_BASELINE"),
    }


def _enabled_baseline(ctx: Context, params: dict) -> dict:
    return _get(ctx, "baselines", params["enabledBaselineIdentifier"], "Enabled baseline")


@operation(SERVICE, "DisableBaseline")
def disable_baseline(ctx: Context, params: dict) -> dict:
    baseline = _enabled_baseline(ctx, params)
    del ctx.table("baselines")[baseline["arn"]]
    ctx.table("tags").pop(baseline["arn"], None)
    return {"operationIdentifier": _baseline_op(ctx, baseline, "DISABLE_BASELINE")}


@operation(SERVICE, "UpdateEnabledBaseline")
def update_enabled_baseline(ctx: Context, params: dict) -> dict:
    baseline = _enabled_baseline(ctx, params)
    baseline.pop("parameters", None)
    baseline.update(
        _present(
            baselineVersion=params["baselineVersion"],
            parameters=params.get("parameters"),
        )
    )
    return {"operationIdentifier": _baseline_op(ctx, baseline, "UPDATE_ENABLED_BASELINE")}


@operation(SERVICE, "ResetEnabledBaseline")
def reset_enabled_baseline(ctx: Context, params: dict) -> dict:
    return {"operationIdentifier": _baseline_op(ctx, _enabled_baseline(ctx, params), "RESET_ENABLED_BASELINE")}


@operation(SERVICE, "GetEnabledBaseline")
def get_enabled_baseline(ctx: Context, params: dict) -> dict:
    return {"enabledBaselineDetails": _enabled_baseline(ctx, params)}


@operation(SERVICE, "ListEnabledBaselines")
def list_enabled_baselines(ctx: Context, params: dict) -> dict:
    baselines = _filtered(
        ctx.table("baselines").values(),
        params.get("filter"),
        {
            "baselineIdentifiers": "baselineIdentifier",
            "targetIdentifiers": "targetIdentifier",
        },
    )
    summaries = [
        _pick(
            b,
            "arn",
            "baselineIdentifier",
            "baselineVersion",
            "driftStatusSummary",
            "targetIdentifier",
            "statusSummary",
        )
        for b in baselines
    ]
    return _page(params, summaries, "enabledBaselines")


@operation(SERVICE, "GetBaselineOperation")
def get_baseline_operation(ctx: Context, params: dict) -> dict:
    return {"baselineOperation": _get(ctx, "baseline_ops", params["operationIdentifier"], "Operation")}


# -------------------------------------------------------------------- tags


@operation(SERVICE, "TagResource")
def tag_resource(ctx: Context, params: dict) -> None:
    _tagged_resource(ctx, params["resourceArn"]).update(params["tags"])


@operation(SERVICE, "UntagResource")
def untag_resource(ctx: Context, params: dict) -> None:
    tags = _tagged_resource(ctx, params["resourceArn"])
    for key in params["tagKeys"]:
        tags.pop(key, None)


@operation(SERVICE, "ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict) -> dict:
    return {"tags": dict(_tagged_resource(ctx, params["resourceArn"]))}
