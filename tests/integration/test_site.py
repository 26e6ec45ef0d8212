"""Tier 4: the whole site.yml against the local endpoint, as the demo runs it.

One converge serves every test after the first: building the estate is the expensive part, so the day-2 checks that
need a whole estate (the compliance report, the GuardDuty repair) run on it here instead of converging their own.
Tests run in file order; the repair test changes the estate and goes last.
"""

import estate
import pytest
import recap
import security_estate as security
from conftest import run_playbook

# Seed 001's table: dev and staging 2 AZs with one NAT gateway, prod 3 AZs with one per AZ.
EXPECTED = {
    "ecia-dev": {
        "vpcs": ["10.0.0.0/16"],
        "subnets": 6,
        "nat_gateways": 1,
        "flow_logs": 1,
        "vpc_endpoints": 2,
    },
    "ecia-staging": {
        "vpcs": ["10.2.0.0/16"],
        "subnets": 6,
        "nat_gateways": 1,
        "flow_logs": 1,
        "vpc_endpoints": 2,
    },
    "ecia-prod": {
        "vpcs": ["10.1.0.0/16"],
        "subnets": 9,
        "nat_gateways": 3,
        "flow_logs": 1,
        "vpc_endpoints": 2,
    },
}


def _recap(result):
    assert result.returncode == 0, result.stdout[-4000:]
    return recap.recap(result.stdout)


def _changed(result):
    return {host: v["changed"] for host, v in _recap(result).items() if v["changed"]}


def test_check_mode_on_an_empty_endpoint_creates_nothing(empty_endpoint, playbook):
    empty_endpoint.reset_calls()
    _recap(playbook("site.yml", "--check", "--diff"))
    mutating = [
        op
        for op in empty_endpoint.calls()["by_operation"]
        if op.split(".", 1)[1].startswith(
            (
                "Create",
                "Delete",
                "Modify",
                "Put",
                "Attach",
                "Associate",
                "Allocate",
                "Replace",
                "Update",
                "Tag",
                "Untag",
                "Enable",
                "Disable",
                "Register",
                "Deregister",
                "Detach",
                "Move",
                "Close",
                "Request",
                "Import",
                "Start",
                "Stop",
                "Run",
                "Set",
                "Accept",
                "Authorize",
                "Revoke",
                "Batch",
                "Subscribe",
                "Reset",
                "Restore",
                "Promote",
                "Upload",
            )
        )
    ]
    assert mutating == []
    assert all(not res for res in estate.summary("inventories/local").values())


@pytest.fixture(scope="module")
def site(endpoint):
    """The whole estate, converged once from an empty endpoint."""
    endpoint.reset()
    return _recap(run_playbook("site.yml"))


def test_site_builds_every_layer(site):
    # Every account host took part: the security layer reaches all eight, the workload layer the three envs.
    assert set(site) >= set(security.ACCOUNTS)
    built = estate.summary("inventories/local")
    for host, want in EXPECTED.items():
        got = {k: built[host][k] for k in want}
        assert got == want, host


def test_site_then_changes_nothing(site, playbook):
    # --check on a converged estate is each molecule scenario's check step (role by role); a whole-site pass of it
    # here cost CI a third whole-estate run.
    second = playbook("site.yml")
    assert _changed(second) == {}


# Seed 001 layer 5's alarm table, by name (the observability molecule scenario checks each one's settings).
ALARMS = {
    "asg-cpu-high",
    "asg-cpu-low",
    "alb-5xx",
    "target-5xx",
    "alb-unhealthy-hosts",
    "alb-latency",
    "rds-cpu",
    "rds-storage",
    "rds-connections",
}


def test_edge_observability_and_dr_layers_on_every_env(site):
    ids = security.account_ids()
    for env in ("dev", "staging", "prod"):
        account, name = ids[f"ecia-{env}"], f"ecia-{env}"
        alarms = security.client("cloudwatch", account=account).describe_alarms(AlarmNamePrefix=name)["MetricAlarms"]
        assert {a["AlarmName"] for a in alarms} >= {f"{name}-{alarm}" for alarm in ALARMS}, env
        assert all(a["AlarmActions"] for a in alarms), env
        plans = security.client("backup", account=account).list_backup_plans()["BackupPlansList"]
        assert len(plans) == 1, env
        rules = security.client("s3", account=account).get_bucket_replication(Bucket=f"{name}-app-{account}")
        assert rules["ReplicationConfiguration"]["Rules"][0]["Destination"]["Bucket"].endswith(
            f"{name}-app-dr-{account}"
        )
        distributions = security.client("cloudfront", account=account).list_distributions()["DistributionList"]
        # Seed 001: only prod has a certificate; dev and staging have no edge.
        assert len(distributions.get("Items", [])) == (1 if env == "prod" else 0), env

    prod = ids["ecia-prod"]
    replicas = security.client("rds", account=prod, region="ap-southeast-1").describe_db_instances()["DBInstances"]
    assert [r["DBInstanceIdentifier"] for r in replicas if r.get("ReadReplicaSourceDBInstanceIdentifier")] == [
        "ecia-prod-db-dr"
    ]
    health = security.client("cloudwatch", account=prod, region="us-east-1").describe_alarms()["MetricAlarms"]
    assert [a["Namespace"] for a in health] == ["AWS/Route53"] and health[0]["OKActions"]


def test_compliance_report_shows_every_covered_control_holding(site, playbook, tmp_path):
    security.assert_report_all_pass(playbook, tmp_path / "compliance.md")
    security.assert_landing_zone_resources_pass()


def test_guardduty_alerts_reach_the_topic_from_every_region(site):
    security.assert_guardduty_alerts_reach_the_topic_from_every_region()


def test_deleted_detector_is_repaired_by_the_next_run(site, playbook):
    security.assert_deleted_detector_is_repaired(playbook)
