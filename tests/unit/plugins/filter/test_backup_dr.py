"""The backup and DR planner: names, rules in backup_plan's shape, the replication policy, and every input rule with
the message users see."""

import copy

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.backup_dr import (
    backup_dr_plan,
    backup_dr_plan_drifted,
    backup_dr_plan_rule,
    backup_dr_replication_policy,
)

PROD = {
    "name": "ecia-prod",
    "account_id": "200000000003",
    "region": "ap-south-1",
    "dr_region": "ap-southeast-1",
    "allowed_regions": ["ap-south-1", "ap-southeast-1", "us-east-1"],
    "kms_deletion_window_days": 7,
    "plan_rules": [
        {
            "name": "daily-30d",
            "schedule": "cron(0 2 ? * * *)",
            "start_window_minutes": 60,
            "completion_window_minutes": 480,
            "delete_after_days": 30,
            "copy_to_dr": True,
            "dr_delete_after_days": 30,
        }
    ],
    "selection_tags": {"Environment": "prod"},
    "s3_replication_enabled": True,
    "dr_bucket_name": "",
    "replica_storage_class": "STANDARD_IA",
    "rds_replica_enabled": True,
    "rds_replica_instance_class": "db.t3.small",
    "dr_vpc_cidr": "10.101.0.0/16",
    "dr_subnets": {"a": "10.101.20.0/24", "b": "10.101.21.0/24"},
}


def with_(**changes):
    cfg = copy.deepcopy(PROD)
    cfg.update(changes)
    return cfg


def test_prod_plan_names_and_rule():
    plan = backup_dr_plan(PROD)
    assert plan["vault"] == "ecia-prod-vault"
    assert plan["dr_vault_arn"] == "arn:aws:backup:ap-southeast-1:200000000003:backup-vault:ecia-prod-dr-vault"
    assert plan["source_bucket"] == "ecia-prod-app-200000000003"
    assert plan["dr_bucket"] == "ecia-prod-app-dr-200000000003"
    assert plan["selection_conditions"] == [{"condition_key": "aws:ResourceTag/Environment", "condition_value": "prod"}]
    assert plan["selection_resources"] == [
        "arn:aws:rds:ap-south-1:200000000003:db:*",
        "arn:aws:ec2:ap-south-1:200000000003:volume/*",
    ]
    assert plan["replica"]["identifier"] == "ecia-prod-db-dr"
    assert [s["az"] for s in plan["replica"]["subnets"]] == ["ap-southeast-1a", "ap-southeast-1b"]
    assert plan["dr_key"]["policy"]["Statement"][1]["Condition"]["StringEquals"]["kms:ViaService"] == [
        "backup.ap-southeast-1.amazonaws.com",
        "s3.ap-southeast-1.amazonaws.com",
        "rds.ap-southeast-1.amazonaws.com",
    ]
    rule = backup_dr_plan_rule(plan["rules"][0], plan)
    assert rule == {
        "rule_name": "daily-30d",
        "target_backup_vault_name": "ecia-prod-vault",
        "schedule_expression": "cron(0 2 ? * * *)",
        "start_window_minutes": 60,
        "completion_window_minutes": 480,
        "lifecycle": {"delete_after_days": 30},
        "copy_actions": [
            {"destination_backup_vault_arn": plan["dr_vault_arn"], "lifecycle": {"delete_after_days": 30}}
        ],
    }


def test_no_replica_no_dr_network_needed():
    plan = backup_dr_plan(with_(rds_replica_enabled=False, dr_vpc_cidr="", dr_subnets={}))
    assert plan["replica"] is None


def test_rule_without_copy():
    plan = backup_dr_plan(
        with_(plan_rules=[{"name": "r", "schedule": "rate(12 hours)", "delete_after_days": 7, "copy_to_dr": False}])
    )
    assert "copy_actions" not in backup_dr_plan_rule(plan["rules"][0], plan)


def test_replication_policy_scopes_keys_to_s3_in_their_regions():
    plan = backup_dr_plan(PROD)
    src = "arn:aws:kms:ap-south-1:200000000003:key/src"
    dst = "arn:aws:kms:ap-southeast-1:200000000003:key/dst"
    by_sid = {s["Sid"]: s for s in backup_dr_replication_policy(plan, src, dst)["Statement"]}
    assert by_sid["DecryptSource"]["Resource"] == src
    assert by_sid["DecryptSource"]["Condition"]["StringLike"]["kms:ViaService"] == "s3.ap-south-1.amazonaws.com"
    assert by_sid["ReEncryptInDrRegion"]["Resource"] == dst
    assert by_sid["WriteReplicas"]["Resource"] == "arn:aws:s3:::ecia-prod-app-dr-200000000003/*"
    assert "DecryptSource" not in {s["Sid"] for s in backup_dr_replication_policy(plan, "", dst)["Statement"]}


