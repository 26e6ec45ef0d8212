"""network_subnet_items, network_nat_gateways, network_gateway_endpoints and network_route_tables: the role's subnets,
NAT gateways, gateway endpoints and route tables as the batch modules' items,
with the names and tags the per-item amazon.aws tasks gave them (layer_outputs_info and the workload roles read
them by tag)."""

from ansible_collections.prodgrade.aws.plugins.filter.network import network_gateway_endpoints
from ansible_collections.prodgrade.aws.plugins.filter.network import network_nat_gateways
from ansible_collections.prodgrade.aws.plugins.filter.network import network_plan
from ansible_collections.prodgrade.aws.plugins.filter.network import network_route_tables
from ansible_collections.prodgrade.aws.plugins.filter.network import network_subnet_items

TAGS = {"ManagedBy": "ansible", "Environment": "prod"}
SUBNETS = {
    "public": {"a": "10.0.0.0/24", "b": "10.0.1.0/24"},
    "app": {"a": "10.0.10.0/24", "b": "10.0.11.0/24"},
    "data": {"a": "10.0.20.0/24", "b": "10.0.21.0/24"},
}
PLAN = network_plan("10.0.0.0/16", SUBNETS, azs=["a", "b"], region="ap-south-1", name="ecia")
IDS = {s["key"]: f"subnet-{s['key']}" for s in PLAN["subnets"]}


def test_subnet_items_in_plan_order_with_name_and_tier_tags():
    items = network_subnet_items(PLAN, TAGS)
    assert [i["cidr"] for i in items] == [s["cidr"] for s in PLAN["subnets"]]
    assert items[0] == {
        "cidr": "10.0.10.0/24",
        "az": "ap-south-1a",
        "tags": dict(TAGS, Name="ecia-app-ap-south-1a", Tier="app"),
    }


def test_route_tables_public_isolated_and_private_per_az():
    tables = network_route_tables(PLAN, IDS, "ecia", TAGS, ["data"], "igw-1", {"a": "nat-a", "b": "nat-b"})
    assert [t["name"] for t in tables] == [
        "ecia-public-rt",
        "ecia-data-rt",
        "ecia-private-rt-ap-south-1a",
        "ecia-private-rt-ap-south-1b",
    ]
    public, data, private_a, private_b = tables
    assert public["tags"] == dict(TAGS, Name="ecia-public-rt", Tier="public")
    assert public["routes"] == [{"dest": "0.0.0.0/0", "gateway_id": "igw-1"}]
    assert public["subnets"] == ["subnet-public-a", "subnet-public-b"]
    assert data["routes"] == [] and data["purge_routes"] is False and data["tags"]["Tier"] == "data"
    assert data["subnets"] == ["subnet-data-a", "subnet-data-b"]
    assert private_a["tags"] == dict(TAGS, Name="ecia-private-rt-ap-south-1a", Tier="private")
    assert private_a["subnets"] == ["subnet-app-a"] and private_b["subnets"] == ["subnet-app-b"]
    assert private_b["routes"] == [{"dest": "0.0.0.0/0", "nat_gateway_id": "nat-b"}]


def test_single_nat_serves_every_az_and_no_nat_means_no_route_out():
    single = network_route_tables(PLAN, IDS, "ecia", TAGS, ["data"], "igw-1", {"a": "nat-a"})
    assert [t["routes"] for t in single[2:]] == [[{"dest": "0.0.0.0/0", "nat_gateway_id": "nat-a"}]] * 2
    assert [t["routes"] for t in network_route_tables(PLAN, IDS, "ecia", TAGS, ["data"], "igw-1", {})[2:]] == [[], []]


def test_subnets_not_created_yet_are_left_out():
    tables = network_route_tables(PLAN, dict(IDS, **{"public-b": ""}), "ecia", TAGS, ["data"], "igw-planned", {})
    assert tables[0]["subnets"] == ["subnet-public-a"]


def test_nat_gateways_one_per_nat_az_in_its_public_subnet():
    items = network_nat_gateways(PLAN, IDS, "ecia", TAGS)
    assert items == [
        {"subnet_id": "subnet-public-a", "tags": dict(TAGS, Name="ecia-nat-ap-south-1a")},
        {"subnet_id": "subnet-public-b", "tags": dict(TAGS, Name="ecia-nat-ap-south-1b")},
    ]
    single = network_plan("10.0.0.0/16", SUBNETS, azs=["a", "b"], region="ap-south-1", name="ecia", nat_mode="single")
    assert [i["subnet_id"] for i in network_nat_gateways(single, IDS, "ecia", TAGS)] == ["subnet-public-a"]
    none = network_plan("10.0.0.0/16", SUBNETS, azs=["a", "b"], region="ap-south-1", name="ecia", nat_mode="none")
    assert network_nat_gateways(none, IDS, "ecia", TAGS) == []
    # A public subnet not created yet (under --check) has no id: no gateway for it.
    assert len(network_nat_gateways(PLAN, dict(IDS, **{"public-b": ""}), "ecia", TAGS)) == 1


def test_gateway_endpoints_one_per_service_on_the_tables_given():
    items = network_gateway_endpoints(["s3", "dynamodb"], "ap-south-1", "ecia", TAGS, ["rtb-1", "rtb-2"])
    assert items == [
        {
            "service": "com.amazonaws.ap-south-1.s3",
            "route_table_ids": ["rtb-1", "rtb-2"],
            "tags": dict(TAGS, Name="ecia-s3-endpoint"),
        },
        {
            "service": "com.amazonaws.ap-south-1.dynamodb",
            "route_table_ids": ["rtb-1", "rtb-2"],
            "tags": dict(TAGS, Name="ecia-dynamodb-endpoint"),
        },
    ]
    assert network_gateway_endpoints([], "ap-south-1", "ecia", TAGS, []) == []
