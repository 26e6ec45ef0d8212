"""Control Tower through real botocore clients (which parse responses by the model)."""

import pytest
from botocore.exceptions import ClientError

OU = "arn:aws:organizations::123456789012:ou/o-abc123/ou-abc1-11111111"
CONTROL = "arn:aws:controltower:us-east-1::control/AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS"


def control(name):
    return f"arn:aws:controltower:us-east-1::control/{name}"


@pytest.fixture
def ct(client):
    return client("controltower")


@pytest.fixture
def registered(ct):
    """OU registered with Control Tower, as the landing_zone role does it: AWSControlTowerBaseline enabled on it."""
    baseline = next(b for b in ct.list_baselines()["baselines"] if b["name"] == "AWSControlTowerBaseline")
    ct.enable_baseline(baselineIdentifier=baseline["arn"], baselineVersion="4.0", targetIdentifier=OU)
    return OU


def test_landing_zone_lifecycle(ct):
    created = ct.create_landing_zone(version="3.3", manifest={"governedRegions": ["us-east-1"]}, tags={"team": "sec"})
    arn = created["arn"]
    assert (
        ct.get_landing_zone_operation(operationIdentifier=created["operationIdentifier"])["operationDetails"]["status"]
        == "SUCCEEDED"
    )
    zone = ct.get_landing_zone(landingZoneIdentifier=arn)["landingZone"]
    assert (zone["version"], zone["status"], zone["manifest"]) == (
        "3.3",
        "ACTIVE",
        {"governedRegions": ["us-east-1"]},
    )
    assert ct.list_landing_zones()["landingZones"] == [{"arn": arn}]

    ct.update_landing_zone(
        landingZoneIdentifier=arn,
        version="3.3",
        manifest={"governedRegions": ["eu-west-1"]},
    )
    ct.reset_landing_zone(landingZoneIdentifier=arn)
    assert ct.get_landing_zone(landingZoneIdentifier=arn)["landingZone"]["manifest"] == {
        "governedRegions": ["eu-west-1"]
    }
    ops = ct.list_landing_zone_operations()["landingZoneOperations"]
    assert [op["operationType"] for op in ops] == ["CREATE", "UPDATE", "RESET"]
    assert ct.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "sec"}

    ct.delete_landing_zone(landingZoneIdentifier=arn)
    with pytest.raises(ct.exceptions.ResourceNotFoundException):
        ct.get_landing_zone(landingZoneIdentifier=arn)


def test_controls_enable_update_disable(ct, registered):
    enabled = ct.enable_control(controlIdentifier=CONTROL, targetIdentifier=OU, tags={"a": "1"})
    op = ct.get_control_operation(operationIdentifier=enabled["operationIdentifier"])["controlOperation"]
    assert (op["operationType"], op["status"], op["enabledControlIdentifier"]) == (
        "ENABLE_CONTROL",
        "SUCCEEDED",
        enabled["arn"],
    )

    with pytest.raises(ct.exceptions.ValidationException, match="already enabled"):
        ct.enable_control(controlIdentifier=CONTROL, targetIdentifier=OU)

    ct.update_enabled_control(
        enabledControlIdentifier=enabled["arn"],
        parameters=[{"key": "AllowedRegions", "value": ["us-east-1"]}],
    )
    details = ct.get_enabled_control(enabledControlIdentifier=enabled["arn"])["enabledControlDetails"]
    assert details["parameters"] == [{"key": "AllowedRegions", "value": ["us-east-1"]}]
    assert details["statusSummary"]["status"] == "SUCCEEDED"
    assert [c["arn"] for c in ct.list_enabled_controls(targetIdentifier=OU)["enabledControls"]] == [enabled["arn"]]

    ct.tag_resource(resourceArn=enabled["arn"], tags={"b": "2"})
    ct.untag_resource(resourceArn=enabled["arn"], tagKeys=["a"])
    assert ct.list_tags_for_resource(resourceArn=enabled["arn"])["tags"] == {"b": "2"}

    ct.disable_control(controlIdentifier=CONTROL, targetIdentifier=OU)
    assert ct.list_enabled_controls()["enabledControls"] == []
    types = [o["operationType"] for o in ct.list_control_operations()["controlOperations"]]
    assert types == ["ENABLE_CONTROL", "UPDATE_ENABLED_CONTROL", "DISABLE_CONTROL"]
    with pytest.raises(ct.exceptions.ResourceNotFoundException):
        ct.disable_control(enabledControlIdentifier=enabled["arn"])


