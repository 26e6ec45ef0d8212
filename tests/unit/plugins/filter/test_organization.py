"""The organization planner: the shipped data and SCP library pass, and every input rule fails with its message."""

import copy
import json
from pathlib import Path

import jinja2
import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.organization import (
    organization_account_id_mismatches,
    organization_plan,
    organization_policy_targets,
    ou_path_problem,
)

ROOT = Path(__file__).resolve().parents[4]
ROLE = ROOT / "roles" / "organization"
DATA = yaml.safe_load((ROOT / "inventories" / "common" / "organization.yml").read_text())
TEMPLATE_VARS = {
    "organization_allowed_regions": ["ap-south-1", "ap-southeast-1", "us-east-1"],
    "organization_scp_exempt_principal_arns": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"],
    "organization_backup_regions": ["ap-south-1"],
}


def read_document(policy):
    """What the role's validate.yml does: file from files/, template rendered from templates/."""
    if "file" in policy:
        return (ROLE / "files" / policy["file"]).read_text()
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters["to_json"] = json.dumps
    return env.from_string((ROLE / "templates" / policy["template"]).read_text()).render(**TEMPLATE_VARS)


SCP_OK = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}],
    }
)


def shipped(**overrides):
    data = copy.deepcopy(DATA)
    kwargs = {
        "accounts": data["organization_accounts"],
        "policies": data["organization_policies"],
        "documents": {p["name"]: read_document(p) for p in data["organization_policies"] if "content" not in p},
        "delegated_administrators": data["organization_delegated_administrators"],
        "trusted_services": data["organization_trusted_services"],
        "enabled_policy_types": data["organization_enabled_policy_types"],
    }
    ous = overrides.pop("ous", data["organization_ous"])
    kwargs.update(overrides)
    return organization_plan(ous, **kwargs)


def small(ous=("Security", "Workloads/Prod"), accounts=None, policies=None, **kw):
    accounts = (
        accounts
        if accounts is not None
        else [
            {"name": "Management", "management": True},
            {"name": "Prod", "email": "prod@example.com", "ou": "Workloads/Prod"},
        ]
    )
    kw.setdefault("enabled_policy_types", ["SERVICE_CONTROL_POLICY", "TAG_POLICY"])
    return organization_plan([{"path": p} for p in ous], accounts=accounts, policies=policies or [], **kw)


def scp(name, targets, content=SCP_OK, **extra):
    return {"name": name, "content": content, "targets": targets, **extra}


def problems(excinfo):
    return " ".join(str(excinfo.value).split())


# ------------------------------------------------------------------ the shipped data


def test_shipped_organization_and_scp_library_pass():
    plan = shipped()
    assert [ou["path"] for ou in plan["ous"]] == ["Development", "Infrastructure", "Production", "Security"]
    assert {a["name"]: a["ou"] for a in plan["member_accounts"]} == {
        "Log Archive": "Security",
        "Security Tooling": "Security",
        "Shared Services": "Infrastructure",
        "Network": "Infrastructure",
        "Development": "Development",
        "Staging": "Production",
        "Production": "Production",
    }
    assert plan["hosts"]["ecia-audit"] == "Security Tooling"
    # The root carries FullAWSAccess and the four organization-wide guardrails: exactly AWS's quota.
    assert plan["scps_per_target"]["ous/Root"] == 5
    by_name = {p["name"]: p for p in plan["policies"]}
    assert by_name["cost-allocation-tags"]["type"] == "TAG_POLICY"
    assert by_name["daily-backups"]["type"] == "BACKUP_POLICY"
    regions = json.loads(by_name["deny-regions-outside-allow-list"]["content"])
    assert regions["Statement"][0]["Condition"]["StringNotEquals"]["aws:RequestedRegion"] == [
        "ap-south-1",
        "ap-southeast-1",
        "us-east-1",
    ]
    # Documents are sent minified: the size AWS counts.
    assert " " not in by_name["deny-root-user"]["content"]
    assert plan["delegated_administrators"][0]["account"] == "Security Tooling"


