"""The data_tier filter: the plan (names, key and bucket policies, lifecycle) and every input rule with the
message users see."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.data_tier import data_tier_plan

LIFECYCLE = {
    "ia_days": 30,
    "glacier_days": 90,
    "expire_days": 365,
    "noncurrent_ia_days": 30,
    "noncurrent_glacier_days": 90,
    "noncurrent_expire_days": 365,
    "abort_multipart_days": 7,
}
DEV = {
    "name": "ecia-dev",
    "account_id": "200000000001",
    "region": "ap-south-1",
    "kms_deletion_window_days": 7,
    "secret_recovery_window_days": 7,
    "db_instance_class": "db.t3.micro",
    "db_engine": "mysql",
    "db_engine_version": "8.0.39",
    "db_parameter_group_family": "mysql8.0",
    "db_name": "appdb_dev",
    "db_username": "dbadmin",
    "db_port": 3306,
    "db_allocated_storage": 20,
    "db_max_allocated_storage": 100,
    "db_backup_retention_days": 1,
    "db_backup_window": "02:00-03:00",
    "db_maintenance_window": "sun:04:00-sun:05:00",
    "db_monitoring_interval": 60,
    "db_log_exports": ["error", "general", "slowquery"],
    "db_parameters": {"slow_query_log": 1, "long_query_time": 2},
    "db_final_snapshot_suffix": "20250101000000",
    "bucket_lifecycle": LIFECYCLE,
    "app_bucket_cors_rules": [],
    "alb_logs_prefix": "alb",
    "elb_log_delivery_accounts": {"ap-south-1": "718504428378"},
}


def test_data_tier_names_and_policies():
    plan = data_tier_plan(DEV)
    assert [k["alias"] for k in plan["kms_keys"]] == [
        "alias/ecia-dev-s3",
        "alias/ecia-dev-rds",
        "alias/ecia-dev-secrets",
    ]
    # The logs bucket first: the other two send it their access logs.
    assert [b["name"] for b in plan["buckets"]] == [
        "ecia-dev-logs-200000000001",
        "ecia-dev-app-200000000001",
        "ecia-dev-alb-logs-200000000001",
    ]
    assert (plan["secret_name"], plan["db_identifier"], plan["db_subnet_group"], plan["db_parameter_group"]) == (
        "ecia-dev/db/credentials",
        "ecia-dev-db",
        "ecia-dev-db-subnet-grp",
        "ecia-dev-mysql80",
    )
    assert plan["db_final_snapshot"] == "ecia-dev-db-final-20250101000000"
    buckets = {b["key"]: b for b in plan["buckets"]}
    assert (buckets["app"]["encryption"], buckets["logs"]["encryption"], buckets["alb-logs"]["encryption"]) == (
        "aws:kms",
        "AES256",
        "AES256",
    )
    # Every bucket versioned (FSBP S3.14), the log buckets too.
    assert {key: b["versioning"] for key, b in buckets.items()} == {"app": True, "logs": True, "alb-logs": True}
    # Server access logs (FSBP S3.9): app and alb-logs to the logs bucket, one prefix each; S3's log delivery may
    # put them there for this account's two buckets only.
    logs = "ecia-dev-logs-200000000001"
    assert {key: b["logging"] for key, b in buckets.items()} == {
        "logs": {},
        "app": {"target_bucket": logs, "target_prefix": "s3-access/ecia-dev-app-200000000001/"},
        "alb-logs": {"target_bucket": logs, "target_prefix": "s3-access/ecia-dev-alb-logs-200000000001/"},
    }
    delivery = buckets["logs"]["policy"]["Statement"][1]
    assert (delivery["Principal"], delivery["Resource"]) == (
        {"Service": "logging.s3.amazonaws.com"},
        f"arn:aws:s3:::{logs}/s3-access/*",
    )
    assert delivery["Condition"] == {
        "ArnLike": {
            "aws:SourceArn": [
                "arn:aws:s3:::ecia-dev-app-200000000001",
                "arn:aws:s3:::ecia-dev-alb-logs-200000000001",
            ]
        },
        "StringEquals": {"aws:SourceAccount": "200000000001"},
    }
    for bucket in plan["buckets"]:
        deny = bucket["policy"]["Statement"][0]
        assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    allow = buckets["alb-logs"]["policy"]["Statement"][1]
    assert allow["Principal"] == {"AWS": "arn:aws:iam::718504428378:root"}
    assert allow["Action"] == "s3:PutObject"
    assert allow["Resource"] == "arn:aws:s3:::ecia-dev-alb-logs-200000000001/alb/AWSLogs/200000000001/*"
    for key in plan["kms_keys"]:
        actions = [a for s in key["policy"]["Statement"] for a in s["Action"]]
        assert "kms:*" not in actions and "*" not in actions


def test_new_regions_deliver_alb_logs_from_the_service_principal():
    plan = data_tier_plan(dict(DEV, region="ap-south-2"))
    allow = plan["buckets"][2]["policy"]["Statement"][1]
    assert allow["Principal"] == {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}


def test_lifecycle_is_one_rule_with_every_transition():
    lc = data_tier_plan(DEV)["lifecycle"]
    assert lc["transitions"] == [
        {"transition_days": 30, "storage_class": "standard_ia"},
        {"transition_days": 90, "storage_class": "glacier"},
    ]
    assert (
        lc["expiration_days"],
        lc["noncurrent_version_expiration_days"],
        lc["abort_incomplete_multipart_upload_days"],
    ) == (
        365,
        365,
        7,
    )


@pytest.mark.parametrize(
    "change, message",
    [
        ({"db_instance_class": "t3.micro"}, "data_tier_db_instance_class: 't3.micro' is not an RDS instance class"),
        ({"db_backup_retention_days": 0}, "data_tier_db_backup_retention_days: 0 must be between 1 and 35"),
        ({"db_backup_retention_days": 36}, "data_tier_db_backup_retention_days: 36 must be between 1 and 35"),
        ({"db_backup_window": "2:00-3:00"}, "data_tier_db_backup_window: '2:00-3:00' must be hh24:mi-hh24:mi"),
        ({"db_backup_window": "02:00-02:20"}, "must last at least 30 minutes"),
        ({"db_maintenance_window": "sun:02:30-sun:03:30"}, "data_tier_db_maintenance_window: .* overlaps"),
        ({"db_maintenance_window": "sunday 04:00"}, "must be ddd:hh24:mi-ddd:hh24:mi"),
        ({"db_max_allocated_storage": 21}, "must be at least 10% above"),
        ({"db_allocated_storage": 10}, "data_tier_db_allocated_storage: 10 must be between 20 and 65536"),
        ({"db_parameter_group_family": "mysql5.7"}, "does not match data_tier_db_engine_version 8.0.39"),
        ({"db_engine_version": "8.0"}, "data_tier_db_engine_version: '8.0' must be a full version"),
        ({"db_monitoring_interval": 45}, "data_tier_db_monitoring_interval: 45 must be one of"),
        ({"db_log_exports": ["slow"]}, "data_tier_db_log_exports: \\['slow'\\] are not MySQL log types"),
        ({"db_name": "1appdb"}, "data_tier_db_name: '1appdb' must start with a letter"),
        ({"db_username": "rdsadmin"}, "data_tier_db_username: 'rdsadmin'"),
        ({"db_port": 80}, "data_tier_db_port: 80 must be between 1150 and 65535"),
        ({"kms_deletion_window_days": 3}, "data_tier_kms_deletion_window_days: 3 must be between 7 and 30"),
        ({"secret_recovery_window_days": 0}, "data_tier_secret_recovery_window_days: 0 must be between 7 and 30"),
        ({"account_id": "12345"}, "data_tier_account_id: '12345' must be a 12-digit account id"),
        (
            {"bucket_lifecycle": dict(LIFECYCLE, ia_days=10)},
            "data_tier_bucket_lifecycle.ia_days: 10 must be at least 30",
        ),
        ({"bucket_lifecycle": dict(LIFECYCLE, glacier_days=45)}, "glacier_days: 45 must be at least ia_days \\+ 30"),
        ({"bucket_lifecycle": dict(LIFECYCLE, expire_days=90)}, "expire_days: 90 must be after glacier_days"),
        ({"app_bucket_cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["PATCH"]}]}, "are not among"),
        (
            {"app_bucket_cors_rules": [{"allowed_origins": ["*"], "allowed_methods": ["GET"], "max_age": 3}]},
            "unknown keys \\['max_age'\\]",
        ),
        ({"alb_logs_prefix": "x/AWSLogs"}, "must not contain AWSLogs"),
        ({"db_final_snapshot_suffix": "a--b"}, "not a valid snapshot id"),
    ],
)
def test_data_tier_rules(change, message):
    with pytest.raises(AnsibleFilterError, match=message):
        data_tier_plan(dict(DEV, **change))
