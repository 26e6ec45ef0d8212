"""securityhub_standard (and _info) through main() against a Stubber-validated Security Hub client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import securityhub_standard
from ansible_collections.prodgrade.aws.plugins.modules import securityhub_standard_info

CIS = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0"
FSBP = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS12 = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
SUB = "arn:aws:securityhub:eu-west-1:123456789012:subscription/cis-aws-foundations-benchmark/v/3.0.0"
STANDARDS = [
    {"StandardsArn": FSBP, "Name": "AWS Foundational Security Best Practices v1.0.0", "EnabledByDefault": True},
    {"StandardsArn": CIS12, "Name": "CIS AWS Foundations Benchmark v1.2.0", "EnabledByDefault": True},
    {"StandardsArn": CIS, "Name": "CIS AWS Foundations Benchmark v3.0.0", "EnabledByDefault": False},
]
CONTROLS = ["EC2.7", "IAM.5", "IAM.6"]
ARGS = {
    "standard": "cis-aws-foundations-benchmark/v/3.0.0",
    "disabled_controls": [{"control_id": "IAM.6", "reason": "virtual MFA on root"}],
    "region": "eu-west-1",
}


def subscription(status="READY"):
    return {
        "StandardsSubscriptionArn": SUB,
        "StandardsArn": CIS,
        "StandardsInput": {},
        "StandardsStatus": status,
    }


@pytest.fixture
def sh(aws_client):
    return aws_client("securityhub", region="eu-west-1")


@pytest.fixture
def stub(sh):
    return sh[1]


@pytest.fixture
def run(run_module, sh):
    def run_(args=None, main=securityhub_standard.main, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(main, merged, client=sh[0], **kw)

    return run_


def definitions(stub):
    defs = [
        {
            "SecurityControlId": c,
            "Title": c,
            "Description": c,
            "RemediationUrl": "https://example.com",
            "SeverityRating": "LOW",
            "CurrentRegionAvailability": "AVAILABLE",
        }
        for c in CONTROLS
    ]
    stub.add_response("list_security_control_definitions", {"SecurityControlDefinitions": defs}, {"StandardsArn": CIS})


def associations(stub, disabled=None):
    disabled = disabled or {}
    details = []
    for control in CONTROLS:
        detail = {
            "StandardsArn": CIS,
            "SecurityControlId": control,
            "SecurityControlArn": f"arn:aws:securityhub:eu-west-1:123456789012:security-control/{control}",
            "AssociationStatus": "DISABLED" if control in disabled else "ENABLED",
        }
        if control in disabled:
            detail["UpdatedReason"] = disabled[control]
        details.append(detail)
    ids = [{"StandardsArn": CIS, "SecurityControlId": c} for c in CONTROLS]
    stub.add_response(
        "batch_get_standards_control_associations",
        {"StandardsControlAssociationDetails": details, "UnprocessedAssociations": []},
        {"StandardsControlAssociationIds": ids},
    )


def read_controls(stub, disabled=None):
    definitions(stub)
    associations(stub, disabled)


def expect_read(stub, subscribed=True, disabled=None, validate=True):
    stub.add_response("describe_standards", {"Standards": STANDARDS}, {})
    if validate:
        definitions(stub)  # disabled_controls ids checked against the standard, the list kept for the reads
    stub.add_response("get_enabled_standards", {"StandardsSubscriptions": [subscription()] if subscribed else []}, {})
    if subscribed:
        associations(stub, disabled) if validate else read_controls(stub, disabled)


def test_subscribe_waits_and_disables_listed_controls(stub, run):
    expect_read(stub, subscribed=False)
    stub.add_response(
        "batch_enable_standards",
        {"StandardsSubscriptions": [subscription("PENDING")]},
        {"StandardsSubscriptionRequests": [{"StandardsArn": CIS}]},
    )
    stub.add_response(
        "get_enabled_standards",
        {"StandardsSubscriptions": [subscription("PENDING")]},
        {"StandardsSubscriptionArns": [SUB]},
    )
    stub.add_response(
        "get_enabled_standards", {"StandardsSubscriptions": [subscription()]}, {"StandardsSubscriptionArns": [SUB]}
    )
    associations(stub)  # the definitions were read once, to check IAM.6
    update = [
        {
            "StandardsArn": CIS,
            "SecurityControlId": "IAM.6",
            "AssociationStatus": "DISABLED",
            "UpdatedReason": "virtual MFA on root",
        }
    ]
    stub.add_response(
        "batch_update_standards_control_associations",
        {"UnprocessedAssociationUpdates": []},
        {"StandardsControlAssociationUpdates": update},
    )
    associations(stub, {"IAM.6": "virtual MFA on root"})
    result = run(diff=True)
    assert result["changed"]
    assert result["standard"]["standards_arn"] == CIS and result["standard"]["standards_status"] == "READY"
    assert result["standard"]["disabled_controls"] == [{"control_id": "IAM.6", "reason": "virtual MFA on root"}]
    assert result["diff"]["before"] == {}


def test_noop_and_arn_accepted(stub, run):
    expect_read(stub, disabled={"IAM.6": "virtual MFA on root"})
    assert not run({"standard": CIS})["changed"]


def test_unlisted_disabled_controls_are_kept_without_purge(stub, run):
    expect_read(stub, disabled={"IAM.6": "virtual MFA on root", "EC2.7": "legacy"})
    result = run()
    assert not result["changed"] and len(result["standard"]["disabled_controls"]) == 2


def test_purge_reenables_and_reason_change_updates(stub, run):
    expect_read(stub, disabled={"IAM.6": "old reason", "EC2.7": "legacy"})
    updates = [
        {
            "StandardsArn": CIS,
            "SecurityControlId": "IAM.6",
            "AssociationStatus": "DISABLED",
            "UpdatedReason": "virtual MFA on root",
        },
        {"StandardsArn": CIS, "SecurityControlId": "EC2.7", "AssociationStatus": "ENABLED"},
    ]
    stub.add_response(
        "batch_update_standards_control_associations",
        {"UnprocessedAssociationUpdates": []},
        {"StandardsControlAssociationUpdates": updates},
    )
    associations(stub, {"IAM.6": "virtual MFA on root"})
    result = run({"purge_disabled_controls": True}, diff=True)
    assert result["changed"]
    assert [c["control_id"] for c in result["diff"]["before"]["disabled_controls"]] == ["EC2.7", "IAM.6"]
    assert result["standard"]["disabled_controls"] == [{"control_id": "IAM.6", "reason": "virtual MFA on root"}]


def test_unprocessed_update_fails_with_its_reason(stub, run):
    expect_read(stub)
    update = {
        "StandardsArn": CIS,
        "SecurityControlId": "IAM.6",
        "AssociationStatus": "DISABLED",
        "UpdatedReason": "virtual MFA on root",
    }
    stub.add_response(
        "batch_update_standards_control_associations",
        {
            "UnprocessedAssociationUpdates": [
                {"StandardsControlAssociationUpdate": update, "ErrorCode": "INVALID_INPUT", "ErrorReason": "not ready"}
            ]
        },
        {"StandardsControlAssociationUpdates": [update]},
    )
    result = run()
    assert result["failed"] and "IAM.6: INVALID_INPUT not ready" in result["msg"]


def test_unsubscribe(stub, run):
    expect_read(stub, validate=False)
    stub.add_response(
        "batch_disable_standards",
        {"StandardsSubscriptions": [subscription("DELETING")]},
        {"StandardsSubscriptionArns": [SUB]},
    )
    result = run({"state": "absent", "disabled_controls": None})
    assert (
        result["changed"]
        and result["standard"]["standards_arn"] == CIS
        and "standards_status" not in result["standard"]
    )


def test_check_mode_makes_no_write(stub, run):
    expect_read(stub, subscribed=False)
    result = run(check_mode=True)
    assert result["changed"] and result["standard"]["disabled_controls"][0]["control_id"] == "IAM.6"
    assert "standards_subscription_arn" not in result["standard"]
    expect_read(stub, disabled={"EC2.7": "legacy"})
    result = run({"purge_disabled_controls": True}, check_mode=True)
    assert result["changed"] and result["standard"]["disabled_controls"] == ARGS["disabled_controls"]


def test_unknown_standard_lists_the_offered_ones(stub, run):
    stub.add_response("describe_standards", {"Standards": STANDARDS}, {})
    result = run({"standard": "cis-aws-foundations-benchmark/v/9.9.9"})
    assert result["failed"] and "not offered in eu-west-1" in result["msg"]
    assert "cis-aws-foundations-benchmark/v/3.0.0" in result["msg"]


def test_unknown_control_fails_before_any_write(stub, run):
    stub.add_response("describe_standards", {"Standards": STANDARDS}, {})
    definitions(stub)
    result = run({"disabled_controls": [{"control_id": "IAM.99", "reason": "x"}]})
    assert result["failed"] and "IAM.99 not in cis-aws-foundations-benchmark/v/3.0.0" in result["msg"]


@pytest.mark.parametrize(
    "controls, message",
    [
        ([{"control_id": "IAM.6", "reason": "a"}, {"control_id": "IAM.6", "reason": "b"}], "IAM.6 is listed twice"),
        ([{"control_id": "IAM.6", "reason": " "}], "IAM.6 needs a reason"),
        ([{"control_id": "IAM.6"}], "reason"),
    ],
)
def test_bad_input(run_module, controls, message):
    result = run_module(securityhub_standard.main, dict(ARGS, disabled_controls=controls))
    assert result["failed"] and message in result["msg"]


def test_info(stub, run):
    stub.add_response("describe_standards", {"Standards": STANDARDS}, {})
    stub.add_response("get_enabled_standards", {"StandardsSubscriptions": [subscription()]}, {})
    read_controls(stub, {"IAM.6": "virtual MFA on root"})
    result = run({"standard": None, "disabled_controls": None}, main=securityhub_standard_info.main)
    by_name = {s["standard"]: s for s in result["standards"]}
    assert by_name["cis-aws-foundations-benchmark/v/1.2.0"]["standards_arn"] == CIS12
    assert "standards_status" not in by_name["aws-foundational-security-best-practices/v/1.0.0"]
    assert by_name["cis-aws-foundations-benchmark/v/3.0.0"]["disabled_controls"][0]["control_id"] == "IAM.6"


def test_info_hub_disabled(stub, run):
    stub.add_response("describe_standards", {"Standards": STANDARDS}, {})
    stub.add_client_error("get_enabled_standards", "InvalidAccessException", "not subscribed", 401)
    result = run({"disabled_controls": None, "subscribed_only": True}, main=securityhub_standard_info.main)
    assert result["standards"] == []


def test_failed_subscription_fails_with_its_reason(stub, run):
    expect_read(stub, subscribed=False)
    stub.add_response(
        "batch_enable_standards",
        {"StandardsSubscriptions": [subscription("PENDING")]},
        {"StandardsSubscriptionRequests": [{"StandardsArn": CIS}]},
    )
    failed = dict(
        subscription("FAILED"), StandardsStatusReason={"StatusReasonCode": "NO_AVAILABLE_CONFIGURATION_RECORDER"}
    )
    stub.add_response(
        "get_enabled_standards", {"StandardsSubscriptions": [failed]}, {"StandardsSubscriptionArns": [SUB]}
    )
    result = run()
    assert result["failed"] and "FAILED NO_AVAILABLE_CONFIGURATION_RECORDER" in result["msg"]


# ------------------------------------------- standards x regions: one run for all standards in every region

REGIONS = ["eu-west-1", "us-east-1"]
NAMES = {"fsbp": "aws-foundational-security-best-practices/v/1.0.0", "cis": "cis-aws-foundations-benchmark/v/3.0.0"}
IAM6 = {"control_id": "IAM.6", "reason": "virtual MFA on root"}
BOTH = [{"standard": NAMES["fsbp"]}, {"standard": NAMES["cis"], "disabled_controls": [IAM6]}]


def arn(region, key):
    return f"arn:aws:securityhub:{region}::standards/{NAMES[key]}"


def sub_arn(region, key):
    return f"arn:aws:securityhub:{region}:123456789012:subscription/{NAMES[key]}"


def offered(stub, region):
    standards = [
        {"StandardsArn": arn(region, "fsbp"), "Name": "FSBP", "EnabledByDefault": True},
        {"StandardsArn": arn(region, "cis"), "Name": "CIS v3.0.0", "EnabledByDefault": False},
    ]
    stub.add_response("describe_standards", {"Standards": standards}, {})


def region_definitions(stub, region, key):
    defs = [
        {
            "SecurityControlId": c,
            "Title": c,
            "Description": c,
            "RemediationUrl": "https://example.com",
            "SeverityRating": "LOW",
            "CurrentRegionAvailability": "AVAILABLE",
        }
        for c in CONTROLS
    ]
    stub.add_response(
        "list_security_control_definitions", {"SecurityControlDefinitions": defs}, {"StandardsArn": arn(region, key)}
    )


def region_associations(stub, region, key, disabled=None):
    disabled = disabled or {}
    details = [
        dict(
            {
                "StandardsArn": arn(region, key),
                "SecurityControlId": c,
                "SecurityControlArn": f"arn:aws:securityhub:{region}:123456789012:security-control/{c}",
                "AssociationStatus": "DISABLED" if c in disabled else "ENABLED",
            },
            **({"UpdatedReason": disabled[c]} if c in disabled else {}),
        )
        for c in CONTROLS
    ]
    ids = [{"StandardsArn": arn(region, key), "SecurityControlId": c} for c in CONTROLS]
    stub.add_response(
        "batch_get_standards_control_associations",
        {"StandardsControlAssociationDetails": details, "UnprocessedAssociations": []},
        {"StandardsControlAssociationIds": ids},
    )


def expect_region(stub, region, subscribed=("fsbp", "cis"), cis_disabled=None):
    """The reads of one region, in the module's order: standards, CIS's definitions (to check IAM.6), the
    subscriptions, then each subscribed standard's associations (each definition list read once)."""
    offered(stub, region)
    region_definitions(stub, region, "cis")
    subs = [
        {
            "StandardsSubscriptionArn": sub_arn(region, k),
            "StandardsArn": arn(region, k),
            "StandardsInput": {},
            "StandardsStatus": "READY",
        }
        for k in subscribed
    ]
    stub.add_response("get_enabled_standards", {"StandardsSubscriptions": subs}, {})
    if "fsbp" in subscribed:
        region_definitions(stub, region, "fsbp")
        region_associations(stub, region, "fsbp")
    if "cis" in subscribed:
        region_associations(stub, region, "cis", {"IAM.6": IAM6["reason"]} if cis_disabled is None else cis_disabled)


