"""RDS: what moto 5.2.5 gets wrong for a MySQL instance with a custom parameter group.

- DescribeDBParameters returns only the parameters a caller modified, with name/value/apply method and nothing
  else. AWS lists every parameter of the group's family (engine defaults included) with DataType, IsModifiable,
  AllowedValues, ApplyType and Source. amazon.aws.rds_instance_param_group looks each desired parameter up in that
  list, so against moto it reported "not an available parameter" for every one and set nothing. We serve the
  family's catalog (the parameters below, from the RDS console's mysql8.0 defaults) with the group's own values
  laid over it, honouring the Source filter and MaxRecords/Marker.
- A gp3 instance has no Iops or StorageThroughput in moto's DescribeDBInstances; AWS reports the gp3 baseline
  (MySQL: 3000 IOPS / 125 MiB/s below 400 GiB, 12000 / 500 from 400 GiB). amazon.aws.rds_instance reads
  instance["StorageThroughput"] on every re-run of a gp3 instance and crashed with a KeyError.
- DescribeDBParameterGroups with a DBParameterGroupName that does not exist answers an empty list; AWS answers
  DBParameterGroupNotFound (404). amazon.aws.rds_instance_param_group treats any answer as "exists" and crashed
  with IndexError creating a new group.
- RestoreDBInstanceFromDBSnapshot copied the snapshot's source instance whole, then laid over it only the request's
  truthy values. The restored instance so kept the source's Multi-AZ, IAM DB authentication, enhanced monitoring
  (interval and role), deletion protection and tag copying, which AWS does not carry over, and a request's false
  (MultiAZ, DeletionProtection, PubliclyAccessible, ...) or 0 (BackupRetentionPeriod) was dropped. AWS (API
  reference, RestoreDBInstanceFromDBSnapshot): "By default, the new DB instance is created as a Single-AZ
  deployment"; IAM DB authentication "By default, mapping is disabled"; "By default, deletion protection isn't
  enabled"; tags "aren't copied by default"; MonitoringInterval is not a restore parameter, so enhanced monitoring
  is off until ModifyDBInstance turns it on. Those settings now start at AWS's defaults and every value the request
  gives is applied, false and 0 included.
- Every moto instance had the same DbiResourceId ("db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U"), and none had an
  EnhancedMonitoringResourceArn. AWS gives each instance its own resource id, and with MonitoringInterval above 0
  answers the ARN of the instance's log stream in RDSOSMetrics, where the OS metrics go: what a scanner reads to
  say enhanced monitoring is on (FSBP RDS.6).
"""

import random
import string

from emulator.registry import AwsError, Context, operation, paginate


def _p(name, data_type, allowed, apply_type="dynamic", modifiable=True, default=None, description=""):
    return {
        "ParameterName": name,
        "Description": description or name,
        "DataType": data_type,
        "AllowedValues": allowed,
        "ApplyType": apply_type,
        "IsModifiable": modifiable,
        "default": default,
    }


# A subset of the mysql8.0 family: what the collection sets plus the ones operators commonly touch.
MYSQL80 = [
    _p("slow_query_log", "boolean", "0,1", default="0", description="Enable or disable the slow query log"),
    _p("long_query_time", "float", "0-31536000", description="Seconds a query must take to be logged as slow"),
    _p("general_log", "boolean", "0,1", description="Enable or disable the general query log"),
    _p(
        "log_output",
        "string",
        "TABLE,FILE,NONE",
        default="FILE",
        description="Destination of the general and slow logs",
    ),
    _p("log_queries_not_using_indexes", "boolean", "0,1", description="Log queries that use no index to the slow log"),
    _p("max_connections", "integer", "1-100000", default="{DBInstanceClassMemory/12582880}"),
    _p("require_secure_transport", "boolean", "0,1", default="0", description="Require TLS for client connections"),
    _p("innodb_buffer_pool_size", "integer", "0-9223372036854775807", "static", default="{DBInstanceClassMemory*3/4}"),
    _p("character_set_server", "string", "big5,latin1,utf8,utf8mb3,utf8mb4,binary"),
    _p("collation_server", "string", "utf8mb4_0900_ai_ci,utf8mb4_general_ci,utf8mb4_unicode_ci,latin1_swedish_ci"),
    _p("time_zone", "string", "UTC,Asia/Calcutta,Asia/Kolkata,Europe/London,US/Eastern,US/Pacific"),
    _p("binlog_format", "string", "ROW,STATEMENT,MIXED", default="ROW"),
    _p(
        "sql_mode",
        "string",
        "ALLOW_INVALID_DATES,ANSI_QUOTES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,STRICT_ALL_TABLES,STRICT_TRANS_TABLES,TRADITIONAL",
    ),
    _p("log_bin_trust_function_creators", "boolean", "0,1"),
    _p("performance_schema", "boolean", "0,1", "static", default="0"),
    _p("wait_timeout", "integer", "1-31536000"),
    _p("innodb_print_all_deadlocks", "boolean", "0,1", default="0"),
]
CATALOG = {"mysql8.0": MYSQL80}

# AWS's gp3 baseline for MySQL: below 400 GiB, else from 400 GiB.
GP3_BASELINE = ((400, 3000, 125), (None, 12000, 500))


def _group(ctx: Context, name: str):
    from moto.rds.exceptions import DBParameterGroupNotFoundError
    from moto.rds.models import rds_backends

    groups = rds_backends[ctx.account_id][ctx.region].describe_db_parameter_groups({"db_parameter_group_name": name})
    if not groups:
        raise DBParameterGroupNotFoundError(name)
    return groups[0]


