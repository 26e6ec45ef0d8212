"""Security Hub hub lifecycle, tags, org admin/configuration and control definitions as AWS serves them."""

import pytest

FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS12 = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
CIS3 = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0"
HUB = "arn:aws:securityhub:us-east-1:123456789012:hub/default"


@pytest.fixture
def sh(client):
    return client("securityhub")


def enabled(sh):
    return {s["StandardsArn"] for s in sh.get_enabled_standards()["StandardsSubscriptions"]}


def test_enable_default_standards_and_conflict(sh):
    sh.enable_security_hub(ControlFindingGenerator="STANDARD_CONTROL")  # EnableDefaultStandards defaults to true
    assert enabled(sh) == {FSBP, CIS12}
    assert sh.describe_hub()["ControlFindingGenerator"] == "STANDARD_CONTROL"
    with pytest.raises(sh.exceptions.ResourceConflictException):
        sh.enable_security_hub(EnableDefaultStandards=False)


def test_disable_drops_subscriptions(sh):
    sh.enable_security_hub(EnableDefaultStandards=True)
    sh.disable_security_hub()
    sh.enable_security_hub(EnableDefaultStandards=False)
    assert enabled(sh) == set()


def test_hub_tags(sh):
    sh.enable_security_hub(EnableDefaultStandards=False, Tags={"a": "1"})
    sh.tag_resource(ResourceArn=HUB, Tags={"b": "2"})
    sh.untag_resource(ResourceArn=HUB, TagKeys=["a"])
    assert sh.list_tags_for_resource(ResourceArn=HUB)["Tags"] == {"b": "2"}
    with pytest.raises(sh.exceptions.ResourceNotFoundException):
        sh.list_tags_for_resource(ResourceArn=HUB.replace("default", "other"))


def test_control_definitions_per_standard(sh):
    sh.enable_security_hub(EnableDefaultStandards=False)
    cis3 = {
        d["SecurityControlId"]
        for d in sh.list_security_control_definitions(StandardsArn=CIS3)["SecurityControlDefinitions"]
    }
    assert "EC2.7" in cis3 and "IAM.1" not in cis3
    everything = sh.list_security_control_definitions()["SecurityControlDefinitions"]
    assert len(everything) > len(cis3)


def test_org_admin_and_central_configuration(client):
    """moto wants OrganizationConfiguration.Status; AWS callers send ConfigurationType alone. One test: an
    organization makes moto's reset slow."""
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    account_id = org.create_account(AccountName="audit", Email="audit@example.com")["CreateAccountStatus"]["AccountId"]
    sh = client("securityhub")
    sh.enable_organization_admin_account(AdminAccountId=account_id)
    sh.disable_organization_admin_account(AdminAccountId=account_id)
    assert sh.list_organization_admin_accounts()["AdminAccounts"] == []
    with pytest.raises(sh.exceptions.InvalidInputException):
        sh.disable_organization_admin_account(AdminAccountId=account_id)
    with pytest.raises(sh.exceptions.InvalidInputException):  # not a member
        sh.enable_organization_admin_account(AdminAccountId="999999999999")

    sh.enable_organization_admin_account(AdminAccountId="123456789012")  # the management account as its own admin
    sh.update_organization_configuration(
        AutoEnable=False, AutoEnableStandards="NONE", OrganizationConfiguration={"ConfigurationType": "CENTRAL"}
    )
    config = sh.describe_organization_configuration()
    assert config["OrganizationConfiguration"] == {"ConfigurationType": "CENTRAL", "Status": "ENABLED"}


def test_configuration_policies_and_associations(sh):
    sh.enable_security_hub(EnableDefaultStandards=False)
    config = {
        "SecurityHub": {
            "ServiceEnabled": True,
            "EnabledStandardIdentifiers": [FSBP, CIS3],
            "SecurityControlsConfiguration": {"DisabledSecurityControlIdentifiers": ["IAM.6"]},
        }
    }
    policy = sh.create_configuration_policy(Name="baseline", ConfigurationPolicy=config, Tags={"a": "1"})
    assert sh.get_configuration_policy(Identifier=policy["Arn"])["ConfigurationPolicy"] == config
    assert sh.list_tags_for_resource(ResourceArn=policy["Arn"])["Tags"] == {"a": "1"}
    with pytest.raises(sh.exceptions.ResourceConflictException):
        sh.create_configuration_policy(Name="baseline", ConfigurationPolicy=config)
    with pytest.raises(sh.exceptions.InvalidInputException):  # neither enabled nor disabled control list
        sh.create_configuration_policy(Name="bad", ConfigurationPolicy={"SecurityHub": {"ServiceEnabled": True}})

    association = sh.start_configuration_policy_association(
        ConfigurationPolicyIdentifier=policy["Id"], Target={"OrganizationalUnitId": "ou-abcd-11111111"}
    )
    assert (association["TargetType"], association["AssociationStatus"]) == ("ORGANIZATIONAL_UNIT", "SUCCESS")
    listed = sh.list_configuration_policy_associations(Filters={"ConfigurationPolicyId": policy["Id"]})
    assert [a["TargetId"] for a in listed["ConfigurationPolicyAssociationSummaries"]] == ["ou-abcd-11111111"]
    with pytest.raises(sh.exceptions.ResourceConflictException):
        sh.delete_configuration_policy(Identifier=policy["Id"])

    sh.update_configuration_policy(Identifier=policy["Id"], Description="v2")
    assert sh.list_configuration_policies()["ConfigurationPolicySummaries"][0]["Description"] == "v2"
    sh.start_configuration_policy_disassociation(
        ConfigurationPolicyIdentifier=policy["Id"], Target={"OrganizationalUnitId": "ou-abcd-11111111"}
    )
    sh.delete_configuration_policy(Identifier=policy["Id"])
    assert sh.list_configuration_policies()["ConfigurationPolicySummaries"] == []
