"""RDS cross-region read replicas are placed in the region they are created in.

moto 5.2.5's CreateDBInstanceReadReplica copies the source instance and then sets the request's attributes in
order, adding ``backend`` (the replica's region) last for a source given by ARN. ``DBSubnetGroupName`` is resolved
while the copy still belongs to the source's backend, so a DR-region subnet group is "not found"
(``DBSubnetGroupNotFoundFault``) unless the source region happens to hold a group of the same name, and then the
replica points at the wrong region's group. AWS resolves it in the replica's (the called) region: the backend is
set first here.

A cross-region replica also kept the source's DB parameter group name; when that is a custom group (the data
tier's), the replica's region has no such group and every DescribeDBInstances answered a 500 (KeyError). AWS:
"If you do not specify a value for DBParameterGroupName, then Amazon RDS uses ... the default DBParameterGroup for
the specified DB engine for a cross-Region read replica" (CreateDBInstanceReadReplica). The replica gets it here.

Deleting a cross-region replica failed with a 500: the source lists a cross-region replica by ARN
(``add_replica``) but ``remove_replica`` removes its identifier only (ValueError). Either form is removed now.
"""

from moto.rds.models import DBInstance, RDSBackend


def create_db_instance_read_replica(self, db_kwargs):
    cross_region = self.arn_regex.match(db_kwargs.get("source_db_instance_identifier") or "")
    if cross_region:
        db_kwargs = {"backend": self, **{k: v for k, v in db_kwargs.items() if k != "backend"}}
    replica = _original_create(self, db_kwargs)
    if cross_region and not db_kwargs.get("db_parameter_group_name"):
        replica.db_parameter_group_name = None  # the engine's default group, in the replica's region
    return replica


def remove_replica(self, replica):
    self.replicas = [r for r in self.replicas if r not in (replica.db_instance_identifier, replica.db_instance_arn)]


if not getattr(RDSBackend.create_db_instance_read_replica, "_prodgrade", False):
    _original_create = RDSBackend.create_db_instance_read_replica
    create_db_instance_read_replica._prodgrade = True  # type: ignore[attr-defined]
    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica
    DBInstance.remove_replica = remove_replica
