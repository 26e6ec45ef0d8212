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
    assert recap.recap(result.stdout)
    assert mutating_operations(empty_endpoint.calls()) == []
    assert all(not res for res in estate.summary("inventories/local").values())
