"""Tier 4: the whole site.yml against the local endpoint, as the demo runs it.

One converge serves every whole-estate test of the run: building the estate is the expensive part, so it is built
once (conftest's converged_site, first in the run) and saved as a snapshot of the endpoint; the day-2 checks that need
a whole estate (the compliance report, the GuardDuty repair) run on it here, and test_site_rerun.py (the second run)
and test_site_check.py (--check on the converged estate) load the same snapshot on the other worker. Tests of this
file run in file order on one load of it; the repair test changes the estate and goes last.
"""

import estate
import pytest
import security_estate as security

WORLD = {"0.0.0.0/0", "::/0"}


def _world_ingress(group):
    """(port range, source) of each ingress rule open to the whole internet."""
    found = []
    for perm in group.get("IpPermissions", []):
        ports = (perm.get("FromPort"), perm.get("ToPort"), perm.get("IpProtocol"))
        sources = {r["CidrIp"] for r in perm.get("IpRanges", [])} | {r["CidrIpv6"] for r in perm.get("Ipv6Ranges", [])}
        found += [(ports, src) for src in sources & WORLD]
    return found


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


@pytest.fixture(scope="module")
def site(endpoint, converged_site):
    """The whole estate, converged once per run from an empty endpoint: the converge's PLAY RECAP by host."""
    converged_site.load_into(endpoint)
    return converged_site.recap


def test_site_builds_every_layer(site):
    # Every account host took part: the security layer reaches all eight, the workload layer the three envs.
    assert set(site) >= set(security.ACCOUNTS)
    built = estate.summary("inventories/local")
    for host, want in EXPECTED.items():
        got = {k: built[host][k] for k in want}
        assert got == want, host


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


def test_only_the_alb_group_admits_the_internet(site):
    """No security group in any workload account admits the internet, except the ALB group on 80 and 443. Every
    group is read back from the endpoint (not from the playbook's output)."""
    hosts = estate.account_hosts("inventories/local", "workloads")
    assert sorted(hosts) == ["ecia-dev", "ecia-prod", "ecia-staging"]
    for host, (account_id, role) in hosts.items():
        ec2 = estate.session(account_id, role).client("ec2", endpoint_url=estate.endpoint_url())
        groups = [
            g for page in ec2.get_paginator("describe_security_groups").paginate() for g in page["SecurityGroups"]
        ]
        names = {g["GroupName"] for g in groups}
        # The check is only worth something if the tier groups were read back.
        assert {f"{host}-alb-sg", f"{host}-app-sg", f"{host}-db-sg", f"{host}-bastion-sg"} <= names, host

        open_to_world = {g["GroupName"]: _world_ingress(g) for g in groups if _world_ingress(g)}
        alb = f"{host}-alb-sg"
        assert sorted(open_to_world.pop(alb, [])) == [((80, 80, "tcp"), "0.0.0.0/0"), ((443, 443, "tcp"), "0.0.0.0/0")]
        assert open_to_world == {}, host


# Service principals whose roles carry no aws:SourceAccount condition, and why (docs/security.md says the same).
SOURCE_ACCOUNT_WAIVED = {
    # Instance profiles: EC2 sets no source keys when an instance assumes its role.
    "ec2.amazonaws.com",
    # AWS documents source conditions for these in resource policies (vaults, buckets, keys), not role trusts.
    "backup.amazonaws.com",
    "s3.amazonaws.com",
    "cloudtrail.amazonaws.com",
}


def _service_trusts(role):
    """(service principals, aws:SourceAccount values) of each Allow statement of a role's trust policy."""
    for statement in role["AssumeRolePolicyDocument"]["Statement"]:
        services = (statement.get("Principal") or {}).get("Service")
        if statement["Effect"] == "Allow" and services:
            services = [services] if isinstance(services, str) else services
            source = statement.get("Condition", {}).get("StringEquals", {}).get("aws:SourceAccount")
            yield set(services), source


def test_service_roles_trust_their_service_for_their_own_account_only(site):
    """Confused-deputy protection (FSBP/Prowler): every role the collection made for an AWS service (flow logs, RDS
    monitoring, EventBridge and SSM Automation, Config...) trusts that service only on behalf of its own account,
    read back from IAM in every account; the waived services are exactly those listed, each for its reason."""
    checked, waived = set(), set()
    for host, (account_id, role) in estate.account_hosts("inventories/local").items():
        iam = estate.session(account_id, role).client("iam", endpoint_url=estate.endpoint_url())
        for found in (r for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]):
            if found["Path"].startswith("/aws-service-role/"):
                continue  # service-linked roles: AWS writes their trust
            for services, source in _service_trusts(found):
                if services <= SOURCE_ACCOUNT_WAIVED:
                    waived |= services
                else:
                    assert source == account_id, (host, found["RoleName"], services, source)
                    checked |= services
    assert checked >= {
        "vpc-flow-logs.amazonaws.com",
        "monitoring.rds.amazonaws.com",
        "events.amazonaws.com",
        "ssm.amazonaws.com",
        "config.amazonaws.com",
    }
    assert waived == SOURCE_ACCOUNT_WAIVED  # a waiver no role needs any more goes


def test_the_check_sees_a_world_open_rule():
    """The helper the test relies on does flag 0.0.0.0/0 and ::/0, and nothing narrower."""
    group = {
        "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]},
        ]
    }
    assert sorted(src for _, src in _world_ingress(group)) == ["0.0.0.0/0", "::/0"]


def test_compliance_report_shows_every_covered_control_holding(site, playbook, tmp_path):
    security.assert_report_all_pass(playbook, tmp_path / "compliance.md")
    security.assert_landing_zone_resources_pass()


def test_guardduty_alerts_reach_the_topic_from_every_region(site):
    security.assert_guardduty_alerts_reach_the_topic_from_every_region()


def test_deleted_detector_is_repaired_by_the_next_run(site, playbook):
    security.assert_deleted_detector_is_repaired(playbook)
