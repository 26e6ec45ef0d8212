# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The log_archive role's inputs, checked on the controller before any API call.

``{{ {'log_archive_bucket_name': ..., ...} | prodgrade.aws.log_archive_validate }}`` checks each variable by the
rule RULES names for it; it fails naming the variable and the rule, and returns the inputs unchanged.
"""

from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs

RULES = {
    "log_archive_bucket_name": inputs.bucket_name,
    "log_archive_findings_bucket_name": inputs.bucket_name,
    "log_archive_access_logs_bucket_name": inputs.bucket_name,
    "log_archive_key_alias": inputs.kms_alias,
    "log_archive_region": inputs.region,
    "log_archive_management_account_id": inputs.account_id,
    "log_archive_audit_account_id": inputs.account_id,
    # S3 lifecycle ages (not CloudWatch Logs retentions).
    "log_archive_transition_days": inputs.days,
    "log_archive_retention_days": inputs.days,
    "log_archive_access_logs_retention_days": inputs.days,
    "log_archive_noncurrent_days": inputs.days,
    "log_archive_key_deletion_days": inputs.key_deletion_days,
}


def log_archive_validate(values):
    return inputs.validate(values, RULES, "log_archive")


class FilterModule:
    def filters(self):
        return {"log_archive_validate": log_archive_validate}
