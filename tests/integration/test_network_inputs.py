"""Bad network input stops the play before any API call, with a message naming the variable and the rule."""

import json

import pytest

CASES = {
    "malformed CIDR": (
        {"network_vpc_cidr": "10.0.0.0/33"},
        "network_vpc_cidr: '10.0.0.0/33' is not a valid IPv4 CIDR",
    ),
    "host bits set": (
        {"network_vpc_cidr": "10.0.0.1/16"},
        "network_vpc_cidr: '10.0.0.1/16' is not a valid IPv4 CIDR",
    ),
    "subnet outside the VPC": (
        {
            "network_subnets": {
                "public": {"a": "10.0.1.0/24", "b": "10.0.2.0/24"},
                "app": {"a": "10.9.10.0/24", "b": "10.0.11.0/24"},
                "data": {"a": "10.0.20.0/24", "b": "10.0.21.0/24"},
            }
        },
        "network_subnets.app.a: 10.9.10.0/24 is not inside network_vpc_cidr 10.0.0.0/16",
    ),
    "overlapping subnets": (
        {
            "network_subnets": {
                "public": {"a": "10.0.1.0/24", "b": "10.0.2.0/24"},
                "app": {"a": "10.0.0.0/23", "b": "10.0.11.0/24"},
                "data": {"a": "10.0.20.0/24", "b": "10.0.21.0/24"},
            }
        },
        "network_subnets.public.a: 10.0.1.0/24 overlaps network_subnets.app.a (10.0.0.0/23)",
    ),
    "fewer AZs than subnets": (
        {"network_azs": ["a"]},
        "network_subnets.app: has 2 subnets but network_azs lists 1 AZs",
    ),
    "unknown region": (
        {"network_region": "mars-north-1"},
        "network_region: 'mars-north-1' is not a known AWS region",
    ),
    "region outside the allow-list": (
        {"network_region": "eu-west-1"},
        "network_region: 'eu-west-1' is not in the organization's allowed regions",
    ),
    "bad NAT mode": (
        {"network_nat_mode": "sometimes"},
        "network_nat_mode",
    ),
}


@pytest.mark.parametrize("extra,message", CASES.values(), ids=CASES.keys())
def test_bad_input_stops_before_any_api_call(empty_endpoint, playbook, extra, message):
    empty_endpoint.reset_calls()
    # The static hosts only: the aws_ec2 inventory source of inventories/local calls the endpoint while it is parsed,
    # before any play runs, and those calls are not the role's.
    result = playbook(
        "playbooks/network.yml", "--limit", "ecia-dev", "-e", json.dumps(extra), inventory="inventories/local/hosts.yml"
    )
    assert result.returncode != 0
    assert message in " ".join(result.stdout.split()), result.stdout[-3000:]
    assert empty_endpoint.calls()["total"] == 0


def test_missing_required_variable(empty_endpoint, playbook, tmp_path):
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        "all:\n  children:\n    workloads:\n      hosts:\n"
        "        bare: {aws_account_id: '200000000009', ansible_connection: local, aws_home_region: ap-south-1}\n"
    )
    empty_endpoint.reset_calls()
    result = playbook("playbooks/network.yml", inventory=str(inventory))
    assert result.returncode != 0
    assert "missing required arguments: network_azs, network_subnets, network_vpc_cidr" in result.stdout
    assert empty_endpoint.calls()["total"] == 0
