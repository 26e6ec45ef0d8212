"""CloudFront cache policies over rest-xml (absent from moto 5.2.5): managed catalog, ETags, AWS's config checks."""

import copy

import pytest

DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CONFIG = {
    "Name": "static",
    "Comment": "assets",
    "MinTTL": 1,
    "DefaultTTL": 86400,
    "MaxTTL": 31536000,
    "ParametersInCacheKeyAndForwardedToOrigin": {
        "EnableAcceptEncodingGzip": True,
        "EnableAcceptEncodingBrotli": True,
        "HeadersConfig": {"HeaderBehavior": "whitelist", "Headers": {"Quantity": 2, "Items": ["a", "b"]}},
        "CookiesConfig": {"CookieBehavior": "none"},
        "QueryStringsConfig": {"QueryStringBehavior": "all"},
    },
}


def config(**changes):
    result = copy.deepcopy(CONFIG)
    result.update(changes)
    return result


@pytest.fixture
def cf(client):
    return client("cloudfront")


def test_managed_catalog(cf):
    managed = cf.list_cache_policies(Type="managed")["CachePolicyList"]
    names = {i["CachePolicy"]["CachePolicyConfig"]["Name"]: i["CachePolicy"]["Id"] for i in managed["Items"]}
    assert names["Managed-CachingDisabled"] == DISABLED
    assert cf.list_cache_policies(Type="custom")["CachePolicyList"]["Quantity"] == 0
    assert cf.get_cache_policy(Id=DISABLED)["CachePolicy"]["CachePolicyConfig"]["MaxTTL"] == 0
    with pytest.raises(cf.exceptions.IllegalDelete):
        cf.delete_cache_policy(Id=DISABLED, IfMatch="x")


def test_lifecycle_with_etags(cf):
    created = cf.create_cache_policy(CachePolicyConfig=CONFIG)
    policy_id, etag = created["CachePolicy"]["Id"], created["ETag"]
    assert created["Location"].endswith(policy_id)
    assert cf.get_cache_policy_config(Id=policy_id)["CachePolicyConfig"] == CONFIG
    with pytest.raises(cf.exceptions.CachePolicyAlreadyExists):
        cf.create_cache_policy(CachePolicyConfig=CONFIG)
    with pytest.raises(cf.exceptions.PreconditionFailed):
        cf.update_cache_policy(Id=policy_id, IfMatch="stale", CachePolicyConfig=config(Comment="x"))
    updated = cf.update_cache_policy(Id=policy_id, IfMatch=etag, CachePolicyConfig=config(Comment="x"))
    assert updated["ETag"] != etag and updated["CachePolicy"]["CachePolicyConfig"]["Comment"] == "x"
    custom = cf.list_cache_policies(Type="custom", MaxItems="1")["CachePolicyList"]
    assert [i["Type"] for i in custom["Items"]] == ["custom"] and "NextMarker" not in custom
    cf.delete_cache_policy(Id=policy_id, IfMatch=updated["ETag"])
    with pytest.raises(cf.exceptions.NoSuchCachePolicy):
        cf.get_cache_policy(Id=policy_id)


def test_default_ttls(cf):
    created = cf.create_cache_policy(
        CachePolicyConfig={k: v for k, v in CONFIG.items() if k not in ("DefaultTTL", "MaxTTL")}
    )
    saved = created["CachePolicy"]["CachePolicyConfig"]
    assert (saved["DefaultTTL"], saved["MaxTTL"]) == (86400, 31536000)


@pytest.mark.parametrize(
    "bad, code",
    [
        (config(MinTTL=10, DefaultTTL=5), "InvalidArgument"),
        (config(MinTTL=0, DefaultTTL=0, MaxTTL=0), "InvalidArgument"),
        (
            config(
                ParametersInCacheKeyAndForwardedToOrigin=dict(
                    CONFIG["ParametersInCacheKeyAndForwardedToOrigin"],
                    HeadersConfig={"HeaderBehavior": "whitelist", "Headers": {"Quantity": 3, "Items": ["a"]}},
                )
            ),
            "InconsistentQuantities",
        ),
        (
            config(
                ParametersInCacheKeyAndForwardedToOrigin=dict(
                    CONFIG["ParametersInCacheKeyAndForwardedToOrigin"],
                    HeadersConfig={
                        "HeaderBehavior": "whitelist",
                        "Headers": {"Quantity": 11, "Items": [f"h{i}" for i in range(11)]},
                    },
                )
            ),
            "TooManyHeadersInCachePolicy",
        ),
    ],
)
def test_config_checks(cf, bad, code):
    with pytest.raises(cf.exceptions.ClientError) as err:
        cf.create_cache_policy(CachePolicyConfig=bad)
    assert err.value.response["Error"]["Code"] == code


def test_policy_in_use_by_a_distribution(cf):
    policy_id = cf.create_cache_policy(CachePolicyConfig=CONFIG)["CachePolicy"]["Id"]
    origin = {
        "Id": "alb",
        "DomainName": "alb.example.com",
        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
    }
    cf.create_distribution(
        DistributionConfig={
            "CallerReference": "ref",
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {
                "TargetOriginId": "alb",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": policy_id,
            },
            "Comment": "",
            "Enabled": True,
        }
    )
    etag = cf.get_cache_policy(Id=policy_id)["ETag"]
    with pytest.raises(cf.exceptions.CachePolicyInUse):
        cf.delete_cache_policy(Id=policy_id, IfMatch=etag)