def test_every_scp_in_the_library_is_used_and_documented():
    readme = (ROLE / "files" / "scps" / "README.md").read_text()
    used = {p.get("file") or p.get("template") for p in DATA["organization_policies"]}
    library = {f"scps/{f.name}" for f in (ROLE / "files" / "scps").glob("*.json")} | {
        f"scps/{f.name}" for f in (ROLE / "templates" / "scps").glob("*.json.j2")
    }
    assert library <= used
    for path in library:
        assert Path(path).name in readme


# ------------------------------------------------------------------ OU paths


@pytest.mark.parametrize(
    "path,why",
    [
        ("", "non-empty string"),
        ("/Security", "must not start or end with '/'"),
        ("Workloads/", "must not start or end with '/'"),
        ("Workloads//Prod", "empty OU name"),
        ("Root/Security", "must not start with 'Root'"),
        (" Security", "leading or trailing spaces"),
        ("a/b/c/d/e/f", "6 levels deep"),
        ("x" * 129, "longer than 128"),
    ],
)
def test_malformed_ou_paths(path, why):
    assert why in ou_path_problem(path)
    with pytest.raises(AnsibleFilterError) as e:
        small(ous=[path], accounts=[])
    assert f"organization_ous[0].path: '{path}' is not a well-formed OU path" in problems(e)


def test_nested_paths_imply_their_parents_parents_first():
    plan = small(ous=["Workloads/Prod/Payments", "Security"])
    assert [(o["path"], o["parent"], o["declared"]) for o in plan["ous"]] == [
        ("Security", "Root", True),
        ("Workloads", "Root", False),
        ("Workloads/Prod", "Workloads", False),
        ("Workloads/Prod/Payments", "Workloads/Prod", True),
    ]


def test_duplicate_ou_path():
    with pytest.raises(AnsibleFilterError) as e:
        small(ous=["Security", "Security"], accounts=[])
    assert "organization_ous[1].path: 'Security' is listed twice" in problems(e)


# ------------------------------------------------------------------ accounts


def test_account_in_unknown_ou():
    with pytest.raises(AnsibleFilterError) as e:
        small(accounts=[{"name": "Dev", "email": "dev@example.com", "ou": "Workloads/Dev"}])
    assert "organization_accounts[0] 'Dev'.ou: 'Workloads/Dev' is not an OU of organization_ous" in problems(e)


def test_account_in_malformed_ou():
    with pytest.raises(AnsibleFilterError) as e:
        small(accounts=[{"name": "Dev", "email": "dev@example.com", "ou": "Workloads//Dev"}])
    assert "'Workloads//Dev' is not a well-formed OU path: it has an empty OU name" in problems(e)


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@example.com", "sp ace@example.com", None])
def test_malformed_email(email):
    with pytest.raises(AnsibleFilterError) as e:
        small(accounts=[{"name": "Dev", "email": email, "ou": "Security"}])
    assert f"organization_accounts[0] 'Dev'.email: {email!r} is not a valid email address" in problems(e)


def test_duplicate_email_is_case_insensitive():
    with pytest.raises(AnsibleFilterError) as e:
        small(
            accounts=[
                {"name": "Dev", "email": "aws@example.com", "ou": "Security"},
                {"name": "Dev2", "email": "AWS@example.com", "ou": "Security"},
            ]
        )
    assert "AWS@example.com is already the email of organization_accounts[0]" in problems(e)


def test_duplicate_account_name_and_host_and_unknown_key():
    with pytest.raises(AnsibleFilterError) as e:
        small(
            accounts=[
                {"name": "Dev", "email": "a@example.com", "ou": "Security", "host": "h"},
                {"name": "Dev", "email": "b@example.com", "ou_path": "Security", "host": "h"},
            ]
        )
    text = problems(e)
    assert "organization_accounts[1] 'Dev': the name is already used by organization_accounts[0]" in text
    assert "organization_accounts[1]: unknown key(s) ou_path" in text
    assert "h is already the host of organization_accounts[0]" in text


def test_management_account_stays_at_the_root():
    with pytest.raises(AnsibleFilterError) as e:
        small(accounts=[{"name": "Mgmt", "management": True, "ou": "Security"}])
    assert "the management account stays at the root" in problems(e)


