"""ec2_vpc_flow_log driven through main() against a Stubber-validated EC2 client."""

import copy
import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import ec2_vpc_flow_log

ROLE = "arn:aws:iam::123456789012:role/flow-logs"
ROLE2 = "arn:aws:iam::123456789012:role/flow-logs-v2"
FILTERS = [{"Name": "resource-id", "Values": ["vpc-1"]}, {"Name": "traffic-type", "Values": ["ALL"]}]
ARGS = {"resource_id": "vpc-1", "log_group_name": "/flow", "deliver_logs_permission_arn": ROLE, "tags": {"Name": "n"}}
FLOW_LOG = {
    "FlowLogId": "fl-1",
    "ResourceId": "vpc-1",
    "TrafficType": "ALL",
    "LogDestinationType": "cloud-watch-logs",
    "LogGroupName": "/flow",
    "LogDestination": "arn:aws:logs:us-east-1:123456789012:log-group:/flow",
    "DeliverLogsPermissionArn": ROLE,
    "DeliverLogsStatus": "SUCCESS",
    "FlowLogStatus": "ACTIVE",
    "CreationTime": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
    "LogFormat": "${version} ${srcaddr}",
    "MaxAggregationInterval": 600,
    "Tags": [{"Key": "Name", "Value": "n"}],
}
CREATE = {
    "ResourceIds": ["vpc-1"],
    "ResourceType": "VPC",
    "TrafficType": "ALL",
    "LogDestinationType": "cloud-watch-logs",
    "LogGroupName": "/flow",
    "DeliverLogsPermissionArn": ROLE,
    "TagSpecifications": [{"ResourceType": "vpc-flow-log", "Tags": [{"Key": "Name", "Value": "n"}]}],
}


def with_args(args):
    """ARGS updated with ``args``; a None value removes the option (as omit would)."""
    merged = dict(ARGS, **(args or {}))
    return {k: v for k, v in merged.items() if v is not None}


def flow_log(**changes):
    result = copy.deepcopy(FLOW_LOG)
    result.update(changes)
    return result


@pytest.fixture
def ec2(aws_client):
    return aws_client("ec2")


@pytest.fixture
def stub(ec2):
    return ec2[1]


@pytest.fixture
def run(run_module, ec2):
    def run_(args=None, **kw):
        return run_module(ec2_vpc_flow_log.main, with_args(args), client=ec2[0], **kw)

    return run_


def expect_find(stub, *flow_logs, filters=None):
    stub.add_response("describe_flow_logs", {"FlowLogs": list(flow_logs)}, {"Filters": filters or FILTERS})


def expect_get(stub, flow_log_id, *flow_logs):
    stub.add_response("describe_flow_logs", {"FlowLogs": list(flow_logs)}, {"FlowLogIds": [flow_log_id]})


def test_create(stub, run):
    expect_find(stub)
    stub.add_response("create_flow_logs", {"FlowLogIds": ["fl-1"]}, CREATE)
    expect_get(stub, "fl-1", FLOW_LOG)
    result = run(diff=True)
    assert result["changed"] and not result["failed"]
    assert result["flow_log"]["flow_log_id"] == "fl-1"
    assert result["flow_log"]["tags"] == {"Name": "n"}
    assert result["flow_log"]["deliver_logs_permission_arn"] == ROLE
    assert result["diff"]["before"] == {} and result["diff"]["after"] == result["flow_log"]


def test_create_s3_with_all_options(stub, run):
    args = {
        "resource_id": "subnet-1",
        "resource_type": "Subnet",
        "traffic_type": "REJECT",
        "log_destination_type": "s3",
        "log_destination": "arn:aws:s3:::bucket/prefix/",
        "log_group_name": None,
        "deliver_logs_permission_arn": None,
        "log_format": "${version} ${action}",
        "max_aggregation_interval": 60,
        "destination_options": {"file_format": "parquet", "per_hour_partition": True},
        "tags": None,
    }
    filters = [{"Name": "resource-id", "Values": ["subnet-1"]}, {"Name": "traffic-type", "Values": ["REJECT"]}]
    expect_find(stub, filters=filters)
    create = {
        "ResourceIds": ["subnet-1"],
        "ResourceType": "Subnet",
        "TrafficType": "REJECT",
        "LogDestinationType": "s3",
        "LogDestination": "arn:aws:s3:::bucket/prefix/",
        "LogFormat": "${version} ${action}",
        "MaxAggregationInterval": 60,
        "DestinationOptions": {"FileFormat": "parquet", "PerHourPartition": True},
    }
    stub.add_response("create_flow_logs", {"FlowLogIds": ["fl-9"]}, create)
    expect_get(stub, "fl-9")  # not visible yet: the predicted flow log, with its id
    result = run(args)
    assert result["changed"]
    assert result["flow_log"]["flow_log_id"] == "fl-9"
    assert result["flow_log"]["destination_options"] == {"file_format": "parquet", "per_hour_partition": True}


