"""cis_monitoring_validate: every rule names the variable; the shipped CIS section 4 controls pass."""

from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.cis_monitoring import cis_monitoring_validate

ROOT = Path(__file__).resolve().parents[4]
CIS = yaml.safe_load((ROOT / "roles/cis_monitoring/vars/main.yml").read_text())["__cis_monitoring_controls"]


@pytest.mark.parametrize(
    "inputs, message",
    [
        (
            {"cis_monitoring_controls": [{"id": "4.3", "name": "Root", "pattern": "{ ($.a = 1 }"}]},
            "cis_monitoring_controls[0].pattern: must be a JSON filter pattern '{ ... }' with balanced parentheses",
        ),
        (
            {"cis_monitoring_controls": [{"id": "4.3", "name": "a b", "pattern": "{}"}]},
            "cis_monitoring_controls[0].name: 'a b' is not a valid metric name",
        ),
        ({"cis_monitoring_topic_name": "a b"}, "cis_monitoring_topic_name: 'a b' is not a valid SNS topic name"),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        cis_monitoring_validate(inputs)
    assert message in str(err.value)


def test_the_shipped_controls_pass():
    assert cis_monitoring_validate({"cis_monitoring_controls": CIS})
    assert [c["id"] for c in CIS] == [f"4.{i}" for i in range(1, 16)]
