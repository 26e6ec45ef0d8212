"""ec2_vpc_route_tables through main() against a Stubber-validated EC2 client: one DescribeRouteTables (vpc-id) for
all the tables, their routes, associations and tags; a write only in the table that is missing or differs, compared
as amazon.aws.ec2_vpc_route_table compares (the local route and gateway endpoint routes are never purged), none in
check mode or a no-op."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import ec2_vpc_route_tables as module

REGION = "ap-south-1"
VPC = "vpc-0123456789abcdef0"
IGW = "igw-0123456789abcdef0"
NAT_A, NAT_B = "nat-0aaaaaaaaaaaaaaaa", "nat-0bbbbbbbbbbbbbbbb"
VPC_FILTER = {"Filters": [{"Name": "vpc-id", "Values": [VPC]}]}
LOCAL = {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}
S3_ROUTE = {
    "DestinationPrefixListId": "pl-78a54011",
    "GatewayId": "vpce-0123",
    "Origin": "CreateRoute",
    "State": "active",
}
SUBNETS = {"public": ["subnet-0p1", "subnet-0p2"], "a": ["subnet-0a1"], "b": ["subnet-0b1"]}
SPECS = {
    "public": ("ecia-public-rt", "public", [{"dest": "0.0.0.0/0", "gateway_id": IGW}]),
    "a": ("ecia-private-rt-a", "private", [{"dest": "0.0.0.0/0", "nat_gateway_id": NAT_A}]),
    "b": ("ecia-private-rt-b", "private", [{"dest": "0.0.0.0/0", "nat_gateway_id": NAT_B}]),
}
ARGS = {
    "vpc_id": VPC,
    "route_tables": [
        {"name": name, "tags": {"ManagedBy": "ansible", "Tier": tier}, "routes": routes, "subnets": SUBNETS[key]}
        for key, (name, tier, routes) in SPECS.items()
    ],
}


def default_route(key):
    target = {k: v for k, v in SPECS[key][2][0].items() if k != "dest"}
    (option, value), *_rest = target.items()
    key_name = {"gateway_id": "GatewayId", "nat_gateway_id": "NatGatewayId"}[option]
    return {"DestinationCidrBlock": "0.0.0.0/0", key_name: value, "Origin": "CreateRoute", "State": "active"}


def aws_table(key, routes=None, subnets=None, tags=None, extra_routes=()):
    name, tier, _routes = SPECS[key]
    table_id = f"rtb-{key}"
    return {
        "RouteTableId": table_id,
        "VpcId": VPC,
        "Routes": [LOCAL] + (routes if routes is not None else [default_route(key)]) + list(extra_routes),
        "Associations": [
            {
                "Main": False,
                "RouteTableAssociationId": f"rtbassoc-{subnet}",
                "RouteTableId": table_id,
                "SubnetId": subnet,
                "AssociationState": {"State": "associated"},
            }
            for subnet in (subnets if subnets is not None else SUBNETS[key])
        ],
        "Tags": [
            {"Key": k, "Value": v} for k, v in (tags or {"Name": name, "ManagedBy": "ansible", "Tier": tier}).items()
        ],
        "PropagatingVgws": [],
    }


def main_table():
    return {
        "RouteTableId": "rtb-main",
        "VpcId": VPC,
        "Routes": [LOCAL],
        "Associations": [{"Main": True, "RouteTableAssociationId": "rtbassoc-main", "RouteTableId": "rtb-main"}],
        "Tags": [],
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


def expect_describe(stub, *tables):
    stub.add_response("describe_route_tables", {"RouteTables": [main_table(), *tables]}, VPC_FILTER)


def test_noop_makes_only_the_describe(stub, run):
    # The S3 gateway endpoint's prefix-list route and the local route are not the module's: kept, not reported.
    expect_describe(stub, aws_table("public"), aws_table("a", extra_routes=[S3_ROUTE]), aws_table("b"))
    result = run(diff=True)
    assert not result["changed"]
    assert result["route_table_ids"] == {
        "ecia-public-rt": "rtb-public",
        "ecia-private-rt-a": "rtb-a",
        "ecia-private-rt-b": "rtb-b",
    }
    assert result["route_tables"][1]["tags"]["Tier"] == "private"
    assert result["diff"]["before"] == result["diff"]["after"]


def test_create_from_nothing_with_tag_specifications(stub, run):
    expect_describe(stub, aws_table("public"), aws_table("a"))
    new = dict(aws_table("b", routes=[], subnets=[]))
    tags = [
        {"Key": "ManagedBy", "Value": "ansible"},
        {"Key": "Tier", "Value": "private"},
        {"Key": "Name", "Value": "ecia-private-rt-b"},
    ]
    stub.add_response(
        "create_route_table",
        {"RouteTable": new},
        {"VpcId": VPC, "TagSpecifications": [{"ResourceType": "route-table", "Tags": tags}]},
    )
    stub.add_response(
        "create_route",
        {"Return": True},
        {"RouteTableId": "rtb-b", "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": NAT_B},
    )
    stub.add_response(
        "associate_route_table",
        {"AssociationId": "rtbassoc-new"},
        {"RouteTableId": "rtb-b", "SubnetId": "subnet-0b1"},
    )
    result = run()
    assert result["changed_route_tables"] == {"created": ["ecia-private-rt-b"], "updated": [], "deleted": []}
    created = result["route_tables"][2]
    assert created["id"] == "rtb-b" and created["associations"][0]["route_table_association_id"] == "rtbassoc-new"
    assert {
        "destination_cidr_block": "0.0.0.0/0",
        "nat_gateway_id": NAT_B,
        "origin": "CreateRoute",
        "state": "active",
    } in created["routes"]


def test_route_target_drift_in_one_table_is_replaced_only_there(stub, run):
    stale = dict(default_route("b"), NatGatewayId="nat-0deaddeaddeaddead", State="blackhole")
    expect_describe(stub, aws_table("public"), aws_table("a"), aws_table("b", routes=[stale]))
    stub.add_response(
        "replace_route", {}, {"RouteTableId": "rtb-b", "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": NAT_B}
    )
    result = run(diff=True)
    assert result["changed_route_tables"] == {"created": [], "updated": ["ecia-private-rt-b"], "deleted": []}
    after = [
        r
        for r in result["diff"]["after"]["ecia-private-rt-b"]["routes"]
        if r.get("destination_cidr_block") == "0.0.0.0/0"
    ]
    assert after == [
        {"destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": NAT_B, "origin": "CreateRoute", "state": "active"}
    ]


def test_an_extra_route_is_purged_but_not_without_purge_routes(stub, run):
    extra = {"DestinationCidrBlock": "192.168.0.0/16", "GatewayId": IGW, "Origin": "CreateRoute", "State": "active"}
    expect_describe(stub, aws_table("public", extra_routes=[extra, S3_ROUTE]), aws_table("a"), aws_table("b"))
    stub.add_response("delete_route", {}, {"RouteTableId": "rtb-public", "DestinationCidrBlock": "192.168.0.0/16"})
    result = run(diff=True)
    assert result["changed_route_tables"]["updated"] == ["ecia-public-rt"]
    assert "192.168.0.0/16" not in str(result["diff"]["after"]["ecia-public-rt"]["routes"])

    expect_describe(stub, aws_table("public", extra_routes=[extra]), aws_table("a"), aws_table("b"))
    tables = [dict(t, purge_routes=False) if t["name"] == "ecia-public-rt" else t for t in ARGS["route_tables"]]
    assert not run({"route_tables": tables})["changed"]


def test_a_subnet_association_is_moved_in_one_call(stub, run):
    # subnet-0b1 sits in table a; table b wants it: one ReplaceRouteTableAssociation, no disassociation from a.
    expect_describe(
        stub, aws_table("public"), aws_table("a", subnets=["subnet-0a1", "subnet-0b1"]), aws_table("b", subnets=[])
    )
    stub.add_response(
        "replace_route_table_association",
        {"NewAssociationId": "rtbassoc-moved", "AssociationState": {"State": "associated"}},
        {"AssociationId": "rtbassoc-subnet-0b1", "RouteTableId": "rtb-b"},
    )
    result = run(diff=True)
    assert result["changed_route_tables"]["updated"] == ["ecia-private-rt-b"]
    associations = result["route_table_ids"], result["route_tables"][2]["associations"]
    assert associations[1][0]["subnet_id"] == "subnet-0b1"
    assert associations[1][0]["route_table_association_id"] == "rtbassoc-moved"


def test_an_unlisted_association_is_purged(stub, run):
    expect_describe(
        stub, aws_table("public", subnets=SUBNETS["public"] + ["subnet-0stray"]), aws_table("a"), aws_table("b")
    )
    stub.add_response("disassociate_route_table", {}, {"AssociationId": "rtbassoc-subnet-0stray"})
    assert run()["changed_route_tables"]["updated"] == ["ecia-public-rt"]


def test_tag_drift_is_fixed_in_place_not_by_a_new_table(stub, run):
    drifted = {"Name": "ecia-private-rt-a", "ManagedBy": "someone", "Tier": "private", "Stray": "x"}
    expect_describe(stub, aws_table("public"), aws_table("a", tags=drifted), aws_table("b"))
    stub.add_response("delete_tags", {}, {"Resources": ["rtb-a"], "Tags": [{"Key": "Stray"}]})
    stub.add_response("create_tags", {}, {"Resources": ["rtb-a"], "Tags": [{"Key": "ManagedBy", "Value": "ansible"}]})
    assert run()["changed_route_tables"] == {"created": [], "updated": ["ecia-private-rt-a"], "deleted": []}


def test_check_mode_writes_nothing(stub, run):
    stale = dict(default_route("a"), NatGatewayId=NAT_B)
    expect_describe(stub, aws_table("public", subnets=[]), aws_table("a", routes=[stale]))
    result = run(check_mode=True)
    assert result["changed_route_tables"] == {
        "created": ["ecia-private-rt-b"],
        "updated": ["ecia-public-rt", "ecia-private-rt-a"],
        "deleted": [],
    }
    assert "id" not in result["route_tables"][2] and "ecia-private-rt-b" not in result["route_table_ids"]
    assert [a["subnet_id"] for a in result["route_tables"][0]["associations"]] == SUBNETS["public"]


def test_two_tables_with_one_name_fail(stub, run):
    expect_describe(stub, aws_table("public"), dict(aws_table("public"), RouteTableId="rtb-other"))
    result = run()
    assert result["failed"] and "named ecia-public-rt" in result["msg"]


def test_absent_disassociates_and_deletes(stub, run):
    expect_describe(stub, aws_table("a"))
    stub.add_response("disassociate_route_table", {}, {"AssociationId": "rtbassoc-subnet-0a1"})
    stub.add_response("delete_route_table", {}, {"RouteTableId": "rtb-a"})
    result = run({"state": "absent", "route_tables": [{"name": "ecia-private-rt-a"}, {"name": "ecia-private-rt-b"}]})
    assert result["changed_route_tables"]["deleted"] == ["ecia-private-rt-a"] and result["route_tables"] == []


def test_bad_input_fails_before_any_call(run_module):
    args = {
        "vpc_id": VPC,
        "route_tables": [
            {"name": "x", "routes": [{"dest": "nowhere", "gateway_id": IGW}], "subnets": ["subnet-1"]},
            {"name": "y", "routes": [{"dest": "0.0.0.0/0"}], "subnets": ["subnet-1"], "tags": {"Name": "z"}},
        ],
    }
    result = run_module(module.main, args)
    assert result["failed"]
    for part in (
        "routes[0].dest must be",
        "routes[0] needs exactly one target",
        "subnet subnet-1 is also listed by x",
        "tags.Name",
    ):
        assert part in result["msg"]


def one_table(**spec):
    """route_tables with only ecia-private-rt-a (routes and subnets as ARGS), ``spec`` overriding."""
    return {"route_tables": [dict(ARGS["route_tables"][1], **spec)]}


def test_purge_tags_false_keeps_other_tags_on_any_update(stub, run):
    # Owner is not the task's: with purge_tags false a route change must not delete it, nor drop it from the diff.
    tags = {"Name": "ecia-private-rt-a", "Owner": "team-x", "Tier": "private"}
    expect_describe(stub, aws_table("a", tags=tags))
    stub.add_response(
        "create_route",
        {"Return": True},
        {"RouteTableId": "rtb-a", "DestinationCidrBlock": "10.1.0.0/16", "NatGatewayId": NAT_A},
    )
    routes = SPECS["a"][2] + [{"dest": "10.1.0.0/16", "nat_gateway_id": NAT_A}]
    result = run(one_table(tags={"Tier": "private"}, purge_tags=False, routes=routes), diff=True)
    assert result["changed_route_tables"]["updated"] == ["ecia-private-rt-a"]
    assert result["diff"]["after"]["ecia-private-rt-a"]["tags"] == tags
    assert result["route_tables"][0]["tags"] == tags


def test_tags_compared_as_strings_and_aws_tags_left_alone(stub, run):
    # {Cost: 1} is AWS's "1"; aws:* tags are AWS's own: no write for either, and the predicted tags keep both.
    tags = {"Name": "ecia-private-rt-a", "Cost": "1", "aws:cloudformation:stack-name": "net"}
    expect_describe(stub, aws_table("a", tags=tags))
    assert not run(one_table(tags={"Cost": 1}))["changed"]

    expect_describe(stub, aws_table("a", tags=dict(tags, Stray="x")))
    stub.add_response("delete_tags", {}, {"Resources": ["rtb-a"], "Tags": [{"Key": "Stray"}]})
    result = run(one_table(tags={"Cost": 1}), diff=True)
    assert result["diff"]["after"]["ecia-private-rt-a"]["tags"] == tags


def test_destinations_are_normalised_for_comparison_and_request(stub, run):
    eigw = "eigw-0123456789abcdef0"
    v6 = {"DestinationIpv6CidrBlock": "2600:1f18::/56", "EgressOnlyInternetGatewayId": eigw}
    expect_describe(stub, aws_table("a", extra_routes=[dict(v6, Origin="CreateRoute", State="active")]))
    routes = SPECS["a"][2] + [{"dest": "2600:1F18:0::/56", "egress_only_internet_gateway_id": eigw}]
    assert not run(one_table(routes=routes))["changed"]

    expect_describe(stub, aws_table("a"))
    stub.add_response("create_route", {"Return": True}, dict(v6, RouteTableId="rtb-a"))
    result = run(one_table(routes=routes), diff=True)
    assert result["changed_route_tables"]["updated"] == ["ecia-private-rt-a"]
    assert {
        "destination_ipv6_cidr_block": "2600:1f18::/56",
        "egress_only_internet_gateway_id": eigw,
        "origin": "CreateRoute",
        "state": "active",
    } in result["diff"]["after"]["ecia-private-rt-a"]["routes"]


@pytest.mark.parametrize("dest", ["10.0.0.1/8", "10.0.0.0/255.0.0.0", "10.0.0.1", "2600:1f18::", "fe80::%eth0/64"])
def test_a_destination_that_is_not_a_strict_cidr_fails_before_any_call(run_module, dest):
    args = {"vpc_id": VPC, "route_tables": [{"name": "x", "routes": [{"dest": dest, "gateway_id": IGW}]}]}
    result = run_module(module.main, args)
    assert result["failed"] and "route_tables[0] (x): routes[0].dest must be" in result["msg"] and dest in result["msg"]


def test_a_destination_listed_twice_in_two_spellings_fails(run_module):
    routes = [{"dest": "2600:1f18::/56", "gateway_id": IGW}, {"dest": "2600:1F18:0::/56", "gateway_id": IGW}]
    result = run_module(module.main, {"vpc_id": VPC, "route_tables": [{"name": "x", "routes": routes}]})
    assert result["failed"] and "destination 2600:1f18::/56 is listed twice" in result["msg"]


def test_absent_refuses_the_main_route_table_before_any_write(stub, run):
    main = dict(main_table(), Tags=[{"Key": "Name", "Value": "ecia-main-rt"}])
    stub.add_response("describe_route_tables", {"RouteTables": [main, aws_table("a")]}, VPC_FILTER)
    result = run({"state": "absent", "route_tables": [{"name": "ecia-private-rt-a"}, {"name": "ecia-main-rt"}]})
    assert result["failed"] and "ecia-main-rt (rtb-main) is the main route table of " + VPC in result["msg"]