def test_transit_gateway_sends_no_traffic_type(stub, run):
    args = {"resource_id": "tgw-1", "resource_type": "TransitGateway", "tags": None}
    expect_find(stub, filters=[{"Name": "resource-id", "Values": ["tgw-1"]}])
    create = {k: v for k, v in CREATE.items() if k not in ("TrafficType", "TagSpecifications")}
    create.update(ResourceIds=["tgw-1"], ResourceType="TransitGateway")
    stub.add_response("create_flow_logs", {"FlowLogIds": ["fl-2"]}, create)
    created = flow_log(FlowLogId="fl-2", ResourceId="tgw-1", Tags=[])
    del created["TrafficType"]
    expect_get(stub, "fl-2", created)
    assert run(args)["changed"]


def test_rerun_is_a_noop(stub, run):
    other = flow_log(FlowLogId="fl-0", LogGroupName="/other")
    expect_find(stub, other, FLOW_LOG)
    result = run(diff=True)
    assert not result["changed"] and result["flow_log"]["flow_log_id"] == "fl-1"
    assert result["diff"]["before"] == result["diff"]["after"]


def test_unset_options_are_not_compared(stub, run):
    expect_find(stub, flow_log(Tags=[{"Key": "Name", "Value": "n"}, {"Key": "extra", "Value": "x"}]))
    result = run({"tags": None})  # log_format, max_aggregation_interval and tags unset: left alone
    assert not result["failed"] and not result["changed"]


def test_tags_updated_in_place(stub, run):
    expect_find(stub, flow_log(Tags=[{"Key": "Name", "Value": "old"}, {"Key": "gone", "Value": "x"}]))
    stub.add_response("delete_tags", {}, {"Resources": ["fl-1"], "Tags": [{"Key": "gone"}]})
    stub.add_response("create_tags", {}, {"Resources": ["fl-1"], "Tags": [{"Key": "Name", "Value": "n"}]})
    expect_get(stub, "fl-1", FLOW_LOG)
    result = run(diff=True)
    assert result["changed"] and result["flow_log"]["tags"] == {"Name": "n"}
    assert result["diff"]["before"]["tags"] == {"Name": "old", "gone": "x"}
    assert result["diff"]["after"]["tags"] == {"Name": "n"}


def test_tags_merged_without_purge(stub, run):
    expect_find(stub, flow_log(Tags=[{"Key": "keep", "Value": "k"}]))
    stub.add_response("create_tags", {}, {"Resources": ["fl-1"], "Tags": [{"Key": "Name", "Value": "n"}]})
    expect_get(stub, "fl-1", flow_log(Tags=[{"Key": "keep", "Value": "k"}, {"Key": "Name", "Value": "n"}]))
    result = run({"purge_tags": False})
    assert result["changed"] and result["flow_log"]["tags"] == {"keep": "k", "Name": "n"}


def test_immutable_change_without_replace_fails_naming_the_fields(stub, run):
    expect_find(stub, FLOW_LOG)
    result = run({"deliver_logs_permission_arn": ROLE2, "max_aggregation_interval": 60})
    assert result["failed"]
    assert "deliver_logs_permission_arn" in result["msg"] and "max_aggregation_interval" in result["msg"]
    assert "replace_on_change=true" in result["msg"] and "fl-1" in result["msg"]


def test_immutable_change_with_replace(stub, run):
    expect_find(stub, FLOW_LOG)
    stub.add_response("delete_flow_logs", {"Unsuccessful": []}, {"FlowLogIds": ["fl-1"]})
    create = dict(CREATE, DeliverLogsPermissionArn=ROLE2, LogFormat="${version} ${srcaddr}", MaxAggregationInterval=600)
    # settings the task leaves unset (log_format, max_aggregation_interval, tags) are carried over
    stub.add_response("create_flow_logs", {"FlowLogIds": ["fl-2"]}, create)
    expect_get(stub, "fl-2", flow_log(FlowLogId="fl-2", DeliverLogsPermissionArn=ROLE2))
    result = run({"deliver_logs_permission_arn": ROLE2, "replace_on_change": True, "tags": None}, diff=True)
    assert result["changed"] and result["flow_log"]["flow_log_id"] == "fl-2"
    assert result["diff"]["before"]["deliver_logs_permission_arn"] == ROLE
    assert result["diff"]["after"]["deliver_logs_permission_arn"] == ROLE2


