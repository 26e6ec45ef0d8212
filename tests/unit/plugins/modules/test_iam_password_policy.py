"""iam_password_policy through main() against a Stubber-validated iam client: one GetAccountPasswordPolicy, and
UpdateAccountPasswordPolicy (the whole policy) only when the policy is missing or differs; none in check mode."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import iam_password_policy as module

WANTED = dict(
    minimum_password_length=14,
    password_reuse_prevention=24,
    max_password_age=90,
    require_symbols=True,
    require_numbers=True,
    require_uppercase_characters=True,
    require_lowercase_characters=True,
    allow_users_to_change_password=True,
)
# As AWS answers it (HardExpiry omitted when false on some accounts: its unset value).
AWS_POLICY = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "ExpirePasswords": True,
    "MaxPasswordAge": 90,
    "PasswordReusePrevention": 24,
}
REQUEST = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "MaxPasswordAge": 90,
    "PasswordReusePrevention": 24,
    "HardExpiry": False,
}


@pytest.fixture
def iam(aws_client):
    return aws_client("iam")


@pytest.fixture
def stub(iam):
    return iam[1]


@pytest.fixture
def run(run_module, iam):
    def run_(args=None, **kw):
        return run_module(module.main, dict(WANTED, **(args or {})), client=iam[0], **kw)

    return run_


def expect_get(stub, policy=None):
    if policy is None:
        stub.add_client_error("get_account_password_policy", "NoSuchEntity", "no policy", 404)
    else:
        stub.add_response("get_account_password_policy", {"PasswordPolicy": policy}, {})


def test_noop_reads_only(stub, run):
    expect_get(stub, AWS_POLICY)
    result = run(diff=True)
    assert not result["changed"]
    assert result["password_policy"]["expire_passwords"] is True
    assert result["diff"]["before"] == result["diff"]["after"]


def test_omitted_age_reads_as_no_expiry(stub, run):
    expect_get(stub, dict({k: v for k, v in AWS_POLICY.items() if k != "MaxPasswordAge"}, ExpirePasswords=False))
    result = run({"max_password_age": 0})
    assert not result["changed"] and result["password_policy"]["max_password_age"] == 0


def test_create_sends_the_whole_policy(stub, run):
    expect_get(stub)
    stub.add_response("update_account_password_policy", {}, REQUEST)
    result = run(diff=True)
    assert result["changed"] and result["diff"]["before"] == {}
    assert result["password_policy"]["minimum_password_length"] == 14


def test_one_option_drift_rewrites_the_policy(stub, run):
    expect_get(stub, dict(AWS_POLICY, RequireSymbols=False))
    stub.add_response("update_account_password_policy", {}, REQUEST)
    result = run(diff=True)
    assert result["changed"]
    assert result["diff"]["before"]["require_symbols"] is False and result["diff"]["after"]["require_symbols"]


def test_no_expiry_and_no_reuse_are_not_sent(stub, run):
    expect_get(stub, AWS_POLICY)
    request = {k: v for k, v in REQUEST.items() if k not in ("MaxPasswordAge", "PasswordReusePrevention")}
    stub.add_response("update_account_password_policy", {}, request)
    result = run({"max_password_age": 0, "password_reuse_prevention": 0})
    assert result["changed"] and result["password_policy"]["expire_passwords"] is False


def test_check_mode_makes_no_write(stub, run):
    expect_get(stub, dict(AWS_POLICY, MinimumPasswordLength=8))
    result = run(check_mode=True, diff=True)
    assert result["changed"] and result["password_policy"]["minimum_password_length"] == 14


def test_absent_deletes(stub, run):
    expect_get(stub, AWS_POLICY)
    stub.add_response("delete_account_password_policy", {}, {})
    result = run({"state": "absent"})
    assert result["changed"] and result["password_policy"] == {}


def test_absent_without_policy_is_unchanged(stub, run):
    expect_get(stub)
    assert not run({"state": "absent"})["changed"]


def test_absent_in_check_mode_makes_no_write(stub, run):
    expect_get(stub, AWS_POLICY)
    assert run({"state": "absent"}, check_mode=True)["changed"]


def test_out_of_range_fails_before_any_call(run_module):
    result = run_module(module.main, {"minimum_password_length": 5, "password_reuse_prevention": 25})
    assert result["failed"]
    assert "minimum_password_length must be between 6 and 128: 5" in result["msg"]
    assert "password_reuse_prevention must be between 0 and 24: 25" in result["msg"]


def test_no_no_log_warning_for_the_settings(stub, run):
    from ansible.module_utils.common import warnings

    expect_get(stub, AWS_POLICY)
    run()
    assert not [w for w in warnings.get_warning_messages() if "no_log" in str(w)]
