# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The aws_config role's inputs, checked on the controller before any API call.

``{{ {'aws_config_regions': ..., ...} | prodgrade.aws.aws_config_validate }}`` checks each variable by the rule
RULES names for it; it fails naming the variable and the rule, and returns the inputs unchanged.
"""

import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail

CONFIG_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")
MANAGED_RULE = re.compile(r"^[A-Z0-9_]+$")
PACK_NAME = re.compile(r"^[A-Za-z][-a-zA-Z0-9]{0,127}$")


def rules(value, var):
    items = inputs.mappings(value, var, ["name", "source_identifier"])
    inputs.unique([r["name"] for r in items], var)
    for index, rule in enumerate(items):
        inputs.matches(rule["name"], f"{var}[{index}].name", CONFIG_NAME, "is not a valid Config rule name")
        if not MANAGED_RULE.match(str(rule["source_identifier"])):
            fail(
                f"{var}[{index}].source_identifier: '{rule['source_identifier']}' is not an AWS managed rule "
                "identifier such as ENCRYPTED_VOLUMES"
            )
        if not isinstance(rule.get("input_parameters", {}), dict):
            fail(f"{var}[{index}].input_parameters: must be a mapping")
    return value


def conformance_packs(value, var):
    packs = inputs.mappings(value, var, ["name", "template"])
    inputs.unique([p["name"] for p in packs], var)
    for index, pack in enumerate(packs):
        inputs.matches(
            pack["name"],
            f"{var}[{index}].name",
            PACK_NAME,
            "is not a conformance pack name (letters, digits, '-', starting with a letter)",
        )
    return value


RULES = {
    "aws_config_regions": inputs.regions,
    "aws_config_home_region": inputs.region,
    "aws_config_recorder_role_name": inputs.iam_name,
    "aws_config_aggregator_role_name": inputs.iam_name,
    "aws_config_bucket_name": inputs.bucket_name,
    "aws_config_rules": rules,
    "aws_config_conformance_packs": conformance_packs,
}


def aws_config_validate(values):
    return inputs.validate(values, RULES, "aws_config")


class FilterModule:
    def filters(self):
        return {"aws_config_validate": aws_config_validate}
