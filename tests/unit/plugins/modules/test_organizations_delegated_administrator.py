"""organizations_delegated_administrator driven through main() against a Stubber-validated client."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import organizations_delegated_administrator

ADMIN = {
    "Id": "333333333333",
    "Name": "audit",
    "Email": "audit@example.com",
    "DelegationEnabledDate": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
}
ARGS = {"account_id": "333333333333", "service_principal": "config.amazonaws.com"}
BOTO3_ARGS = {"AccountId": "333333333333", "ServicePrincipal": "config.amazonaws.com"}
LIST = {"ServicePrincipal": "config.amazonaws.com"}


@pytest.fixture
def org(aws_client):
    return aws_client("organizations")


@pytest.fixture
def stub(org):
    return org[1]


@pytest.fixture
def run(run_module, org):
    def run_(args=None, **kw):
        return run_module(organizations_delegated_administrator.main, dict(ARGS, **(args or {})), client=org[0], **kw)

    return run_


def test_register(stub, run):
    stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": []}, LIST)
    stub.add_response("register_delegated_administrator", {}, BOTO3_ARGS)
    stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": [ADMIN]}, LIST)
    result = run(diff=True)
    assert result["changed"]
    assert result["delegated_administrator"] == {
        "account_id": "333333333333",
        "service_principal": "config.amazonaws.com",
        "name": "audit",
        "email": "audit@example.com",
        "delegation_enabled_date": "2024-01-01T00:00:00+00:00",
    }
    assert result["diff"]["before"] == {}


def test_noop(stub, run):
    other = dict(ADMIN, Id="444444444444")
    stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": [other, ADMIN]}, LIST)
    assert not run()["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": []}, LIST)
    result = run(check_mode=True)
    assert result["changed"] and result["delegated_administrator"]["account_id"] == "333333333333"


def test_deregister(stub, run):
    stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": [ADMIN]}, LIST)
    stub.add_response("deregister_delegated_administrator", {}, BOTO3_ARGS)
    result = run({"state": "absent"})
    assert result["changed"] and result["delegated_administrator"] == {}


def test_deregister_when_absent_is_a_noop(stub, run):
    stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": []}, LIST)
    assert not run({"state": "absent"})["changed"]


def test_aws_error_is_reported(stub, run):
    stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": []}, LIST)
    stub.add_client_error(
        "register_delegated_administrator",
        "ConstraintViolationException",
        "You cannot register master account/yourself as delegated administrator",
    )
    result = run()
    assert result["failed"] and "Failed to register delegated administrator" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [({"account_id": "33"}, "account_id must be 12 digits"), ({"service_principal": "config"}, "service_principal")],
)
def test_bad_input(run_module, args, message):
    result = run_module(organizations_delegated_administrator.main, dict(ARGS, **args))
    assert result["failed"] and message in result["msg"]