# ------------------------------------------------------------------ policies


def test_invalid_json_names_the_file_and_the_position():
    with pytest.raises(AnsibleFilterError) as e:
        small(
            policies=[{"name": "bad", "file": "scps/bad.json", "targets": {"ous": ["Root"]}}],
            documents={"bad": '{"Version": "2012-10-17",}'},
        )
    assert "organization_policies[0] 'bad' (file 'scps/bad.json'): policy content is not valid JSON" in problems(e)
    assert "line 1 column" in problems(e)


def test_principal_in_an_scp():
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}
    with pytest.raises(AnsibleFilterError) as e:
        small(
            policies=[{"name": "p", "template": "scps/p.json.j2", "targets": {"ous": ["Root"]}}],
            documents={"p": json.dumps(doc)},
        )
    assert (
        "organization_policies[0] 'p' (template 'scps/p.json.j2'): statement 1: Principal is not allowed" in problems(e)
    )


def test_size_after_minifying_against_the_variable_limit():
    actions = [f"ec2:Describe{'X' * 40}{i}" for i in range(120)]
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": actions, "Resource": "*"}]}
    with pytest.raises(AnsibleFilterError) as e:
        small(policies=[scp("big", {"ous": ["Root"]}, json.dumps(doc, indent=8))])
    assert "characters once whitespace is removed, over the 5120-character maximum" in problems(e)
    # AWS raised the quota for this organization: the same document passes with a larger limit.
    assert small(policies=[scp("big", {"ous": ["Root"]}, json.dumps(doc, indent=8))], max_scp_size=10240)


def test_whitespace_does_not_count():
    doc = json.loads(SCP_OK)
    padded = json.dumps(doc, indent=40)
    assert len(padded) > 300
    assert small(
        policies=[scp("p", {"ous": ["Root"]}, padded)], max_scp_size=len(json.dumps(doc, separators=(",", ":")))
    )


def test_too_many_scps_on_one_target_counts_full_aws_access():
    policies = [scp(f"p{i}", {"ous": ["Workloads/Prod"]}) for i in range(5)]
    with pytest.raises(AnsibleFilterError) as e:
        small(policies=policies)
    assert (
        "6 SCPs would be attached to OU 'Workloads/Prod' (FullAWSAccess, p0, p1, p2, p3, p4), over the limit of 5 "
        "per target (organization_max_scps_per_target)" in problems(e)
    )
    assert small(policies=policies, max_scps_per_target=6)["scps_per_target"]["ous/Workloads/Prod"] == 6
    # Tag policies do not count against the SCP quota.
    tags = [
        {"name": f"t{i}", "type": "TAG_POLICY", "content": "{}", "targets": {"ous": ["Workloads/Prod"]}}
        for i in range(6)
    ]
    assert small(policies=policies[:4] + tags)["scps_per_target"]["ous/Workloads/Prod"] == 5


def test_targets_must_name_known_ous_and_accounts():
    with pytest.raises(AnsibleFilterError) as e:
        small(policies=[scp("p", {"ous": ["Workloads/Dev", "Root", "a//b"], "accounts": ["Nobody"], "where": []})])
    text = problems(e)
    assert "organization_policies[0] 'p'.targets.ous: 'Workloads/Dev' is not an OU of organization_ous" in text
    assert "'a//b' is not a well-formed OU path" in text
    assert "organization_policies[0] 'p'.targets.accounts: 'Nobody' is not an account name" in text
    assert "targets: unknown key(s) where" in text


def test_policy_type_must_be_enabled_and_source_unique():
    with pytest.raises(AnsibleFilterError) as e:
        small(
            policies=[
                {"name": "b", "type": "BACKUP_POLICY", "content": "{}", "targets": {}},
                {"name": "c", "file": "x.json", "content": "{}"},
                {"name": "d", "type": "AI_POLICY", "content": "{}"},
            ]
        )
    text = problems(e)
    assert "'b'.type: BACKUP_POLICY is not in organization_enabled_policy_types" in text
    assert "'c': give exactly one of file, template or content" in text
    assert "'d'.type: 'AI_POLICY' must be one of" in text


