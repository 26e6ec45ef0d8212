# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate a 3-tier network description and turn it into a subnet plan, before any API call."""

import ipaddress
import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail as _fail
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import account_id as check_account_id
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import region as check_region

NAT_MODES = ("per_az", "single", "none")
AZ_SUFFIX = re.compile(r"^[a-z]$")
# AWS: a VPC or subnet IPv4 block is between /16 and /28.
MIN_PREFIX = 16
MAX_PREFIX = 28


def _network(value, var):
    try:
        net = ipaddress.ip_network(str(value), strict=True)
    except ValueError as e:
        _fail(f"{var}: '{value}' is not a valid IPv4 CIDR ({e})")
    if net.version != 4:
        _fail(f"{var}: '{value}' must be an IPv4 CIDR")
    if not MIN_PREFIX <= net.prefixlen <= MAX_PREFIX:
        _fail(f"{var}: '{value}' must have a prefix between /{MIN_PREFIX} and /{MAX_PREFIX} (AWS limit)")
    return net


def _check_azs(azs):
    if not isinstance(azs, list) or not azs:
        _fail("network_azs: must be a non-empty list of AZ suffixes such as [a, b, c]")
    for az in azs:
        if not AZ_SUFFIX.match(str(az)):
            _fail(f"network_azs: '{az}' is not an AZ suffix (one letter a-z)")
    if len(set(azs)) != len(azs):
        _fail(f"network_azs: {azs} lists an AZ twice")


def _check_tier(tier, by_az, azs):
    var = f"network_subnets.{tier}"
    if not isinstance(by_az, dict) or not by_az:
        _fail(f"{var}: must map AZ suffixes to CIDRs, e.g. {{a: 10.0.1.0/24}}")
    extra = sorted(set(by_az) - set(azs))
    if extra:
        _fail(
            f"{var}: has {len(by_az)} subnets but network_azs lists {len(azs)} AZs {azs}; "
            f"no AZ for {extra} (every subnet needs its AZ in network_azs)"
        )
    missing = [az for az in azs if az not in by_az]
    if missing:
        _fail(f"{var}: no subnet for AZ {missing}; every tier needs one subnet in each AZ of network_azs")


def network_plan(
    vpc_cidr,
    subnets,
    azs,
    region,
    name,
    nat_mode="per_az",
    allowed_regions=None,
    required_tiers=None,
    account_id=None,
):
    check_region(region, "network_region", allowed_regions)
    if account_id is not None:
        check_account_id(account_id, "network_account_id", " (the flow log role's trust names it)")
    vpc = _network(vpc_cidr, "network_vpc_cidr")
    _check_azs(azs)
    if nat_mode not in NAT_MODES:
        _fail(f"network_nat_mode: '{nat_mode}' must be one of {', '.join(NAT_MODES)}")
    if not isinstance(subnets, dict):
        _fail("network_subnets: must be a dict of tier name to {AZ suffix: CIDR}")
    for tier in required_tiers or ["public", "app", "data"]:
        if tier not in subnets:
            _fail(f"network_subnets: the '{tier}' tier is missing")

    planned = []
    for tier in sorted(subnets):
        _check_tier(tier, subnets[tier], azs)
        for az in azs:
            var = f"network_subnets.{tier}.{az}"
            net = _network(subnets[tier][az], var)
            if not net.subnet_of(vpc):
                _fail(f"{var}: {net} is not inside network_vpc_cidr {vpc}")
            for other in planned:
                if net.overlaps(ipaddress.ip_network(other["cidr"])):
                    _fail(f"{var}: {net} overlaps network_subnets.{other['tier']}.{other['az_key']} ({other['cidr']})")
            planned.append(
                {
                    "key": f"{tier}-{az}",
                    "name": f"{name}-{tier}-{region}{az}",
                    "tier": tier,
                    "az_key": az,
                    "az": f"{region}{az}",
                    "cidr": str(net),
                }
            )

    nat_azs = {"per_az": list(azs), "single": list(azs[:1]), "none": []}[nat_mode]
    return {
        "region": region,
        "vpc_cidr": str(vpc),
        "azs": {az: f"{region}{az}" for az in azs},
        "subnets": planned,
        "nat_azs": nat_azs,
    }


