# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guardduty role's inputs, checked on the controller before any API call.

``{{ {'guardduty_regions': ..., ...} | prodgrade.aws.guardduty_validate }}`` checks each variable by the rule
RULES names for it; it fails naming the variable and the rule, and returns the inputs unchanged.
"""

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail


def features(value, var):
    """Protection features by name ({name: S3_DATA_EVENTS, ...}), each a GuardDuty feature, none twice."""
    for feature in inputs.mappings(value, var, ["name"]):
        if feature["name"] not in inputs.GUARDDUTY_FEATURES:
            fail(f"{var}: '{feature['name']}' is not a GuardDuty feature ({', '.join(inputs.GUARDDUTY_FEATURES)})")
    inputs.unique([f["name"] for f in value], var)
    return value


def severity(value, var):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 8.9:
        fail(f"{var}: '{value}' must be a number from 1 to 8.9 (GuardDuty severities)")
    return value


RULES = {
    "guardduty_regions": inputs.regions,
    "guardduty_home_region": inputs.region,
    "guardduty_admin_account_id": inputs.account_id,
    "guardduty_features": features,
    "guardduty_publishing_bucket_name": inputs.bucket_name,
    "guardduty_alerts_topic_name": inputs.topic_name,
    "guardduty_alert_rule_name": inputs.iam_name,
    "guardduty_alert_min_severity": severity,
}


def guardduty_validate(values):
    return inputs.validate(values, RULES, "guardduty")


class FilterModule:
    def filters(self):
        return {"guardduty_validate": guardduty_validate}
