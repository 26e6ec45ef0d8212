"""The security baseline's checks on a converged estate (test_site.py converges it once): the compliance report
shows every covered control holding, the landing zone's own resources pass the checks the baseline enforces (read
straight from the APIs), and a member account's GuardDuty detector deleted by hand is repaired by the next run."""

import json
import re

import boto3
import recap
import yaml
from conftest import ENDPOINT, ROOT

ACCOUNTS = {
    "ecia-management",
    "ecia-log-archive",
    "ecia-audit",
    "ecia-shared-services",
    "ecia-network",
    "ecia-dev",
    "ecia-staging",
    "ecia-prod",
}
MANAGEMENT = "123456789012"
BASELINE_FEATURES = {
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "RUNTIME_MONITORING",
}


def account_ids():
    """host -> account id, as inventories/local/hosts.yml records them (the ids the endpoint's Organizations
    assigns: emulator.ext.organizations.account_id_for)."""
    ids = {}

    def walk(group):
        for host, values in (group.get("hosts") or {}).items():
            ids[host] = str((values or {}).get("aws_account_id", ""))
        for child in (group.get("children") or {}).values():
            walk(child)

    walk(yaml.safe_load((ROOT / "inventories/local/hosts.yml").read_text())["all"])
    return ids


def client(service, account=None, region="ap-south-1"):
    creds = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    if account and account != MANAGEMENT:
        sts = boto3.client("sts", endpoint_url=ENDPOINT, region_name=region, **creds)
        role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
        c = sts.assume_role(RoleArn=role, RoleSessionName="security-test")["Credentials"]
        creds = {
            "aws_access_key_id": c["AccessKeyId"],
            "aws_secret_access_key": c["SecretAccessKey"],
            "aws_session_token": c["SessionToken"],
        }
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=region, **creds)