def test_list_enabled_controls_paginates(ct, registered):
    names = ["RESTRICTED_SSH", "RESTRICTED_COMMON_PORTS", "ENCRYPTED_VOLUMES", "RDS_STORAGE_ENCRYPTED", "REGION_DENY"]
    arns = {ct.enable_control(controlIdentifier=control(f"AWS-GR_{n}"), targetIdentifier=OU)["arn"] for n in names}
    first = ct.list_enabled_controls(maxResults=2)
    assert len(first["enabledControls"]) == 2 and first["nextToken"]
    pages = ct.get_paginator("list_enabled_controls").paginate(PaginationConfig={"PageSize": 2})
    seen = [c["arn"] for page in pages for c in page["enabledControls"]]
    assert sorted(seen) == sorted(arns)


def test_baselines(ct):
    catalog = ct.list_baselines()["baselines"]
    names = {b["name"] for b in catalog}
    assert names == {
        "AWSControlTowerBaseline",
        "IdentityCenterBaseline",
        "AuditBaseline",
        "LogArchiveBaseline",
    }
    assert all(b["arn"].startswith("arn:aws:controltower:us-east-1::baseline/") for b in catalog)
    assert "nextToken" not in ct.list_baselines(maxResults=4)  # min page size is 4
    baseline = next(b for b in catalog if b["name"] == "AWSControlTowerBaseline")
    assert ct.get_baseline(baselineIdentifier=baseline["arn"])["name"] == "AWSControlTowerBaseline"

    enabled = ct.enable_baseline(baselineIdentifier=baseline["arn"], baselineVersion="4.0", targetIdentifier=OU)
    assert (
        ct.get_baseline_operation(operationIdentifier=enabled["operationIdentifier"])["baselineOperation"][
            "operationType"
        ]
        == "ENABLE_BASELINE"
    )
    ct.update_enabled_baseline(enabledBaselineIdentifier=enabled["arn"], baselineVersion="4.1")
    ct.reset_enabled_baseline(enabledBaselineIdentifier=enabled["arn"])
    details = ct.get_enabled_baseline(enabledBaselineIdentifier=enabled["arn"])["enabledBaselineDetails"]
    assert (details["baselineVersion"], details["targetIdentifier"]) == ("4.1", OU)
    assert len(ct.list_enabled_baselines()["enabledBaselines"]) == 1

    op = ct.disable_baseline(enabledBaselineIdentifier=enabled["arn"])
    assert (
        ct.get_baseline_operation(operationIdentifier=op["operationIdentifier"])["baselineOperation"]["status"]
        == "SUCCEEDED"
    )
    assert ct.list_enabled_baselines()["enabledBaselines"] == []


