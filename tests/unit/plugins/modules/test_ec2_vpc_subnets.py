"""ec2_vpc_subnets through main() against a Stubber-validated EC2 client: one DescribeSubnets (vpc-id) for all the
subnets and their tags, a write only in the subnet that is missing or differs, none in check mode or a no-op."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import ec2_vpc_subnets as module

REGION = "ap-south-1"
VPC = "vpc-0123456789abcdef0"
TAGS = {"ManagedBy": "ansible"}
PLAN = [
    ("10.0.0.0/24", "ap-south-1a", "ecia-public-a", "public"),
    ("10.0.1.0/24", "ap-south-1b", "ecia-public-b", "public"),
    ("10.0.10.0/24", "ap-south-1a", "ecia-app-a", "app"),
]
ARGS = {
    "vpc_id": VPC,
    "wait": False,
    "subnets": [{"cidr": c, "az": az, "tags": dict(TAGS, Name=n, Tier=t)} for c, az, n, t in PLAN],
}
VPC_FILTER = {"Filters": [{"Name": "vpc-id", "Values": [VPC]}]}


def aws_subnet(index, map_public=False, tags=None, az=None, ipv6=None, state="available"):
    cidr, plan_az, name, tier = PLAN[index]
    subnet = {
        "SubnetId": f"subnet-{index:017d}",
        "VpcId": VPC,
        "CidrBlock": cidr,
        "AvailabilityZone": az or plan_az,
        "State": state,
        "MapPublicIpOnLaunch": map_public,
        "AssignIpv6AddressOnCreation": False,
        "Tags": [{"Key": k, "Value": v} for k, v in (tags or dict(TAGS, Name=name, Tier=tier)).items()],
    }
    if ipv6:
        subnet["Ipv6CidrBlockAssociationSet"] = [
            {
                "AssociationId": "subnet-cidr-assoc-1",
                "Ipv6CidrBlock": ipv6,
                "Ipv6CidrBlockState": {"State": "associated"},
            }
        ]
    return subnet


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


def expect_describe(stub, *subnets):
    stub.add_response("describe_subnets", {"Subnets": list(subnets)}, VPC_FILTER)


def test_noop_makes_only_the_describe(stub, run):
    expect_describe(stub, aws_subnet(0), aws_subnet(1), aws_subnet(2))
    result = run(diff=True)
    assert not result["changed"]
    assert result["subnet_ids"] == {c: f"subnet-{i:017d}" for i, (c, *_r) in enumerate(PLAN)}
    assert [s["id"] for s in result["subnets"]] == [f"subnet-{i:017d}" for i in range(3)]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_create_with_tag_specifications_and_wait(stub, run):
    expect_describe(stub, aws_subnet(0), aws_subnet(1))
    cidr, az, name, tier = PLAN[2]
    tags = dict(TAGS, Name=name, Tier=tier)
    stub.add_response(
        "create_subnet",
        {"Subnet": aws_subnet(2, state="pending")},
        {
            "VpcId": VPC,
            "CidrBlock": cidr,
            "AvailabilityZone": az,
            "TagSpecifications": [
                {"ResourceType": "subnet", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
            ],
        },
    )
    stub.add_response("describe_subnets", {"Subnets": [aws_subnet(2)]}, {"SubnetIds": ["subnet-00000000000000002"]})
    result = run({"wait": True})
    assert result["changed_subnets"] == {"created": [cidr], "updated": [], "deleted": []}
    assert result["subnets"][2]["state"] == "available" and result["subnets"][2]["tags"] == tags


def test_map_public_drift_in_one_subnet_is_fixed_only_there(stub, run):
    expect_describe(stub, aws_subnet(0), aws_subnet(1, map_public=True), aws_subnet(2))
    stub.add_response(
        "modify_subnet_attribute",
        {},
        {"SubnetId": "subnet-00000000000000001", "MapPublicIpOnLaunch": {"Value": False}},
    )
    result = run(diff=True)
    assert result["changed_subnets"] == {"created": [], "updated": ["10.0.1.0/24"], "deleted": []}
    assert result["diff"]["before"]["10.0.1.0/24"]["map_public_ip_on_launch"] is True
    assert result["diff"]["after"]["10.0.1.0/24"]["map_public_ip_on_launch"] is False


def test_tag_drift_in_one_subnet_is_fixed_from_the_describe(stub, run):
    stray = dict(TAGS, Name="ecia-app-a", Tier="data", Stray="x")
    expect_describe(stub, aws_subnet(0), aws_subnet(1), aws_subnet(2, tags=stray))
    stub.add_response("delete_tags", {}, {"Resources": ["subnet-00000000000000002"], "Tags": [{"Key": "Stray"}]})
    stub.add_response(
        "create_tags", {}, {"Resources": ["subnet-00000000000000002"], "Tags": [{"Key": "Tier", "Value": "app"}]}
    )
    result = run()
    assert result["changed_subnets"]["updated"] == ["10.0.10.0/24"]


def test_tags_kept_without_purge(stub, run):
    expect_describe(stub, aws_subnet(0, tags=dict(TAGS, Name="ecia-public-a", Tier="public", Extra="y")))
    args = {"subnets": [dict(ARGS["subnets"][0], purge_tags=False)]}
    assert not run(args)["changed"]


def test_an_ipv6_cidr_not_wanted_is_removed(stub, run):
    expect_describe(stub, aws_subnet(0, ipv6="2600:1f18:1::/64"))
    stub.add_response("disassociate_subnet_cidr_block", {}, {"AssociationId": "subnet-cidr-assoc-1"})
    result = run({"subnets": ARGS["subnets"][:1]})
    assert result["changed"] and result["subnets"][0]["ipv6_cidr_block"] == ""


def test_check_mode_writes_nothing(stub, run):
    expect_describe(stub, aws_subnet(0, map_public=True))
    result = run(check_mode=True)
    assert result["changed_subnets"] == {
        "created": ["10.0.1.0/24", "10.0.10.0/24"],
        "updated": ["10.0.0.0/24"],
        "deleted": [],
    }
    assert "id" not in result["subnets"][1] and result["subnet_ids"] == {"10.0.0.0/24": "subnet-00000000000000000"}


def test_wrong_az_fails_before_any_write(stub, run):
    expect_describe(stub, aws_subnet(0, az="ap-south-1c"))
    result = run()
    assert result["failed"] and "subnets[0] (10.0.0.0/24): is in ap-south-1c, not ap-south-1a" in result["msg"]


def test_unlisted_subnets_purged_only_when_asked(stub, run):
    expect_describe(stub, aws_subnet(0), aws_subnet(1), aws_subnet(2))
    assert not run({"subnets": ARGS["subnets"][:2]})["changed"]
    expect_describe(stub, aws_subnet(0), aws_subnet(1), aws_subnet(2))
    stub.add_response("delete_subnet", {}, {"SubnetId": "subnet-00000000000000002"})
    result = run({"subnets": ARGS["subnets"][:2], "purge_subnets": True})
    assert result["changed_subnets"]["deleted"] == ["10.0.10.0/24"] and len(result["subnets"]) == 2


def test_absent_deletes_the_listed(stub, run):
    expect_describe(stub, aws_subnet(1))
    stub.add_response("delete_subnet", {}, {"SubnetId": "subnet-00000000000000001"})
    result = run({"state": "absent", "subnets": [{"cidr": c} for c, *_r in PLAN]})
    assert result["changed_subnets"]["deleted"] == ["10.0.1.0/24"] and result["subnets"] == []


def test_bad_input_fails_before_any_call(run_module):
    args = {"vpc_id": VPC, "subnets": [{"cidr": "10.0.0.0/33"}, {"cidr": "10.0.1.0/24", "assign_instances_ipv6": True}]}
    result = run_module(module.main, args)
    assert result["failed"]
    assert "subnets[0] (10.0.0.0/33): cidr" in result["msg"] and "subnets[1] (10.0.1.0/24): assign" in result["msg"]
