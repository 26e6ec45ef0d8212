"""RDS cross-region read replicas are placed in the region they are created in.

moto 5.2.5's CreateDBInstanceReadReplica copies the source instance and then sets the request's attributes in
order, adding ``backend`` (the replica's region) last for a source given by ARN. ``DBSubnetGroupName`` is resolved
while the copy still belongs to the source's backend, so a DR-region subnet group is "not found"
(``DBSubnetGroupNotFoundFault``) unless the source region happens to hold a group of the same name, and then the
replica points at the wrong region's group. AWS resolves it in the replica's (the called) region: the backend is
set first here.
"""

from moto.rds.models import RDSBackend


def create_db_instance_read_replica(self, db_kwargs):
    if self.arn_regex.match(db_kwargs.get("source_db_instance_identifier") or ""):
        db_kwargs = {"backend": self, **{k: v for k, v in db_kwargs.items() if k != "backend"}}
    return _original_create(self, db_kwargs)


if not getattr(RDSBackend.create_db_instance_read_replica, "_prodgrade", False):
    _original_create = RDSBackend.create_db_instance_read_replica
    create_db_instance_read_replica._prodgrade = True  # type: ignore[attr-defined]
    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica
