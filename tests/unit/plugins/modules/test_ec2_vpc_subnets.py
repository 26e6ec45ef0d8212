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


def expect_third_subnet_created(stub):
    """The first two subnets exist; the third is created (still pending). Returns its CIDR."""
    expect_describe(stub, aws_subnet(0), aws_subnet(1))
    cidr, az, name, tier = PLAN[2]
    tags = [{"Key": k, "Value": v} for k, v in dict(TAGS, Name=name, Tier=tier).items()]
    stub.add_response(
        "create_subnet",
        {"Subnet": aws_subnet(2, state="pending")},
        {
            "VpcId": VPC,
            "CidrBlock": cidr,
            "AvailabilityZone": az,
            "TagSpecifications": [{"ResourceType": "subnet", "Tags": tags}],
        },
    )
    return cidr


def test_create_with_tag_specifications_and_wait(stub, run):
    cidr = expect_third_subnet_created(stub)
    tags = dict(TAGS, Name=PLAN[2][2], Tier=PLAN[2][3])
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


def test_cidrs_are_normalised_for_comparison(stub, run):
    expect_describe(stub, aws_subnet(0, ipv6="2600:1f18:1:100::/64"))
    args = {"subnets": [dict(ARGS["subnets"][0], cidr="10.0.0.0/024", ipv6_cidr="2600:1F18:1:100:0::/64")]}
    result = run(args)
    assert not result["changed"] and result["subnet_ids"] == {"10.0.0.0/24": "subnet-00000000000000000"}


@pytest.mark.parametrize(
    "cidr, ipv6_cidr",
    [("10.0.0.0/255.255.255.0", None), ("10.0.0.0", None), ("10.0.0.1/24", None), ("10.0.0.0/24", "2600:1f18::1")],
)
def test_a_cidr_that_is_not_a_strict_cidr_fails_before_any_call(run_module, cidr, ipv6_cidr):
    result = run_module(module.main, {"vpc_id": VPC, "subnets": [{"cidr": cidr, "ipv6_cidr": ipv6_cidr}]})
    assert result["failed"] and f"subnets[0] ({cidr}): {'ipv6_cidr' if ipv6_cidr else 'cidr'} must be" in result["msg"]


def test_tags_compared_as_strings_and_aws_tags_left_alone(stub, run):
    aws_tags = {"Name": "ecia-public-a", "Cost": "1", "aws:cloudformation:stack-name": "net"}
    expect_describe(stub, aws_subnet(0, tags=aws_tags))
    args = {"subnets": [dict(ARGS["subnets"][0], tags={"Name": "ecia-public-a", "Cost": 1})]}
    assert not run(args)["changed"]

    expect_describe(stub, aws_subnet(0, tags=dict(aws_tags, Stray="x")))
    stub.add_response("delete_tags", {}, {"Resources": ["subnet-00000000000000000"], "Tags": [{"Key": "Stray"}]})
    result = run(args, diff=True)
    assert result["diff"]["after"]["10.0.0.0/24"]["tags"] == aws_tags


def ipv6_subnet(association_id, cidr, state, assign=False):
    subnet = aws_subnet(0)
    subnet.update(
        AssignIpv6AddressOnCreation=assign,
        Ipv6CidrBlockAssociationSet=[
            {"AssociationId": association_id, "Ipv6CidrBlock": cidr, "Ipv6CidrBlockState": {"State": state}}
        ],
    )
    return subnet


def test_the_ipv6_swap_waits_for_the_old_block_to_go_and_the_new_to_come(stub, run, sleeps):
    old, new, subnet_id = "2600:1f18:1::/64", "2600:1f18:1:1::/64", "subnet-00000000000000000"
    by_id = {"SubnetIds": [subnet_id]}
    expect_describe(stub, ipv6_subnet("subnet-cidr-assoc-1", old, "associated", assign=True))
    stub.add_response(
        "modify_subnet_attribute", {}, {"SubnetId": subnet_id, "AssignIpv6AddressOnCreation": {"Value": False}}
    )
    stub.add_response("disassociate_subnet_cidr_block", {}, {"AssociationId": "subnet-cidr-assoc-1"})
    stub.add_response("describe_subnets", {"Subnets": [ipv6_subnet("subnet-cidr-assoc-1", old, "associated")]}, by_id)
    stub.add_response(
        "describe_subnets", {"Subnets": [ipv6_subnet("subnet-cidr-assoc-1", old, "disassociating")]}, by_id
    )
    stub.add_response(
        "describe_subnets", {"Subnets": [ipv6_subnet("subnet-cidr-assoc-1", old, "disassociated")]}, by_id
    )
    stub.add_response(
        "associate_subnet_cidr_block",
        {
            "SubnetId": subnet_id,
            "Ipv6CidrBlockAssociation": {
                "AssociationId": "subnet-cidr-assoc-2",
                "Ipv6CidrBlock": new,
                "Ipv6CidrBlockState": {"State": "associating"},
            },
        },
        {"SubnetId": subnet_id, "Ipv6CidrBlock": new},
    )
    stub.add_response("describe_subnets", {"Subnets": [ipv6_subnet("subnet-cidr-assoc-2", new, "associating")]}, by_id)
    stub.add_response("describe_subnets", {"Subnets": [ipv6_subnet("subnet-cidr-assoc-2", new, "associated")]}, by_id)
    stub.add_response(
        "modify_subnet_attribute", {}, {"SubnetId": subnet_id, "AssignIpv6AddressOnCreation": {"Value": True}}
    )
    spec = dict(ARGS["subnets"][0], tags=None, ipv6_cidr=new, assign_instances_ipv6=True)
    result = run({"subnets": [spec], "wait": True})
    assert result["subnets"][0]["ipv6_cidr_block"] == new
    assert result["subnets"][0]["ipv6_association_id"] == "subnet-cidr-assoc-2"
    assert sleeps == [5, 5, 5]


