"""cloudfront_distribution driven through main() against a Stubber-validated client."""

import copy
import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import cloudfront_distribution

WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
ID = "E2QWRUHAPOMQZL"
ARN = f"arn:aws:cloudfront::123456789012:distribution/{ID}"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/ecia-prod/1111-2222"
DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3"
ARGS = {
    "caller_reference": "ecia-prod-edge",
    "comment": "ecia-prod",
    "aliases": ["www.example.com", "example.com"],
    "http_version": "http2and3",
    "ipv6_enabled": True,
    "web_acl_id": ACL,
    "origins": [
        {
            "id": "alb",
            "domain_name": "alb-1.ap-south-1.elb.amazonaws.com",
            "custom_origin_config": {"origin_protocol_policy": "https-only"},
        }
    ],
    "default_cache_behavior": {
        "target_origin_id": "alb",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
        "cache_policy_id": DISABLED,
        "origin_request_policy_id": ALL_VIEWER,
    },
    "cache_behaviors": [
        {
            "path_pattern": "/static/*",
            "target_origin_id": "alb",
            "viewer_protocol_policy": "redirect-to-https",
            "cache_policy_id": OPTIMIZED,
            "compress": True,
        }
    ],
    "viewer_certificate": {"acm_certificate_arn": CERT},
    "tags": {"Name": "ecia-prod-edge"},
}
GET_HEAD = {"Quantity": 2, "Items": ["HEAD", "GET"]}
NONE = {"Quantity": 0}
UNSIGNED = {"Enabled": False, "Quantity": 0}
# What the module sends to create ARGS: the options set, CloudFront's defaults for the rest.
CREATED = {
    "CallerReference": "ecia-prod-edge",
    "Comment": "ecia-prod",
    "Enabled": True,
    "Aliases": {"Quantity": 2, "Items": ["example.com", "www.example.com"]},
    "DefaultRootObject": "",
    "Origins": {
        "Quantity": 1,
        "Items": [
            {
                "Id": "alb",
                "DomainName": "alb-1.ap-south-1.elb.amazonaws.com",
                "OriginPath": "",
                "CustomHeaders": NONE,
                "CustomOriginConfig": {
                    "HTTPPort": 80,
                    "HTTPSPort": 443,
                    "OriginProtocolPolicy": "https-only",
                    "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
                    "OriginReadTimeout": 30,
                    "OriginKeepaliveTimeout": 5,
                },
                "ConnectionAttempts": 3,
                "ConnectionTimeout": 10,
                "OriginShield": {"Enabled": False},
                "OriginAccessControlId": "",
            }
        ],
    },
    "OriginGroups": NONE,
    "DefaultCacheBehavior": {
        "TargetOriginId": "alb",
        "TrustedSigners": UNSIGNED,
        "TrustedKeyGroups": UNSIGNED,
        "ViewerProtocolPolicy": "redirect-to-https",
        "AllowedMethods": {
            "Quantity": 7,
            "Items": ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
            "CachedMethods": GET_HEAD,
        },
        "SmoothStreaming": False,
        "Compress": False,
        "LambdaFunctionAssociations": NONE,
        "FunctionAssociations": NONE,
        "FieldLevelEncryptionId": "",
        "CachePolicyId": DISABLED,
        "OriginRequestPolicyId": ALL_VIEWER,
    },
    "CacheBehaviors": {
        "Quantity": 1,
        "Items": [
            {
                "PathPattern": "/static/*",
                "TargetOriginId": "alb",
                "TrustedSigners": UNSIGNED,
                "TrustedKeyGroups": UNSIGNED,
                "ViewerProtocolPolicy": "redirect-to-https",
                "AllowedMethods": dict(GET_HEAD, CachedMethods=GET_HEAD),
                "SmoothStreaming": False,
                "Compress": True,
                "LambdaFunctionAssociations": NONE,
                "FunctionAssociations": NONE,
                "FieldLevelEncryptionId": "",
                "CachePolicyId": OPTIMIZED,
            }
        ],
    },
    "CustomErrorResponses": NONE,
    "Logging": {"Enabled": False, "IncludeCookies": False, "Bucket": "", "Prefix": ""},
    "PriceClass": "PriceClass_All",
    "ViewerCertificate": {
        "SSLSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
        "ACMCertificateArn": CERT,
        "CloudFrontDefaultCertificate": False,
    },
    "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
    "WebACLId": ACL,
    "HttpVersion": "http2and3",
    "IsIPV6Enabled": True,
}


