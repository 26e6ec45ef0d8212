"""The landing zone layer on the local endpoint: bad data stops the play before any API call; a control disabled
or a baseline changed by hand is reported by --check and put back by the next run."""

import json
import re

import boto3
import pytest

PLAYBOOK = "playbooks/landing_zone.yml"
# The accounts only (group_vars beside it still apply): the inventory's aws_ec2 plugin would make API calls of its own.
INVENTORY = "inventories/local/hosts.yml"
OUS = ["Security", "Infrastructure", "Development", "Production"]
HOME = "ap-south-1"


def client(endpoint, service):
    return boto3.client(
        service,
        endpoint_url=endpoint.url,
        region_name=HOME,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def recap(stdout):
    """(changed, failed) of the management host from the PLAY RECAP."""
    match = re.search(r"ecia-management\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", stdout)
    assert match, stdout[-3000:]
    return int(match.group(1)), int(match.group(2))


@pytest.fixture
def playbook(playbook):
    return lambda *args: playbook(*args, inventory=INVENTORY)


@pytest.fixture
def organization(empty_endpoint):
    """The organization and seed 000's OUs, made directly (the organization layer is tested on its own)."""
    org = client(empty_endpoint, "organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    return {name: org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"] for name in OUS}


BAD = {
    "unknown OU path": (
        {
            "landing_zone_guardrails": {
                "elective": [{"name": "x", "control": "AWS-GR_ENCRYPTED_VOLUMES", "targets": {"ous": ["Prod"]}}]
            }
        },
        "landing_zone_guardrails.elective[0] (x).targets.ous: 'Prod' is not an OU path of the organization",
    ),
    "malformed control identifier": (
        {
            "landing_zone_guardrails": {
                "elective": [{"name": "x", "control": "ENCRYPTED_VOLUMES", "targets": {"ous": ["Root"]}}]
            }
        },
        "landing_zone_guardrails.elective[0] (x).control: 'ENCRYPTED_VOLUMES' is not a control identifier",
    ),
    "region not allowed": (
        {"landing_zone_governed_regions": ["ap-south-1", "eu-west-1"]},
        "landing_zone_governed_regions: 'eu-west-1' is not in the organization's allowed regions",
    ),
    "unregistered OU": (
        {"landing_zone_registered_ous": ["Security"]},
        "is not registered with Control Tower",
    ),
}


@pytest.mark.parametrize("extra,message", BAD.values(), ids=BAD.keys())
def test_bad_data_stops_before_any_api_call(empty_endpoint, playbook, extra, message):
    empty_endpoint.reset_calls()
    result = playbook(PLAYBOOK, "-e", json.dumps(extra))
    assert result.returncode != 0
    assert message in " ".join(result.stdout.split()), result.stdout[-3000:]
    assert empty_endpoint.calls()["total"] == 0


def test_check_on_an_empty_endpoint_plans_without_failing(empty_endpoint, playbook):
    result = playbook(PLAYBOOK, "--check", "--diff")
    assert result.returncode == 0, result.stdout[-3000:]
    assert recap(result.stdout) == (1, 0)  # the landing zone it would create
    assert "would register" in result.stdout
    assert client(empty_endpoint, "controltower").list_landing_zones()["landingZones"] == []


def test_drift_is_reported_by_check_and_reverted(organization, endpoint, playbook):
    assert recap(playbook(PLAYBOOK).stdout) == (3, 0)
    ct = client(endpoint, "controltower")
    production = organization["Production"]["Arn"]
    control = f"arn:aws:controltower:{HOME}::control/AWS-GR_RDS_STORAGE_ENCRYPTED"
    # Console edits: a guardrail disabled, the OU's baseline moved to another version.
    ct.disable_control(controlIdentifier=control, targetIdentifier=production)
    baseline = ct.list_enabled_baselines(filter={"targetIdentifiers": [production]})["enabledBaselines"][0]
    ct.update_enabled_baseline(enabledBaselineIdentifier=baseline["arn"], baselineVersion="3.0")

    check = playbook(PLAYBOOK, "--check", "--diff")
    assert recap(check.stdout) == (2, 0)
    # The target's controls, each with the parameters the task sets (none here).
    assert "+        AWS-GR_RDS_STORAGE_ENCRYPTED: {}" in check.stdout, check.stdout[-4000:]
    assert "-    baseline_version: '3.0'" in check.stdout and "+    baseline_version: '4.0'" in check.stdout
    enabled = [c["controlIdentifier"] for c in ct.list_enabled_controls(targetIdentifier=production)["enabledControls"]]
    assert control not in enabled  # --check changed nothing

    assert recap(playbook(PLAYBOOK).stdout) == (2, 0)
    enabled = [c["controlIdentifier"] for c in ct.list_enabled_controls(targetIdentifier=production)["enabledControls"]]
    assert control in enabled
    assert recap(playbook(PLAYBOOK).stdout) == (0, 0)


def test_purge_disables_a_control_enabled_by_hand(organization, endpoint, playbook):
    assert recap(playbook(PLAYBOOK).stdout)[1] == 0
    ct = client(endpoint, "controltower")
    security = organization["Security"]["Arn"]
    extra = f"arn:aws:controltower:{HOME}::control/AWS-GR_DISALLOW_VPN_CONNECTIONS"
    ct.enable_control(controlIdentifier=extra, targetIdentifier=security)
    assert recap(playbook(PLAYBOOK).stdout) == (0, 0)  # not purged by default
    assert recap(playbook(PLAYBOOK, "-e", '{"landing_zone_purge_controls": true}').stdout) == (1, 0)
    enabled = [c["controlIdentifier"] for c in ct.list_enabled_controls(targetIdentifier=security)["enabledControls"]]
    assert extra not in enabled and len(enabled) == 6


def test_absent_tears_down_in_order(organization, endpoint, playbook):
    assert recap(playbook(PLAYBOOK).stdout)[1] == 0
    result = playbook(PLAYBOOK, "-e", '{"landing_zone_state": "absent"}')
    assert recap(result.stdout) == (3, 0)
    ct = client(endpoint, "controltower")
    assert ct.list_landing_zones()["landingZones"] == []
    assert ct.list_enabled_controls()["enabledControls"] == []
    assert ct.list_enabled_baselines()["enabledBaselines"] == []
    assert recap(playbook(PLAYBOOK, "-e", '{"landing_zone_state": "absent"}').stdout) == (0, 0)
