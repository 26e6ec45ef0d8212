"""Vending an account: created, placed in its OU, baselined, added to the run's inventory; vending it twice
yields exactly one account."""

import boto3
import recap
from conftest import ENDPOINT

PLAYBOOK = "playbooks/ops/vend_account.yml"
EMAIL = "aws-payments@company.com"
# Without inventories/local/*.aws_ec2.yml, whose plugin calls the endpoint while the inventory is parsed.
INVENTORY = "inventories/local/hosts.yml"
VEND = ("-e", "vend_account_name=Payments", "-e", f"vend_account_email={EMAIL}", "-e", "vend_account_ou=Production")


def client(service, **creds):
    creds = creds or {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return boto3.client(service, endpoint_url=ENDPOINT, region_name="us-east-1", **creds)


def accounts_with(email):
    return [a for a in client("organizations").list_accounts()["Accounts"] if a["Email"] == email]


def vend(playbook, *extra):
    result = playbook(PLAYBOOK, *VEND, *extra)
    assert result.returncode == 0, result.stdout[-4000:]
    return result


def test_vending_twice_yields_one_account_placed_and_baselined(empty_endpoint, playbook):
    # The organization exists (its layer ran); the Production OU is in it.
    assert playbook("playbooks/organization.yml").returncode == 0

    first = vend(playbook)
    found = accounts_with(EMAIL)
    assert len(found) == 1
    account = found[0]["Id"]
    org = client("organizations")
    parent = org.list_parents(ChildId=account)["Parents"][0]["Id"]
    assert org.describe_organizational_unit(OrganizationalUnitId=parent)["OrganizationalUnit"]["Name"] == "Production"
    # The account was added to the run's inventory and the baseline play reached it through its role.
    assert recap.recap(first.stdout)["ecia-payments"]["failed"] == 0
    assert f'ecia-payments: {{aws_account_id: "{account}"}}' in first.stdout

    sts = client("sts")
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="vend-test"
    )["Credentials"]
    iam = client(
        "iam",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    assert iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 14

    second = vend(playbook)
    assert len(accounts_with(EMAIL)) == 1
    assert {host: v["changed"] for host, v in recap.recap(second.stdout).items() if v["changed"]} == {}


def test_vend_request_is_validated_before_any_api_call(empty_endpoint, playbook):
    empty_endpoint.reset_calls()
    result = playbook(
        PLAYBOOK, "-e", "vend_account_name=Payments", "-e", "vend_account_ou=Production", inventory=INVENTORY
    )
    assert result.returncode != 0
    assert "vend_account_name, vend_account_email and vend_account_ou are required" in " ".join(result.stdout.split())

    bad = playbook(
        PLAYBOOK,
        "-e",
        "vend_account_name=Payments",
        "-e",
        "vend_account_email=nope",
        "-e",
        "vend_account_ou=Nowhere",
        inventory=INVENTORY,
    )
    assert bad.returncode != 0
    text = " ".join(bad.stdout.split())
    assert "'Payments'.email: 'nope' is not a valid email address" in text
    assert "'Payments'.ou: 'Nowhere' is not an OU of organization_ous" in text
    assert empty_endpoint.calls()["total"] == 0
