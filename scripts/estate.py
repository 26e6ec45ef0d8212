#!/usr/bin/env python3
"""What the local endpoint holds, per account host of an inventory: used by the demo, the benchmark and tests.

Reads account ids from `ansible-inventory`, assumes each account's role on the endpoint like the playbooks do,
and counts the resources each layer builds.
"""

import argparse
import json
import os
import subprocess
import sys

import boto3

DEFAULT_ROLE = "OrganizationAccountAccessRole"
# The venv's, when this runs as .venv/bin/python without the venv on PATH.
_BESIDE = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
ANSIBLE_INVENTORY = _BESIDE if os.path.exists(_BESIDE) else "ansible-inventory"


def endpoint_url():
    return f"http://127.0.0.1:{os.environ.get('PRODGRADE_EMULATOR_PORT', '5100')}"


def inventory(inventory, pattern="all"):
    """(hostvars, groups) of an inventory as ansible-inventory sees it."""
    out = subprocess.run(
        [ANSIBLE_INVENTORY, "-i", inventory, "--list", "--limit", pattern],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out)
    groups = {name: body.get("hosts", []) for name, body in data.items() if name != "_meta"}
    return data["_meta"]["hostvars"], groups


def account_hosts(inventory_path, pattern="all"):
    """host -> (account id, role to assume there: None for the management account, reached as itself)."""
    hostvars, groups = inventory(inventory_path, pattern)
    management = {hostvars[h].get("aws_account_id") for h in groups.get("management", []) if h in hostvars}
    return {
        host: (v["aws_account_id"], None if v["aws_account_id"] in management else v.get("aws_assume_role_name"))
        for host, v in sorted(hostvars.items())
        if "aws_account_id" in v
    }


def session(account_id, role=DEFAULT_ROLE, region="ap-south-1"):
    base = dict(endpoint_url=endpoint_url(), region_name=region)
    creds = dict(aws_access_key_id="testing", aws_secret_access_key="testing")
    if role:
        sts = boto3.client("sts", **base, **creds)
        arn = f"arn:aws:iam::{account_id}:role/{role}"
        c = sts.assume_role(RoleArn=arn, RoleSessionName="estate")["Credentials"]
        creds = dict(
            aws_access_key_id=c["AccessKeyId"],
            aws_secret_access_key=c["SecretAccessKey"],
            aws_session_token=c["SessionToken"],
        )
    return boto3.Session(region_name=region, **creds)


def network_summary(s):
    ec2 = s.client("ec2", endpoint_url=endpoint_url())
    vpcs = [v for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
    ids = [v["VpcId"] for v in vpcs]
    if not ids:
        return {}
    flt = [{"Name": "vpc-id", "Values": ids}]
    nats = ec2.describe_nat_gateways(Filter=flt + [{"Name": "state", "Values": ["available", "pending"]}])
    return {
        "vpcs": [v["CidrBlock"] for v in vpcs],
        "subnets": len(ec2.describe_subnets(Filters=flt)["Subnets"]),
        "nat_gateways": len(nats["NatGateways"]),
        "route_tables": len(ec2.describe_route_tables(Filters=flt)["RouteTables"]),
        "vpc_endpoints": len(ec2.describe_vpc_endpoints(Filters=flt)["VpcEndpoints"]),
        "flow_logs": len(ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": ids}])["FlowLogs"]),
    }


def summary(inventory, pattern="all"):
    hosts = account_hosts(inventory, pattern)
    return {host: network_summary(session(acct, role)) for host, (acct, role) in hosts.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("-i", "--inventory", default="inventories/local")
    p.add_argument("--limit", default="all")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    data = summary(a.inventory, a.limit)
    if a.json:
        json.dump(data, sys.stdout, indent=2)
        return
    for host, res in data.items():
        if res:
            print(f"  {host:22} " + "  ".join(f"{k}={v}" for k, v in res.items()))


if __name__ == "__main__":
    main()
