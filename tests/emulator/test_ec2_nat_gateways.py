"""NAT gateways move through AWS's states over time (pending -> available, deleting -> deleted), hold their
Elastic IP until deleted, and a ClientToken makes CreateNatGateway idempotent (moto: available and deleted at once,
the address released from under a live gateway, the token ignored)."""

import os
import time

import pytest
from botocore.exceptions import ClientError

SECONDS = float(os.environ.get("PRODGRADE_EMULATOR_NAT_SECONDS", "2"))


def states(ec2, *ids):
    return [g["State"] for g in ec2.describe_nat_gateways(NatGatewayIds=list(ids))["NatGateways"]]


def test_nat_gateway_lifecycle(client):
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.0.0/24")["Subnet"]["SubnetId"]
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]

    created = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation, ClientToken="token-1")["NatGateway"]
    gateway = created["NatGatewayId"]
    assert created["State"] == "pending"
    live = [{"Name": "vpc-id", "Values": [vpc]}, {"Name": "state", "Values": ["pending", "available"]}]
    assert [g["NatGatewayId"] for g in ec2.describe_nat_gateways(Filter=live)["NatGateways"]] == [gateway]
    # The same token answers the same gateway, it does not make a second one.
    again = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation, ClientToken="token-1")["NatGateway"]
    assert again["NatGatewayId"] == gateway
    assert len(ec2.describe_nat_gateways(Filter=live)["NatGateways"]) == 1

    time.sleep(SECONDS + 0.2)
    assert states(ec2, gateway) == ["available"]

    with pytest.raises(ClientError) as held:
        ec2.release_address(AllocationId=allocation)
    assert held.value.response["Error"]["Code"] == "AuthFailure"

    ec2.delete_nat_gateway(NatGatewayId=gateway)
    assert states(ec2, gateway) == ["deleting"]
    assert ec2.describe_nat_gateways(Filter=live)["NatGateways"] == []
    with pytest.raises(ClientError):
        ec2.release_address(AllocationId=allocation)

    time.sleep(SECONDS + 0.2)
    assert states(ec2, gateway) == ["deleted"]
    assert "AssociationId" not in ec2.describe_addresses(AllocationIds=[allocation])["Addresses"][0]
    ec2.release_address(AllocationId=allocation)
