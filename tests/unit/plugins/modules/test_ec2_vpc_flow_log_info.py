"""ec2_vpc_flow_log_info driven through main() against a Stubber-validated EC2 client."""

from ansible_collections.prodgrade.aws.plugins.modules import ec2_vpc_flow_log_info

FLOW_LOG = {
    "FlowLogId": "fl-1",
    "ResourceId": "vpc-1",
    "TrafficType": "ALL",
    "LogDestinationType": "s3",
    "LogDestination": "arn:aws:s3:::bucket",
    "DestinationOptions": {"FileFormat": "parquet", "HiveCompatiblePartitions": False, "PerHourPartition": True},
    "Tags": [{"Key": "Name", "Value": "n"}],
}


def test_filters_and_ids(aws_client, run_module):
    client, stub = aws_client("ec2")
    expected = {
        "Filters": [{"Name": "resource-id", "Values": ["vpc-1"]}, {"Name": "tag:Name", "Values": ["n"]}],
        "FlowLogIds": ["fl-1"],
    }
    stub.add_response("describe_flow_logs", {"FlowLogs": [FLOW_LOG]}, expected)
    args = {"filters": {"resource-id": "vpc-1", "tag:Name": "n"}, "flow_log_ids": ["fl-1"]}
    result = run_module(ec2_vpc_flow_log_info.main, args, client=client)
    assert not result["changed"]
    assert result["flow_logs"] == [
        {
            "flow_log_id": "fl-1",
            "resource_id": "vpc-1",
            "traffic_type": "ALL",
            "log_destination_type": "s3",
            "log_destination": "arn:aws:s3:::bucket",
            "destination_options": {
                "file_format": "parquet",
                "hive_compatible_partitions": False,
                "per_hour_partition": True,
            },
            "tags": {"Name": "n"},
        }
    ]


def test_no_arguments_lists_everything_and_retries_a_conflict(aws_client, run_module, sleeps):
    client, stub = aws_client("ec2")
    stub.add_client_error("describe_flow_logs", "ConcurrentModificationException", expected_params={})
    stub.add_response("describe_flow_logs", {"FlowLogs": []}, {})
    assert run_module(ec2_vpc_flow_log_info.main, {}, client=client)["flow_logs"] == []
    assert len(sleeps) == 1


def test_error(aws_client, run_module):
    client, stub = aws_client("ec2")
    stub.add_client_error("describe_flow_logs", "UnauthorizedOperation", "no")
    result = run_module(ec2_vpc_flow_log_info.main, {}, client=client)
    assert result["failed"] and "Failed to describe flow logs" in result["msg"]
