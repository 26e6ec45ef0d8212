"""Shared by the security baseline's integration tests: the organization layer, then the security layer, on an
inventory whose account ids are the ones the organization layer really created (read from Organizations), as a
person would commit them after the organization layer's first run."""

import os
from pathlib import Path

import boto3
import yaml
from conftest import ENDPOINT, ROOT

# One region keeps a converge within a few minutes on a shared machine; every regional task runs the same code
# per region (molecule and the demo run the inventory's three).
REGIONS = ("-e", '{"security_regions": ["ap-south-1"]}')


def client(service, account=None, region="ap-south-1"):
    creds = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    if account:
        sts = boto3.client("sts", endpoint_url=ENDPOINT, region_name=region, **creds)
        role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
        c = sts.assume_role(RoleArn=role, RoleSessionName="security-test")["Credentials"]
        creds = {
            "aws_access_key_id": c["AccessKeyId"],
            "aws_secret_access_key": c["SecretAccessKey"],
            "aws_session_token": c["SessionToken"],
        }
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=region, **creds)


def real_inventory(directory):
    """inventories/local/hosts.yml with each account's id replaced by the one Organizations reports."""
    data = yaml.safe_load((ROOT / "inventories/common/organization.yml").read_text())
    by_email = {a["Email"]: a["Id"] for a in client("organizations").list_accounts()["Accounts"]}
    ids = {a["host"]: by_email[a["email"]] for a in data["organization_accounts"] if a.get("email")}
    hosts = yaml.safe_load((ROOT / "inventories/local/hosts.yml").read_text())

    def walk(group):
        for host, values in (group.get("hosts") or {}).items():
            if host in ids:
                values["aws_account_id"] = ids[host]
        for child in (group.get("children") or {}).values():
            walk(child)

    walk(hosts["all"])
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "hosts.yml").write_text(yaml.safe_dump(hosts))
    if not (directory / "group_vars").exists():
        os.symlink(ROOT / "inventories/local/group_vars", directory / "group_vars")
    return str(directory / "hosts.yml"), {h: v for h, v in ids.items()}


def converge(playbook, directory):
    """Organization layer, then the security layer; returns (inventory path, host -> account id, result)."""
    org = playbook("playbooks/organization.yml", inventory="inventories/local/hosts.yml")
    assert org.returncode == 0, org.stdout[-4000:]
    inventory, ids = real_inventory(directory)
    result = playbook("playbooks/security.yml", *REGIONS, inventory=inventory)
    assert result.returncode == 0, result.stdout[-6000:]
    return inventory, ids, result
