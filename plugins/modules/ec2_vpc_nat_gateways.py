#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_nat_gateways
short_description: Converge the NAT gateways of one VPC in one run
version_added: 0.1.0
description:
  - Makes one public NAT gateway exist in each subnet of O(nat_gateways), in one module run. All the VPC's
    C(pending) and C(available) gateways, tags included, are read with one paginated DescribeNatGateways; then only
    what is missing or differs is written, in the gateway that differs. A loop of
    M(amazon.aws.ec2_vpc_nat_gateway) starts a module and reads the gateways and their tags once per subnet.
  - As M(amazon.aws.ec2_vpc_nat_gateway) with O(amazon.aws.ec2_vpc_nat_gateway#module:if_exist_do_not_create=true),
    a C(pending) or C(available) gateway in the subnet is the subnet's gateway (the oldest, if there are several);
    a C(failed), C(deleting) or C(deleted) one is not, and a new one is created.
  - A new gateway gets the Elastic IP O(nat_gateways[].allocation_id), or one the module allocates (AllocateAddress,
    released again if the gateway cannot be created). Each creation sends its own client token, so a retried
    request creates one gateway.
  - Compared on the tags (with O(nat_gateways[].purge_tags)). Stricter than M(amazon.aws.ec2_vpc_nat_gateway) on
    what cannot change in place, where that module keeps the existing gateway or makes a second one; the module
    fails before any change when the subnet's gateway is a private one, or does not use
    O(nat_gateways[].allocation_id) as its primary address (delete it first). A subnet where a gateway is to be
    created must be in O(vpc_id) (one DescribeSubnets, only then).
  - With O(wait), the module waits until every gateway of O(nat_gateways) is C(available), all at once (one
    DescribeNatGateways a poll), so gateways created together take the time of the slowest one, not the sum.
  - Gateways of the VPC that O(nat_gateways) does not name (another subnet's, or a second one in a listed subnet)
    are left alone, or deleted with O(purge_nat_gateways=true).
  - With O(state=absent) the C(pending) and C(available) gateways of the listed subnets are deleted (and, with
    O(purge_nat_gateways=true), every other gateway of the VPC); with O(release_eip) their Elastic IPs are then
    released, as M(amazon.aws.ec2_vpc_nat_gateway) does.
  - Supports check mode (returns the predicted gateways; a new gateway has no C(nat_gateway_id)) and diff mode
    (before and after, keyed by subnet id; a gateway that is not the one of a listed subnet by its own id).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  vpc_id:
    description: Id of the VPC.
    type: str
    required: true
  nat_gateways:
    description:
      - The NAT gateways, one per subnet. Subnet ids are unique. May be empty (with O(purge_nat_gateways)).
      - With O(state=absent), only each gateway's O(nat_gateways[].subnet_id) and O(nat_gateways[].allocation_id)
        are used.
    type: list
    elements: dict
    required: true
    suboptions:
      subnet_id:
        description: Id of the (public) subnet of the gateway; identifies the gateway.
        type: str
        required: true
      allocation_id:
        description:
          - Allocation id of the Elastic IP of the gateway. Not set, a new gateway gets an Elastic IP allocated by
            the module, and an existing gateway's is not checked.
          - An Elastic IP given here is never released (see O(release_eip)).
        type: str
      tags:
        description:
          - Tags of the gateway. Not set, an existing gateway's tags are left alone.
          - Compared as M(amazon.aws.ec2_vpc_nat_gateway) compares them, values as strings (V(1) is AWS's V("1"));
            the AWS-reserved C(aws:*) tags are neither compared nor removed.
        type: dict
      purge_tags:
        description: Whether tags of the gateway that O(nat_gateways[].tags) does not list are removed.
        type: bool
        default: true
  purge_nat_gateways:
    description:
      - Whether C(pending) and C(available) gateways of the VPC that are not the gateway of a subnet of
        O(nat_gateways) are deleted.
    type: bool
    default: false
  release_eip:
    description:
      - Whether the Elastic IP (the primary address) of each gateway deleted is released once the gateway is
        C(deleted) (the module then waits for that, see O(wait_timeout)), except an O(nat_gateways[].allocation_id).
    type: bool
    default: false
  wait:
    description:
      - Whether to wait until the gateways of O(nat_gateways) are C(available) (with O(state=present)), or until the
        deleted gateways are C(deleted).
      - Not in check mode, where nothing is created.
    type: bool
    default: false
  wait_timeout:
    description: Seconds each wait (see O(wait) and O(release_eip)) may take before the module fails.
    type: int
    default: 320
  state:
    description: Whether the gateways of O(nat_gateways) should exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Only public NAT gateways with one address are managed; secondary addresses are neither set nor compared.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: A NAT gateway in the public subnet of each AZ, waited for
  prodgrade.aws.ec2_vpc_nat_gateways:
    vpc_id: vpc-0123456789abcdef0
    nat_gateways:
      - {subnet_id: subnet-0aaaaaaaaaaaaaaaa, tags: {Name: web-nat-a}}
      - {subnet_id: subnet-0bbbbbbbbbbbbbbbb, tags: {Name: web-nat-b}}
    wait: true
    wait_timeout: 600
  register: web_nat

- name: Gateway id by subnet
  ansible.builtin.debug:
    msg: "{{ web_nat.nat_gateway_ids['subnet-0aaaaaaaaaaaaaaaa'] }}"

- name: Remove every NAT gateway of the VPC and release their Elastic IPs
  prodgrade.aws.ec2_vpc_nat_gateways:
    vpc_id: vpc-0123456789abcdef0
    nat_gateways: []
    purge_nat_gateways: true
    release_eip: true
    state: absent
"""

RETURN = r"""
nat_gateways:
  description:
    - The gateways of O(nat_gateways), in that order, as M(amazon.aws.ec2_vpc_nat_gateway) returns one (as read
      after the wait, with O(wait)). Predicted in check mode (a gateway to create has no
      RV(nat_gateways[].nat_gateway_id)). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    nat_gateway_id:
      description: Gateway id.
      returned: when the gateway exists
      type: str
      sample: nat-0123456789abcdef0
    subnet_id:
      description: Subnet id.
      type: str
      sample: subnet-0aaaaaaaaaaaaaaaa
    vpc_id:
      description: VPC id.
      type: str
      sample: vpc-0123456789abcdef0
    state:
      description: C(pending) or C(available).
      type: str
      sample: available
    connectivity_type:
      description: C(public).
      type: str
      sample: public
    nat_gateway_addresses:
      description: The addresses of the gateway (predicted in check mode with only the allocation id given, if any).
      type: list
      elements: dict
      sample: [{"allocation_id": "eipalloc-0123456789abcdef0", "public_ip": "203.0.113.10",
                "private_ip": "10.0.0.12", "network_interface_id": "eni-0123456789abcdef0", "is_primary": true}]
    create_time:
      description: When the gateway was created (ISO 8601).
      returned: when the gateway exists
      type: str
      sample: "2026-01-05T10:00:00+00:00"
    tags:
      description: Tags.
      type: dict
      sample: {"Name": "web-nat-a"}
nat_gateway_ids:
  description: Ids of the existing gateways of O(nat_gateways) by subnet id (a gateway to create in check mode is missing).
  returned: always
  type: dict
  sample: {"subnet-0aaaaaaaaaaaaaaaa": "nat-0123456789abcdef0"}
changed_nat_gateways:
  description:
    - The gateways created, updated and deleted (would be, in check mode), by subnet id (a gateway that is not the one
      of a listed subnet by its own id).
  returned: always
  type: dict
  contains:
    created:
      description: Created gateways.
      type: list
      elements: str
      sample: ["subnet-0bbbbbbbbbbbbbbbb"]
    updated:
      description: Gateways whose tags changed.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted gateways.
      type: list
      elements: str
      sample: []
released_allocation_ids:
  description: Allocation ids of the Elastic IPs released (would be, in check mode), see O(release_eip).
  returned: always
  type: list
  elements: str
  sample: ["eipalloc-0123456789abcdef0"]
"""

import uuid

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.ec2 import AnsibleEC2Error
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
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import allocate_vpc_address
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_nat_gateway
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_nat_gateway
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_nat_gateways
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_subnets
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import ensure_ec2_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import release_vpc_address
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import wait_nat_gateways

GATEWAY_SPEC = dict(
    subnet_id=dict(type="str", required=True),
    allocation_id=dict(type="str"),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    vpc_id=dict(type="str", required=True),
    nat_gateways=dict(type="list", elements="dict", required=True, options=GATEWAY_SPEC),
    purge_nat_gateways=dict(type="bool", default=False),
    release_eip=dict(type="bool", default=False),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=320),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
# A gateway in these states is the subnet's gateway; failed, deleting and deleted ones are not.
LIVE_STATES = ["pending", "available"]


def validate_params(p):
    errors = []
    if not p["vpc_id"].startswith("vpc-"):
        errors.append(f"vpc_id: '{p['vpc_id']}' is not a VPC id (vpc-...)")
    for index, g in enumerate(p["nat_gateways"]):
        if not g["subnet_id"].startswith("subnet-"):
            errors.append(f"nat_gateways[{index}].subnet_id: '{g['subnet_id']}' is not a subnet id (subnet-...)")
        if g["allocation_id"] is not None and not g["allocation_id"].startswith("eipalloc-"):
            errors.append(
                f"nat_gateways[{index}].allocation_id: '{g['allocation_id']}' is not an Elastic IP allocation id"
                " (eipalloc-...)"
            )
    subnets = [g["subnet_id"] for g in p["nat_gateways"]]
    repeated = sorted({s for s in subnets if subnets.count(s) > 1})
    if repeated:
        errors.append(f"nat_gateways: subnet ids must be unique (one gateway per subnet): {', '.join(repeated)}")
    if p["wait_timeout"] < 0:
        errors.append(f"wait_timeout: {p['wait_timeout']} must not be negative")
    return errors


def normalize_gateway(gateway):
    """A DescribeNatGateways/CreateNatGateway gateway as amazon.aws.ec2_vpc_nat_gateway returns it (tags as a dict,
    times as ISO 8601 strings)."""
    result = camel_dict_to_snake_dict(gateway, ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(gateway.get("Tags", []))
    result.setdefault("connectivity_type", "public")
    result.setdefault("nat_gateway_addresses", [])
    for key in ("create_time", "delete_time"):
        if hasattr(result.get(key), "isoformat"):
            result[key] = result[key].isoformat()
    return result


def primary_allocation(gateway):
    """The allocation id of the gateway's primary address ('' when none)."""
    addresses = gateway.get("nat_gateway_addresses") or []
    primary = next((a for a in addresses if a.get("is_primary")), addresses[0] if addresses else {})
    return primary.get("allocation_id") or ""


def desired_tags(spec, current):
    return whole_tags((current or {}).get("tags"), spec["tags"], spec["purge_tags"])


def desired_gateway(vpc_id, spec, current):
    """A gateway of O(nat_gateways) in the compared shape; tags as the whole set wanted."""
    return dict(
        subnet_id=spec["subnet_id"],
        vpc_id=vpc_id,
        connectivity_type="public",
        tags=desired_tags(spec, current),
    )


def predicted(desired, allocation_id):
    """A gateway to create, as check mode shows it (no id, no address but the allocation given)."""
    gateway = merge(None, desired)
    gateway["tags"] = gateway.get("tags") or {}
    gateway["state"] = "pending"
    gateway["nat_gateway_addresses"] = [{"allocation_id": allocation_id, "is_primary": True}] if allocation_id else []
    return gateway


def sorted_live(gateways):
    """The pending and available gateways, oldest first (the first in a subnet is the subnet's gateway)."""
    live = [g for g in gateways if g.get("State") in LIVE_STATES]
    return [normalize_gateway(g) for g in sorted(live, key=lambda g: (str(g.get("CreateTime", "")), g["NatGatewayId"]))]


class NatGateways:
    """The module's work against one EC2 client; remembers the Elastic IPs it allocated."""

    def __init__(self, module, client):
        self.module = module
        self.client = client
        self.allocated = {}  # subnet id -> allocation id the module allocated for it this run

    def create(self, desired, allocation_id):
        subnet_id = desired["subnet_id"]
        if not allocation_id:
            allocation_id = self.allocated[subnet_id] = allocate_vpc_address(self.client)
        request = dict(
            SubnetId=subnet_id, AllocationId=allocation_id, ConnectivityType="public", ClientToken=str(uuid.uuid4())
        )
        if desired["tags"]:
            request["TagSpecifications"] = boto3_tag_specifications(desired["tags"], types="natgateway")
        try:
            created = create_nat_gateway(self.client, **request)
        except AnsibleAWSError:
            self.release_allocated([subnet_id])
            raise
        return merge(normalize_gateway(created), desired)

    def update(self, current, desired):
        ensure_ec2_tags(self.client, current["nat_gateway_id"], current.get("tags"), desired["tags"], True)
        return merge(current, desired)

    def release_allocated(self, subnet_ids):
        """Release, as best it can, the addresses allocated this run for gateways that did not come to be."""
        for subnet_id in subnet_ids:
            allocation_id = self.allocated.pop(subnet_id, None)
            if allocation_id:
                try:
                    release_vpc_address(self.client, allocation_id)
                except AnsibleAWSError as e:
                    self.module.warn(f"Could not release Elastic IP {allocation_id} allocated for {subnet_id}: {e}")

    def wait_available(self, results):
        """Wait until every gateway of ``results`` is available; their after objects as read then."""
        waiting = {r.after["nat_gateway_id"]: key for key, r in results.items() if r.after["state"] != "available"}
        if not waiting:
            return {}
        try:
            read = wait_nat_gateways(self.client, list(waiting), "available", self.module.params["wait_timeout"])
        except AnsibleEC2Error as e:
            # A gateway created this run that failed keeps no address; it would leak the one the module allocated.
            self.release_allocated([g["SubnetId"] for g in getattr(e, "nat_gateways", [])])
            raise
        return {waiting[g["NatGatewayId"]]: normalize_gateway(g) for g in read}


def precheck(client, vpc_id, specs, found, present):
    """Errors for what cannot be converged (before any write): a subnet's gateway that cannot become what is asked,
    a subnet to create a gateway in that is not in the VPC."""
    if not present:
        return []
    errors = []
    for index, spec in enumerate(specs):
        where = f"nat_gateways[{index}] ({spec['subnet_id']})"
        current = found.get(spec["subnet_id"])
        if current and current["connectivity_type"] != "public":
            errors.append(f"{where}: {current['nat_gateway_id']} is a private NAT gateway; delete it first")
        elif current and spec["allocation_id"] and primary_allocation(current) != spec["allocation_id"]:
            errors.append(
                f"{where}: {current['nat_gateway_id']} uses {primary_allocation(current) or 'no Elastic IP'}, not"
                f" {spec['allocation_id']}; a NAT gateway's primary address cannot change: delete it first"
            )
    missing = [s["subnet_id"] for s in specs if s["subnet_id"] not in found]
    if missing:
        subnets = describe_subnets(client, Filters=[{"Name": "subnet-id", "Values": missing}])
        in_vpc = {s["SubnetId"] for s in subnets if s.get("VpcId") == vpc_id}
        errors.extend(
            f"nat_gateways[{index}].subnet_id: {s['subnet_id']} is not a subnet of {vpc_id}"
            for index, s in enumerate(specs)
            if s["subnet_id"] in missing and s["subnet_id"] not in in_vpc
        )
    return errors


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    specs = p["nat_gateways"]
    present = p["state"] == "present"
    released = []
    try:
        client = clients.client(module, "ec2")
        work = NatGateways(module, client)
        live = sorted_live(
            describe_nat_gateways(
                client,
                Filter=[{"Name": "vpc-id", "Values": [p["vpc_id"]]}, {"Name": "state", "Values": LIVE_STATES}],
            )
        )
        found = {}
        others = {}
        for gateway in live:
            if gateway["subnet_id"] in found:
                others[gateway["nat_gateway_id"]] = gateway
            else:
                found[gateway["subnet_id"]] = gateway
        errors = precheck(client, p["vpc_id"], specs, found, present)
        if errors:
            module.fail_json(msg="; ".join(errors))
        listed = {s["subnet_id"]: s for s in specs}
        # Absent deletes every live gateway of a listed subnet; purge every other one of the VPC.
        extra = {
            i: g for i, g in others.items() if (not present and g["subnet_id"] in listed) or p["purge_nat_gateways"]
        }
        if p["purge_nat_gateways"]:
            extra.update({g["nat_gateway_id"]: g for s, g in found.items() if s not in listed})
        results = {
            subnet_id: ensure(
                found.get(subnet_id),
                desired_gateway(p["vpc_id"], spec, found.get(subnet_id)) if present else None,
                check_mode=module.check_mode,
                differs=changed_keys,  # tags compared whole (the set wanted, see desired_tags)
                create=lambda d, s=spec: work.create(d, s["allocation_id"]),
                update=work.update,
                delete=lambda c: delete_nat_gateway(client, c["nat_gateway_id"]),
                predict=lambda c, d, s=spec: merge(c, d) if c else predicted(d, s["allocation_id"]),
            )
            for subnet_id, spec in listed.items()
        }
        results.update(
            {
                gateway_id: ensure(
                    gateway,
                    None,
                    check_mode=module.check_mode,
                    create=None,
                    update=None,
                    delete=lambda c: delete_nat_gateway(client, c["nat_gateway_id"]),
                )
                for gateway_id, gateway in extra.items()
            }
        )
        deleted = [r.before for r in results.values() if r.changed and r.after is None]
        given = {s["allocation_id"] for s in specs if s["allocation_id"]}  # never released
        to_release = [primary_allocation(g) for g in deleted if primary_allocation(g) not in given | {""}]
        after = {k: r.after for k, r in results.items()}
        if not module.check_mode:
            if deleted and (p["wait"] or (p["release_eip"] and to_release)):
                wait_nat_gateways(client, [g["nat_gateway_id"] for g in deleted], "deleted", p["wait_timeout"])
            if p["release_eip"]:
                released = [a for a in to_release if release_vpc_address(client, a)]
            if present and p["wait"]:
                after.update(work.wait_available({s: results[s] for s in listed}))
        elif p["release_eip"]:
            released = to_release
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    gateways = [after[s["subnet_id"]] for s in specs if after[s["subnet_id"]]]
    module.exit_json(
        changed=any(r.changed for r in results.values()) or bool(released),
        nat_gateways=gateways,
        nat_gateway_ids={g["subnet_id"]: g["nat_gateway_id"] for g in gateways if g.get("nat_gateway_id")},
        changed_nat_gateways=changed_names(results),
        released_allocation_ids=released,
        diff=names_diff(results, after),
    )


if __name__ == "__main__":
    main()
