# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudFront cache policy API calls, one small function each, retried with ``aws_retry()`` and wrapped by
``CachePolicyErrorHandler``; plus the flat snake_cased shape the modules take and return::

    {id, name, comment, min_ttl, default_ttl, max_ttl, header_behavior, headers, cookie_behavior, cookies,
     query_string_behavior, query_strings, enable_accept_encoding_gzip, enable_accept_encoding_brotli, type}
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

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
