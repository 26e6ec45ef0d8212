"""organizations_ou and organizations_ou_info driven through main() against a Stubber-validated client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import organizations_ou
from ansible_collections.prodgrade.aws.plugins.modules import organizations_ou_info

ORG = "o-exampleorg1"
ROOT = {"Id": "r-ab12", "Arn": f"arn:aws:organizations::111111111111:root/{ORG}/r-ab12", "Name": "Root"}
WORKLOADS_ID = "ou-ab12-11111111"
PROD_ID = "ou-ab12-22222222"


def ou(ou_id, name):
    return {"Id": ou_id, "Arn": f"arn:aws:organizations::111111111111:ou/{ORG}/{ou_id}", "Name": name}


WORKLOADS = ou(WORKLOADS_ID, "Workloads")
PROD = ou(PROD_ID, "Prod")


@pytest.fixture
def org(aws_client):
    return aws_client("organizations")


@pytest.fixture
def stub(org):
    return org[1]


@pytest.fixture
def run(run_module, org):
    def run_(args, main=organizations_ou.main, **kw):
        return run_module(main, args, client=org[0], **kw)

    return run_


def expect_root(stub, policy_types=None):
    stub.add_response("list_roots", {"Roots": [dict(ROOT, PolicyTypes=policy_types or [])]}, {})


def expect_children(stub, parent_id, *ous):
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": list(ous)}, {"ParentId": parent_id}
    )


def expect_tags(stub, resource_id, tags=None):
    tag_list = [{"Key": k, "Value": v} for k, v in (tags or {}).items()]
    stub.add_response("list_tags_for_resource", {"Tags": tag_list}, {"ResourceId": resource_id})


def expect_existing_prod(stub, tags=None):
    """Walk Root -> Workloads -> Prod, then read Prod's tags."""
    expect_root(stub)
    expect_children(stub, "r-ab12", WORKLOADS)
    expect_children(stub, WORKLOADS_ID, PROD)
    expect_tags(stub, PROD_ID, tags)


def test_create_with_parents(stub, run):
    expect_root(stub)
    expect_children(stub, "r-ab12")  # nothing: Workloads missing
    stub.add_response(
        "create_organizational_unit", {"OrganizationalUnit": WORKLOADS}, {"ParentId": "r-ab12", "Name": "Workloads"}
    )
    stub.add_response(
        "create_organizational_unit",
        {"OrganizationalUnit": PROD},
        {"ParentId": WORKLOADS_ID, "Name": "Prod", "Tags": [{"Key": "Owner", "Value": "platform"}]},
    )
    expect_tags(stub, PROD_ID, {"Owner": "platform"})
    result = run({"path": "Root/Workloads/Prod", "tags": {"Owner": "platform"}}, diff=True)
    assert result["changed"] and not result["failed"]
    assert result["created_parents"] == ["Workloads"]
    assert result["ou"] == {
        "id": PROD_ID,
        "arn": PROD["Arn"],
        "name": "Prod",
        "path": "Workloads/Prod",
        "parent_id": WORKLOADS_ID,
        "tags": {"Owner": "platform"},
    }
    assert result["diff"]["before"] == {} and result["diff"]["after"]["path"] == "Workloads/Prod"


def test_rerun_is_a_noop(stub, run):
    expect_existing_prod(stub, {"Owner": "platform"})
    result = run({"path": "Workloads/Prod", "tags": {"Owner": "platform"}})
    assert not result["changed"] and result["ou"]["id"] == PROD_ID and result["created_parents"] == []


def test_check_mode_create_makes_no_write_call(stub, run):
    expect_root(stub)
    expect_children(stub, "r-ab12")
    result = run({"path": "Workloads/Prod"}, check_mode=True)  # Stubber fails on any unexpected call
    assert result["changed"]
    assert result["created_parents"] == ["Workloads"]
    assert result["ou"] == {"name": "Prod", "path": "Workloads/Prod", "tags": {}}


def test_missing_parent_without_create_parents_fails(stub, run):
    expect_root(stub)
    expect_children(stub, "r-ab12")
    result = run({"path": "Workloads/Prod", "create_parents": False})
    assert result["failed"]
    assert "Parent OU 'Workloads' does not exist" in result["msg"] and "create_parents=true" in result["msg"]


def test_tags_updated(stub, run):
    expect_existing_prod(stub, {"Owner": "old", "gone": "x"})
    stub.add_response("untag_resource", {}, {"ResourceId": PROD_ID, "TagKeys": ["gone"]})
    stub.add_response("tag_resource", {}, {"ResourceId": PROD_ID, "Tags": [{"Key": "Owner", "Value": "platform"}]})
    expect_tags(stub, PROD_ID, {"Owner": "platform"})
    result = run({"path": "Workloads/Prod", "tags": {"Owner": "platform"}}, diff=True)
    assert result["changed"] and result["ou"]["tags"] == {"Owner": "platform"}
    assert result["diff"]["before"]["tags"] == {"Owner": "old", "gone": "x"}


def test_rename_by_id(stub, run):
    expect_root(stub)
    stub.add_response("describe_organizational_unit", {"OrganizationalUnit": PROD}, {"OrganizationalUnitId": PROD_ID})
    stub.add_response(
        "list_parents", {"Parents": [{"Id": WORKLOADS_ID, "Type": "ORGANIZATIONAL_UNIT"}]}, {"ChildId": PROD_ID}
    )
    stub.add_response(
        "describe_organizational_unit", {"OrganizationalUnit": WORKLOADS}, {"OrganizationalUnitId": WORKLOADS_ID}
    )
    stub.add_response("list_parents", {"Parents": [{"Id": "r-ab12", "Type": "ROOT"}]}, {"ChildId": WORKLOADS_ID})
    expect_tags(stub, PROD_ID)
    expect_children(stub, "r-ab12", WORKLOADS)  # check_rename: the parent path still exists
    expect_children(stub, WORKLOADS_ID, PROD)  # no sibling named Production
    stub.add_response(
        "update_organizational_unit",
        {"OrganizationalUnit": dict(PROD, Name="Production")},
        {"OrganizationalUnitId": PROD_ID, "Name": "Production"},
    )
    expect_tags(stub, PROD_ID)
    result = run({"path": "Workloads/Production", "ou_id": PROD_ID}, diff=True)
    assert result["changed"]
    assert result["ou"]["name"] == "Production" and result["ou"]["path"] == "Workloads/Production"
    assert result["diff"]["before"]["path"] == "Workloads/Prod"


