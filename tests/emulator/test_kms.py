"""KMS where moto differs from AWS: the key state calls given a key ARN, the rotation period."""

import botocore.exceptions
import pytest
from botocore.config import Config


def test_rotation_period_default_set_and_reset(client):
    kms = client("kms")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    status = kms.get_key_rotation_status(KeyId=key)
    assert status["KeyRotationEnabled"] is False and "RotationPeriodInDays" not in status

    kms.enable_key_rotation(KeyId=key)
    status = kms.get_key_rotation_status(KeyId=key)
    assert status["KeyRotationEnabled"] is True and status["RotationPeriodInDays"] == 365
    assert "NextRotationDate" in status

    kms.enable_key_rotation(KeyId=key, RotationPeriodInDays=180)
    assert kms.get_key_rotation_status(KeyId=key)["RotationPeriodInDays"] == 180

    kms.disable_key_rotation(KeyId=key)
    status = kms.get_key_rotation_status(KeyId=key)
    assert status["KeyRotationEnabled"] is False and "RotationPeriodInDays" not in status

    kms.enable_key_rotation(KeyId=key)  # no period: AWS's default again
    assert kms.get_key_rotation_status(KeyId=key)["RotationPeriodInDays"] == 365


def test_rotation_period_out_of_range_is_refused(client):
    # botocore checks the model's 90-2560 itself; the endpoint must refuse it too.
    kms = client("kms", config=Config(retries={"total_max_attempts": 1}, parameter_validation=False))
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(botocore.exceptions.ClientError) as err:
        kms.enable_key_rotation(KeyId=key, RotationPeriodInDays=30)
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is False


def test_key_state_calls_take_the_key_arn(client):
    kms = client("kms")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    kms.disable_key(KeyId=key)
    kms.enable_key(KeyId=key)
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    kms.cancel_key_deletion(KeyId=key)
    assert kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "Disabled"
