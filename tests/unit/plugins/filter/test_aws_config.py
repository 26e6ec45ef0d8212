"""aws_config_validate: every rule names the variable."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.aws_config import aws_config_validate


@pytest.mark.parametrize(
    "inputs, message",
    [
        (
            {"aws_config_rules": [{"name": "x", "source_identifier": "encrypted-volumes"}]},
            "aws_config_rules[0].source_identifier: 'encrypted-volumes' is not an AWS managed rule identifier",
        ),
        (
            {"aws_config_rules": [{"name": "x", "source_identifier": "X", "input_parameters": []}]},
            "aws_config_rules[0].input_parameters: must be a mapping",
        ),
        (
            {"aws_config_conformance_packs": [{"name": "1pack", "template": "t.yaml"}]},
            "aws_config_conformance_packs[0].name: '1pack' is not a conformance pack name",
        ),
        ({"aws_config_recorder_role_name": "a role"}, "aws_config_recorder_role_name: 'a role' is not a valid name"),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        aws_config_validate(inputs)
    assert message in str(err.value)
