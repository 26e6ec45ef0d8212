"""controltower_control driven through main() against a Stubber-validated Control Tower client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import controltower_control

OU = "arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-11111111"


def op(n):
    """An operation id (AWS: a 36-character UUID)."""
    return f"00000000-0000-4000-8000-{n:012d}"


def arn(control_id):
    return f"arn:aws:controltower:us-east-1::control/{control_id}"


def summary(control_id, n=1):
    return {
        "arn": f"arn:aws:controltower:us-east-1:123456789012:enabledcontrol/EC{n:014d}",
        "controlIdentifier": arn(control_id),
        "targetIdentifier": OU,
        "statusSummary": {"status": "SUCCEEDED"},
        "driftStatusSummary": {"driftStatus": "IN_SYNC"},
    }


@pytest.fixture
def ct(aws_client):
    return aws_client("controltower")


@pytest.fixture
def stub(ct):
    return ct[1]


@pytest.fixture
def run(run_module, ct):
    def run_(args, client=True, **kw):
        args = dict({"target_identifier": OU}, **args)
        return run_module(controltower_control.main, args, client=ct[0] if client else None, **kw)

    return run_


def expect_list(stub, *controls):
    stub.add_response("list_enabled_controls", {"enabledControls": list(controls)}, {"targetIdentifier": OU})


def expect_op(stub, op_id, status="SUCCEEDED", message=None, op_type="ENABLE_CONTROL"):
    operation = {"operationIdentifier": op_id, "status": status, "operationType": op_type}
    if message:
        operation["statusMessage"] = message
    stub.add_response("get_control_operation", {"controlOperation": operation}, {"operationIdentifier": op_id})


def expect_enable(stub, control_id, op_id, n=1, parameters=None):
    params = {"controlIdentifier": arn(control_id), "targetIdentifier": OU}
    if parameters:
        params["parameters"] = parameters
    stub.add_response("enable_control", {"operationIdentifier": op_id, "arn": summary(control_id, n)["arn"]}, params)


def test_enables_every_missing_control_then_waits_for_all(stub, run):
    expect_list(stub, summary("AWS-GR_ENCRYPTED_VOLUMES"))
    # Both EnableControl calls come before the first GetControlOperation: the waits overlap.
    expect_enable(stub, "AWS-GR_RESTRICTED_SSH", op(1), n=2)
    expect_enable(stub, "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED", op(2), n=3)
    expect_op(stub, op(1))
    expect_op(stub, op(2))
    expect_list(
        stub,
        *(
            summary(c, n)
            for n, c in enumerate(
                ["AWS-GR_ENCRYPTED_VOLUMES", "AWS-GR_RESTRICTED_SSH", "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED"], 1
            )
        ),
    )
    result = run(
        {"controls": ["AWS-GR_ENCRYPTED_VOLUMES", "AWS-GR_RESTRICTED_SSH", arn("AWS-GR_ROOT_ACCOUNT_MFA_ENABLED")]}
    )
    assert result["changed"] and not result["failed"]
    assert result["enabled"] == [arn("AWS-GR_RESTRICTED_SSH"), arn("AWS-GR_ROOT_ACCOUNT_MFA_ENABLED")]
    assert result["disabled"] == [] and result["updated"] == []
    assert result["diff"]["before"]["controls"] == {"AWS-GR_ENCRYPTED_VOLUMES": {}}
    assert list(result["diff"]["after"]["controls"]) == [
        "AWS-GR_ENCRYPTED_VOLUMES",
        "AWS-GR_RESTRICTED_SSH",
        "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED",
    ]
    assert [c["status"] for c in result["enabled_controls"]] == ["SUCCEEDED"] * 3


def test_all_enabled_is_a_noop(stub, run):
    expect_list(stub, summary("AWS-GR_RESTRICTED_SSH"), summary("AWS-GR_ENCRYPTED_VOLUMES", 2))
    result = run({"controls": ["AWS-GR_RESTRICTED_SSH", {"control_identifier": "AWS-GR_ENCRYPTED_VOLUMES"}]})
    assert not result["changed"] and not result["failed"]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_without_purge_unlisted_controls_stay(stub, run):
    expect_list(stub, summary("AWS-GR_RESTRICTED_SSH"), summary("AWS-GR_ENCRYPTED_VOLUMES", 2))
    result = run({"controls": ["AWS-GR_RESTRICTED_SSH"]})
    assert not result["changed"] and result["disabled"] == []


def test_purge_disables_unlisted_but_never_mandatory_controls(stub, run):
    extra = summary("AWS-GR_ENCRYPTED_VOLUMES", 2)
    expect_list(stub, summary("AWS-GR_RESTRICTED_SSH"), extra, summary("AWS-GR_CLOUDTRAIL_ENABLED", 3))
    stub.add_response("disable_control", {"operationIdentifier": op(9)}, {"enabledControlIdentifier": extra["arn"]})
    expect_op(stub, op(9), op_type="DISABLE_CONTROL")
    expect_list(stub, summary("AWS-GR_RESTRICTED_SSH"), summary("AWS-GR_CLOUDTRAIL_ENABLED", 3))
    result = run({"controls": ["AWS-GR_RESTRICTED_SSH"], "purge_controls": True})
    assert result["changed"]
    assert result["disabled"] == [arn("AWS-GR_ENCRYPTED_VOLUMES")]


def test_changed_parameters_are_updated(stub, run):
    enabled = summary("AWS-GR_RESTRICTED_SSH")
    expect_list(stub, enabled)
    details = dict(enabled, parameters=[{"key": "AllowedRegions", "value": ["us-east-1"]}])
    stub.add_response(
        "get_enabled_control", {"enabledControlDetails": details}, {"enabledControlIdentifier": enabled["arn"]}
    )
    wanted = [{"key": "AllowedRegions", "value": ["us-east-1", "eu-west-1"]}]
    stub.add_response(
        "update_enabled_control",
        {"operationIdentifier": op(3)},
        {"enabledControlIdentifier": enabled["arn"], "parameters": wanted},
    )
    expect_op(stub, op(3), op_type="UPDATE_ENABLED_CONTROL")
    expect_list(stub, enabled)
    control = {
        "control_identifier": "AWS-GR_RESTRICTED_SSH",
        "parameters": {"AllowedRegions": ["us-east-1", "eu-west-1"]},
    }
    result = run({"controls": [control]})
    assert result["changed"] and result["updated"] == [arn("AWS-GR_RESTRICTED_SSH")] and result["enabled"] == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_parameter_only_update_shows_the_parameters_before_and_after(stub, run, check_mode):
    enabled, other = summary("AWS-GR_RESTRICTED_SSH"), summary("AWS-GR_ENCRYPTED_VOLUMES", 2)
    expect_list(stub, enabled, other)
    details = dict(enabled, parameters=[{"key": "AllowedRegions", "value": ["us-east-1"]}])
    stub.add_response(
        "get_enabled_control", {"enabledControlDetails": details}, {"enabledControlIdentifier": enabled["arn"]}
    )
    if not check_mode:
        wanted = [{"key": "AllowedRegions", "value": ["us-east-1", "eu-west-1"]}]
        stub.add_response(
            "update_enabled_control",
            {"operationIdentifier": op(3)},
            {"enabledControlIdentifier": enabled["arn"], "parameters": wanted},
        )
        expect_op(stub, op(3), op_type="UPDATE_ENABLED_CONTROL")
        expect_list(stub, enabled, other)
    control = {
        "control_identifier": "AWS-GR_RESTRICTED_SSH",
        "parameters": {"AllowedRegions": ["us-east-1", "eu-west-1"]},
    }
    result = run({"controls": [control]}, check_mode=check_mode, diff=True)
    assert result["changed"] and result["diff"]["before"] != result["diff"]["after"]
    assert result["diff"]["before"]["controls"] == {
        "AWS-GR_ENCRYPTED_VOLUMES": {},
        "AWS-GR_RESTRICTED_SSH": {"parameters": {"AllowedRegions": ["us-east-1"]}},
    }
    assert result["diff"]["after"]["controls"] == {
        "AWS-GR_ENCRYPTED_VOLUMES": {},
        "AWS-GR_RESTRICTED_SSH": {"parameters": {"AllowedRegions": ["us-east-1", "eu-west-1"]}},
    }


def test_only_the_changed_control_of_several_is_updated(stub, run):
    first, second = summary("AWS-GR_RESTRICTED_SSH"), summary("AWS-GR_ENCRYPTED_VOLUMES", 2)
    expect_list(stub, first, second)
    for control, regions in ((first, ["us-east-1"]), (second, ["eu-west-1"])):
        details = dict(control, parameters=[{"key": "AllowedRegions", "value": regions}])
        stub.add_response(
            "get_enabled_control", {"enabledControlDetails": details}, {"enabledControlIdentifier": control["arn"]}
        )
    stub.add_response(
        "update_enabled_control",
        {"operationIdentifier": op(5)},
        {"enabledControlIdentifier": second["arn"], "parameters": [{"key": "AllowedRegions", "value": ["eu-north-1"]}]},
    )
    expect_op(stub, op(5), op_type="UPDATE_ENABLED_CONTROL")
    expect_list(stub, first, second)
    controls = [
        {"control_identifier": "AWS-GR_RESTRICTED_SSH", "parameters": {"AllowedRegions": ["us-east-1"]}},
        {"control_identifier": "AWS-GR_ENCRYPTED_VOLUMES", "parameters": {"AllowedRegions": ["eu-north-1"]}},
    ]
    result = run({"controls": controls})
    assert result["changed"] and result["updated"] == [arn("AWS-GR_ENCRYPTED_VOLUMES")]
    assert result["enabled"] == [] and result["disabled"] == []


def test_same_parameters_in_another_order_are_no_change(stub, run):
    enabled = summary("AWS-GR_RESTRICTED_SSH")
    expect_list(stub, enabled)
    details = dict(enabled, parameters=[{"key": "AllowedRegions", "value": ["eu-west-1", "us-east-1"]}])
    stub.add_response(
        "get_enabled_control", {"enabledControlDetails": details}, {"enabledControlIdentifier": enabled["arn"]}
    )
    control = {
        "control_identifier": "AWS-GR_RESTRICTED_SSH",
        "parameters": {"AllowedRegions": ["us-east-1", "eu-west-1"]},
    }
    assert not run({"controls": [control]})["changed"]


def test_state_absent_disables_listed_enabled_controls(stub, run):
    enabled = summary("AWS-GR_RESTRICTED_SSH")
    expect_list(stub, enabled, summary("AWS-GR_ENCRYPTED_VOLUMES", 2))
    stub.add_response("disable_control", {"operationIdentifier": op(4)}, {"enabledControlIdentifier": enabled["arn"]})
    expect_op(stub, op(4), op_type="DISABLE_CONTROL")
    expect_list(stub, summary("AWS-GR_ENCRYPTED_VOLUMES", 2))
    result = run({"controls": ["AWS-GR_RESTRICTED_SSH", "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED"], "state": "absent"})
    assert result["changed"] and result["disabled"] == [arn("AWS-GR_RESTRICTED_SSH")]
    assert result["diff"]["after"]["controls"] == {"AWS-GR_ENCRYPTED_VOLUMES": {}}


def test_check_mode_predicts_and_writes_nothing(stub, run):
    expect_list(stub, summary("AWS-GR_ENCRYPTED_VOLUMES"))
    result = run({"controls": ["AWS-GR_RESTRICTED_SSH"], "purge_controls": True}, check_mode=True)
    assert result["changed"]
    assert result["enabled"] == [arn("AWS-GR_RESTRICTED_SSH")]
    assert result["disabled"] == [arn("AWS-GR_ENCRYPTED_VOLUMES")]
    assert [c["control_identifier"] for c in result["enabled_controls"]] == [arn("AWS-GR_RESTRICTED_SSH")]
    assert "arn" not in result["enabled_controls"][0]


def test_failed_operation_is_reported_with_its_message_after_the_others(stub, run):
    expect_list(stub)
    expect_enable(stub, "AWS-GR_RESTRICTED_SSH", op(1))
    expect_enable(stub, "AWS-GR_ENCRYPTED_VOLUMES", op(2), n=2)
    expect_op(stub, op(1), status="FAILED", message="AWS Config is not enabled in the account")
    expect_op(stub, op(2))
    expect_list(stub, summary("AWS-GR_ENCRYPTED_VOLUMES", 2))
    result = run({"controls": ["AWS-GR_RESTRICTED_SSH", "AWS-GR_ENCRYPTED_VOLUMES"]})
    assert result["failed"]
    assert "enable AWS-GR_RESTRICTED_SSH: AWS Config is not enabled in the account" in result["msg"]
    assert [c["control_identifier"] for c in result["enabled_controls"]] == [arn("AWS-GR_ENCRYPTED_VOLUMES")]


def test_in_progress_operation_is_polled_until_done(stub, run, sleeps):
    expect_list(stub)
    expect_enable(stub, "AWS-GR_RESTRICTED_SSH", op(1))
    expect_op(stub, op(1), status="IN_PROGRESS")
    expect_op(stub, op(1))
    expect_list(stub, summary("AWS-GR_RESTRICTED_SSH"))
    assert run({"controls": ["AWS-GR_RESTRICTED_SSH"]})["changed"]
    assert sleeps == [15]


def test_more_than_ten_operations_run_in_batches_of_ten(stub, run):
    ids = [f"AWS-GR_TEST_{i:02d}" for i in range(12)]
    expect_list(stub)
    for first, last in ((0, 10), (10, 12)):
        for i in range(first, last):
            expect_enable(stub, ids[i], op(i), n=i)
        for i in range(first, last):
            expect_op(stub, op(i))
    expect_list(stub, *(summary(c, i) for i, c in enumerate(ids)))
    result = run({"controls": ids})
    assert len(result["enabled"]) == 12 and len(result["enabled_controls"]) == 12


@pytest.mark.parametrize(
    "args, message",
    [
        ({"controls": ["GR_ROOT_MFA"]}, "controls[0]: 'GR_ROOT_MFA' is not a control identifier"),
        (
            {"controls": ["arn:aws:controltower:eu-west-1::control/AWS-GR_RESTRICTED_SSH"]},
            "is the control's ARN in eu-west-1, but the call is made in us-east-1",
        ),
        ({"controls": ["AWS-GR_CLOUDTRAIL_ENABLED"]}, "AWS-GR_CLOUDTRAIL_ENABLED is a mandatory control"),
        (
            {"controls": ["AWS-GR_RESTRICTED_SSH", arn("AWS-GR_RESTRICTED_SSH")]},
            "controls[1]: AWS-GR_RESTRICTED_SSH is listed twice",
        ),
        ({"controls": [{"control": "AWS-GR_RESTRICTED_SSH"}]}, "controls[0]: unknown key(s) ['control']"),
        (
            {"controls": [{"control_identifier": "AWS-GR_RESTRICTED_SSH", "parameters": ["x"]}]},
            "parameters must be a dict",
        ),
        ({"target_identifier": "ou-ab12-11111111"}, "target_identifier must be an organizational unit ARN"),
    ],
)
def test_bad_input_fails_before_any_api_call(run, args, message):
    result = run(args, client=False)
    assert result["failed"] and message in result["msg"]
