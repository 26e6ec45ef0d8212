"""ec2_vpc_nat_gateways through main() against a Stubber-validated EC2 client: one DescribeNatGateways (vpc-id, live
states) for all the gateways and their tags, a write only in the gateway that is missing or differs, none in check
mode or a no-op; the wait is one DescribeNatGateways a poll for all the gateways."""

import datetime

import pytest
from botocore.stub import ANY

from ansible_collections.prodgrade.aws.plugins.modules import ec2_vpc_nat_gateways as module

REGION = "ap-south-1"
VPC = "vpc-0123456789abcdef0"
SUBNETS = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"]
TAGS = {"ManagedBy": "ansible"}
ARGS = {
    "vpc_id": VPC,
    "nat_gateways": [{"subnet_id": s, "tags": dict(TAGS, Name=f"ecia-nat-{s[-1]}")} for s in SUBNETS],
}
LIVE_FILTER = {
    "Filter": [{"Name": "vpc-id", "Values": [VPC]}, {"Name": "state", "Values": ["pending", "available"]}],
}
CREATED = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.timezone.utc)


def aws_gateway(subnet, state="available", tags=None, gateway_id=None, allocation=None, minutes=0, **extra):
    letter = subnet[-1]
    return dict(
        {
            "NatGatewayId": gateway_id or f"nat-00000000000000{letter}00",
            "SubnetId": subnet,
            "VpcId": VPC,
            "State": state,
            "ConnectivityType": "public",
            "CreateTime": CREATED + datetime.timedelta(minutes=minutes),
            "NatGatewayAddresses": [
                {
                    "AllocationId": allocation or f"eipalloc-00000000000000{letter}00",
                    "PublicIp": "203.0.113.10",
                    "PrivateIp": "10.0.0.12",
                    "NetworkInterfaceId": f"eni-00000000000000{letter}00",
                    "IsPrimary": True,
                }
            ],
            "Tags": [{"Key": k, "Value": v} for k, v in (tags or dict(TAGS, Name=f"ecia-nat-{letter}")).items()],
        },
        **extra,
    )


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


def expect_describe(stub, *gateways):
    stub.add_response("describe_nat_gateways", {"NatGateways": list(gateways)}, LIVE_FILTER)


def expect_subnets_in_vpc(stub, *subnets, vpc=VPC):
    stub.add_response(
        "describe_subnets",
        {"Subnets": [{"SubnetId": s, "VpcId": vpc} for s in subnets]},
        {"Filters": [{"Name": "subnet-id", "Values": list(subnets)}]},
    )


def expect_poll(stub, *gateways):
    stub.add_response(
        "describe_nat_gateways",
        {"NatGateways": list(gateways)},
        {"NatGatewayIds": [g["NatGatewayId"] for g in gateways]},
    )


def expect_create(stub, subnet, allocation="eipalloc-0000000000000new0", allocate=True):
    """AllocateAddress (unless ``allocate`` is False) then CreateNatGateway (pending); returns the new gateway."""
    if allocate:
        stub.add_response(
            "allocate_address", {"AllocationId": allocation, "PublicIp": "203.0.113.99"}, {"Domain": "vpc"}
        )
    gateway = aws_gateway(
        subnet, state="pending", gateway_id=f"nat-0000000000000new{subnet[-1]}", allocation=allocation
    )
    stub.add_response(
        "create_nat_gateway",
        {"NatGateway": gateway},
        {
            "SubnetId": subnet,
            "AllocationId": allocation,
            "ConnectivityType": "public",
            "ClientToken": ANY,
            "TagSpecifications": [
                {
                    "ResourceType": "natgateway",
                    "Tags": [
                        {"Key": "ManagedBy", "Value": "ansible"},
                        {"Key": "Name", "Value": f"ecia-nat-{subnet[-1]}"},
                    ],
                }
            ],
        },
    )
    return gateway


def test_noop_makes_only_the_describe(stub, run):
    expect_describe(stub, *(aws_gateway(s) for s in SUBNETS))
    result = run(diff=True, args={"wait": True})
    assert not result["changed"]
    assert result["nat_gateway_ids"] == {s: f"nat-00000000000000{s[-1]}00" for s in SUBNETS}
    assert [g["state"] for g in result["nat_gateways"]] == ["available"] * 3
    assert result["nat_gateways"][0]["nat_gateway_addresses"][0]["public_ip"] == "203.0.113.10"
    assert result["nat_gateways"][0]["create_time"] == "2026-01-05T10:00:00+00:00"
    assert result["diff"]["before"] == result["diff"]["after"]
    assert result["released_allocation_ids"] == []


