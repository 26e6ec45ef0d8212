"""After the security layer converged, the compliance report (read from the APIs) shows every covered control
PASS in every account, and the landing zone's own resources pass the checks it enforces (asserted here through the
APIs directly): TLS-only bucket policies, access logging, key rotation, encryption."""

import json
import re

from security_estate import REGIONS, client, converge

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


def test_report_and_landing_zone_resources(empty_endpoint, playbook, tmp_path):
    inventory, ids, _ = converge(playbook, tmp_path / "inventory")
    report = tmp_path / "compliance.md"
    result = playbook(
        "playbooks/ops/compliance_report.yml",
        *REGIONS,
        "-e",
        f"compliance_report_path={report}",
        "-e",
        "compliance_report_fail_on_failure=true",
        inventory=inventory,
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

    # The landing zone's own resources, straight from the APIs.
    log_archive, management, audit = ids["ecia-log-archive"], "123456789012", ids["ecia-audit"]
    s3 = client("s3", account=log_archive)
    kms = client("kms", account=log_archive)
    bucket = f"ecia-log-archive-{log_archive}"
    for name in (bucket, f"{bucket}-access-logs"):
        assert tls_only(s3.get_bucket_policy(Bucket=name)["Policy"]), name
        assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
        assert all(s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"].values())
    encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    key_arn = encryption["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"]
    assert encryption["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]["TargetBucket"] == f"{bucket}-access-logs"
    assert kms.get_key_rotation_status(KeyId=key_arn)["KeyRotationEnabled"]
    statements = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]
    principals = {s["Principal"]["Service"] for s in statements if s["Effect"] == "Allow"}
    assert principals == {"cloudtrail.amazonaws.com", "config.amazonaws.com", "guardduty.amazonaws.com"}

    trail = client("cloudtrail").get_trail(Name="ecia-organization-trail")["Trail"]
    assert trail["KmsKeyId"] == key_arn and trail["IsMultiRegionTrail"] and trail["LogFileValidationEnabled"]
    assert trail["IsOrganizationTrail"]

    for account in (management, audit):
        sns = client("sns", account=account if account != management else None)
        topic = f"arn:aws:sns:ap-south-1:{account}:ecia-security-alerts"
        topic_key = sns.get_topic_attributes(TopicArn=topic)["Attributes"]["KmsMasterKeyId"]
        kms_account = client("kms", account=account if account != management else None)
        assert kms_account.get_key_rotation_status(KeyId=topic_key)["KeyRotationEnabled"], account
