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
