"""security_alerts_validate (every rule names the variable) and the topic's subscriptions."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.security_alerts import (
    security_alerts_subscriptions,
    security_alerts_validate,
)


@pytest.mark.parametrize(
    "inputs, message",
    [
        (
            {"security_alerts_emails": ["not-an-address"]},
            "security_alerts_emails: 'not-an-address' is not an e-mail address",
        ),
        ({"security_alerts_emails": "ops@example.com"}, "security_alerts_emails: must be a list"),
        ({"security_alerts_topic_name": "a.b"}, "security_alerts_topic_name: 'a.b' is not a valid SNS topic name"),
        ({"security_alerts_key_deletion_days": 31}, "security_alerts_key_deletion_days: 31 must be between 7 and 30"),
    ],
)
def test_bad_inputs_name_the_variable_and_the_rule(inputs, message):
    with pytest.raises(AnsibleFilterError) as err:
        security_alerts_validate(inputs)
    assert message in str(err.value)


def test_each_address_is_an_email_subscription():
    assert security_alerts_subscriptions(["a@example.com", "b@example.com"]) == [
        {"endpoint": "a@example.com", "protocol": "email"},
        {"endpoint": "b@example.com", "protocol": "email"},
    ]
