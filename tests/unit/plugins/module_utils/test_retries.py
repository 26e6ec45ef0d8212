"""aws_retry(): amazon.aws's jittered backoff plus ThrottlingException (and friends)."""

import pytest
from botocore.exceptions import ClientError

from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


def error(code):
    return ClientError({"Error": {"Code": code, "Message": code}}, "SomeOperation")


def flaky(*codes):
    outcomes = [error(code) for code in codes]

    def call():
        if outcomes:
            raise outcomes.pop(0)
        return "ok"

    return call


@pytest.mark.parametrize(
    "code", ["ThrottlingException", "Throttling", "RequestLimitExceeded", "TooManyRequestsException"]
)
def test_retries_throttling(code, sleeps):
    assert aws_retry()(flaky(code, code))() == "ok"
    assert len(sleeps) == 2


def test_extra_codes_and_other_errors(sleeps):
    assert aws_retry(catch_extra_error_codes=["SlowDown"])(flaky("SlowDown"))() == "ok"
    with pytest.raises(ClientError, match="AccessDenied"):
        aws_retry()(flaky("AccessDenied"))()
    assert len(sleeps) == 1


def test_gives_up_after_retries(sleeps):
    with pytest.raises(ClientError):
        aws_retry(retries=3)(flaky(*["ThrottlingException"] * 5))()
    assert len(sleeps) == 2
