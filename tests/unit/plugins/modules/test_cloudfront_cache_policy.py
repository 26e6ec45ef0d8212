"""cloudfront_cache_policy and cloudfront_cache_policy_info driven through main() against a Stubber-validated client."""

import copy
import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import cloudfront_cache_policy
from ansible_collections.prodgrade.aws.plugins.modules import cloudfront_cache_policy_info

WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
ARGS = {
    "name": "static",
    "min_ttl": 86400,
    "default_ttl": 604800,
    "max_ttl": 31536000,
    "query_string_behavior": "whitelist",
    "query_strings": ["v"],
    "enable_accept_encoding_gzip": True,
    "enable_accept_encoding_brotli": True,
}
CONFIG = {
    "Name": "static",
    "Comment": "",
    "MinTTL": 86400,
    "DefaultTTL": 604800,
    "MaxTTL": 31536000,
    "ParametersInCacheKeyAndForwardedToOrigin": {
        "EnableAcceptEncodingGzip": True,
        "EnableAcceptEncodingBrotli": True,
        "HeadersConfig": {"HeaderBehavior": "none"},
        "CookiesConfig": {"CookieBehavior": "none"},
        "QueryStringsConfig": {"QueryStringBehavior": "whitelist", "QueryStrings": {"Quantity": 1, "Items": ["v"]}},
    },
}
MANAGED = {
    "Type": "managed",
    "CachePolicy": {
        "Id": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        "LastModifiedTime": WHEN,
        "CachePolicyConfig": {
            "Name": "Managed-CachingDisabled",
            "MinTTL": 0,
            "DefaultTTL": 0,
            "MaxTTL": 0,
            "ParametersInCacheKeyAndForwardedToOrigin": {
                "EnableAcceptEncodingGzip": False,
                "HeadersConfig": {"HeaderBehavior": "none"},
                "CookiesConfig": {"CookieBehavior": "none"},
                "QueryStringsConfig": {"QueryStringBehavior": "none"},
            },
        },
    },
}


def policy(config=None, policy_id="p-1"):
    return {"Id": policy_id, "LastModifiedTime": WHEN, "CachePolicyConfig": config or CONFIG}


def config(**changes):
    result = copy.deepcopy(CONFIG)
    result.update(changes)
    return result


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudfront")


@pytest.fixture
def stub(cf):
    return cf[1]


@pytest.fixture
def run(run_module, cf):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(cloudfront_cache_policy.main, merged, client=cf[0], **kw)

    return run_


def expect_list(stub, *policies, kind="custom"):
    items = [{"Type": "custom", "CachePolicy": p} for p in policies]
    answer = {"CachePolicyList": {"MaxItems": 100, "Quantity": len(items), "Items": items}}
    stub.add_response("list_cache_policies", answer, {"Type": kind} if kind else {})


def expect_etag(stub, etag="E1"):
    stub.add_response("get_cache_policy", {"CachePolicy": policy(), "ETag": etag}, {"Id": "p-1"})


def test_create(stub, run):
    expect_list(stub)
    stub.add_response("create_cache_policy", {"CachePolicy": policy(), "ETag": "E1"}, {"CachePolicyConfig": CONFIG})
    result = run(diff=True)
    assert result["changed"] and result["cache_policy"]["id"] == "p-1"
    assert result["cache_policy"]["query_strings"] == ["v"] and result["diff"]["before"] == {}


def test_rerun_is_a_noop(stub, run):
    expect_list(stub, policy(policy_id="p-0", config=config(Name="other")), policy())
    result = run()
    assert not result["changed"] and result["cache_policy"]["id"] == "p-1"


def test_unset_options_are_left_alone(stub, run):
    expect_list(stub, policy(config=config(Comment="kept")))
    result = run({"min_ttl": None, "query_strings": None, "query_string_behavior": None})
    assert not result["changed"]


def test_update_sends_the_whole_config_with_the_current_etag(stub, run):
    expect_list(stub, policy(config=config(Comment="kept", MaxTTL=40000000)))
    expect_etag(stub, "E7")
    wanted = config(Comment="kept")
    stub.add_response(
        "update_cache_policy",
        {"CachePolicy": policy(config=wanted), "ETag": "E8"},
        {"Id": "p-1", "IfMatch": "E7", "CachePolicyConfig": wanted},
    )
    result = run(diff=True)
    assert result["changed"] and result["diff"]["before"]["max_ttl"] == 40000000
    assert result["cache_policy"]["max_ttl"] == 31536000 and result["cache_policy"]["comment"] == "kept"


