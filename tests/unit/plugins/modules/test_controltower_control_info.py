"""controltower_control_info driven through main() against a Stubber-validated Control Tower client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import controltower_control_info

OU = "arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-11111111"
OU2 = "arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-22222222"


def enabled(control_id, target=OU, n=1):
    return {
        "arn": f"arn:aws:controltower:us-east-1:123456789012:enabledcontrol/EC{n:014d}",
        "controlIdentifier": f"arn:aws:controltower:us-east-1::control/{control_id}",
        "targetIdentifier": target,
        "statusSummary": {"status": "SUCCEEDED"},
        "driftStatusSummary": {"driftStatus": "IN_SYNC"},
    }


@pytest.fixture
def ct(aws_client):
    return aws_client("controltower")


@pytest.fixture
def run(run_module, ct):
    def run_(args, client=True):
        return run_module(controltower_control_info.main, args, client=ct[0] if client else None)

    return run_


def test_controls_of_one_target_with_parameters(ct, run):
    stub = ct[1]
    control = enabled("AWS-GR_RESTRICTED_SSH")
    stub.add_response("list_enabled_controls", {"enabledControls": [control]}, {"targetIdentifier": OU})
    details = dict(control, parameters=[{"key": "AllowedRegions", "value": ["us-east-1"]}])
    stub.add_response(
        "get_enabled_control", {"enabledControlDetails": details}, {"enabledControlIdentifier": control["arn"]}
    )
    result = run({"target_identifier": OU, "include_parameters": True})
    assert not result["changed"]
    assert result["enabled_controls"] == [
        {
            "arn": control["arn"],
            "control_identifier": control["controlIdentifier"],
            "target_identifier": OU,
            "status": "SUCCEEDED",
            "drift_status": "IN_SYNC",
            "parameters": {"AllowedRegions": ["us-east-1"]},
        }
    ]


def test_one_control_everywhere_sorted_by_target(ct, run):
    stub = ct[1]
    found = [enabled("AWS-GR_RESTRICTED_SSH", OU2, 1), enabled("AWS-GR_ENCRYPTED_VOLUMES", OU, 2)]
    found.append(enabled("AWS-GR_RESTRICTED_SSH", OU, 3))
    stub.add_response("list_enabled_controls", {"enabledControls": found}, {})
    result = run({"control_identifier": "AWS-GR_RESTRICTED_SSH"})
    assert [c["target_identifier"] for c in result["enabled_controls"]] == [OU, OU2]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"target_identifier": "ou-ab12-11111111"}, "must be an organizational unit or account ARN"),
        (
            {"target_identifier": "arn:aws:organizations::123456789012:ou/o-abcdefghij/ab12-11111111"},
            "must be an organizational unit or account ARN",
        ),
        (
            {"target_identifier": "arn:aws:organizations::123456789012:account/o-abcdefghij/2109"},
            "must be an organizational unit or account ARN",
        ),
        ({"control_identifier": "restricted ssh"}, "control_identifier: 'restricted ssh' is not a control identifier"),
    ],
)
def test_bad_input(run, args, message):
    result = run(args, client=False)
    assert result["failed"] and message in result["msg"]
