"""Security baseline input checks (every rule names the variable) and the compliance evaluation of read-back state."""

import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.compliance import compliance_rows
from ansible_collections.prodgrade.aws.plugins.filter.security import security_validate

from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
CIS = yaml.safe_load((ROOT / "roles/cis_monitoring/vars/main.yml").read_text())["__cis_monitoring_controls"]


@pytest.mark.parametrize(
    "role, inputs, message",
    [
        (
            "log_archive",
            {"log_archive_bucket_name": "Log_Archive"},
            "log_archive_bucket_name: 'Log_Archive' is not a valid S3",
        ),
        (
            "log_archive",
            {"log_archive_audit_account_id": "12345"},
            "log_archive_audit_account_id: '12345' must be a 12-digit",
        ),
        ("log_archive", {"log_archive_key_alias": "aws/s3"}, "reserved for AWS managed keys"),
        (
            "log_archive",
            {"log_archive_key_deletion_days": 3},
            "log_archive_key_deletion_days: 3 must be between 7 and 30",
        ),
        ("cloudtrail", {"cloudtrail_region": "mars-1"}, "cloudtrail_region: 'mars-1' is not a known AWS region"),
        ("cloudtrail", {"cloudtrail_log_group_retention_in_days": 42}, "is not a CloudWatch Logs retention"),
        ("security_alerts", {"security_alerts_emails": ["not-an-address"]}, "is not an e-mail address"),
        (
            "guardduty",
            {"guardduty_features": [{"name": "S3_PROTECTION"}]},
            "'S3_PROTECTION' is not a GuardDuty feature",
        ),
        ("guardduty", {"guardduty_alert_min_severity": 11}, "must be a number from 1 to 8.9"),
        ("guardduty", {"guardduty_regions": ["ap-south-1", "ap-south-1"]}, "listed more than once"),
        (
            "securityhub",
            {
                "securityhub_standards": [
                    {
                        "standard": "cis-aws-foundations-benchmark/v/3.0.0",
                        "disabled_controls": [{"control_id": "IAM.6"}],
                    }
                ]
            },
            "securityhub_standards[0].disabled_controls[0]: needs reason",
        ),
        (
            "securityhub",
            {
                "securityhub_standards": [
                    {"standard": "fsbp", "disabled_controls": [{"control_id": "1.14", "reason": "x"}]}
                ]
            },
            "is not a security control id",
        ),
        (
            "aws_config",
            {"aws_config_rules": [{"name": "x", "source_identifier": "encrypted-volumes"}]},
            "is not an AWS managed rule identifier",
        ),
        (
            "aws_config",
            {"aws_config_conformance_packs": [{"name": "1pack", "template": "t.yaml"}]},
            "is not a conformance pack name",
        ),
        (
            "account_baseline",
            {"account_baseline_password_policy": {"min_length": 8, "reuse_prevention": 24}},
            "account_baseline_password_policy.min_length: CIS 1.8 needs at least 14",
        ),
        (
            "account_baseline",
            {"account_baseline_password_policy": {"min_length": 14, "reuse_prevention": 5}},
            "account_baseline_password_policy.reuse_prevention: CIS 1.9 needs 24",
        ),
        (
            "cis_monitoring",
            {"cis_monitoring_controls": [{"id": "4.3", "name": "Root", "pattern": "{ ($.a = 1 }"}]},
            "balanced parentheses",
        ),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(role, inputs, message):
    with pytest.raises(AnsibleFilterError, match=None) as err:
        security_validate(inputs, role)
    assert message in str(err.value)


def test_the_shipped_defaults_pass():
    defaults = yaml.safe_load((ROOT / "roles/account_baseline/defaults/main.yml").read_text())
    assert security_validate(
        {"account_baseline_password_policy": defaults["account_baseline_password_policy"]}, "account_baseline"
    )
    assert security_validate({"cis_monitoring_controls": CIS}, "cis_monitoring")
    assert [c["id"] for c in CIS] == [f"4.{i}" for i in range(1, 16)]


REGIONS = ["ap-south-1", "us-east-1"]


def account(**overrides):
    readings = {
        "password_policy": {"password_policy": {"minimum_password_length": 14, "password_reuse_prevention": 24}},
        "public_access_block": dict.fromkeys(
            ["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"], True
        ),
        "ebs": [{"item": r, "ebs_default_encryption": {"ebs_encryption_by_default": True}} for r in REGIONS],
        "guardduty": [{"item": r, "detector": {"status": "ENABLED"}} for r in REGIONS],
        "securityhub": [{"item": r, "enabled": True} for r in REGIONS],
        "standards": [
            {
                "item": r,
                "standards": [{"standard": "cis-aws-foundations-benchmark/v/3.0.0", "standards_status": "READY"}],
            }
            for r in REGIONS
        ],
        "analyzers": [{"item": r, "analyzers": [{"status": "ACTIVE"}]} for r in REGIONS],
        "config": [{"item": r, "recorder_status": {"recording": True}} for r in REGIONS],
    }
    readings.update(overrides)
    return readings


def rows(readings, purposes=("workloads",)):
    return {
        (r["control"], r["title"]): r
        for r in compliance_rows(
            readings,
            purposes=list(purposes),
            regions=REGIONS,
            home_region="ap-south-1",
            standards=["cis-aws-foundations-benchmark/v/3.0.0"],
            cis_controls=CIS,
        )
    }


def test_a_compliant_member_account_passes_every_control():
    result = rows(account())
    assert result and all(r["status"] == "PASS" for r in result.values())


def test_each_deviation_fails_its_control_only():
    result = rows(
        account(
            password_policy={"password_policy": {"minimum_password_length": 8, "password_reuse_prevention": 24}},
            guardduty=[
                {"item": "ap-south-1", "detector": {"status": "ENABLED"}},
                {"item": "us-east-1", "detector": {}},
            ],
        )
    )
    failed = {key[0] for key, r in result.items() if r["status"] == "FAIL"}
    assert failed == {"CIS 1.8", "FSBP GuardDuty.1"}
    assert result[("FSBP GuardDuty.1", "GuardDuty enabled")]["actual"].endswith("not in us-east-1")


def test_management_needs_the_trail_and_every_cis_alarm():
    trail = [
        {
            "is_multi_region_trail": True,
            "is_logging": True,
            "log_file_validation_enabled": True,
            "kms_key_id": "arn:k",
            "is_organization_trail": True,
            "cloud_watch_logs_log_group_arn": "arn:lg",
        }
    ]
    filters = [{"item": c, "changed": False, "metric_filters": [{}]} for c in CIS]
    alarms = [
        {"alarm_name": f"cis-{c['id']}", "metric_name": c["name"], "alarm_actions": ["arn:aws:sns:x:1:alerts"]}
        for c in CIS[1:]
    ]
    result = rows(account(trail=trail, metric_filters=filters, alarms=alarms), purposes=["management"])
    failed = [key for key, r in result.items() if r["status"] == "FAIL"]
    assert failed == [("CIS 4.1", "Unauthorized API calls")]


def test_log_archive_bucket_checks():
    policy = '{"Statement": [{"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}'
    bucket = {
        "name": "logs",
        "bucket_policy": policy,
        "bucket_logging": {"LoggingEnabled": {"TargetBucket": "logs-access-logs"}},
        "bucket_encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]},
        "public_access_block": {
            "PublicAccessBlockConfiguration": dict.fromkeys(
                ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"], True
            )
        },
        "bucket_versioning": {"Status": "Enabled"},
        "bucket_ownership_controls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    }
    access_logs = dict(
        bucket,
        name="logs-access-logs",
        bucket_policy="{}",
        bucket_logging={},
        bucket_encryption={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    )
    log_archive = {"bucket_name": "logs", "buckets": [bucket, access_logs], "key": [{"enable_key_rotation": True}]}
    result = rows(account(log_archive=log_archive))
    failed = [key for key, r in result.items() if r["status"] == "FAIL"]
    assert failed == [("FSBP S3.5", "logs-access-logs: TLS-only bucket policy")]
