"""config_organization_conformance_pack through main() against a Stubber-validated Config client."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import config_organization_conformance_pack as module

ARN = "arn:aws:config:us-east-1:123456789012:organization-conformance-pack/cis-abcdefgh"
AT = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
TEMPLATE = "Resources: {}\n"
PACK = {
    "OrganizationConformancePackName": "cis",
    "OrganizationConformancePackArn": ARN,
    "ConformancePackInputParameters": [{"ParameterName": "MaxAge", "ParameterValue": "90"}],
    "ExcludedAccounts": ["333333333333", "222222222222"],
    "LastUpdateTime": AT,
}
ARGS = {
    "name": "cis",
    "template_body": TEMPLATE,
    "input_parameters": {"MaxAge": 90},
    "excluded_accounts": ["222222222222", "333333333333"],
}
PUT = {
    "OrganizationConformancePackName": "cis",
    "TemplateBody": TEMPLATE,
    "ExcludedAccounts": ["222222222222", "333333333333"],
    "ConformancePackInputParameters": [{"ParameterName": "MaxAge", "ParameterValue": "90"}],
}


@pytest.fixture
def cfg(aws_client):
    return aws_client("config")


@pytest.fixture
def stub(cfg):
    return cfg[1]


@pytest.fixture
def run(run_module, cfg):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(module.main, merged, client=cfg[0], **kw)

    return run_


def expect_read(stub, pack="default", status="CREATE_SUCCESSFUL"):
    pack = PACK if pack == "default" else pack
    names = {"OrganizationConformancePackNames": ["cis"]}
    if pack is None:
        stub.add_client_error(
            "describe_organization_conformance_packs",
            "NoSuchOrganizationConformancePackException",
            "no",
            expected_params=names,
        )
        return
    stub.add_response("describe_organization_conformance_packs", {"OrganizationConformancePacks": [pack]}, names)
    statuses = [{"OrganizationConformancePackName": "cis", "Status": status, "LastUpdateTime": AT}]
    stub.add_response(
        "describe_organization_conformance_pack_statuses", {"OrganizationConformancePackStatuses": statuses}, names
    )


def test_create(stub, run):
    expect_read(stub, None)
    stub.add_response("put_organization_conformance_pack", {"OrganizationConformancePackArn": ARN}, PUT)
    expect_read(stub, status="CREATE_IN_PROGRESS")
    result = run(diff=True)
    pack = result["conformance_pack"]
    assert (
        result["changed"]
        and pack["organization_conformance_pack_arn"] == ARN
        and pack["status"] == "CREATE_IN_PROGRESS"
    )
    assert pack["input_parameters"] == {"MaxAge": "90"} and result["diff"]["before"] == {}


def test_noop_in_any_account_order(stub, run):
    expect_read(stub)
    assert not run()["changed"]


def test_update_resends_template_and_unset_values(stub, run):
    expect_read(stub, dict(PACK, ExcludedAccounts=[]))
    stub.add_response("put_organization_conformance_pack", {"OrganizationConformancePackArn": ARN}, PUT)
    expect_read(stub, status="UPDATE_SUCCESSFUL")
    result = run({"input_parameters": None}, diff=True)  # unset: the current value is re-sent
    assert result["changed"] and result["diff"]["before"]["excluded_accounts"] == []


def test_force_template_update(stub, run):
    expect_read(stub)
    stub.add_response("put_organization_conformance_pack", {"OrganizationConformancePackArn": ARN}, PUT)
    expect_read(stub, status="UPDATE_IN_PROGRESS")
    assert run({"force_template_update": True})["changed"]


def test_delete(stub, run):
    expect_read(stub)
    stub.add_response("delete_organization_conformance_pack", {}, {"OrganizationConformancePackName": "cis"})
    result = run({"state": "absent", "template_body": None})
    assert result["changed"] and result["conformance_pack"] == {}


def test_check_mode_makes_no_write(stub, run):
    expect_read(stub, None)
    result = run(check_mode=True)
    assert result["changed"] and result["conformance_pack"]["excluded_accounts"] == ["222222222222", "333333333333"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"template_body": None}, "requires template_body or template_s3_uri"),
        ({"name": "1cis"}, "name must be letters"),
        ({"template_body": None, "template_s3_uri": "https://b/k"}, "template_s3_uri must be s3://"),
        ({"delivery_s3_bucket": "ecia-config"}, "must start with awsconfigconforms"),
        ({"excluded_accounts": ["dev"]}, "excluded_accounts must be 12-digit"),
        ({"template_body": "x" * 51201}, "AWS takes at most 51200"),
    ],
)
def test_bad_input(run_module, args, message):
    merged = {k: v for k, v in dict(ARGS, **args).items() if v is not None}
    result = run_module(module.main, merged)
    assert result["failed"] and message in result["msg"]


def no_organization(stub):
    stub.add_client_error(
        "describe_organization_conformance_packs",
        "NoAvailableOrganizationException",
        "no organization",
        expected_params={"OrganizationConformancePackNames": ["cis"]},
    )


def test_check_mode_before_the_organization_exists_plans_the_pack(stub, run):
    no_organization(stub)
    result = run(check_mode=True, diff=True)
    assert result["changed"] and result["diff"]["before"] == {}
    assert result["conformance_pack"]["organization_conformance_pack_name"] == "cis"
    stub.assert_no_pending_responses()


def test_no_organization_outside_check_mode_fails(stub, run):
    no_organization(stub)
    result = run()
    assert result["failed"] and "no organization" in result["msg"]
