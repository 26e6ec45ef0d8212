"""log_archive_validate: every rule names the variable."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.log_archive import log_archive_validate


@pytest.mark.parametrize(
    "inputs, message",
    [
        ({"log_archive_bucket_name": "Log_Archive"}, "log_archive_bucket_name: 'Log_Archive' is not a valid S3"),
        ({"log_archive_audit_account_id": "12345"}, "log_archive_audit_account_id: '12345' must be a 12-digit"),
        (
            {"log_archive_key_alias": "aws/s3"},
            "log_archive_key_alias: 'aws/' aliases are reserved for AWS managed keys",
        ),
        ({"log_archive_key_deletion_days": 3}, "log_archive_key_deletion_days: 3 must be between 7 and 30"),
        # S3 lifecycle days, not CloudWatch Logs retentions: 400 is fine, 0 and 100 years + 1 are not.
        ({"log_archive_retention_days": 0}, "log_archive_retention_days: 0 must be between 1 and 36500"),
        ({"log_archive_noncurrent_days": "soon"}, "log_archive_noncurrent_days: must be an integer"),
        ({"log_archive_region": "mars-1"}, "log_archive_region: 'mars-1' is not a known AWS region"),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        log_archive_validate(inputs)
    assert message in str(err.value)


def test_lifecycle_days_are_not_log_retentions():
    assert log_archive_validate({"log_archive_retention_days": 400, "log_archive_transition_days": 31})
