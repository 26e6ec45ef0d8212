"""CloudFront cache policies (rest-xml): moto 5.2.5 has none (its router answers 404 for /2020-05-31/cache-policy).

Served here: Create/Get/GetCachePolicyConfig/Update/Delete/ListCachePolicies with AWS's managed policies (real ids),
ETag/If-Match versioning (PreconditionFailed, InvalidIfMatchVersion), unique names (CachePolicyAlreadyExists), AWS's
checks on a config (TTL order, Quantity = len(Items), at most 10 headers/cookies/query strings, no cache key settings
when caching is disabled), managed policies read-only (IllegalUpdate/IllegalDelete) and CachePolicyInUse while one of
moto's distributions uses the policy.
"""

import copy

from emulator.ext.common import new_id, new_uuid, now
from emulator.registry import AwsError, Context, operation

SERVICE = "cloudfront"
MAX_KEYS = 10  # CloudFront quota: headers / cookies / query strings in a cache policy's cache key
NONE = {"Quantity": 0}


def _params(gzip, brotli, headers=None, cookies="none", query_strings="none"):
    headers_config = {"HeaderBehavior": "none"}
    if headers:
        headers_config = {"HeaderBehavior": "whitelist", "Headers": {"Quantity": len(headers), "Items": headers}}
    return {
        "EnableAcceptEncodingGzip": gzip,
        "EnableAcceptEncodingBrotli": brotli,
        "HeadersConfig": headers_config,
        "CookiesConfig": {"CookieBehavior": cookies},
        "QueryStringsConfig": {"QueryStringBehavior": query_strings},
    }


def _managed(policy_id, name, comment, ttls, parameters):
    config = dict(Name=name, Comment=comment, MinTTL=ttls[0], DefaultTTL=ttls[1], MaxTTL=ttls[2])
    return policy_id, dict(config, ParametersInCacheKeyAndForwardedToOrigin=parameters)


ORIGIN_HEADERS = ["host", "origin", "x-http-method-override", "x-http-method", "x-method-override"]
MANAGED = dict(
    [
        _managed(
            "658327ea-f89d-4fab-a63d-7e88639e58f6",
            "Managed-CachingOptimized",
            "Policy with caching enabled. Supports Gzip and Brotli compression.",
            (1, 86400, 31536000),
            _params(True, True),
        ),
        _managed(
            "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
            "Managed-CachingDisabled",
            "Policy with caching disabled",
            (0, 0, 0),
            _params(False, False),
        ),
        _managed(
            "b2884449-e4de-46a7-ac36-70bc7f1ddd6d",
            "Managed-CachingOptimizedForUncompressedObjects",
            "Default policy when compression is disabled",
            (1, 86400, 31536000),
            _params(False, False),
        ),
        _managed(
            "83da9c7e-98b4-4e11-a168-04f0df8e2c65",
            "UseOriginCacheControlHeaders",
            "Policy for origins that return Cache-Control headers. Query strings are not included in the cache key.",
            (0, 0, 31536000),
            _params(True, True, ORIGIN_HEADERS, cookies="all"),
        ),
        _managed(
            "4cc15a8a-d715-48a4-82b8-cc0b614638fe",
            "UseOriginCacheControlHeaders-QueryStrings",
            "Policy for origins that return Cache-Control headers and serve different content based on values present "
            "in the query string.",
            (0, 0, 31536000),
            _params(True, True, ORIGIN_HEADERS, cookies="all", query_strings="all"),
        ),
    ]
)
MANAGED_MODIFIED = now()


def _custom(ctx: Context) -> dict:
    return ctx.table("cache_policies")


def _summary(policy_id: str, policy: dict) -> dict:
    return {"Id": policy_id, "LastModifiedTime": policy["LastModifiedTime"], "CachePolicyConfig": policy["Config"]}


def _find(ctx: Context, policy_id: str) -> tuple[dict, bool]:
    """(policy, managed) or NoSuchCachePolicy."""
    if policy_id in MANAGED:
        return {"Config": MANAGED[policy_id], "LastModifiedTime": MANAGED_MODIFIED, "ETag": "E" + policy_id[:12]}, True
    policy = _custom(ctx).get(policy_id)
    if policy is None:
        raise AwsError("NoSuchCachePolicy", "The cache policy does not exist.")
    return policy, False


