"""aws_retry(): retries what botocore's retries leave (conflicts, each call's own codes), never throttling or 5xx."""

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
    "code",
    ["ThrottlingException", "Throttling", "RequestLimitExceeded", "TooManyRequestsException", "InternalError"],
)
def test_throttling_and_server_errors_are_left_to_botocore(code, sleeps):
    # botocore has already retried them as often as the client's aws_config says: once more here would multiply.
    with pytest.raises(ClientError, match=code):
        aws_retry()(flaky(code, code))()
    assert sleeps == []


def test_concurrent_modification_is_retried(sleeps):
    code = "ConcurrentModificationException"
    assert aws_retry()(flaky(code, code))() == "ok"
    assert len(sleeps) == 2


def test_extra_codes_and_other_errors(sleeps):
    assert aws_retry(catch_extra_error_codes=["InvalidSubnetID.NotFound"])(flaky("InvalidSubnetID.NotFound"))() == "ok"
    with pytest.raises(ClientError, match="AccessDenied"):
        aws_retry()(flaky("AccessDenied"))()
    assert len(sleeps) == 1


def test_gives_up_after_retries(sleeps):
    with pytest.raises(ClientError):
        aws_retry(retries=3)(flaky(*["ConcurrentModificationException"] * 5))()
    assert len(sleeps) == 2