def aws_config(**changes):
    """CREATED as AWS reads it back: with members AWS adds that the module never sent (and a different order)."""
    config = copy.deepcopy(CREATED)
    config["Origins"]["Items"][0]["CustomOriginConfig"]["IpAddressType"] = "ipv4"
    config["Origins"]["Items"][0]["CustomHeaders"] = {"Quantity": 0, "Items": []}
    config["DefaultCacheBehavior"]["GrpcConfig"] = {"Enabled": False}
    config["DefaultCacheBehavior"]["AllowedMethods"]["Items"].reverse()
    config["DefaultCacheBehavior"]["RealtimeLogConfigArn"] = ""
    config["ViewerCertificate"].update(Certificate=CERT, CertificateSource="acm")
    config["Aliases"]["Items"].reverse()
    config.update(Staging=False, ContinuousDeploymentPolicyId="")
    config.update(changes)
    return config


def distribution(config=None, status="Deployed"):
    return {
        "Id": ID,
        "ARN": ARN,
        "Status": status,
        "LastModifiedTime": WHEN,
        "InProgressInvalidationBatches": 0,
        "DomainName": "d111111abcdef8.cloudfront.net",
        "DistributionConfig": config or aws_config(),
    }


def summary():
    config = aws_config()
    keys = ("Aliases", "Origins", "DefaultCacheBehavior", "CacheBehaviors", "CustomErrorResponses", "Comment")
    keys += ("PriceClass", "Enabled", "ViewerCertificate", "Restrictions", "WebACLId", "HttpVersion", "IsIPV6Enabled")
    result = {key: config[key] for key in keys}
    result.update(
        Id=ID, ARN=ARN, Status="Deployed", LastModifiedTime=WHEN, DomainName="d1.cloudfront.net", Staging=False
    )
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
        return run_module(cloudfront_distribution.main, merged, client=cf[0], **kw)

    return run_


def expect_list(stub, *items):
    answer = {"Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": len(items)}
    if items:
        answer["Items"] = list(items)
    stub.add_response("list_distributions", {"DistributionList": answer}, {})


def expect_get(stub, config=None, etag="E1", status="Deployed"):
    stub.add_response("get_distribution", {"Distribution": distribution(config, status), "ETag": etag}, {"Id": ID})


def expect_tags(stub, tags=None):
    items = [{"Key": k, "Value": v} for k, v in (tags if tags is not None else ARGS["tags"]).items()]
    stub.add_response("list_tags_for_resource", {"Tags": {"Items": items}}, {"Resource": ARN})


def expect_found(stub, config=None, tags=None):
    expect_list(stub, summary())
    expect_get(stub, config)
    expect_tags(stub, tags)


def expect_update(stub, sent, current=None, etag="E1"):
    stub.add_response(
        "get_distribution_config", {"DistributionConfig": current or aws_config(), "ETag": etag}, {"Id": ID}
    )
    stub.add_response(
        "update_distribution",
        {"Distribution": distribution(sent, "InProgress"), "ETag": "E2"},
        {"Id": ID, "IfMatch": etag, "DistributionConfig": sent},
    )


def test_create_sends_the_options_over_cloudfront_defaults(stub, run):
    expect_list(stub)
    tags = {"Items": [{"Key": "Name", "Value": "ecia-prod-edge"}]}
    stub.add_response(
        "create_distribution_with_tags",
        {"Distribution": distribution(CREATED, "InProgress"), "ETag": "E1"},
        {"DistributionConfigWithTags": {"DistributionConfig": CREATED, "Tags": tags}},
    )
    expect_get(stub, status="InProgress")
    expect_tags(stub)
    result = run(diff=True)
    assert result["changed"] and result["diff"]["before"] == {}
    got = result["distribution"]
    assert got["id"] == ID and got["domain_name"] == "d111111abcdef8.cloudfront.net" and got["etag"] == "E1"
    assert got["aliases"] == ["example.com", "www.example.com"] and got["tags"] == {"Name": "ecia-prod-edge"}
    assert got["viewer_certificate"]["cloudfront_default_certificate"] is False


def test_aws_extra_defaults_are_no_change(stub, run):
    expect_found(stub)  # aws_config(): members AWS added, other order of lists
    result = run()
    assert not result["changed"] and result["distribution"]["id"] == ID