def test_replace_in_check_mode_predicts_a_new_flow_log(stub, run):
    expect_find(stub, FLOW_LOG)
    result = run({"log_format": "${version}", "replace_on_change": True}, check_mode=True)
    assert result["changed"]
    assert result["flow_log"]["log_format"] == "${version}" and "flow_log_id" not in result["flow_log"]


def test_absent(stub, run):
    expect_find(stub, FLOW_LOG)
    stub.add_response("delete_flow_logs", {"Unsuccessful": []}, {"FlowLogIds": ["fl-1"]})
    result = run({"state": "absent", "deliver_logs_permission_arn": None}, diff=True)
    assert result["changed"] and result["flow_log"] == {}
    assert result["diff"]["before"]["flow_log_id"] == "fl-1" and result["diff"]["after"] == {}


def test_absent_when_already_gone(stub, run):
    expect_find(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_create_makes_no_mutating_call_and_predicts(stub, run):
    expect_find(stub)  # the only call: a create_flow_logs call would be an unexpected Stubber request
    result = run(check_mode=True, diff=True)
    assert result["changed"]
    assert result["flow_log"] == {
        "resource_id": "vpc-1",
        "traffic_type": "ALL",
        "log_destination_type": "cloud-watch-logs",
        "log_group_name": "/flow",
        "deliver_logs_permission_arn": ROLE,
        "tags": {"Name": "n"},
    }
    assert result["diff"] == {"before": {}, "after": result["flow_log"]}


def test_check_mode_tag_update_and_absent(stub, run):
    expect_find(stub, flow_log(Tags=[]))
    result = run(check_mode=True)
    assert result["changed"] and result["flow_log"]["tags"] == {"Name": "n"}
    expect_find(stub, FLOW_LOG)
    assert run({"state": "absent"}, check_mode=True)["changed"]


def test_a_conflicting_describe_is_retried(stub, run, sleeps):
    stub.add_client_error(
        "describe_flow_logs", "ConcurrentModificationException", "try again", expected_params={"Filters": FILTERS}
    )
    expect_find(stub, FLOW_LOG)
    result = run()
    assert not result["failed"] and not result["changed"] and len(sleeps) == 1


def test_api_error_fails_with_the_aws_message(stub, run):
    expect_find(stub)
    stub.add_client_error("create_flow_logs", "AccessDenied", "not allowed", expected_params=CREATE)
    result = run()
    assert result["failed"] and result["msg"].startswith("Failed to create flow log")
    assert result["error"]["code"] == "AccessDenied"


@pytest.mark.parametrize(
    "args, message",
    [
        ({"log_group_name": None}, "requires log_group_name or log_destination"),
        ({"deliver_logs_permission_arn": None}, "requires deliver_logs_permission_arn"),
        ({"deliver_logs_permission_arn": "flow-logs"}, "deliver_logs_permission_arn must be an IAM role ARN"),
        (
            {"deliver_logs_permission_arn": "arn:aws:iam::1234:role/flow-logs"},
            "deliver_logs_permission_arn must be an IAM role ARN",
        ),
        (
            {"log_group_name": None, "log_destination": "arn:aws:s3:::bucket"},
            "log_destination must be a CloudWatch Logs log group ARN",
        ),
        (
            {
                "log_destination_type": "kinesis-data-firehose",
                "log_group_name": None,
                "log_destination": "arn:aws:logs:us-east-1:123456789012:log-group:x",
            },
            "log_destination must be a Kinesis Data Firehose delivery stream ARN",
        ),
        (
            {"log_destination_type": "s3", "log_group_name": None, "deliver_logs_permission_arn": None},
            "log_destination_type=s3 requires log_destination",
        ),
        (
            {"log_destination_type": "s3", "log_group_name": None, "log_destination": "my-bucket"},
            "log_destination must be an S3 bucket ARN",
        ),
        ({"log_destination_type": "kinesis-data-firehose"}, "log_group_name is only valid"),
        ({"destination_options": {"file_format": "parquet"}}, "destination_options is only valid"),
        ({"resource_type": "TransitGateway", "max_aggregation_interval": 600}, "max_aggregation_interval must be 60"),
        ({"log_destination": "arn:aws:logs:us-east-1:1:log-group:x"}, "mutually exclusive"),
        ({"traffic_type": "SOME"}, "traffic_type"),
    ],
)
def test_invalid_input_fails_before_any_call(run_module, args, message):
    result = run_module(ec2_vpc_flow_log.main, with_args(args))  # no client: asking for one fails the test
    assert result["failed"] and message in result["msg"]
