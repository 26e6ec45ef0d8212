"""Gateway endpoints keep their route tables' routes in step: ModifyVpcEndpoint adds and removes the prefix-list
routes, DeleteVpcEndpoints removes those that exist, and a ClientToken makes CreateVpcEndpoint idempotent (moto
only edited RouteTableIds, then failed the delete on a table it never routed, and ignored the token)."""

S3 = "com.amazonaws.us-east-1.s3"


def endpoint_routes(ec2, table):
    routes = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
    return [(r["DestinationPrefixListId"], r["GatewayId"]) for r in routes if "DestinationPrefixListId" in r]


def test_gateway_endpoint_route_tables(client):
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    first, second = (ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"] for _i in range(2))
    created = ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName=S3, VpcEndpointType="Gateway", RouteTableIds=[first], ClientToken="token-1"
    )["VpcEndpoint"]
    endpoint = created["VpcEndpointId"]
    [(prefix_list, gateway)] = endpoint_routes(ec2, first)
    assert gateway == endpoint

    again = ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName=S3, VpcEndpointType="Gateway", RouteTableIds=[first], ClientToken="token-1"
    )["VpcEndpoint"]
    assert again["VpcEndpointId"] == endpoint
    assert len(ec2.describe_vpc_endpoints()["VpcEndpoints"]) == 1
    assert endpoint_routes(ec2, first) == [(prefix_list, endpoint)]

    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint, AddRouteTableIds=[second], RemoveRouteTableIds=[first])
    assert endpoint_routes(ec2, first) == []
    assert endpoint_routes(ec2, second) == [(prefix_list, endpoint)]
    assert ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint])["VpcEndpoints"][0]["RouteTableIds"] == [second]

    ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint])
    assert endpoint_routes(ec2, second) == []