def test_unset_options_are_left_alone(stub, run):
    expect_found(stub, aws_config(Comment="edited in the console", PriceClass="PriceClass_200"))
    result = run({"comment": None, "cache_behaviors": None, "viewer_certificate": None, "tags": None})
    assert not result["changed"] and result["distribution"]["comment"] == "edited in the console"


def test_unset_sub_options_of_an_origin_are_left_alone(stub, run):
    current = aws_config()
    current["Origins"]["Items"][0]["CustomOriginConfig"]["OriginReadTimeout"] = 60
    expect_found(stub, current)
    assert not run()["changed"]


def test_update_of_one_key_overlays_it_on_the_current_config(stub, run):
    expect_found(stub)
    current = aws_config()
    # what AWS holds now, with the one change: members AWS added are sent back as they were
    sent = dict(copy.deepcopy(current), Comment="new comment")
    expect_update(stub, sent, current, etag="E7")
    expect_get(stub, sent, etag="E2", status="InProgress")
    expect_tags(stub)
    result = run({"comment": "new comment"}, diff=True)
    assert result["changed"]
    assert result["diff"]["before"]["comment"] == "ecia-prod" and result["diff"]["after"]["comment"] == "new comment"
    assert result["distribution"]["etag"] == "E2" and result["distribution"]["status"] == "InProgress"


def test_update_drops_legacy_cache_settings_from_a_behavior_given_a_cache_policy(stub, run):
    legacy = aws_config()
    behavior = legacy["CacheBehaviors"]["Items"][0]
    del behavior["CachePolicyId"]
    behavior.update(ForwardedValues={"QueryString": False, "Cookies": {"Forward": "none"}}, MinTTL=0, MaxTTL=60)
    behavior["DefaultTTL"] = 30
    expect_found(stub, legacy)
    sent = copy.deepcopy(legacy)
    sent["CacheBehaviors"]["Items"][0] = dict(CREATED["CacheBehaviors"]["Items"][0])
    expect_update(stub, sent, legacy)
    expect_get(stub, sent)
    expect_tags(stub)
    result = run()
    assert result["changed"] and result["distribution"]["cache_behaviors"][0]["cache_policy_id"] == OPTIMIZED


def test_tags_only_change_tags(stub, run):
    expect_found(stub, tags={"Name": "ecia-prod-edge", "old": "x"})
    stub.add_response("untag_resource", {}, {"Resource": ARN, "TagKeys": {"Items": ["old"]}})
    expect_get(stub)
    expect_tags(stub)
    result = run()
    assert result["changed"] and result["diff"]["before"]["tags"] == {"Name": "ecia-prod-edge", "old": "x"}


def test_check_mode_predicts_without_writing(stub, run):
    expect_found(stub)
    result = run({"comment": "planned", "origins": [dict(ARGS["origins"][0], connection_attempts=2)]}, check_mode=True)
    got = result["distribution"]
    assert result["changed"] and got["comment"] == "planned" and got["origins"][0]["connection_attempts"] == 2
    assert got["id"] == ID and got["origins"][0]["custom_origin_config"]["origin_read_timeout"] == 30


def test_check_mode_create_predicts_the_new_distribution(stub, run):
    expect_list(stub)
    result = run(check_mode=True)
    got = result["distribution"]
    assert result["changed"] and "id" not in got and got["http_version"] == "http2and3"
    assert got["default_cache_behavior"]["cached_methods"] == ["GET", "HEAD"] and got["price_class"] == "PriceClass_All"


def test_delete_disables_then_deletes_with_the_etag(stub, run):
    expect_found(stub)
    current = aws_config()
    sent = dict(copy.deepcopy(current), Enabled=False)
    expect_update(stub, sent, current)
    stub.add_response("get_distribution", {"Distribution": distribution(sent, "InProgress"), "ETag": "E2"}, {"Id": ID})
    stub.add_response("get_distribution", {"Distribution": distribution(sent), "ETag": "E2"}, {"Id": ID})  # waiter
    expect_get(stub, sent, etag="E2")
    stub.add_response("get_distribution_config", {"DistributionConfig": sent, "ETag": "E2"}, {"Id": ID})
    stub.add_response("delete_distribution", {}, {"Id": ID, "IfMatch": "E2"})
    result = run({"state": "absent", "wait": True}, diff=True)
    assert result["changed"] and result["distribution"] == {} and result["diff"]["after"] == {}


def test_delete_without_wait_leaves_a_deploying_distribution_disabled(stub, run):
    expect_found(stub, aws_config(Enabled=False))
    expect_get(stub, aws_config(Enabled=False), status="InProgress")
    result = run({"state": "absent"})
    assert result["changed"] and "still deploying" in result["warnings"][0]


