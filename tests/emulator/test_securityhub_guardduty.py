"""Security Hub standards/hub gaps and GuardDuty publishing destinations."""

import pytest

FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS12 = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
CIS3 = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0"


@pytest.fixture
def hub(client):
    sh = client("securityhub")
    sh.enable_security_hub(EnableDefaultStandards=False)
    return sh


def test_standards_need_the_hub(client):
    sh = client("securityhub")
    with pytest.raises(sh.exceptions.InvalidAccessException):
        sh.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": FSBP}])


def test_describe_standards_catalog(hub):
    arns = {s["StandardsArn"] for s in hub.describe_standards()["Standards"]}
    assert {FSBP, CIS12, CIS3} <= arns
    assert any("nist-800-53" in a for a in arns) and any("pci-dss/v/3.2.1" in a for a in arns)


def test_enable_and_disable_standards(hub):
    subs = hub.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": FSBP}, {"StandardsArn": CIS12}])
    by_arn = {s["StandardsArn"]: s for s in subs["StandardsSubscriptions"]}
    assert by_arn[FSBP]["StandardsSubscriptionArn"] == (
        "arn:aws:securityhub:us-east-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0"
    )
    assert {s["StandardsStatus"] for s in by_arn.values()} == {"READY"}
    assert len(hub.get_enabled_standards()["StandardsSubscriptions"]) == 2

    hub.batch_disable_standards(StandardsSubscriptionArns=[by_arn[CIS12]["StandardsSubscriptionArn"]])
    assert [s["StandardsArn"] for s in hub.get_enabled_standards()["StandardsSubscriptions"]] == [FSBP]
    with pytest.raises(hub.exceptions.InvalidInputException):
        hub.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": FSBP + "x"}])


def test_standards_controls(hub):
    sub = hub.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": FSBP}])["StandardsSubscriptions"][
        0
    ]
    controls = hub.describe_standards_controls(StandardsSubscriptionArn=sub["StandardsSubscriptionArn"])["Controls"]
    iam1 = next(c for c in controls if c["ControlId"] == "IAM.1")
    assert {"IAM.6", "S3.8", "CloudTrail.2", "Config.1", "GuardDuty.1"} <= {c["ControlId"] for c in controls}

    hub.update_standards_control(
        StandardsControlArn=iam1["StandardsControlArn"],
        ControlStatus="DISABLED",
        DisabledReason="Managed centrally",
    )
    controls = hub.describe_standards_controls(StandardsSubscriptionArn=sub["StandardsSubscriptionArn"])["Controls"]
    iam1 = next(c for c in controls if c["ControlId"] == "IAM.1")
    assert (iam1["ControlStatus"], iam1["DisabledReason"]) == (
        "DISABLED",
        "Managed centrally",
    )


def test_control_associations(hub):
    hub.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": FSBP}, {"StandardsArn": CIS3}])
    result = hub.batch_update_standards_control_associations(
        StandardsControlAssociationUpdates=[
            {
                "StandardsArn": FSBP,
                "SecurityControlId": "S3.1",
                "AssociationStatus": "DISABLED",
                "UpdatedReason": "n/a",
            },
            {
                "StandardsArn": FSBP,
                "SecurityControlId": "IAM.2",
                "AssociationStatus": "DISABLED",
            },  # no reason
            {
                "StandardsArn": FSBP,
                "SecurityControlId": "KMS.4",
                "AssociationStatus": "DISABLED",
                "UpdatedReason": "x",
            },
        ]
    )
    codes = {
        u["StandardsControlAssociationUpdate"]["SecurityControlId"]: u["ErrorCode"]
        for u in result["UnprocessedAssociationUpdates"]
    }
    assert codes == {
        "IAM.2": "INVALID_INPUT",
        "KMS.4": "NOT_FOUND",
    }  # KMS.4 isn't in FSBP

    got = hub.batch_get_standards_control_associations(
        StandardsControlAssociationIds=[
            {"StandardsArn": FSBP, "SecurityControlId": "S3.1"},
            {"StandardsArn": CIS3, "SecurityControlId": "S3.1"},
        ]
    )
    status = {d["StandardsArn"]: d["AssociationStatus"] for d in got["StandardsControlAssociationDetails"]}
    assert status == {FSBP: "DISABLED", CIS3: "ENABLED"}
    summaries = hub.list_standards_control_associations(SecurityControlId="S3.1")[
        "StandardsControlAssociationSummaries"
    ]
    assert {s["StandardsArn"] for s in summaries} == {FSBP, CIS3}