def test_tag_drift_in_one_gateway_is_fixed_only_there(stub, run):
    drifted = aws_gateway(SUBNETS[1], tags={"ManagedBy": "ansible", "Name": "old", "Extra": "x"})
    expect_describe(stub, aws_gateway(SUBNETS[0]), drifted, aws_gateway(SUBNETS[2]))
    gateway_id = drifted["NatGatewayId"]
    stub.add_response("delete_tags", {}, {"Resources": [gateway_id], "Tags": [{"Key": "Extra"}]})
    stub.add_response("create_tags", {}, {"Resources": [gateway_id], "Tags": [{"Key": "Name", "Value": "ecia-nat-b"}]})
    result = run(diff=True)
    assert result["changed"]
    assert result["changed_nat_gateways"] == {"created": [], "updated": [SUBNETS[1]], "deleted": []}
    assert result["nat_gateways"][1]["tags"] == {"ManagedBy": "ansible", "Name": "ecia-nat-b"}
    assert result["diff"]["before"][SUBNETS[1]]["tags"]["Name"] == "old"
    assert result["diff"]["after"][SUBNETS[1]]["tags"]["Name"] == "ecia-nat-b"


def test_missing_gateways_are_created_and_awaited_together(stub, run, sleeps):
    expect_describe(stub, aws_gateway(SUBNETS[0]))
    expect_subnets_in_vpc(stub, SUBNETS[1], SUBNETS[2])
    new_b = expect_create(stub, SUBNETS[1], "eipalloc-0000000000000new1")
    new_c = expect_create(stub, SUBNETS[2], "eipalloc-0000000000000new2")
    expect_poll(stub, new_b, new_c)  # both pending
    expect_poll(stub, dict(new_b, State="available"), new_c)
    expect_poll(stub, dict(new_b, State="available"), dict(new_c, State="available"))
    result = run(args={"wait": True, "wait_timeout": 60})
    assert result["changed"]
    assert result["changed_nat_gateways"]["created"] == SUBNETS[1:]
    assert [g["state"] for g in result["nat_gateways"]] == ["available"] * 3
    assert result["nat_gateway_ids"][SUBNETS[2]] == new_c["NatGatewayId"]
    assert sleeps == [5, 5]  # one poll for both gateways every 5 s


def test_each_creation_sends_its_own_client_token(stub, run, ec2):
    expect_describe(stub, aws_gateway(SUBNETS[0]))
    expect_subnets_in_vpc(stub, SUBNETS[1], SUBNETS[2])
    expect_create(stub, SUBNETS[1], "eipalloc-0000000000000new1")
    expect_create(stub, SUBNETS[2], "eipalloc-0000000000000new2")
    tokens = []
    ec2[0].meta.events.register(
        "provide-client-params.ec2.CreateNatGateway", lambda params, **kw: tokens.append(params["ClientToken"])
    )
    assert run()["changed"]
    assert len(tokens) == 2 and len(set(tokens)) == 2 and all(0 < len(t) <= 64 for t in tokens)


def test_a_failed_or_deleted_gateway_is_not_the_subnets_gateway(stub, run):
    # The describe filters on the live states; a failed one that AWS still shows does not count either.
    failed = aws_gateway(SUBNETS[2], state="failed", gateway_id="nat-00000000000000fail")
    expect_describe(stub, aws_gateway(SUBNETS[0]), aws_gateway(SUBNETS[1]), failed)
    expect_subnets_in_vpc(stub, SUBNETS[2])
    expect_create(stub, SUBNETS[2])
    result = run()
    assert result["changed_nat_gateways"]["created"] == [SUBNETS[2]]
    assert result["nat_gateways"][2]["state"] == "pending"


def test_the_oldest_live_gateway_of_a_subnet_is_its_gateway(stub, run):
    newer = aws_gateway(SUBNETS[0], gateway_id="nat-000000000000newer", minutes=5)
    expect_describe(stub, newer, aws_gateway(SUBNETS[0]), aws_gateway(SUBNETS[1]), aws_gateway(SUBNETS[2]))
    result = run()
    assert not result["changed"]  # the second one is left alone without purge_nat_gateways
    assert result["nat_gateway_ids"][SUBNETS[0]] == "nat-00000000000000a00"