def test_the_ipv6_swap_does_not_wait_without_wait(stub, run, sleeps):
    old, new, subnet_id = "2600:1f18:1::/64", "2600:1f18:1:1::/64", "subnet-00000000000000000"
    expect_describe(stub, ipv6_subnet("subnet-cidr-assoc-1", old, "associated"))
    stub.add_response("disassociate_subnet_cidr_block", {}, {"AssociationId": "subnet-cidr-assoc-1"})
    stub.add_response(
        "associate_subnet_cidr_block",
        {"Ipv6CidrBlockAssociation": {"AssociationId": "subnet-cidr-assoc-2", "Ipv6CidrBlock": new}},
        {"SubnetId": subnet_id, "Ipv6CidrBlock": new},
    )
    assert run({"subnets": [dict(ARGS["subnets"][0], tags=None, ipv6_cidr=new)]})["changed"]
    assert sleeps == []


def test_attributes_after_a_create_retry_while_the_new_subnet_is_not_found(stub, run, sleeps):
    cidr = expect_third_subnet_created(stub)
    stub.add_client_error(
        "modify_subnet_attribute", service_error_code="InvalidSubnetID.NotFound", http_status_code=400
    )
    stub.add_response(
        "modify_subnet_attribute", {}, {"SubnetId": "subnet-00000000000000002", "MapPublicIpOnLaunch": {"Value": True}}
    )
    subnets = ARGS["subnets"][:2] + [dict(ARGS["subnets"][2], map_public=True)]
    result = run({"subnets": subnets})
    assert result["changed_subnets"]["created"] == [cidr] and len(sleeps) == 1


def test_a_wait_timeout_fails_naming_the_subnet(stub, run):
    expect_third_subnet_created(stub)
    pending = {"Subnets": [aws_subnet(2, state="pending")]}
    stub.add_response("describe_subnets", pending, {"SubnetIds": ["subnet-00000000000000002"]})
    stub.add_response("describe_subnets", pending, {"SubnetIds": ["subnet-00000000000000002"]})
    result = run({"wait": True, "wait_timeout": 10})
    assert result["failed"] and "subnet-00000000000000002" in result["msg"] and "available" in result["msg"]


def test_a_new_subnet_assigns_ipv6_once_its_block_is_associated(stub, run, sleeps):
    expect_describe(stub)
    block, subnet_id = "2600:1f18:1::/64", "subnet-00000000000000000"
    new = ipv6_subnet("subnet-cidr-assoc-1", block, "associating")
    stub.add_response(
        "create_subnet",
        {"Subnet": dict(new, State="pending")},
        {"VpcId": VPC, "CidrBlock": PLAN[0][0], "AvailabilityZone": PLAN[0][1], "Ipv6CidrBlock": block},
    )
    stub.add_response("describe_subnets", {"Subnets": [new]}, {"SubnetIds": [subnet_id]})
    associated = ipv6_subnet("subnet-cidr-assoc-1", block, "associated")
    stub.add_response("describe_subnets", {"Subnets": [associated]}, {"SubnetIds": [subnet_id]})
    stub.add_response(
        "modify_subnet_attribute", {}, {"SubnetId": subnet_id, "AssignIpv6AddressOnCreation": {"Value": True}}
    )
    stub.add_response("describe_subnets", {"Subnets": [associated]}, {"SubnetIds": [subnet_id]})
    spec = dict(ARGS["subnets"][0], tags=None, ipv6_cidr=block, assign_instances_ipv6=True)
    result = run({"subnets": [spec], "wait": True})
    assert result["subnets"][0]["assign_ipv6_address_on_creation"] is True and sleeps == [5]
