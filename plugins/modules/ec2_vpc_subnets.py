#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_subnets
short_description: Converge all the subnets of one VPC in one run
version_added: 0.1.0
description:
  - Makes the subnets of O(subnets) exist in O(vpc_id), each identified by its IPv4 CIDR, with the attributes and
    tags given, in one module run. All the VPC's subnets and their tags are read with one paginated DescribeSubnets
    (filter V(vpc-id)); then only what is missing or differs is written, in the subnet that differs. A loop of
    M(amazon.aws.ec2_vpc_subnet) starts a module, reads the subnet twice and its tags (DescribeTags) once per subnet.
  - Compared as M(amazon.aws.ec2_vpc_subnet) compares, on O(subnets[].map_public), O(subnets[].assign_instances_ipv6)
    and O(subnets[].ipv6_cidr) (a subnet with an IPv6 CIDR that O(subnets[].ipv6_cidr) does not name loses it) and,
    when O(subnets[].tags) is set, on the tags (with O(subnets[].purge_tags)).
  - Stricter than M(amazon.aws.ec2_vpc_subnet) on the Availability Zone, which that module only uses to create; a
    subnet whose AZ is not O(subnets[].az) makes the module fail before any change (a subnet cannot move; delete it
    first).
  - New subnets are created with their tags (C(TagSpecifications)). With O(wait), the module then waits until they
    are C(available), as M(amazon.aws.ec2_vpc_subnet) does (one waiter for all of them). Attributes set right after
    the creation are retried while EC2 does not show the new subnet yet.
  - Subnets of the VPC that O(subnets) does not list are left alone, or deleted with O(purge_subnets=true).
  - With O(state=absent) the listed subnets are deleted.
  - Supports check mode (returns the predicted subnets; a new subnet has no C(id)) and diff mode (before and after,
    by CIDR).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  vpc_id:
    description: Id of the VPC.
    type: str
    required: true
  subnets:
    description:
      - The subnets. CIDRs are unique.
      - With O(state=absent), only each subnet's O(subnets[].cidr) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      cidr:
        description:
          - IPv4 CIDR of the subnet, inside the VPC's; identifies the subnet. An address and a prefix length with no
            host bits set (a netmask or a bare address make the module fail before any call), compared and returned
            as AWS writes it.
        type: str
        required: true
      az:
        description:
          - Availability Zone of the subnet. Not set, AWS picks one at creation and an existing subnet's is not
            checked.
        type: str
      map_public:
        description: Whether instances launched in the subnet get a public IPv4 address.
        type: bool
        default: false
      assign_instances_ipv6:
        description:
          - Whether instances launched in the subnet get an IPv6 address. Requires O(subnets[].ipv6_cidr).
        type: bool
        default: false
      ipv6_cidr:
        description:
          - IPv6 CIDR (a /64 of the VPC's IPv6 block) of the subnet. Not set, a subnet with an IPv6 CIDR loses it,
            as with M(amazon.aws.ec2_vpc_subnet).
          - Written as O(subnets[].cidr) is, and compared and sent as AWS writes it (V(2600:1F18:1:100::/64) is
            V(2600:1f18:1:100::/64)).
        type: str
      tags:
        description:
          - Tags of the subnet. Not set, an existing subnet's tags are left alone.
          - Compared as M(amazon.aws.ec2_vpc_subnet) compares them, values as strings (V(1) is AWS's V("1")); the
            AWS-reserved C(aws:*) tags are neither compared nor removed.
        type: dict
      purge_tags:
        description: Whether tags of the subnet that O(subnets[].tags) does not list are removed.
        type: bool
        default: true
  purge_subnets:
    description:
      - Whether subnets of the VPC that O(subnets) does not list are deleted (with O(state=present)).
    type: bool
    default: false
  wait:
    description:
      - Whether to wait until new subnets are C(available).
      - And, as M(amazon.aws.ec2_vpc_subnet) does, when a subnet's IPv6 CIDR changes, until the old one is
        disassociated before the new one is associated, and until the new one is associated before
        O(subnets[].assign_instances_ipv6) is turned on (on a new subnet too).
    type: bool
    default: true
  wait_timeout:
    description: Seconds each wait (see O(wait)) may take before the module fails.
    type: int
    default: 300
  state:
    description: Whether the subnets of O(subnets) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The public and app subnets of two AZs
  prodgrade.aws.ec2_vpc_subnets:
    vpc_id: vpc-0123456789abcdef0
    subnets:
      - {cidr: 10.0.0.0/24, az: eu-west-1a, tags: {Name: web-public-a, Tier: public}}
      - {cidr: 10.0.1.0/24, az: eu-west-1b, tags: {Name: web-public-b, Tier: public}}
      - {cidr: 10.0.10.0/24, az: eu-west-1a, tags: {Name: web-app-a, Tier: app}}
      - {cidr: 10.0.11.0/24, az: eu-west-1b, tags: {Name: web-app-b, Tier: app}}
    wait: false
  register: web_subnets

- name: Ids by CIDR
  ansible.builtin.debug:
    msg: "{{ web_subnets.subnet_ids['10.0.10.0/24'] }}"

- name: Remove them
  prodgrade.aws.ec2_vpc_subnets:
    vpc_id: vpc-0123456789abcdef0
    subnets: [{cidr: 10.0.0.0/24}, {cidr: 10.0.1.0/24}, {cidr: 10.0.10.0/24}, {cidr: 10.0.11.0/24}]
    state: absent
"""

RETURN = r"""
subnets:
  description:
    - The subnets of O(subnets), in that order, as M(amazon.aws.ec2_vpc_subnet) returns one. Predicted in check mode
      (a subnet to create has no RV(subnets[].id)). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Subnet id.
      returned: when the subnet exists
      type: str
      sample: subnet-0123456789abcdef0
    cidr_block:
      description: IPv4 CIDR.
      type: str
      sample: 10.0.10.0/24
    availability_zone:
      description: Availability Zone.
      type: str
      sample: eu-west-1a
    vpc_id:
      description: VPC id.
      type: str
      sample: vpc-0123456789abcdef0
    state:
      description: C(pending) or C(available).
      returned: when the subnet exists
      type: str
      sample: available
    map_public_ip_on_launch:
      description: Whether instances get a public IPv4 address.
      type: bool
      sample: false
    assign_ipv6_address_on_creation:
      description: Whether instances get an IPv6 address.
      type: bool
      sample: false
    ipv6_cidr_block:
      description: The associated IPv6 CIDR, empty when none.
      type: str
      sample: ""
    ipv6_association_id:
      description: Id of the IPv6 CIDR's association, empty when none.
      type: str
      sample: ""
    tags:
      description: Tags.
      type: dict
      sample: {"Name": "web-app-a", "Tier": "app"}
subnet_ids:
  description: Ids of the existing subnets of O(subnets) by CIDR (a subnet to create in check mode is missing).
  returned: always
  type: dict
  sample: {"10.0.10.0/24": "subnet-0123456789abcdef0"}
changed_subnets:
  description: CIDRs of the subnets created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created subnets.
      type: list
      elements: str
      sample: ["10.0.11.0/24"]
    updated:
      description: Subnets whose attributes or tags changed.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted subnets.
      type: list
      elements: str
      sample: []
"""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import names_diff
from ansible_collections.prodgrade.aws.plugins.module_utils.common import whole_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import associate_subnet_cidr_block
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import cidr_network
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_subnet
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_subnet
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_subnets
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import disassociate_subnet_cidr_block
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import ensure_ec2_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import modify_new_subnet_attribute
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import modify_subnet_attribute
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import wait_subnet_ipv6_association
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import wait_subnets_available

SUBNET_SPEC = dict(
    cidr=dict(type="str", required=True),
    az=dict(type="str"),
    map_public=dict(type="bool", default=False),
    assign_instances_ipv6=dict(type="bool", default=False),
    ipv6_cidr=dict(type="str"),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    vpc_id=dict(type="str", required=True),
    subnets=dict(type="list", elements="dict", required=True, options=SUBNET_SPEC),
    purge_subnets=dict(type="bool", default=False),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def normalized(value, version):
    """The CIDR as AWS writes it (``str`` of the network), None unless a strict CIDR of IP ``version``."""
    network = cidr_network(value)
    return str(network) if network and network.version == version else None


def validate_params(p):
    errors = []
    for index, s in enumerate(p["subnets"]):
        where = f"subnets[{index}] ({s['cidr']})"
        if not normalized(s["cidr"], 4):
            errors.append(f"{where}: cidr must be an IPv4 network (address/prefix length) such as 10.0.1.0/24")
        if s["ipv6_cidr"] and not normalized(s["ipv6_cidr"], 6):
            errors.append(
                f"{where}: ipv6_cidr must be an IPv6 network (address/prefix length) such as 2600:1f18:1::/64"
            )
        if s["assign_instances_ipv6"] and not s["ipv6_cidr"]:
            errors.append(f"{where}: assign_instances_ipv6 requires ipv6_cidr")
    if errors:
        return errors
    cidrs = [normalized(s["cidr"], 4) for s in p["subnets"]]
    repeated = sorted({c for c in cidrs if cidrs.count(c) > 1})
    if repeated:
        errors.append(f"subnets: CIDRs must be unique: {', '.join(repeated)}")
    return errors


def normalize_subnet(subnet):
    """A DescribeSubnets/CreateSubnet subnet as amazon.aws.ec2_vpc_subnet returns it (id, tags as a dict, the
    associated IPv6 CIDR and its association id, empty when none)."""
    result = camel_dict_to_snake_dict(subnet, ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(subnet.get("Tags", []))
    result["id"] = result.pop("subnet_id")
    result["ipv6_cidr_block"] = ""
    result["ipv6_association_id"] = ""
    for item in result.get("ipv6_cidr_block_association_set") or []:
        if item.get("ipv6_cidr_block_state", {}).get("state") in ("associated", "associating"):
            result["ipv6_cidr_block"] = item["ipv6_cidr_block"]
            result["ipv6_association_id"] = item["association_id"]
    return result


def normalized_specs(p):
    """O(subnets) with the CIDRs in AWS's form (validated)."""
    return [
        dict(s, cidr=normalized(s["cidr"], 4), ipv6_cidr=s["ipv6_cidr"] and normalized(s["ipv6_cidr"], 6))
        for s in p["subnets"]
    ]


def desired_tags(spec, current):
    return whole_tags((current or {}).get("tags"), spec["tags"], spec["purge_tags"])


def desired_subnet(vpc_id, spec, current):
    """A subnet of O(subnets) in the compared shape (None: left alone); tags as the whole set wanted."""
    return dict(
        cidr_block=spec["cidr"],
        vpc_id=vpc_id,
        availability_zone=spec["az"],
        map_public_ip_on_launch=spec["map_public"],
        assign_ipv6_address_on_creation=spec["assign_instances_ipv6"],
        ipv6_cidr_block=spec["ipv6_cidr"] or "",
        tags=desired_tags(spec, current),
    )


def create(client, desired, wait, timeout):
    request = dict(VpcId=desired["vpc_id"], CidrBlock=desired["cidr_block"])
    if desired["availability_zone"]:
        request["AvailabilityZone"] = desired["availability_zone"]
    if desired["ipv6_cidr_block"]:
        request["Ipv6CidrBlock"] = desired["ipv6_cidr_block"]
    if desired["tags"]:
        request["TagSpecifications"] = boto3_tag_specifications(desired["tags"], types="subnet")
    created = create_subnet(client, **request)
    subnet = normalize_subnet(created)
    # A new subnet maps no public IP and assigns no IPv6 address: set only what differs from that, retrying while
    # EC2 does not show the subnet yet.
    if desired["map_public_ip_on_launch"]:
        modify_new_subnet_attribute(client, subnet["id"], MapPublicIpOnLaunch={"Value": True})
    if desired["assign_ipv6_address_on_creation"]:
        association = next(iter(created.get("Ipv6CidrBlockAssociationSet") or []), {})
        if wait and association.get("AssociationId") and association["Ipv6CidrBlockState"]["State"] != "associated":
            wait_subnet_ipv6_association(client, subnet["id"], association["AssociationId"], True, timeout)
        modify_new_subnet_attribute(client, subnet["id"], AssignIpv6AddressOnCreation={"Value": True})
    return merge(subnet, desired)


def update(client, current, desired, wait, timeout):
    subnet_id = current["id"]
    after = merge(current, desired)
    ipv6_changes = desired["ipv6_cidr_block"] != current["ipv6_cidr_block"]
    # Turned off before the IPv6 CIDR goes (AWS refuses to remove it while instances get addresses from it).
    if current.get("assign_ipv6_address_on_creation") and (
        ipv6_changes or not desired["assign_ipv6_address_on_creation"]
    ):
        modify_subnet_attribute(client, subnet_id, AssignIpv6AddressOnCreation={"Value": False})
    # With wait, as amazon.aws.ec2_vpc_subnet: the old block gone before the new is associated (AWS refuses a
    # second block), the new one associated before instances are to get addresses from it.
    if ipv6_changes:
        if current["ipv6_association_id"]:
            disassociate_subnet_cidr_block(client, current["ipv6_association_id"])
            if wait:
                wait_subnet_ipv6_association(client, subnet_id, current["ipv6_association_id"], False, timeout)
            after["ipv6_association_id"] = ""
        if desired["ipv6_cidr_block"]:
            association = associate_subnet_cidr_block(client, subnet_id, desired["ipv6_cidr_block"])
            after["ipv6_association_id"] = association.get("Ipv6CidrBlockAssociation", {}).get("AssociationId", "")
            if wait and after["ipv6_association_id"]:
                wait_subnet_ipv6_association(client, subnet_id, after["ipv6_association_id"], True, timeout)
    if desired["assign_ipv6_address_on_creation"] and (
        ipv6_changes or not current.get("assign_ipv6_address_on_creation")
    ):
        modify_subnet_attribute(client, subnet_id, AssignIpv6AddressOnCreation={"Value": True})
    if desired["map_public_ip_on_launch"] != current.get("map_public_ip_on_launch"):
        modify_subnet_attribute(client, subnet_id, MapPublicIpOnLaunch={"Value": desired["map_public_ip_on_launch"]})
    ensure_ec2_tags(client, subnet_id, current.get("tags"), desired["tags"], True)
    return after


def wrong_azs(existing, specs):
    return [
        f"subnets[{index}] ({s['cidr']}): is in {existing[s['cidr']]['availability_zone']}, not {s['az']}; a subnet"
        " cannot move to another AZ: delete it first"
        for index, s in enumerate(specs)
        if s["az"] and s["cidr"] in existing and existing[s["cidr"]]["availability_zone"] != s["az"]
    ]


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    specs = normalized_specs(p)
    present = p["state"] == "present"
    try:
        client = clients.client(module, "ec2")
        found = describe_subnets(client, Filters=[{"Name": "vpc-id", "Values": [p["vpc_id"]]}])
        existing = {s["CidrBlock"]: normalize_subnet(s) for s in found}
        errors = wrong_azs(existing, specs) if present else []
        if errors:
            module.fail_json(msg="; ".join(errors))
        wanted = {s["cidr"]: s for s in specs}
        if present and p["purge_subnets"]:
            wanted.update({cidr: None for cidr in existing if cidr not in wanted})
        results = {
            cidr: ensure(
                existing.get(cidr),
                desired_subnet(p["vpc_id"], spec, existing.get(cidr)) if present and spec else None,
                check_mode=module.check_mode,
                differs=changed_keys,  # tags compared whole (the set wanted, see desired_tags)
                create=lambda d: create(client, d, p["wait"], p["wait_timeout"]),
                update=lambda c, d: update(client, c, d, p["wait"], p["wait_timeout"]),
                delete=lambda c: delete_subnet(client, c["id"]),
            )
            for cidr, spec in wanted.items()
        }
        created = [r.after["id"] for r in results.values() if r.changed and r.before is None and r.after.get("id")]
        if created and p["wait"]:
            wait_subnets_available(client, created, p["wait_timeout"])
            for r in results.values():
                if r.after and r.after.get("id") in created:
                    r.after["state"] = "available"
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    subnets = [results[s["cidr"]].after for s in specs if results[s["cidr"]].after]
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        subnets=subnets,
        subnet_ids={s["cidr_block"]: s["id"] for s in subnets if s.get("id")},
        changed_subnets=changed_names(results),
        diff=names_diff(results),
    )


if __name__ == "__main__":
    main()
