"""Each role with a validate filter: its tasks/validate.yml hands the filter exactly the variables the role's
RULES know, the filter is named after the role, and an unset or unknown variable fails naming it."""

import importlib
import re
from pathlib import Path

import pytest
from ansible.errors import AnsibleFilterError

ROOT = Path(__file__).resolve().parents[4]
ROLES = ["account_baseline", "aws_config", "cis_monitoring", "cloudtrail", "guardduty", "log_archive"]
ROLES += ["security_alerts", "securityhub"]


def contract(role):
    module = importlib.import_module(f"ansible_collections.prodgrade.aws.plugins.filter.{role}")
    return module.RULES, getattr(module, f"{role}_validate")


@pytest.mark.parametrize("role", ROLES)
def test_validate_yml_hands_over_exactly_the_known_variables(role):
    rules, _validate = contract(role)
    text = (ROOT / f"roles/{role}/tasks/validate.yml").read_text()
    assert f"| prodgrade.aws.{role}_validate" in text
    assert sorted(re.findall(r"'([a-z_]+)':", text)) == sorted(rules)


@pytest.mark.parametrize("role", ROLES)
def test_unset_and_unknown_variables_fail_naming_them(role):
    rules, validate = contract(role)
    var = sorted(rules)[0]
    with pytest.raises(AnsibleFilterError, match=f"^{var}: is not set$"):
        validate({var: None})
    with pytest.raises(AnsibleFilterError, match=f"^{role}_typo: not an input of the {role} role"):
        validate({f"{role}_typo": 1})


def test_every_filter_has_its_doc_file():
    """ansible-doc reads a filter's documentation from <filter name>.yml beside the plugin files."""
    missing = []
    for path in sorted((ROOT / "plugins/filter").glob("*.py")):
        module = importlib.import_module(f"ansible_collections.prodgrade.aws.plugins.filter.{path.stem}")
        for name in module.FilterModule().filters():
            doc = path.parent / f"{name}.yml"
            if not doc.exists() or f"name: {name}\n" not in doc.read_text():
                missing.append(name)
    assert missing == []
