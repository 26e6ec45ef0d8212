"""cloudwatch_dashboard and cloudwatch_dashboard_info driven through main() against a Stubber-validated client."""

import json

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import cloudwatch_dashboard
from ansible_collections.prodgrade.aws.plugins.modules import cloudwatch_dashboard_info

WIDGET = {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {"metrics": [["AWS/EC2", "CPU"]]}}
BODY = {"widgets": [WIDGET]}
ARN = "arn:aws:cloudwatch::123456789012:dashboard/app"


def answer(body):
    return {"DashboardName": "app", "DashboardArn": ARN, "DashboardBody": json.dumps(body)}


@pytest.fixture
def cw(aws_client):
    return aws_client("cloudwatch")


@pytest.fixture
def stub(cw):
    return cw[1]


@pytest.fixture
def run(run_module, cw):
    def run_(args=None, main=cloudwatch_dashboard.main, **kw):
        return run_module(main, dict({"name": "app", "body": BODY}, **(args or {})), client=cw[0], **kw)

    return run_


def expect_get(stub, body=None):
    if body is None:
        stub.add_client_error(
            "get_dashboard", "ResourceNotFound", "Dashboard does not exist", 404, {"DashboardName": "app"}
        )
    else:
        stub.add_response("get_dashboard", answer(body), {"DashboardName": "app"})


def expect_put(stub, body, messages=()):
    params = {"DashboardName": "app", "DashboardBody": json.dumps(body, sort_keys=True)}
    stub.add_response("put_dashboard", {"DashboardValidationMessages": list(messages)}, params)


def test_create(stub, run):
    expect_get(stub)
    expect_put(stub, BODY)
    expect_get(stub, BODY)
    result = run(diff=True)
    assert result["changed"] and result["dashboard"]["dashboard_arn"] == ARN
    assert result["dashboard"]["dashboard_body"] == BODY
    assert result["diff"] == {"before": {}, "after": result["dashboard"]}


def test_json_string_with_other_key_order_is_a_noop(stub, run):
    expect_get(stub, {"widgets": [dict(reversed(list(WIDGET.items())))]})
    result = run({"body": json.dumps(BODY, indent=4)})
    assert not result["changed"] and not result["failed"]


def test_update_replaces_the_body_and_warns_about_messages(stub, run):
    expect_get(stub, {"widgets": []})
    expect_put(stub, BODY, [{"DataPath": "/widgets/0", "Message": "metric not found"}])
    expect_get(stub, BODY)
    result = run(diff=True)
    assert result["changed"]
    assert result["diff"]["before"]["dashboard_body"] == {"widgets": []}
    assert result["diff"]["after"]["dashboard_body"] == BODY
    assert any("metric not found" in w for w in result.get("warnings", []))


def test_delete(stub, run):
    expect_get(stub, BODY)
    stub.add_response("delete_dashboards", {}, {"DashboardNames": ["app"]})
    result = run({"state": "absent", "body": None})
    assert result["changed"] and result["dashboard"] == {}


def test_delete_when_absent_is_a_noop(stub, run):
    expect_get(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    expect_get(stub)  # a put_dashboard call would be an unexpected Stubber request
    result = run(check_mode=True)
    assert result["changed"] and result["dashboard"] == {"dashboard_name": "app", "dashboard_body": BODY}
    expect_get(stub, BODY)
    assert run({"state": "absent"}, check_mode=True)["changed"]


def test_a_conflict_is_retried(stub, run, sleeps):
    stub.add_client_error(
        "get_dashboard", "ConcurrentModificationException", "try again", 400, {"DashboardName": "app"}
    )
    expect_get(stub, BODY)
    assert not run()["changed"] and len(sleeps) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        ({"name": "bad name"}, "name must be 1-255 letters"),
        ({"body": None}, "body is required when state=present"),
        ({"body": "{not json"}, "body is not valid JSON"),
        ({"body": {"widget": []}}, "must have a 'widgets' list"),
        ({"body": {"widgets": [dict(WIDGET, type="graph")]}}, "body.widgets[0].type must be one of"),
        ({"body": {"widgets": [dict(WIDGET, width=30)]}}, "body.widgets[0].width must be an integer 1..24"),
        ({"body": {"widgets": [dict(WIDGET, x=20, width=6)]}}, "x + width must be at most 24"),
        ({"body": {"widgets": [{"type": "text"}]}}, "body.widgets[0].properties must be a dict"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    result = run_module(cloudwatch_dashboard.main, dict({"name": "app", "body": BODY}, **args))
    assert result["failed"] and message in result["msg"]


def test_info_lists_by_prefix(stub, run_module, cw):
    stub.add_response(
        "list_dashboards",
        {"DashboardEntries": [{"DashboardName": "app"}, {"DashboardName": "app-old"}]},
        {"DashboardNamePrefix": "app"},
    )
    expect_get(stub, BODY)
    stub.add_client_error("get_dashboard", "ResourceNotFound", "gone", 404, {"DashboardName": "app-old"})
    result = run_module(cloudwatch_dashboard_info.main, {"prefix": "app"}, client=cw[0])
    assert [d["dashboard_name"] for d in result["dashboards"]] == ["app"]
    assert result["dashboards"][0]["dashboard_body"] == BODY
