"""Organizations helpers: paths, target kinds, retries/pagination, the account-creation waiter, the resolver."""

import pytest

from ansible_collections.prodgrade.aws.plugins.module_utils import organizations as orgs

ROOT = {"Id": "r-ab12", "Arn": "arn:aws:organizations::111111111111:root/o-exampleorg1/r-ab12", "Name": "Root"}


@pytest.fixture
def org(aws_client):
    return aws_client("organizations")


@pytest.mark.parametrize(
    "path, parts",
    [
        ("Workloads/Prod", ["Workloads", "Prod"]),
        ("Root/Workloads/Prod/", ["Workloads", "Prod"]),
        ("/Security", ["Security"]),
        (" Root ", []),
        ("", []),
        (None, []),
        ("Workloads / Prod", ["Workloads", "Prod"]),
    ],
)
def test_split_path(path, parts):
    assert orgs.split_path(path) == parts


def test_split_path_rejects_empty_components():
    with pytest.raises(ValueError, match="empty component"):
        orgs.split_path("Workloads//Prod")


@pytest.mark.parametrize(
    "target, kind",
    [
        ("Root", "ROOT"),
        ("r-ab12", "ROOT"),
        ("ou-ab12-34cd56ef", "ORGANIZATIONAL_UNIT"),
        ("123456789012", "ACCOUNT"),
        ("Workloads/Prod", "PATH"),
        ("Security", "PATH"),
        ("12345", "PATH"),
    ],
)
def test_target_kind(target, kind):
    assert orgs.target_kind(target) == kind


def test_list_retries_a_conflict_and_paginates(org, sleeps):
    client, stub = org
    stub.add_client_error("list_accounts", "ConcurrentModificationException", "try again", expected_params={})
    stub.add_response("list_accounts", {"Accounts": [{"Id": "111111111111"}], "NextToken": "t"}, {})
    stub.add_response("list_accounts", {"Accounts": [{"Id": "222222222222"}]}, {"NextToken": "t"})
    assert [a["Id"] for a in orgs.list_accounts(client)] == ["111111111111", "222222222222"]
    assert len(sleeps) == 1


def test_concurrent_modification_is_retried(org, sleeps):
    client, stub = org
    stub.add_client_error("attach_policy", "ConcurrentModificationException", "try again")
    stub.add_response("attach_policy", {}, {"PolicyId": "p-abcdefgh", "TargetId": "r-ab12"})
    assert orgs.attach_policy(client, "p-abcdefgh", "r-ab12") and len(sleeps) == 1


def test_not_found_reads_return_none(org):
    client, stub = org
    stub.add_client_error("describe_organization", "AWSOrganizationsNotInUseException")
    stub.add_client_error("describe_account", "AccountNotFoundException")
    assert orgs.describe_organization(client) is None
    assert orgs.describe_account(client, "123456789012") is None


def test_other_errors_raise(org):
    client, stub = org
    stub.add_client_error("create_policy", "MalformedPolicyDocumentException", "bad")
    with pytest.raises(orgs.AnsibleOrganizationsError, match="Failed to create policy"):
        orgs.create_policy(client, Content="{}", Description="", Name="n", Type="SERVICE_CONTROL_POLICY")


def test_detach_not_attached_is_false(org):
    client, stub = org
    stub.add_client_error("detach_policy", "PolicyNotAttachedException")
    assert orgs.detach_policy(client, "p-abcdefgh", "r-ab12") is False


def test_wait_for_account_creation_times_out_naming_the_request(org, sleeps, monkeypatch):
    client, stub = org
    clock = iter([0, 0, 31])
    monkeypatch.setattr(orgs.time, "time", lambda: next(clock))
    status = {"Id": "car-abcdefgh", "AccountName": "prod", "State": "IN_PROGRESS"}
    for attempt in (1, 2):
        assert attempt
        stub.add_response(
            "describe_create_account_status",
            {"CreateAccountStatus": status},
            {"CreateAccountRequestId": "car-abcdefgh"},
        )
    with pytest.raises(
        orgs.AnsibleOrganizationsError, match="Timed out after 30s .* car-abcdefgh .* still IN_PROGRESS"
    ):
        orgs.wait_for_account_creation(client, "car-abcdefgh", timeout=30, delay=5)
    assert sleeps == [5]


def test_desired_tags():
    assert orgs.desired_tags({"a": "1", "aws:x": "y"}, {"b": 2}, True) == {"aws:x": "y", "b": "2"}
    assert orgs.desired_tags({"a": "1"}, {"b": "2"}, False) == {"a": "1", "b": "2"}
    assert orgs.desired_tags({"a": "1"}, None, True) is None


def test_resolver_caches_children_and_resolves_targets(org):
    client, stub = org
    workloads = {"Id": "ou-ab12-11111111", "Arn": "arn:w", "Name": "Workloads"}
    prod = {"Id": "ou-ab12-22222222", "Arn": "arn:p", "Name": "Prod"}
    stub.add_response("list_roots", {"Roots": [ROOT]}, {})
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": [workloads]}, {"ParentId": "r-ab12"}
    )
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": [prod]}, {"ParentId": "ou-ab12-11111111"}
    )
    resolver = orgs.OrgResolver(client)
    assert resolver.resolve_target("Workloads/Prod")["target_id"] == "ou-ab12-22222222"
    # cached: no more calls for these
    assert resolver.resolve_target("ou-ab12-22222222")["label"] == "Workloads/Prod"
    assert resolver.resolve_target("Root/Workloads")["name"] == "Workloads"
    assert resolver.resolve_target("Root") == {"target_id": "r-ab12", "type": "ROOT", "name": "Root", "label": "Root"}
    stub.add_response(
        "list_organizational_units_for_parent", {"OrganizationalUnits": []}, {"ParentId": "ou-ab12-22222222"}
    )
    with pytest.raises(orgs.AnsibleOrganizationsError, match="no organizational unit at that path"):
        resolver.resolve_target("Workloads/Prod/Apps")
    assert resolver.resolve_target("Workloads/Prod/Apps", check_mode=True)["target_id"] is None
    with pytest.raises(orgs.AnsibleOrganizationsError, match="not this organization's root"):
        resolver.resolve_target("r-zz99")
