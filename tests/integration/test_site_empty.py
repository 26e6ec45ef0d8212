"""Tier 4: the whole site.yml under --check on an empty endpoint plans every layer and creates nothing.

Its own file (of test_site.py's family) so it runs on the other pytest-xdist worker while test_site.py converges.
"""

import estate
import recap
from conftest import mutating_operations


def test_check_mode_on_an_empty_endpoint_creates_nothing(empty_endpoint, playbook):
    empty_endpoint.reset_calls()
    result = playbook("site.yml", "--check", "--diff")
    assert result.returncode == 0, result.stdout[-4000:]
    hosts = recap.recap(result.stdout)
    assert hosts
    # A plan on a new estate holds no ignored error either: a step whose prerequisite is only planned plans itself.
    assert {h: c for h, c in hosts.items() if c["failed"] or c["ignored"] or c["rescued"] or c["unreachable"]} == {}
    assert mutating_operations(empty_endpoint.calls()) == []
    assert all(not res for res in estate.summary("inventories/local").values())
