# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The securityhub role's inputs, checked on the controller before any API call.

``{{ {'securityhub_regions': ..., ...} | prodgrade.aws.securityhub_validate }}`` checks each variable by the rule
RULES names for it; it fails naming the variable and the rule, and returns the inputs unchanged.
"""

import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs

# A standard by short name (cis-aws-foundations-benchmark/v/3.0.0), or by ARN (standards/... or ruleset/...).
STANDARD = re.compile(r"^[a-z0-9-]+(/v/[0-9.]+)?$")
CONTROL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*\.\d+$")


def _standard_name(value):
    parts = inputs.arn(value, "securityhub", ("standards", "ruleset"))
    if parts is not None:
        return parts["resource_id"] if parts["account_id"] == "" else None
    return value


def standards(value, var):
    items = inputs.mappings(value, var, ["standard"])
    inputs.unique([s["standard"] for s in items], var)
    for index, standard in enumerate(items):
        where = f"{var}[{index}]"
        name = _standard_name(standard["standard"])
        if not isinstance(name, str) or not STANDARD.match(name):
            inputs.fail(
                f"{where}: '{standard['standard']}' is not a standard short name such as "
                "'cis-aws-foundations-benchmark/v/3.0.0' or an ARN"
            )
        controls = inputs.mappings(
            standard.get("disabled_controls", []), f"{where}.disabled_controls", ["control_id", "reason"]
        )
        for control in controls:
            inputs.matches(
                control["control_id"],
                f"{where}.disabled_controls",
                CONTROL_ID,
                "is not a security control id such as 'IAM.6'",
            )
        inputs.unique([c["control_id"] for c in controls], f"{where}.disabled_controls")
    return value


def configuration_policies(value, var):
    policies = inputs.mappings(value, var, ["name", "ous"])
    inputs.unique([p["name"] for p in policies], var)
    for index, policy in enumerate(policies):
        inputs.a_list(policy["ous"], f"{var}[{index}].ous")
    return value


RULES = {
    "securityhub_regions": inputs.regions,
    "securityhub_home_region": inputs.region,
    "securityhub_admin_account_id": inputs.account_id,
    "securityhub_standards": standards,
    "securityhub_configuration_policies": configuration_policies,
}


def securityhub_validate(values):
    return inputs.validate(values, RULES, "securityhub")


class FilterModule:
    def filters(self):
        return {"securityhub_validate": securityhub_validate}
