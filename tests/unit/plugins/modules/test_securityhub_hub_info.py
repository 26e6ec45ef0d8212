"""securityhub_hub_info through main() against a Stubber-validated Security Hub client."""

from ansible_collections.prodgrade.aws.plugins.modules import securityhub_hub_info

HUB_ARN = "arn:aws:securityhub:us-east-1:123456789012:hub/default"
AGG = "arn:aws:securityhub:us-east-1:123456789012:finding-aggregator/123e4567-e89b-12d3-a456-426652340000"


def test_enabled_member(aws_client, run_module):
    client, stub = aws_client("securityhub")
    stub.add_response("describe_hub", {"HubArn": HUB_ARN, "AutoEnableControls": True}, {})
    stub.add_response("list_tags_for_resource", {"Tags": {"Owner": "sec"}}, {"ResourceArn": HUB_ARN})
    stub.add_response("list_finding_aggregators", {"FindingAggregators": [{"FindingAggregatorArn": AGG}]}, {})
    stub.add_response(
        "get_administrator_account", {"Administrator": {"AccountId": "222222222222", "MemberStatus": "ENABLED"}}, {}
    )
    result = run_module(securityhub_hub_info.main, {}, client=client)
    assert result["enabled"] and result["hub"]["tags"] == {"Owner": "sec"}
    assert result["finding_aggregator_arns"] == [AGG] and result["administrator"]["account_id"] == "222222222222"


def test_disabled(aws_client, run_module):
    client, stub = aws_client("securityhub")
    stub.add_client_error("describe_hub", "InvalidAccessException", "not subscribed", 401)
    result = run_module(securityhub_hub_info.main, {}, client=client)
    assert not result["failed"] and result["enabled"] is False and result["hub"] == {}


def test_error(aws_client, run_module):
    client, stub = aws_client("securityhub")
    stub.add_client_error("describe_hub", "AccessDeniedException", "denied", 403)
    result = run_module(securityhub_hub_info.main, {}, client=client)
    assert result["failed"] and result["msg"].startswith("Failed to describe hub")