def _parameter(entry: dict, value: dict | None) -> dict:
    out = {k: v for k, v in entry.items() if k != "default"}
    if value and value.get("ParameterValue") is not None:
        out.update(ParameterValue=str(value["ParameterValue"]), Source="user")
        out["ApplyMethod"] = value.get("ApplyMethod", "pending-reboot")
    else:
        out.update(Source="engine-default", ApplyMethod="pending-reboot")
        if entry["default"] is not None:
            out["ParameterValue"] = entry["default"]
    return out


@operation("rds", "DescribeDBParameters")
def describe_db_parameters(ctx: Context, params: dict) -> dict:
    group = _group(ctx, params["DBParameterGroupName"])
    catalog = CATALOG.get(group.family or "", [])
    known = {p["ParameterName"] for p in catalog}
    user = {name: dict(value) for name, value in group.parameters.items()}
    listed = [_parameter(entry, user.get(entry["ParameterName"])) for entry in catalog]
    # Parameters set outside our catalog still show, as AWS would list them.
    listed += [
        _parameter(_p(name, "string", "", default=None), value)
        for name, value in sorted(user.items())
        if name not in known
    ]
    source = params.get("Source")
    if source:
        listed = [p for p in listed if p["Source"] == source]
    if params.get("MaxRecords") is not None and not 20 <= params["MaxRecords"] <= 100:
        raise AwsError("InvalidParameterValue", "MaxRecords must be between 20 and 100", 400)
    page, marker = paginate(listed, params.get("MaxRecords"), params.get("Marker"))
    out = {"Parameters": page}
    if marker:
        out["Marker"] = marker
    return out


def _gp3_defaults(instance) -> None:
    if getattr(instance, "storage_type", None) != "gp3":
        return
    for limit, iops, throughput in GP3_BASELINE:
        if limit is None or (instance.allocated_storage or 0) < limit:
            break
    if instance.iops is None:
        instance.iops = iops
    if instance.storage_throughput is None:
        instance.storage_throughput = throughput


def patch_instance_defaults() -> None:
    """What AWS gives every new DBInstance that moto does not: the gp3 baseline, a resource id of its own, and the
    enhanced monitoring stream's ARN (one __init__ wrapper, guarded once)."""
    from moto.rds.models import DBInstance

    if getattr(DBInstance.__init__, "_prodgrade", False):
        return
    original = DBInstance.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _gp3_defaults(self)
        # "db-" and 26 upper-case letters and digits, like AWS's.
        self.dbi_resource_id = "db-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=26))

    __init__._prodgrade = True  # type: ignore[attr-defined]
    DBInstance.__init__ = __init__
    DBInstance.enhanced_monitoring_resource_arn = property(_enhanced_monitoring_arn)


def _enhanced_monitoring_arn(instance):
    if not instance.monitoring_interval:
        return None
    return (
        f"arn:{instance.partition}:logs:{instance.region}:{instance.account_id}:log-group:RDSOSMetrics:log-stream:"
        f"{instance.dbi_resource_id}"
    )


def patch_parameter_group_not_found() -> None:
    from moto.rds.exceptions import DBParameterGroupNotFoundError
    from moto.rds.responses import RDSResponse

    original = RDSResponse.describe_db_parameter_groups
    if getattr(original, "_prodgrade", False):
        return

    def describe_db_parameter_groups(self):
        name = self.params.get("DBParameterGroupName")
        if name and not self.backend.describe_db_parameter_groups({"db_parameter_group_name": name}):
            raise DBParameterGroupNotFoundError(name)
        return original(self)

    describe_db_parameter_groups._prodgrade = True  # type: ignore[attr-defined]
    RDSResponse.describe_db_parameter_groups = describe_db_parameter_groups


# What a restored instance gets when the request leaves it out (AWS), instead of its source's value.
RESTORE_DEFAULTS = {
    "multi_az": False,
    "enable_iam_database_authentication": False,
    "deletion_protection": False,
    "copy_tags_to_snapshot": False,
    "monitoring_interval": 0,
    "monitoring_role_arn": None,
}
# Restore parameters kept on the instance under the same name, whose false or 0 moto dropped.
RESTORE_SETTINGS = (
    "multi_az",
    "enable_iam_database_authentication",
    "deletion_protection",
    "copy_tags_to_snapshot",
    "publicly_accessible",
    "auto_minor_version_upgrade",
    "backup_retention_period",
)


def _restored(instance, overrides: dict) -> None:
    for key, default in RESTORE_DEFAULTS.items():
        setattr(instance, key, default)
    for key in RESTORE_SETTINGS:
        if overrides.get(key) is not None:
            setattr(instance, key, overrides[key])


def patch_restore_from_snapshot() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.restore_db_instance_from_db_snapshot
    if getattr(original, "_prodgrade", False):
        return

    def restore_db_instance_from_db_snapshot(self, from_snapshot_id, overrides):
        instance = original(self, from_snapshot_id, overrides)
        _restored(instance, overrides)
        return instance

    restore_db_instance_from_db_snapshot._prodgrade = True  # type: ignore[attr-defined]
    RDSBackend.restore_db_instance_from_db_snapshot = restore_db_instance_from_db_snapshot


patch_instance_defaults()
patch_parameter_group_not_found()
patch_restore_from_snapshot()
