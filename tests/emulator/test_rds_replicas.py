"""RDS cross-region read replica: StatusInfos while replicating, a standalone instance after promotion."""

SOURCE = {
    "DBInstanceIdentifier": "db",
    "Engine": "mysql",
    "DBInstanceClass": "db.t3.small",
    "MasterUsername": "admin",
    "MasterUserPassword": "Passw0rd!x",
    "AllocatedStorage": 20,
    "BackupRetentionPeriod": 1,
}


def describe(rds, name):
    return rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]


def test_cross_region_replica_promotion(client):
    primary, dr = client("rds", "ap-south-1"), client("rds", "ap-southeast-1")
    source_arn = primary.create_db_instance(**SOURCE)["DBInstance"]["DBInstanceArn"]
    dr.create_db_instance_read_replica(
        DBInstanceIdentifier="db-dr", SourceDBInstanceIdentifier=source_arn, SourceRegion="ap-south-1"
    )
    replica = describe(dr, "db-dr")
    assert replica["ReadReplicaSourceDBInstanceIdentifier"] == source_arn
    assert replica["StatusInfos"] == [{"StatusType": "read replication", "Normal": True, "Status": "replicating"}]
    assert describe(primary, "db")["ReadReplicaDBInstanceIdentifiers"] == [replica["DBInstanceArn"]]
    assert "StatusInfos" not in describe(primary, "db")

    dr.promote_read_replica(DBInstanceIdentifier="db-dr")
    promoted = describe(dr, "db-dr")
    assert "ReadReplicaSourceDBInstanceIdentifier" not in promoted and "StatusInfos" not in promoted
    assert describe(primary, "db").get("ReadReplicaDBInstanceIdentifiers", []) == []


def test_same_region_replica_promotion(client):
    rds = client("rds", "ap-south-1")
    rds.create_db_instance(**SOURCE)
    rds.create_db_instance_read_replica(DBInstanceIdentifier="db-ro", SourceDBInstanceIdentifier="db")
    rds.promote_read_replica(DBInstanceIdentifier="db-ro")
    assert describe(rds, "db").get("ReadReplicaDBInstanceIdentifiers", []) == []
