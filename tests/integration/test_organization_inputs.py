"""Bad SCPs and bad OU paths stop the organization play before any API call, naming the file (or variable) and
the rule broken."""

import json

import pytest
import yaml
from conftest import ROOT

DATA = yaml.safe_load((ROOT / "inventories" / "common" / "organization.yml").read_text())
# The accounts and their group_vars without inventories/local/*.aws_ec2.yml: that inventory plugin lists the app
# instances (sts + ec2 calls) while the inventory is parsed, before any play; the count is about the play.
INVENTORY = "inventories/local/hosts.yml"
GOOD = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:DeleteVpc", "Resource": "*"}]}


def with_policy(policy):
    """The shipped policies plus one more."""
    return {"organization_policies": DATA["organization_policies"] + [policy]}


def scp_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def cases(tmp_path):
    big = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": f"Deny{i}", "Effect": "Deny", "Action": [f"ec2:Describe{'Thing' * 10}{i}"], "Resource": "*"}
            for i in range(60)
        ],
    }
    principal = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}],
    }
    return {
        "invalid JSON": (
            with_policy(
                {
                    "name": "broken",
                    "file": scp_file(tmp_path, "broken.json", '{"Version": "2012-10-17", "Statement": [}'),
                    "targets": {"ous": ["Security"]},
                }
            ),
            ["organization_policies[8] 'broken' (file '", "broken.json'): policy content is not valid JSON", "line 1"],
        ),
        "Principal in an SCP": (
            with_policy(
                {
                    "name": "with-principal",
                    "file": scp_file(tmp_path, "principal.json", json.dumps(principal, indent=2)),
                    "targets": {"ous": ["Security"]},
                }
            ),
            ["principal.json'): statement 1: Principal is not allowed in an SCP"],
        ),
        "too large once minified": (
            with_policy(
                {
                    "name": "too-big",
                    "file": scp_file(tmp_path, "big.json", json.dumps(big, indent=2)),
                    "targets": {"ous": ["Security"]},
                }
            ),
            ["big.json'): the policy is", "characters once whitespace is removed, over the 5120-character maximum"],
        ),
        "too many SCPs on the root": (
            with_policy({"name": "one-too-many", "content": GOOD, "targets": {"ous": ["Root"]}}),
            [
                "6 SCPs would be attached to OU 'Root' (FullAWSAccess, deny-leave-organization, deny-root-user, "
                "protect-security-services, deny-regions-outside-allow-list, one-too-many), over the limit of 5 per "
                "target (organization_max_scps_per_target)"
            ],
        ),
        "quota lowered by variable": (
            {"organization_max_scps_per_target": 3},
            ["over the limit of 3 per target"],
        ),
        "malformed OU path": (
            {"organization_ous": [{"path": "Security"}, {"path": "Workloads//Prod"}]},
            ["organization_ous[1].path: 'Workloads//Prod' is not a well-formed OU path: it has an empty OU name"],
        ),
        "OU path from the root": (
            {"organization_ous": DATA["organization_ous"] + [{"path": "/Sandbox"}]},
            ["organization_ous[4].path: '/Sandbox' is not a well-formed OU path: it must not start or end with '/'"],
        ),
        "account in an OU that is not in the tree": (
            {
                "organization_ous": [{"path": p} for p in ("Security", "Infrastructure", "Development")],
            },
            [
                "organization_accounts[7] 'Production'.ou: 'Production' is not an OU of organization_ous",
                "organization_policies[4] 'require-s3-encryption'.targets.ous: 'Production' is not an OU",
            ],
        ),
        "region SCP with no allowed region": (
            {"organization_allowed_regions": []},
            ["organization_allowed_regions: must list at least one region"],
        ),
        "duplicate and malformed emails": (
            {
                "organization_accounts": DATA["organization_accounts"]
                + [
                    {"name": "Dev Two", "email": "AWS-DEV@company.com", "ou": "Development"},
                    {"name": "Sandbox", "email": "sandbox-at-company.com", "ou": "Development"},
                ]
            },
            [
                "organization_accounts[8] 'Dev Two'.email: AWS-DEV@company.com is already the email of "
                "organization_accounts[5]",
                "organization_accounts[9] 'Sandbox'.email: 'sandbox-at-company.com' is not a valid email address",
            ],
        ),
    }


CASE_IDS = [
    "invalid JSON",
    "Principal in an SCP",
    "too large once minified",
    "too many SCPs on the root",
    "quota lowered by variable",
    "malformed OU path",
    "OU path from the root",
    "account in an OU that is not in the tree",
    "region SCP with no allowed region",
    "duplicate and malformed emails",
]


@pytest.mark.parametrize("case", CASE_IDS)
def test_bad_input_stops_before_any_api_call(empty_endpoint, playbook, tmp_path, case):
    extra, messages = cases(tmp_path)[case]
    extra_file = tmp_path / "extra.json"
    extra_file.write_text(json.dumps(extra))
    empty_endpoint.reset_calls()
    result = playbook("playbooks/organization.yml", "-e", f"@{extra_file}", inventory=INVENTORY)
    assert result.returncode != 0
    output = " ".join(result.stdout.split())
    for message in messages:
        assert message in output, result.stdout[-4000:]
    assert "nothing was changed" in output
    assert empty_endpoint.calls()["total"] == 0


def test_missing_policy_file_is_named(empty_endpoint, playbook, tmp_path):
    extra_file = tmp_path / "extra.json"
    extra_file.write_text(
        json.dumps(with_policy({"name": "ghost", "file": "scps/no_such_file.json", "targets": {"ous": ["Root"]}}))
    )
    empty_endpoint.reset_calls()
    result = playbook("playbooks/organization.yml", "-e", f"@{extra_file}", inventory=INVENTORY)
    assert result.returncode != 0
    assert "organization_policies[8] 'ghost' (file 'scps/no_such_file.json'): the document could not be read" in (
        " ".join(result.stdout.split())
    )
    assert empty_endpoint.calls()["total"] == 0
