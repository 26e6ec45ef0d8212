"""Tier 4: the DR runbooks against the local endpoint. Setup is the minimum each runbook reads (made with boto3, no
layer playbooks): dr_promote refuses without its confirmation and makes no API call, and with it leaves a standalone
instance in the DR region; restore_rds restores the latest snapshot to a new instance set up as the data tier's
DB of that env (parameter group, IAM DB auth, enhanced monitoring, log exports, Multi-AZ per env, ...)."""

import json
import time

import estate
import pytest

HOME, DR = "ap-south-1", "ap-southeast-1"
PRIMARY = {
    "Engine": "mysql",
    "DBInstanceClass": "db.t3.micro",
    "MasterUsername": "dbadmin",
    "MasterUserPassword": "not-a-secret-1",
    "AllocatedStorage": 20,
    "BackupRetentionPeriod": 1,
}


def _session(host):
    account_id, role = estate.account_hosts("inventories/local/hosts.yml", host)[host]
    return estate.session(account_id, role)


def _client(session, service, region):
    return session.client(service, region_name=region, endpoint_url=estate.endpoint_url())


def _db_network(session, region, prefix, cidr="10.101"):
    """VPC, two subnets, the DB subnet group and DB security group the runbooks look up by name."""
    ec2 = _client(session, "ec2", region)
    vpc = ec2.create_vpc(CidrBlock=f"{cidr}.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"{cidr}.{20 + i}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"][
            "SubnetId"
        ]
        for i, az in enumerate("ab")
    ]
    _client(session, "rds", region).create_db_subnet_group(
        DBSubnetGroupName=f"{prefix}-db-subnet-grp", DBSubnetGroupDescription="test", SubnetIds=subnets
    )
    return ec2.create_security_group(GroupName=f"{prefix}-db-sg", Description="test", VpcId=vpc)["GroupId"]


def _recap_changed(stdout, host):
    line = next(line for line in stdout.splitlines() if line.startswith(host) and "changed=" in line)
    return int(line.split("changed=")[1].split()[0])


@pytest.mark.parametrize(
    "extra", [{}, {"dr_promote_confirm": "yes"}, {"dr_promote_confirm": True}], ids=["missing", "wrong", "bool"]
)
def test_dr_promote_refuses_without_confirmation(empty_endpoint, playbook, extra):
    empty_endpoint.reset_calls()
    # The static hosts only: the aws_ec2 source of inventories/local calls the endpoint while it is parsed.
    result = playbook(
        "playbooks/ops/dr_promote.yml",
        "-e",
        json.dumps({"dr_promote_env": "prod", **extra}),
        inventory="inventories/local/hosts.yml",
    )
    assert result.returncode != 0
    out = " ".join(result.stdout.split())
    assert "Refusing to promote: set dr_promote_confirm to the replica's identifier" in out, result.stdout[-3000:]
    assert "-e dr_promote_confirm=ecia-prod-db-dr" in out
    assert empty_endpoint.calls()["total"] == 0


def test_dr_promote_leaves_a_standalone_instance_in_the_dr_region(empty_endpoint, playbook):
    s = _session("ecia-prod")
    primary = _client(s, "rds", HOME).create_db_instance(DBInstanceIdentifier="ecia-prod-db", **PRIMARY)["DBInstance"]
    dr = _client(s, "rds", DR)
    _db_network(s, DR, "ecia-prod-dr")
    dr.create_db_instance_read_replica(
        DBInstanceIdentifier="ecia-prod-db-dr",
        SourceDBInstanceIdentifier=primary["DBInstanceArn"],
        SourceRegion=HOME,
        DBSubnetGroupName="ecia-prod-dr-db-subnet-grp",
    )
    assert "StatusInfos" in dr.describe_db_instances(DBInstanceIdentifier="ecia-prod-db-dr")["DBInstances"][0]

    args = ("-e", "dr_promote_env=prod", "-e", "dr_promote_confirm=ecia-prod-db-dr")
    first = playbook("playbooks/ops/dr_promote.yml", *args, inventory="inventories/local/hosts.yml")
    assert first.returncode == 0, first.stdout[-4000:]
    assert "Promoted ecia-prod-db-dr in ap-southeast-1" in " ".join(first.stdout.split())

    promoted = dr.describe_db_instances(DBInstanceIdentifier="ecia-prod-db-dr")["DBInstances"][0]
    assert promoted["DBInstanceArn"].split(":")[3] == DR
    assert "ReadReplicaSourceDBInstanceIdentifier" not in promoted and "StatusInfos" not in promoted
    assert promoted["BackupRetentionPeriod"] == 30
    source = _client(s, "rds", HOME).describe_db_instances(DBInstanceIdentifier="ecia-prod-db")["DBInstances"][0]
    assert source.get("ReadReplicaDBInstanceIdentifiers", []) == []

    again = playbook("playbooks/ops/dr_promote.yml", *args, inventory="inventories/local/hosts.yml")
    assert again.returncode == 0, again.stdout[-4000:]
    assert _recap_changed(again.stdout, "ecia-prod") == 0