BAD = {
    "same regions": (
        with_(dr_region="ap-south-1"),
        "backup_dr_dr_region: 'ap-south-1' must differ from backup_dr_region",
    ),
    "region not allowed": (
        with_(dr_region="eu-west-1"),
        "backup_dr_dr_region: 'eu-west-1' is not in the organization's",
    ),
    "bad account": (
        with_(account_id="12"),
        "backup_dr_account_id: '12' must be a 12-digit account id (bucket names need it)",
    ),
    "bad schedule": (
        with_(plan_rules=[{"name": "r", "schedule": "daily", "delete_after_days": 1}]),
        "backup_dr_plan_rules[0].schedule: 'daily' must be cron(",
    ),
    "start window too short": (
        with_(
            plan_rules=[{"name": "r", "schedule": "rate(1 day)", "start_window_minutes": 30, "delete_after_days": 1}]
        ),
        "backup_dr_plan_rules[0].start_window_minutes: 30 must be at least 60 (AWS minimum)",
    ),
    "completion before start": (
        with_(
            plan_rules=[
                {"name": "r", "schedule": "rate(1 day)", "completion_window_minutes": 60, "delete_after_days": 1}
            ]
        ),
        "backup_dr_plan_rules[0].completion_window_minutes: 60 must be greater than start_window_minutes 60",
    ),
    "cold storage too late": (
        with_(
            plan_rules=[
                {"name": "r", "schedule": "rate(1 day)", "delete_after_days": 100, "cold_storage_after_days": 30}
            ]
        ),
        "backup_dr_plan_rules[0].delete_after_days: 100 must be at least 90 days after cold_storage_after_days 30",
    ),
    "duplicate rule": (
        with_(plan_rules=[{"name": "r", "schedule": "rate(1 day)", "delete_after_days": 1}] * 2),
        "backup_dr_plan_rules[1].name: 'r' is used twice",
    ),
    "no selection tags": (with_(selection_tags={}), "backup_dr_selection_tags: must be a non-empty dict"),
    "aws tag": (with_(selection_tags={"aws:x": "y"}), "backup_dr_selection_tags: 'aws:x' is not a tag key"),
    "storage class": (with_(replica_storage_class="COLD"), "backup_dr_replica_storage_class: 'COLD' must be one of"),
    "subnet outside": (
        with_(dr_subnets={"a": "10.101.20.0/24", "b": "10.9.0.0/24"}),
        "backup_dr_dr_subnets.b: 10.9.0.0/24 is not inside backup_dr_dr_vpc_cidr 10.101.0.0/16",
    ),
    "one AZ": (with_(dr_subnets={"a": "10.101.20.0/24"}), "backup_dr_dr_subnets: must map at least 2 AZ letters"),
    "missing DR VPC": (with_(dr_vpc_cidr=""), "backup_dr_dr_vpc_cidr: '' is not a valid IPv4 CIDR"),
    "replica class": (with_(rds_replica_instance_class="t3.small"), "backup_dr_rds_replica_instance_class: 't3.small'"),
}


@pytest.mark.parametrize("cfg,message", BAD.values(), ids=BAD.keys())
def test_bad_input_names_the_variable_and_the_rule(cfg, message):
    with pytest.raises(AnsibleFilterError) as e:
        backup_dr_plan(cfg)
    assert message in str(e.value)


# What amazon.aws.backup_plan_info returns for a plan the role made (AWS adds rule_id and other keys).
READ_PLAN = {
    "backup_plan": {
        "backup_plan_name": "ecia-dev-backup",
        "rules": [
            {
                "rule_name": "daily-30d",
                "rule_id": "1234",
                "target_backup_vault_name": "ecia-dev-vault",
                "schedule_expression": "cron(0 2 ? * * *)",
                "start_window_minutes": 60,
                "completion_window_minutes": 480,
                "lifecycle": {"delete_after_days": 30, "opt_in_to_archive_for_supported_resources": False},
                "copy_actions": [{"destination_backup_vault_arn": "arn:dr", "lifecycle": {"delete_after_days": 30}}],
            }
        ],
    },
    "tags": {"Name": "ecia-dev-backup", "Environment": "dev"},
}
WANT_RULES = [
    {
        "rule_name": "daily-30d",
        "target_backup_vault_name": "ecia-dev-vault",
        "schedule_expression": "cron(0 2 ? * * *)",
        "start_window_minutes": 60,
        "completion_window_minutes": 480,
        "lifecycle": {"delete_after_days": 30},
        "copy_actions": [{"destination_backup_vault_arn": "arn:dr", "lifecycle": {"delete_after_days": 30}}],
    }
]
WANT_TAGS = {"Name": "ecia-dev-backup", "Environment": "dev"}


def test_plan_as_read_back_has_not_drifted():
    assert backup_dr_plan_drifted([READ_PLAN], WANT_RULES, WANT_TAGS) is False


@pytest.mark.parametrize(
    "change",
    [
        lambda rules, tags: rules[0].update(schedule_expression="cron(0 3 ? * * *)"),
        lambda rules, tags: rules[0]["lifecycle"].update(delete_after_days=35),
        lambda rules, tags: rules[0]["copy_actions"].append({"destination_backup_vault_arn": "arn:other"}),
        lambda rules, tags: rules.append(dict(rules[0], rule_name="weekly")),
        lambda rules, tags: tags.update(Owner="platform"),
        lambda rules, tags: tags.pop("Environment"),
    ],
)
def test_any_wanted_difference_is_drift(change):
    rules, tags = copy.deepcopy(WANT_RULES), dict(WANT_TAGS)
    change(rules, tags)
    assert backup_dr_plan_drifted([READ_PLAN], rules, tags) is True


def test_a_missing_plan_is_drift():
    assert backup_dr_plan_drifted([], WANT_RULES, WANT_TAGS) is True
