# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudFront distribution API calls, one small function each, retried with ``aws_retry()`` and wrapped by
``DistributionErrorHandler``; and the two conversions the module is built on:

- ``distribution_from_boto3(config)``: a boto3 DistributionConfig -> the flat snake_cased shape the module takes
  and returns (lists of names sorted, origins sorted by id, cache behaviors in their order, "" for an unset id).
- ``build_config(current, desired)``: the DistributionConfig to send. It starts from ``current`` (the config
  GetDistributionConfig returned, so every key AWS added or that this module does not manage is sent back as it
  was) or, to create, from CloudFront's defaults, and overlays only the set (non-None) values of ``desired``.
  ``distribution_from_boto3(build_config(...))`` is therefore also the check-mode prediction.

Cache policies' calls and conversions are in the last section, under their own ``CachePolicyErrorHandler``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry
from ansible_collections.prodgrade.aws.plugins.module_utils.wafv2 import web_acl

Obj = Dict[str, Any]

# AWS quotas / rules checked before any write (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
# cloudfront-limits.html): the default quotas, which an account may have raised for origins/behaviors/aliases.
MAX_ORIGINS = 25
MAX_CACHE_BEHAVIORS = 25
MAX_ALIASES = 100
MAX_CUSTOM_HEADERS = 10
MAX_COMMENT = 128
ALLOWED_METHOD_SETS = (
    ["GET", "HEAD"],
    ["GET", "HEAD", "OPTIONS"],
    ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
)
CACHED_METHOD_SETS = (["GET", "HEAD"], ["GET", "HEAD", "OPTIONS"])
# Legacy cache settings AWS refuses on a behavior that has a cache policy.
LEGACY_CACHE_KEYS = ("ForwardedValues", "MinTTL", "DefaultTTL", "MaxTTL")
CERTIFICATE_ID = re.compile(r"[A-Za-z0-9-]+")  # what follows certificate/ in an ACM certificate ARN
LOG_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$")
DEFAULT_CERTIFICATE_PROTOCOL = "TLSv1"  # what CloudFront uses (and returns) with its *.cloudfront.net certificate
NEW_CERTIFICATE_DEFAULTS = {"SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"}

# flat key -> boto3 key, for the plain values of each part
TOP = (
    ("comment", "Comment"),
    ("enabled", "Enabled"),
    ("default_root_object", "DefaultRootObject"),
    ("http_version", "HttpVersion"),
    ("ipv6_enabled", "IsIPV6Enabled"),
    ("price_class", "PriceClass"),
    ("web_acl_id", "WebACLId"),
)
ORIGIN = (
    ("domain_name", "DomainName"),
    ("origin_path", "OriginPath"),
    ("origin_access_control_id", "OriginAccessControlId"),
    ("connection_attempts", "ConnectionAttempts"),
    ("connection_timeout", "ConnectionTimeout"),
)
CUSTOM_ORIGIN = (
    ("http_port", "HTTPPort"),
    ("https_port", "HTTPSPort"),
    ("origin_protocol_policy", "OriginProtocolPolicy"),
    ("origin_read_timeout", "OriginReadTimeout"),
    ("origin_keepalive_timeout", "OriginKeepaliveTimeout"),
)
BEHAVIOR = (
    ("path_pattern", "PathPattern"),
    ("target_origin_id", "TargetOriginId"),
    ("viewer_protocol_policy", "ViewerProtocolPolicy"),
    ("compress", "Compress"),
)
BEHAVIOR_POLICIES = (
    ("cache_policy_id", "CachePolicyId"),
    ("origin_request_policy_id", "OriginRequestPolicyId"),
    ("response_headers_policy_id", "ResponseHeadersPolicyId"),
)
LOGGING = (("enabled", "Enabled"), ("bucket", "Bucket"), ("prefix", "Prefix"), ("include_cookies", "IncludeCookies"))