def network_subnet_ids(plan, ids_by_key, tier=None, az=None, tiers=None):
    """Ids of the planned subnets of one tier (or several) and/or one AZ, in plan order."""
    wanted = set(tiers or []) | ({tier} if tier else set())
    return [
        ids_by_key[s["key"]]
        for s in plan["subnets"]
        if (not wanted or s["tier"] in wanted) and (az is None or s["az_key"] == az) and ids_by_key.get(s["key"])
    ]


def network_subnet_items(plan, tags):
    """The plan's subnets as prodgrade.aws.ec2_vpc_subnets items (plan order), tagged Name and Tier over ``tags``."""
    return [
        {"cidr": s["cidr"], "az": s["az"], "tags": dict(tags, Name=s["name"], Tier=s["tier"])} for s in plan["subnets"]
    ]


def network_nat_gateways(plan, ids_by_key, name, tags):
    """The plan's NAT gateways as prodgrade.aws.ec2_vpc_nat_gateways items: one in the public subnet of each AZ of
    ``nat_azs`` (plan order), tagged Name over ``tags``; a public subnet not created yet (no id) is left out."""
    return [
        {"subnet_id": ids_by_key[f"public-{az}"], "tags": dict(tags, Name=f"{name}-nat-{plan['azs'][az]}")}
        for az in plan["nat_azs"]
        if ids_by_key.get(f"public-{az}")
    ]


def network_gateway_endpoints(services, region, name, tags, route_table_ids):
    """Gateway endpoint services (``s3``, ``dynamodb``) as prodgrade.aws.ec2_vpc_endpoints items: the region's
    service, on ``route_table_ids``, tagged Name (``<name>-<service>-endpoint``) over ``tags``."""
    return [
        {
            "service": f"com.amazonaws.{region}.{service}",
            "route_table_ids": list(route_table_ids),
            "tags": dict(tags, Name=f"{name}-{service}-endpoint"),
        }
        for service in services
    ]


def network_route_tables(plan, ids_by_key, name, tags, isolated_tiers, igw_id, nat_by_az):
    """The role's route tables as prodgrade.aws.ec2_vpc_route_tables items: the public table (default route to the
    internet gateway), one per isolated tier (no route out; purge_routes off so gateway endpoint routes stay), one
    per AZ for the other tiers (default route to the AZ's NAT gateway, else the first one, else none)."""
    private_tiers = [
        t for t in dict.fromkeys(s["tier"] for s in plan["subnets"]) if t not in ["public", *isolated_tiers]
    ]
    first_nat = next(iter(nat_by_az.values()), "")
    tables = [
        {
            "name": f"{name}-public-rt",
            "tags": dict(tags, Name=f"{name}-public-rt", Tier="public"),
            "subnets": network_subnet_ids(plan, ids_by_key, tier="public"),
            "routes": [{"dest": "0.0.0.0/0", "gateway_id": igw_id}],
        }
    ]
    tables += [
        {
            "name": f"{name}-{tier}-rt",
            "tags": dict(tags, Name=f"{name}-{tier}-rt", Tier=tier),
            "subnets": network_subnet_ids(plan, ids_by_key, tier=tier),
            "routes": [],
            "purge_routes": False,
        }
        for tier in isolated_tiers
    ]
    for az, zone in plan["azs"].items():
        nat = nat_by_az.get(az) or first_nat
        tables.append(
            {
                "name": f"{name}-private-rt-{zone}",
                "tags": dict(tags, Name=f"{name}-private-rt-{zone}", Tier="private"),
                "subnets": network_subnet_ids(plan, ids_by_key, az=az, tiers=private_tiers),
                "routes": [{"dest": "0.0.0.0/0", "nat_gateway_id": nat}] if nat else [],
            }
        )
    return tables


class FilterModule:
    def filters(self):
        return {
            "network_plan": network_plan,
            "network_subnet_ids": network_subnet_ids,
            "network_subnet_items": network_subnet_items,
            "network_nat_gateways": network_nat_gateways,
            "network_gateway_endpoints": network_gateway_endpoints,
            "network_route_tables": network_route_tables,
        }
