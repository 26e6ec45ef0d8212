"""The compliance report's evaluation of read-back state: one row per control, PASS only on what AWS answered."""

from pathlib import Path

import pytest
import yaml
from ansible_collections.prodgrade.aws.plugins.filter.compliance_report import compliance_rows

ROOT = Path(__file__).resolve().parents[4]
CIS = yaml.safe_load((ROOT / "roles/cis_monitoring/vars/main.yml").read_text())["__cis_monitoring_controls"]


REGIONS = ["ap-south-1", "us-east-1"]
MFA_GROUPS = ["ecia-administrators", "ecia-developers", "ecia-auditors"]
TOPIC = "arn:aws:sns:ap-south-1:123456789012:ecia-security-alerts"


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
        # amazon.aws.iam_group in check mode, asked to attach the policy: unchanged = attached.
        "mfa": {"policy": "ecia-require-mfa", "groups": [{"item": g, "changed": False} for g in MFA_GROUPS]},
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


def test_the_mfa_policy_must_be_on_every_human_group():
    groups = [
        {"item": "ecia-administrators", "changed": False},
        {"item": "ecia-developers", "changed": True},
        {"item": "ecia-auditors", "changed": True, "create_params": {"GroupName": "ecia-auditors"}},
    ]
    result = rows(account(mfa={"policy": "ecia-require-mfa", "groups": groups}))
    failed = {key: r for key, r in result.items() if r["status"] == "FAIL"}
    assert list(failed) == [("CIS 1.10", "MFA enforcement policy ecia-require-mfa on the human groups")]
    actual = next(iter(failed.values()))["actual"]
    assert actual == (
        "attached to ecia-administrators; missing on ecia-developers (not attached), ecia-auditors (no such group)"
    )


@pytest.mark.parametrize(
    "mfa",
    [
        {"policy": "ecia-require-mfa", "groups": []},
        {"policy": "ecia-require-mfa", "groups": [{"item": "ecia-administrators", "failed": True, "msg": "denied"}]},
    ],
    ids=["nothing read", "read failed"],
)
def test_an_unread_mfa_attachment_fails(mfa):
    result = rows(account(mfa=mfa))
    assert result[("CIS 1.10", "MFA enforcement policy ecia-require-mfa on the human groups")]["status"] == "FAIL"


def management(**overrides):
    """A compliant management account: trail, every filter, every alarm to the alerts topic, GuardDuty delegated."""
    readings = account(
        trail=[
            {
                "is_multi_region_trail": True,
                "is_logging": True,
                "log_file_validation_enabled": True,
                "kms_key_id": "arn:k",
                "is_organization_trail": True,
                "cloud_watch_logs_log_group_arn": "arn:lg",
            }
        ],
        metric_filters=[{"item": c, "changed": False, "metric_filters": [{}]} for c in CIS],
        alarms=[{"alarm_name": f"cis-{c['id']}", "metric_name": c["name"], "alarm_actions": [TOPIC]} for c in CIS],
        topic={"name": "ecia-security-alerts", "arn": TOPIC, "topic": {"kms_master_key_id": "arn:key"}},
        guardduty_admin={
            "account_id": "405532323249",
            "results": [{"item": r, "changed": False, "admin_account": {"admin_status": "ENABLED"}} for r in REGIONS],
        },
    )
    readings["topic"]["key"] = [{"enable_key_rotation": True}]
    readings.update(overrides)
    return readings


def failures(result):
    return [key for key, r in result.items() if r["status"] == "FAIL"]


def test_a_compliant_management_account_passes_every_control():
    result = rows(management(), purposes=["management"])
    assert {f"CIS 4.{i}" for i in range(1, 16)} | {"CIS 3.1", "GuardDuty"} <= {key[0] for key in result}
    assert failures(result) == []
    assert result[("CIS 4.3", CIS[2]["title"])]["actual"] == (
        "filter as benchmarked, alarm cis-4.3 -> ecia-security-alerts"
    )


def test_management_needs_the_trail_and_every_cis_alarm():
    alarms = [{"alarm_name": f"cis-{c['id']}", "metric_name": c["name"], "alarm_actions": [TOPIC]} for c in CIS[1:]]
    result = rows(management(alarms=alarms), purposes=["management"])
    assert failures(result) == [("CIS 4.1", "Unauthorized API calls")]
    assert result[("CIS 4.1", "Unauthorized API calls")]["actual"].endswith("no alarm")