@pytest.fixture
def regional(aws_client):
    return {region: aws_client("securityhub", region=region) for region in REGIONS}


def run_all(run_module, regional, args=None, **kw):
    merged = dict({"regions": REGIONS, "standards": BOTH, "purge_disabled_controls": True}, **(args or {}))
    return run_module(securityhub_standard.main, merged, client={r: c for r, (c, _stub) in regional.items()}, **kw)


def test_all_standards_all_regions_noop_reads_each_definition_list_once(run_module, regional):
    for region, (_client, stub) in regional.items():
        expect_region(stub, region)  # a second list_security_control_definitions would be unexpected
    result = run_all(run_module, regional, diff=True)
    assert not result["changed"] and not result["failed"]
    assert set(result["regions"]) == set(REGIONS) and "standards" not in result
    cis = result["regions"]["us-east-1"]["standards"][NAMES["cis"]]
    assert cis["standards_arn"] == arn("us-east-1", "cis") and cis["disabled_controls"] == [IAM6]
    assert len(result["diff"]) == 2


def test_control_drift_in_one_region_is_fixed_there_only(run_module, regional):
    expect_region(regional["eu-west-1"][1], "eu-west-1")
    stub = regional["us-east-1"][1]
    expect_region(stub, "us-east-1", cis_disabled={"IAM.6": IAM6["reason"], "EC2.7": "by hand"})
    updates = [{"StandardsArn": arn("us-east-1", "cis"), "SecurityControlId": "EC2.7", "AssociationStatus": "ENABLED"}]
    stub.add_response(
        "batch_update_standards_control_associations",
        {"UnprocessedAssociationUpdates": []},
        {"StandardsControlAssociationUpdates": updates},
    )
    region_associations(stub, "us-east-1", "cis", {"IAM.6": IAM6["reason"]})
    result = run_all(run_module, regional)
    assert result["changed"]
    assert result["regions"]["us-east-1"]["standards"][NAMES["cis"]]["disabled_controls"] == [IAM6]


