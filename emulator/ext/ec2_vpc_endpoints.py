"""EC2 gateway endpoints' routes, where moto's ModifyVpcEndpoint only edits the endpoint's RouteTableIds:

- ModifyVpcEndpoint with AddRouteTableIds/RemoveRouteTableIds adds/removes the route to the service's prefix list
  in those tables, as AWS does (moto left the tables as they were, so a removed table kept routing to the endpoint
  and an added one never did).
- DeleteVpcEndpoints then failed with InvalidRoute.NotFound on a table added by ModifyVpcEndpoint; it removes the
  routes that exist.
- CreateVpcEndpoint with a ClientToken already used in the region answers the endpoint that token created (AWS's
  idempotency; moto made a second endpoint and moved the tables' routes to it).
"""

from moto.core.responses import ActionResult
from moto.ec2.models.vpcs import VPCBackend
from moto.ec2.responses.vpcs import VPCs
from moto.ec2.utils import generate_route_id


def _is_gateway(endpoint) -> bool:
    return (endpoint.vpc_endpoint_type or "").lower() == "gateway" and bool(endpoint.destination_prefix_list_id)


def _remove_route(backend, route_table_id, prefix_list_id) -> None:
    table = backend.route_tables.get(route_table_id)
    if table is not None:
        table._routes.pop(generate_route_id(route_table_id, prefix_list_id), None)


def _patch():
    if getattr(VPCBackend, "_prodgrade_endpoints", False):
        return
    modify, delete = VPCBackend.modify_vpc_endpoint, VPCBackend.delete_vpc_endpoints

    def modify_vpc_endpoint(
        self,
        vpc_id,
        policy_doc,
        add_subnets,
        remove_subnets,
        remove_route_tables,
        add_route_tables,
        add_security_groups,
        remove_security_groups,
    ):
        endpoint = self.describe_vpc_endpoints(vpc_end_point_ids=[vpc_id])[0]
        if _is_gateway(endpoint):
            prefix_list = endpoint.destination_prefix_list_id
            for table in [t for t in add_route_tables or [] if t not in endpoint.route_table_ids]:
                self.create_route(table, None, gateway_id=endpoint.id, destination_prefix_list_id=prefix_list)
            for table in [t for t in remove_route_tables or [] if t in endpoint.route_table_ids]:
                _remove_route(self, table, prefix_list)
        return modify(
            self,
            vpc_id=vpc_id,
            policy_doc=policy_doc,
            add_subnets=add_subnets,
            remove_subnets=remove_subnets,
            remove_route_tables=remove_route_tables,
            add_route_tables=add_route_tables,
            add_security_groups=add_security_groups,
            remove_security_groups=remove_security_groups,
        )

    def delete_vpc_endpoints(self, vpce_ids=None):
        for vpce_id in vpce_ids or []:
            endpoint = self.vpc_end_points.get(vpce_id)
            if endpoint is not None and _is_gateway(endpoint) and endpoint.state != "deleted":
                for table in endpoint.route_table_ids:
                    _remove_route(self, table, endpoint.destination_prefix_list_id)
                endpoint.route_table_ids = []
        return delete(self, vpce_ids)

    VPCBackend.modify_vpc_endpoint = modify_vpc_endpoint
    VPCBackend.delete_vpc_endpoints = delete_vpc_endpoints
    VPCBackend._prodgrade_endpoints = True

    create_response = VPCs.create_vpc_endpoint

    def create_vpc_endpoint_response(self):
        token = self._get_param("ClientToken")
        if token:
            for endpoint in self.ec2_backend.vpc_end_points.values():
                if endpoint.client_token == token:
                    return ActionResult({"VpcEndpoint": endpoint, "ClientToken": token})
        return create_response(self)

    VPCs.create_vpc_endpoint = create_vpc_endpoint_response


_patch()
