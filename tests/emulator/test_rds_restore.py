"""RDS RestoreDBInstanceFromDBSnapshot: the new instance starts from AWS's defaults, not its source's settings, and
takes every value the request gives, false and 0 included."""

import pytest

REGION = "ap-south-1"


def describe(rds, name):
    return rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]


@pytest.fixture
def snapshot(client):
    """A snapshot of an instance with every setting AWS does not carry over to a restored instance."""
    rds, iam = client("rds", REGION), client("iam", REGION)
    role = iam.create_role(RoleName="rds-monitoring", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    rds.create_db_parameter_group(
        DBParameterGroupName="db-mysql80", DBParameterGroupFamily="mysql8.0", Description="test"
    )
    rds.create_db_instance(
        DBInstanceIdentifier="db",
        Engine="mysql",
        EngineVersion="8.0.39",
        DBInstanceClass="db.t3.small",
        MasterUsername="admin",
        MasterUserPassword="Passw0rd!x",
        AllocatedStorage=20,
        MultiAZ=True,
        DBParameterGroupName="db-mysql80",
        EnableIAMDatabaseAuthentication=True,
        MonitoringInterval=60,
        MonitoringRoleArn=role,
        EnableCloudwatchLogsExports=["error", "slowquery"],
        DeletionProtection=True,
        CopyTagsToSnapshot=True,
    )
    rds.create_db_snapshot(DBInstanceIdentifier="db", DBSnapshotIdentifier="db-snap")
    return rds, role


def test_restore_without_settings_gets_aws_defaults(snapshot):
    rds, _role = snapshot
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="db-restored", DBSnapshotIdentifier="db-snap")
    restored = describe(rds, "db-restored")
    assert restored["MultiAZ"] is False
    assert restored["IAMDatabaseAuthenticationEnabled"] is False
    assert restored["MonitoringInterval"] == 0 and "MonitoringRoleArn" not in restored
    assert restored["DeletionProtection"] is False and restored["CopyTagsToSnapshot"] is False
    assert restored.get("EnabledCloudwatchLogsExports", []) == []
    assert [g["DBParameterGroupName"] for g in restored["DBParameterGroups"]] != ["db-mysql80"]
    # The source is as it was.
    source = describe(rds, "db")
    assert source["MultiAZ"] and source["MonitoringInterval"] == 60 and source["DeletionProtection"]


def test_restore_takes_the_requested_settings_false_and_zero_included(snapshot):
    rds, _role = snapshot
    rds.restore_db_instance_from_db_snapshot(
        DBInstanceIdentifier="db-on",
        DBSnapshotIdentifier="db-snap",
        MultiAZ=True,
        DBParameterGroupName="db-mysql80",
        EnableIAMDatabaseAuthentication=True,
        EnableCloudwatchLogsExports=["slowquery"],
        DeletionProtection=True,
        CopyTagsToSnapshot=True,
        PubliclyAccessible=False,
    )
    on = describe(rds, "db-on")
    assert on["MultiAZ"] and on["IAMDatabaseAuthenticationEnabled"] and on["DeletionProtection"]
    assert on["CopyTagsToSnapshot"] and on["PubliclyAccessible"] is False
    assert on["EnabledCloudwatchLogsExports"] == ["slowquery"]
    assert [g["DBParameterGroupName"] for g in on["DBParameterGroups"]] == ["db-mysql80"]

    rds.restore_db_instance_from_db_snapshot(
        DBInstanceIdentifier="db-off",
        DBSnapshotIdentifier="db-snap",
        MultiAZ=False,
        AutoMinorVersionUpgrade=False,
        BackupRetentionPeriod=0,
    )
    off = describe(rds, "db-off")
    assert off["MultiAZ"] is False and off["AutoMinorVersionUpgrade"] is False
    assert off["BackupRetentionPeriod"] == 0


def test_monitoring_is_set_after_the_restore(snapshot):
    rds, role = snapshot
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="db-restored", DBSnapshotIdentifier="db-snap")
    rds.modify_db_instance(
        DBInstanceIdentifier="db-restored", MonitoringInterval=60, MonitoringRoleArn=role, ApplyImmediately=True
    )
    restored = describe(rds, "db-restored")
    assert restored["MonitoringInterval"] == 60 and restored["MonitoringRoleArn"] == role