def test_unsubscribed_standard_in_one_region_is_subscribed_there_only(run_module, regional):
    expect_region(regional["eu-west-1"][1], "eu-west-1")
    stub = regional["us-east-1"][1]
    offered(stub, "us-east-1")
    region_definitions(stub, "us-east-1", "cis")
    cis = {
        "StandardsSubscriptionArn": sub_arn("us-east-1", "cis"),
        "StandardsArn": arn("us-east-1", "cis"),
        "StandardsInput": {},
        "StandardsStatus": "READY",
    }
    stub.add_response("get_enabled_standards", {"StandardsSubscriptions": [cis]}, {})
    # FSBP (listed first) is subscribed, read, purged of nothing and read again; then CIS is read, unchanged.
    fsbp = dict(cis, StandardsSubscriptionArn=sub_arn("us-east-1", "fsbp"), StandardsArn=arn("us-east-1", "fsbp"))
    stub.add_response(
        "batch_enable_standards",
        {"StandardsSubscriptions": [fsbp]},
        {"StandardsSubscriptionRequests": [{"StandardsArn": arn("us-east-1", "fsbp")}]},
    )
    region_definitions(stub, "us-east-1", "fsbp")
    region_associations(stub, "us-east-1", "fsbp")
    region_associations(stub, "us-east-1", "fsbp")
    region_associations(stub, "us-east-1", "cis", {"IAM.6": IAM6["reason"]})
    result = run_all(run_module, regional, diff=True)
    assert result["changed"]
    diff = {d["before_header"]: d for d in result["diff"]}
    assert NAMES["fsbp"] not in diff["standards in us-east-1"]["before"]
    assert diff["standards in us-east-1"]["after"][NAMES["fsbp"]]["standards_status"] == "READY"
    assert diff["standards in eu-west-1"]["before"] == diff["standards in eu-west-1"]["after"]


