"""The compute tier's input check: the role's defaults pass, and each rule fails with the message users see."""

from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.compute_tier import (
    check_events_cron,
    check_unix_cron,
    compute_tier_check,
)

DEFAULTS = yaml.safe_load((Path(__file__).resolve().parents[4] / "roles/compute_tier/defaults/main.yml").read_text())
# The templated defaults as the role sees them for ecia-prod (seed 001's prod row).
PROD = {
    **DEFAULTS,
    "compute_tier_name": "ecia-prod",
    "compute_tier_region": "ap-south-1",
    "compute_tier_account_id": "200000000003",
    "compute_tier_asg_min_size": 2,
    "compute_tier_asg_max_size": 8,
    "compute_tier_asg_desired_capacity": 3,
    "compute_tier_schedule_scale_down_desired": 2,
    "compute_tier_schedule_scale_up_desired": 3,
    "compute_tier_https_enabled": True,
    "compute_tier_certificate_domain": "ecia-prod.ecia.test",
}


def check(**changes):
    return compute_tier_check({**PROD, **changes})


def test_prod_values_pass_and_plan_https():
    assert check() == {"https": True}
    assert check(compute_tier_https_enabled=False, compute_tier_certificate_domain="") == {"https": False}


def test_absent_checks_only_what_teardown_needs():
    assert check(compute_tier_state="absent", compute_tier_instance_type="nope") == {"https": False}


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"compute_tier_state": "gone"}, "compute_tier_state: must be 'present' or 'absent'"),
        ({"compute_tier_name": "Ecia_Prod"}, "compute_tier_name: 'Ecia_Prod' must be lower-case"),
        ({"compute_tier_account_id": "12345"}, "compute_tier_account_id: must be a 12-digit AWS account id"),
        (
            {"compute_tier_instance_type": "t3.huge"},
            "compute_tier_instance_type: 't3.huge' is not an EC2 instance type",
        ),
        ({"compute_tier_bastion_instance_type": "nano"}, "compute_tier_bastion_instance_type: 'nano'"),
        ({"compute_tier_asg_desired_capacity": 9}, "compute_tier_asg_desired_capacity: 9 must lie between"),
        (
            {"compute_tier_asg_min_size": 4},
            "compute_tier_asg_desired_capacity: 3 must lie between compute_tier_asg_min",
        ),
        (
            {"compute_tier_schedule_scale_down_desired": 1},
            "compute_tier_schedule_scale_down_desired: 1 must be between 2",
        ),
        ({"compute_tier_schedule_scale_up_recurrence": "0 7 * *"}, "must be a unix cron expression of 5 fields"),
        ({"compute_tier_cpu_target": 0}, "compute_tier_cpu_target: 0 must be between 1 and 100"),
        ({"compute_tier_cpu_target": True}, "compute_tier_cpu_target: must be an integer"),
        ({"compute_tier_root_volume_size": 4}, "compute_tier_root_volume_size: 4 must be between 8"),
        ({"compute_tier_health_check_timeout": 30}, "compute_tier_health_check_timeout: must be shorter"),
        ({"compute_tier_healthy_threshold": 11}, "compute_tier_healthy_threshold: 11 must be between 2 and 10"),
        ({"compute_tier_alb_logs_prefix": "alb/"}, "compute_tier_alb_logs_prefix: must not start or end with '/'"),
        ({"compute_tier_certificate_domain": ""}, "compute_tier_https_enabled: HTTPS needs"),
        ({"compute_tier_certificate_arn": "arn:aws:acm:ap-south-1:1:certificate/x"}, "must be an ACM certificate ARN"),
        (
            {
                "compute_tier_certificate_arn": "arn:aws:acm:us-east-1:200000000003:certificate/"
                + "0" * 8
                + "-0000" * 3
                + "-"
                + "0" * 12
            },
            "the certificate is in us-east-1; an ALB needs one in its own region ap-south-1",
        ),
        ({"compute_tier_ami_id": "ami-xyz"}, "compute_tier_ami_id: 'ami-xyz' must look like"),
        ({"compute_tier_ebs_kms_key_id": "my key"}, "compute_tier_ebs_kms_key_id: must be a KMS key id"),
        (
            {"compute_tier_key_pair_enabled": True, "compute_tier_key_pair_name": ""},
            "compute_tier_key_pair_name: must be set",
        ),
        ({"compute_tier_bastion_stop_schedule": "rate(1 day)"}, "must be an EventBridge cron("),
        ({"compute_tier_name": "ecia-production-environment-x1"}, "would exceed the 32-character limit of ELB names"),
    ],
)
def test_each_rule_names_the_variable(changes, message):
    with pytest.raises(AnsibleFilterError) as e:
        check(**changes)
    assert message in str(e.value)


@pytest.mark.parametrize("expr", ["0 20 * * *", "*/15 7-19 * * 1-5", "0 0 1,15 * *", "30 2 * 1 0"])
def test_unix_cron_accepts(expr):
    assert check_unix_cron(expr, "v") == expr


@pytest.mark.parametrize("expr", ["0 24 * * *", "60 0 * * *", "0 0 32 * *", "0 0 * 13 *", "0 0 * * 8", "a b c d e"])
def test_unix_cron_rejects(expr):
    with pytest.raises(AnsibleFilterError):
        check_unix_cron(expr, "v")


@pytest.mark.parametrize("expr", ["cron(0 0 * * ? *)", "cron(0 20 ? * MON-FRI *)", "cron(15 10 ? * 6L 2026)"])
def test_events_cron_accepts(expr):
    assert check_events_cron(expr, "v") == expr


@pytest.mark.parametrize("expr", ["cron(0 0 * * * *)", "cron(0 0 ? * ? *)", "cron(0 25 * * ? *)", "0 0 * * ? *"])
def test_events_cron_rejects(expr):
    with pytest.raises(AnsibleFilterError):
        check_events_cron(expr, "v")
