# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cis_monitoring role's inputs, checked on the controller before any API call.

``{{ {'cis_monitoring_region': ..., ...} | prodgrade.aws.cis_monitoring_validate }}`` checks each variable by the
rule RULES names for it; it fails naming the variable and the rule, and returns the inputs unchanged.
"""

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs


def controls(value, var):
    """CIS section 4 controls: {id, name (the metric), pattern (a JSON filter pattern)}, names unique."""
    items = inputs.mappings(value, var, ["id", "name", "pattern"])
    inputs.unique([c["name"] for c in items], var)
    for index, control in enumerate(items):
        inputs.matches(control["name"], f"{var}[{index}].name", inputs.METRIC_NAME, "is not a valid metric name")
        pattern = control["pattern"].strip()
        if not (pattern.startswith("{") and pattern.endswith("}")) or pattern.count("(") != pattern.count(")"):
            inputs.fail(f"{var}[{index}].pattern: must be a JSON filter pattern '{{ ... }}' with balanced parentheses")
    return value


RULES = {
    "cis_monitoring_region": inputs.region,
    "cis_monitoring_log_group_name": inputs.log_group_name,
    "cis_monitoring_topic_name": inputs.topic_name,
    "cis_monitoring_controls": controls,
}


def cis_monitoring_validate(values):
    return inputs.validate(values, RULES, "cis_monitoring")


class FilterModule:
    def filters(self):
        return {"cis_monitoring_validate": cis_monitoring_validate}