def test_an_alarm_with_actions_but_not_the_alerts_topic_fails():
    other = "arn:aws:sns:ap-south-1:123456789012:somebody-elses-topic"
    alarms = [
        {"alarm_name": f"cis-{c['id']}", "metric_name": c["name"], "alarm_actions": [other if c is CIS[2] else TOPIC]}
        for c in CIS
    ]
    alarms[5]["alarm_actions"] = []
    result = rows(management(alarms=alarms), purposes=["management"])
    assert failures(result) == [(f"CIS {CIS[2]['id']}", CIS[2]["title"]), (f"CIS {CIS[5]['id']}", CIS[5]["title"])]
    assert result[(f"CIS {CIS[2]['id']}", CIS[2]["title"])]["actual"].endswith(
        "-> somebody-elses-topic (not ecia-security-alerts)"
    )
    assert result[(f"CIS {CIS[5]['id']}", CIS[5]["title"])]["actual"].endswith("has no action")


def test_without_the_alerts_topic_no_alarm_holds():
    result = rows(
        management(topic={"name": "ecia-security-alerts", "arn": "", "topic": {}, "key": []}), purposes=["management"]
    )
    failed = {key[0] for key in failures(result)}
    assert {f"CIS 4.{i}" for i in range(1, 16)} <= failed
    assert result[("CIS 4.1", "Unauthorized API calls")]["actual"].endswith(
        "(no topic ecia-security-alerts in this account)"
    )
    assert result[("FSBP SNS.1", "Alerts topic encrypted at rest")]["actual"] == "no topic ecia-security-alerts"


@pytest.mark.parametrize(
    "result, actual",
    [
        ({"changed": True, "diff": {"before": {}, "after": {"admin_status": "ENABLED"}}}, "ap-south-1: not delegated"),
        (
            {"changed": True, "diff": {"before": {"admin_status": "DISABLE_IN_PROGRESS"}}},
            "ap-south-1: status DISABLE_IN_PROGRESS",
        ),
        (
            {"failed": True, "msg": "GuardDuty's delegated administrator is 111111111111, not 405532323249"},
            "ap-south-1: GuardDuty's delegated administrator is 111111111111, not 405532323249",
        ),
        (None, "ap-south-1: not read"),
    ],
    ids=["not delegated", "disabling", "another account", "region not read"],
)
def test_guardduty_must_be_delegated_to_the_audit_account_in_every_region(result, actual):
    results = [{"item": "us-east-1", "changed": False}] + ([dict(result, item="ap-south-1")] if result else [])
    readings = management(guardduty_admin={"account_id": "405532323249", "results": results})
    found = rows(readings, purposes=["management"])
    key = ("GuardDuty", "Delegated administrator is the audit account 405532323249")
    assert failures(found) == [key]
    assert found[key]["actual"] == f"delegated in us-east-1; {actual}"


def audit(destinations):
    """guardduty_detector_info per region with publishing_destinations=true (only asked in the audit account)."""
    guardduty = [
        {"item": r, "detector": {"status": "ENABLED"}, "publishing_destinations": destinations.get(r, [])}
        for r in REGIONS
    ]
    return account(guardduty=guardduty, guardduty_export={"bucket": "ecia-log-archive-141969632878"})


def destination(**overrides):
    value = {
        "destination_type": "S3",
        "status": "PUBLISHING",
        "destination_properties": {
            "destination_arn": "arn:aws:s3:::ecia-log-archive-141969632878/guardduty",
            "kms_key_arn": "arn:aws:kms:ap-south-1:141969632878:key/k",
        },
    }
    value.update(overrides)
    return value


EXPORT = ("GuardDuty", "Findings exported to ecia-log-archive-141969632878, KMS-encrypted")


def test_the_audit_account_exports_findings_to_the_log_archive_in_every_region():
    result = rows(audit({r: [destination()] for r in REGIONS}), purposes=["audit"])
    assert result[EXPORT]["status"] == "PASS"
    assert failures(result) == []
    # A member account is not asked: it has no export row.
    assert EXPORT not in rows(account())


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [
            destination(
                destination_properties={"destination_arn": "arn:aws:s3:::other-bucket/guardduty", "kms_key_arn": "k"}
            )
        ],
        [destination(destination_properties={"destination_arn": "arn:aws:s3:::ecia-log-archive-141969632878"})],
        [destination(status="UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY")],
    ],
    ids=["none", "another bucket", "no KMS key", "not publishing"],
)
def test_an_export_missing_or_wrong_in_one_region_fails(bad):
    result = rows(audit({"ap-south-1": [destination()], "us-east-1": bad}), purposes=["audit"])
    assert failures(result) == [EXPORT]
    assert result[EXPORT]["actual"] == "export publishing in ap-south-1; not in us-east-1"


BPA_ON = {
    "PublicAccessBlockConfiguration": dict.fromkeys(
        ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"], True
    )
}
TLS_ONLY = '{"Statement": [{"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}'


