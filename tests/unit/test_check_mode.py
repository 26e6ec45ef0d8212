"""--check never hides an error: no task of a role or playbook ignores errors (in check mode or otherwise).

A step whose prerequisite another step only planned must plan itself (its module predicts from "nothing there
yet"), not fail and be ignored: an ignored error in a dry run hides the real ones an operator is looking for.
compliance_report's reads are the one exception: they never write, and report a failed read as a finding.
"""

import pathlib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
ALLOWED = {"roles/compliance_report"}


def task_files():
    for top in ("roles", "playbooks"):
        for path in sorted((ROOT / top).rglob("*.yml")):
            rel = path.relative_to(ROOT).as_posix()
            if "/tasks/" in rel or "/handlers/" in rel or rel.startswith("playbooks/"):
                yield rel
    yield "site.yml"


def walk(node):
    if isinstance(node, list):
        for item in node:
            yield from walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("block", "rescue", "always", "tasks", "pre_tasks", "post_tasks", "handlers"):
            yield from walk(node.get(key))


@pytest.mark.parametrize("rel", list(task_files()))
def test_no_task_ignores_errors(rel):
    if any(rel.startswith(prefix) for prefix in ALLOWED):
        pytest.skip("compliance_report reads report failures as findings")
    data = yaml.safe_load((ROOT / rel).read_text()) or []
    offenders = [
        task.get("name", "?")
        for task in walk(data)
        if task.get("ignore_errors") or str(task.get("failed_when", "")).strip().lower() == "false"
    ]
    assert offenders == [], f"{rel}: {offenders}"