def test_update_that_would_break_aws_rules_fails_before_writing(stub, run):
    expect_list(stub, policy())  # gzip stays true: max_ttl=0 alone would be rejected by AWS
    result = run(
        {
            "max_ttl": 0,
            "default_ttl": 0,
            "min_ttl": 0,
            "enable_accept_encoding_gzip": None,
            "enable_accept_encoding_brotli": None,
            "query_strings": None,
            "query_string_behavior": None,
        }
    )
    assert (
        result["failed"]
        and "would be invalid" in result["msg"]
        and "query_string_behavior must be none" in result["msg"]
    )


def test_delete(stub, run):
    expect_list(stub, policy())
    expect_etag(stub)
    stub.add_response("delete_cache_policy", {}, {"Id": "p-1", "IfMatch": "E1"})
    result = run({"state": "absent"})
    assert result["changed"] and result["cache_policy"] == {}


def test_delete_in_use_reports_aws_error(stub, run):
    expect_list(stub, policy())
    expect_etag(stub)
    stub.add_client_error("delete_cache_policy", "CachePolicyInUse", "attached to a cache behavior", 409)
    result = run({"state": "absent"})
    assert result["failed"] and "attached to a cache behavior" in result["msg"]


def test_absent_is_a_noop(stub, run):
    expect_list(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    expect_list(stub)
    result = run(
        {
            "name": "nocache",
            "min_ttl": 0,
            "default_ttl": 0,
            "max_ttl": 0,
            "query_string_behavior": None,
            "query_strings": None,
            "enable_accept_encoding_gzip": None,
            "enable_accept_encoding_brotli": None,
        },
        check_mode=True,
    )
    assert result["changed"] and result["cache_policy"]["max_ttl"] == 0
    assert result["cache_policy"]["header_behavior"] == "none" and "id" not in result["cache_policy"]


def test_paging(stub, run):
    first = {
        "CachePolicyList": {
            "MaxItems": 1,
            "Quantity": 1,
            "Items": [{"Type": "custom", "CachePolicy": policy(config=config(Name="a"), policy_id="p-0")}],
            "NextMarker": "1",
        }
    }
    stub.add_response("list_cache_policies", first, {"Type": "custom"})
    second = {"CachePolicyList": {"MaxItems": 1, "Quantity": 1, "Items": [{"Type": "custom", "CachePolicy": policy()}]}}
    stub.add_response("list_cache_policies", second, {"Type": "custom", "Marker": "1"})
    assert not run()["changed"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"name": "static policy"}, "name must be 1-128"),
        ({"min_ttl": 10, "default_ttl": 5}, "min_ttl (10) must not exceed default_ttl (5)"),
        ({"query_strings": []}, "query_string_behavior=whitelist requires query_strings"),
        (
            {"cookie_behavior": "all", "cookies": ["a"]},
            "cookies is only used with cookie_behavior=whitelist or allExcept",
        ),
        ({"query_strings": [f"q{i}" for i in range(11)]}, "at most 10"),
        ({"max_ttl": 0, "default_ttl": 0, "min_ttl": 0}, "must be none when caching is disabled"),
        ({"comment": "x" * 129}, "comment must be at most 128"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    result = run_module(cloudfront_cache_policy.main, dict(ARGS, **args))
    assert result["failed"] and message in result["msg"]


def test_info_finds_a_managed_policy(stub, run_module, cf):
    answer = {"CachePolicyList": {"MaxItems": 100, "Quantity": 1, "Items": [MANAGED]}}
    stub.add_response("list_cache_policies", answer, {"Type": "managed"})
    result = run_module(
        cloudfront_cache_policy_info.main, {"name": "Managed-CachingDisabled", "type": "managed"}, client=cf[0]
    )
    assert result["cache_policies"][0]["id"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    assert result["cache_policies"][0]["type"] == "managed" and result["cache_policies"][0]["max_ttl"] == 0
