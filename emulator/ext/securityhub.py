"""Security Hub standards, controls and hub settings (rest-json).

moto 5.2.5 does the hub itself (Enable/Disable/DescribeHub, members, org admin)
but has no standards, controls, product subscriptions or finding aggregators.
"""

from emulator.ext.common import new_uuid, now
from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "securityhub"
# key -> (ARN resource, name, description, enabled by default)
STANDARDS = {
    "fsbp": (
        "standards/aws-foundational-security-best-practices/v/1.0.0",
        "AWS Foundational Security Best Practices v1.0.0",
        "The AWS Foundational Security Best Practices standard is a set of controls that detect when your deployed accounts and resources deviate from security best practices.",
        True,
    ),
    "cis120": (
        "ruleset/cis-aws-foundations-benchmark/v/1.2.0",
        "CIS AWS Foundations Benchmark v1.2.0",
        "The Center for Internet Security (CIS) AWS Foundations Benchmark v1.2.0 is a set of security configuration best practices for AWS.",
        True,
    ),
    "cis140": (
        "standards/cis-aws-foundations-benchmark/v/1.4.0",
        "CIS AWS Foundations Benchmark v1.4.0",
        "The Center for Internet Security (CIS) AWS Foundations Benchmark v1.4.0 is a set of security configuration best practices for AWS.",
        False,
    ),
    "cis300": (
        "standards/cis-aws-foundations-benchmark/v/3.0.0",
        "CIS AWS Foundations Benchmark v3.0.0",
        "The Center for Internet Security (CIS) AWS Foundations Benchmark v3.0.0 is a set of security configuration best practices for AWS.",
        False,
    ),
    "nist": (
        "standards/nist-800-53/v/5.0.0",
        "NIST Special Publication 800-53 Revision 5",
        "NIST 800-53 r5 controls that help protect the availability, confidentiality and integrity of your information systems.",
        False,
    ),
    "pci": (
        "standards/pci-dss/v/3.2.1",
        "PCI DSS v3.2.1",
        "The Payment Card Industry Data Security Standard (PCI DSS) v3.2.1 is an information security framework for entities that store, process, and/or transmit cardholder data.",
        False,
    ),
}
ALL_CIS = ("cis120", "cis140", "cis300")
# security control id -> (title, severity, standards it belongs to)
CONTROLS = {
    "IAM.1": (
        'IAM policies should not allow full "*" administrative privileges',
        "HIGH",
        ("fsbp", "cis120", "cis140", "nist", "pci"),
    ),
    "IAM.2": (
        "IAM users should not have IAM policies attached",
        "LOW",
        ("fsbp", "cis120", "cis300", "nist", "pci"),
    ),
    "IAM.3": (
        "IAM users' access keys should be rotated every 90 days or less",
        "MEDIUM",
        ("fsbp", *ALL_CIS, "nist"),
    ),
    "IAM.4": (
        "IAM root user access key should not exist",
        "CRITICAL",
        ("fsbp", *ALL_CIS, "nist", "pci"),
    ),
    "IAM.5": (
        "MFA should be enabled for all IAM users that have a console password",
        "MEDIUM",
        ("fsbp", *ALL_CIS, "nist"),
    ),
    "IAM.6": (
        "Hardware MFA should be enabled for the root user",
        "CRITICAL",
        ("fsbp", *ALL_CIS, "nist", "pci"),
    ),
    "S3.1": (
        "S3 general purpose buckets should have block public access settings enabled",
        "MEDIUM",
        ("fsbp", "cis140", "cis300", "nist", "pci"),
    ),
    "S3.8": (
        "S3 general purpose buckets should block public access",
        "HIGH",
        ("fsbp", "cis140", "cis300", "nist"),
    ),
    "CloudTrail.1": (
        "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
        "HIGH",
        ("fsbp", *ALL_CIS, "nist", "pci"),
    ),
    "CloudTrail.2": (
        "CloudTrail should have encryption at-rest enabled",
        "MEDIUM",
        ("fsbp", *ALL_CIS, "nist", "pci"),
    ),
    "Config.1": (
        "AWS Config should be enabled and use the service-linked role for resource recording",
        "MEDIUM",
        ("fsbp", *ALL_CIS, "nist", "pci"),
    ),
    "EC2.7": (
        "EBS default encryption should be enabled",
        "MEDIUM",
        ("fsbp", "cis140", "cis300", "nist"),
    ),
    "KMS.4": (
        "AWS KMS key rotation should be enabled",
        "MEDIUM",
        (*ALL_CIS, "nist", "pci"),
    ),
    "GuardDuty.1": ("GuardDuty should be enabled", "HIGH", ("fsbp", "nist", "pci")),
}
REMEDIATION_URL = "https://docs.aws.amazon.com/console/securityhub/{}/remediation"


