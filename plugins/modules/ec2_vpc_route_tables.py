#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_route_tables
short_description: Converge the route tables of one VPC, their routes, subnet associations and tags, in one run
version_added: 0.1.0
description:
  - Makes the route tables of O(route_tables) exist in O(vpc_id), each found by its C(Name) tag
    (O(route_tables[].name)), with the routes, subnet associations and tags given, in one module run. All the VPC's
    route tables, their routes, associations and tags are read with one paginated DescribeRouteTables (filter
    V(vpc-id)); then only what is missing or differs is written, in the table that differs. A loop of
    M(amazon.aws.ec2_vpc_route_table) starts a module, reads every table of the VPC and each one's tags
    (DescribeTags), and sleeps 5 seconds after a change, once per table.
  - Routes are compared as M(amazon.aws.ec2_vpc_route_table) compares them. A route of O(route_tables[].routes)
    whose destination and target are in the table is kept; one whose destination is there with another target is
    replaced (ReplaceRoute; routes propagated from a virtual private gateway are never replaced); others are
    created. With O(route_tables[].purge_routes), the routes made by CreateRoute that are not listed are deleted;
    the local route (made with the table) and routes to a prefix list (those of gateway VPC endpoints, which
    M(amazon.aws.ec2_vpc_endpoint) manages) are never deleted. Unlike M(amazon.aws.ec2_vpc_route_table), IPv6 routes
    made by CreateRoute are purged too.
  - Subnet associations are compared when O(route_tables[].subnets) is set. A listed subnet associated with another
    table of the VPC is moved with one ReplaceRouteTableAssociation (M(amazon.aws.ec2_vpc_route_table) disassociates
    it and associates it on its next run). With O(route_tables[].purge_subnets), subnets associated with the table
    that it does not list are disassociated, unless another table of O(route_tables) takes them. The main
    association and gateway associations are left alone.
  - Tables are found by their C(Name) tag rather than by all of O(route_tables[].tags) (the C(lookup=tag) of
    M(amazon.aws.ec2_vpc_route_table)); a table whose other tags drifted is re-tagged, not duplicated. Two tables
    of the VPC with the same name make the module fail.
  - New tables are created with their tags (C(TagSpecifications)).
  - With O(state=absent) the listed tables are deleted, after their subnet and gateway associations. Listing the
    VPC's main table makes the module fail before any change (AWS deletes it only with the VPC).
  - Supports check mode (returns the predicted tables; a new table has no C(id)) and diff mode (before and after, by
    name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  vpc_id:
    description: Id of the VPC.
    type: str
    required: true
  route_tables:
    description:
      - The route tables. Names are unique, and so is each subnet among the tables' O(route_tables[].subnets).
      - With O(state=absent), only each table's O(route_tables[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Value of the table's C(Name) tag, which identifies it in the VPC.
        type: str
        required: true
      tags:
        description:
          - Tags of the table besides C(Name) (a C(Name) here must equal O(route_tables[].name)). Not set, an
            existing table's tags are left alone.
          - Compared as M(amazon.aws.ec2_vpc_route_table) compares them, values as strings (V(1) is AWS's V("1"));
            the AWS-reserved C(aws:*) tags are neither compared nor removed.
        type: dict
      purge_tags:
        description:
          - Whether tags of the table that O(route_tables[].tags) does not list are removed (never C(aws:*) tags),
            on any update of the table.
        type: bool
        default: true
      routes:
        description:
          - Routes of the table, each a destination and exactly one target.
        type: list
        elements: dict
        default: []
        suboptions:
          dest:
            description:
              - Destination IPv4 or IPv6 CIDR, an address and a prefix length with no host bits set (a netmask, a
                bare address or V(10.0.0.1/8) make the module fail before any call).
              - Compared and sent as AWS writes it (V(2600:1F18:0::/56) is V(2600:1f18::/56)).
            type: str
            required: true
          gateway_id:
            description:
              - Internet gateway or virtual private gateway id. A V(nat-) id is taken as O(route_tables[].routes[].nat_gateway_id)
                and a V(tgw-) id as O(route_tables[].routes[].transit_gateway_id), as M(amazon.aws.ec2_vpc_route_table)
                does.
            type: str
          nat_gateway_id:
            description: NAT gateway id.
            type: str
          transit_gateway_id:
            description: Transit gateway id.
            type: str
          vpc_peering_connection_id:
            description: VPC peering connection id.
            type: str
          network_interface_id:
            description: Network interface id.
            type: str
          egress_only_internet_gateway_id:
            description: Egress-only internet gateway id (IPv6 destinations).
            type: str
          instance_id:
            description: NAT instance id.
            type: str
          vpc_endpoint_id:
            description: Gateway Load Balancer endpoint id.
            type: str
      purge_routes:
        description: Whether routes of the table that O(route_tables[].routes) does not list are deleted (see above).
        type: bool
        default: true
      subnets:
        description: Ids of the subnets associated with the table. Not set, the associations are left alone.
        type: list
        elements: str
      purge_subnets:
        description: Whether subnets associated with the table that O(route_tables[].subnets) does not list are
          disassociated.
        type: bool
        default: true
  state:
    description: Whether the tables of O(route_tables) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: A public table to the internet gateway, an isolated table, a private table per AZ to its NAT gateway
  prodgrade.aws.ec2_vpc_route_tables:
    vpc_id: vpc-0123456789abcdef0
    route_tables:
      - name: web-public-rt
        tags: {Tier: public}
        routes: [{dest: 0.0.0.0/0, gateway_id: igw-0123456789abcdef0}]
        subnets: [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2]
      - name: web-data-rt
        tags: {Tier: data}
        purge_routes: false
        subnets: [subnet-0bbbbbbbbbbbbbbb1, subnet-0bbbbbbbbbbbbbbb2]
      - name: web-private-rt-a
        tags: {Tier: private}
        routes: [{dest: 0.0.0.0/0, nat_gateway_id: nat-0123456789abcdef0}]
        subnets: [subnet-0ccccccccccccccc1]
  register: web_route_tables

- name: Remove two of them
  prodgrade.aws.ec2_vpc_route_tables:
    vpc_id: vpc-0123456789abcdef0
    route_tables: [{name: web-public-rt}, {name: web-data-rt}]
    state: absent
"""

RETURN = r"""
route_tables:
  description:
    - The tables of O(route_tables), in that order, as M(amazon.aws.ec2_vpc_route_table) returns one. Predicted in
      check mode (a table to create has no RV(route_tables[].id)). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Route table id.
      returned: when the table exists
      type: str
      sample: rtb-0123456789abcdef0
    route_table_id:
      description: Route table id.
      returned: when the table exists
      type: str
      sample: rtb-0123456789abcdef0
    vpc_id:
      description: VPC id.
      type: str
      sample: vpc-0123456789abcdef0
    routes:
      description: Routes (destination, target, C(origin), C(state)).
      type: list
      elements: dict
      sample: [{"destination_cidr_block": "0.0.0.0/0", "gateway_id": "igw-0123456789abcdef0",
                "origin": "CreateRoute", "state": "active"}]
    associations:
      description: Associations (C(route_table_association_id), C(subnet_id) or C(gateway_id), C(main)).
      type: list
      elements: dict
      sample: [{"route_table_association_id": "rtbassoc-0123456789abcdef0", "subnet_id": "subnet-0aaaaaaaaaaaaaaa1",
                "main": false, "route_table_id": "rtb-0123456789abcdef0"}]
    tags:
      description: Tags, C(Name) included.
      type: dict
      sample: {"Name": "web-public-rt", "Tier": "public"}
route_table_ids:
  description: Ids of the existing tables of O(route_tables) by name (a table to create in check mode is missing).
  returned: always
  type: dict
  sample: {"web-public-rt": "rtb-0123456789abcdef0"}
changed_route_tables:
  description: Names of the tables created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created tables.
      type: list
      elements: str
      sample: ["web-private-rt-a"]
    updated:
      description: Tables whose routes, subnet associations or tags changed.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted tables.
      type: list
      elements: str
      sample: []
"""

import copy

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import associate_route_table
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import cidr_network
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_route
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_route_table
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_route
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_route_table
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_route_tables
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import disassociate_route_table
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import replace_route
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import replace_route_table_association

# Route target option -> (CreateRoute/ReplaceRoute request key, key of the target in DescribeRouteTables' Route).
TARGETS = {
    "gateway_id": ("GatewayId", "GatewayId"),
    "nat_gateway_id": ("NatGatewayId", "NatGatewayId"),
    "transit_gateway_id": ("TransitGatewayId", "TransitGatewayId"),
    "vpc_peering_connection_id": ("VpcPeeringConnectionId", "VpcPeeringConnectionId"),
    "network_interface_id": ("NetworkInterfaceId", "NetworkInterfaceId"),
    "egress_only_internet_gateway_id": ("EgressOnlyInternetGatewayId", "EgressOnlyInternetGatewayId"),
    "instance_id": ("InstanceId", "InstanceId"),
    "vpc_endpoint_id": ("VpcEndpointId", "GatewayId"),  # a GWLB endpoint route reads back as GatewayId vpce-...
}
TARGET_KEYS = {route_key for _request, route_key in TARGETS.values()}
DESTINATIONS = ("DestinationCidrBlock", "DestinationIpv6CidrBlock")
ROUTE_SPEC = dict({target: dict(type="str") for target in TARGETS}, dest=dict(type="str", required=True))
TABLE_SPEC = dict(
    name=dict(type="str", required=True),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
    routes=dict(type="list", elements="dict", default=[], options=ROUTE_SPEC),
    purge_routes=dict(type="bool", default=True),
    subnets=dict(type="list", elements="str"),
    purge_subnets=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    vpc_id=dict(type="str", required=True),
    route_tables=dict(type="list", elements="dict", required=True, options=TABLE_SPEC),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def route_target(route_spec):
    """The (option, value) pairs of a route's targets, with amazon.aws's reading of nat-/tgw- gateway ids."""
    targets = {k: route_spec[k] for k in TARGETS if route_spec.get(k)}
    gateway = targets.get("gateway_id", "")
    for prefix, option in (("nat-", "nat_gateway_id"), ("tgw-", "transit_gateway_id")):
        if gateway.startswith(prefix):
            targets[option] = targets.pop("gateway_id")
    return targets


def destination(dest):
    """The Route key and the value, as AWS writes it, of a destination CIDR (None if it is not a strict one)."""
    network = cidr_network(dest)
    if network is None:
        return None
    return (DESTINATIONS[0] if network.version == 4 else DESTINATIONS[1]), str(network)


def route_destination(route, dest_key):
    """A DescribeRouteTables route's destination under ``dest_key``, normalised as the task's are."""
    value = route.get(dest_key)
    found = destination(value) if value else None
    return found[1] if found else value


def validate_params(p):
    errors = []
    names = [t["name"] for t in p["route_tables"]]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        errors.append(f"route_tables: names must be unique: {', '.join(repeated)}")
    if p["state"] == "absent":
        return errors
    owners = {}
    for index, table in enumerate(p["route_tables"]):
        where = f"route_tables[{index}] ({table['name']})"
        if (table["tags"] or {}).get("Name", table["name"]) != table["name"]:
            errors.append(f"{where}: tags.Name must be the table's name")
        dests = []
        for number, route in enumerate(table["routes"]):
            found = destination(route["dest"])
            if found is None:
                errors.append(
                    f"{where}: routes[{number}].dest must be an IPv4 or IPv6 CIDR (address/prefix length, no host"
                    f" bits set), got {route['dest']}"
                )
            if len(route_target(route)) != 1:
                errors.append(f"{where}: routes[{number}] needs exactly one target ({', '.join(TARGETS)})")
            if found:
                dests.append(found[1])
        errors += [
            f"{where}: routes: destination {d} is listed twice"
            for d in sorted({d for d in dests if dests.count(d) > 1})
        ]
        for subnet in table["subnets"] or []:
            if not subnet.startswith("subnet-"):
                errors.append(f"{where}: subnets must be subnet ids, got {subnet}")
            elif subnet in owners:
                errors.append(f"{where}: subnet {subnet} is also listed by {owners[subnet]}")
            else:
                owners[subnet] = table["name"]
    return errors


def table_name(table):
    return boto3_tag_list_to_ansible_dict(table.get("Tags", [])).get("Name")


def view(table):
    """A DescribeRouteTables table as amazon.aws.ec2_vpc_route_table returns it (tags as a dict, ``id``)."""
    result = camel_dict_to_snake_dict(table, ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(table.get("Tags", []))
    if table.get("RouteTableId"):
        result["id"] = table["RouteTableId"]
    return result


def subnet_associations(table):
    return [a for a in table.get("Associations", []) if not a.get("Main") and a.get("SubnetId")]


# ---------------------------------------------------------------------------------------------------- the plan
def plan_routes(table, spec):
    """create / replace / delete lists of Route-shaped dicts, as amazon.aws.ec2_vpc_route_table decides them."""
    remaining = list(table.get("Routes", []))
    create, replace = [], []
    for route_spec in spec["routes"]:
        dest_key, dest = destination(route_spec["dest"])
        (option, target), *_rest = route_target(route_spec).items()
        wanted = {dest_key: dest, TARGETS[option][1]: target}
        request = {dest_key: dest, TARGETS[option][0]: target}
        same = [route_destination(r, dest_key) == dest for r in remaining]
        index = next(
            (i for i, r in enumerate(remaining) if same[i] and r.get(TARGETS[option][1]) == target),
            None,
        )
        if index is None:
            index = next(
                (i for i, r in enumerate(remaining) if same[i] and r.get("Origin") != "EnableVgwRoutePropagation"),
                None,
            )
            (replace if index is not None else create).append((wanted, request))
        if index is not None:
            del remaining[index]
    delete = []
    if spec["purge_routes"]:
        # Only routes made by CreateRoute to a CIDR: never the local route nor gateway endpoints' prefix lists.
        delete = [r for r in remaining if r.get("Origin") == "CreateRoute" and any(r.get(k) for k in DESTINATIONS)]
    return dict(create=create, replace=replace, delete=delete)


def plan_subnets(table, spec, wanted_by, associations):
    """associate (subnet ids), move ((association, subnet) from another table), disassociate (associations)."""
    if spec["subnets"] is None:
        return dict(associate=[], move=[], disassociate=[])
    own = {a["SubnetId"]: a for a in subnet_associations(table)}
    associate, move = [], []
    for subnet in dict.fromkeys(spec["subnets"]):
        if subnet in own:
            continue
        if subnet in associations:
            move.append(associations[subnet])
        else:
            associate.append(subnet)
    disassociate = []
    if spec["purge_subnets"]:
        # A subnet another listed table takes is moved by that table, not disassociated here.
        disassociate = [
            a
            for s, a in own.items()
            if s not in spec["subnets"] and wanted_by.get(s, table_name(table)) == table_name(table)
        ]
    return dict(associate=associate, move=move, disassociate=disassociate)


def plan_tags(table, spec):
    """set / unset as amazon.aws compares (values as strings, aws: tags never purged, purge_tags honoured) and the
    table's tags after them (None: left alone)."""
    if spec["tags"] is None:
        return dict(set={}, unset=[], tags=None)
    current = boto3_tag_list_to_ansible_dict(table.get("Tags", []))
    to_set, to_unset = compare_aws_tags(current, dict(spec["tags"], Name=spec["name"]), spec["purge_tags"])
    after = {k: v for k, v in current.items() if k not in to_unset}
    after.update({k: to_text(v) for k, v in to_set.items()})
    return dict(set=to_set, unset=to_unset, tags=after)


def plan_table(table, spec, wanted_by, associations):
    return dict(
        routes=plan_routes(table, spec),
        subnets=plan_subnets(table, spec, wanted_by, associations),
        tags=plan_tags(table, spec),
    )


def plan_keys(plan):
    """The parts of a table that the plan changes (ensure()'s changed keys)."""
    changes = dict(
        routes=any(plan["routes"].values()),
        subnets=any(plan["subnets"].values()),
        tags=bool(plan["tags"]["set"] or plan["tags"]["unset"]),
    )
    return [key for key, changed in changes.items() if changed]


def apply(table, plan, association_ids=None):
    """The table after the plan (``association_ids``: subnet -> the association ids the writes returned)."""
    table = copy.deepcopy(table)
    association_ids = association_ids or {}
    routes = [r for r in table.get("Routes", []) if r not in plan["routes"]["delete"]]
    for wanted, _request in plan["routes"]["replace"]:
        dest_key = next(k for k in DESTINATIONS if k in wanted)
        for route in routes:
            if route_destination(route, dest_key) == wanted[dest_key]:
                for key in TARGET_KEYS:
                    route.pop(key, None)
                route.update(wanted, State="active")
    routes += [dict(wanted, Origin="CreateRoute", State="active") for wanted, _request in plan["routes"]["create"]]
    table["Routes"] = routes
    dropped = {a["RouteTableAssociationId"] for a in plan["subnets"]["disassociate"]}
    associations = [a for a in table.get("Associations", []) if a.get("RouteTableAssociationId") not in dropped]
    for subnet in plan["subnets"]["associate"] + [a["SubnetId"] for a in plan["subnets"]["move"]]:
        association = dict(Main=False, SubnetId=subnet, AssociationState={"State": "associated"})
        if table.get("RouteTableId"):
            association["RouteTableId"] = table["RouteTableId"]
        if association_ids.get(subnet):
            association["RouteTableAssociationId"] = association_ids[subnet]
        associations.append(association)
    table["Associations"] = associations
    if plan["tags"]["tags"] is not None:
        table["Tags"] = ansible_dict_to_boto3_tag_list(plan["tags"]["tags"])
    return table


# -------------------------------------------------------------------------------------------------- the writes
def execute(client, table, plan):
    table_id = table["RouteTableId"]
    for route in plan["routes"]["delete"]:
        delete_route(client, table_id, **{k: route[k] for k in DESTINATIONS if route.get(k)})
    for _wanted, request in plan["routes"]["replace"]:
        replace_route(client, table_id, **request)
    for _wanted, request in plan["routes"]["create"]:
        create_route(client, table_id, **request)
    association_ids = {}
    for association in plan["subnets"]["move"]:
        association_ids[association["SubnetId"]] = replace_route_table_association(
            client, association["RouteTableAssociationId"], table_id
        )
    for subnet in plan["subnets"]["associate"]:
        association_ids[subnet] = associate_route_table(client, table_id, subnet)
    for association in plan["subnets"]["disassociate"]:
        disassociate_route_table(client, association["RouteTableAssociationId"])
    delete_tags(client, [table_id], plan["tags"]["unset"])
    create_tags(client, [table_id], plan["tags"]["set"])
    return apply(table, plan, association_ids)


def create(client, vpc_id, spec, plan):
    tags = dict(spec["tags"] or {}, Name=spec["name"])
    table = create_route_table(client, vpc_id, boto3_tag_specifications(tags, types="route-table"))
    return execute(
        client,
        dict(table, Tags=ansible_dict_to_boto3_tag_list(tags)),
        dict(plan, tags=dict(set={}, unset=[], tags=None)),
    )


def delete(client, table):
    for association in table.get("Associations", []):
        if not association.get("Main") and association.get("AssociationState", {}).get("State") in (
            "associated",
            "associating",
            None,
        ):
            disassociate_route_table(client, association["RouteTableAssociationId"])
    return delete_route_table(client, table["RouteTableId"])


def new_table(vpc_id, spec):
    """A table to create, as it is before its routes and associations: its tags only."""
    return dict(
        VpcId=vpc_id,
        Routes=[],
        Associations=[],
        Tags=ansible_dict_to_boto3_tag_list(dict(spec["tags"] or {}, Name=spec["name"])),
    )


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    present = p["state"] == "present"
    try:
        client = clients.client(module, "ec2")
        found = describe_route_tables(client, Filters=[{"Name": "vpc-id", "Values": [p["vpc_id"]]}])
        names = [table_name(t) for t in found]
        repeated = sorted({t["name"] for t in p["route_tables"] if names.count(t["name"]) > 1})
        if repeated:
            module.fail_json(msg=f"route_tables: several tables of {p['vpc_id']} are named {', '.join(repeated)}")
        existing = {table_name(t): t for t in found if table_name(t)}
        # Every subnet association of the VPC (a subnet has at most one), and which listed table wants each subnet.
        associations = {a["SubnetId"]: a for t in found for a in subnet_associations(t)}
        wanted_by = {s: t["name"] for t in p["route_tables"] for s in (t["subnets"] or [])} if present else {}
        # The main table goes only with the VPC: refused before any write (DeleteRouteTable would fail after the
        # subnets had been disassociated).
        mains = [
            f"{t['name']} ({existing[t['name']]['RouteTableId']})"
            for t in p["route_tables"]
            if not present and any(a.get("Main") for a in existing.get(t["name"], {}).get("Associations", []))
        ]
        if mains:
            module.fail_json(
                msg=f"route_tables: {', '.join(mains)} is the main route table of {p['vpc_id']}, which AWS deletes"
                " only with the VPC (make another table main first, or leave it out)"
            )
        results = {}
        for spec in p["route_tables"]:
            current = existing.get(spec["name"])
            if not present:
                results[spec["name"]] = ensure(
                    current,
                    None,
                    check_mode=module.check_mode,
                    create=None,
                    update=None,
                    delete=lambda c: delete(client, c),
                )
                continue
            plan = plan_table(current or new_table(p["vpc_id"], spec), spec, wanted_by, associations)
            results[spec["name"]] = ensure(
                current,
                spec,
                check_mode=module.check_mode,
                differs=lambda c, d, plan=plan: plan_keys(plan),
                predict=lambda c, d, plan=plan, spec=spec: apply(c or new_table(p["vpc_id"], spec), plan),
                create=lambda d, plan=plan: create(client, p["vpc_id"], d, plan),
                update=lambda c, d, plan=plan: execute(client, c, plan),
                delete=None,
            )
            # A subnet moved here is no longer the other table's.
            for association in plan["subnets"]["move"]:
                owner = table_name(next(t for t in found if t["RouteTableId"] == association["RouteTableId"]))
                if owner in existing:
                    existing[owner] = dict(
                        existing[owner],
                        Associations=[a for a in existing[owner]["Associations"] if a is not association],
                    )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    tables = {name: view(r.after) for name, r in results.items() if r.after}
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        route_tables=list(tables.values()),
        route_table_ids={name: t["id"] for name, t in tables.items() if t.get("id")},
        changed_route_tables=changed_names(results),
        diff=dict(
            before={name: view(r.before) for name, r in results.items() if r.before},
            after=tables,
        ),
    )


if __name__ == "__main__":
    main()
