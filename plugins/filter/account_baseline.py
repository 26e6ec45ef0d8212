# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account_baseline role's inputs, checked on the controller before any API call.

``{{ {'account_baseline_regions': ..., ...} | prodgrade.aws.account_baseline_validate }}`` checks each variable
by the rule RULES names for it, then the password policy against CIS 1.8 and 1.9; it fails naming the variable and
the rule, and returns the inputs unchanged.
"""

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail


def password_policy(policy, var):
    if not isinstance(policy, dict):
        fail(f"{var}: must be a mapping")
    if inputs.integer(policy.get("min_length"), f"{var}.min_length", 6, 128) < inputs.CIS_MIN_PASSWORD_LENGTH:
        fail(f"{var}.min_length: CIS 1.8 needs at least {inputs.CIS_MIN_PASSWORD_LENGTH}")
    if inputs.integer(policy.get("reuse_prevention"), f"{var}.reuse_prevention", 1, 24) < inputs.CIS_PASSWORD_REUSE:
        fail(f"{var}.reuse_prevention: CIS 1.9 needs {inputs.CIS_PASSWORD_REUSE}")
    inputs.integer(policy.get("max_age_days", 0), f"{var}.max_age_days", 0, 1095)
    return policy


def group_names(groups, var):
    for name in inputs.a_list(groups, var, non_empty=False):
        inputs.matches(name, var, inputs.IAM_NAME, "is not a valid IAM group name")
    inputs.unique(groups, var)
    return groups


RULES = {
    "account_baseline_regions": inputs.regions,
    "account_baseline_password_policy": password_policy,
    "account_baseline_analyzer_name": inputs.iam_name,
    "account_baseline_mfa_policy_name": inputs.iam_name,
    "account_baseline_mfa_groups": group_names,
}


def account_baseline_validate(values):
    return inputs.validate(values, RULES, "account_baseline")


class FilterModule:
    def filters(self):
        return {"account_baseline_validate": account_baseline_validate}