# ---------------------------------------------------------------- helpers


def _standard_arn(ctx: Context, key: str) -> str:
    resource = STANDARDS[key][0]
    region = "" if resource.startswith("ruleset/") else ctx.region  # CIS 1.2.0's ARN has no region
    return f"arn:aws:securityhub:{region}::{resource}"


def _standards(ctx: Context) -> dict[str, str]:
    """standards ARN -> catalog key."""
    return {_standard_arn(ctx, key): key for key in STANDARDS}


def _path(standards_arn: str) -> str:
    """'aws-foundational-security-best-practices/v/1.0.0' from a standards ARN."""
    return standards_arn.split(":", 5)[5].split("/", 1)[1]


def _moto_hub(ctx: Context):
    from moto.securityhub.models import securityhub_backends

    return securityhub_backends[ctx.account_id][ctx.region]


def _require_hub(ctx: Context) -> None:
    if not _moto_hub(ctx).enabled:
        raise AwsError(
            "InvalidAccessException",
            f"Account {ctx.account_id} is not subscribed to AWS Security Hub",
        )


def _page(params: dict, items: list, key: str) -> dict:
    page, token = paginate(items, params.get("MaxResults"), params.get("NextToken"))
    return {key: page, **({"NextToken": token} if token else {})}


def _subscriptions(ctx: Context) -> dict[str, dict]:
    """standards ARN -> subscription."""
    return ctx.table("subscriptions")


def _control_state(ctx: Context, standards_arn: str, control_id: str) -> dict:
    return ctx.table("controls").setdefault(
        (standards_arn, control_id),
        {"status": "ENABLED", "reason": None, "updated": now()},
    )


def _set_control(ctx: Context, standards_arn: str, control_id: str, status: str, reason: str | None) -> None:
    if status == "DISABLED" and not reason:
        raise AwsError(
            "InvalidInputException",
            f"A reason is required to disable control {control_id}.",
        )
    _control_state(ctx, standards_arn, control_id).update(status=status, reason=reason, updated=now())


def _in_standard(standards_arn: str, control_id: str, ctx: Context) -> bool:
    key = _standards(ctx).get(standards_arn)
    return control_id in CONTROLS and key in CONTROLS[control_id][2]


# --------------------------------------------------------------- standards


@operation(SERVICE, "DescribeStandards")
def describe_standards(ctx: Context, params: dict) -> dict:
    standards = [
        {
            "StandardsArn": _standard_arn(ctx, key),
            "Name": name,
            "Description": description,
            "EnabledByDefault": default,
            "Provider": "AWS",
            "StandardsManagedBy": {"Company": "AWS", "Product": "Security Hub"},
        }
        for key, (_, name, description, default) in STANDARDS.items()
    ]
    return _page(params, standards, "Standards")