def test_check_mode_predicts_without_writing(stub, run):
    drifted = aws_gateway(SUBNETS[1], tags={"Name": "old"})
    expect_describe(stub, aws_gateway(SUBNETS[0]), drifted)
    expect_subnets_in_vpc(stub, SUBNETS[2])
    result = run(check_mode=True, diff=True, args={"wait": True})  # no write, no wait: the stubber has nothing else
    assert result["changed"]
    assert result["changed_nat_gateways"] == {"created": [SUBNETS[2]], "updated": [SUBNETS[1]], "deleted": []}
    planned = result["nat_gateways"][2]
    assert "nat_gateway_id" not in planned
    assert planned["state"] == "pending" and planned["subnet_id"] == SUBNETS[2]
    assert planned["tags"] == {"ManagedBy": "ansible", "Name": "ecia-nat-c"}
    assert SUBNETS[2] not in result["nat_gateway_ids"]
    assert result["diff"]["after"][SUBNETS[1]]["tags"]["Name"] == "ecia-nat-b"


def test_a_given_allocation_is_used_not_allocated(stub, run):
    expect_describe(stub, aws_gateway(SUBNETS[0]), aws_gateway(SUBNETS[1]))
    expect_subnets_in_vpc(stub, SUBNETS[2])
    expect_create(stub, SUBNETS[2], "eipalloc-0000000000000mine", allocate=False)
    args = {
        "nat_gateways": ARGS["nat_gateways"][:2]
        + [dict(ARGS["nat_gateways"][2], allocation_id="eipalloc-0000000000000mine")]
    }
    result = run(args=args)
    assert result["nat_gateways"][2]["nat_gateway_addresses"][0]["allocation_id"] == "eipalloc-0000000000000mine"


def test_an_existing_gateway_with_another_allocation_fails_before_any_write(stub, run):
    expect_describe(stub, *(aws_gateway(s) for s in SUBNETS))
    gateways = [dict(g) for g in ARGS["nat_gateways"]]
    gateways[1]["allocation_id"] = "eipalloc-0000000000000mine"
    gateways[0]["tags"] = {"Name": "drift"}  # would be written, but nothing is
    result = run(args={"nat_gateways": gateways})
    assert result["failed"]
    assert "nat_gateways[1] (subnet-0000000000000000b)" in result["msg"]
    assert "uses eipalloc-00000000000000b00, not eipalloc-0000000000000mine" in result["msg"]


def test_a_subnet_of_another_vpc_fails_before_any_write(stub, run):
    expect_describe(stub, aws_gateway(SUBNETS[0]), aws_gateway(SUBNETS[1]))
    expect_subnets_in_vpc(stub, SUBNETS[2], vpc="vpc-0fffffffffffffff0")
    result = run()
    assert result["failed"]
    assert result["msg"] == f"nat_gateways[2].subnet_id: {SUBNETS[2]} is not a subnet of {VPC}"


def test_a_failed_creation_releases_the_address_it_allocated(stub, run):
    expect_describe(stub, aws_gateway(SUBNETS[0]), aws_gateway(SUBNETS[1]))
    expect_subnets_in_vpc(stub, SUBNETS[2])
    stub.add_response("allocate_address", {"AllocationId": "eipalloc-0000000000000new0"}, {"Domain": "vpc"})
    stub.add_client_error("create_nat_gateway", "InvalidSubnet", "no")
    stub.add_response("release_address", {}, {"AllocationId": "eipalloc-0000000000000new0"})
    result = run()
    assert result["failed"]
    assert "create NAT gateway" in result["msg"]


def test_a_gateway_that_fails_while_awaited_fails_the_run_and_frees_its_address(stub, run):
    expect_describe(stub, aws_gateway(SUBNETS[0]), aws_gateway(SUBNETS[1]))
    expect_subnets_in_vpc(stub, SUBNETS[2])
    new = expect_create(stub, SUBNETS[2])
    broken = dict(new, State="failed", FailureCode="InsufficientFreeAddressesInSubnet", FailureMessage="full")
    expect_poll(stub, broken)
    stub.add_response("release_address", {}, {"AllocationId": "eipalloc-0000000000000new0"})
    result = run(args={"wait": True})
    assert result["failed"]
    assert "is failed (InsufficientFreeAddressesInSubnet: full)" in result["msg"]


def test_the_wait_times_out(stub, run, sleeps):
    expect_describe(stub, aws_gateway(SUBNETS[0]), aws_gateway(SUBNETS[1]), aws_gateway(SUBNETS[2], state="pending"))
    for _attempt in range(2):
        expect_poll(stub, aws_gateway(SUBNETS[2], state="pending"))
    result = run(args={"wait": True, "wait_timeout": 10})
    assert result["failed"]
    assert "Timeout waiting 10 s for NAT gateway nat-00000000000000c00 to be available" in result["msg"]
    assert sleeps == [5]


