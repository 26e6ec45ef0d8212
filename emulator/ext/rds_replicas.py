"""RDS read replicas: what moto 5.2.5 gets wrong for a (cross-region) read replica and its promotion.

- DescribeDBInstances never returns ``StatusInfos``; AWS returns ``[{StatusType: "read replication", Normal: true,
  Status: "replicating"}]`` for a read replica. amazon.aws.rds_instance promotes a replica (``read_replica: false``)
  only when ``StatusInfos`` is present, so on the endpoint it never promoted anything and reported no change.
- PromoteReadReplica cleared moto's replica flag only: the instance kept ``ReadReplicaSourceDBInstanceIdentifier``
  and its source kept listing it in ``ReadReplicaDBInstanceIdentifiers``. A promoted instance is standalone: both
  are cleared now (the source may live in another region's backend: a cross-region replica is listed by ARN).
"""

from moto.rds.models import DBInstance, RDSBackend

REPLICATING = [{"StatusType": "read replication", "Normal": True, "Status": "replicating"}]


def _status_infos(self):
    return REPLICATING if getattr(self, "is_replica", False) else None


def _source_of(backend, source_id: str):
    """The source DBInstance of a replica (an identifier in this region or an ARN), or None."""
    from moto.rds.models import rds_backends

    if source_id.startswith("arn:"):
        parts = source_id.split(":")
        region, account = parts[3], parts[4]
        backend = rds_backends[account][region]
        source_id = parts[-1]
    return backend.databases.get(source_id)


def promote_read_replica(self, db_kwargs):
    database = self.databases.get(db_kwargs["db_instance_identifier"])
    source_id = getattr(database, "source_db_instance_identifier", None) if database else None
    result = _original_promote(self, db_kwargs)
    if source_id and not result.is_replica:
        source = _source_of(self, source_id)
        if source is not None:
            source.replicas = [
                r for r in source.replicas if r not in (result.db_instance_identifier, result.db_instance_arn)
            ]
        result.source_db_instance_identifier = None
    return result


if not getattr(RDSBackend.promote_read_replica, "_prodgrade", False):
    _original_promote = RDSBackend.promote_read_replica
    promote_read_replica._prodgrade = True  # type: ignore[attr-defined]
    RDSBackend.promote_read_replica = promote_read_replica
    DBInstance.status_infos = property(_status_infos)
