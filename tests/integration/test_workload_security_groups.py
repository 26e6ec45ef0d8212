"""Tier 4: after the workload layer converges, no security group in any workload account admits the internet,
except the ALB group on 80 and 443. Every group is read back from the endpoint (not from the playbook's output)."""

import estate
import recap

WORLD = {"0.0.0.0/0", "::/0"}


def _world_ingress(group):
    """(port range, source) of each ingress rule open to the whole internet."""
    found = []
    for perm in group.get("IpPermissions", []):
        ports = (perm.get("FromPort"), perm.get("ToPort"), perm.get("IpProtocol"))
        sources = {r["CidrIp"] for r in perm.get("IpRanges", [])} | {r["CidrIpv6"] for r in perm.get("Ipv6Ranges", [])}
        found += [(ports, src) for src in sources & WORLD]
    return found


def test_only_the_alb_group_admits_the_internet(empty_endpoint, playbook):
    for book in ("playbooks/network.yml", "playbooks/workload.yml"):
        result = playbook(book)
        assert result.returncode == 0, result.stdout[-4000:]
        assert all(not v["failed"] for v in recap.recap(result.stdout).values())

    hosts = estate.account_hosts("inventories/local", "workloads")
    assert sorted(hosts) == ["ecia-dev", "ecia-prod", "ecia-staging"]
    for host, (account_id, role) in hosts.items():
        ec2 = estate.session(account_id, role).client("ec2", endpoint_url=estate.endpoint_url())
        groups = [
            g for page in ec2.get_paginator("describe_security_groups").paginate() for g in page["SecurityGroups"]
        ]
        names = {g["GroupName"] for g in groups}
        # The check is only worth something if the tier groups were read back.
        assert {f"{host}-alb-sg", f"{host}-app-sg", f"{host}-db-sg", f"{host}-bastion-sg"} <= names, host

        open_to_world = {g["GroupName"]: _world_ingress(g) for g in groups if _world_ingress(g)}
        alb = f"{host}-alb-sg"
        assert sorted(open_to_world.pop(alb, [])) == [((80, 80, "tcp"), "0.0.0.0/0"), ((443, 443, "tcp"), "0.0.0.0/0")]
        assert open_to_world == {}, host


def test_the_check_sees_a_world_open_rule():
    """The helper the test relies on does flag 0.0.0.0/0 and ::/0, and nothing narrower."""
    group = {
        "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]},
        ]
    }
    assert sorted(src for _, src in _world_ingress(group)) == ["0.0.0.0/0", "::/0"]
