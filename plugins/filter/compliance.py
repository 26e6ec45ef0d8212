# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn what the compliance report read from AWS into one row per control: control, title, expected, actual and
PASS/FAIL. Only readings count: what the inventory asks for is never looked at here.

``{{ readings | prodgrade.aws.compliance_rows(purposes=group_names, regions=[...], home_region=...,
standards=[...], cis_controls=[...]) }}``
"""

import json

CIS_MIN_PASSWORD_LENGTH = 14
CIS_PASSWORD_REUSE = 24
BPA_FLAGS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")


def _row(control, title, expected, actual, ok):
    return {
        "control": control,
        "title": title,
        "expected": expected,
        "actual": actual,
        "status": "PASS" if ok else "FAIL",
    }


def _by_region(results, regions, test):
    """Regions (of ``regions``) whose loop result passes ``test``."""
    good = {r.get("item") for r in results or [] if not r.get("failed") and test(r)}
    return [region for region in regions if region in good]


def _regional(control, title, results, regions, test, what):
    good = _by_region(results, regions, test)
    missing = [r for r in regions if r not in good]
    actual = f"{what} in {', '.join(good)}" if good else f"no {what}"
    if missing:
        actual += f"; not in {', '.join(missing)}"
    return _row(control, title, f"{what} in every region", actual, not missing)


def _account_rows(readings, regions, standards):
    rows = []
    policy = readings.get("password_policy") or {}
    values = policy.get("password_policy") or {}
    length, reuse = values.get("minimum_password_length"), values.get("password_reuse_prevention")
    rows.append(
        _row(
            "CIS 1.8",
            "IAM password policy minimum length",
            f">= {CIS_MIN_PASSWORD_LENGTH}",
            str(length or "no policy"),
            (length or 0) >= CIS_MIN_PASSWORD_LENGTH,
        )
    )
    rows.append(
        _row(
            "CIS 1.9",
            "IAM password policy prevents reuse",
            f">= {CIS_PASSWORD_REUSE}",
            str(reuse or "no policy"),
            (reuse or 0) >= CIS_PASSWORD_REUSE,
        )
    )
    rows.append(
        _regional(
            "CIS 1.20",
            "IAM Access Analyzer enabled",
            readings.get("analyzers"),
            regions,
            lambda r: any(a.get("status") == "ACTIVE" for a in r.get("analyzers", [])),
            "active analyzer",
        )
    )
    bpa = readings.get("public_access_block") or {}
    on = [flag for flag in BPA_FLAGS if bpa.get(flag)]
    rows.append(
        _row(
            "CIS 2.1.4",
            "S3 Block Public Access (account)",
            "all 4 flags on",
            f"{len(on)} of 4 on" + (f" (off: {', '.join(f for f in BPA_FLAGS if f not in on)})" if len(on) < 4 else ""),
            len(on) == 4,
        )
    )
    rows.append(
        _regional(
            "CIS 2.2.1",
            "EBS encryption by default",
            readings.get("ebs"),
            regions,
            lambda r: (r.get("ebs_default_encryption") or {}).get("ebs_encryption_by_default") is True,
            "encryption by default",
        )
    )
    rows.append(
        _regional(
            "CIS 3.3",
            "AWS Config recording",
            readings.get("config"),
            regions,
            lambda r: (r.get("recorder_status") or {}).get("recording") is True,
            "recorder recording",
        )
    )
    rows.append(
        _regional(
            "CIS 4.16",
            "Security Hub enabled",
            readings.get("securityhub"),
            regions,
            lambda r: r.get("enabled") is True,
            "Security Hub",
        )
    )
    rows.append(
        _regional(
            "FSBP GuardDuty.1",
            "GuardDuty enabled",
            readings.get("guardduty"),
            regions,
            lambda r: (r.get("detector") or {}).get("status") == "ENABLED",
            "enabled detector",
        )
    )
    for standard in standards:
        rows.append(
            _regional(
                "Security Hub",
                f"standard {standard}",
                readings.get("standards"),
                regions,
                lambda r, s=standard: any(
                    x.get("standard") == s and x.get("standards_status") == "READY" for x in r.get("standards", [])
                ),
                "READY",
            )
        )
    return rows


def _trail_rows(readings, home_region, cis_controls):
    trails = readings.get("trail") or []
    trail = trails[0] if trails else {}
    rows = [
        _row(
            "CIS 3.1",
            "CloudTrail multi-region and logging",
            "multi-region, logging",
            (
                f"multi-region={trail.get('is_multi_region_trail')}, logging={trail.get('is_logging')}"
                if trail
                else "no trail"
            ),
            bool(trail.get("is_multi_region_trail") and trail.get("is_logging")),
        ),
        _row(
            "CIS 3.2",
            "CloudTrail log file validation",
            "enabled",
            str(trail.get("log_file_validation_enabled", "no trail")),
            trail.get("log_file_validation_enabled") is True,
        ),
        _row(
            "CIS 3.5",
            "CloudTrail encrypted with a KMS key",
            "KMS key",
            trail.get("kms_key_id") or "none",
            bool(trail.get("kms_key_id")),
        ),
        _row(
            "CloudTrail",
            "Organization trail",
            "every account",
            f"is_organization_trail={trail.get('is_organization_trail')}",
            trail.get("is_organization_trail") is True,
        ),
        _row(
            "CloudTrail",
            "Delivered to CloudWatch Logs (CIS section 4)",
            "log group",
            trail.get("cloud_watch_logs_log_group_arn") or "none",
            bool(trail.get("cloud_watch_logs_log_group_arn")),
        ),
    ]
    filters = {r.get("item", {}).get("name"): r for r in readings.get("metric_filters") or []}
    alarms = readings.get("alarms") or []
    for control in cis_controls:
        result = filters.get(control["name"], {})
        # A read that failed (no log group...) carries no metric_filters; "changed" means missing or different.
        filter_ok = "metric_filters" in result and not result.get("failed") and not result.get("changed")
        alarm = [a for a in alarms if a.get("metric_name") == control["name"] and a.get("alarm_actions")]
        actual = (
            ("filter as benchmarked" if filter_ok else "filter missing or different")
            + ", "
            + (
                f"alarm {alarm[0].get('alarm_name')} -> {alarm[0]['alarm_actions'][0].split(':')[-1]}"
                if alarm
                else "no alarm with an action"
            )
        )
        rows.append(
            _row(
                f"CIS {control['id']}",
                control.get("title", control["name"]),
                "filter + alarm to topic",
                actual,
                filter_ok and bool(alarm),
            )
        )
    return rows


def _unwrap(value, key):
    """s3_bucket_info returns each API answer as it comes (e.g. {"OwnershipControls": {...}})."""
    value = value or {}
    return value.get(key, value) if isinstance(value, dict) else {}


def _tls_only(policy):
    if isinstance(policy, dict) and "Policy" in policy:
        policy = policy["Policy"]
    try:
        statements = (
            json.loads(policy).get("Statement", []) if isinstance(policy, str) else (policy or {}).get("Statement", [])
        )
    except ValueError:
        return False
    for stmt in statements:
        cond = (stmt.get("Condition") or {}).get("Bool", {})
        if stmt.get("Effect") == "Deny" and str(cond.get("aws:SecureTransport", "")).lower() == "false":
            return True
    return False


def _key_rows(prefix, keys):
    key = (keys or [{}])[0]
    return [
        _row(
            "CIS 3.6",
            f"{prefix} KMS key rotation",
            "enabled",
            str(key.get("enable_key_rotation", "no key")),
            key.get("enable_key_rotation") is True,
        )
    ]


def _bucket_rows(bucket, kms):
    name = bucket.get("name", "?")
    encryption = (_unwrap(bucket.get("bucket_encryption"), "ServerSideEncryptionConfiguration").get("Rules") or [{}])[0]
    default = (
        encryption.get("ApplyServerSideEncryptionByDefault")
        or encryption.get("apply_server_side_encryption_by_default")
        or {}
    )
    algorithm = default.get("SSEAlgorithm") or default.get("sse_algorithm") or "none"
    bpa = bucket.get("public_access_block") or {}
    bpa = bpa.get("PublicAccessBlockConfiguration", bpa)
    flags = [bpa.get(k) for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")]
    versioning = (bucket.get("bucket_versioning") or {}).get("Status", "off")
    ownership = [
        r.get("ObjectOwnership")
        for r in _unwrap(bucket.get("bucket_ownership_controls"), "OwnershipControls").get("Rules", [])
    ]
    return [
        _row(
            "FSBP S3.5",
            f"{name}: TLS-only bucket policy",
            "deny aws:SecureTransport=false",
            "present" if _tls_only(bucket.get("bucket_policy")) else "missing",
            _tls_only(bucket.get("bucket_policy")),
        ),
        _row(
            "FSBP S3.17" if kms else "S3 encryption",
            f"{name}: default encryption",
            "aws:kms" if kms else "AES256 or aws:kms",
            algorithm,
            algorithm == "aws:kms" if kms else algorithm in ("AES256", "aws:kms"),
        ),
        _row(
            "FSBP S3.8",
            f"{name}: Block Public Access",
            "all 4 flags on",
            f"{sum(1 for f in flags if f)} of 4 on",
            all(flags),
        ),
        _row("FSBP S3.14", f"{name}: versioning", "Enabled", versioning, versioning == "Enabled"),
        _row(
            "FSBP S3.12",
            f"{name}: ACLs disabled",
            "BucketOwnerEnforced",
            ", ".join(o for o in ownership if o) or "none",
            "BucketOwnerEnforced" in ownership,
        ),
    ]


def _log_archive_rows(log_archive):
    buckets = {b.get("name"): b for b in log_archive.get("buckets", [])}
    name = log_archive.get("bucket_name")
    main = buckets.get(name, {"name": name})
    logging = (main.get("bucket_logging") or {}).get("LoggingEnabled") or {}
    rows = [
        _row(
            "CIS 3.4",
            f"{name}: server access logging",
            "to the access logs bucket",
            logging.get("TargetBucket") or "off",
            bool(logging.get("TargetBucket")),
        )
    ]
    rows += _bucket_rows(main, kms=True)
    access_logs = buckets.get(logging.get("TargetBucket")) if logging.get("TargetBucket") else None
    if access_logs:
        rows += _bucket_rows(access_logs, kms=False)
    rows += _key_rows("Log archive", log_archive.get("key"))
    return rows


def _topic_rows(topic):
    attributes = topic.get("topic") or {}
    key = attributes.get("kms_master_key_id") or ""
    rows = [
        _row(
            "FSBP SNS.1",
            "Alerts topic encrypted at rest",
            "customer managed KMS key",
            key or "not encrypted",
            bool(key) and not key.endswith("alias/aws/sns"),
        )
    ]
    return rows + _key_rows("Alerts", topic.get("key"))


def compliance_rows(readings, purposes=(), regions=(), home_region="", standards=(), cis_controls=()):
    rows = _account_rows(readings, list(regions), list(standards))
    if "management" in purposes:
        rows += _trail_rows(readings, home_region, cis_controls)
    if readings.get("log_archive"):
        rows += _log_archive_rows(readings["log_archive"])
    if readings.get("topic"):
        rows += _topic_rows(readings["topic"])
    return rows


class FilterModule:
    def filters(self):
        return {"compliance_rows": compliance_rows}
