"""wafv2_logging_configuration driven through main() against a Stubber-validated WAFv2 client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import wafv2_logging_configuration

ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1111"
GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-edge"
ARGS = {
    "web_acl_arn": ACL,
    "log_destination_configs": [GROUP],
    "redacted_fields": [{"single_header": {"name": "authorization"}}],
}
CONFIG = {
    "ResourceArn": ACL,
    "LogDestinationConfigs": [GROUP + ":*"],  # AWS may answer the log group ARN with the ":*" suffix
    "RedactedFields": [{"SingleHeader": {"Name": "authorization"}}],
    "ManagedByFirewallManager": False,
    "LogType": "WAF_LOGS",
    "LogScope": "CUSTOMER",
}
PUT = {
    "LoggingConfiguration": {
        "ResourceArn": ACL,
        "LogDestinationConfigs": [GROUP],
        "RedactedFields": [{"SingleHeader": {"Name": "authorization"}}],
    }
}


@pytest.fixture
def waf(aws_client):
    return aws_client("wafv2")


@pytest.fixture
def stub(waf):
    return waf[1]


@pytest.fixture
def run(run_module, waf):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(wafv2_logging_configuration.main, merged, client=waf[0], **kw)

    return run_


def expect_get(stub, config=None):
    if config is None:
        stub.add_client_error(
            "get_logging_configuration", "WAFNonexistentItemException", "none", 400, {"ResourceArn": ACL}
        )
    else:
        stub.add_response("get_logging_configuration", {"LoggingConfiguration": config}, {"ResourceArn": ACL})


def test_create(stub, run):
    expect_get(stub)
    stub.add_response("put_logging_configuration", {"LoggingConfiguration": CONFIG}, PUT)
    expect_get(stub, CONFIG)
    result = run(diff=True)
    assert result["changed"] and result["logging_configuration"]["redacted_fields"] == [
        {"single_header": {"name": "authorization"}}
    ]
    assert result["diff"]["before"] == {}


def test_rerun_is_a_noop(stub, run):
    expect_get(stub, CONFIG)
    assert not run()["changed"]


def test_unset_redacted_fields_are_left_alone_on_update(stub, run):
    expect_get(stub, dict(CONFIG, LogDestinationConfigs=[GROUP.replace("edge", "old")]))
    stub.add_response("put_logging_configuration", {"LoggingConfiguration": CONFIG}, PUT)  # redaction kept
    expect_get(stub, CONFIG)
    result = run({"redacted_fields": None}, diff=True)
    assert result["changed"] and result["diff"]["before"]["log_destination_configs"][0].endswith("aws-waf-logs-old")


def test_logging_filter(stub, run):
    expect_get(stub, CONFIG)
    flt = {
        "default_behavior": "DROP",
        "filters": [
            {"behavior": "KEEP", "requirement": "MEETS_ANY", "conditions": [{"action_condition": {"action": "BLOCK"}}]}
        ],
    }
    boto_filter = {
        "DefaultBehavior": "DROP",
        "Filters": [
            {"Behavior": "KEEP", "Requirement": "MEETS_ANY", "Conditions": [{"ActionCondition": {"Action": "BLOCK"}}]}
        ],
    }
    put = {"LoggingConfiguration": dict(PUT["LoggingConfiguration"], LoggingFilter=boto_filter)}
    stub.add_response("put_logging_configuration", {"LoggingConfiguration": CONFIG}, put)
    expect_get(stub, dict(CONFIG, LoggingFilter=boto_filter))
    result = run({"logging_filter": flt})
    assert result["changed"] and result["logging_configuration"]["logging_filter"] == flt


def test_delete(stub, run):
    expect_get(stub, CONFIG)
    stub.add_response("delete_logging_configuration", {}, {"ResourceArn": ACL})
    result = run({"state": "absent", "log_destination_configs": None})
    assert result["changed"] and result["logging_configuration"] == {}


def test_delete_when_not_logging_is_a_noop(stub, run):
    expect_get(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    expect_get(stub)
    result = run(check_mode=True)
    assert result["changed"] and result["logging_configuration"]["log_destination_configs"] == [GROUP]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"web_acl_arn": "edge"}, "web_acl_arn must be a WAFv2 web ACL ARN"),
        ({"web_acl_arn": "arn:aws:wafv2:us-east-1:123456789012:global/ipset/a/b"}, "must be a WAFv2 web ACL ARN"),
        ({"web_acl_arn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/a"}, "must be a WAFv2 web ACL ARN"),
        ({"web_acl_arn": "arn:aws:waf:us-east-1:123456789012:global/webacl/a/b"}, "must be a WAFv2 web ACL ARN"),
        ({"log_destination_configs": None}, "log_destination_configs is required"),
        ({"log_destination_configs": [GROUP, GROUP]}, "exactly one destination"),
        ({"log_destination_configs": [GROUP.replace("aws-waf-logs-edge", "/aws/waf/edge")]}, "named aws-waf-logs-*"),
        ({"log_destination_configs": [GROUP.replace("us-east-1", "ap-south-1")]}, "logs to us-east-1"),
        (
            {"log_destination_configs": ["arn:aws:sqs:us-east-1:123456789012:aws-waf-logs-q"]},
            "must be a CloudWatch Logs",
        ),
        (
            {"log_destination_configs": ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-a:b"]},
            "must be a CloudWatch Logs",
        ),
        (
            {
                "web_acl_arn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/1234",
                "log_destination_configs": ["arn:aws:firehose:us-east-1:123456789012:deliverystream/aws-waf-logs-s"],
            },
            "the destination must be in the web ACL's region eu-west-1",
        ),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    merged = {k: v for k, v in dict(ARGS, **args).items() if v is not None}
    result = run_module(wafv2_logging_configuration.main, merged)
    assert result["failed"] and message in result["msg"]
