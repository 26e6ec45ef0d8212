"""AWS Config organization conformance packs as AWS serves them."""

import pytest

TEMPLATE = "Resources:\n  Rule:\n    Type: AWS::Config::ConfigRule\n"


@pytest.fixture
def config(client):
    return client("config")


def test_needs_an_organization(config):
    with pytest.raises(config.exceptions.NoAvailableOrganizationException):
        config.put_organization_conformance_pack(OrganizationConformancePackName="cis", TemplateBody=TEMPLATE)


def test_template_body_put_describe_update_delete(client, config):
    client("organizations").create_organization(FeatureSet="ALL")
    params = [{"ParameterName": "MaxAge", "ParameterValue": "90"}]
    arn = config.put_organization_conformance_pack(
        OrganizationConformancePackName="cis",
        TemplateBody=TEMPLATE,
        ConformancePackInputParameters=params,
        ExcludedAccounts=["333333333333"],
    )["OrganizationConformancePackArn"]
    pack = config.describe_organization_conformance_packs()["OrganizationConformancePacks"][0]  # no names: all
    assert (pack["OrganizationConformancePackArn"], pack["ConformancePackInputParameters"]) == (arn, params)
    assert pack["ExcludedAccounts"] == ["333333333333"]
    status = config.describe_organization_conformance_pack_statuses()["OrganizationConformancePackStatuses"][0]
    assert status["Status"] == "CREATE_SUCCESSFUL"

    config.put_organization_conformance_pack(OrganizationConformancePackName="cis", TemplateBody=TEMPLATE)
    pack = config.describe_organization_conformance_packs(OrganizationConformancePackNames=["cis"])
    assert pack["OrganizationConformancePacks"][0]["ExcludedAccounts"] == []
    config.delete_organization_conformance_pack(OrganizationConformancePackName="cis")
    with pytest.raises(config.exceptions.NoSuchOrganizationConformancePackException):
        config.describe_organization_conformance_packs(OrganizationConformancePackNames=["cis"])


def test_unfiltered_describe_config_rules_pages_like_aws(config):
    """What prodgrade.aws.config_rules relies on: no names filter answers every rule of the region ([] in a region
    without any, no error), 25 a page with a NextToken, each rule with AWS's default EvaluationModes."""
    assert config.describe_config_rules()["ConfigRules"] == []
    for index in range(27):
        config.put_config_rule(
            ConfigRule={
                "ConfigRuleName": f"rule-{index:02d}",
                "Source": {"Owner": "AWS", "SourceIdentifier": "ENCRYPTED_VOLUMES"},
            }
        )
    first = config.describe_config_rules()
    assert len(first["ConfigRules"]) == 25 and first["NextToken"]
    second = config.describe_config_rules(NextToken=first["NextToken"])
    assert len(second["ConfigRules"]) == 2 and "NextToken" not in second
    rules = config.get_paginator("describe_config_rules").paginate().build_full_result()["ConfigRules"]
    assert sorted(r["ConfigRuleName"] for r in rules) == [f"rule-{i:02d}" for i in range(27)]
    assert all(r["EvaluationModes"] == [{"Mode": "DETECTIVE"}] and r["ConfigRuleState"] == "ACTIVE" for r in rules)
