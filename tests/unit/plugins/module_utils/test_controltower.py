"""module_utils.controltower: identifier rules, semantic document comparison, the operation waiter."""

import pytest

from ansible_collections.prodgrade.aws.plugins.module_utils import controltower as ct

OP1 = "00000000-0000-4000-8000-000000000001"
OP2 = "00000000-0000-4000-8000-000000000002"


@pytest.mark.parametrize(
    "identifier, expected",
    [
        ("AWS-GR_RESTRICTED_SSH", "arn:aws:controltower:ap-south-1::control/AWS-GR_RESTRICTED_SSH"),
        (
            "arn:aws:controltower:ap-south-1::control/AWS-GR_RESTRICTED_SSH",
            "arn:aws:controltower:ap-south-1::control/AWS-GR_RESTRICTED_SSH",
        ),
        (
            "arn:aws:controlcatalog:::control/4wyvqg6a7oz0iqlj4ibqwhi1x",
            "arn:aws:controlcatalog:::control/4wyvqg6a7oz0iqlj4ibqwhi1x",
        ),
    ],
)
def test_control_arn(identifier, expected):
    assert ct.control_arn(identifier, "ap-south-1") == expected


@pytest.mark.parametrize(
    "identifier, message",
    [
        ("aws-gr_restricted_ssh", "is not a control identifier"),
        (
            "arn:aws:controltower:us-east-1::guardrail/STRONGLY_RECOMMENDED_DISALLOW_ROOT_ACCESS_KEYS",
            "is not a control",
        ),
        ("arn:aws:controltower:us-east-1::control/AWS-GR_RESTRICTED_SSH", "ARN in us-east-1, but the call is made in"),
        ("arn:aws-moon:controltower:ap-south-1::control/AWS-GR_RESTRICTED_SSH", "is not a control identifier"),
        ("arn:aws:controltower:ap-south-1:123456789012:control/AWS-GR_RESTRICTED_SSH", "is not a control"),
        ("arn:aws:controlcatalog:ap-south-1::control/4wyvqg6a7oz0iqlj4ibqwhi1x", "is not a control identifier"),
        ("arn:aws:controltower:ap-south-1::control/AWS GR", "is not a control identifier"),
    ],
)
def test_control_arn_rejects(identifier, message):
    with pytest.raises(ValueError, match=message):
        ct.control_arn(identifier, "ap-south-1")


def test_mandatory_controls_are_landing_zone_managed():
    assert ct.is_landing_zone_managed("arn:aws:controltower:ap-south-1::control/AWS-GR_CONFIG_ENABLED")
    assert not ct.is_landing_zone_managed("arn:aws:controltower:ap-south-1::control/AWS-GR_RESTRICTED_SSH")


def test_normalize_document_ignores_key_order_set_order_and_float_integers():
    a = {"governedRegions": ["b", "a"], "x": {"retentionDays": 60.0, "y": [{"k": 1}, {"k": 2}]}}
    b = {"x": {"y": [{"k": 1}, {"k": 2}], "retentionDays": 60}, "governedRegions": ["a", "b"]}
    assert ct.normalize_document(a) == ct.normalize_document(b)
    assert ct.normalize_document({"x": [{"k": 2}, {"k": 1}]}) != ct.normalize_document({"x": [{"k": 1}, {"k": 2}]})


class FakeClient:
    """get_control_operation answering from a script of statuses per operation."""

    def __init__(self, script):
        self.script = {k: list(v) for k, v in script.items()}
        self.calls = []

    def get_control_operation(self, operationIdentifier):
        self.calls.append(operationIdentifier)
        statuses = self.script[operationIdentifier]
        status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
        return {"controlOperation": {"operationIdentifier": operationIdentifier, "status": status}}


def test_wait_polls_every_pending_operation_each_round(sleeps):
    client = FakeClient({OP1: ["IN_PROGRESS", "SUCCEEDED"], OP2: ["SUCCEEDED"]})
    done = ct.wait_for_operations(client, "control", [OP1, OP2], timeout=60, delay=10)
    assert {k: v["status"] for k, v in done.items()} == {OP1: "SUCCEEDED", OP2: "SUCCEEDED"}
    assert client.calls == [OP1, OP2, OP1] and sleeps == [10]


def test_wait_times_out_naming_the_pending_operations(sleeps):
    client = FakeClient({OP1: ["IN_PROGRESS"]})
    with pytest.raises(ct.AnsibleControlTowerError, match=f"Timed out after 30s .* {OP1} .*run again to resume"):
        ct.wait_for_operations(client, "control", [OP1], timeout=30, delay=10)
    assert sleeps == [10, 10, 10]


def test_run_operations_reports_failures_with_their_labels(sleeps):
    class Client(FakeClient):
        def get_control_operation(self, operationIdentifier):
            result = super().get_control_operation(operationIdentifier)
            if operationIdentifier == OP2:
                result["controlOperation"]["statusMessage"] = "quota"
            return result

    client = Client({OP1: ["SUCCEEDED"], OP2: ["FAILED"]})
    started, failures = ct.run_operations(
        client, "control", [("enable A", lambda: OP1), ("enable B", lambda: OP2)], wait=True, timeout=60
    )
    assert started == {"enable A": OP1, "enable B": OP2}
    assert failures == ["enable B: quota"]


def test_run_operations_without_wait_only_waits_between_batches(sleeps):
    client = FakeClient({OP1: ["SUCCEEDED"], OP2: ["IN_PROGRESS"]})
    starts = [("a", lambda: OP1), ("b", lambda: OP2)]
    started, failures = ct.run_operations(client, "control", starts, wait=False, timeout=60, max_concurrent=1)
    assert client.calls == [OP1]  # the first batch, before starting the second; the last is not waited for
    assert failures == [] and list(started) == ["a", "b"]
