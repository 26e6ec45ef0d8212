# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate the backup and DR inputs and plan their names and policies, before any API call.

Every check fails with a message that names the variable and the rule it breaks.
"""

import ipaddress
import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import BUCKET
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail as _fail
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import integer as _int
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import account_id as _account_id
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import region as _region
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import resource_name as _name
from ansible_collections.prodgrade.aws.plugins.plugin_utils.kms import service_key_policy
from ansible_collections.prodgrade.aws.plugins.plugin_utils.s3 import tls_only_statement

# AWS Backup schedule: a cron() or rate() expression (six cron fields, as EventBridge).
CRON = re.compile(r"^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$")
RATE = re.compile(r"^rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\)$")
RULE_NAME = re.compile(r"^[A-Za-z0-9\-_.]{1,50}$")
TAG_KEY = re.compile(r"^[\w\s+=.:/@-]{1,128}$")
INSTANCE_CLASS = re.compile(r"^db\.[a-z0-9]+\.[a-z0-9]+$")
STORAGE_CLASSES = (
    "STANDARD",
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER",
    "GLACIER_IR",
    "DEEP_ARCHIVE",
)


def _rules(rules):
    var = "backup_dr_plan_rules"
    if not isinstance(rules, list) or not rules:
        _fail(f"{var}: must be a non-empty list of rules ({{name, schedule, delete_after_days, ...}})")
    out, names = [], set()
    for i, r in enumerate(rules):
        where = f"{var}[{i}]"
        if not isinstance(r, dict):
            _fail(f"{where}: must be a dict")
        name = str(r.get("name", ""))
        if not RULE_NAME.match(name):
            _fail(f"{where}.name: '{name}' must be 1-50 letters, digits, '-', '_' or '.' (AWS Backup rule name)")
        if name in names:
            _fail(f"{where}.name: '{name}' is used twice (rule names are unique in a plan)")
        names.add(name)
        schedule = str(r.get("schedule", ""))
        if not (CRON.match(schedule) or RATE.match(schedule)):
            _fail(f"{where}.schedule: '{schedule}' must be cron(m h dom mon dow y) or rate(N unit), in UTC")
        start = _int(r.get("start_window_minutes", 60), f"{where}.start_window_minutes", 60, None, " (AWS minimum)")
        completion = _int(r.get("completion_window_minutes", 480), f"{where}.completion_window_minutes", 1)
        if completion <= start:
            _fail(f"{where}.completion_window_minutes: {completion} must be greater than start_window_minutes {start}")
        keep = _int(r.get("delete_after_days"), f"{where}.delete_after_days", 1, None, " (0 would keep nothing)")
        cold = r.get("cold_storage_after_days")
        if cold is not None:
            cold = _int(cold, f"{where}.cold_storage_after_days", 1)
            if keep < cold + 90:
                _fail(
                    f"{where}.delete_after_days: {keep} must be at least 90 days after cold_storage_after_days "
                    f"{cold} (AWS Backup cold storage minimum)"
                )
        copy = bool(r.get("copy_to_dr", True))
        dr_keep = _int(r.get("dr_delete_after_days", keep), f"{where}.dr_delete_after_days", 1) if copy else None
        lifecycle = {"delete_after_days": keep}
        if cold is not None:
            lifecycle["move_to_cold_storage_after_days"] = cold
        out.append(
            {
                "name": name,
                "schedule": schedule,
                "start_window_minutes": start,
                "completion_window_minutes": completion,
                "lifecycle": lifecycle,
                "copy_to_dr": copy,
                "dr_lifecycle": {"delete_after_days": dr_keep} if copy else None,
            }
        )
    return out


def _selection_tags(tags):
    var = "backup_dr_selection_tags"
    if not isinstance(tags, dict) or not tags:
        _fail(
            f"{var}: must be a non-empty dict of tag key: value (every RDS/EBS resource with all of them is backed up)"
        )
    for key, value in tags.items():
        if not TAG_KEY.match(str(key)) or str(key).startswith("aws:"):
            _fail(f"{var}: '{key}' is not a tag key AWS accepts (1-128 chars, no aws: prefix)")
        if isinstance(value, (dict, list)) or value is None or str(value) == "":
            _fail(f"{var}.{key}: must be a non-empty string")
    return [{"condition_key": f"aws:ResourceTag/{k}", "condition_value": str(v)} for k, v in sorted(tags.items())]


def _dr_network(cidr, subnets):
    try:
        vpc = ipaddress.ip_network(str(cidr), strict=True)
    except ValueError:
        _fail(f"backup_dr_dr_vpc_cidr: '{cidr}' is not a valid IPv4 CIDR (network address, e.g. 10.21.0.0/16)")
    if not 16 <= vpc.prefixlen <= 28:
        _fail(f"backup_dr_dr_vpc_cidr: '{cidr}' must be between /16 and /28 (VPC limit)")
    if not isinstance(subnets, dict) or len(subnets) < 2:
        _fail("backup_dr_dr_subnets: must map at least 2 AZ letters to CIDRs (a DB subnet group needs 2 AZs)")
    nets = {}
    for az, sub in sorted(subnets.items()):
        if not re.match(r"^[a-z]$", str(az)):
            _fail(f"backup_dr_dr_subnets: key '{az}' must be an AZ letter such as a")
        try:
            net = ipaddress.ip_network(str(sub), strict=True)
        except ValueError:
            _fail(f"backup_dr_dr_subnets.{az}: '{sub}' is not a valid IPv4 CIDR")
        if not net.subnet_of(vpc):
            _fail(f"backup_dr_dr_subnets.{az}: {sub} is not inside backup_dr_dr_vpc_cidr {cidr}")
        for other, onet in nets.items():
            if net.overlaps(onet):
                _fail(f"backup_dr_dr_subnets.{az}: {sub} overlaps backup_dr_dr_subnets.{other} ({onet})")
        nets[az] = net
    return {az: str(n) for az, n in nets.items()}


def _trust(service):
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def backup_dr_plan(cfg):
    """Check every backup_dr input and return the names, policies and settings the role applies.

    cfg: the backup_dr_* variables without their prefix, plus allowed_regions (org_allowed_regions).
    """
    name = _name(cfg.get("name"), "backup_dr_name")
    account_id = _account_id(cfg.get("account_id", ""), "backup_dr_account_id", " (bucket names need it)")
    allowed = list(cfg.get("allowed_regions") or [])
    region = _region(cfg.get("region"), "backup_dr_region", allowed)
    dr_region = _region(cfg.get("dr_region"), "backup_dr_dr_region", allowed)
    if dr_region == region:
        _fail(f"backup_dr_dr_region: '{dr_region}' must differ from backup_dr_region (cross-region DR)")
    kms_window = _int(cfg.get("kms_deletion_window_days"), "backup_dr_kms_deletion_window_days", 7, 30, " (KMS limit)")
    rules = _rules(cfg.get("plan_rules"))
    conditions = _selection_tags(cfg.get("selection_tags"))

    storage_class = str(cfg.get("replica_storage_class", ""))
    if storage_class not in STORAGE_CLASSES:
        _fail(f"backup_dr_replica_storage_class: '{storage_class}' must be one of {list(STORAGE_CLASSES)}")

    source_bucket = f"{name}-app-{account_id}"
    dr_bucket = str(cfg.get("dr_bucket_name") or f"{name}-app-dr-{account_id}")
    if not BUCKET.match(dr_bucket) or ".." in dr_bucket:
        _fail(f"backup_dr_dr_bucket_name: '{dr_bucket}' is not a bucket name S3 accepts (3-63 lower-case chars)")

    replica = bool(cfg.get("rds_replica_enabled"))
    replica_plan = None
    if replica:
        klass = str(cfg.get("rds_replica_instance_class", ""))
        if not INSTANCE_CLASS.match(klass):
            _fail(f"backup_dr_rds_replica_instance_class: '{klass}' is not an RDS instance class such as db.t3.small")
        replica_plan = {
            "identifier": f"{name}-db-dr",
            "source_identifier": f"{name}-db",
            "instance_class": klass,
            "vpc_name": f"{name}-dr",
            "vpc_cidr": str(cfg.get("dr_vpc_cidr")),
            "subnets": [
                {"az": f"{dr_region}{az}", "cidr": c, "name": f"{name}-dr-data-{az}"}
                for az, c in _dr_network(cfg.get("dr_vpc_cidr"), cfg.get("dr_subnets")).items()
            ],
            "subnet_group": f"{name}-dr-db-subnet-grp",
            "security_group": f"{name}-dr-db-sg",
        }

    return {
        "name": name,
        "account_id": account_id,
        "region": region,
        "dr_region": dr_region,
        "kms_deletion_window_days": kms_window,
        "backup_key": {
            "alias": f"alias/{name}-backup",
            "alias_arn": f"arn:aws:kms:{region}:{account_id}:alias/{name}-backup",
            "description": f"{name} AWS Backup vault encryption",
            "policy": service_key_policy(account_id, region, ["backup"], f"{name}-backup", "UseThroughServices", True),
        },
        "dr_key": {
            "alias": f"alias/{name}-dr",
            "alias_arn": f"arn:aws:kms:{dr_region}:{account_id}:alias/{name}-dr",
            "description": f"{name} DR region encryption (backup copies, S3 replicas, RDS replica)",
            "policy": service_key_policy(
                account_id, dr_region, ["backup", "s3", "rds"], f"{name}-dr", "UseThroughServices", True
            ),
        },
        "vault": f"{name}-vault",
        "dr_vault": f"{name}-dr-vault",
        "dr_vault_arn": f"arn:aws:backup:{dr_region}:{account_id}:backup-vault:{name}-dr-vault",
        "backup_plan": f"{name}-backup-plan",
        "rules": rules,
        "selection": f"{name}-rds-ebs",
        "selection_resources": [
            f"arn:aws:rds:{region}:{account_id}:db:*",
            f"arn:aws:ec2:{region}:{account_id}:volume/*",
        ],
        "selection_conditions": conditions,
        "backup_role": f"{name}-backup",
        "backup_trust": _trust("backup.amazonaws.com"),
        "replication_enabled": bool(cfg.get("s3_replication_enabled")),
        "source_bucket": source_bucket,
        "dr_bucket": dr_bucket,
        "dr_bucket_policy": {"Version": "2012-10-17", "Statement": [tls_only_statement(dr_bucket)]},
        "replication_role": f"{name}-s3-replication",
        "replication_trust": _trust("s3.amazonaws.com"),
        "replication_rule_id": f"{name}-app-to-{dr_region}",
        "replica_storage_class": storage_class,
        "replica": replica_plan,
    }


def backup_dr_replication_policy(plan, source_key_arn, dr_key_arn):
    """The replication role's policy: read the source bucket, write replicas, decrypt/re-encrypt with the keys."""
    src, dst = plan["source_bucket"], plan["dr_bucket"]
    statements = [
        {
            "Sid": "ReadSourceConfiguration",
            "Effect": "Allow",
            "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            "Resource": f"arn:aws:s3:::{src}",
        },
        {
            "Sid": "ReadSourceVersions",
            "Effect": "Allow",
            "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            "Resource": f"arn:aws:s3:::{src}/*",
        },
        {
            "Sid": "WriteReplicas",
            "Effect": "Allow",
            "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            "Resource": f"arn:aws:s3:::{dst}/*",
        },
        {
            "Sid": "ReEncryptInDrRegion",
            "Effect": "Allow",
            "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
            "Resource": dr_key_arn,
            "Condition": {"StringLike": {"kms:ViaService": f"s3.{plan['dr_region']}.amazonaws.com"}},
        },
    ]
    if source_key_arn:
        statements.append(
            {
                "Sid": "DecryptSource",
                "Effect": "Allow",
                "Action": ["kms:Decrypt"],
                "Resource": source_key_arn,
                "Condition": {"StringLike": {"kms:ViaService": f"s3.{plan['region']}.amazonaws.com"}},
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def backup_dr_plan_rule(rule, plan):
    """One planned rule in amazon.aws.backup_plan's rules shape (into the home vault, copied to the DR vault)."""
    out = {
        "rule_name": rule["name"],
        "target_backup_vault_name": plan["vault"],
        "schedule_expression": rule["schedule"],
        "start_window_minutes": rule["start_window_minutes"],
        "completion_window_minutes": rule["completion_window_minutes"],
        "lifecycle": rule["lifecycle"],
    }
    if rule["copy_to_dr"]:
        out["copy_actions"] = [
            {"destination_backup_vault_arn": plan["dr_vault_arn"], "lifecycle": rule["dr_lifecycle"]}
        ]
    return out


def _differs(want, have):
    """True if any key set in want has another value in have (keys only AWS adds, like rule_id, are ignored)."""
    if isinstance(want, dict):
        return not isinstance(have, dict) or any(_differs(v, have.get(k)) for k, v in want.items())
    if isinstance(want, list):
        return not isinstance(have, list) or len(want) != len(have) or any(map(_differs, want, have))
    return want != have


def backup_dr_plan_drifted(plans, rules, tags):
    """Whether the plan read by amazon.aws.backup_plan_info differs from the wanted rules and tags.

    amazon.aws.backup_plan (10.1.2) reports changed under --check whenever the plan has tags, changed or not, so
    the role asks this instead when it runs in check mode."""
    if not plans:
        return True
    plan = plans[0]
    have = {r.get("rule_name"): r for r in plan.get("backup_plan", {}).get("rules", [])}
    if set(have) != {r["rule_name"] for r in rules}:
        return True
    return any(_differs(r, have[r["rule_name"]]) for r in rules) or (plan.get("tags") or {}) != tags


class FilterModule:
    def filters(self):
        return {
            "backup_dr_plan": backup_dr_plan,
            "backup_dr_plan_rule": backup_dr_plan_rule,
            "backup_dr_plan_drifted": backup_dr_plan_drifted,
            "backup_dr_replication_policy": backup_dr_replication_policy,
        }