def _check(ctx: Context, config: dict, policy_id: str | None = None) -> dict:
    """AWS's checks on a CachePolicyConfig; the config with AWS's TTL defaults filled in."""
    config = copy.deepcopy(config)
    config.setdefault("DefaultTTL", max(config["MinTTL"], 86400))
    config.setdefault("MaxTTL", max(config["DefaultTTL"], 31536000))
    if not config["MinTTL"] <= config["DefaultTTL"] <= config["MaxTTL"]:
        raise AwsError("InvalidArgument", "The TTLs must satisfy MinTTL <= DefaultTTL <= MaxTTL.")
    taken = [p["Config"]["Name"] for i, p in _custom(ctx).items() if i != policy_id]
    if config["Name"] in taken or any(m["Name"] == config["Name"] for m in MANAGED.values()):
        raise AwsError("CachePolicyAlreadyExists", f"A cache policy with the name {config['Name']} already exists.")
    params = config.get("ParametersInCacheKeyAndForwardedToOrigin", {})
    for key, behavior_key, items_key, error in (
        ("HeadersConfig", "HeaderBehavior", "Headers", "TooManyHeadersInCachePolicy"),
        ("CookiesConfig", "CookieBehavior", "Cookies", "TooManyCookiesInCachePolicy"),
        ("QueryStringsConfig", "QueryStringBehavior", "QueryStrings", "TooManyQueryStringsInCachePolicy"),
    ):
        section = params.get(key, {})
        items = section.get(items_key, NONE)
        if items.get("Quantity", 0) != len(items.get("Items", [])):
            raise AwsError(
                "InconsistentQuantities", f"The value of Quantity and the size of Items don't match ({key})."
            )
        if items.get("Quantity", 0) > MAX_KEYS:
            raise AwsError(error, f"The cache policy has more than {MAX_KEYS} {items_key.lower()}.")
        if section.get(behavior_key) in ("whitelist", "allExcept") and not items.get("Quantity"):
            raise AwsError("InvalidArgument", f"{behavior_key} {section[behavior_key]} requires {items_key}.")
        if config["MaxTTL"] == 0 and section.get(behavior_key, "none") != "none":
            raise AwsError("InvalidArgument", f"{behavior_key} must be none when caching is disabled (MaxTTL 0).")
    if config["MaxTTL"] == 0 and (params.get("EnableAcceptEncodingGzip") or params.get("EnableAcceptEncodingBrotli")):
        raise AwsError("InvalidArgument", "EnableAcceptEncodingGzip/Brotli must be false when caching is disabled.")
    return config


def _version(policy: dict, params: dict) -> None:
    if not params.get("IfMatch"):
        raise AwsError("InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.")
    if params["IfMatch"] != policy["ETag"]:
        raise AwsError("PreconditionFailed", "The precondition given in one or more of the request fields was false.")


@operation(SERVICE, "CreateCachePolicy")
def create_cache_policy(ctx: Context, params: dict) -> dict:
    config = _check(ctx, params["CachePolicyConfig"])
    policy_id = new_uuid()
    policy = {"Config": config, "LastModifiedTime": now(), "ETag": new_id(14)}
    _custom(ctx)[policy_id] = policy
    return {
        "CachePolicy": _summary(policy_id, policy),
        "ETag": policy["ETag"],
        "Location": f"https://cloudfront.amazonaws.com/2020-05-31/cache-policy/{policy_id}",
    }


@operation(SERVICE, "GetCachePolicy")
def get_cache_policy(ctx: Context, params: dict) -> dict:
    policy, _managed_policy = _find(ctx, params["Id"])
    return {"CachePolicy": _summary(params["Id"], policy), "ETag": policy["ETag"]}


@operation(SERVICE, "GetCachePolicyConfig")
def get_cache_policy_config(ctx: Context, params: dict) -> dict:
    policy, _managed_policy = _find(ctx, params["Id"])
    return {"CachePolicyConfig": policy["Config"], "ETag": policy["ETag"]}


@operation(SERVICE, "UpdateCachePolicy")
def update_cache_policy(ctx: Context, params: dict) -> dict:
    policy, managed = _find(ctx, params["Id"])
    if managed:
        raise AwsError("IllegalUpdate", "Managed cache policies cannot be updated.")
    _version(policy, params)
    policy.update(
        Config=_check(ctx, params["CachePolicyConfig"], params["Id"]), LastModifiedTime=now(), ETag=new_id(14)
    )
    return {"CachePolicy": _summary(params["Id"], policy), "ETag": policy["ETag"]}


def _in_use(ctx: Context, policy_id: str) -> bool:
    from moto.cloudfront.models import cloudfront_backends

    for distribution in cloudfront_backends[ctx.account_id]["aws"].distributions.values():
        config = distribution.distribution_config
        behaviors = [config.DefaultCacheBehavior] + list(config.CacheBehaviors.get("Items", []))
        if any(getattr(b, "cache_policy_id", None) == policy_id for b in behaviors):
            return True
    return False


@operation(SERVICE, "DeleteCachePolicy")
def delete_cache_policy(ctx: Context, params: dict) -> dict:
    policy, managed = _find(ctx, params["Id"])
    if managed:
        raise AwsError("IllegalDelete", "Managed cache policies cannot be deleted.")
    _version(policy, params)
    if _in_use(ctx, params["Id"]):
        raise AwsError(
            "CachePolicyInUse", "Cannot delete the cache policy because it is attached to one or more cache behaviors."
        )
    del _custom(ctx)[params["Id"]]
    return {}


@operation(SERVICE, "ListCachePolicies")
def list_cache_policies(ctx: Context, params: dict) -> dict:
    kind = params.get("Type")
    items = []
    if kind in (None, "managed"):
        items += [
            {"Type": "managed", "CachePolicy": _summary(i, {"Config": c, "LastModifiedTime": MANAGED_MODIFIED})}
            for i, c in MANAGED.items()
        ]
    if kind in (None, "custom"):
        items += [{"Type": "custom", "CachePolicy": _summary(i, p)} for i, p in _custom(ctx).items()]
    try:
        start, size = int(params.get("Marker") or 0), int(params.get("MaxItems") or 100)
    except ValueError as exc:
        raise AwsError("InvalidArgument", "Marker and MaxItems must be numbers.") from exc
    page = items[start : start + size]
    result = {"MaxItems": size, "Quantity": len(page), "Items": page}
    if start + size < len(items):
        result["NextMarker"] = str(start + size)
    return {"CachePolicyList": result}
