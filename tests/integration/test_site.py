"""Tier 4: the whole site.yml against the local endpoint, as the demo runs it."""

import estate
import recap

# Seed 001's table: dev and staging 2 AZs with one NAT gateway, prod 3 AZs with one per AZ.
EXPECTED = {
    "ecia-dev": {
        "vpcs": ["10.0.0.0/16"],
        "subnets": 6,
        "nat_gateways": 1,
        "flow_logs": 1,
        "vpc_endpoints": 2,
    },
    "ecia-staging": {
        "vpcs": ["10.2.0.0/16"],
        "subnets": 6,
        "nat_gateways": 1,
        "flow_logs": 1,
        "vpc_endpoints": 2,
    },
    "ecia-prod": {
        "vpcs": ["10.1.0.0/16"],
        "subnets": 9,
        "nat_gateways": 3,
        "flow_logs": 1,
        "vpc_endpoints": 2,
    },
}


def _recap(result):
    assert result.returncode == 0, result.stdout[-4000:]
    return recap.recap(result.stdout)


def _changed(result):
    return {host: v["changed"] for host, v in _recap(result).items() if v["changed"]}


def test_check_mode_on_an_empty_endpoint_creates_nothing(empty_endpoint, playbook):
    empty_endpoint.reset_calls()
    _recap(playbook("site.yml", "--check", "--diff"))
    mutating = [
        op
        for op in empty_endpoint.calls()["by_operation"]
        if op.split(".", 1)[1].startswith(
            (
                "Create",
                "Delete",
                "Modify",
                "Put",
                "Attach",
                "Associate",
                "Allocate",
                "Replace",
                "Update",
                "Tag",
                "Untag",
                "Enable",
                "Disable",
                "Register",
                "Deregister",
                "Detach",
                "Move",
                "Close",
                "Request",
                "Import",
                "Start",
                "Stop",
                "Run",
                "Set",
                "Accept",
                "Authorize",
                "Revoke",
                "Batch",
                "Subscribe",
                "Reset",
                "Restore",
                "Promote",
                "Upload",
            )
        )
    ]
    assert mutating == []
    assert all(not res for res in estate.summary("inventories/local").values())


def test_site_converges_then_changes_nothing(empty_endpoint, playbook):
    _recap(playbook("site.yml"))
    built = estate.summary("inventories/local")
    for host, want in EXPECTED.items():
        got = {k: built[host][k] for k in want}
        assert got == want, host

    second = playbook("site.yml")
    assert _changed(second) == {}

    check = playbook("site.yml", "--check", "--diff")
    assert _changed(check) == {}