def test_rename_to_another_parent_fails(stub, run):
    expect_root(stub)
    stub.add_response("describe_organizational_unit", {"OrganizationalUnit": PROD}, {"OrganizationalUnitId": PROD_ID})
    stub.add_response("list_parents", {"Parents": [{"Id": "r-ab12", "Type": "ROOT"}]}, {"ChildId": PROD_ID})
    expect_tags(stub, PROD_ID)
    expect_children(stub, "r-ab12", WORKLOADS, PROD)
    result = run({"path": "Workloads/Prod", "ou_id": PROD_ID})
    assert result["failed"] and "cannot move an OU to another parent" in result["msg"]


def test_delete_empty_ou(stub, run):
    expect_existing_prod(stub)
    expect_children(stub, PROD_ID)
    stub.add_response("list_accounts_for_parent", {"Accounts": []}, {"ParentId": PROD_ID})
    stub.add_response("delete_organizational_unit", {}, {"OrganizationalUnitId": PROD_ID})
    result = run({"path": "Workloads/Prod", "state": "absent"}, diff=True)
    assert result["changed"] and result["ou"] == {}
    assert result["diff"]["before"]["id"] == PROD_ID and result["diff"]["after"] == {}


def test_delete_in_check_mode_makes_no_write_call(stub, run):
    expect_existing_prod(stub)
    expect_children(stub, PROD_ID)
    stub.add_response("list_accounts_for_parent", {"Accounts": []}, {"ParentId": PROD_ID})
    result = run({"path": "Workloads/Prod", "state": "absent"}, check_mode=True)
    assert result["changed"]


def test_delete_non_empty_names_what_is_inside(stub, run):
    expect_existing_prod(stub)
    expect_children(stub, PROD_ID, ou("ou-ab12-33333333", "Apps"))
    account = {"Id": "222222222222", "Name": "prod", "Email": "prod@example.com", "Arn": "arn:x"}
    stub.add_response("list_accounts_for_parent", {"Accounts": [account]}, {"ParentId": PROD_ID})
    result = run({"path": "Workloads/Prod", "state": "absent"})
    assert result["failed"]
    assert "not empty" in result["msg"] and "OUs Apps" in result["msg"] and "222222222222 (prod)" in result["msg"]


def test_absent_when_missing_is_a_noop(stub, run):
    expect_root(stub)
    expect_children(stub, "r-ab12")
    result = run({"path": "Workloads/Prod", "state": "absent"})
    assert not result["changed"] and result["ou"] == {}


@pytest.mark.parametrize(
    "path, message",
    [("Workloads//Prod", "empty component"), ("Root", "not the root itself"), ("/", "not the root itself")],
)
def test_bad_path_fails_before_any_call(run_module, path, message):
    result = run_module(organizations_ou.main, {"path": path})  # no client: any API call would fail the test
    assert result["failed"] and message in result["msg"]


def test_info_whole_tree_sorted_by_path(stub, run):
    expect_root(stub, [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}])
    expect_children(stub, "r-ab12", WORKLOADS, ou("ou-ab12-44444444", "Security"))
    expect_children(stub, "ou-ab12-44444444")
    expect_children(stub, WORKLOADS_ID, PROD)
    expect_children(stub, PROD_ID)
    result = run({}, main=organizations_ou_info.main)
    assert not result["changed"]
    assert [o["path"] for o in result["ous"]] == ["Security", "Workloads", "Workloads/Prod"]
    assert result["ous_by_path"]["Workloads/Prod"]["parent_id"] == WORKLOADS_ID
    assert result["root"]["policy_types"] == [{"type": "SERVICE_CONTROL_POLICY", "status": "ENABLED"}]


def test_info_subtree(stub, run):
    expect_root(stub)
    expect_children(stub, "r-ab12", WORKLOADS)
    expect_children(stub, WORKLOADS_ID, PROD)
    expect_children(stub, PROD_ID)
    result = run({"path": "Workloads"}, main=organizations_ou_info.main)
    assert [o["path"] for o in result["ous"]] == ["Workloads", "Workloads/Prod"]


def test_check_mode_before_the_organization_exists(stub, run):
    stub.add_client_error("list_roots", "AWSOrganizationsNotInUseException", expected_params={})
    result = run({"path": "Workloads/Prod"}, check_mode=True)
    assert result["changed"] and result["created_parents"] == ["Workloads"]
    assert result["ou"]["path"] == "Workloads/Prod"


def test_outside_an_organization_fails_clearly(stub, run):
    stub.add_client_error("list_roots", "AWSOrganizationsNotInUseException", expected_params={})
    result = run({"path": "Workloads/Prod"})
    assert result["failed"] and "not the management account of an organization" in result["msg"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_absent_outside_an_organization_is_a_noop(stub, run, check_mode):
    stub.add_client_error("list_roots", "AWSOrganizationsNotInUseException", expected_params={})
    result = run({"path": "Workloads/Prod", "state": "absent"}, check_mode=check_mode)
    assert not result.get("failed") and not result["changed"] and result["ou"] == {}
