"""Tier 4: the DR runbooks against the local endpoint. Setup is the minimum each runbook reads (made with boto3, no
layer playbooks): dr_promote refuses without its confirmation and makes no API call, and with it leaves a standalone
instance in the DR region; restore_rds restores the latest snapshot to a new instance."""

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


def test_restore_rds_restores_the_latest_snapshot_to_a_new_instance(empty_endpoint, playbook):
    s = _session("ecia-dev")
    rds = _client(s, "rds", HOME)
    sg = _db_network(s, HOME, "ecia-dev", cidr="10.0")
    rds.create_db_instance(DBInstanceIdentifier="ecia-dev-db", DBSubnetGroupName="ecia-dev-db-subnet-grp", **PRIMARY)
    rds.create_db_snapshot(DBInstanceIdentifier="ecia-dev-db", DBSnapshotIdentifier="ecia-dev-db-older")
    time.sleep(1.1)  # distinct creation times: "latest" must mean something
    rds.create_db_snapshot(DBInstanceIdentifier="ecia-dev-db", DBSnapshotIdentifier="ecia-dev-db-latest")

    args = ("-e", "restore_rds_env=dev", "-e", "restore_rds_target=ecia-dev-db-restored")
    result = playbook("playbooks/ops/restore_rds.yml", *args, inventory="inventories/local/hosts.yml")
    assert result.returncode == 0, result.stdout[-4000:]

    restored = rds.describe_db_instances(DBInstanceIdentifier="ecia-dev-db-restored")["DBInstances"][0]
    tags = {t["Key"]: t["Value"] for t in restored["TagList"]}
    assert tags["RestoredFrom"] == "ecia-dev-db-latest"
    assert restored["DBSubnetGroup"]["DBSubnetGroupName"] == "ecia-dev-db-subnet-grp"
    assert [g["VpcSecurityGroupId"] for g in restored["VpcSecurityGroups"]] == [sg]
    # moto leaves PubliclyAccessible out of a restored instance; AWS returns false here.
    assert restored["DeletionProtection"] and restored.get("PubliclyAccessible") is not True
    # The source is untouched.
    assert rds.describe_db_instances(DBInstanceIdentifier="ecia-dev-db")["DBInstances"][0]["DBInstanceStatus"] == (
        "available"
    )