def test_all_regions_check_mode_makes_no_write(run_module, regional):
    expect_region(regional["eu-west-1"][1], "eu-west-1", cis_disabled={})
    expect_region(regional["us-east-1"][1], "us-east-1", subscribed=())
    result = run_all(run_module, regional, check_mode=True)
    assert result["changed"]
    assert result["regions"]["eu-west-1"]["standards"][NAMES["cis"]]["disabled_controls"] == [IAM6]
    assert "standards_subscription_arn" not in result["regions"]["us-east-1"]["standards"][NAMES["fsbp"]]


def test_standard_missing_in_a_later_region_fails_before_any_write(run_module, regional):
    first = regional["eu-west-1"][1]
    offered(first, "eu-west-1")  # eu-west-1 is only read: its subscriptions and controls are not even looked at
    region_definitions(first, "eu-west-1", "cis")
    late = regional["us-east-1"][1]
    late.add_response(
        "describe_standards",
        {"Standards": [{"StandardsArn": arn("us-east-1", "fsbp"), "Name": "FSBP", "EnabledByDefault": True}]},
        {},
    )
    result = run_all(run_module, regional)
    assert result["failed"] and f"standards {NAMES['cis']} is not offered in us-east-1" in result["msg"]


def test_standards_bad_input_names_the_option(run_module):
    bad = [{"standard": NAMES["cis"], "disabled_controls": [IAM6, IAM6]}]
    result = run_module(securityhub_standard.main, {"standards": bad})
    assert result["failed"] and f"standards[{NAMES['cis']}].disabled_controls: IAM.6 is listed twice" in result["msg"]
    result = run_module(securityhub_standard.main, {"standards": BOTH, "standard": NAMES["cis"]})
    assert result["failed"] and "mutually exclusive" in result["msg"]


def test_single_standard_single_region_keeps_its_result_shape(stub, run):
    expect_read(stub, disabled={"IAM.6": "virtual MFA on root"})
    result = run(diff=True)
    assert result["standard"]["standards_arn"] == CIS and set(result["diff"]) == {"before", "after"}
    assert list(result["regions"]) == ["eu-west-1"]
