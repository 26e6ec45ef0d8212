# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn what the compliance report read from AWS into one row per control: control, title, expected, actual and
PASS/FAIL. Only readings count: what the inventory asks for is never looked at here.

``{{ readings | prodgrade.aws.compliance_rows(purposes=group_names, regions=[...], home_region=...,
standards=[...], cis_controls=[...]) }}``

Which account holds which setting (so which rows it gets): every account the password policy, Access Analyzer,
Block Public Access, EBS encryption, Config recording, Security Hub, GuardDuty and the MFA policy on the human
groups; the management account the trail, the CIS section 4 filters and alarms (to its alerts topic) and the
GuardDuty delegation; the audit account the GuardDuty findings export; the log archive account its archive buckets
(log archive, GuardDuty findings), their access logs bucket and its key; the management and audit accounts their
alerts topic.
"""

import json

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import CIS_MIN_PASSWORD_LENGTH
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import CIS_PASSWORD_REUSE
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import arn_resource

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
    rows.append(_mfa_row(readings.get("mfa") or {}))
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


def _mfa_row(mfa):
    """Seed 000's MFA enforcement policy on every human group. Each group was read with amazon.aws.iam_group in
    check mode, asked to have the policy attached: unchanged means attached, changed means the group is missing
    (create_params) or lacks the policy."""
    policy = mfa.get("policy") or "?"
    results = mfa.get("groups") or []
    attached, lacking = [], []
    for result in results:
        group = result.get("item", "?")
        if result.get("failed"):
            lacking.append(f"{group} (not readable: {result.get('msg', 'failed')})")
        elif "create_params" in result:
            lacking.append(f"{group} (no such group)")
        elif result.get("changed"):
            lacking.append(f"{group} (not attached)")
        else:
            attached.append(group)
    actual = f"attached to {', '.join(attached)}" if attached else "attached to no group"
    if lacking:
        actual += f"; missing on {', '.join(lacking)}"
    return _row(
        "CIS 1.10",
        f"MFA enforcement policy {policy} on the human groups",
        "attached to every human group",
        actual if results else "no group read",
        bool(results) and not lacking,
    )


def _alarm_actual(alarms, topic_arn, topic_name):
    """The first alarm that notifies the alerts topic, or what the alarms lack."""
    if topic_arn:
        for alarm in alarms:
            if topic_arn in (alarm.get("alarm_actions") or []):
                return True, f"alarm {alarm.get('alarm_name')} -> {topic_name}"
    if not alarms:
        return False, "no alarm"
    with_actions = [a for a in alarms if a.get("alarm_actions")]
    if not with_actions:
        return False, f"alarm {alarms[0].get('alarm_name')} has no action"
    others = ", ".join(arn_resource(arn) or arn for arn in with_actions[0]["alarm_actions"])
    where = f"not {topic_name}" if topic_arn else f"no topic {topic_name} in this account"
    return False, f"alarm {with_actions[0].get('alarm_name')} -> {others} ({where})"


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
    # The alerts topic as listed in this account (management): an alarm counts only if it notifies that topic.
    topic = readings.get("topic") or {}
    topic_arn, topic_name = topic.get("arn") or "", topic.get("name") or "the alerts topic"
    for control in cis_controls:
        result = filters.get(control["name"], {})
        # A read that failed (no log group...) carries no metric_filters; "changed" means missing or different.
        filter_ok = "metric_filters" in result and not result.get("failed") and not result.get("changed")
        alarm_ok, alarm_actual = _alarm_actual(
            [a for a in alarms if a.get("metric_name") == control["name"]], topic_arn, topic_name
        )
        rows.append(
            _row(
                f"CIS {control['id']}",
                control.get("title", control["name"]),
                f"filter + alarm to {topic_name}",
                ("filter as benchmarked" if filter_ok else "filter missing or different") + ", " + alarm_actual,
                filter_ok and alarm_ok,
            )
        )
    return rows


def _guardduty_admin_row(admin, regions):
    """The audit account as GuardDuty's delegated administrator, per region: read in the management account with
    prodgrade.aws.guardduty_organization_admin in check mode (ListOrganizationAdminAccounts only): unchanged means
    delegated and ENABLED; changed means not delegated (or not ENABLED); a failure names another administrator."""
    results = {r.get("item"): r for r in admin.get("results") or []}

    def state(region):
        result = results.get(region)
        if result is None:
            return "not read"
        if result.get("failed"):
            return result.get("msg") or "not readable"
        if result.get("changed"):
            before = (result.get("diff") or {}).get("before") or {}
            return f"status {before['admin_status']}" if before.get("admin_status") else "not delegated"
        return "delegated"

    states = {region: state(region) for region in regions}
    good = [region for region, s in states.items() if s == "delegated"]
    bad = [f"{region}: {s}" for region, s in states.items() if s != "delegated"]
    actual = "; ".join(([f"delegated in {', '.join(good)}"] if good else []) + bad) or "no region read"
    return _row(
        "GuardDuty",
        f"Delegated administrator is the audit account {admin.get('account_id') or '?'}",
        "delegated in every region",
        actual,
        bool(states) and not bad,
    )


def _guardduty_export_row(readings, regions):
    """The audit account (GuardDuty's administrator) exports every member's findings: per region, a publishing
    destination (from guardduty_detector_info) to the findings bucket of the log archive, KMS-encrypted and
    PUBLISHING."""
    bucket = (readings.get("guardduty_export") or {}).get("bucket") or "?"

    def exports(result):
        for dest in result.get("publishing_destinations") or []:
            props = dest.get("destination_properties") or {}
            target = arn_resource(props.get("destination_arn")).split("/")[0]
            if (
                dest.get("destination_type") == "S3"
                and target == bucket
                and props.get("kms_key_arn")
                and dest.get("status") == "PUBLISHING"
            ):
                return True
        return False

    return _regional(
        "GuardDuty",
        f"Findings exported to {bucket}, KMS-encrypted",
        readings.get("guardduty"),
        regions,
        exports,
        "export publishing",
    )


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
    """The FSBP checks on one of the landing zone's buckets; a bucket that was not listed fails each of them."""
    name = bucket.get("name", "?")
    if bucket.get("missing"):
        return [
            _row(control, f"{name}: {title}", expected, "no such bucket", False)
            for control, title, expected in (
                ("FSBP S3.5", "TLS-only bucket policy", "deny aws:SecureTransport=false"),
                (
                    "FSBP S3.17" if kms else "S3 encryption",
                    "default encryption",
                    "aws:kms" if kms else "AES256 or aws:kms",
                ),
                ("FSBP S3.8", "Block Public Access", "all 4 flags on"),
                ("FSBP S3.14", "versioning", "Enabled"),
                ("FSBP S3.12", "ACLs disabled", "BucketOwnerEnforced"),
            )
        ]
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


def _access_logging_row(bucket, access_logs):
    name = bucket.get("name")
    target = ((bucket.get("bucket_logging") or {}).get("LoggingEnabled") or {}).get("TargetBucket") or ""
    if bucket.get("missing"):
        actual = "no such bucket"
    elif not target:
        actual = "off"
    elif target == access_logs["name"] and access_logs.get("missing"):
        actual = f"to {target}, which does not exist"
    else:
        actual = f"to {target}"
    return _row(
        "CIS 3.4",
        f"{name}: server access logging",
        f"to {access_logs['name']}",
        actual,
        target == access_logs["name"] and not access_logs.get("missing"),
    )


def _log_archive_rows(log_archive):
    """The archive buckets (the log archive bucket, and GuardDuty's findings bucket when it is another one), the
    bucket their server access logs go to (required: the one the baseline names, or else the one the log archive
    bucket's logging points at), and the log archive key. A bucket that was not listed fails every row."""
    buckets = {b.get("name"): b for b in log_archive.get("buckets", [])}

    def bucket(name):
        return buckets.get(name) or {"name": name, "missing": True}

    names = [log_archive.get("bucket_name")]
    if log_archive.get("findings_bucket_name") not in (None, "", names[0]):
        names.append(log_archive["findings_bucket_name"])
    archives = [bucket(name) for name in names]
    target = ((archives[0].get("bucket_logging") or {}).get("LoggingEnabled") or {}).get("TargetBucket")
    access_logs = bucket(log_archive.get("access_logs_bucket_name") or target or f"{names[0]}-access-logs")
    rows = []
    for archive in archives:
        rows.append(_access_logging_row(archive, access_logs))
        rows += _bucket_rows(archive, kms=True)
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
            key or ("not encrypted" if topic.get("arn", True) else f"no topic {topic.get('name') or ''}".strip()),
            bool(key) and not key.endswith("alias/aws/sns"),
        )
    ]
    return rows + _key_rows("Alerts", topic.get("key"))


def compliance_rows(readings, purposes=(), regions=(), home_region="", standards=(), cis_controls=()):
    rows = _account_rows(readings, list(regions), list(standards))
    if "management" in purposes:
        rows += _trail_rows(readings, home_region, cis_controls)
        rows.append(_guardduty_admin_row(readings.get("guardduty_admin") or {}, list(regions)))
    if "audit" in purposes:
        rows.append(_guardduty_export_row(readings, list(regions)))
    if readings.get("log_archive"):
        rows += _log_archive_rows(readings["log_archive"])
    if readings.get("topic"):
        rows += _topic_rows(readings["topic"])
    return rows


class FilterModule:
    def filters(self):
        return {"compliance_rows": compliance_rows}
