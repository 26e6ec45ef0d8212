"""GuardDuty detectors as AWS serves them: features merged by name, one detector per region, tags, org admin."""

import pytest


def _features(detector):
    return {f["Name"]: f for f in detector["Features"]}


@pytest.fixture
def gd(client):
    return client("guardduty")


def test_features_are_merged_by_name_and_all_reported(gd):
    detector = gd.create_detector(
        Enable=True, Features=[{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}], Tags={"Owner": "sec"}
    )["DetectorId"]
    gd.update_detector(
        DetectorId=detector,
        Features=[
            {
                "Name": "RUNTIME_MONITORING",
                "Status": "ENABLED",
                "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "ENABLED"}],
            }
        ],
    )
    got = gd.get_detector(DetectorId=detector)
    features = _features(got)
    assert features["S3_DATA_EVENTS"]["Status"] == "ENABLED"  # kept: not named by the update
    assert features["RUNTIME_MONITORING"]["AdditionalConfiguration"][0]["Status"] == "ENABLED"
    assert features["EBS_MALWARE_PROTECTION"]["Status"] == "DISABLED"
    assert features["CLOUD_TRAIL"]["Status"] == "ENABLED"
    assert got["DataSources"]["S3Logs"]["Status"] == "ENABLED"
    assert got["Tags"] == {"Owner": "sec"}

    gd.update_detector(DetectorId=detector, Enable=False, FindingPublishingFrequency="FIFTEEN_MINUTES")
    got = gd.get_detector(DetectorId=detector)
    assert (got["Status"], got["FindingPublishingFrequency"]) == ("DISABLED", "FIFTEEN_MINUTES")
    assert _features(got)["S3_DATA_EVENTS"]["Status"] == "ENABLED"


def test_legacy_data_sources_map_to_features(gd):
    detector = gd.create_detector(Enable=True, DataSources={"Kubernetes": {"AuditLogs": {"Enable": True}}})
    assert _features(gd.get_detector(DetectorId=detector["DetectorId"]))["EKS_AUDIT_LOGS"]["Status"] == "ENABLED"


def test_one_detector_per_region(gd):
    gd.create_detector(Enable=True)
    with pytest.raises(gd.exceptions.BadRequestException):
        gd.create_detector(Enable=True)


def test_detector_tags(gd):
    detector = gd.create_detector(Enable=True, Tags={"a": "1"})["DetectorId"]
    arn = f"arn:aws:guardduty:us-east-1:123456789012:detector/{detector}"
    gd.tag_resource(ResourceArn=arn, Tags={"b": "2"})
    gd.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert gd.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"b": "2"}
    assert gd.get_detector(DetectorId=detector)["Tags"] == {"b": "2"}
    with pytest.raises(gd.exceptions.BadRequestException):
        gd.tag_resource(ResourceArn=arn + "x", Tags={"c": "3"})


def test_one_org_admin_and_disable(gd):
    gd.enable_organization_admin_account(AdminAccountId="222222222222")
    gd.enable_organization_admin_account(AdminAccountId="222222222222")  # again: no duplicate
    assert gd.list_organization_admin_accounts()["AdminAccounts"] == [
        {"AdminAccountId": "222222222222", "AdminStatus": "ENABLED"}
    ]
    with pytest.raises(gd.exceptions.BadRequestException):
        gd.enable_organization_admin_account(AdminAccountId="333333333333")
    gd.disable_organization_admin_account(AdminAccountId="222222222222")
    assert gd.list_organization_admin_accounts()["AdminAccounts"] == []
    with pytest.raises(gd.exceptions.BadRequestException):
        gd.disable_organization_admin_account(AdminAccountId="222222222222")


def test_org_configuration_features_merge_deeply(gd):
    detector = gd.create_detector(Enable=True)["DetectorId"]
    extra = [{"Name": "EKS_ADDON_MANAGEMENT", "AutoEnable": "NEW"}]
    gd.update_organization_configuration(
        DetectorId=detector,
        AutoEnableOrganizationMembers="ALL",
        Features=[{"Name": "RUNTIME_MONITORING", "AutoEnable": "ALL", "AdditionalConfiguration": extra}],
    )
    gd.update_organization_configuration(
        DetectorId=detector,
        AutoEnableOrganizationMembers="ALL",
        Features=[
            {
                "Name": "RUNTIME_MONITORING",
                "AutoEnable": "NEW",
                "AdditionalConfiguration": [{"Name": "EC2_AGENT_MANAGEMENT", "AutoEnable": "ALL"}],
            }
        ],
    )
    runtime = gd.describe_organization_configuration(DetectorId=detector)["Features"][0]
    assert runtime["AutoEnable"] == "NEW"
    assert {c["Name"]: c["AutoEnable"] for c in runtime["AdditionalConfiguration"]} == {
        "EKS_ADDON_MANAGEMENT": "NEW",
        "EC2_AGENT_MANAGEMENT": "ALL",
    }