def test_unknown_baseline_is_not_found(ct):
    with pytest.raises(ClientError) as err:
        ct.get_baseline(baselineIdentifier="arn:aws:controltower:us-east-1::baseline/NOPE000000000000")
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_landing_zone_enables_its_account_baselines(ct, client):
    org = client("organizations").create_organization(FeatureSet="ALL")["Organization"]
    manifest = {
        "governedRegions": ["us-east-1"],
        "securityRoles": {"accountId": "100000000002"},
        "centralizedLogging": {"accountId": "100000000001", "enabled": True},
        "accessManagement": {"enabled": True},
    }
    arn = ct.create_landing_zone(version="3.3", manifest=manifest)["arn"]
    names = {b["arn"]: b["name"] for b in ct.list_baselines()["baselines"]}
    enabled = {names[b["baselineIdentifier"]]: b for b in ct.list_enabled_baselines()["enabledBaselines"]}
    account = f"arn:aws:organizations::123456789012:account/{org['Id']}/"
    assert {name: b["targetIdentifier"] for name, b in enabled.items()} == {
        "IdentityCenterBaseline": account + "123456789012",
        "AuditBaseline": account + "100000000002",
        "LogArchiveBaseline": account + "100000000001",
    }

    ct.update_landing_zone(landingZoneIdentifier=arn, version="3.3", manifest=dict(manifest, accessManagement={}))
    enabled = {names[b["baselineIdentifier"]] for b in ct.list_enabled_baselines()["enabledBaselines"]}
    assert enabled == {"AuditBaseline", "LogArchiveBaseline"}

    ct.delete_landing_zone(landingZoneIdentifier=arn)
    assert ct.list_enabled_baselines()["enabledBaselines"] == []


def test_controls_come_from_the_catalogue_and_never_a_mandatory_one(ct, registered):
    with pytest.raises(ct.exceptions.ResourceNotFoundException, match="AWS-GR_NO_SUCH_CONTROL does not exist"):
        ct.enable_control(controlIdentifier=control("AWS-GR_NO_SUCH_CONTROL"), targetIdentifier=OU)
    # Mandatory controls are the landing zone's: the API takes neither their enabling nor their disabling.
    for call in (ct.enable_control, ct.disable_control):
        with pytest.raises(ct.exceptions.ValidationException, match="AWS-GR_CLOUDTRAIL_ENABLED is mandatory"):
            call(controlIdentifier=control("AWS-GR_CLOUDTRAIL_ENABLED"), targetIdentifier=OU)
    # The Region deny control is elective: permitted, with its parameters.
    ct.enable_control(
        controlIdentifier=control("AWS-GR_REGION_DENY"),
        targetIdentifier=OU,
        parameters=[{"key": "AllowedRegions", "value": ["us-east-1"]}],
    )
    assert ct.list_control_operations()["controlOperations"][0]["status"] == "SUCCEEDED"


def test_controls_go_on_registered_ous_only(ct):
    # AWS's message, as the AWS SDK code examples match it.
    for call in (
        lambda: ct.enable_control(controlIdentifier=CONTROL, targetIdentifier=OU),
        lambda: ct.list_enabled_controls(targetIdentifier=OU),
        lambda: ct.disable_control(controlIdentifier=CONTROL, targetIdentifier=OU),
    ):
        with pytest.raises(ct.exceptions.ResourceNotFoundException, match="not registered with AWS Control Tower"):
            call()
    assert ct.list_enabled_controls()["enabledControls"] == []


def test_the_catalogue_knows_every_guardrail_the_project_names():
    """inventories/common/landing_zone.yml's guardrails: those with targets are ones EnableControl takes, those
    without are the landing zone's mandatory ones; and the collection's list of landing-zone-managed controls agrees
    with the endpoint's catalogue (both follow Control Tower's references, neither reads the other)."""
    import ast
    from pathlib import Path

    import yaml
    from emulator.ext.controltower import CONTROLS, MANDATORY

    root = Path(__file__).resolve().parents[2]
    # The collection's list, read from its source (the endpoint's tests do not import the collection).
    tree = ast.parse((root / "plugins/module_utils/controltower.py").read_text())
    assigned = next(
        n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "LANDING_ZONE_MANAGED_CONTROLS"
    )
    LANDING_ZONE_MANAGED_CONTROLS = set(ast.literal_eval(assigned.args[0]))
    guardrails = yaml.safe_load((root / "inventories/common/landing_zone.yml").read_text())["landing_zone_guardrails"]
    for category in guardrails.values():
        for guardrail in category:
            guidance = CONTROLS[guardrail["control"]][0]
            assert (guidance == MANDATORY) == ("targets" not in guardrail), guardrail
    assert LANDING_ZONE_MANAGED_CONTROLS <= {name for name, (guidance, _) in CONTROLS.items() if guidance == MANDATORY}
