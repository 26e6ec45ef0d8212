"""organizations_account and organizations_account_info driven through main() against a Stubber client."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import organizations_account
from ansible_collections.prodgrade.aws.plugins.modules import organizations_account_info

ROOT = {"Id": "r-ab12", "Arn": "arn:aws:organizations::111111111111:root/o-exampleorg1/r-ab12", "Name": "Root"}
WORKLOADS = {"Id": "ou-ab12-11111111", "Arn": "arn:aws:organizations::111111111111:ou/w", "Name": "Workloads"}
PROD = {"Id": "ou-ab12-22222222", "Arn": "arn:aws:organizations::111111111111:ou/p", "Name": "Prod"}
DEV = {"Id": "ou-ab12-33333333", "Arn": "arn:aws:organizations::111111111111:ou/d", "Name": "Dev"}
ACCOUNT_ID = "222222222222"
ACCOUNT = {
    "Id": ACCOUNT_ID,
    "Arn": f"arn:aws:organizations::111111111111:account/o-exampleorg1/{ACCOUNT_ID}",
    "Email": "prod@example.com",
    "Name": "prod",
    "Status": "ACTIVE",
    "State": "ACTIVE",
    "JoinedMethod": "CREATED",
    "JoinedTimestamp": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
}
MGMT = dict(ACCOUNT, Id="111111111111", Email="mgmt@example.com", Name="mgmt")
ARGS = {"name": "prod", "email": "Prod@Example.com", "ou_path": "Workloads/Prod", "tags": {"Env": "prod"}}
STATUS = {"Id": "car-abcdefgh", "AccountName": "prod", "State": "IN_PROGRESS"}


@pytest.fixture
def org(aws_client):
    return aws_client("organizations")


@pytest.fixture
def stub(org):
    return org[1]


@pytest.fixture
def run(run_module, org):
    def run_(args, main=organizations_account.main, **kw):
        return run_module(main, args, client=org[0], **kw)

    return run_


def expect_accounts(stub, *accounts):
    stub.add_response("list_accounts", {"Accounts": [MGMT] + list(accounts)}, {})


def expect_parent(stub, child_id, parent):
    parent_type = "ROOT" if parent["Id"].startswith("r-") else "ORGANIZATIONAL_UNIT"
    stub.add_response("list_parents", {"Parents": [{"Id": parent["Id"], "Type": parent_type}]}, {"ChildId": child_id})


def expect_tags(stub, resource_id, tags=None):
    tag_list = [{"Key": k, "Value": v} for k, v in (tags or {}).items()]
    stub.add_response("list_tags_for_resource", {"Tags": tag_list}, {"ResourceId": resource_id})


def expect_ou_path(stub, parent=None):
    """OU by id -> its path: DescribeOrganizationalUnit + ListParents up to the root."""
    parent = parent or PROD
    stub.add_response(
        "describe_organizational_unit", {"OrganizationalUnit": parent}, {"OrganizationalUnitId": parent["Id"]}
    )
    expect_parent(stub, parent["Id"], WORKLOADS)
    stub.add_response(
        "describe_organizational_unit", {"OrganizationalUnit": WORKLOADS}, {"OrganizationalUnitId": WORKLOADS["Id"]}
    )
    expect_parent(stub, WORKLOADS["Id"], ROOT)


def expect_view(stub, parent=None, tags=None, ou_path=True):
    """account_view: parent, its path (unless the root or already cached), tags."""
    parent = parent or PROD
    expect_parent(stub, ACCOUNT_ID, parent)
    if ou_path and parent is not ROOT:
        expect_ou_path(stub, parent)
    expect_tags(stub, ACCOUNT_ID, tags)


def expect_find_prod_path(stub):
    stub.add_response("list_roots", {"Roots": [ROOT]}, {})
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": [WORKLOADS]}, {"ParentId": "r-ab12"}
    )
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": [PROD, DEV]}, {"ParentId": WORKLOADS["Id"]}
    )


def test_found_by_email_case_insensitively_no_create(stub, run):
    expect_accounts(stub, ACCOUNT)
    expect_view(stub, tags={"Env": "prod"})
    expect_find_prod_path(stub)
    result = run(ARGS)  # no create_account stubbed: creating would fail the test
    assert not result["changed"] and not result["failed"]
    assert result["account"]["id"] == ACCOUNT_ID and result["account"]["ou_path"] == "Workloads/Prod"


def test_create_waits_and_moves_into_its_ou(stub, run, sleeps):
    expect_accounts(stub)
    expect_find_prod_path(stub)
    stub.add_response("list_create_account_status", {"CreateAccountStatuses": []}, {"States": ["IN_PROGRESS"]})
    stub.add_response(
        "create_account",
        {"CreateAccountStatus": STATUS},
        {
            "Email": "Prod@Example.com",
            "AccountName": "prod",
            "RoleName": "OrganizationAccountAccessRole",
            "IamUserAccessToBilling": "DENY",
            "Tags": [{"Key": "Env", "Value": "prod"}],
        },
    )
    stub.add_response(
        "describe_create_account_status", {"CreateAccountStatus": STATUS}, {"CreateAccountRequestId": "car-abcdefgh"}
    )
    done = dict(STATUS, State="SUCCEEDED", AccountId=ACCOUNT_ID)
    stub.add_response(
        "describe_create_account_status", {"CreateAccountStatus": done}, {"CreateAccountRequestId": "car-abcdefgh"}
    )
    stub.add_response("describe_account", {"Account": ACCOUNT}, {"AccountId": ACCOUNT_ID})
    expect_view(stub, parent=ROOT, tags={"Env": "prod"})
    stub.add_response(
        "move_account", {}, {"AccountId": ACCOUNT_ID, "SourceParentId": "r-ab12", "DestinationParentId": PROD["Id"]}
    )
    stub.add_response("describe_account", {"Account": ACCOUNT}, {"AccountId": ACCOUNT_ID})
    expect_view(stub, tags={"Env": "prod"})
    result = run(dict(ARGS, iam_user_access_to_billing="DENY"), diff=True)
    assert result["changed"]
    assert result["account"]["parent_id"] == PROD["Id"] and result["account"]["ou_path"] == "Workloads/Prod"
    assert result["create_account_status"]["state"] == "SUCCEEDED"
    assert sleeps == [10]  # polled once more after IN_PROGRESS
    assert result["diff"]["before"] == {}


def test_create_failure_reports_the_reason(stub, run):
    expect_accounts(stub)
    expect_find_prod_path(stub)
    stub.add_response("list_create_account_status", {"CreateAccountStatuses": []}, {"States": ["IN_PROGRESS"]})
    stub.add_response("create_account", {"CreateAccountStatus": STATUS}, None)
    failed = dict(STATUS, State="FAILED", FailureReason="EMAIL_ALREADY_EXISTS")
    stub.add_response(
        "describe_create_account_status", {"CreateAccountStatus": failed}, {"CreateAccountRequestId": "car-abcdefgh"}
    )
    result = run(ARGS)
    assert result["failed"]
    assert result["msg"] == "Account creation car-abcdefgh for prod failed: EMAIL_ALREADY_EXISTS"
    assert result["create_account_status"]["failure_reason"] == "EMAIL_ALREADY_EXISTS"


def test_pending_creation_is_waited_on_not_repeated(stub, run):
    expect_accounts(stub)
    stub.add_response("list_create_account_status", {"CreateAccountStatuses": [STATUS]}, {"States": ["IN_PROGRESS"]})
    stub.add_response(
        "describe_create_account_status", {"CreateAccountStatus": STATUS}, {"CreateAccountRequestId": "car-abcdefgh"}
    )
    result = run({"name": "prod", "email": "prod@example.com", "wait_timeout": 0})
    assert result["failed"] and "Timed out after 0s waiting for account creation car-abcdefgh" in result["msg"]


def test_no_wait_returns_the_request(stub, run):
    expect_accounts(stub)
    stub.add_response("list_create_account_status", {"CreateAccountStatuses": []}, {"States": ["IN_PROGRESS"]})
    stub.add_response("create_account", {"CreateAccountStatus": STATUS}, None)
    result = run({"name": "prod", "email": "prod@example.com", "wait": False})
    assert result["changed"] and result["account"]["status"] == "IN_PROGRESS"
    assert result["create_account_status"]["id"] == "car-abcdefgh"


def test_check_mode_create_makes_no_write_call(stub, run):
    expect_accounts(stub)
    expect_find_prod_path(stub)
    result = run(ARGS, check_mode=True)
    assert result["changed"]
    assert result["account"]["ou_path"] == "Workloads/Prod" and result["account"]["parent_id"] == PROD["Id"]
    assert "id" not in result["account"]


def test_moved_back_when_moved_by_hand(stub, run):
    expect_accounts(stub, ACCOUNT)
    expect_view(stub, parent=DEV, tags={"Env": "prod"})
    expect_find_prod_path(stub)
    stub.add_response(
        "move_account", {}, {"AccountId": ACCOUNT_ID, "SourceParentId": DEV["Id"], "DestinationParentId": PROD["Id"]}
    )
    stub.add_response("describe_account", {"Account": ACCOUNT}, {"AccountId": ACCOUNT_ID})
    expect_view(stub, tags={"Env": "prod"})
    result = run(ARGS, diff=True)
    assert result["changed"]
    assert (
        result["diff"]["before"]["ou_path"] == "Workloads/Dev"
        and result["diff"]["after"]["ou_path"] == "Workloads/Prod"
    )


def test_move_in_check_mode_makes_no_write_call(stub, run):
    expect_accounts(stub, ACCOUNT)
    expect_view(stub, parent=DEV, tags={"Env": "prod"})
    expect_find_prod_path(stub)
    result = run(ARGS, check_mode=True)
    assert result["changed"] and result["account"]["parent_id"] == PROD["Id"]


def test_tags_and_rename_warning(stub, run):
    expect_accounts(stub, ACCOUNT)
    expect_view(stub, tags={"Env": "old"})
    stub.add_response("tag_resource", {}, {"ResourceId": ACCOUNT_ID, "Tags": [{"Key": "Env", "Value": "prod"}]})
    stub.add_response("describe_account", {"Account": ACCOUNT}, {"AccountId": ACCOUNT_ID})
    expect_view(stub, tags={"Env": "prod"})
    result = run({"name": "production", "email": "prod@example.com", "tags": {"Env": "prod"}})
    assert result["changed"] and result["account"]["tags"] == {"Env": "prod"}
    assert any("cannot rename an account" in w for w in result.get("warnings", []))


def test_missing_ou_fails_before_creating(stub, run):
    expect_accounts(stub)
    stub.add_response("list_roots", {"Roots": [ROOT]}, {})
    stub.add_response("list_organizational_units_for_parent", {"OrganizationalUnits": []}, {"ParentId": "r-ab12"})
    result = run(ARGS)
    assert result["failed"] and "ou_path 'Workloads/Prod': no organizational unit at that path" in result["msg"]


def test_close_requires_the_flag(run_module):
    result = run_module(organizations_account.main, {"email": "prod@example.com", "state": "absent"})
    assert result["failed"] and "set close=true to confirm" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"email": "not-an-email"}, "email must be an email address"),
        ({"account_id": "1234"}, "account_id must be 12 digits"),
        ({"email": "a@example.com", "parent_id": "Workloads"}, "parent_id must be Root"),
        ({"email": "a@example.com", "ou_path": "A//B"}, "ou_path: OU path 'A//B' has an empty component"),
    ],
)
def test_bad_input(run_module, args, message):
    result = run_module(organizations_account.main, args)
    assert result["failed"] and message in result["msg"]


def test_close(stub, run):
    expect_accounts(stub, ACCOUNT)
    expect_view(stub)
    stub.add_response(
        "describe_organization", {"Organization": {"Id": "o-exampleorg1", "MasterAccountId": "111111111111"}}, {}
    )
    stub.add_response("close_account", {}, {"AccountId": ACCOUNT_ID})
    result = run({"email": "prod@example.com", "close": True, "state": "absent"}, diff=True)
    assert result["changed"] and result["account"]["status"] == "PENDING_CLOSURE"


def test_close_in_check_mode_makes_no_write_call(stub, run):
    expect_accounts(stub, ACCOUNT)
    expect_view(stub)
    stub.add_response(
        "describe_organization", {"Organization": {"Id": "o-exampleorg1", "MasterAccountId": "111111111111"}}, {}
    )
    assert run({"email": "prod@example.com", "close": True, "state": "absent"}, check_mode=True)["changed"]


def test_closed_account_is_a_noop(stub, run):
    expect_accounts(stub, dict(ACCOUNT, Status="SUSPENDED", State="SUSPENDED"))
    expect_view(stub)
    result = run({"email": "prod@example.com", "close": True, "state": "absent"}, diff=True)
    assert not result["changed"] and result["account"]["status"] == "SUSPENDED"
    assert result["diff"]["before"] == result["diff"]["after"] == result["account"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_management_account_cannot_be_closed(stub, run, check_mode):
    stub.add_response("describe_account", {"Account": MGMT}, {"AccountId": "111111111111"})
    stub.add_response("list_parents", {"Parents": [{"Id": "r-ab12", "Type": "ROOT"}]}, {"ChildId": "111111111111"})
    expect_tags(stub, "111111111111")
    stub.add_response(
        "describe_organization", {"Organization": {"Id": "o-exampleorg1", "MasterAccountId": "111111111111"}}, {}
    )
    result = run({"account_id": "111111111111", "close": True, "state": "absent"}, check_mode=check_mode)
    assert result["failed"] and "is the management account" in result["msg"]


def test_info_filters_by_email_and_ou(stub, run):
    expect_accounts(stub, ACCOUNT, dict(ACCOUNT, Id="333333333333", Email="dev@example.com", Name="dev"))
    expect_view(stub)
    result = run({"email": "PROD@example.com"}, main=organizations_account_info.main)
    assert [a["id"] for a in result["accounts"]] == [ACCOUNT_ID] and result["accounts"][0][
        "ou_path"
    ] == "Workloads/Prod"

    expect_find_prod_path(stub)
    stub.add_response("list_accounts_for_parent", {"Accounts": [ACCOUNT]}, {"ParentId": PROD["Id"]})
    expect_view(stub, ou_path=False)  # Workloads/Prod is known from the path lookup
    result = run({"ou_path": "Workloads/Prod"}, main=organizations_account_info.main)
    assert [a["ou_path"] for a in result["accounts"]] == ["Workloads/Prod"]
