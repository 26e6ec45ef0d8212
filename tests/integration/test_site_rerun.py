"""Tier 4: the second whole-site run on the converged estate changes nothing.

On the snapshot of test_site.py's converge (conftest's converged_site), loaded into this worker's endpoint: so it runs
on either worker, and also shows a loaded estate is the converged one to the playbooks.
"""

import recap


def test_site_then_changes_nothing(site_estate, playbook):
    second = playbook("site.yml")
    assert second.returncode == 0, second.stdout[-4000:]
    hosts = recap.recap(second.stdout)
    assert set(hosts) >= set(site_estate.recap)
    assert {host: v["changed"] for host, v in hosts.items() if v["changed"]} == {}, second.stdout[-6000:]