def tables(markdown):
    """{host: [(control, check, expected, actual, result)]} from the report's per-account sections."""
    result, host = {}, None
    for line in markdown.splitlines():
        heading = re.match(r"^## (\S+) \(\d{12}\)$", line)
        if heading:
            host = heading.group(1)
            result[host] = []
        elif host and line.startswith("| ") and not line.startswith("| control"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            result[host].append(tuple(cells))
    return result


def tls_only(policy):
    return any(
        s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
        for s in json.loads(policy)["Statement"]
    )


def assert_report_all_pass(playbook, report):
    result = playbook(
        "playbooks/ops/compliance_report.yml",
        "-e",
        f"compliance_report_path={report}",
        "-e",
        "compliance_report_fail_on_failure=true",
    )
    assert result.returncode == 0, result.stdout[-6000:]

    rows = tables(report.read_text())
    assert set(rows) == ACCOUNTS
    for host, host_rows in rows.items():
        failed = [r for r in host_rows if r[-1] != "PASS"]
        assert host_rows and not failed, f"{host}: {failed}"
    controls = {r[0] for r in rows["ecia-management"]}
    assert {f"CIS 4.{i}" for i in range(1, 16)} <= controls
    assert {
        "CIS 1.8",
        "CIS 1.9",
        "CIS 1.20",
        "CIS 2.1.4",
        "CIS 2.2.1",
        "CIS 3.1",
        "CIS 3.2",
        "CIS 3.3",
        "CIS 3.5",
    } <= controls
    assert {"CIS 3.4", "CIS 3.6", "FSBP S3.5"} <= {r[0] for r in rows["ecia-log-archive"]}
    # Seed 000's MFA policy on the human groups, in every account.
    for host, host_rows in rows.items():
        assert "CIS 1.10" in {r[0] for r in host_rows}, host
    # GuardDuty: delegated to the audit account (management), findings exported (audit).
    checks = {(r[0], r[1]) for r in rows["ecia-management"]}
    assert ("GuardDuty", f"Delegated administrator is the audit account {account_ids()['ecia-audit']}") in checks
    assert any(
        c == "GuardDuty" and t.startswith("Findings exported to ") for c, t in (r[:2] for r in rows["ecia-audit"])
    )
    # Every CIS 4.x alarm notifies the management account's alerts topic, by name in the actual column.
    # (CIS 4.16, Security Hub, is a CIS 4.x control without an alarm: the rows are picked by their expected column.)
    alarm_rows = [r for r in rows["ecia-management"] if r[2] == "filter + alarm to ecia-security-alerts"]
    assert {r[0] for r in alarm_rows} == {f"CIS 4.{i}" for i in range(1, 16)}
    assert all(r[3].endswith("-> ecia-security-alerts") for r in alarm_rows), alarm_rows
    # The access logs bucket is always reported (not only when logging points at it).
    bucket = f"ecia-log-archive-{account_ids()['ecia-log-archive']}"
    assert ("CIS 3.4", f"{bucket}: server access logging") in {(r[0], r[1]) for r in rows["ecia-log-archive"]}
    assert f"{bucket}-access-logs: versioning" in {r[1] for r in rows["ecia-log-archive"]}


def assert_landing_zone_resources_pass():
    ids = account_ids()
    log_archive, audit = ids["ecia-log-archive"], ids["ecia-audit"]
    s3 = client("s3", account=log_archive)
    kms = client("kms", account=log_archive)
    bucket = f"ecia-log-archive-{log_archive}"
    findings = f"{bucket}-guardduty"
    for name in (bucket, findings, f"{bucket}-access-logs"):
        assert tls_only(s3.get_bucket_policy(Bucket=name)["Policy"]), name
        assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
        assert all(s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"].values())
    # Each archive bucket: SSE-KMS with the rotated log archive key, access logs, and only its own writers admitted.
    writers = {bucket: {"cloudtrail.amazonaws.com", "config.amazonaws.com"}, findings: {"guardduty.amazonaws.com"}}
    key_arns = set()
    for name, services in writers.items():
        encryption = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
        assert encryption["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms", name
        key_arns.add(encryption["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"])
        assert s3.get_bucket_logging(Bucket=name)["LoggingEnabled"]["TargetBucket"] == f"{bucket}-access-logs"
        statements = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])["Statement"]
        assert {s["Principal"]["Service"] for s in statements if s["Effect"] == "Allow"} == services, name
    (key_arn,) = key_arns
    assert kms.get_key_rotation_status(KeyId=key_arn)["KeyRotationEnabled"]

    trail = client("cloudtrail").get_trail(Name="ecia-organization-trail")["Trail"]
    assert trail["KmsKeyId"] == key_arn and trail["IsMultiRegionTrail"] and trail["LogFileValidationEnabled"]
    assert trail["IsOrganizationTrail"]

    for account in (MANAGEMENT, audit):
        topic = f"arn:aws:sns:ap-south-1:{account}:ecia-security-alerts"
        topic_key = client("sns", account=account).get_topic_attributes(TopicArn=topic)["Attributes"]["KmsMasterKeyId"]
        assert client("kms", account=account).get_key_rotation_status(KeyId=topic_key)["KeyRotationEnabled"], account


def _detector(guardduty):
    ids = guardduty.list_detectors()["DetectorIds"]
    return (ids[0], guardduty.get_detector(DetectorId=ids[0])) if ids else (None, None)


def assert_deleted_detector_is_repaired(playbook):
    guardduty = client("guardduty", account=account_ids()["ecia-dev"])
    detector_id, before = _detector(guardduty)
    assert before["Status"] == "ENABLED"

    # By hand, as someone with the account's role would.
    guardduty.delete_detector(DetectorId=detector_id)
    assert _detector(guardduty) == (None, None)

    result = playbook("playbooks/security.yml", "--limit", "ecia-dev")
    assert result.returncode == 0, result.stdout[-6000:]
    assert recap.recap(result.stdout)["ecia-dev"]["changed"] > 0

    new_id, after = _detector(guardduty)
    assert new_id and new_id != detector_id and after["Status"] == "ENABLED"
    assert after["FindingPublishingFrequency"] == "FIFTEEN_MINUTES"
    enabled = {f["Name"] for f in after["Features"] if f["Status"] == "ENABLED"}
    assert BASELINE_FEATURES <= enabled, after["Features"]
    runtime = next(f for f in after["Features"] if f["Name"] == "RUNTIME_MONITORING")
    assert {c["Name"] for c in runtime["AdditionalConfiguration"] if c["Status"] == "ENABLED"} == {
        "EKS_ADDON_MANAGEMENT",
        "ECS_FARGATE_AGENT_MANAGEMENT",
        "EC2_AGENT_MANAGEMENT",
    }

    # And the run after the repair changes nothing.
    again = playbook("playbooks/security.yml", "--limit", "ecia-dev")
    assert again.returncode == 0 and recap.recap(again.stdout)["ecia-dev"]["changed"] == 0, again.stdout[-4000:]


def assert_guardduty_alerts_reach_the_topic_from_every_region():
    """High-severity findings of every allowed region reach the audit account's alerts topic: the home region's rule
    targets the topic, each other region's rule of the same name forwards to the home region's default bus through
    a role that may put events there only."""
    audit = account_ids()["ecia-audit"]
    home, others = "ap-south-1", ("ap-southeast-1", "us-east-1")
    name = "ecia-guardduty-high-severity"
    patterns = set()
    for region in (home, *others):
        events = client("events", account=audit, region=region)
        patterns.add(events.describe_rule(Name=name)["EventPattern"])
        targets = events.list_targets_by_rule(Rule=name)["Targets"]
        if region == home:
            assert [t["Arn"] for t in targets] == [f"arn:aws:sns:{home}:{audit}:ecia-security-alerts"]
        else:
            bus = f"arn:aws:events:{home}:{audit}:event-bus/default"
            role = f"arn:aws:iam::{audit}:role/ecia-guardduty-alert-forwarder"
            assert [(t["Arn"], t.get("RoleArn")) for t in targets] == [(bus, role)], region
    pattern = json.loads(patterns.pop())
    assert not patterns and pattern["detail"]["severity"] == [{"numeric": [">=", 7]}]
    iam = client("iam", account=audit)
    policy = iam.get_role_policy(RoleName="ecia-guardduty-alert-forwarder", PolicyName="put-events-home-region")
    document = policy["PolicyDocument"]
    document = json.loads(document) if isinstance(document, str) else document
    (statement,) = document["Statement"]
    assert (statement["Action"], statement["Resource"]) == (
        "events:PutEvents",
        f"arn:aws:events:{home}:{audit}:event-bus/default",
    )
