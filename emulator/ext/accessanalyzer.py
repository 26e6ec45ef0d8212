"""IAM Access Analyzer analyzers, tags and archive rules (rest-json): moto 5.2.5 has no accessanalyzer."""

from emulator.ext.common import now
from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "accessanalyzer"
ORG_TYPES = ("ORGANIZATION", "ORGANIZATION_UNUSED_ACCESS", "ORGANIZATION_INTERNAL_ACCESS")


def _analyzers(ctx: Context) -> dict:
    return ctx.table("analyzers")


def _analyzer(ctx: Context, name: str) -> dict:
    analyzer = _analyzers(ctx).get(name)
    if analyzer is None:
        raise AwsError("ResourceNotFoundException", f"Analyzer {name} not found.")
    return analyzer


def _page(params: dict, items: list, key: str) -> dict:
    page, token = paginate(items, params.get("maxResults"), params.get("nextToken"))
    return {key: page, **({"nextToken": token} if token else {})}


def _in_organization(ctx: Context) -> bool:
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException
    from moto.organizations.models import organizations_backends

    try:
        organizations_backends[ctx.account_id]["aws"].describe_organization()
    except AWSOrganizationsNotInUseException:
        return False
    return True


def _rule(rule: dict, at) -> dict:
    return {"ruleName": rule["ruleName"], "filter": rule["filter"], "createdAt": at, "updatedAt": at}


@operation(SERVICE, "CreateAnalyzer")
def create_analyzer(ctx: Context, params: dict) -> dict:
    name, kind = params["analyzerName"], params["type"]
    if name in _analyzers(ctx):
        raise AwsError("ConflictException", f"Analyzer {name} already exists.")
    if kind in ORG_TYPES and not _in_organization(ctx):
        raise AwsError("ValidationException", "You must be in an organization to create an organization analyzer.")
    at = now()
    arn = f"arn:aws:access-analyzer:{ctx.region}:{ctx.account_id}:analyzer/{name}"
    _analyzers(ctx)[name] = {
        "arn": arn,
        "name": name,
        "type": kind,
        "createdAt": at,
        "tags": dict(params.get("tags", {})),
        "status": "ACTIVE",
        **({"configuration": params["configuration"]} if "configuration" in params else {}),
        "_rules": {r["ruleName"]: _rule(r, at) for r in params.get("archiveRules", [])},
    }
    return {"arn": arn}


def _public(analyzer: dict) -> dict:
    return {k: v for k, v in analyzer.items() if not k.startswith("_")}


@operation(SERVICE, "GetAnalyzer")
def get_analyzer(ctx: Context, params: dict) -> dict:
    return {"analyzer": _public(_analyzer(ctx, params["analyzerName"]))}


@operation(SERVICE, "ListAnalyzers")
def list_analyzers(ctx: Context, params: dict) -> dict:
    found = [_public(a) for a in _analyzers(ctx).values() if params.get("type") in (None, a["type"])]
    return _page(params, found, "analyzers")


@operation(SERVICE, "DeleteAnalyzer")
def delete_analyzer(ctx: Context, params: dict) -> None:
    _analyzer(ctx, params["analyzerName"])
    del _analyzers(ctx)[params["analyzerName"]]


@operation(SERVICE, "UpdateAnalyzer")
def update_analyzer(ctx: Context, params: dict) -> dict:
    analyzer = _analyzer(ctx, params["analyzerName"])
    if "configuration" in params:
        analyzer["configuration"] = params["configuration"]
    return {"configuration": analyzer.get("configuration", {})}


def _by_arn(ctx: Context, arn: str) -> dict:
    analyzer = next((a for a in _analyzers(ctx).values() if a["arn"] == arn), None)
    if analyzer is None:
        raise AwsError("ResourceNotFoundException", f"Resource {arn} not found.")
    return analyzer


@operation(SERVICE, "TagResource")
def tag_resource(ctx: Context, params: dict) -> dict:
    _by_arn(ctx, params["resourceArn"])["tags"].update(params["tags"])
    return {}


@operation(SERVICE, "UntagResource")
def untag_resource(ctx: Context, params: dict) -> dict:
    tags = _by_arn(ctx, params["resourceArn"])["tags"]
    for key in params["tagKeys"]:
        tags.pop(key, None)
    return {}


@operation(SERVICE, "ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict) -> dict:
    return {"tags": dict(_by_arn(ctx, params["resourceArn"])["tags"])}


def _rules(ctx: Context, params: dict) -> dict:
    return _analyzer(ctx, params["analyzerName"])["_rules"]


def _archive_rule(ctx: Context, params: dict) -> dict:
    rule = _rules(ctx, params).get(params["ruleName"])
    if rule is None:
        raise AwsError("ResourceNotFoundException", f"Archive rule {params['ruleName']} not found.")
    return rule


@operation(SERVICE, "CreateArchiveRule")
def create_archive_rule(ctx: Context, params: dict) -> None:
    rules = _rules(ctx, params)
    if params["ruleName"] in rules:
        raise AwsError("ConflictException", f"Archive rule {params['ruleName']} already exists.")
    rules[params["ruleName"]] = _rule(params, now())


@operation(SERVICE, "GetArchiveRule")
def get_archive_rule(ctx: Context, params: dict) -> dict:
    return {"archiveRule": _archive_rule(ctx, params)}


@operation(SERVICE, "UpdateArchiveRule")
def update_archive_rule(ctx: Context, params: dict) -> None:
    _archive_rule(ctx, params).update(filter=params["filter"], updatedAt=now())


@operation(SERVICE, "DeleteArchiveRule")
def delete_archive_rule(ctx: Context, params: dict) -> None:
    _archive_rule(ctx, params)
    del _rules(ctx, params)[params["ruleName"]]


@operation(SERVICE, "ListArchiveRules")
def list_archive_rules(ctx: Context, params: dict) -> dict:
    return _page(params, list(_rules(ctx, params).values()), "archiveRules")
