"""RDS cross-region read replica: its DB subnet group is the one of the replica's region."""

SOURCE = {
    "DBInstanceIdentifier": "db",
    "Engine": "mysql",
    "DBInstanceClass": "db.t3.small",
    "MasterUsername": "admin",
    "MasterUserPassword": "Passw0rd!x",
    "AllocatedStorage": 20,
    "BackupRetentionPeriod": 1,
}


def _subnet_group(client, region, cidr):
    ec2 = client("ec2", region)
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    net = cidr.split(".")
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"{net[0]}.{net[1]}.{i}.0/24", AvailabilityZone=f"{region}{az}")[
            "Subnet"
        ]["SubnetId"]
        for i, az in ((1, "a"), (2, "b"))
    ]
    client("rds", region).create_db_subnet_group(
        DBSubnetGroupName="dr-grp", DBSubnetGroupDescription="dr", SubnetIds=subnets
    )
    return vpc


def test_replica_uses_the_dr_region_subnet_group(client):
    primary, dr = client("rds", "ap-south-1"), client("rds", "ap-southeast-1")
    source_arn = primary.create_db_instance(**SOURCE)["DBInstance"]["DBInstanceArn"]
    vpc = _subnet_group(client, "ap-southeast-1", "10.101.0.0/16")
    replica = dr.create_db_instance_read_replica(
        DBInstanceIdentifier="db-dr",
        SourceDBInstanceIdentifier=source_arn,
        SourceRegion="ap-south-1",
        DBSubnetGroupName="dr-grp",
    )["DBInstance"]
    assert replica["DBSubnetGroup"]["DBSubnetGroupName"] == "dr-grp"
    assert replica["DBSubnetGroup"]["VpcId"] == vpc
    assert replica["DBInstanceArn"].split(":")[3] == "ap-southeast-1"
    described = dr.describe_db_instances(DBInstanceIdentifier="db-dr")["DBInstances"][0]
    assert described["DBSubnetGroup"]["VpcId"] == vpc
    assert primary.describe_db_instances()["DBInstances"][0]["DBInstanceIdentifier"] == "db"


def test_cross_region_replica_can_be_deleted(client):
    primary, dr = client("rds", "ap-south-1"), client("rds", "ap-southeast-1")
    source_arn = primary.create_db_instance(**SOURCE)["DBInstance"]["DBInstanceArn"]
    dr.create_db_instance_read_replica(
        DBInstanceIdentifier="db-dr", SourceDBInstanceIdentifier=source_arn, SourceRegion="ap-south-1"
    )
    dr.delete_db_instance(DBInstanceIdentifier="db-dr", SkipFinalSnapshot=True)
    assert dr.describe_db_instances()["DBInstances"] == []
    assert primary.describe_db_instances()["DBInstances"][0].get("ReadReplicaDBInstanceIdentifiers", []) == []


def test_cross_region_replica_of_a_custom_parameter_group_gets_the_default_group(client):
    primary, dr = client("rds", "ap-south-1"), client("rds", "ap-southeast-1")
    primary.create_db_parameter_group(
        DBParameterGroupName="app-mysql80", DBParameterGroupFamily="mysql8.0", Description="app"
    )
    source = dict(SOURCE, DBParameterGroupName="app-mysql80", EngineVersion="8.0.39")
    source_arn = primary.create_db_instance(**source)["DBInstance"]["DBInstanceArn"]
    dr.create_db_instance_read_replica(
        DBInstanceIdentifier="db-dr", SourceDBInstanceIdentifier=source_arn, SourceRegion="ap-south-1"
    )
    groups = dr.describe_db_instances(DBInstanceIdentifier="db-dr")["DBInstances"][0]["DBParameterGroups"]
    assert [g["DBParameterGroupName"] for g in groups] == ["default.mysql8.0"]
    described = primary.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0]["DBParameterGroups"]
    assert [g["DBParameterGroupName"] for g in described] == ["app-mysql80"]
