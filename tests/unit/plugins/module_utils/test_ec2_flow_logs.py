"""Flow log API helpers against botocore's Stubber (every request validated against the EC2 model)."""

import pytest

from ansible_collections.amazon.aws.plugins.module_utils.ec2 import AnsibleEC2Error
from ansible_collections.prodgrade.aws.plugins.module_utils import ec2 as fl

FLOW_LOG = {
    "FlowLogId": "fl-1",
    "ResourceId": "vpc-1",
    "TrafficType": "ALL",
    "LogDestinationType": "cloud-watch-logs",
    "LogGroupName": "/flow",
    "LogDestination": "arn:aws:logs:us-east-1:123456789012:log-group:/flow:*",
    "MaxAggregationInterval": 600,
    "Tags": [{"Key": "Name", "Value": "n"}],
}


@pytest.fixture
def ec2(aws_client):
    return aws_client("ec2")


def test_describe_paginates_and_retries_a_conflict(ec2, sleeps):
    client, stub = ec2
    stub.add_client_error("describe_flow_logs", "ConcurrentModificationException", "try again", expected_params={})
    stub.add_response("describe_flow_logs", {"FlowLogs": [FLOW_LOG], "NextToken": "t"}, {})
    stub.add_response("describe_flow_logs", {"FlowLogs": [dict(FLOW_LOG, FlowLogId="fl-2")]}, {"NextToken": "t"})
    assert [f["FlowLogId"] for f in fl.describe_flow_logs(client)] == ["fl-1", "fl-2"]
    assert len(sleeps) == 1


def test_describe_not_found_is_empty(ec2):
    client, stub = ec2
    stub.add_client_error("describe_flow_logs", "InvalidFlowLogId.NotFound", expected_params={"FlowLogIds": ["fl-x"]})
    assert fl.get_flow_log(client, "fl-x") is None


def test_describe_errors_raise_ansible_ec2_error(ec2):
    client, stub = ec2
    stub.add_client_error("describe_flow_logs", "UnauthorizedOperation", "no")
    with pytest.raises(AnsibleEC2Error, match="Failed to describe flow logs"):
        fl.describe_flow_logs(client)


def test_create_returns_ids_and_raises_on_unsuccessful(ec2):
    client, stub = ec2
    params = {"ResourceIds": ["vpc-1"], "ResourceType": "VPC", "TrafficType": "ALL", "LogGroupName": "/flow"}
    stub.add_response("create_flow_logs", {"FlowLogIds": ["fl-1"], "Unsuccessful": []}, params)
    assert fl.create_flow_logs(client, **params) == ["fl-1"]
    unsuccessful = [{"ResourceId": "vpc-1", "Error": {"Code": "FlowLogAlreadyExists", "Message": "exists"}}]
    stub.add_response("create_flow_logs", {"FlowLogIds": [], "Unsuccessful": unsuccessful}, params)
    with pytest.raises(AnsibleEC2Error, match="vpc-1: FlowLogAlreadyExists exists"):
        fl.create_flow_logs(client, **params)


def test_delete_ignores_already_gone(ec2):
    client, stub = ec2
    gone = [{"ResourceId": "fl-1", "Error": {"Code": "InvalidFlowLogId.NotFound", "Message": "gone"}}]
    stub.add_response("delete_flow_logs", {"Unsuccessful": gone}, {"FlowLogIds": ["fl-1"]})
    assert fl.delete_flow_logs(client, ["fl-1"]) is True
    stub.add_response("delete_flow_logs", {"Unsuccessful": [dict(gone[0], Error={"Code": "X", "Message": "m"})]})
    with pytest.raises(AnsibleEC2Error, match="Failed to delete flow log"):
        fl.delete_flow_logs(client, ["fl-1"])


def test_ensure_tags(ec2):
    client, stub = ec2
    assert fl.ensure_ec2_tags(client, "fl-1", {"a": "1"}, None, True) is False
    assert fl.ensure_ec2_tags(client, "fl-1", {"a": "1", "aws:x": "y"}, {"a": "1"}, True) is False
    stub.add_response("delete_tags", {}, {"Resources": ["fl-1"], "Tags": [{"Key": "old"}]})
    stub.add_response("create_tags", {}, {"Resources": ["fl-1"], "Tags": [{"Key": "a", "Value": "2"}]})
    assert fl.ensure_ec2_tags(client, "fl-1", {"a": "1", "old": "o"}, {"a": "2"}, True) is True
    assert fl.ensure_ec2_tags(client, "fl-1", {"a": "2", "old": "o"}, {"a": "2"}, False) is False


def test_find_matches_identity_and_normalizes(ec2):
    client, stub = ec2
    filters = [{"Name": "resource-id", "Values": ["vpc-1"]}, {"Name": "traffic-type", "Values": ["ALL"]}]
    other = dict(FLOW_LOG, FlowLogId="fl-0", LogGroupName="/other", LogDestination="arn:aws:logs:x:1:log-group:/o")
    for dummy in range(2):
        stub.add_response("describe_flow_logs", {"FlowLogs": [other, FLOW_LOG]}, {"Filters": filters})
    found = fl.find_flow_log(client, "vpc-1", "ALL", log_destination_type="cloud-watch-logs", log_group_name="/flow")
    assert found["flow_log_id"] == "fl-1" and found["tags"] == {"Name": "n"}
    assert found["max_aggregation_interval"] == 600
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/flow"  # without ":*"
    assert fl.find_flow_log(client, "vpc-1", "ALL", log_destination=arn)["flow_log_id"] == "fl-1"


def test_normalize_none():
    assert fl.normalize_flow_log(None) == {}
