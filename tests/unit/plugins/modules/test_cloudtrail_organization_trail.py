"""cloudtrail_organization_trail through main() against a Stubber-validated CloudTrail client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import cloudtrail_organization_trail as module

ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org"
TRAIL = {
    "Name": "org",
    "TrailARN": ARN,
    "S3BucketName": "logs",
    "IsMultiRegionTrail": True,
    "IsOrganizationTrail": False,
}


@pytest.fixture
def ct(aws_client):
    return aws_client("cloudtrail")


@pytest.fixture
def run(run_module, ct):
    return lambda args=None, **kw: run_module(module.main, dict({"name": "org"}, **(args or {})), client=ct[0], **kw)


def test_make_organization_trail(ct, run):
    ct[1].add_response("get_trail", {"Trail": TRAIL}, {"Name": "org"})
    ct[1].add_response(
        "update_trail", dict(TRAIL, IsOrganizationTrail=True), {"Name": "org", "IsOrganizationTrail": True}
    )
    result = run(diff=True)
    assert result["changed"] and result["trail"]["is_organization_trail"] is True
    assert result["diff"]["before"]["is_organization_trail"] is False and result["trail"]["trail_arn"] == ARN


def test_noop(ct, run):
    ct[1].add_response("get_trail", {"Trail": dict(TRAIL, IsOrganizationTrail=True)}, {"Name": "org"})
    assert not run()["changed"]


def test_back_to_account_trail(ct, run):
    ct[1].add_response("get_trail", {"Trail": dict(TRAIL, IsOrganizationTrail=True)}, {"Name": "org"})
    ct[1].add_response("update_trail", TRAIL, {"Name": "org", "IsOrganizationTrail": False})
    assert run({"is_organization_trail": False})["changed"]


def test_check_mode_makes_no_write(ct, run):
    ct[1].add_response("get_trail", {"Trail": TRAIL}, {"Name": "org"})
    result = run(check_mode=True)
    assert result["changed"] and result["trail"]["is_organization_trail"] is True


def test_missing_trail(ct, run):
    ct[1].add_client_error("get_trail", "TrailNotFoundException", "no", expected_params={"Name": "org"})
    result = run()
    assert result["failed"] and "create it first" in result["msg"]
    ct[1].add_client_error("get_trail", "TrailNotFoundException", "no", expected_params={"Name": "org"})
    assert run(check_mode=True)["changed"]


def test_not_management_account(ct, run):
    ct[1].add_response("get_trail", {"Trail": TRAIL}, {"Name": "org"})
    ct[1].add_client_error("update_trail", "NotOrganizationMasterAccountException", "not the management account")
    result = run()
    assert result["failed"] and result["msg"].startswith("Failed to update trail")


def test_bad_input(run_module):
    result = run_module(module.main, {"name": "org", "is_organization_trail": "maybe"})
    assert result["failed"] and "is_organization_trail" in result["msg"]
