"""ec2_vpc_endpoints through main() against a Stubber-validated EC2 client: one DescribeVpcEndpoints (vpc-id,
Gateway) for all the gateway endpoints and their tags, a write only in the endpoint that is missing or differs
(route tables and policy in one ModifyVpcEndpoint), none in check mode or a no-op."""

import datetime
import json

import pytest
from botocore.stub import ANY

from ansible_collections.prodgrade.aws.plugins.modules import ec2_vpc_endpoints as module

REGION = "ap-south-1"
VPC = "vpc-0123456789abcdef0"
S3, DYNAMODB = f"com.amazonaws.{REGION}.s3", f"com.amazonaws.{REGION}.dynamodb"
TABLES = ["rtb-0000000000000000a", "rtb-0000000000000000b"]
TAGS = {"ManagedBy": "ansible"}
ARGS = {
    "vpc_id": VPC,
    "endpoints": [
        {"service": s, "route_table_ids": TABLES, "tags": dict(TAGS, Name=f"ecia-{s.rsplit('.', 1)[1]}-endpoint")}
        for s in (S3, DYNAMODB)
    ],
}
FILTERS = {
    "Filters": [{"Name": "vpc-id", "Values": [VPC]}, {"Name": "vpc-endpoint-type", "Values": ["Gateway"]}],
}
FULL_ACCESS = {
    "Version": "2008-10-17",
    "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
}
CREATED = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.timezone.utc)


def aws_endpoint(service, tables=None, tags=None, endpoint_id=None, state="available", minutes=0, policy=None):
    short = service.rsplit(".", 1)[1]
    return {
        "VpcEndpointId": endpoint_id or f"vpce-{short:0>17}",
        "VpcEndpointType": "Gateway",
        "VpcId": VPC,
        "ServiceName": service,
        "State": state,
        "RouteTableIds": list(TABLES if tables is None else tables),
        "PolicyDocument": json.dumps(policy or FULL_ACCESS),
        "CreationTimestamp": CREATED + datetime.timedelta(minutes=minutes),
        "Tags": [{"Key": k, "Value": v} for k, v in (tags or dict(TAGS, Name=f"ecia-{short}-endpoint")).items()],
    }


@pytest.fixture
def ec2(aws_client):
    return aws_client("ec2", region=REGION)


@pytest.fixture
def stub(ec2):
    return ec2[1]


@pytest.fixture
def run(run_module, ec2):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, region=REGION, **(args or {})), client=ec2[0], **kw)

    return run_


def expect_describe(stub, *endpoints):
    stub.add_response("describe_vpc_endpoints", {"VpcEndpoints": list(endpoints)}, FILTERS)


def test_noop_makes_only_the_describe(stub, run):
    expect_describe(stub, aws_endpoint(S3, tables=TABLES[::-1]), aws_endpoint(DYNAMODB))
    result = run(diff=True, args={"wait": True})
    assert not result["changed"]
    assert result["vpc_endpoint_ids"] == {S3: "vpce-000000000000000s3", DYNAMODB: "vpce-000000000dynamodb"}
    assert result["vpc_endpoints"][0]["route_table_ids"] == TABLES
    assert result["vpc_endpoints"][0]["policy"] == FULL_ACCESS
    assert result["diff"]["before"] == result["diff"]["after"]


def test_route_table_drift_in_one_endpoint_is_one_modify_there(stub, run):
    drifted = aws_endpoint(DYNAMODB, tables=[TABLES[0], "rtb-0000000000000old"])
    expect_describe(stub, aws_endpoint(S3), drifted)
    stub.add_response(
        "modify_vpc_endpoint",
        {"Return": True},
        {
            "VpcEndpointId": drifted["VpcEndpointId"],
            "AddRouteTableIds": [TABLES[1]],
            "RemoveRouteTableIds": ["rtb-0000000000000old"],
        },
    )
    result = run(diff=True)
    assert result["changed_vpc_endpoints"] == {"created": [], "updated": [DYNAMODB], "deleted": []}
    assert result["vpc_endpoints"][1]["route_table_ids"] == TABLES
    assert result["diff"]["before"][DYNAMODB]["route_table_ids"] == sorted([TABLES[0], "rtb-0000000000000old"])