def test_hub_configuration_products_and_aggregators(hub):
    hub.update_security_hub_configuration(AutoEnableControls=False, ControlFindingGenerator="STANDARD_CONTROL")
    described = hub.describe_hub()
    assert (described["AutoEnableControls"], described["ControlFindingGenerator"]) == (
        False,
        "STANDARD_CONTROL",
    )

    product = "arn:aws:securityhub:us-east-1::product/aws/guardduty"
    sub_arn = hub.enable_import_findings_for_product(ProductArn=product)["ProductSubscriptionArn"]
    assert hub.list_enabled_products_for_import()["ProductSubscriptions"] == [sub_arn]
    with pytest.raises(hub.exceptions.ResourceConflictException):
        hub.enable_import_findings_for_product(ProductArn=product)

    arn = hub.create_finding_aggregator(RegionLinkingMode="ALL_REGIONS")["FindingAggregatorArn"]
    hub.update_finding_aggregator(
        FindingAggregatorArn=arn,
        RegionLinkingMode="SPECIFIED_REGIONS",
        Regions=["eu-west-1"],
    )
    assert hub.get_finding_aggregator(FindingAggregatorArn=arn)["Regions"] == ["eu-west-1"]
    assert hub.list_finding_aggregators()["FindingAggregators"] == [{"FindingAggregatorArn": arn}]
    hub.delete_finding_aggregator(FindingAggregatorArn=arn)
    assert hub.list_finding_aggregators()["FindingAggregators"] == []


def test_securityhub_org_admin_listed(client):
    client("organizations").create_organization(FeatureSet="ALL")
    member = client("organizations").create_account(AccountName="audit", Email="audit@example.com")
    account_id = member["CreateAccountStatus"]["AccountId"]
    sh = client("securityhub")
    sh.enable_organization_admin_account(AdminAccountId=account_id)
    assert sh.list_organization_admin_accounts()["AdminAccounts"] == [{"AccountId": account_id, "Status": "ENABLED"}]


DEST = {
    "DestinationArn": "arn:aws:s3:::findings-bucket",
    "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k1",
}


def test_guardduty_publishing_destinations(client):
    gd = client("guardduty")
    detector = gd.create_detector(Enable=True)["DetectorId"]
    dest_id = gd.create_publishing_destination(DetectorId=detector, DestinationType="S3", DestinationProperties=DEST)[
        "DestinationId"
    ]
    described = gd.describe_publishing_destination(DetectorId=detector, DestinationId=dest_id)
    assert (described["Status"], described["DestinationProperties"]) == (
        "PUBLISHING",
        DEST,
    )

    gd.update_publishing_destination(
        DetectorId=detector,
        DestinationId=dest_id,
        DestinationProperties={"DestinationArn": "arn:aws:s3:::other"},
    )
    assert (
        gd.describe_publishing_destination(DetectorId=detector, DestinationId=dest_id)["DestinationProperties"][
            "DestinationArn"
        ]
        == "arn:aws:s3:::other"
    )
    assert [d["DestinationId"] for d in gd.list_publishing_destinations(DetectorId=detector)["Destinations"]] == [
        dest_id
    ]
    gd.delete_publishing_destination(DetectorId=detector, DestinationId=dest_id)
    assert gd.list_publishing_destinations(DetectorId=detector)["Destinations"] == []


def test_guardduty_unknown_detector_is_bad_request(client):
    gd = client("guardduty")
    with pytest.raises(gd.exceptions.BadRequestException):
        gd.create_publishing_destination(DetectorId="0" * 32, DestinationType="S3", DestinationProperties=DEST)


def test_guardduty_organization_configuration(client):
    gd = client("guardduty")
    detector = gd.create_detector(Enable=True)["DetectorId"]
    assert gd.describe_organization_configuration(DetectorId=detector)["AutoEnableOrganizationMembers"] == "NONE"
    gd.update_organization_configuration(
        DetectorId=detector,
        AutoEnableOrganizationMembers="ALL",
        Features=[{"Name": "S3_DATA_EVENTS", "AutoEnable": "ALL"}],
    )
    config = gd.describe_organization_configuration(DetectorId=detector)
    assert (config["AutoEnable"], config["AutoEnableOrganizationMembers"]) == (
        True,
        "ALL",
    )
    assert config["Features"] == [{"Name": "S3_DATA_EVENTS", "AutoEnable": "ALL"}]
