"""WAFv2 logging configurations: what moto 5.2.5 gets wrong (moto keeps the state; these handlers use its backend).

- PutLoggingConfiguration accepted any ResourceArn, also of a web ACL that does not exist (AWS:
  WAFNonexistentItemException), and any destination name (AWS only logs to destinations named ``aws-waf-logs-*``:
  WAFInvalidParameterException). It also accepted several destinations; AWS takes one.
- ListLoggingConfigurations filtered on ``:global:`` in the ARN for Scope=CLOUDFRONT, which a CloudFront web ACL's
  ARN (``...:global/webacl/...``) never contains: CLOUDFRONT listed nothing and REGIONAL listed the CloudFront ones.
- Get/DeleteLoggingConfiguration of a CloudFront web ACL looked in the request region's backend, where moto does not
  keep CloudFront web ACLs (its "global" backend).
- LogType and LogScope (AWS: ``WAF_LOGS``, ``CUSTOMER``) were not returned.
"""

import re

from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "wafv2"
NAME = re.compile(r"(log-group:|:::|deliverystream/)(?P<name>[^:/]+)")


def _backend(ctx: Context, arn: str = "", scope: str = ""):
    """moto keeps CloudFront web ACLs in a "global" region backend, regional ones in their region's."""
    from moto.wafv2.models import GLOBAL_REGION, wafv2_backends

    is_global = ":global/webacl/" in arn or scope == "CLOUDFRONT"
    return wafv2_backends[ctx.account_id][GLOBAL_REGION if is_global else ctx.region]


def _public(configuration) -> dict:
    result = {k: v for k, v in configuration.to_dict().items() if v is not None}
    return dict(result, LogType="WAF_LOGS", LogScope="CUSTOMER")


def _missing() -> AwsError:
    return AwsError(
        "WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist."
    )


@operation(SERVICE, "PutLoggingConfiguration")
def put_logging_configuration(ctx: Context, params: dict) -> dict:
    config = params["LoggingConfiguration"]
    backend = _backend(ctx, config["ResourceArn"])
    if config["ResourceArn"] not in backend.wacls:
        raise _missing()
    destinations = config["LogDestinationConfigs"]
    if len(destinations) != 1:
        raise AwsError("WAFInvalidParameterException", "Error reason: You can associate one logging destination.")
    found = NAME.search(destinations[0])
    if not found or not found.group("name").startswith("aws-waf-logs-"):
        raise AwsError(
            "WAFInvalidParameterException",
            "Error reason: The ARN isn't valid. The log destination name must start with aws-waf-logs-., "
            "field: LOG_DESTINATION",
        )
    saved = backend.put_logging_configuration(
        config["ResourceArn"],
        destinations,
        config.get("RedactedFields"),
        config.get("ManagedByFirewallManager"),
        config.get("LoggingFilter"),
    )
    return {"LoggingConfiguration": _public(saved)}


@operation(SERVICE, "GetLoggingConfiguration")
def get_logging_configuration(ctx: Context, params: dict) -> dict:
    saved = _backend(ctx, params["ResourceArn"]).logging_configurations.get(params["ResourceArn"])
    if saved is None:
        raise _missing()
    return {"LoggingConfiguration": _public(saved)}


@operation(SERVICE, "ListLoggingConfigurations")
def list_logging_configurations(ctx: Context, params: dict) -> dict:
    kind = "global" if params["Scope"] == "CLOUDFRONT" else "regional"
    found = [
        _public(c)
        for arn, c in _backend(ctx, scope=params["Scope"]).logging_configurations.items()
        if f":{kind}/webacl/" in arn
    ]
    page, token = paginate(found, params.get("Limit"), params.get("NextMarker"))
    return {"LoggingConfigurations": page, **({"NextMarker": token} if token else {})}


@operation(SERVICE, "DeleteLoggingConfiguration")
def delete_logging_configuration(ctx: Context, params: dict) -> dict:
    configurations = _backend(ctx, params["ResourceArn"]).logging_configurations
    if params["ResourceArn"] not in configurations:
        raise _missing()
    del configurations[params["ResourceArn"]]
    return {}
