"""A member account's GuardDuty detector deleted by hand is re-created, with its protection features, by the next
run of the security layer limited to that account."""

import recap
from security_estate import REGIONS, client, converge

BASELINE_FEATURES = {
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "RUNTIME_MONITORING",
}


def detector(guardduty):
    ids = guardduty.list_detectors()["DetectorIds"]
    return (ids[0], guardduty.get_detector(DetectorId=ids[0])) if ids else (None, None)


def test_deleted_detector_is_repaired_with_its_features(empty_endpoint, playbook, tmp_path):
    inventory, ids, _ = converge(playbook, tmp_path / "inventory")
    guardduty = client("guardduty", account=ids["ecia-dev"])
    detector_id, before = detector(guardduty)
    assert before["Status"] == "ENABLED"

    # By hand, as someone with the account's role would.
    guardduty.delete_detector(DetectorId=detector_id)
    assert detector(guardduty) == (None, None)

    result = playbook("playbooks/security.yml", *REGIONS, "--limit", "ecia-dev", inventory=inventory)
    assert result.returncode == 0, result.stdout[-6000:]
    assert recap.recap(result.stdout)["ecia-dev"]["changed"] > 0

    new_id, after = detector(guardduty)
    assert new_id and new_id != detector_id and after["Status"] == "ENABLED"
    assert after["FindingPublishingFrequency"] == "FIFTEEN_MINUTES"
    enabled = {f["Name"] for f in after["Features"] if f["Status"] == "ENABLED"}
    assert BASELINE_FEATURES <= enabled, after["Features"]
    runtime = next(f for f in after["Features"] if f["Name"] == "RUNTIME_MONITORING")
    assert {c["Name"] for c in runtime["AdditionalConfiguration"] if c["Status"] == "ENABLED"} == {
        "EKS_ADDON_MANAGEMENT",
        "ECS_FARGATE_AGENT_MANAGEMENT",
        "EC2_AGENT_MANAGEMENT",
    }

    # And the run after the repair changes nothing.
    again = playbook("playbooks/security.yml", *REGIONS, "--limit", "ecia-dev", inventory=inventory)
    assert again.returncode == 0 and recap.recap(again.stdout)["ecia-dev"]["changed"] == 0, again.stdout[-4000:]
