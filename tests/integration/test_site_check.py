"""Tier 4: the whole site under --check --diff on the converged estate: nothing to change, nothing failed or
ignored, and not one mutating API call. Each molecule scenario checks its own role this way; this is the same promise
for the whole estate, every layer on every account at once, as an operator's dry run before a change.

On the snapshot of test_site.py's converge (conftest's converged_site), loaded into this worker's endpoint.
"""

import recap
from conftest import mutating_operations


def test_check_on_the_converged_site_changes_nothing(site_estate, endpoint, playbook):
    endpoint.reset_calls()
    result = playbook("site.yml", "--check", "--diff")
    assert result.returncode == 0, result.stdout[-4000:]
    hosts = recap.recap(result.stdout)
    assert set(hosts) >= set(site_estate.recap)
    problems = {
        host: {k: v for k, v in counts.items() if v}
        for host, counts in hosts.items()
        if counts["changed"] or counts["failed"] or counts["ignored"] or counts["rescued"] or counts["unreachable"]
    }
    # The tasks at fault, each with its result line (the tail alone would show only the last play).
    at_fault, task = [], None
    for line in result.stdout.splitlines():
        if line.startswith("TASK ["):
            task = line
        elif line.startswith(("changed:", "fatal:", "failed:")) or "...ignoring" in line:
            at_fault.append(f"{task} {line}")
    assert problems == {}, (problems, at_fault)
    assert mutating_operations(endpoint.calls()) == []