def test_tag_drift_is_fixed_with_tags_only(stub, run):
    drifted = aws_endpoint(S3, tags={"ManagedBy": "ansible", "Name": "old"})
    expect_describe(stub, drifted, aws_endpoint(DYNAMODB))
    stub.add_response(
        "create_tags",
        {},
        {"Resources": [drifted["VpcEndpointId"]], "Tags": [{"Key": "Name", "Value": "ecia-s3-endpoint"}]},
    )
    result = run()
    assert result["changed_vpc_endpoints"]["updated"] == [S3]


def test_a_policy_is_compared_as_json_and_set_when_it_differs(stub, run):
    policy = {"Statement": [{"Action": "s3:*", "Effect": "Allow", "Principal": "*", "Resource": "*"}]}
    endpoints = [dict(ARGS["endpoints"][0], policy=json.dumps(policy, indent=2)), ARGS["endpoints"][1]]
    expect_describe(stub, aws_endpoint(S3, policy=policy), aws_endpoint(DYNAMODB))
    assert not run(args={"endpoints": endpoints})["changed"]  # same document, other spacing

    expect_describe(stub, aws_endpoint(S3), aws_endpoint(DYNAMODB))
    stub.add_response(
        "modify_vpc_endpoint",
        {"Return": True},
        {"VpcEndpointId": "vpce-000000000000000s3", "PolicyDocument": json.dumps(policy)},
    )
    result = run(args={"endpoints": endpoints})
    assert result["changed_vpc_endpoints"]["updated"] == [S3]
    assert result["vpc_endpoints"][0]["policy"] == policy


def test_a_missing_endpoint_is_created_and_awaited(stub, run, sleeps):
    expect_describe(stub, aws_endpoint(S3))
    new = aws_endpoint(DYNAMODB, endpoint_id="vpce-0000000000000new0", state="pending")
    stub.add_response(
        "create_vpc_endpoint",
        {"VpcEndpoint": new},
        {
            "VpcEndpointType": "Gateway",
            "VpcId": VPC,
            "ServiceName": DYNAMODB,
            "ClientToken": ANY,
            "RouteTableIds": TABLES,
            "TagSpecifications": [
                {
                    "ResourceType": "vpc-endpoint",
                    "Tags": [
                        {"Key": "ManagedBy", "Value": "ansible"},
                        {"Key": "Name", "Value": "ecia-dynamodb-endpoint"},
                    ],
                }
            ],
        },
    )
    stub.add_response("describe_vpc_endpoints", {"VpcEndpoints": [new]}, {"VpcEndpointIds": [new["VpcEndpointId"]]})
    stub.add_response(
        "describe_vpc_endpoints",
        {"VpcEndpoints": [dict(new, State="available")]},
        {"VpcEndpointIds": [new["VpcEndpointId"]]},
    )
    result = run(args={"wait": True})
    assert result["changed_vpc_endpoints"]["created"] == [DYNAMODB]
    assert result["vpc_endpoints"][1]["state"] == "available"
    assert result["vpc_endpoint_ids"][DYNAMODB] == "vpce-0000000000000new0"
    assert sleeps == [5]


def test_a_failed_endpoint_is_not_the_services(stub, run):
    failed = aws_endpoint(DYNAMODB, endpoint_id="vpce-00000000000failed", state="Failed")
    expect_describe(stub, aws_endpoint(S3), failed)
    stub.add_response(
        "create_vpc_endpoint",
        {"VpcEndpoint": aws_endpoint(DYNAMODB, endpoint_id="vpce-0000000000000new0")},
        {
            "VpcEndpointType": "Gateway",
            "VpcId": VPC,
            "ServiceName": DYNAMODB,
            "ClientToken": ANY,
            "RouteTableIds": TABLES,
            "TagSpecifications": ANY,
        },
    )
    assert run()["changed_vpc_endpoints"]["created"] == [DYNAMODB]


