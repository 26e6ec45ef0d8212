"""WAFv2 logging configurations: existing web ACL, destination naming, CLOUDFRONT listing (moto 5.2.5 gets them wrong)."""

import pytest

GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-edge"
VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "m"}


@pytest.fixture
def waf(client):
    return client("wafv2")


def acl(waf, scope):
    return waf.create_web_acl(
        Name=f"edge-{scope}", Scope=scope, DefaultAction={"Allow": {}}, VisibilityConfig=VISIBILITY
    )["Summary"]["ARN"]


def test_cloudfront_acl_logging_lifecycle(waf):
    arn = acl(waf, "CLOUDFRONT")
    saved = waf.put_logging_configuration(LoggingConfiguration={"ResourceArn": arn, "LogDestinationConfigs": [GROUP]})
    assert saved["LoggingConfiguration"]["LogType"] == "WAF_LOGS"
    assert waf.get_logging_configuration(ResourceArn=arn)["LoggingConfiguration"]["LogDestinationConfigs"] == [GROUP]
    assert [c["ResourceArn"] for c in waf.list_logging_configurations(Scope="CLOUDFRONT")["LoggingConfigurations"]] == [
        arn
    ]
    assert waf.list_logging_configurations(Scope="REGIONAL")["LoggingConfigurations"] == []
    waf.delete_logging_configuration(ResourceArn=arn)
    with pytest.raises(waf.exceptions.WAFNonexistentItemException):
        waf.get_logging_configuration(ResourceArn=arn)


def test_unknown_web_acl(waf):
    arn = acl(waf, "REGIONAL")
    with pytest.raises(waf.exceptions.WAFNonexistentItemException):
        waf.put_logging_configuration(LoggingConfiguration={"ResourceArn": arn + "x", "LogDestinationConfigs": [GROUP]})


@pytest.mark.parametrize("destinations", [[GROUP.replace("aws-waf-logs-edge", "waf")], [GROUP, GROUP]])
def test_destination_rules(waf, destinations):
    arn = acl(waf, "REGIONAL")
    with pytest.raises(waf.exceptions.WAFInvalidParameterException):
        waf.put_logging_configuration(LoggingConfiguration={"ResourceArn": arn, "LogDestinationConfigs": destinations})
