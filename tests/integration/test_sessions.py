"""Sessions once per run (issue 12): account_session assumes each account's role once per ansible-playbook run and
later plays reuse the credentials (no API call) until they near their expiry; security_context reads the
organization and the log archive key once per run, as the management and log archive accounts, while every play
keeps acting as the host's own account. Counted at the endpoint (GET /_prodgrade/calls)."""

import json

import boto3
import pytest

PLAYBOOK = "tests/integration/playbooks/sessions.yml"
# The accounts only: the inventory's aws_ec2 plugin would assume roles of its own.
INVENTORY = "inventories/local/hosts.yml"
HOSTS = "ecia-management,ecia-log-archive,ecia-audit,ecia-dev"
MEMBER_ACCOUNTS = 3  # every host above but the management account, whose credentials the run holds
LOG_ARCHIVE = "141969632878"
HOME = "ap-south-1"


def client(endpoint, service, account=None):
    creds = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    if account:
        sts = boto3.client("sts", endpoint_url=endpoint.url, region_name=HOME, **creds)
        role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
        c = sts.assume_role(RoleArn=role, RoleSessionName="sessions-test")["Credentials"]
        creds = {
            "aws_access_key_id": c["AccessKeyId"],
            "aws_secret_access_key": c["SecretAccessKey"],
            "aws_session_token": c["SessionToken"],
        }
    return boto3.client(service, endpoint_url=endpoint.url, region_name=HOME, **creds)


@pytest.fixture
def estate(empty_endpoint):
    """What security_context reads, made directly: the organization with one OU, the log archive key's alias."""
    org = client(empty_endpoint, "organizations")
    org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    org.create_organizational_unit(ParentId=org.list_roots()["Roots"][0]["Id"], Name="Security")
    kms = client(empty_endpoint, "kms", account=LOG_ARCHIVE)
    key_arn = kms.create_key(Description="log archive")["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/ecia-log-archive", TargetKeyId=key_arn)
    empty_endpoint.reset_calls()
    return {"expected_organization_id": org_id, "expected_key_arn": key_arn}


def run(playbook, expected, *args):
    result = playbook(PLAYBOOK, "-e", json.dumps(expected), *args, inventory=INVENTORY)
    assert result.returncode == 0, result.stdout[-4000:]
    return result


def operations(endpoint):
    return endpoint.calls()["by_operation"]


def test_each_role_assumed_once_and_lookups_read_once_per_run(empty_endpoint, estate, playbook):
    run(playbook, estate, "--limit", HOSTS)
    calls = operations(empty_endpoint)
    assert calls.get("sts.AssumeRole") == MEMBER_ACCOUNTS, calls
    assert calls.get("organizations.ListRoots") == 1, calls
    assert calls.get("kms.ListAliases") == 1, calls


def test_limit_to_one_account_renews_near_expiry_and_never_reuses_another_accounts_session(
    empty_endpoint, estate, playbook
):
    # More seconds to keep than the credentials' lifetime: each of ecia-dev's two plays assumes its role again. It
    # also reads the key as the log archive account (whose host did not run to lend its session), and takes a
    # session for staging's account id in the last play: made for it, not dev's reused (caller_info asserts both).
    run(
        playbook,
        estate,
        "--limit",
        "ecia-dev",
        "-e",
        "account_session_renew_seconds=4000 sessions_other_account=822683323447",
    )
    assert operations(empty_endpoint).get("sts.AssumeRole") == 2 + 1 + 1


def test_check_on_an_empty_endpoint(empty_endpoint, playbook):
    planned = {
        "expected_organization_id": "o-planned",
        "expected_key_arn": f"arn:aws:kms:{HOME}:{LOG_ARCHIVE}:key/planned",
    }
    empty_endpoint.reset_calls()
    run(playbook, planned, "--check", "--limit", "ecia-management,ecia-dev")
    # ecia-dev's role and the log archive's: no key to keep, so the next play reads again, with the session it holds
    assert operations(empty_endpoint).get("sts.AssumeRole") == 2
