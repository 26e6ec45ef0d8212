"""IAM Access Analyzer (absent from moto): analyzers, tags, archive rules."""

import pytest

RULE = {"resourceType": {"eq": ["AWS::S3::Bucket"]}, "isPublic": {"eq": ["false"]}}


@pytest.fixture
def aa(client):
    return client("accessanalyzer")


def test_account_analyzer_lifecycle(aa):
    arn = aa.create_analyzer(analyzerName="baseline", type="ACCOUNT", tags={"a": "1"})["arn"]
    assert arn == "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/baseline"
    with pytest.raises(aa.exceptions.ConflictException):
        aa.create_analyzer(analyzerName="baseline", type="ACCOUNT")
    analyzer = aa.get_analyzer(analyzerName="baseline")["analyzer"]
    assert (analyzer["type"], analyzer["status"], analyzer["tags"]) == ("ACCOUNT", "ACTIVE", {"a": "1"})
    aa.tag_resource(resourceArn=arn, tags={"b": "2"})
    aa.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert aa.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert [a["name"] for a in aa.list_analyzers(type="ACCOUNT")["analyzers"]] == ["baseline"]
    assert aa.list_analyzers(type="ORGANIZATION")["analyzers"] == []
    aa.delete_analyzer(analyzerName="baseline")
    with pytest.raises(aa.exceptions.ResourceNotFoundException):
        aa.get_analyzer(analyzerName="baseline")


def test_organization_analyzer_needs_an_organization(client, aa):
    with pytest.raises(aa.exceptions.ValidationException):
        aa.create_analyzer(analyzerName="org", type="ORGANIZATION")
    client("organizations").create_organization(FeatureSet="ALL")
    aa.create_analyzer(analyzerName="org", type="ORGANIZATION")


def test_archive_rules(aa):
    aa.create_analyzer(
        analyzerName="baseline", type="ACCOUNT", archiveRules=[{"ruleName": "private-buckets", "filter": RULE}]
    )
    aa.create_archive_rule(analyzerName="baseline", ruleName="other", filter={"isPublic": {"eq": ["false"]}})
    aa.update_archive_rule(analyzerName="baseline", ruleName="other", filter={"isPublic": {"eq": ["true"]}})
    rules = {r["ruleName"]: r for r in aa.list_archive_rules(analyzerName="baseline")["archiveRules"]}
    assert rules["private-buckets"]["filter"] == RULE
    assert rules["other"]["filter"] == {"isPublic": {"eq": ["true"]}}
    aa.delete_archive_rule(analyzerName="baseline", ruleName="other")
    with pytest.raises(aa.exceptions.ResourceNotFoundException):
        aa.get_archive_rule(analyzerName="baseline", ruleName="other")