def test_restore_rds_rejects_the_source_as_target(empty_endpoint, playbook):
    empty_endpoint.reset_calls()
    result = playbook(
        "playbooks/ops/restore_rds.yml",
        "-e",
        "restore_rds_env=dev",
        "-e",
        "restore_rds_target=ecia-dev-db",
        inventory="inventories/local/hosts.yml",
    )
    assert result.returncode != 0
    assert "restore_rds_target is required: the NEW instance's identifier" in " ".join(result.stdout.split())
    assert empty_endpoint.calls()["total"] == 0


# The data tier's DB of each env (roles/data_tier defaults, inventories/<env>/group_vars): what the restored
# instance must carry.
ENVS = {"dev": {"class": "db.t3.micro", "multi_az": False}, "prod": {"class": "db.t3.small", "multi_az": True}}
LOG_EXPORTS = ["error", "general", "slowquery"]


def _data_tier_db(session, env, encrypted=True):
    """What the data tier builds around its DB and the runbook reads: network, parameter group, monitoring role, RDS
    key, and the source instance as the data tier configures it."""
    prefix = f"ecia-{env}"
    rds = _client(session, "rds", HOME)
    sg = _db_network(session, HOME, prefix, cidr="10.0" if env == "dev" else "10.1")
    rds.create_db_parameter_group(
        DBParameterGroupName=f"{prefix}-mysql80", DBParameterGroupFamily="mysql8.0", Description="test"
    )
    rds.modify_db_parameter_group(
        DBParameterGroupName=f"{prefix}-mysql80",
        Parameters=[{"ParameterName": "slow_query_log", "ParameterValue": "1", "ApplyMethod": "immediate"}],
    )
    role = _client(session, "iam", HOME).create_role(
        RoleName=f"{prefix}-rds-monitoring", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17"})
    )["Role"]["Arn"]
    kms = _client(session, "kms", HOME)
    key = kms.create_key(Description="test")["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName=f"alias/{prefix}-rds", TargetKeyId=key)
    rds.create_db_instance(
        DBInstanceIdentifier=f"{prefix}-db",
        DBSubnetGroupName=f"{prefix}-db-subnet-grp",
        VpcSecurityGroupIds=[sg],
        EngineVersion="8.0.39",
        DBParameterGroupName=f"{prefix}-mysql80",
        MultiAZ=ENVS[env]["multi_az"],
        EnableIAMDatabaseAuthentication=True,
        MonitoringInterval=60,
        MonitoringRoleArn=role,
        EnableCloudwatchLogsExports=LOG_EXPORTS,
        CopyTagsToSnapshot=True,
        **({"StorageEncrypted": True, "KmsKeyId": key} if encrypted else {}),
        **{**PRIMARY, "DBInstanceClass": ENVS[env]["class"]},
    )
    return rds, sg, role, key


@pytest.mark.parametrize("env", sorted(ENVS))
def test_restore_rds_restores_the_latest_snapshot_as_the_data_tier_db(empty_endpoint, playbook, env):
    s = _session(f"ecia-{env}")
    rds, sg, role, key = _data_tier_db(s, env)
    rds.create_db_snapshot(DBInstanceIdentifier=f"ecia-{env}-db", DBSnapshotIdentifier=f"ecia-{env}-db-older")
    time.sleep(1.1)  # distinct creation times: "latest" must mean something
    rds.create_db_snapshot(DBInstanceIdentifier=f"ecia-{env}-db", DBSnapshotIdentifier=f"ecia-{env}-db-latest")

    target = f"ecia-{env}-db-restored"
    args = ("-e", f"restore_rds_env={env}", "-e", f"restore_rds_target={target}")
    result = playbook("playbooks/ops/restore_rds.yml", *args, inventory="inventories/local/hosts.yml")
    assert result.returncode == 0, result.stdout[-4000:]

    restored = rds.describe_db_instances(DBInstanceIdentifier=target)["DBInstances"][0]
    tags = {t["Key"]: t["Value"] for t in restored["TagList"]}
    assert tags["RestoredFrom"] == f"ecia-{env}-db-latest"
    assert tags["Environment"] == env and tags["Name"] == target
    assert restored["DBSubnetGroup"]["DBSubnetGroupName"] == f"ecia-{env}-db-subnet-grp"
    assert [g["VpcSecurityGroupId"] for g in restored["VpcSecurityGroups"]] == [sg]
    # The data tier's settings, not the engine's defaults (RestoreDBInstanceFromDBSnapshot gives the default
    # parameter group, no IAM auth, no monitoring, no log exports, Single-AZ, no protection unless asked).
    assert [g["DBParameterGroupName"] for g in restored["DBParameterGroups"]] == [f"ecia-{env}-mysql80"]
    assert restored["IAMDatabaseAuthenticationEnabled"] is True
    assert restored["MonitoringInterval"] == 60 and restored["MonitoringRoleArn"] == role
    assert sorted(restored["EnabledCloudwatchLogsExports"]) == LOG_EXPORTS
    assert restored["MultiAZ"] is ENVS[env]["multi_az"]
    assert restored["DBInstanceClass"] == ENVS[env]["class"]
    assert restored["DeletionProtection"] is True and restored["CopyTagsToSnapshot"] is True
    assert restored["StorageEncrypted"] is True and restored["KmsKeyId"] == key
    assert restored["PubliclyAccessible"] is False
    assert restored["BackupRetentionPeriod"] == 1 and restored["PreferredBackupWindow"] == "02:00-03:00"
    assert restored["PreferredMaintenanceWindow"] == "sun:04:00-sun:05:00"
    assert restored["MaxAllocatedStorage"] == 100
    # The source is untouched.
    assert rds.describe_db_instances(DBInstanceIdentifier=f"ecia-{env}-db")["DBInstances"][0]["DBInstanceStatus"] == (
        "available"
    )

    if env == "dev":
        again = playbook("playbooks/ops/restore_rds.yml", *args, inventory="inventories/local/hosts.yml")
        assert again.returncode == 0, again.stdout[-4000:]
        assert _recap_changed(again.stdout, "ecia-dev") == 0, again.stdout[-4000:]


def test_restore_rds_refuses_a_snapshot_without_the_data_tier_key(empty_endpoint, playbook):
    s = _session("ecia-dev")
    rds, _sg, _role, _key = _data_tier_db(s, "dev", encrypted=False)
    rds.create_db_snapshot(DBInstanceIdentifier="ecia-dev-db", DBSnapshotIdentifier="ecia-dev-db-plain")

    args = ("-e", "restore_rds_env=dev", "-e", "restore_rds_target=ecia-dev-db-restored")
    result = playbook("playbooks/ops/restore_rds.yml", *args, inventory="inventories/local/hosts.yml")
    assert result.returncode != 0
    out = " ".join(result.stdout.split())
    assert "Snapshot ecia-dev-db-plain is not encrypted, not with alias/ecia-dev-rds" in out, result.stdout[-3000:]
    assert "copy-db-snapshot --kms-key-id alias/ecia-dev-rds" in out
    assert (
        rds.describe_db_instances(Filters=[{"Name": "db-instance-id", "Values": ["ecia-dev-db-restored"]}])[
            "DBInstances"
        ]
        == []
    )