def log_archive_bucket(logging_target="logs-access-logs"):
    return {
        "name": "logs",
        "bucket_policy": TLS_ONLY,
        "bucket_logging": {"LoggingEnabled": {"TargetBucket": logging_target}} if logging_target else {},
        "bucket_encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]},
        "public_access_block": BPA_ON,
        "bucket_versioning": {"Status": "Enabled"},
        "bucket_ownership_controls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    }


def access_logs_bucket(name="logs-access-logs"):
    return dict(
        log_archive_bucket(),
        name=name,
        bucket_logging={},
        bucket_encryption={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    )


def log_archive_rows(buckets, expected="logs-access-logs"):
    log_archive = {
        "bucket_name": "logs",
        "access_logs_bucket_name": expected,
        "buckets": buckets,
        "key": [{"enable_key_rotation": True}],
    }
    return rows(account(log_archive=log_archive))


ACCESS_LOGS_ROWS = [
    ("FSBP S3.5", "logs-access-logs: TLS-only bucket policy"),
    ("S3 encryption", "logs-access-logs: default encryption"),
    ("FSBP S3.8", "logs-access-logs: Block Public Access"),
    ("FSBP S3.14", "logs-access-logs: versioning"),
    ("FSBP S3.12", "logs-access-logs: ACLs disabled"),
]
CIS_3_4 = ("CIS 3.4", "logs: server access logging")


def test_a_compliant_log_archive_passes_every_control():
    result = log_archive_rows([log_archive_bucket(), access_logs_bucket()])
    assert failures(result) == []
    assert set(ACCESS_LOGS_ROWS) <= set(result)
    assert result[CIS_3_4]["actual"] == "to logs-access-logs"


def test_log_archive_bucket_checks():
    result = log_archive_rows([log_archive_bucket(), dict(access_logs_bucket(), bucket_policy="{}")], expected="")
    assert failures(result) == [("FSBP S3.5", "logs-access-logs: TLS-only bucket policy")]


def test_a_missing_access_logs_bucket_fails():
    result = log_archive_rows([log_archive_bucket()])
    assert failures(result) == [CIS_3_4] + ACCESS_LOGS_ROWS
    assert result[CIS_3_4]["actual"] == "to logs-access-logs, which does not exist"
    assert {result[key]["actual"] for key in ACCESS_LOGS_ROWS} == {"no such bucket"}


def test_access_logging_off_still_reports_the_access_logs_bucket():
    result = log_archive_rows([log_archive_bucket(logging_target=None), access_logs_bucket()])
    assert failures(result) == [CIS_3_4]
    assert result[CIS_3_4]["actual"] == "off"
    assert set(ACCESS_LOGS_ROWS) <= set(result)


def test_access_logging_off_and_no_access_logs_bucket_fails_both():
    result = log_archive_rows([log_archive_bucket(logging_target=None)])
    assert failures(result) == [CIS_3_4] + ACCESS_LOGS_ROWS


def test_access_logs_to_another_bucket_fail():
    result = log_archive_rows([log_archive_bucket(logging_target="elsewhere"), access_logs_bucket()])
    assert failures(result) == [CIS_3_4]
    assert result[CIS_3_4]["actual"] == "to elsewhere"


def test_a_missing_log_archive_bucket_fails_each_of_its_checks():
    result = log_archive_rows([access_logs_bucket()])
    assert failures(result) == [
        CIS_3_4,
        ("FSBP S3.5", "logs: TLS-only bucket policy"),
        ("FSBP S3.17", "logs: default encryption"),
        ("FSBP S3.8", "logs: Block Public Access"),
        ("FSBP S3.14", "logs: versioning"),
        ("FSBP S3.12", "logs: ACLs disabled"),
    ]
    assert result[CIS_3_4]["actual"] == "no such bucket"


def test_the_findings_bucket_is_checked_like_the_log_archive_bucket():
    findings = dict(log_archive_bucket(), name="logs-guardduty")
    log_archive = {
        "bucket_name": "logs",
        "findings_bucket_name": "logs-guardduty",
        "access_logs_bucket_name": "logs-access-logs",
        "buckets": [log_archive_bucket(), findings, access_logs_bucket()],
        "key": [{"enable_key_rotation": True}],
    }
    result = rows(account(log_archive=log_archive))
    assert failures(result) == []
    assert ("CIS 3.4", "logs-guardduty: server access logging") in result
    assert ("FSBP S3.17", "logs-guardduty: default encryption") in result

    log_archive["buckets"] = [log_archive_bucket(), dict(findings, bucket_logging={}), access_logs_bucket()]
    assert failures(rows(account(log_archive=log_archive))) == [("CIS 3.4", "logs-guardduty: server access logging")]

    log_archive["buckets"] = [log_archive_bucket(), access_logs_bucket()]
    failed = failures(rows(account(log_archive=log_archive)))
    assert len(failed) == 6 and {key[1].split(":")[0] for key in failed} == {"logs-guardduty"}
