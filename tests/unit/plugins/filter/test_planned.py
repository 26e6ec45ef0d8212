"""The check-mode placeholders: one table (plugins/filter/planned.py), and no role writes its own."""

import re
from pathlib import Path

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.prodgrade.aws.plugins.filter.planned import PLACEHOLDERS
from ansible_collections.prodgrade.aws.plugins.filter.planned import planned

ROOT = Path(__file__).resolve().parents[4]


def test_each_kind_has_its_placeholder():
    assert planned("internet_gateway_id") == "igw-planned"
    assert planned("iam_role_arn") == "arn:aws:iam::000000000000:role/planned"
    assert all(value.endswith("planned") for value in PLACEHOLDERS.values())


def test_an_unknown_kind_fails_naming_the_kinds():
    with pytest.raises(AnsibleFilterError, match="no placeholder for 'vpc_id'; one of organization_id, root_id"):
        planned("vpc_id")


def test_no_role_or_playbook_writes_a_placeholder_of_its_own():
    # A quoted string or ARN part ending in 'planned' outside the filter's table ('planned only (--check)' is prose).
    literal = re.compile(r"""['"/:-]planned['"/]|['"]planned['"]""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for base in ("roles", "playbooks")
        for path in sorted((ROOT / base).rglob("*.yml"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []
