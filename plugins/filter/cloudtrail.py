# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cloudtrail role's inputs, checked on the controller before any API call.

``{{ {'cloudtrail_region': ..., ...} | prodgrade.aws.cloudtrail_validate }}`` checks each variable by the rule
RULES names for it; it fails naming the variable and the rule, and returns the inputs unchanged.
"""

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs

RULES = {
    "cloudtrail_region": inputs.region,
    "cloudtrail_trail_name": inputs.trail_name,
    "cloudtrail_bucket_name": inputs.bucket_name,
    "cloudtrail_log_group_name": inputs.log_group_name,
    "cloudtrail_log_group_retention_in_days": inputs.retention_days,
}


def cloudtrail_validate(values):
    return inputs.validate(values, RULES, "cloudtrail")


class FilterModule:
    def filters(self):
        return {"cloudtrail_validate": cloudtrail_validate}