def test_check_mode_predicts_without_writing(stub, run):
    expect_describe(stub, aws_endpoint(S3, tables=TABLES[:1]))
    result = run(check_mode=True, diff=True, args={"wait": True})
    assert result["changed_vpc_endpoints"] == {"created": [DYNAMODB], "updated": [S3], "deleted": []}
    assert result["vpc_endpoints"][0]["route_table_ids"] == TABLES
    planned = result["vpc_endpoints"][1]
    assert "vpc_endpoint_id" not in planned and planned["service_name"] == DYNAMODB
    assert planned["route_table_ids"] == TABLES and planned["tags"]["Name"] == "ecia-dynamodb-endpoint"
    assert DYNAMODB not in result["vpc_endpoint_ids"]


def test_absent_deletes_the_services_endpoints_in_one_request(stub, run):
    second = aws_endpoint(S3, endpoint_id="vpce-000000000second", tables=[], minutes=5)
    expect_describe(stub, aws_endpoint(S3), second, aws_endpoint(DYNAMODB))
    stub.add_response(
        "delete_vpc_endpoints",
        {"Unsuccessful": []},
        {"VpcEndpointIds": ["vpce-000000000000000s3", "vpce-000000000second"]},
    )
    result = run(args={"endpoints": [{"service": S3}], "state": "absent"}, diff=True)
    assert result["changed_vpc_endpoints"]["deleted"] == [S3, "vpce-000000000second"]
    assert result["vpc_endpoints"] == [] and result["diff"]["after"] == {}


def test_absent_fails_on_an_endpoint_aws_would_not_delete(stub, run):
    expect_describe(stub, aws_endpoint(S3))
    stub.add_response(
        "delete_vpc_endpoints",
        {
            "Unsuccessful": [
                {"ResourceId": "vpce-000000000000000s3", "Error": {"Code": "InvalidState", "Message": "busy"}}
            ]
        },
        {"VpcEndpointIds": ["vpce-000000000000000s3"]},
    )
    result = run(args={"endpoints": [{"service": S3}], "state": "absent"})
    assert result["failed"] and "vpce-000000000000000s3: InvalidState busy" in result["msg"]


def test_absent_in_check_mode_and_when_gone(stub, run):
    expect_describe(stub, aws_endpoint(S3))
    assert run(args={"state": "absent"}, check_mode=True)["changed"]
    expect_describe(stub)
    assert not run(args={"state": "absent"})["changed"]


def test_purge_deletes_the_gateway_endpoints_not_listed(stub, run):
    other = aws_endpoint(f"com.amazonaws.{REGION}.other", endpoint_id="vpce-0000000000000other")
    expect_describe(stub, aws_endpoint(S3), aws_endpoint(DYNAMODB), other)
    stub.add_response("delete_vpc_endpoints", {"Unsuccessful": []}, {"VpcEndpointIds": ["vpce-0000000000000other"]})
    result = run(args={"purge_endpoints": True})
    assert result["changed_vpc_endpoints"] == {"created": [], "updated": [], "deleted": ["vpce-0000000000000other"]}


@pytest.mark.parametrize(
    "args, message",
    [
        ({"vpc_id": "vpc"}, "vpc_id: 'vpc' is not a VPC id"),
        ({"endpoints": [{"service": " "}]}, "endpoints[0].service"),
        ({"endpoints": [{"service": S3}, {"service": S3}]}, "services must be unique"),
        ({"endpoints": [{"service": S3, "route_table_ids": ["subnet-1"]}]}, "endpoints[0].route_table_ids"),
        ({"endpoints": [{"service": S3, "policy": "[1]"}]}, "endpoints[0].policy: must be a JSON object"),
        ({"endpoints": [{"service": S3, "policy": "{"}]}, "endpoints[0].policy: must be a JSON object"),
        ({"wait_timeout": -5}, "wait_timeout: -5 must not be negative"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    result = run_module(module.main, dict(ARGS, region=REGION, **args))  # no client: asking for one fails
    assert result["failed"]
    assert message in result["msg"]
