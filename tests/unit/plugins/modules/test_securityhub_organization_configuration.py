"""securityhub_organization_configuration through main() against a Stubber-validated Security Hub client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import securityhub_organization_configuration as module

LOCAL = {
    "AutoEnable": True,
    "MemberAccountLimitReached": False,
    "AutoEnableStandards": "NONE",
    "OrganizationConfiguration": {"ConfigurationType": "LOCAL", "Status": "ENABLED"},
}
CENTRAL = {
    "AutoEnable": False,
    "MemberAccountLimitReached": False,
    "AutoEnableStandards": "NONE",
    "OrganizationConfiguration": {"ConfigurationType": "CENTRAL", "Status": "ENABLED"},
}


@pytest.fixture
def sh(aws_client):
    return aws_client("securityhub")


@pytest.fixture
def run(run_module, sh):
    return lambda args, **kw: run_module(module.main, args, client=sh[0], **kw)


def test_noop(sh, run):
    sh[1].add_response("describe_organization_configuration", LOCAL, {})
    result = run({"auto_enable": True, "auto_enable_standards": "NONE", "configuration_type": "LOCAL"})
    assert not result["changed"] and result["organization_configuration"]["auto_enable"] is True


def test_switch_to_central(sh, run):
    sh[1].add_response("describe_organization_configuration", LOCAL, {})
    sh[1].add_response(
        "update_organization_configuration",
        {},
        {
            "AutoEnable": False,
            "AutoEnableStandards": "NONE",
            "OrganizationConfiguration": {"ConfigurationType": "CENTRAL"},
        },
    )
    sh[1].add_response("describe_organization_configuration", CENTRAL, {})
    result = run({"auto_enable": False, "auto_enable_standards": "NONE", "configuration_type": "CENTRAL"}, diff=True)
    assert result["changed"]
    assert result["diff"]["before"]["organization_configuration"]["configuration_type"] == "LOCAL"
    assert result["organization_configuration"]["organization_configuration"]["configuration_type"] == "CENTRAL"


def test_auto_enable_unset_sends_the_current_value(sh, run):
    sh[1].add_response("describe_organization_configuration", LOCAL, {})
    sh[1].add_response("update_organization_configuration", {}, {"AutoEnable": True, "AutoEnableStandards": "DEFAULT"})
    sh[1].add_response("describe_organization_configuration", dict(LOCAL, AutoEnableStandards="DEFAULT"), {})
    assert run({"auto_enable_standards": "DEFAULT"})["changed"]


def test_check_mode_makes_no_write(sh, run):
    sh[1].add_response("describe_hub", {"HubArn": "arn:aws:securityhub:eu-west-1:222222222222:hub/default"}, {})
    sh[1].add_response("describe_organization_configuration", LOCAL, {})
    result = run({"auto_enable": False}, check_mode=True)
    assert result["changed"] and result["organization_configuration"]["auto_enable"] is False


def test_not_the_admin(sh, run):
    sh[1].add_client_error("describe_organization_configuration", "AccessDeniedException", "not the admin", 403)
    result = run({"auto_enable": True})
    assert result["failed"] and result["msg"].startswith("Failed to describe organization configuration")


@pytest.mark.parametrize(
    "args, message",
    [
        ({"configuration_type": "CENTRAL", "auto_enable_standards": "NONE"}, "requires auto_enable=false"),
        ({"configuration_type": "CENTRAL", "auto_enable": False}, "requires auto_enable_standards=NONE"),
        ({"configuration_type": "MIXED"}, "configuration_type"),
    ],
)
def test_bad_input(run_module, args, message):
    result = run_module(module.main, args)
    assert result["failed"] and message in result["msg"]


def test_check_mode_before_the_hub_exists_plans_everything_without_asking(sh, run):
    # AWS answers AccessDenied to DescribeOrganizationConfiguration in an account that is not the delegated
    # administrator yet: under --check on a new estate the plan is the whole configuration, and no error.
    sh[1].add_client_error("describe_hub", "InvalidAccessException", "not subscribed", 401)
    result = run(
        {"auto_enable": False, "auto_enable_standards": "NONE", "configuration_type": "CENTRAL"},
        check_mode=True,
        diff=True,
    )
    assert result["changed"]
    assert result["diff"]["before"] == {}
    assert result["organization_configuration"]["organization_configuration"] == {"configuration_type": "CENTRAL"}
    sh[1].assert_no_pending_responses()


def test_check_mode_with_a_hub_compares_as_usual(sh, run):
    sh[1].add_response("describe_hub", {"HubArn": "arn:aws:securityhub:eu-west-1:222222222222:hub/default"}, {})
    sh[1].add_response("describe_organization_configuration", LOCAL, {})
    result = run({"auto_enable": True, "auto_enable_standards": "NONE", "configuration_type": "LOCAL"}, check_mode=True)
    assert not result["changed"]