def test_absent_is_a_noop(stub, run):
    expect_list(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_delete_makes_no_write_call(stub, run):
    expect_found(stub)
    result = run({"state": "absent"}, check_mode=True)
    assert result["changed"] and result["distribution"] == {}


def test_distribution_id_with_another_caller_reference_fails(stub, run):
    expect_get(stub)
    expect_tags(stub)
    result = run({"distribution_id": ID, "caller_reference": "other"})
    assert result["failed"] and "caller_reference 'ecia-prod-edge', not 'other'" in result["msg"]


def test_update_that_would_break_aws_rules_fails_before_writing(stub, run):
    expect_found(stub)
    result = run(
        {"origins": [dict(ARGS["origins"][0], id="alb2")], "default_cache_behavior": None, "cache_behaviors": None}
    )
    assert result["failed"] and "would be invalid" in result["msg"]
    assert "default_cache_behavior.target_origin_id 'alb' is not one of the origins' ids (alb2)" in result["msg"]


BEHAVIOR = ARGS["cache_behaviors"][0]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"caller_reference": None}, "caller_reference or distribution_id is required"),
        (
            {"viewer_certificate": {"acm_certificate_arn": CERT.replace("us-east-1", "ap-south-1")}},
            "must be an ACM certificate in us-east-1",
        ),
        ({"cache_behaviors": [dict(BEHAVIOR, path_pattern=f"/p{i}/*") for i in range(26)]}, "at most 25"),
        ({"origins": [dict(ARGS["origins"][0], id=f"o{i}") for i in range(26)]}, "origins lists 26"),
        ({"cache_behaviors": [dict(BEHAVIOR, target_origin_id="s3")]}, "cache_behaviors[/static/*].target_origin_id"),
        ({"cache_behaviors": [dict(BEHAVIOR, allowed_methods=["GET", "POST"])]}, "allowed_methods must be one of"),
        (
            {
                "cache_behaviors": [
                    dict(BEHAVIOR, allowed_methods=["GET", "HEAD"], cached_methods=["GET", "HEAD", "OPTIONS"])
                ]
            },
            "must be a subset of allowed_methods",
        ),
        ({"web_acl_id": "arn:aws:wafv2:ap-south-1:123456789012:regional/webacl/a/b"}, "scope CLOUDFRONT"),
        ({"web_acl_id": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/b"}, "scope CLOUDFRONT"),
        ({"web_acl_id": "arn:aws:wafv2:ap-south-1:123456789012:global/webacl/a/b"}, "scope CLOUDFRONT"),
        ({"web_acl_id": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/a"}, "scope CLOUDFRONT"),
        (
            {"viewer_certificate": {"acm_certificate_arn": CERT.replace(":acm:", ":iam:")}},
            "must be an ACM certificate in us-east-1",
        ),
        ({"origins": [dict(ARGS["origins"][0], s3_origin_config={})]}, "mutually exclusive"),
        ({"default_root_object": "/index.html"}, "must not start with '/'"),
        ({"logging": {"bucket": "my-logs"}}, "logging.bucket must be the bucket's domain name"),
        ({"origins": [dict(ARGS["origins"][0], connection_attempts=5)]}, "connection_attempts must be 1-3"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    merged = {k: v for k, v in dict(ARGS, **args).items() if v is not None}
    result = run_module(cloudfront_distribution.main, merged)
    assert result["failed"] and message in result["msg"]


def test_create_needs_a_cache_policy_on_each_behavior(stub, run):
    expect_list(stub)
    result = run({"default_cache_behavior": dict(ARGS["default_cache_behavior"], cache_policy_id=None)})
    assert result["failed"] and "default_cache_behavior.cache_policy_id is required" in result["msg"]


@pytest.mark.parametrize(
    "args, option",
    [
        ({"viewer_certificate": {"cloudfront_default_certificate": False}, "aliases": []}, "viewer_certificate"),
        ({"logging": {"enabled": False, "bucket": "logs.s3.amazonaws.com"}}, "logging"),
    ],
)
def test_conflicting_options_fail_instead_of_never_converging(stub, run, args, option):
    default_certificate = {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1"}
    expect_found(stub, aws_config(Aliases={"Quantity": 0}, ViewerCertificate=default_certificate))
    result = run(args)
    assert result["failed"] and result["msg"].startswith(f"Conflicting settings in {option}:")
