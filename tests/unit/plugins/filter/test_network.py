"""The network planner: subnets keyed by AZ, and every input rule with the message users see."""

import copy

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.network import network_plan

PROD = {
    "public": {"a": "10.1.1.0/24", "b": "10.1.2.0/24", "c": "10.1.3.0/24"},
    "app": {"a": "10.1.10.0/24", "b": "10.1.11.0/24", "c": "10.1.12.0/24"},
    "data": {"a": "10.1.20.0/24", "b": "10.1.21.0/24", "c": "10.1.22.0/24"},
}


def plan(subnets=None, cidr="10.1.0.0/16", azs=("a", "b", "c"), **kw):
    kw.setdefault("region", "ap-south-1")
    kw.setdefault("name", "ecia-prod")
    return network_plan(cidr, copy.deepcopy(subnets or PROD), azs=list(azs), **kw)


def test_plan_keys_subnets_by_tier_and_az():
    result = plan()
    assert len(result["subnets"]) == 9
    by_key = {s["key"]: s for s in result["subnets"]}
    assert by_key["app-b"] == {
        "key": "app-b",
        "name": "ecia-prod-app-ap-south-1b",
        "tier": "app",
        "az_key": "b",
        "az": "ap-south-1b",
        "cidr": "10.1.11.0/24",
    }
    assert result["azs"] == {"a": "ap-south-1a", "b": "ap-south-1b", "c": "ap-south-1c"}


def test_adding_an_az_never_renumbers_the_others():
    two = plan(
        {t: {k: v for k, v in by.items() if k != "c"} for t, by in PROD.items()},
        azs=("a", "b"),
    )
    three = plan()
    before = {s["key"]: s for s in two["subnets"]}
    after = {s["key"]: s for s in three["subnets"]}
    assert all(after[k] == v for k, v in before.items())


@pytest.mark.parametrize("mode,nat_azs", [("per_az", ["a", "b", "c"]), ("single", ["a"]), ("none", [])])
def test_nat_mode(mode, nat_azs):
    assert plan(nat_mode=mode)["nat_azs"] == nat_azs


def test_optional_extra_tier():
    subnets = dict(PROD, mgmt={"a": "10.1.30.0/24", "b": "10.1.31.0/24", "c": "10.1.32.0/24"})
    assert {s["tier"] for s in plan(subnets)["subnets"]} == {
        "public",
        "app",
        "data",
        "mgmt",
    }


def _with(tier, az, cidr):
    subnets = copy.deepcopy(PROD)
    subnets[tier][az] = cidr
    return subnets


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (
            {"cidr": "10.1.0.0/33"},
            "network_vpc_cidr: '10.1.0.0/33' is not a valid IPv4 CIDR",
        ),
        (
            {"cidr": "not-a-cidr"},
            "network_vpc_cidr: 'not-a-cidr' is not a valid IPv4 CIDR",
        ),
        (
            {"cidr": "10.0.0.0/8"},
            "network_vpc_cidr: '10.0.0.0/8' must have a prefix between /16 and /28",
        ),
        ({"cidr": "2001:db8::/56"}, "must be an IPv4 CIDR"),
        (
            {"subnets": _with("app", "a", "10.2.10.0/24")},
            "network_subnets.app.a: 10.2.10.0/24 is not inside network_vpc_cidr 10.1.0.0/16",
        ),
        (
            {"subnets": _with("data", "c", "10.1.10.128/25")},
            "network_subnets.data.c: 10.1.10.128/25 overlaps network_subnets.app.a (10.1.10.0/24)",
        ),
        (
            {"subnets": _with("public", "b", "10.1.2.0/29x")},
            "network_subnets.public.b: '10.1.2.0/29x'",
        ),
        (
            {"azs": ("a", "b")},
            "network_subnets.app: has 3 subnets but network_azs lists 2 AZs ['a', 'b']; no AZ for ['c']",
        ),
        ({"azs": ("a", "b", "c", "d")}, "network_subnets.app: no subnet for AZ ['d']"),
        ({"azs": ("a", "a", "b")}, "lists an AZ twice"),
        ({"azs": ("1a",)}, "network_azs: '1a' is not an AZ suffix"),
        ({"azs": ()}, "network_azs: must be a non-empty list"),
        (
            {"region": "mars-north-1"},
            "network_region: 'mars-north-1' is not a known AWS region",
        ),
        (
            {"region": "eu-west-1", "allowed_regions": ["ap-south-1"]},
            "network_region: 'eu-west-1' is not in the organization's allowed regions ['ap-south-1']",
        ),
        (
            {"nat_mode": "sometimes"},
            "network_nat_mode: 'sometimes' must be one of per_az, single, none",
        ),
        (
            {"subnets": {"public": PROD["public"], "app": PROD["app"]}},
            "network_subnets: the 'data' tier is missing",
        ),
        # The flow log role's trust names the account (aws:SourceAccount): an empty one would trust nobody's.
        ({"account_id": ""}, "network_account_id: '' must be a 12-digit account id"),
        ({"account_id": "12345"}, "network_account_id: '12345' must be a 12-digit account id"),
    ],
)
def test_bad_input_names_the_variable_and_the_rule(kwargs, message):
    with pytest.raises(AnsibleFilterError) as err:
        plan(**kwargs)
    assert message in str(err.value)


def test_allowed_region_passes():
    assert plan(allowed_regions=["ap-south-1"])["region"] == "ap-south-1"


def test_an_account_id_passes():
    assert plan(account_id="293870711434")["region"] == "ap-south-1"


def test_subnet_ids_by_tier_and_az():
    from ansible_collections.prodgrade.aws.plugins.filter.network import (
        network_subnet_ids,
    )

    p = plan()
    ids = {s["key"]: "subnet-" + s["key"] for s in p["subnets"]}
    ids["data-c"] = ""  # not created yet (check mode): left out
    assert network_subnet_ids(p, ids, tier="public") == [
        "subnet-public-a",
        "subnet-public-b",
        "subnet-public-c",
    ]
    assert network_subnet_ids(p, ids, tier="data") == ["subnet-data-a", "subnet-data-b"]
    assert network_subnet_ids(p, ids, az="b", tiers=["app", "data"]) == [
        "subnet-app-b",
        "subnet-data-b",
    ]
