"""account_baseline_validate: every rule names the variable; the shipped password policy meets CIS 1.8 and 1.9."""

from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.account_baseline import account_baseline_validate

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    "inputs, message",
    [
        (
            {"account_baseline_password_policy": {"min_length": 8, "reuse_prevention": 24}},
            "account_baseline_password_policy.min_length: CIS 1.8 needs at least 14",
        ),
        (
            {"account_baseline_password_policy": {"min_length": 14, "reuse_prevention": 5}},
            "account_baseline_password_policy.reuse_prevention: CIS 1.9 needs 24",
        ),
        (
            {"account_baseline_password_policy": {"min_length": 14, "reuse_prevention": 24, "max_age_days": 2000}},
            "account_baseline_password_policy.max_age_days: 2000 must be between 0 and 1095",
        ),
        (
            {"account_baseline_mfa_groups": ["admins", "admins"]},
            "account_baseline_mfa_groups: ['admins'] listed more than once",
        ),
        ({"account_baseline_mfa_groups": ["a b"]}, "account_baseline_mfa_groups: 'a b' is not a valid IAM group name"),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        account_baseline_validate(inputs)
    assert message in str(err.value)


def test_the_shipped_password_policy_passes():
    defaults = yaml.safe_load((ROOT / "roles/account_baseline/defaults/main.yml").read_text())
    assert account_baseline_validate({"account_baseline_password_policy": defaults["account_baseline_password_policy"]})
