"""Drift made by hand in the organization (an account moved to another OU, an SCP edited, an SCP detached) is
reported by --check without changing anything, reverted by the next run, and the run after that changes nothing."""

import json

import boto3
import recap
from conftest import ENDPOINT, mutating_operations

PLAYBOOK = "playbooks/organization.yml"


def org():
    return boto3.client(
        "organizations",
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def ou_id(client, path):
    parent = client.list_roots()["Roots"][0]["Id"]
    for name in path.split("/"):
        ous = client.list_organizational_units_for_parent(ParentId=parent)["OrganizationalUnits"]
        parent = next(o["Id"] for o in ous if o["Name"] == name)
    return parent


def account_id(client, email):
    return next(a["Id"] for a in client.list_accounts()["Accounts"] if a["Email"] == email)


def policy(client, name):
    summary = next(p for p in client.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"] if p["Name"] == name)
    content = json.loads(client.describe_policy(PolicyId=summary["Id"])["Policy"]["Content"])
    targets = {t["TargetId"] for t in client.list_targets_for_policy(PolicyId=summary["Id"])["Targets"]}
    return summary["Id"], content, targets


def changed(result):
    assert result.returncode == 0, result.stdout[-4000:]
    return recap.recap(result.stdout)["ecia-management"]["changed"]


def changed_items(result):
    """The loop items reported changed, by their labels."""
    return [
        line.split("(item=", 1)[1].rsplit(")", 1)[0]
        for line in result.stdout.splitlines()
        if line.startswith("changed: [ecia-management] => (item=")
    ]


def test_drift_is_reported_by_check_and_reverted(empty_endpoint, playbook):
    assert changed(playbook(PLAYBOOK)) > 0
    client = org()
    dev, dev_ou, security_ou, prod_ou = (
        account_id(client, "aws-dev@company.com"),
        ou_id(client, "Development"),
        ou_id(client, "Security"),
        ou_id(client, "Production"),
    )
    leave_id, leave_doc, _ = policy(client, "deny-leave-organization")
    s3_id, _, s3_targets = policy(client, "require-s3-encryption")
    assert prod_ou in s3_targets

    # By hand, as someone in the console would.
    client.move_account(AccountId=dev, SourceParentId=dev_ou, DestinationParentId=security_ou)
    edited = json.loads(json.dumps(leave_doc))
    edited["Statement"][0]["Action"] = "organizations:DescribeOrganization"
    client.update_policy(PolicyId=leave_id, Content=json.dumps(edited))
    client.detach_policy(PolicyId=s3_id, TargetId=prod_ou)

    empty_endpoint.reset_calls()
    check = playbook(PLAYBOOK, "--check", "--diff")
    # Two tasks changed (accounts, policies), three items: the move, the content, the attachment.
    assert changed(check) == 2, check.stdout[-6000:]
    items = changed_items(check)
    assert len(items) == 3, items
    assert "Development <aws-dev@company.com> in Development" in items
    assert "deny-leave-organization (SERVICE_CONTROL_POLICY) -> Root" in items
    assert "require-s3-encryption (SERVICE_CONTROL_POLICY) -> Development, Production" in items
    # The diff shows the policy, its content line by line, both sides, and its targets.
    assert "-        -   Action: organizations:DescribeOrganization" in check.stdout, check.stdout[-8000:]
    assert "+        -   Action: organizations:LeaveOrganization" in check.stdout
    assert "+    - Production" in check.stdout
    assert mutating_operations(empty_endpoint.calls()) == []
    # --check changed nothing.
    assert client.list_parents(ChildId=dev)["Parents"][0]["Id"] == security_ou
    assert prod_ou not in policy(client, "require-s3-encryption")[2]

    assert changed(playbook(PLAYBOOK)) == 2
    assert client.list_parents(ChildId=dev)["Parents"][0]["Id"] == dev_ou
    assert policy(client, "deny-leave-organization")[1] == leave_doc
    assert prod_ou in policy(client, "require-s3-encryption")[2]

    assert changed(playbook(PLAYBOOK)) == 0
