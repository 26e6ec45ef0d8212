# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The data_tier role's inputs, checked on the controller before any API call, and the names, policies and
settings they make. Every check fails with a message that names the variable and the rule it breaks.
"""

import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import BUCKET
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail as _fail
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import integer as _int
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import account_id as _account_id
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import region as _region
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import resource_name as _name
from ansible_collections.prodgrade.aws.plugins.plugin_utils.kms import service_key_policy
from ansible_collections.prodgrade.aws.plugins.plugin_utils.s3 import tls_only_statement

INSTANCE_CLASS = re.compile(
    r"^db\.[a-z]+[0-9]+[a-z0-9-]*\.(nano|micro|small|medium|large|[0-9]*xlarge|metal(-[0-9]+xl)?)$"
)
WINDOW = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAINT_WINDOW = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])$"
)
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)
MYSQL_LOG_EXPORTS = ("audit", "error", "general", "slowquery")
SNAPSHOT_ID = re.compile(r"^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}(?<!-)$")
CORS_METHODS = ("GET", "PUT", "POST", "DELETE", "HEAD")
# prodgrade.aws.s3_buckets' cors_rules keys (community.aws.s3_cors took any and camelized them).
CORS_KEYS = ("id", "allowed_origins", "allowed_methods", "allowed_headers", "expose_headers", "max_age_seconds")
# Minutes in a week, for windows that wrap around Sunday midnight.
WEEK = 7 * 24 * 60


def _window_minutes(value, var):
    m = WINDOW.match(str(value))
    if not m:
        _fail(f"{var}: '{value}' must be hh24:mi-hh24:mi in UTC, e.g. 02:00-03:00")
    start, end = int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])
    length = (end - start) % (24 * 60)
    if length < 30:
        _fail(f"{var}: '{value}' must last at least 30 minutes (RDS rule)")
    return [(start + day * 1440, start + day * 1440 + length) for day in range(7)]


def _maintenance_minutes(value, var):
    m = MAINT_WINDOW.match(str(value).lower())
    if not m:
        _fail(f"{var}: '{value}' must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:04:00-sun:05:00")
    start = DAYS.index(m[1]) * 1440 + int(m[2]) * 60 + int(m[3])
    end = DAYS.index(m[4]) * 1440 + int(m[5]) * 60 + int(m[6])
    length = (end - start) % WEEK
    if length < 30:
        _fail(f"{var}: '{value}' must last at least 30 minutes (RDS rule)")
    return (start, start + length)


def _overlap(a, b):
    # Compare over two weeks so windows crossing Sunday midnight are caught.
    return any(
        x0 < y1 and y0 < x1
        for (x0, x1) in (a, (a[0] + WEEK, a[1] + WEEK))
        for (y0, y1) in (b, (b[0] + WEEK, b[1] + WEEK))
    )


def _check_lifecycle(lc):
    var = "data_tier_bucket_lifecycle"
    if not isinstance(lc, dict):
        _fail(f"{var}: must be a dict (ia_days, glacier_days, expire_days, noncurrent_*, abort_multipart_days)")
    keys = (
        "ia_days",
        "glacier_days",
        "expire_days",
        "noncurrent_ia_days",
        "noncurrent_glacier_days",
        "noncurrent_expire_days",
        "abort_multipart_days",
    )
    missing = [k for k in keys if k not in lc]
    if missing:
        _fail(f"{var}: missing {missing}")
    d = {k: _int(lc[k], f"{var}.{k}", 1, 36500) for k in keys}
    for prefix in ("", "noncurrent_"):
        ia, glacier, expire = d[prefix + "ia_days"], d[prefix + "glacier_days"], d[prefix + "expire_days"]
        if ia < 30:
            _fail(f"{var}.{prefix}ia_days: {ia} must be at least 30 (S3 keeps objects 30 days before STANDARD_IA)")
        if glacier < ia + 30:
            _fail(f"{var}.{prefix}glacier_days: {glacier} must be at least {prefix}ia_days + 30 = {ia + 30} (S3 rule)")
        if expire <= glacier:
            _fail(f"{var}.{prefix}expire_days: {expire} must be after {prefix}glacier_days ({glacier})")
    return {
        "rule_id": "tiering-and-expiry",
        "transitions": [
            {"transition_days": d["ia_days"], "storage_class": "standard_ia"},
            {"transition_days": d["glacier_days"], "storage_class": "glacier"},
        ],
        "expiration_days": d["expire_days"],
        "noncurrent_version_transitions": [
            {"transition_days": d["noncurrent_ia_days"], "storage_class": "standard_ia"},
            {"transition_days": d["noncurrent_glacier_days"], "storage_class": "glacier"},
        ],
        "noncurrent_version_expiration_days": d["noncurrent_expire_days"],
        "abort_incomplete_multipart_upload_days": d["abort_multipart_days"],
    }


def _check_cors(rules):
    var = "data_tier_app_bucket_cors_rules"
    if not isinstance(rules, list):
        _fail(f"{var}: must be a list of CORS rules (allowed_origins, allowed_methods, ...)")
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict) or not rule.get("allowed_origins") or not rule.get("allowed_methods"):
            _fail(f"{var}[{i}]: each rule needs allowed_origins and allowed_methods")
        unknown = sorted(set(rule) - set(CORS_KEYS))
        if unknown:
            _fail(f"{var}[{i}]: unknown keys {unknown}; a rule has {list(CORS_KEYS)}")
        bad = [m for m in rule["allowed_methods"] if m not in CORS_METHODS]
        if bad:
            _fail(f"{var}[{i}].allowed_methods: {bad} are not among {list(CORS_METHODS)}")
    return rules


# Where the logs bucket receives the other buckets' server access logs (FSBP S3.9), one prefix per bucket.
ACCESS_LOGS_PREFIX = "s3-access"


def _access_logs_statement(bucket, sources, account_id):
    """S3's log delivery may put the access logs of ``sources`` (bucket names) under their prefix, for this account
    and those buckets only (aws:SourceAccount, aws:SourceArn), as S3's documentation writes the grant for a target
    bucket that enforces bucket-owner ownership (no ACLs)."""
    return {
        "Sid": "S3ServerAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{bucket}/{ACCESS_LOGS_PREFIX}/*",
        "Condition": {
            "ArnLike": {"aws:SourceArn": [f"arn:aws:s3:::{source}" for source in sources]},
            "StringEquals": {"aws:SourceAccount": account_id},
        },
    }


def _alb_logs_statement(bucket, prefix, account_id, region, elb_accounts):
    path = f"{prefix}/AWSLogs/{account_id}/*" if prefix else f"AWSLogs/{account_id}/*"
    # Regions opened before August 2022 deliver from a per-region ELB account; newer ones from a service principal.
    principal = (
        {"AWS": f"arn:aws:iam::{elb_accounts[region]}:root"}
        if region in elb_accounts
        else {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
    )
    return {
        "Sid": "ElbAccessLogDelivery",
        "Effect": "Allow",
        "Principal": principal,
        "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{bucket}/{path}",
    }


KMS_SERVICES = (
    {"key": "s3", "label": "S3", "endpoint": "s3", "grants": False},
    {"key": "rds", "label": "RDS", "endpoint": "rds", "grants": True},
    {"key": "secrets", "label": "SecretsManager", "endpoint": "secretsmanager", "grants": False},
)


def data_tier_plan(cfg):
    """Check every data tier input and return the names, policies and settings the role applies.

    cfg: the data_tier_* variables without their prefix (see the role's argument spec).
    """
    name = _name(cfg.get("name"), "data_tier_name")
    account_id = _account_id(cfg.get("account_id", ""), "data_tier_account_id", " (bucket names need it)")
    region = _region(cfg.get("region", ""), "data_tier_region")

    kms_window = _int(cfg.get("kms_deletion_window_days"), "data_tier_kms_deletion_window_days", 7, 30, " (KMS limit)")
    recovery = _int(
        cfg.get("secret_recovery_window_days"),
        "data_tier_secret_recovery_window_days",
        7,
        30,
        " (Secrets Manager limit)",
    )

    # ------------------------------------------------------------------ RDS
    db_class = str(cfg.get("db_instance_class", ""))
    if not INSTANCE_CLASS.match(db_class):
        _fail(
            f"data_tier_db_instance_class: '{db_class}' is not an RDS instance class such as db.t3.micro or db.r6g.large"
        )
    engine = cfg.get("db_engine")
    version = str(cfg.get("db_engine_version", ""))
    m = re.match(r"^([0-9]+)\.([0-9]+)\.[0-9]+$", version)
    if not m:
        _fail(f"data_tier_db_engine_version: '{version}' must be a full version such as 8.0.39")
    family = f"{engine}{m[1]}.{m[2]}"
    if cfg.get("db_parameter_group_family") != family:
        _fail(
            f"data_tier_db_parameter_group_family: '{cfg.get('db_parameter_group_family')}' does not match "
            f"data_tier_db_engine_version {version} (expected {family})"
        )
    db_name = str(cfg.get("db_name", ""))
    if not re.match(r"^[A-Za-z][A-Za-z0-9_]{0,63}$", db_name):
        _fail(f"data_tier_db_name: '{db_name}' must start with a letter and hold 1-64 letters, digits or underscores")
    user = str(cfg.get("db_username", ""))
    if not re.match(r"^[A-Za-z][A-Za-z0-9_]{0,15}$", user) or user.lower() in ("rdsadmin", "root", "mysql"):
        _fail(
            f"data_tier_db_username: '{user}' must be 1-16 letters/digits/underscores starting with a letter, not a reserved name"
        )
    _int(cfg.get("db_port"), "data_tier_db_port", 1150, 65535, " (RDS MySQL port range)")
    allocated = _int(cfg.get("db_allocated_storage"), "data_tier_db_allocated_storage", 20, 65536, " (gp3 for MySQL)")
    max_storage = _int(cfg.get("db_max_allocated_storage"), "data_tier_db_max_allocated_storage", 0, 65536)
    if max_storage and max_storage < allocated * 1.1:
        _fail(
            f"data_tier_db_max_allocated_storage: {max_storage} must be at least 10% above "
            f"data_tier_db_allocated_storage ({allocated}) for storage autoscaling, or 0 to turn it off"
        )
    _int(
        cfg.get("db_backup_retention_days"),
        "data_tier_db_backup_retention_days",
        1,
        35,
        " (0 would turn automated backups off)",
    )
    backup = _window_minutes(cfg.get("db_backup_window"), "data_tier_db_backup_window")
    maint = _maintenance_minutes(cfg.get("db_maintenance_window"), "data_tier_db_maintenance_window")
    if any(_overlap(b, maint) for b in backup):
        _fail(
            f"data_tier_db_maintenance_window: '{cfg.get('db_maintenance_window')}' overlaps "
            f"data_tier_db_backup_window '{cfg.get('db_backup_window')}' (RDS rule)"
        )
    interval = _int(cfg.get("db_monitoring_interval"), "data_tier_db_monitoring_interval")
    if interval not in MONITORING_INTERVALS:
        _fail(f"data_tier_db_monitoring_interval: {interval} must be one of {list(MONITORING_INTERVALS)}")
    exports = cfg.get("db_log_exports") or []
    bad = [e for e in exports if e not in MYSQL_LOG_EXPORTS]
    if bad:
        _fail(f"data_tier_db_log_exports: {bad} are not MySQL log types {list(MYSQL_LOG_EXPORTS)}")
    params = cfg.get("db_parameters") or {}
    if not isinstance(params, dict) or any(isinstance(v, (dict, list)) for v in params.values()):
        _fail("data_tier_db_parameters: must map parameter names to scalar values, e.g. {slow_query_log: 1}")
    suffix = str(cfg.get("db_final_snapshot_suffix", ""))
    final_snapshot = f"{name}-db-final-{suffix}"
    if not suffix or not SNAPSHOT_ID.match(final_snapshot):
        _fail(f"data_tier_db_final_snapshot_suffix: '{suffix}' makes '{final_snapshot}', not a valid snapshot id")

    # ------------------------------------------------------------------ S3
    lifecycle = _check_lifecycle(cfg.get("bucket_lifecycle"))
    cors = _check_cors(cfg.get("app_bucket_cors_rules") or [])
    prefix = str(cfg.get("alb_logs_prefix") or "").strip("/")
    if "AWSLogs" in prefix:
        _fail(f"data_tier_alb_logs_prefix: '{prefix}' must not contain AWSLogs (ELB adds it)")
    elb_accounts = cfg.get("elb_log_delivery_accounts") or {}

    buckets = []
    # Every bucket versioned (FSBP S3.14): the app bucket as seed 001 says, the log buckets so that an overwrite or
    # a delete leaves the old object recoverable (the lifecycle expires noncurrent versions where it applies).
    # The logs bucket first: it must exist, with its grant to S3's log delivery, before the others log to it.
    names = {key: f"{name}-{key}-{account_id}" for key in ("logs", "app", "alb-logs")}
    for key, encryption, versioning, kms in (
        ("logs", "AES256", True, None),
        ("app", "aws:kms", True, "s3"),
        # ALB access logs support SSE-S3 only.
        ("alb-logs", "AES256", True, None),
    ):
        bucket = names[key]
        if not BUCKET.match(bucket) or ".." in bucket:
            _fail(f"data_tier_name: makes the bucket name '{bucket}', which S3 rejects (3-63 lower-case chars)")
        statements = [tls_only_statement(bucket)]
        if key == "alb-logs":
            statements.append(_alb_logs_statement(bucket, prefix, account_id, region, elb_accounts))
        if key == "logs":
            statements.append(_access_logs_statement(bucket, [names["app"], names["alb-logs"]], account_id))
        buckets.append(
            {
                "key": key,
                "name": bucket,
                "encryption": encryption,
                "kms_key": kms,
                "versioning": versioning,
                # Server access logs of the app and alb-logs buckets to the logs bucket (FSBP S3.9); the logs
                # bucket does not log its own access (AWS advises against a bucket logging to itself).
                "logging": (
                    {}
                    if key == "logs"
                    else {"target_bucket": names["logs"], "target_prefix": f"{ACCESS_LOGS_PREFIX}/{bucket}/"}
                ),
                "lifecycle": key in ("app", "logs"),
                "cors": cors if key == "app" else [],
                "policy": {"Version": "2012-10-17", "Statement": statements},
            }
        )

    return {
        "kms_deletion_window_days": kms_window,
        "kms_keys": [
            {
                "key": s["key"],
                "alias": f"alias/{name}-{s['key']}",
                "alias_arn": f"arn:aws:kms:{region}:{account_id}:alias/{name}-{s['key']}",
                "description": f"{name} {s['label']} encryption",
                "policy": service_key_policy(
                    account_id, region, [s["endpoint"]], f"{name}-{s['key']}", f"UseThrough{s['label']}", s["grants"]
                ),
            }
            for s in KMS_SERVICES
        ],
        "buckets": buckets,
        "lifecycle": lifecycle,
        "secret_name": f"{name}/db/credentials",
        "secret_recovery_window_days": recovery,
        "db_identifier": f"{name}-db",
        "db_subnet_group": f"{name}-db-subnet-grp",
        "db_parameter_group": f"{name}-{engine}{m[1]}{m[2]}",
        "db_monitoring_role": f"{name}-rds-monitoring",
        "db_final_snapshot": final_snapshot,
    }


class FilterModule:
    def filters(self):
        return {"data_tier_plan": data_tier_plan}
