"""landing_zone_plan: every rule names its variable; the inventory's own data plans cleanly."""

from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.prodgrade.aws.plugins.filter.landing_zone import landing_zone_plan

ROOT = Path(__file__).resolve().parents[4]
DATA = yaml.safe_load((ROOT / "inventories/common/landing_zone.yml").read_text())
ORG = yaml.safe_load((ROOT / "inventories/common/organization.yml").read_text())
REGIONS = ["ap-south-1", "ap-southeast-1", "us-east-1"]


def plan(guardrails=None, **overrides):
    args = dict(
        version=DATA["landing_zone_version"],
        home_region="ap-south-1",
        governed_regions=REGIONS,
        allowed_regions=REGIONS,
        log_archive_account_id="100000000001",
        audit_account_id="100000000002",
        management_account_id="123456789012",
        security_ou_name="Security",
        registered_ous=DATA["landing_zone_registered_ous"],
        known_ous=ORG["organization_ous"],
    )
    args.update(overrides)
    return landing_zone_plan(DATA["landing_zone_guardrails"] if guardrails is None else guardrails, **args)


def problems(*args, **kwargs):
    with pytest.raises(AnsibleFilterError) as err:
        plan(*args, **kwargs)
    return str(err.value)


def guardrail(control="AWS-GR_RESTRICTED_SSH", **targets):
    return {"strongly_recommended": [{"name": "g", "control": control, "targets": targets or {"ous": ["Root"]}}]}


def ids(entries):
    return sorted(e["control_identifier"] for e in entries)


def test_inventory_data_plans_the_seed_guardrails():
    result = plan()
    assert result["registered_ous"] == ["Security", "Infrastructure", "Development", "Production"]
    assert sorted(m["control"] for m in result["managed_controls"]) == [
        "AWS-GR_CLOUDTRAIL_CLOUDWATCH_LOGS_ENABLED",
        "AWS-GR_CLOUDTRAIL_ENABLED",
        "AWS-GR_CONFIG_ENABLED",
    ]
    everywhere = [
        "AWS-GR_RESTRICTED_COMMON_PORTS",
        "AWS-GR_RESTRICTED_SSH",
        "AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS",
        "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED",
        "AWS-GR_S3_BUCKET_PUBLIC_READ_PROHIBITED",
        "AWS-GR_S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
    ]
    assert ids(result["ou_controls"]["Security"]) == everywhere  # EBS encryption excluded there
    assert ids(result["ou_controls"]["Infrastructure"]) == sorted(everywhere + ["AWS-GR_ENCRYPTED_VOLUMES"])
    assert ids(result["ou_controls"]["Production"]) == sorted(
        everywhere + ["AWS-GR_ENCRYPTED_VOLUMES", "AWS-GR_RDS_STORAGE_ENCRYPTED"]
    )
    manifest = result["manifest"]
    assert manifest["governedRegions"] == REGIONS
    assert manifest["centralizedLogging"]["accountId"] == "100000000001"
    assert manifest["securityRoles"] == {"accountId": "100000000002"}
    assert manifest["organizationStructure"] == {"security": {"name": "Security"}}
    assert manifest["accessManagement"] == {"enabled": True}


def test_an_ou_covers_its_nested_ous_and_exclude_removes_them():
    known = ["Security", "Workloads/Dev", "Workloads/Prod"]
    registered = ["Security", "Workloads", "Workloads/Dev", "Workloads/Prod"]
    result = plan(guardrail(ous=["Workloads"], exclude=["Workloads/Dev"]), known_ous=known, registered_ous=registered)
    assert {ou: ids(c) for ou, c in result["ou_controls"].items()} == {
        "Security": [],
        "Workloads": ["AWS-GR_RESTRICTED_SSH"],
        "Workloads/Dev": [],
        "Workloads/Prod": ["AWS-GR_RESTRICTED_SSH"],
    }


def test_unknown_ou_path():
    message = problems(guardrail(ous=["Prod"]))
    assert "landing_zone_guardrails.strongly_recommended[0] (g).targets.ous: 'Prod' is not an OU path" in message
    assert "nothing was changed" in message


def test_ou_not_registered():
    message = problems(guardrail(ous=["Production"]), registered_ous=["Security"])
    assert "targets.ous: OU 'Production' (and any OU in it) is not registered with Control Tower" in message


def test_registered_ou_must_exist_and_include_the_security_ou():
    message = problems(registered_ous=["Infrastructure", "Nope"])
    assert "landing_zone_registered_ous: 'Nope' is not an OU path of the organization" in message
    assert "landing_zone_registered_ous: must include the security OU 'Security'" in message


@pytest.mark.parametrize(
    "control, message",
    [
        ("RESTRICTED_SSH", "'RESTRICTED_SSH' is not a control identifier"),
        ("arn:aws:controltower:eu-west-1::control/AWS-GR_RESTRICTED_SSH", "is the control's ARN in eu-west-1"),
        (None, "is not a control identifier"),
    ],
)
def test_malformed_control_identifier(control, message):
    assert message in problems(guardrail(control=control))


def test_control_listed_twice():
    guardrails = guardrail()
    guardrails["elective"] = [{"name": "again", "control": "AWS-GR_RESTRICTED_SSH", "targets": {"ous": ["Root"]}}]
    assert "AWS-GR_RESTRICTED_SSH is already listed as landing_zone_guardrails.strongly_recommended[0]" in problems(
        guardrails
    )


def test_mandatory_control_takes_no_targets():
    message = problems(guardrail(control="AWS-GR_CONFIG_ENABLED", ous=["Production"]))
    assert "AWS-GR_CONFIG_ENABLED is a mandatory control the landing zone applies to every registered OU" in message


def test_targets_are_ous_only():
    message = problems(guardrail(ous=["Root"], accounts=["Production"]))
    assert "unknown key(s) accounts (allowed: ous, exclude); Control Tower enables controls on OUs only" in message


def test_region_rules():
    message = problems(governed_regions=["ap-south-1", "eu-west-1", "moon-1"], allowed_regions=REGIONS)
    assert "landing_zone_governed_regions: 'eu-west-1' is not in the organization's allowed regions" in message
    assert "landing_zone_governed_regions: 'moon-1' is not a known AWS region" in message
    message = problems(governed_regions=["us-east-1"])
    assert "landing_zone_home_region: 'ap-south-1' must be one of landing_zone_governed_regions" in message


def test_account_and_setting_rules():
    message = problems(
        audit_account_id="100000000001",
        version="three",
        logging_retention_days=0,
        kms_key_arn="alias/logs",
    )
    assert "landing_zone_version: must look like 3.3" in message
    assert "must be three different accounts" in message
    assert "landing_zone_logging_retention_days: must be a positive whole number" in message
    assert "landing_zone_kms_key_arn: must be a KMS key ARN" in message
    assert "landing_zone_log_archive_account_id: must be a 12-digit account id" in problems(log_archive_account_id="")
