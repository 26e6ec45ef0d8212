"""securityhub_validate: every rule names the variable; standards by short name or by ARN."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.securityhub import securityhub_validate


def standards(*items):
    return {"securityhub_standards": list(items)}


@pytest.mark.parametrize(
    "inputs, message",
    [
        (
            standards(
                {"standard": "cis-aws-foundations-benchmark/v/3.0.0", "disabled_controls": [{"control_id": "IAM.6"}]}
            ),
            "securityhub_standards[0].disabled_controls[0]: needs reason",
        ),
        (
            standards({"standard": "fsbp", "disabled_controls": [{"control_id": "1.14", "reason": "x"}]}),
            "securityhub_standards[0].disabled_controls: '1.14' is not a security control id",
        ),
        (standards({"standard": "CIS 3.0"}), "securityhub_standards[0]: 'CIS 3.0' is not a standard short name"),
        # An ARN of another service, or with an account, is no standard.
        (standards({"standard": "arn:aws:kms:::standards/x"}), "is not a standard short name"),
        (
            standards({"standard": "arn:aws:securityhub:us-east-1:123456789012:standards/x"}),
            "is not a standard short name",
        ),
        (
            standards({"standard": "fsbp"}, {"standard": "fsbp"}),
            "securityhub_standards: ['fsbp'] listed more than once",
        ),
        (
            {"securityhub_configuration_policies": [{"name": "p", "ous": []}]},
            "securityhub_configuration_policies[0].ous: must be a non-empty list",
        ),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        securityhub_validate(inputs)
    assert message in str(err.value)


@pytest.mark.parametrize(
    "standard",
    [
        "aws-foundational-security-best-practices/v/1.0.0",
        "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
        "arn:aws:securityhub:ap-south-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    ],
)
def test_standards_by_short_name_or_arn_pass(standard):
    assert securityhub_validate(standards({"standard": standard}))