@operation(SERVICE, "BatchEnableStandards")
def batch_enable_standards(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    catalog, result = _standards(ctx), []
    for request in params["StandardsSubscriptionRequests"]:
        arn = request["StandardsArn"]
        if arn not in catalog:
            raise AwsError("InvalidInputException", f"Invalid StandardsArn: {arn}")
        sub = _subscriptions(ctx).setdefault(
            arn,
            {
                "StandardsSubscriptionArn": f"arn:aws:securityhub:{ctx.region}:{ctx.account_id}:subscription/{_path(arn)}",
                "StandardsArn": arn,
                "StandardsInput": request.get("StandardsInput", {}),
                "StandardsStatus": "READY",
                "StandardsControlsUpdatable": "READY_FOR_UPDATES",
            },
        )
        result.append(sub)
    return {"StandardsSubscriptions": result}


@operation(SERVICE, "BatchDisableStandards")
def batch_disable_standards(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    by_sub_arn = {s["StandardsSubscriptionArn"]: s for s in _subscriptions(ctx).values()}
    result = []
    for sub_arn in params["StandardsSubscriptionArns"]:
        sub = by_sub_arn.get(sub_arn)
        if sub is None:
            raise AwsError("InvalidInputException", f"Invalid StandardsSubscriptionArn: {sub_arn}")
        del _subscriptions(ctx)[sub["StandardsArn"]]
        result.append({**sub, "StandardsStatus": "DELETING"})
    return {"StandardsSubscriptions": result}


@operation(SERVICE, "GetEnabledStandards")
def get_enabled_standards(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    wanted = params.get("StandardsSubscriptionArns")
    subs = [s for s in _subscriptions(ctx).values() if not wanted or s["StandardsSubscriptionArn"] in wanted]
    return _page(params, subs, "StandardsSubscriptions")


# ---------------------------------------------------------------- controls


def _standards_control(ctx: Context, standards_arn: str, control_id: str) -> dict:
    title, severity, _ = CONTROLS[control_id]
    state = _control_state(ctx, standards_arn, control_id)
    control = {
        "StandardsControlArn": f"arn:aws:securityhub:{ctx.region}:{ctx.account_id}:control/{_path(standards_arn)}/{control_id}",
        "ControlStatus": state["status"],
        "ControlStatusUpdatedAt": state["updated"],
        "ControlId": control_id,
        "Title": title,
        "Description": title + ".",
        "RemediationUrl": REMEDIATION_URL.format(control_id),
        "SeverityRating": severity,
        "RelatedRequirements": [],
    }
    return {**control, "DisabledReason": state["reason"]} if state["reason"] else control


@operation(SERVICE, "DescribeStandardsControls")
def describe_standards_controls(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    sub_arn = params["StandardsSubscriptionArn"]
    sub = next(
        (s for s in _subscriptions(ctx).values() if s["StandardsSubscriptionArn"] == sub_arn),
        None,
    )
    if sub is None:
        raise AwsError("ResourceNotFoundException", f"Standards subscription {sub_arn} not found.")
    arn = sub["StandardsArn"]
    controls = [_standards_control(ctx, arn, cid) for cid in CONTROLS if _in_standard(arn, cid, ctx)]
    return _page(params, controls, "Controls")


@operation(SERVICE, "UpdateStandardsControl")
def update_standards_control(ctx: Context, params: dict) -> None:
    _require_hub(ctx)
    control_arn = params["StandardsControlArn"]
    path, _, control_id = control_arn.partition(":control/")[2].rpartition("/")
    standards_arn = next((a for a in _subscriptions(ctx) if _path(a) == path), None)
    if standards_arn is None or not _in_standard(standards_arn, control_id, ctx):
        raise AwsError("ResourceNotFoundException", f"Control {control_arn} not found.")
    _set_control(
        ctx,
        standards_arn,
        control_id,
        params.get("ControlStatus", "ENABLED"),
        params.get("DisabledReason"),
    )


def _association(ctx: Context, standards_arn: str, control_id: str) -> dict:
    title = CONTROLS[control_id][0]
    state = _control_state(ctx, standards_arn, control_id)
    association = {
        "StandardsArn": standards_arn,
        "SecurityControlId": control_id,
        "SecurityControlArn": f"arn:aws:securityhub:{ctx.region}:{ctx.account_id}:security-control/{control_id}",
        "AssociationStatus": state["status"],
        "RelatedRequirements": [],
        "UpdatedAt": state["updated"],
        "StandardsControlTitle": title,
        "StandardsControlDescription": title + ".",
    }
    return {**association, "UpdatedReason": state["reason"]} if state["reason"] else association


@operation(SERVICE, "BatchGetStandardsControlAssociations")
def batch_get_standards_control_associations(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    details, unprocessed = [], []
    for ident in params["StandardsControlAssociationIds"]:
        if _in_standard(ident["StandardsArn"], ident["SecurityControlId"], ctx):
            details.append(_association(ctx, ident["StandardsArn"], ident["SecurityControlId"]))
        else:
            unprocessed.append(
                {
                    "StandardsControlAssociationId": ident,
                    "ErrorCode": "NOT_FOUND",
                    "ErrorReason": "The control is not part of the standard.",
                }
            )
    return {
        "StandardsControlAssociationDetails": details,
        "UnprocessedAssociations": unprocessed,
    }


@operation(SERVICE, "BatchUpdateStandardsControlAssociations")
def batch_update_standards_control_associations(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    unprocessed = []
    for update in params["StandardsControlAssociationUpdates"]:
        if not _in_standard(update["StandardsArn"], update["SecurityControlId"], ctx):
            unprocessed.append(_unprocessed(update, "NOT_FOUND", "The control is not part of the standard."))
            continue
        try:
            _set_control(
                ctx,
                update["StandardsArn"],
                update["SecurityControlId"],
                update["AssociationStatus"],
                update.get("UpdatedReason"),
            )
        except AwsError as err:
            unprocessed.append(_unprocessed(update, "INVALID_INPUT", err.message))
    return {"UnprocessedAssociationUpdates": unprocessed}


def _unprocessed(update: dict, code: str, reason: str) -> dict:
    return {
        "StandardsControlAssociationUpdate": update,
        "ErrorCode": code,
        "ErrorReason": reason,
    }


@operation(SERVICE, "ListStandardsControlAssociations")
def list_standards_control_associations(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    control_id = params["SecurityControlId"]
    summaries = [
        _association(ctx, arn, control_id) for arn in _subscriptions(ctx) if _in_standard(arn, control_id, ctx)
    ]
    return _page(params, summaries, "StandardsControlAssociationSummaries")


# -------------------------------------------------------- hub-level gaps


@operation(SERVICE, "UpdateSecurityHubConfiguration")
def update_security_hub_configuration(ctx: Context, params: dict) -> None:
    _require_hub(ctx)
    ctx.table("hub_config").update(params)


@operation(SERVICE, "DescribeHub")
def describe_hub(ctx: Context, params: dict) -> dict:
    """moto's answer with UpdateSecurityHubConfiguration's settings laid over it
    (moto hard-codes AutoEnableControls/ControlFindingGenerator, and adds Tags,
    which the model's output doesn't have)."""
    hub = {
        **_moto_hub(ctx).describe_hub(hub_arn=params.get("HubArn")),
        **ctx.table("hub_config"),
    }
    hub.pop("Tags", None)
    return hub


@operation(SERVICE, "EnableImportFindingsForProduct")
def enable_import_findings_for_product(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    product_arn = params["ProductArn"]
    if ":product/" not in product_arn:
        raise AwsError("InvalidInputException", f"Invalid ProductArn: {product_arn}")
    subs = ctx.table("product_subscriptions")
    if product_arn in subs.values():
        raise AwsError("ResourceConflictException", f"Already subscribed to {product_arn}.")
    sub_arn = (
        f"arn:aws:securityhub:{ctx.region}:{ctx.account_id}:product-subscription/{product_arn.split(':product/')[1]}"
    )
    subs[sub_arn] = product_arn
    return {"ProductSubscriptionArn": sub_arn}


@operation(SERVICE, "ListEnabledProductsForImport")
def list_enabled_products_for_import(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    return _page(params, list(ctx.table("product_subscriptions")), "ProductSubscriptions")


@operation(SERVICE, "DisableImportFindingsForProduct")
def disable_import_findings_for_product(ctx: Context, params: dict) -> None:
    if ctx.table("product_subscriptions").pop(params["ProductSubscriptionArn"], None) is None:
        raise AwsError(
            "ResourceNotFoundException",
            f"{params['ProductSubscriptionArn']} not found.",
        )


def _aggregator(ctx: Context, arn: str) -> dict:
    aggregator = ctx.table("aggregators").get(arn)
    if aggregator is None:
        raise AwsError("ResourceNotFoundException", f"Finding aggregator {arn} not found.")
    return aggregator


@operation(SERVICE, "CreateFindingAggregator")
def create_finding_aggregator(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    if ctx.table("aggregators"):
        raise AwsError(
            "InvalidInputException",
            "A finding aggregator already exists for this account.",
        )
    arn = f"arn:aws:securityhub:{ctx.region}:{ctx.account_id}:finding-aggregator/{new_uuid()}"
    ctx.table("aggregators")[arn] = {
        "FindingAggregatorArn": arn,
        "FindingAggregationRegion": ctx.region,
        "RegionLinkingMode": params["RegionLinkingMode"],
        "Regions": params.get("Regions", []),
    }
    return ctx.table("aggregators")[arn]


@operation(SERVICE, "GetFindingAggregator")
def get_finding_aggregator(ctx: Context, params: dict) -> dict:
    return _aggregator(ctx, params["FindingAggregatorArn"])


@operation(SERVICE, "UpdateFindingAggregator")
def update_finding_aggregator(ctx: Context, params: dict) -> dict:
    aggregator = _aggregator(ctx, params["FindingAggregatorArn"])
    aggregator.update(RegionLinkingMode=params["RegionLinkingMode"], Regions=params.get("Regions", []))
    return aggregator


@operation(SERVICE, "DeleteFindingAggregator")
def delete_finding_aggregator(ctx: Context, params: dict) -> None:
    _aggregator(ctx, params["FindingAggregatorArn"])
    del ctx.table("aggregators")[params["FindingAggregatorArn"]]


@operation(SERVICE, "ListFindingAggregators")
def list_finding_aggregators(ctx: Context, params: dict) -> dict:
    arns = [{"FindingAggregatorArn": arn} for arn in ctx.table("aggregators")]
    return _page(params, arns, "FindingAggregators")


@operation(SERVICE, "ListOrganizationAdminAccounts")
def list_organization_admin_accounts(ctx: Context, params: dict) -> dict:
    """Reads the admin that moto's EnableOrganizationAdminAccount recorded."""
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException

    try:
        admin = _moto_hub(ctx)._get_org_config()["admin_account_id"]
    except AWSOrganizationsNotInUseException:
        admin = None
    accounts = [{"AccountId": admin, "Status": "ENABLED"}] if admin else []
    return {
        **_page(params, accounts, "AdminAccounts"),
        "Feature": params.get("Feature", "SecurityHub"),
    }


# ------------------------------------------- hub lifecycle, tags, org admin (prodgrade: security baseline)


@operation(SERVICE, "EnableSecurityHub")
def enable_security_hub(ctx: Context, params: dict) -> None:
    """moto ignores ControlFindingGenerator and EnableDefaultStandards (AWS default: true) and answers a
    second call with success; AWS says ResourceConflictException."""
    hub = _moto_hub(ctx)
    if hub.enabled:
        raise AwsError("ResourceConflictException", f"Account {ctx.account_id} is already subscribed to Security Hub")
    hub.enable_security_hub(enable_default_standards=False, tags=params.get("Tags"))
    if "ControlFindingGenerator" in params:
        ctx.table("hub_config")["ControlFindingGenerator"] = params["ControlFindingGenerator"]
    if params.get("EnableDefaultStandards", True):
        defaults = [{"StandardsArn": _standard_arn(ctx, key)} for key, std in STANDARDS.items() if std[3]]
        batch_enable_standards(ctx, {"StandardsSubscriptionRequests": defaults})


@operation(SERVICE, "DisableSecurityHub")
def disable_security_hub(ctx: Context, params: dict) -> None:
    """moto keeps nothing of ours: drop subscriptions, control states, settings and aggregators too."""
    _moto_hub(ctx).disable_security_hub()
    for table in (
        "subscriptions",
        "controls",
        "hub_config",
        "aggregators",
        "product_subscriptions",
        "policies",
        "associations",
    ):
        ctx.table(table).clear()


def _hub_for_tags(ctx: Context, arn: str):
    hub = _moto_hub(ctx)
    if arn == f"arn:aws:securityhub:{ctx.region}:{ctx.account_id}:hub/default" and hub.enabled:
        return hub.tags
    policy = next((p for p in ctx.table("policies").values() if p["Arn"] == arn), None)
    if policy is not None:
        return policy.setdefault("Tags", {})
    raise AwsError("ResourceNotFoundException", f"The request was rejected because {arn} was not found.")


@operation(SERVICE, "TagResource")
def tag_resource(ctx: Context, params: dict) -> None:
    _hub_for_tags(ctx, params["ResourceArn"]).update(params["Tags"])


@operation(SERVICE, "UntagResource")
def untag_resource(ctx: Context, params: dict) -> None:
    tags = _hub_for_tags(ctx, params["ResourceArn"])
    for key in params["TagKeys"]:
        tags.pop(key, None)


@operation(SERVICE, "ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict) -> dict:
    return {"Tags": dict(_hub_for_tags(ctx, params["ResourceArn"]))}


@operation(SERVICE, "DisableOrganizationAdminAccount")
def disable_organization_admin_account(ctx: Context, params: dict) -> None:
    """Missing in moto; clears the admin its EnableOrganizationAdminAccount recorded."""
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException

    try:
        config = _moto_hub(ctx)._get_org_config()
    except AWSOrganizationsNotInUseException as exc:
        raise AwsError("InvalidAccessException", "AWS Organizations is not in use.") from exc
    if config["admin_account_id"] != params["AdminAccountId"]:
        raise AwsError(
            "InvalidInputException",
            f"Account {params['AdminAccountId']} is not the Security Hub delegated administrator.",
        )
    config["admin_account_id"] = None


@operation(SERVICE, "UpdateOrganizationConfiguration")
def update_organization_configuration(ctx: Context, params: dict) -> None:
    """moto rejects an OrganizationConfiguration without Status (an output field callers don't send); AWS
    accepts ConfigurationType alone. Status becomes ENABLED (central configuration is immediate here)."""
    org = params.get("OrganizationConfiguration")
    if org is not None:
        org = {**org, "Status": "ENABLED"}
        org.pop("StatusMessage", None)
    _moto_hub(ctx).update_organization_configuration(
        auto_enable=params["AutoEnable"],
        auto_enable_standards=params.get("AutoEnableStandards"),
        organization_configuration=org,
    )


@operation(SERVICE, "ListSecurityControlDefinitions")
def list_security_control_definitions(ctx: Context, params: dict) -> dict:
    arn = params.get("StandardsArn")
    key = _standards(ctx).get(arn) if arn else None
    if arn and key is None:
        raise AwsError("InvalidInputException", f"Invalid StandardsArn: {arn}")
    definitions = [
        {
            "SecurityControlId": cid,
            "Title": title,
            "Description": title + ".",
            "RemediationUrl": REMEDIATION_URL.format(cid),
            "SeverityRating": severity,
            "CurrentRegionAvailability": "AVAILABLE",
        }
        for cid, (title, severity, members) in CONTROLS.items()
        if key is None or key in members
    ]
    return _page(params, definitions, "SecurityControlDefinitions")


@operation(SERVICE, "EnableOrganizationAdminAccount")
def enable_organization_admin_account(ctx: Context, params: dict) -> dict:
    """moto's own (checks the caller is the management account and the admin a member), served here so the
    request skips moto's account lookup (which loads every account's IAM backend: ~10 s with an organization)."""
    _moto_hub(ctx).enable_organization_admin_account(admin_account_id=params["AdminAccountId"])
    return {"AdminAccountId": params["AdminAccountId"], "Feature": params.get("Feature", "SecurityHub")}


@operation(SERVICE, "DescribeOrganizationConfiguration")
def describe_organization_configuration(ctx: Context, params: dict) -> dict:
    """moto's own, served here for the same reason as EnableOrganizationAdminAccount."""
    return _moto_hub(ctx).describe_organization_configuration()


# ------------------------------------------- central configuration: configuration policies and associations


def _policy(ctx: Context, identifier: str) -> dict:
    for policy in ctx.table("policies").values():
        if identifier in (policy["Id"], policy["Arn"]):
            return policy
    raise AwsError("ResourceNotFoundException", f"Configuration policy {identifier} not found.")


def _policy_view(policy: dict) -> dict:
    return {k: v for k, v in policy.items() if k != "Tags"}


def _check_policy(ctx: Context, config: dict) -> None:
    hub = config.get("SecurityHub", {})
    catalog = _standards(ctx)
    unknown = [arn for arn in hub.get("EnabledStandardIdentifiers", []) if arn not in catalog]
    if unknown:
        raise AwsError("InvalidInputException", f"Invalid standard identifiers: {', '.join(unknown)}")
    controls = hub.get("SecurityControlsConfiguration", {})
    if (
        hub.get("ServiceEnabled")
        and len(
            [k for k in ("EnabledSecurityControlIdentifiers", "DisabledSecurityControlIdentifiers") if k in controls]
        )
        != 1
    ):
        raise AwsError(
            "InvalidInputException",
            "SecurityControlsConfiguration needs exactly one of EnabledSecurityControlIdentifiers and "
            "DisabledSecurityControlIdentifiers when ServiceEnabled is true.",
        )


@operation(SERVICE, "CreateConfigurationPolicy")
def create_configuration_policy(ctx: Context, params: dict) -> dict:
    _require_hub(ctx)
    if any(p["Name"] == params["Name"] for p in ctx.table("policies").values()):
        raise AwsError("ResourceConflictException", f"A configuration policy named {params['Name']} already exists.")
    _check_policy(ctx, params["ConfigurationPolicy"])
    policy_id, at = new_uuid(), now()
    policy = {
        "Arn": f"arn:aws:securityhub:{ctx.region}:{ctx.account_id}:configuration-policy/{policy_id}",
        "Id": policy_id,
        "Name": params["Name"],
        "Description": params.get("Description", ""),
        "UpdatedAt": at,
        "CreatedAt": at,
        "ConfigurationPolicy": params["ConfigurationPolicy"],
        "Tags": dict(params.get("Tags", {})),
    }
    ctx.table("policies")[policy_id] = policy
    return _policy_view(policy)


@operation(SERVICE, "GetConfigurationPolicy")
def get_configuration_policy(ctx: Context, params: dict) -> dict:
    return _policy_view(_policy(ctx, params["Identifier"]))


@operation(SERVICE, "UpdateConfigurationPolicy")
def update_configuration_policy(ctx: Context, params: dict) -> dict:
    policy = _policy(ctx, params["Identifier"])
    if "ConfigurationPolicy" in params:
        _check_policy(ctx, params["ConfigurationPolicy"])
        policy["ConfigurationPolicy"] = params["ConfigurationPolicy"]
    for key in ("Name", "Description"):
        if key in params:
            policy[key] = params[key]
    policy["UpdatedAt"] = now()
    return _policy_view(policy)


@operation(SERVICE, "DeleteConfigurationPolicy")
def delete_configuration_policy(ctx: Context, params: dict) -> None:
    policy = _policy(ctx, params["Identifier"])
    if any(a["ConfigurationPolicyId"] == policy["Id"] for a in ctx.table("associations").values()):
        raise AwsError(
            "ResourceConflictException",
            f"Configuration policy {policy['Id']} is associated with targets; disassociate them first.",
        )
    del ctx.table("policies")[policy["Id"]]


@operation(SERVICE, "ListConfigurationPolicies")
def list_configuration_policies(ctx: Context, params: dict) -> dict:
    summaries = [
        {
            **{k: p[k] for k in ("Arn", "Id", "Name", "Description", "UpdatedAt")},
            "ServiceEnabled": p["ConfigurationPolicy"].get("SecurityHub", {}).get("ServiceEnabled", False),
        }
        for p in ctx.table("policies").values()
    ]
    return _page(params, summaries, "ConfigurationPolicySummaries")


def _target(target: dict) -> tuple[str, str]:
    for key, kind in (("AccountId", "ACCOUNT"), ("OrganizationalUnitId", "ORGANIZATIONAL_UNIT"), ("RootId", "ROOT")):
        if key in target:
            return target[key], kind
    raise AwsError("InvalidInputException", "Target needs AccountId, OrganizationalUnitId or RootId.")


@operation(SERVICE, "StartConfigurationPolicyAssociation")
def start_configuration_policy_association(ctx: Context, params: dict) -> dict:
    """Associations complete at once (SUCCESS); a target has one applied policy, the last one associated."""
    policy = _policy(ctx, params["ConfigurationPolicyIdentifier"])
    target_id, kind = _target(params["Target"])
    association = {
        "ConfigurationPolicyId": policy["Id"],
        "TargetId": target_id,
        "TargetType": kind,
        "AssociationType": "APPLIED",
        "UpdatedAt": now(),
        "AssociationStatus": "SUCCESS",
    }
    ctx.table("associations")[target_id] = association
    return association


@operation(SERVICE, "StartConfigurationPolicyDisassociation")
def start_configuration_policy_disassociation(ctx: Context, params: dict) -> None:
    target_id, _ = _target(params["Target"])
    association = ctx.table("associations").get(target_id)
    identifier = params.get("ConfigurationPolicyIdentifier")
    if association is None or (identifier and _policy(ctx, identifier)["Id"] != association["ConfigurationPolicyId"]):
        raise AwsError("ResourceNotFoundException", f"No configuration policy association for {target_id}.")
    del ctx.table("associations")[target_id]


@operation(SERVICE, "GetConfigurationPolicyAssociation")
def get_configuration_policy_association(ctx: Context, params: dict) -> dict:
    target_id, _ = _target(params["Target"])
    association = ctx.table("associations").get(target_id)
    if association is None:
        raise AwsError("ResourceNotFoundException", f"No configuration policy association for {target_id}.")
    return association


@operation(SERVICE, "ListConfigurationPolicyAssociations")
def list_configuration_policy_associations(ctx: Context, params: dict) -> dict:
    filters = params.get("Filters", {})
    found = [
        a
        for a in ctx.table("associations").values()
        if all(
            a.get(k) == v
            for k, v in filters.items()
            if k in ("ConfigurationPolicyId", "AssociationType", "AssociationStatus")
        )
    ]
    return _page(params, found, "ConfigurationPolicyAssociationSummaries")


@operation(SERVICE, "GetAdministratorAccount")
def get_administrator_account(ctx: Context, params: dict) -> dict:
    """moto's own, served here for the same reason as EnableOrganizationAdminAccount."""
    return _moto_hub(ctx).get_administrator_account()
