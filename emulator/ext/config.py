"""AWS Config organization conformance packs (json).

moto 5.2.5 stores them, but PutOrganizationConformancePack with TemplateBody alone fails (it matches the absent
TemplateS3Uri against a regex: HTTP 500), Describe*/DescribeOrganizationConformancePackStatuses without names
fail instead of listing every pack, and nothing checks that the caller is in an organization. Served here from
moto's backend objects.
"""

from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "config"


def _backend(ctx: Context):
    from moto.config.models import config_backends

    return config_backends[ctx.account_id][ctx.region]


def _require_organization(ctx: Context) -> None:
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException
    from moto.organizations.models import organizations_backends

    try:
        organizations_backends[ctx.account_id]["aws"].describe_organization()
    except AWSOrganizationsNotInUseException as exc:
        raise AwsError(
            "NoAvailableOrganizationException",
            "Organization is not available: this account is not part of an organization.",
        ) from exc


def _packs(ctx: Context, names: list | None) -> list:
    packs = _backend(ctx).organization_conformance_packs
    missing = [n for n in names or [] if n not in packs]
    if missing:
        raise AwsError(
            "NoSuchOrganizationConformancePackException",
            "One or more organization conformance packs with specified names are not present.",
        )
    return [packs[n] for n in names] if names else list(packs.values())


def _page(params: dict, items: list, key: str) -> dict:
    page, token = paginate(items, params.get("Limit"), params.get("NextToken"))
    return {key: page, **({"NextToken": token} if token else {})}


@operation(SERVICE, "PutOrganizationConformancePack")
def put_organization_conformance_pack(ctx: Context, params: dict) -> dict:
    _require_organization(ctx)
    if not params.get("TemplateBody") and not params.get("TemplateS3Uri"):
        raise AwsError("ValidationException", "Template body is invalid")
    backend = _backend(ctx)
    name = params["OrganizationConformancePackName"]
    args = dict(
        delivery_s3_bucket=params.get("DeliveryS3Bucket"),
        delivery_s3_key_prefix=params.get("DeliveryS3KeyPrefix"),
        input_parameters=params.get("ConformancePackInputParameters", []),
        excluded_accounts=params.get("ExcludedAccounts", []),
    )
    pack = backend.organization_conformance_packs.get(name)
    if pack:
        pack.update(**args)
    else:
        from moto.config.models import OrganizationConformancePack

        pack = OrganizationConformancePack(account_id=ctx.account_id, region=ctx.region, name=name, **args)
        backend.organization_conformance_packs[name] = pack
    return {"OrganizationConformancePackArn": pack.organization_conformance_pack_arn}


def _describe(pack) -> dict:
    result = {
        "OrganizationConformancePackName": pack.organization_conformance_pack_name,
        "OrganizationConformancePackArn": pack.organization_conformance_pack_arn,
        "ConformancePackInputParameters": pack.conformance_pack_input_parameters,
        "ExcludedAccounts": pack.excluded_accounts,
        "LastUpdateTime": pack.last_update_time,
    }
    if pack.delivery_s3_bucket:
        result["DeliveryS3Bucket"] = pack.delivery_s3_bucket
    if pack.delivery_s3_key_prefix:
        result["DeliveryS3KeyPrefix"] = pack.delivery_s3_key_prefix
    return result


@operation(SERVICE, "DescribeOrganizationConformancePacks")
def describe_organization_conformance_packs(ctx: Context, params: dict) -> dict:
    packs = [_describe(p) for p in _packs(ctx, params.get("OrganizationConformancePackNames"))]
    return _page(params, packs, "OrganizationConformancePacks")


@operation(SERVICE, "DescribeOrganizationConformancePackStatuses")
def describe_organization_conformance_pack_statuses(ctx: Context, params: dict) -> dict:
    statuses = [
        {
            "OrganizationConformancePackName": p.organization_conformance_pack_name,
            "Status": p._status,
            "LastUpdateTime": p.last_update_time,
        }
        for p in _packs(ctx, params.get("OrganizationConformancePackNames"))
    ]
    return _page(params, statuses, "OrganizationConformancePackStatuses")
