"""Tier 4: the compute tier against the local endpoint. Bad input stops the play before any API call; --check on an
empty account fails nowhere; a new launch template version rolls through the group (instance refresh, 50 % kept
healthy) and the run after it changes nothing."""

import json

import estate
import pytest
import recap

CONVERGE = "molecule/compute_tier/converge.yml"
# The static hosts file (with its group_vars): the aws_ec2 dynamic inventory beside it calls the endpoint itself.
HOSTS = "inventories/local/hosts.yml"

CASES = {
    "desired above max": (
        {"compute_tier_asg_desired_capacity": 5},
        "compute_tier_asg_desired_capacity: 5 must lie between compute_tier_asg_min_size (1) and "
        "compute_tier_asg_max_size (2)",
    ),
    "unknown instance type": (
        {"compute_tier_instance_type": "t3.huge"},
        "compute_tier_instance_type: 't3.huge' is not an EC2 instance type",
    ),
    "bad scale-down cron": (
        {"compute_tier_schedule_scale_down_recurrence": "0 25 * * *"},
        "compute_tier_schedule_scale_down_recurrence: '0 25 * * *': the hour field '25'",
    ),
    "EventBridge cron without '?'": (
        {"compute_tier_bastion_stop_schedule": "cron(0 0 * * * *)"},
        "compute_tier_bastion_stop_schedule: 'cron(0 0 * * * *)': exactly one of day-of-month and day-of-week",
    ),
    "certificate in another region": (
        {
            "compute_tier_https_enabled": True,
            "compute_tier_certificate_arn": "arn:aws:acm:us-east-1:200000000001:certificate/"
            "12345678-1234-1234-1234-123456789012",
        },
        "compute_tier_certificate_arn: the certificate is in us-east-1; an ALB needs one in its own region",
    ),
    "malformed certificate ARN": (
        {"compute_tier_https_enabled": True, "compute_tier_certificate_arn": "my-cert"},
        "compute_tier_certificate_arn: must be an ACM certificate ARN",
    ),
    "HTTPS without a certificate": (
        {"compute_tier_https_enabled": True, "compute_tier_certificate_domain": ""},
        "compute_tier_https_enabled: HTTPS needs compute_tier_certificate_arn or compute_tier_certificate_domain",
    ),
    "name too long for an ELB": (
        {"compute_tier_name": "ecia-development-environment-x"},
        "would exceed the 32-character limit of ELB names",
    ),
    "health check timeout not below the interval": (
        {"compute_tier_health_check_timeout": 30},
        "compute_tier_health_check_timeout: must be shorter than compute_tier_health_check_interval",
    ),
}


@pytest.mark.parametrize("extra,message", CASES.values(), ids=CASES.keys())
def test_bad_input_stops_before_any_api_call(empty_endpoint, playbook, extra, message):
    empty_endpoint.reset_calls()
    result = playbook(CONVERGE, "--limit", "ecia-dev", "-e", json.dumps(extra), inventory=HOSTS)
    assert result.returncode != 0
    assert message in " ".join(result.stdout.split()), result.stdout[-3000:]
    assert empty_endpoint.calls()["total"] == 0


def test_check_mode_on_an_empty_account_fails_nowhere(empty_endpoint, playbook):
    empty_endpoint.reset_calls()
    result = playbook(CONVERGE, "--check", "--diff", "--limit", "ecia-dev,ecia-prod", inventory=HOSTS)
    assert result.returncode == 0, result.stdout[-4000:]
    totals = recap.recap(result.stdout)
    assert sorted(totals) == ["ecia-dev", "ecia-prod"]
    assert all(not v["failed"] for v in totals.values())
    # Nothing was written: every call was a read.
    writes = [
        op
        for op in empty_endpoint.calls()["by_operation"]
        if not op.split(".")[1].startswith(("Describe", "Get", "List", "AssumeRole"))
    ]
    assert writes == []


def test_a_new_launch_template_version_rolls_through_the_group(empty_endpoint, playbook):
    for book in ("playbooks/network.yml", "playbooks/workload.yml"):
        result = playbook(book, "--limit", "ecia-dev")
        assert result.returncode == 0, result.stdout[-4000:]

    account_id, role = estate.account_hosts("inventories/local", "ecia-dev")["ecia-dev"]
    autoscaling = estate.session(account_id, role).client("autoscaling", endpoint_url=estate.endpoint_url())
    assert autoscaling.describe_instance_refreshes(AutoScalingGroupName="ecia-dev-app-asg")["InstanceRefreshes"] == []

    # A different bootstrap (user data) is a new launch template version.
    changed = json.dumps({"compute_tier_app_service": "ecia-app-v2"})
    result = playbook(CONVERGE, "--limit", "ecia-dev", "-e", changed)
    assert result.returncode == 0, result.stdout[-4000:]
    assert recap.recap(result.stdout)["ecia-dev"]["changed"] >= 3  # template, group, refresh

    group = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["ecia-dev-app-asg"])["AutoScalingGroups"][0]
    assert group["LaunchTemplate"]["Version"] == "2"
    refreshes = autoscaling.describe_instance_refreshes(AutoScalingGroupName="ecia-dev-app-asg")["InstanceRefreshes"]
    assert len(refreshes) == 1
    assert refreshes[0]["Strategy"] == "Rolling"
    assert refreshes[0]["Preferences"]["MinHealthyPercentage"] == 50
    assert refreshes[0]["Preferences"]["SkipMatching"] is True

    # The same inputs again: no new version, no second refresh.
    result = playbook(CONVERGE, "--limit", "ecia-dev", "-e", changed)
    assert result.returncode == 0, result.stdout[-4000:]
    assert recap.recap(result.stdout)["ecia-dev"]["changed"] == 0, result.stdout[-4000:]
    assert (
        len(autoscaling.describe_instance_refreshes(AutoScalingGroupName="ecia-dev-app-asg")["InstanceRefreshes"]) == 1
    )
