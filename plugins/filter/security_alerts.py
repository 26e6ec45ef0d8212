# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The security_alerts role's inputs, checked on the controller before any API call, and its topic's
subscriptions.

``{{ {'security_alerts_region': ..., ...} | prodgrade.aws.security_alerts_validate }}`` checks each variable by
the rule RULES names for it; it fails naming the variable and the rule, and returns the inputs unchanged.
"""

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs

RULES = {
    "security_alerts_region": inputs.region,
    "security_alerts_topic_name": inputs.topic_name,
    "security_alerts_key_alias": inputs.kms_alias,
    "security_alerts_emails": inputs.emails,
    "security_alerts_key_deletion_days": inputs.key_deletion_days,
}


def security_alerts_validate(values):
    return inputs.validate(values, RULES, "security_alerts")


def security_alerts_subscriptions(emails):
    """SNS subscriptions (community.aws.sns_topic's shape) for a list of e-mail addresses."""
    return [{"endpoint": email, "protocol": "email"} for email in emails]


class FilterModule:
    def filters(self):
        return {
            "security_alerts_validate": security_alerts_validate,
            "security_alerts_subscriptions": security_alerts_subscriptions,
        }
