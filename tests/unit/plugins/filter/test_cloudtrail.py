"""cloudtrail_validate: every rule names the variable."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.cloudtrail import cloudtrail_validate


@pytest.mark.parametrize(
    "inputs, message",
    [
        ({"cloudtrail_region": "mars-1"}, "cloudtrail_region: 'mars-1' is not a known AWS region"),
        (
            {"cloudtrail_log_group_retention_in_days": 42},
            "cloudtrail_log_group_retention_in_days: 42 is not a CloudWatch Logs retention",
        ),
        ({"cloudtrail_trail_name": "-trail"}, "cloudtrail_trail_name: '-trail' is not a valid trail name"),
        ({"cloudtrail_bucket_name": "a"}, "cloudtrail_bucket_name: 'a' is not a valid S3 bucket name"),
        ({"cloudtrail_log_group_name": "a b"}, "cloudtrail_log_group_name: 'a b' is not a valid log group name"),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        cloudtrail_validate(inputs)
    assert message in str(err.value)


def test_good_inputs_pass_unchanged():
    inputs = {"cloudtrail_region": "ap-south-1", "cloudtrail_log_group_retention_in_days": 365}
    assert cloudtrail_validate(inputs) == inputs