def test_absent_deletes_waits_and_releases_the_addresses(stub, run):
    gateways = [aws_gateway(s) for s in SUBNETS]
    second_a = aws_gateway(
        SUBNETS[0], gateway_id="nat-000000000000second", allocation="eipalloc-00000000000second", minutes=5
    )
    expect_describe(stub, *gateways, second_a)
    for g in gateways[:2] + [second_a]:
        stub.add_response(
            "delete_nat_gateway", {"NatGatewayId": g["NatGatewayId"]}, {"NatGatewayId": g["NatGatewayId"]}
        )
    ids = [g["NatGatewayId"] for g in gateways[:2] + [second_a]]
    stub.add_response(
        "describe_nat_gateways",
        {"NatGateways": [dict(g, State="deleting") for g in gateways[:2]]},
        {"NatGatewayIds": ids},
    )
    stub.add_response(
        "describe_nat_gateways",
        {"NatGateways": [dict(g, State="deleted") for g in gateways[:2]]},
        {"NatGatewayIds": ids},
    )
    for allocation in ("eipalloc-00000000000000a00", "eipalloc-00000000000000b00", "eipalloc-00000000000second"):
        stub.add_response("release_address", {}, {"AllocationId": allocation})
    args = {"nat_gateways": [{"subnet_id": s} for s in SUBNETS[:2]], "state": "absent", "release_eip": True}
    result = run(args=args, diff=True)
    assert result["changed"]
    assert result["changed_nat_gateways"]["deleted"] == SUBNETS[:2] + ["nat-000000000000second"]
    assert result["nat_gateways"] == []
    assert result["released_allocation_ids"] == [
        "eipalloc-00000000000000a00",
        "eipalloc-00000000000000b00",
        "eipalloc-00000000000second",
    ]
    assert (
        set(result["diff"]["before"]) == {SUBNETS[0], SUBNETS[1], "nat-000000000000second"}
        and result["diff"]["after"] == {}
    )


def test_absent_keeps_a_given_allocation(stub, run):
    gateway = aws_gateway(SUBNETS[0], allocation="eipalloc-0000000000000mine")
    expect_describe(stub, gateway)
    stub.add_response(
        "delete_nat_gateway", {"NatGatewayId": gateway["NatGatewayId"]}, {"NatGatewayId": gateway["NatGatewayId"]}
    )
    args = {
        "nat_gateways": [{"subnet_id": SUBNETS[0], "allocation_id": "eipalloc-0000000000000mine"}],
        "state": "absent",
        "release_eip": True,
    }
    result = run(args=args)  # nothing to release: no wait either
    assert result["changed"] and result["released_allocation_ids"] == []


def test_absent_in_check_mode_writes_nothing(stub, run):
    expect_describe(stub, aws_gateway(SUBNETS[0]))
    result = run(args={"state": "absent", "release_eip": True}, check_mode=True)
    assert result["changed"]
    assert result["released_allocation_ids"] == ["eipalloc-00000000000000a00"]


def test_absent_when_gone_is_a_noop(stub, run):
    expect_describe(stub)
    result = run(args={"state": "absent", "release_eip": True, "wait": True})
    assert not result["changed"]


def test_purge_deletes_the_gateways_not_listed(stub, run):
    extra = aws_gateway("subnet-0000000000000000d")
    expect_describe(stub, *(aws_gateway(s) for s in SUBNETS), extra)
    stub.add_response(
        "delete_nat_gateway", {"NatGatewayId": extra["NatGatewayId"]}, {"NatGatewayId": extra["NatGatewayId"]}
    )
    result = run(args={"purge_nat_gateways": True})
    assert result["changed_nat_gateways"] == {"created": [], "updated": [], "deleted": [extra["NatGatewayId"]]}
    assert len(result["nat_gateways"]) == 3


@pytest.mark.parametrize(
    "args, message",
    [
        ({"vpc_id": "vpc"}, "vpc_id: 'vpc' is not a VPC id"),
        ({"nat_gateways": [{"subnet_id": ""}]}, "nat_gateways[0].subnet_id: '' is not a subnet id"),
        ({"nat_gateways": [{"subnet_id": SUBNETS[0]}, {"subnet_id": SUBNETS[0]}]}, "subnet ids must be unique"),
        ({"nat_gateways": [{"subnet_id": SUBNETS[0], "allocation_id": "1.2.3.4"}]}, "nat_gateways[0].allocation_id"),
        ({"wait_timeout": -1}, "wait_timeout: -1 must not be negative"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    result = run_module(module.main, dict(ARGS, region=REGION, **args))  # no client: asking for one fails
    assert result["failed"]
    assert message in result["msg"]
