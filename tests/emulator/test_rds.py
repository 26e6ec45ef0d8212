"""RDS instances as AWS describes them: a resource id of their own, and the enhanced monitoring stream's ARN."""

import re

REGION = "ap-south-1"


def _create(rds, name, **extra):
    return rds.create_db_instance(
        DBInstanceIdentifier=name,
        Engine="mysql",
        DBInstanceClass="db.t3.small",
        MasterUsername="admin",
        MasterUserPassword="Passw0rd!x",
        AllocatedStorage=20,
        **extra,
    )["DBInstance"]


def test_each_instance_has_its_own_resource_id_and_its_monitoring_stream(client):
    rds, iam = client("rds", REGION), client("iam", REGION)
    account_id = client("sts").get_caller_identity()["Account"]
    role = iam.create_role(RoleName="rds-monitoring", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    _create(rds, "monitored", MonitoringInterval=60, MonitoringRoleArn=role)
    _create(rds, "plain")
    monitored, plain = (
        rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0] for name in ("monitored", "plain")
    )
    assert re.fullmatch(r"db-[A-Z0-9]{26}", monitored["DbiResourceId"])
    assert monitored["DbiResourceId"] != plain["DbiResourceId"]
    # With MonitoringInterval above 0, the OS metrics' log stream, named after the resource id.
    assert monitored["EnhancedMonitoringResourceArn"] == (
        f"arn:aws:logs:{REGION}:{account_id}:log-group:RDSOSMetrics:log-stream:{monitored['DbiResourceId']}"
    )
    assert "EnhancedMonitoringResourceArn" not in plain

    rds.modify_db_instance(DBInstanceIdentifier="monitored", MonitoringInterval=0, ApplyImmediately=True)
    described = rds.describe_db_instances(DBInstanceIdentifier="monitored")["DBInstances"][0]
    assert "EnhancedMonitoringResourceArn" not in described