def test_unreadable_document():
    with pytest.raises(AnsibleFilterError) as e:
        small(policies=[{"name": "p", "file": "scps/missing.json"}], documents={"p": ""})
    assert "organization_policies[0] 'p' (file 'scps/missing.json'): the document could not be read" in problems(e)


def test_every_problem_is_reported_at_once():
    with pytest.raises(AnsibleFilterError) as e:
        small(ous=["/x"], accounts=[{"name": "A", "email": "bad", "ou": "Nowhere"}], max_scps_per_target=0)
    assert "4 problem(s)" in str(e.value)
    assert "nothing was changed" in str(e.value)


# ------------------------------------------------------------------ delegated administrators and settings


def test_delegated_administrators():
    plan = small(
        delegated_administrators=[{"account": "Prod", "service_principals": ["config.amazonaws.com"]}],
        trusted_services=["config.amazonaws.com"],
    )
    assert plan["delegated_administrators"] == [{"account": "Prod", "service_principal": "config.amazonaws.com"}]
    with pytest.raises(AnsibleFilterError) as e:
        small(
            delegated_administrators=[
                {"account": "Management", "service_principals": ["config.amazonaws.com"]},
                {"account": "Prod", "service_principals": ["guardduty.amazonaws.com", "guardduty"]},
                {"account": "Ghost", "service_principals": ["config.amazonaws.com"]},
            ],
            trusted_services=["config.amazonaws.com"],
        )
    text = problems(e)
    assert "'Management' is the management account, which AWS cannot delegate to" in text
    assert "'guardduty.amazonaws.com' needs trusted access first" in text
    assert "'guardduty' is not a service principal" in text
    assert "'Ghost' is not an account name" in text


def test_org_settings():
    with pytest.raises(AnsibleFilterError) as e:
        small(trusted_services=["guardduty"], enabled_policy_types=["SCP"], max_scp_size="big")
    text = problems(e)
    assert "organization_trusted_services: 'guardduty' is not a service principal" in text
    assert "organization_enabled_policy_types: 'SCP' must be one of" in text
    assert "organization_max_scp_size: must be a positive integer, got 'big'" in text


# ------------------------------------------------------------------ targets at run time


def test_policy_targets_resolve_account_names_to_ids():
    plan = small(policies=[scp("p", {"ous": ["Root", "Workloads/Prod"], "accounts": ["Prod", "210987654321"]})])
    policy = plan["policies"][0]
    assert organization_policy_targets(policy, {"Prod": "123456789013"}) == [
        "Root",
        "Workloads/Prod",
        "123456789013",
        "210987654321",
    ]
    # --check on a new organization: the account has no id yet, so it is left out.
    assert organization_policy_targets(policy, {}) == ["Root", "Workloads/Prod", "210987654321"]


def test_account_id_mismatches_give_the_inventory_lines_to_write():
    plan = shipped()
    ids = {"Management": "123456789012", "Development": "452094402374", "Production": "200000000003"}
    hosts = {"ecia-management": "123456789012", "ecia-dev": "200000000001", "ecia-prod": "200000000003"}
    assert organization_account_id_mismatches(plan, ids, hosts) == [
        {
            "host": "ecia-dev",
            "name": "Development",
            "inventory_account_id": "200000000001",
            "account_id": "452094402374",
            "line": 'ecia-dev: {aws_account_id: "452094402374"}',
        }
    ]
    # Not created yet (--check), or the host is not in this inventory: nothing to say.
    assert organization_account_id_mismatches(plan, {}, hosts) == []
    assert organization_account_id_mismatches(plan, ids, {}) == []


@pytest.mark.parametrize(
    "regions,message",
    [
        ([], "organization_allowed_regions: must list at least one region"),
        (["ap-south-1", "mars-north-1"], "organization_allowed_regions: ['mars-north-1'] not known AWS regions"),
    ],
)
def test_allowed_regions_for_the_region_scp(regions, message):
    with pytest.raises(AnsibleFilterError) as e:
        small(allowed_regions=regions)
    assert message in problems(e)
    assert small(allowed_regions=["ap-south-1", "us-east-1"])
