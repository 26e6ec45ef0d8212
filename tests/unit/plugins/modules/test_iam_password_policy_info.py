"""iam_password_policy_info through main() against a Stubber-validated iam client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import iam_password_policy_info as module


@pytest.fixture
def iam(aws_client):
    return aws_client("iam")


def test_reads_the_policy(iam, run_module):
    iam[1].add_response(
        "get_account_password_policy",
        {"PasswordPolicy": {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24, "RequireSymbols": True}},
        {},
    )
    result = run_module(module.main, {}, client=iam[0])
    assert not result["changed"] and result["exists"]
    assert result["password_policy"]["minimum_password_length"] == 14
    assert result["password_policy"]["password_reuse_prevention"] == 24


def test_no_policy_is_not_an_error(iam, run_module):
    iam[1].add_client_error("get_account_password_policy", "NoSuchEntity", "no policy", 404)
    result = run_module(module.main, {}, client=iam[0])
    assert not result.get("failed") and result["exists"] is False and result["password_policy"] == {}


def test_other_errors_fail(iam, run_module):
    iam[1].add_client_error("get_account_password_policy", "AccessDenied", "denied", 403)
    result = run_module(module.main, {}, client=iam[0])
    assert result["failed"] and "get account password policy" in result["msg"]


def test_bad_input(run_module):
    result = run_module(module.main, {"unknown": 1})
    assert result["failed"] and "unknown" in result["msg"]
