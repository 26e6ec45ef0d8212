"""guardduty_validate: every rule names the variable; the features are the GuardDuty module's own list."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import DETECTOR_FEATURES
from ansible_collections.prodgrade.aws.plugins.filter.guardduty import guardduty_validate


@pytest.mark.parametrize(
    "inputs, message",
    [
        (
            {"guardduty_features": [{"name": "S3_PROTECTION"}]},
            "guardduty_features: 'S3_PROTECTION' is not a GuardDuty feature",
        ),
        (
            {"guardduty_features": [{"name": "S3_DATA_EVENTS"}, {"name": "S3_DATA_EVENTS"}]},
            "['S3_DATA_EVENTS'] listed more than once",
        ),
        ({"guardduty_features": [{"status": "ENABLED"}]}, "guardduty_features[0]: needs name"),
        ({"guardduty_alert_min_severity": 11}, "guardduty_alert_min_severity: '11' must be a number from 1 to 8.9"),
        ({"guardduty_alert_min_severity": True}, "must be a number from 1 to 8.9"),
        (
            {"guardduty_regions": ["ap-south-1", "ap-south-1"]},
            "guardduty_regions: ['ap-south-1'] listed more than once",
        ),
        ({"guardduty_regions": []}, "guardduty_regions: must be a non-empty list"),
        ({"guardduty_home_region": "ap-south"}, "guardduty_home_region: 'ap-south' is not a known AWS region"),
        ({"guardduty_admin_account_id": 12345}, "guardduty_admin_account_id: '12345' must be a 12-digit account id"),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        guardduty_validate(inputs)
    assert message in str(err.value)


def test_every_feature_the_module_knows_passes():
    assert guardduty_validate({"guardduty_features": [{"name": name} for name in DETECTOR_FEATURES]})