# What CloudFront gives what a new distribution leaves out (API defaults), and this module's choice where AWS has
# none but requires a value (noted).
NEW_CONFIG = {
    "Comment": "",
    "Enabled": True,
    "Aliases": {"Quantity": 0},
    "DefaultRootObject": "",
    "Origins": {"Quantity": 0, "Items": []},
    "OriginGroups": {"Quantity": 0},
    "CacheBehaviors": {"Quantity": 0},
    "CustomErrorResponses": {"Quantity": 0},
    "Logging": {"Enabled": False, "IncludeCookies": False, "Bucket": "", "Prefix": ""},
    "PriceClass": "PriceClass_All",
    "ViewerCertificate": {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": DEFAULT_CERTIFICATE_PROTOCOL},
    "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
    "WebACLId": "",
    "HttpVersion": "http2",
    "IsIPV6Enabled": False,
}
NEW_ORIGIN = {
    "OriginPath": "",
    "CustomHeaders": {"Quantity": 0},
    "ConnectionAttempts": 3,
    "ConnectionTimeout": 10,
    "OriginShield": {"Enabled": False},
    "OriginAccessControlId": "",
}
NEW_CUSTOM_ORIGIN = {
    "HTTPPort": 80,
    "HTTPSPort": 443,
    "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
    "OriginReadTimeout": 30,
    "OriginKeepaliveTimeout": 5,
}
NEW_BEHAVIOR = {
    "TrustedSigners": {"Enabled": False, "Quantity": 0},
    "TrustedKeyGroups": {"Enabled": False, "Quantity": 0},
    "AllowedMethods": {
        "Quantity": 2,
        "Items": ["HEAD", "GET"],
        "CachedMethods": {"Quantity": 2, "Items": ["HEAD", "GET"]},
    },
    "SmoothStreaming": False,
    "Compress": False,
    "LambdaFunctionAssociations": {"Quantity": 0},
    "FunctionAssociations": {"Quantity": 0},
    "FieldLevelEncryptionId": "",
}


class AnsibleCloudFrontError(AnsibleAWSError):
    pass


class DistributionErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleCloudFrontError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchDistribution")


# ---------------------------------------------------------------------------------------------------- API calls


@DistributionErrorHandler.list_error_handler("list distributions", [])
@aws_retry()
def list_distributions(client) -> List[Obj]:
    """ListDistributions, every page: the DistributionSummary items."""
    result = client.get_paginator("list_distributions").paginate().build_full_result()
    return result.get("DistributionList", {}).get("Items") or []


@DistributionErrorHandler.list_error_handler("get distribution")
@aws_retry()
def get_distribution(client, distribution_id: str) -> Optional[Obj]:
    """GetDistribution: {"Distribution": ..., "ETag": ...}; None when there is no such distribution."""
    return client.get_distribution(Id=distribution_id)


@DistributionErrorHandler.common_error_handler("get distribution config")
@aws_retry()
def get_distribution_config(client, distribution_id: str) -> Obj:
    """GetDistributionConfig: {"DistributionConfig": ..., "ETag": ...}."""
    return client.get_distribution_config(Id=distribution_id)


@DistributionErrorHandler.common_error_handler("create distribution")
@aws_retry()
def create_distribution(client, config: Obj, tags: Optional[Dict[str, str]]) -> Obj:
    """CreateDistributionWithTags; the new Distribution. AWS answers a repeated CallerReference with the same
    distribution, so a retry after a lost answer creates nothing twice."""
    with_tags = {"DistributionConfig": config, "Tags": {"Items": ansible_dict_to_boto3_tag_list(tags or {})}}
    return client.create_distribution_with_tags(DistributionConfigWithTags=with_tags)["Distribution"]


@DistributionErrorHandler.common_error_handler("update distribution")
@aws_retry(catch_extra_error_codes=["PreconditionFailed"])
def update_distribution(client, distribution_id: str, change: Callable[[Obj], Obj]) -> Obj:
    """GetDistributionConfig, then UpdateDistribution with ``change(config)`` and that ETag. Each attempt reads
    again, so a retry after PreconditionFailed (someone else changed it) overlays the change on the fresh config."""
    current = client.get_distribution_config(Id=distribution_id)
    config = change(current["DistributionConfig"])
    return client.update_distribution(Id=distribution_id, IfMatch=current["ETag"], DistributionConfig=config)[
        "Distribution"
    ]


@DistributionErrorHandler.deletion_error_handler("delete distribution")
@aws_retry(catch_extra_error_codes=["PreconditionFailed"])
def delete_distribution(client, distribution_id: str) -> bool:
    etag = client.get_distribution_config(Id=distribution_id)["ETag"]
    client.delete_distribution(Id=distribution_id, IfMatch=etag)
    return True


@DistributionErrorHandler.common_error_handler("list tags for distribution")
@aws_retry()
def list_tags(client, arn: str) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(client.list_tags_for_resource(Resource=arn)["Tags"].get("Items") or [])


@DistributionErrorHandler.common_error_handler("tag distribution")
@aws_retry()
def tag_resource(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(Resource=arn, Tags={"Items": ansible_dict_to_boto3_tag_list(tags)})
    return True


@DistributionErrorHandler.common_error_handler("untag distribution")
@aws_retry()
def untag_resource(client, arn: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_resource(Resource=arn, TagKeys={"Items": list(keys)})
    return True


def ensure_tags(client, arn: str, current: Optional[Dict[str, str]], tags: Optional[Dict[str, str]]) -> bool:
    """Make the distribution's tags ``tags`` (already merged/purged by the caller; None: leave alone)."""
    return sync_tags(
        current, tags, True, lambda t: tag_resource(client, arn, t), lambda k: untag_resource(client, arn, k)
    )


@DistributionErrorHandler.common_error_handler("wait for distribution deployed")
def wait_deployed(client, distribution_id: str, timeout: int) -> None:
    """The distribution_deployed waiter (GetDistribution until Status is Deployed), within ``timeout`` seconds."""
    delay = 15
    client.get_waiter("distribution_deployed").wait(
        Id=distribution_id, WaiterConfig={"Delay": delay, "MaxAttempts": max(1, timeout // delay)}
    )


def find_distribution(client, caller_reference: Optional[str], distribution_id: Optional[str]) -> Optional[Obj]:
    """GetDistribution's answer for ``distribution_id``, else for the distribution whose CallerReference is
    ``caller_reference`` (ListDistributions has no CallerReference: each listed distribution is read with
    GetDistribution, one call per distribution in the account); None when there is none."""
    if distribution_id:
        return get_distribution(client, distribution_id)
    for summary in list_distributions(client):
        found = get_distribution(client, summary["Id"])
        if found and found["Distribution"]["DistributionConfig"]["CallerReference"] == caller_reference:
            return found
    return None


# ---------------------------------------------------------------------------------------------------- shapes


def _items(part: Optional[Obj]) -> List[Any]:
    return list((part or {}).get("Items") or [])


def _quantity(items: List[Any]) -> Obj:
    return {"Quantity": len(items), "Items": list(items)} if items else {"Quantity": 0}


def _headers(headers: List[Obj]) -> List[Obj]:
    return sorted(headers, key=lambda h: h["header_name"].lower())


def origin_from_boto3(origin: Obj) -> Obj:
    result = {"id": origin["Id"]}
    result.update({key: origin.get(boto3_key) for key, boto3_key in ORIGIN})
    result["origin_path"] = result["origin_path"] or ""
    result["origin_access_control_id"] = result["origin_access_control_id"] or ""
    result["custom_headers"] = _headers(
        [
            {"header_name": h["HeaderName"], "header_value": h["HeaderValue"]}
            for h in _items(origin.get("CustomHeaders"))
        ]
    )
    custom, s3 = origin.get("CustomOriginConfig"), origin.get("S3OriginConfig")
    result["custom_origin_config"] = None
    if custom:
        result["custom_origin_config"] = {key: custom.get(boto3_key) for key, boto3_key in CUSTOM_ORIGIN}
        result["custom_origin_config"]["origin_ssl_protocols"] = sorted(_items(custom.get("OriginSslProtocols")))
    result["s3_origin_config"] = {"origin_access_identity": s3.get("OriginAccessIdentity", "")} if s3 else None
    return result


def behavior_from_boto3(behavior: Obj) -> Obj:
    result = {key: behavior.get(boto3_key) for key, boto3_key in BEHAVIOR if boto3_key in behavior}
    result["compress"] = bool(behavior.get("Compress"))
    result.update({key: behavior.get(boto3_key) or "" for key, boto3_key in BEHAVIOR_POLICIES})
    methods = behavior.get("AllowedMethods") or {}
    result["allowed_methods"] = sorted(_items(methods))
    result["cached_methods"] = sorted(_items(methods.get("CachedMethods")))
    return result


def distribution_from_boto3(config: Obj) -> Obj:
    """A boto3 DistributionConfig -> the flat snake_cased shape (the module's options, every one set)."""
    result = {"caller_reference": config.get("CallerReference")}
    result.update({key: config.get(boto3_key) for key, boto3_key in TOP})
    result["default_root_object"] = result["default_root_object"] or ""
    result["web_acl_id"] = result["web_acl_id"] or ""
    result["ipv6_enabled"] = bool(result["ipv6_enabled"])
    result["aliases"] = sorted(_items(config.get("Aliases")))
    result["origins"] = sorted((origin_from_boto3(o) for o in _items(config.get("Origins"))), key=lambda o: o["id"])
    result["default_cache_behavior"] = behavior_from_boto3(config.get("DefaultCacheBehavior") or {})
    result["cache_behaviors"] = [behavior_from_boto3(b) for b in _items(config.get("CacheBehaviors"))]
    certificate = config.get("ViewerCertificate") or {}
    result["viewer_certificate"] = {
        "acm_certificate_arn": certificate.get("ACMCertificateArn") or "",
        "cloudfront_default_certificate": bool(certificate.get("CloudFrontDefaultCertificate")),
        "ssl_support_method": certificate.get("SSLSupportMethod") or "",
        "minimum_protocol_version": certificate.get("MinimumProtocolVersion") or "",
    }
    logging = config.get("Logging") or {}
    result["logging"] = {key: logging.get(boto3_key) for key, boto3_key in LOGGING}
    return result


def _overlay(target: Obj, want: Optional[Obj], keys) -> None:
    for key, boto3_key in keys:
        if want and want.get(key) is not None:
            target[boto3_key] = want[key]


def _origin(have: Optional[Obj], want: Obj) -> Obj:
    origin = copy.deepcopy(have) if have else dict(copy.deepcopy(NEW_ORIGIN), Id=want["id"])
    _overlay(origin, want, ORIGIN)
    if want.get("custom_headers") is not None:
        origin["CustomHeaders"] = _quantity(
            [{"HeaderName": h["header_name"], "HeaderValue": h["header_value"]} for h in want["custom_headers"]]
        )
    custom = want.get("custom_origin_config")
    if custom is not None:
        config = copy.deepcopy(origin.get("CustomOriginConfig") or NEW_CUSTOM_ORIGIN)
        _overlay(config, custom, CUSTOM_ORIGIN)
        if custom.get("origin_ssl_protocols") is not None:
            config["OriginSslProtocols"] = _quantity(list(custom["origin_ssl_protocols"]))
        origin["CustomOriginConfig"] = config
        origin.pop("S3OriginConfig", None)
    s3 = want.get("s3_origin_config")
    if s3 is not None:
        origin["S3OriginConfig"] = {"OriginAccessIdentity": s3.get("origin_access_identity") or ""}
        origin.pop("CustomOriginConfig", None)
    return origin


def _behavior(have: Optional[Obj], want: Obj) -> Obj:
    behavior = copy.deepcopy(have) if have else copy.deepcopy(NEW_BEHAVIOR)
    _overlay(behavior, want, BEHAVIOR)
    for key, boto3_key in BEHAVIOR_POLICIES:
        if want.get(key) == "":
            behavior.pop(boto3_key, None)  # "" removes the policy
        elif want.get(key) is not None:
            behavior[boto3_key] = want[key]
    methods = behavior.setdefault("AllowedMethods", copy.deepcopy(NEW_BEHAVIOR["AllowedMethods"]))
    if want.get("allowed_methods") is not None:
        methods.update(Quantity=len(want["allowed_methods"]), Items=list(want["allowed_methods"]))
    if want.get("cached_methods") is not None:
        methods["CachedMethods"] = _quantity(list(want["cached_methods"]))
    if behavior.get("CachePolicyId"):
        for key in LEGACY_CACHE_KEYS:  # AWS refuses them next to a cache policy
            behavior.pop(key, None)
    return behavior


def _viewer_certificate(have: Obj, want: Obj) -> Obj:
    custom = bool(have.get("ACMCertificateArn") or have.get("IAMCertificateId"))
    # Certificate/CertificateSource are deprecated read-only echoes of the other members: never sent back.
    certificate = {k: v for k, v in have.items() if k not in ("Certificate", "CertificateSource")}
    if want.get("acm_certificate_arn"):
        kept = {k: certificate[k] for k in NEW_CERTIFICATE_DEFAULTS if custom and certificate.get(k)}
        certificate = dict(NEW_CERTIFICATE_DEFAULTS, **kept)
        certificate.update(ACMCertificateArn=want["acm_certificate_arn"], CloudFrontDefaultCertificate=False)
    elif want.get("cloudfront_default_certificate"):
        certificate = {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": DEFAULT_CERTIFICATE_PROTOCOL}
    if want.get("ssl_support_method"):
        certificate["SSLSupportMethod"] = want["ssl_support_method"]
    if want.get("minimum_protocol_version"):
        certificate["MinimumProtocolVersion"] = want["minimum_protocol_version"]
    return certificate


def _logging(have: Obj, want: Obj) -> Obj:
    logging = dict(NEW_CONFIG["Logging"], **have)
    _overlay(logging, want, LOGGING)
    if not logging["Enabled"]:  # AWS clears the other settings of a disabled log
        logging.update(Bucket="", Prefix="", IncludeCookies=False)
    return logging


def build_config(current: Optional[Obj], desired: Obj) -> Obj:
    """The DistributionConfig to send: ``current`` (or CloudFront's defaults) with the set values of ``desired``."""
    config = (
        copy.deepcopy(current)
        if current
        else dict(copy.deepcopy(NEW_CONFIG), CallerReference=desired["caller_reference"])
    )
    _overlay(config, desired, TOP)
    if desired.get("aliases") is not None:
        config["Aliases"] = _quantity(list(desired["aliases"]))
    if desired.get("origins") is not None:
        have = {o["Id"]: o for o in _items(config.get("Origins"))}
        config["Origins"] = {
            "Quantity": len(desired["origins"]),
            "Items": [_origin(have.get(o["id"]), o) for o in desired["origins"]],
        }
    if desired.get("default_cache_behavior") is not None:
        config["DefaultCacheBehavior"] = _behavior(
            config.get("DefaultCacheBehavior"), desired["default_cache_behavior"]
        )
    elif config.get("DefaultCacheBehavior", {}).get("CachePolicyId"):
        config["DefaultCacheBehavior"] = _behavior(config["DefaultCacheBehavior"], {})
    if desired.get("cache_behaviors") is not None:
        have = {b["PathPattern"]: b for b in _items(config.get("CacheBehaviors"))}
        config["CacheBehaviors"] = _quantity(
            [_behavior(have.get(b["path_pattern"]), b) for b in desired["cache_behaviors"]]
        )
    elif _items(config.get("CacheBehaviors")):
        config["CacheBehaviors"] = _quantity([_behavior(b, {}) for b in _items(config["CacheBehaviors"])])
    if desired.get("viewer_certificate") is not None:
        config["ViewerCertificate"] = _viewer_certificate(
            config.get("ViewerCertificate") or {}, desired["viewer_certificate"]
        )
    if desired.get("logging") is not None:
        config["Logging"] = _logging(config.get("Logging") or {}, desired["logging"])
    return config


# ---------------------------------------------------------------------------------------------------- AWS's rules
# They read the flat shape. ``complete=False``: the options as given (None = unset, only what is set is checked,
# before any API call); ``complete=True``: the whole configuration about to be sent (``distribution_from_boto3`` of
# ``build_config``), where required values must be there too.


def _methods_errors(behavior: Obj, name: str) -> List[str]:
    errors = []
    allowed, cached = behavior.get("allowed_methods"), behavior.get("cached_methods")
    if allowed is not None and sorted(allowed) not in ALLOWED_METHOD_SETS:
        errors.append(f"{name}.allowed_methods must be one of {', '.join(map(str, ALLOWED_METHOD_SETS))}: {allowed}")
    if cached and sorted(cached) not in CACHED_METHOD_SETS:
        errors.append(f"{name}.cached_methods must be one of {', '.join(map(str, CACHED_METHOD_SETS))}: {cached}")
    if cached and allowed is not None and not set(cached) <= set(allowed):
        errors.append(f"{name}.cached_methods {cached} must be a subset of allowed_methods {allowed}")
    return errors


def _behavior_errors(
    behavior: Obj, name: str, origin_ids: Optional[List[str]], complete: bool, legacy: bool
) -> List[str]:
    errors = _methods_errors(behavior, name)
    if complete:
        errors += [
            f"{name}.{key} is required"
            for key in ("target_origin_id", "viewer_protocol_policy")
            if not behavior.get(key)
        ]
        if not behavior.get("cache_policy_id") and not legacy:
            errors.append(f"{name}.cache_policy_id is required (this module manages cache-policy behaviors)")
    target = behavior.get("target_origin_id")
    if target and origin_ids is not None and target not in origin_ids:
        errors.append(f"{name}.target_origin_id {target!r} is not one of the origins' ids ({', '.join(origin_ids)})")
    if behavior.get("origin_request_policy_id") and behavior.get("cache_policy_id") == "":
        errors.append(f"{name}.origin_request_policy_id needs a cache_policy_id on the same behavior")
    if complete and behavior.get("origin_request_policy_id") and not behavior.get("cache_policy_id"):
        errors.append(f"{name}.origin_request_policy_id needs a cache_policy_id on the same behavior")
    return errors


def _origin_errors(origin: Obj, name: str, complete: bool) -> List[str]:
    errors = []
    custom, s3 = origin.get("custom_origin_config"), origin.get("s3_origin_config")
    if custom is not None and s3 is not None:
        errors.append(f"{name}: custom_origin_config and s3_origin_config are mutually exclusive")
    elif complete and custom is None and s3 is None:
        errors.append(f"{name} needs custom_origin_config (e.g. a load balancer) or s3_origin_config (an S3 bucket)")
    if complete and custom is not None and not custom.get("origin_protocol_policy"):
        errors.append(f"{name}.custom_origin_config.origin_protocol_policy is required")
    if len(origin.get("custom_headers") or []) > MAX_CUSTOM_HEADERS:
        errors.append(
            f"{name}.custom_headers lists {len(origin['custom_headers'])}; at most {MAX_CUSTOM_HEADERS} per origin"
        )
    for key, low, high in (("connection_attempts", 1, 3), ("connection_timeout", 1, 10)):
        value = origin.get(key)
        if value is not None and not low <= value <= high:
            errors.append(f"{name}.{key} must be {low}-{high}: {value}")
    for key in ("origin_read_timeout", "origin_keepalive_timeout"):
        value = (custom or {}).get(key)
        if value is not None and not 1 <= value <= 180:
            errors.append(f"{name}.custom_origin_config.{key} must be 1-180 seconds: {value}")
    protocols = (custom or {}).get("origin_ssl_protocols")
    if protocols is not None and not protocols and custom.get("origin_protocol_policy") != "http-only":
        errors.append(f"{name}.custom_origin_config.origin_ssl_protocols must not be empty (HTTPS to the origin)")
    return errors


def _certificate_errors(certificate: Obj, complete: bool) -> List[str]:
    errors, arn = [], certificate.get("acm_certificate_arn")
    cert = parse_arn(arn, "acm", resource_type="certificate/", region="us-east-1", account=True)
    if arn and not (cert and CERTIFICATE_ID.fullmatch(cert["resource_id"])):
        errors.append(
            "viewer_certificate.acm_certificate_arn must be an ACM certificate in us-east-1 (CloudFront takes no "
            f"other region): {arn}"
        )
    if arn and certificate.get("cloudfront_default_certificate"):
        errors.append("viewer_certificate: cloudfront_default_certificate=true excludes acm_certificate_arn")
    default = certificate.get("cloudfront_default_certificate") and (complete or not arn)
    version = certificate.get("minimum_protocol_version")
    if default and version and version != DEFAULT_CERTIFICATE_PROTOCOL:
        errors.append(
            f"viewer_certificate.minimum_protocol_version must be {DEFAULT_CERTIFICATE_PROTOCOL} with the CloudFront "
            "default certificate (set acm_certificate_arn to choose one)"
        )
    if default and not complete and certificate.get("ssl_support_method"):
        errors.append("viewer_certificate.ssl_support_method is only used with acm_certificate_arn")
    return errors


def distribution_errors(d: Obj, complete: bool = False, legacy_behaviors: Optional[List[str]] = None) -> List[str]:
    """AWS's rules on a flat distribution; each error names the option and the rule. ``legacy_behaviors``: path
    patterns (``default`` for the default one) of behaviors AWS holds with ForwardedValues instead of a policy."""
    errors, legacy = [], legacy_behaviors or []
    if d.get("comment") is not None and len(d["comment"]) > MAX_COMMENT:
        errors.append(f"comment must be at most {MAX_COMMENT} characters")
    if (d.get("default_root_object") or "").startswith("/"):
        errors.append("default_root_object must not start with '/' (e.g. index.html)")
    web_acl_id = d.get("web_acl_id") or ""
    acl = web_acl(web_acl_id)
    if web_acl_id.startswith("arn:") and not (acl and acl["scope"] == "global" and acl["region"] == "us-east-1"):
        errors.append(
            "web_acl_id must be a WAFv2 web ACL of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/"
            f"<name>/<id>): {web_acl_id}"
        )
    aliases = d.get("aliases")
    if aliases is not None and len(aliases) > MAX_ALIASES:
        errors.append(f"aliases lists {len(aliases)}; a distribution has at most {MAX_ALIASES}")
    origins = d.get("origins")
    ids = None if origins is None else [o["id"] for o in origins]
    if origins is not None:
        if complete and not origins:
            errors.append("origins must list at least one origin")
        if len(origins) > MAX_ORIGINS:
            errors.append(f"origins lists {len(origins)}; a distribution has at most {MAX_ORIGINS}")
        if len(set(ids)) != len(ids):
            errors.append(f"origins' ids must be unique: {ids}")
        for origin in origins:
            errors += _origin_errors(origin, f"origins[{origin['id']}]", complete)
    if d.get("default_cache_behavior") is not None:
        errors += _behavior_errors(
            d["default_cache_behavior"], "default_cache_behavior", ids, complete, "default" in legacy
        )
    elif complete:
        errors.append("default_cache_behavior is required")
    behaviors = d.get("cache_behaviors")
    if behaviors is not None:
        patterns = [b.get("path_pattern") for b in behaviors]
        if len(behaviors) > MAX_CACHE_BEHAVIORS:
            errors.append(f"cache_behaviors lists {len(behaviors)}; a distribution has at most {MAX_CACHE_BEHAVIORS}")
        if len(set(patterns)) != len(patterns):
            errors.append(f"cache_behaviors' path_pattern must be unique: {patterns}")
        for behavior in behaviors:
            pattern = behavior.get("path_pattern")
            errors += _behavior_errors(behavior, f"cache_behaviors[{pattern}]", ids, complete, pattern in legacy)
    certificate = d.get("viewer_certificate")
    if certificate is not None:
        errors += _certificate_errors(certificate, complete)
    if complete and aliases and (certificate or {}).get("cloudfront_default_certificate"):
        errors.append("aliases need a certificate that covers them: set viewer_certificate.acm_certificate_arn")
    logging = d.get("logging") or {}
    if logging.get("bucket") and not LOG_BUCKET.match(logging["bucket"]):
        errors.append(
            f"logging.bucket must be the bucket's domain name (<bucket>.s3.amazonaws.com): {logging['bucket']!r}"
        )
    if complete and logging.get("enabled") and not logging.get("bucket"):
        errors.append("logging.bucket is required when logging is enabled")
    return errors


def legacy_behaviors(config: Obj) -> List[str]:
    """Path patterns (``default``) of the behaviors of a DistributionConfig that use ForwardedValues/TTLs."""
    behaviors = [("default", config.get("DefaultCacheBehavior") or {})]
    behaviors += [(b.get("PathPattern"), b) for b in _items(config.get("CacheBehaviors"))]
    return [name for name, b in behaviors if not b.get("CachePolicyId") and "ForwardedValues" in b]


# -------------------- cache policies (cloudfront_cache_policy)
# CloudFront cache policy API calls, one small function each, retried with ``aws_retry()`` and wrapped by
# ``CachePolicyErrorHandler``; plus the flat snake_cased shape the modules take and return::
#
#     {id, name, comment, min_ttl, default_ttl, max_ttl, header_behavior, headers, cookie_behavior, cookies,
#      query_string_behavior, query_strings, enable_accept_encoding_gzip, enable_accept_encoding_brotli, type}

# (behavior key, its items key, the CachePolicy*Config member, its behavior and items members)
SECTIONS = (
    ("header_behavior", "headers", "HeadersConfig", "HeaderBehavior", "Headers"),
    ("cookie_behavior", "cookies", "CookiesConfig", "CookieBehavior", "Cookies"),
    ("query_string_behavior", "query_strings", "QueryStringsConfig", "QueryStringBehavior", "QueryStrings"),
)
TTLS = (("min_ttl", "MinTTL"), ("default_ttl", "DefaultTTL"), ("max_ttl", "MaxTTL"))
FLAGS = (
    ("enable_accept_encoding_gzip", "EnableAcceptEncodingGzip"),
    ("enable_accept_encoding_brotli", "EnableAcceptEncodingBrotli"),
)
MAX_KEYS = 10  # CloudFront quota: headers / cookies / query strings in a cache key


class AnsibleCachePolicyError(AnsibleAWSError):
    pass


class CachePolicyErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleCachePolicyError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchCachePolicy")


@CachePolicyErrorHandler.common_error_handler("list cache policies")
@aws_retry()
def list_cache_policies(client, kind: Optional[str] = None) -> List[Dict[str, Any]]:
    """ListCachePolicies, every page (CloudFront pages with Marker/NextMarker and has no boto3 paginator)."""
    params, items = ({"Type": kind} if kind else {}), []
    while True:
        page = client.list_cache_policies(**params)["CachePolicyList"]
        items.extend(page.get("Items", []))
        if not page.get("NextMarker"):
            return items
        params["Marker"] = page["NextMarker"]


@CachePolicyErrorHandler.list_error_handler("get cache policy")
@aws_retry()
def get_cache_policy(client, policy_id: str) -> Optional[Dict[str, Any]]:
    """GetCachePolicy: {"CachePolicy": ..., "ETag": ...}; None when there is no such policy."""
    return client.get_cache_policy(Id=policy_id)


@CachePolicyErrorHandler.common_error_handler("create cache policy")
@aws_retry()
def create_cache_policy(client, config: Dict[str, Any]) -> Dict[str, Any]:
    return client.create_cache_policy(CachePolicyConfig=config)["CachePolicy"]


@CachePolicyErrorHandler.common_error_handler("update cache policy")
@aws_retry(catch_extra_error_codes=["PreconditionFailed"])
def update_cache_policy(client, policy_id: str, config: Dict[str, Any]) -> Dict[str, Any]:
    etag = client.get_cache_policy(Id=policy_id)["ETag"]  # re-read on each attempt: a retry needs the fresh ETag
    return client.update_cache_policy(Id=policy_id, IfMatch=etag, CachePolicyConfig=config)["CachePolicy"]


@CachePolicyErrorHandler.deletion_error_handler("delete cache policy")
@aws_retry(catch_extra_error_codes=["PreconditionFailed"])
def delete_cache_policy(client, policy_id: str) -> bool:
    etag = client.get_cache_policy(Id=policy_id)["ETag"]
    client.delete_cache_policy(Id=policy_id, IfMatch=etag)
    return True


def policy_from_boto3(policy: Dict[str, Any], kind: Optional[str] = None) -> Dict[str, Any]:
    """A boto3 CachePolicy -> the flat snake_cased shape."""
    config = policy["CachePolicyConfig"]
    params = config.get("ParametersInCacheKeyAndForwardedToOrigin") or {}
    result = {"id": policy["Id"], "name": config["Name"], "comment": config.get("Comment", "")}
    result.update({key: config.get(boto3_key) for key, boto3_key in TTLS})
    result.update({key: bool(params.get(boto3_key)) for key, boto3_key in FLAGS})
    for behavior, items, section, behavior_key, items_key in SECTIONS:
        part = params.get(section) or {}
        result[behavior] = part.get(behavior_key, "none")
        result[items] = sorted((part.get(items_key) or {}).get("Items") or [])
    if kind:
        result["type"] = kind
    if policy.get("LastModifiedTime"):
        result["last_modified_time"] = str(policy["LastModifiedTime"])
    return result


def policy_to_boto3(policy: Dict[str, Any]) -> Dict[str, Any]:
    """The flat shape (every key set) -> a CachePolicyConfig."""
    params = {boto3_key: bool(policy[key]) for key, boto3_key in FLAGS}
    for behavior, items, section, behavior_key, items_key in SECTIONS:
        part = {behavior_key: policy[behavior]}
        if policy[items]:
            part[items_key] = {"Quantity": len(policy[items]), "Items": list(policy[items])}
        params[section] = part
    config = {"Name": policy["name"], "Comment": policy.get("comment") or ""}
    config.update({boto3_key: policy[key] for key, boto3_key in TTLS if policy.get(key) is not None})
    config["ParametersInCacheKeyAndForwardedToOrigin"] = params
    return config


def policy_errors(policy: Dict[str, Any], prefix: str = "") -> List[str]:
    """AWS's rules for a (possibly partial) flat policy; each error names the option and the rule."""
    errors = []
    ttls = [(key, policy.get(key)) for key, _boto3 in TTLS if policy.get(key) is not None]
    errors += [f"{prefix}{key} must be 0 or more" for key, value in ttls if value < 0]
    for (low_key, low), (high_key, high) in zip(ttls, ttls[1:]):
        if low > high:
            errors.append(f"{prefix}{low_key} ({low}) must not exceed {high_key} ({high})")
    caching_disabled = policy.get("max_ttl") == 0
    for behavior, items, _section, _b, _i in SECTIONS:
        mode, values = policy.get(behavior), policy.get(items)
        if values is not None and len(values) > MAX_KEYS:
            errors.append(f"{prefix}{items} lists {len(values)}; a cache policy has at most {MAX_KEYS}")
        if mode in ("whitelist", "allExcept") and values is not None and not values:
            errors.append(f"{prefix}{behavior}={mode} requires {items}")
        if mode in ("none", "all") and values:
            errors.append(f"{prefix}{items} is only used with {behavior}=whitelist or allExcept, not {mode}")
        if caching_disabled and mode not in (None, "none"):
            errors.append(f"{prefix}{behavior} must be none when caching is disabled (max_ttl=0)")
    if caching_disabled and any(policy.get(key) for key, _boto3 in FLAGS):
        errors.append(f"{prefix}enable_accept_encoding_gzip/brotli must be false when caching is disabled (max_ttl=0)")
    return errors


def find_policy(client, name: str, kind: Optional[str] = "custom") -> Optional[Dict[str, Any]]:
    """The flat policy with this name (custom ones by default), or None."""
    for item in list_cache_policies(client, kind):
        if item["CachePolicy"]["CachePolicyConfig"]["Name"] == name:
            return policy_from_boto3(item["CachePolicy"], item.get("Type"))
    return None
