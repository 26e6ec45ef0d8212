"""accessanalyzer_analyzer_info through main() against a Stubber-validated Access Analyzer client."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import accessanalyzer_analyzer_info

AT = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def analyzer(name, kind="ORGANIZATION"):
    arn = f"arn:aws:access-analyzer:us-east-1:123456789012:analyzer/{name}"
    return {"arn": arn, "name": name, "type": kind, "createdAt": AT, "status": "ACTIVE"}


def expect_describe(stub, name, kind="ORGANIZATION"):
    stub.add_response("get_analyzer", {"analyzer": analyzer(name, kind)}, {"analyzerName": name})
    stub.add_response("list_archive_rules", {"archiveRules": []}, {"analyzerName": name})


@pytest.fixture
def aa(aws_client):
    return aws_client("accessanalyzer")


def test_list_by_type_sorted(aa, run_module):
    client, stub = aa
    stub.add_response("list_analyzers", {"analyzers": [analyzer("b"), analyzer("a")]}, {"type": "ORGANIZATION"})
    expect_describe(stub, "a")
    expect_describe(stub, "b")
    result = run_module(accessanalyzer_analyzer_info.main, {"type": "ORGANIZATION"}, client=client)
    assert [a["name"] for a in result["analyzers"]] == ["a", "b"] and result["analyzers"][0]["archive_rules"] == []


def test_by_name_of_another_type(aa, run_module):
    client, stub = aa
    expect_describe(stub, "a", "ACCOUNT")
    result = run_module(accessanalyzer_analyzer_info.main, {"name": "a", "type": "ORGANIZATION"}, client=client)
    assert result["analyzers"] == []


def test_missing_name(aa, run_module):
    client, stub = aa
    stub.add_client_error("get_analyzer", "ResourceNotFoundException", "no", 404, expected_params={"analyzerName": "x"})
    assert run_module(accessanalyzer_analyzer_info.main, {"name": "x"}, client=client)["analyzers"] == []
