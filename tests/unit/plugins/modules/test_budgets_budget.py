"""budgets_budget and budgets_budget_info driven through main() against a Stubber-validated Budgets client."""

import copy
import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import budgets_budget
from ansible_collections.prodgrade.aws.plugins.modules import budgets_budget_info

ACCOUNT = "123456789012"
TOPIC = "arn:aws:sns:us-east-1:123456789012:cost-alerts"
EMAIL = {"SubscriptionType": "EMAIL", "Address": "finops@example.com"}
SNS = {"SubscriptionType": "SNS", "Address": TOPIC}
N80 = {
    "NotificationType": "FORECASTED",
    "ComparisonOperator": "GREATER_THAN",
    "Threshold": 80.0,
    "ThresholdType": "PERCENTAGE",
}
N100 = dict(N80, NotificationType="ACTUAL", Threshold=100.0)
ARGS = {
    "name": "monthly",
    "account_id": ACCOUNT,
    "limit_amount": "1000",
    "cost_types": {"include_credit": False},
    "notifications": [
        {
            "notification_type": "FORECASTED",
            "threshold": 80,
            "subscribers": [
                {"subscription_type": "EMAIL", "address": "finops@example.com"},
                {"subscription_type": "SNS", "address": TOPIC},
            ],
        },
        {
            "notification_type": "ACTUAL",
            "threshold": 100,
            "subscribers": [{"subscription_type": "EMAIL", "address": "finops@example.com"}],
        },
    ],
}
START = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2087, 6, 15, tzinfo=datetime.timezone.utc)
BUDGET = {
    "BudgetName": "monthly",
    "BudgetLimit": {"Amount": "1000.0", "Unit": "USD"},
    "CostTypes": {"IncludeCredit": False, "IncludeTax": True},
    "TimeUnit": "MONTHLY",
    "TimePeriod": {"Start": START, "End": END},
    "BudgetType": "COST",
    "CalculatedSpend": {"ActualSpend": {"Amount": "0", "Unit": "USD"}},
    "LastUpdatedTime": START,
}
KEY = {"AccountId": ACCOUNT, "BudgetName": "monthly"}


def with_args(args):
    merged = dict(copy.deepcopy(ARGS), **(args or {}))
    return {k: v for k, v in merged.items() if v is not None}


@pytest.fixture
def budgets(aws_client):
    return aws_client("budgets")


@pytest.fixture
def stub(budgets):
    return budgets[1]


@pytest.fixture
def run(run_module, budgets):
    def run_(args=None, main=budgets_budget.main, **kw):
        return run_module(main, with_args(args), client=budgets[0], **kw)

    return run_


def expect_read(stub, budget=None, notifications=()):
    """DescribeBudget + notifications + each one's subscribers; notifications = [(notification, subscribers)]."""
    if budget is None:
        stub.add_client_error("describe_budget", "NotFoundException", "no such budget", 404, KEY)
        return
    stub.add_response("describe_budget", {"Budget": budget}, KEY)
    stub.add_response("describe_notifications_for_budget", {"Notifications": [pair[0] for pair in notifications]}, KEY)
    for notification, subscribers in notifications:
        stub.add_response(
            "describe_subscribers_for_notification", {"Subscribers": subscribers}, dict(KEY, Notification=notification)
        )


EXISTING = [(N80, [EMAIL, SNS]), (N100, [EMAIL])]


def test_create(stub, run):
    expect_read(stub)
    create = {
        "AccountId": ACCOUNT,
        "Budget": {
            "BudgetName": "monthly",
            "BudgetType": "COST",
            "TimeUnit": "MONTHLY",
            "BudgetLimit": {"Amount": "1000", "Unit": "USD"},
            "CostTypes": {"IncludeCredit": False},
        },
        "NotificationsWithSubscribers": [
            {"Notification": N100, "Subscribers": [EMAIL]},
            {"Notification": N80, "Subscribers": [EMAIL, SNS]},
        ],
    }
    stub.add_response("create_budget", {}, create)
    expect_read(stub, BUDGET, EXISTING)
    result = run(diff=True)
    assert result["changed"] and not result["failed"]
    budget = result["budget"]
    assert budget["budget_limit"] == {"amount": "1000.0", "unit": "USD"}
    assert budget["time_period"] == {"start": "2026-11-01", "end": "2087-06-15"}
    assert [n["threshold"] for n in budget["notifications"]] == [100.0, 80.0]
    assert budget["notifications"][1]["subscribers"][1] == {"subscription_type": "SNS", "address": TOPIC}
    assert result["diff"]["before"] == {}


def test_rerun_is_a_noop(stub, run):
    expect_read(stub, BUDGET, EXISTING)  # "1000" == "1000.0", notifications in another order
    result = run()
    assert not result["changed"] and not result["failed"]


def test_update_limit_keeps_unmanaged_members_and_changes_subscribers(stub, run):
    planned = dict(BUDGET, AutoAdjustData={"AutoAdjustType": "HISTORICAL"})
    expect_read(stub, planned, [(N80, [EMAIL]), (N100, [EMAIL]), (dict(N100, Threshold=120.0), [EMAIL])])
    new_budget = {k: v for k, v in planned.items() if k not in ("CalculatedSpend", "LastUpdatedTime")}
    new_budget["BudgetLimit"] = {"Amount": "2000", "Unit": "USD"}
    stub.add_response("update_budget", {}, {"AccountId": ACCOUNT, "NewBudget": new_budget})
    stub.add_response("delete_notification", {}, dict(KEY, Notification=dict(N100, Threshold=120.0)))
    stub.add_response("create_subscriber", {}, dict(KEY, Notification=N80, Subscriber=SNS))
    expect_read(stub, dict(planned, BudgetLimit={"Amount": "2000.0", "Unit": "USD"}), EXISTING)
    result = run({"limit_amount": "2000"}, diff=True)
    assert result["changed"]
    assert result["diff"]["before"]["budget_limit"]["amount"] == "1000.0"
    assert result["budget"]["budget_limit"]["amount"] == "2000.0"
    assert len(result["budget"]["notifications"]) == 2


def test_changed_threshold_replaces_the_notification(stub, run):
    expect_read(stub, BUDGET, [(dict(N80, Threshold=75.0), [EMAIL, SNS]), (N100, [EMAIL])])
    stub.add_response("delete_notification", {}, dict(KEY, Notification=dict(N80, Threshold=75.0)))
    stub.add_response("create_notification", {}, dict(KEY, Notification=N80, Subscribers=[EMAIL, SNS]))
    expect_read(stub, BUDGET, EXISTING)
    assert run()["changed"]


def test_without_purge_other_notifications_stay(stub, run):
    extra = (dict(N100, Threshold=120.0), [EMAIL])
    expect_read(stub, BUDGET, EXISTING + [extra])
    assert not run({"purge_notifications": False})["changed"]


def test_unset_notifications_are_left_alone(stub, run):
    expect_read(stub, BUDGET, [])
    assert not run({"notifications": None})["changed"]


def test_delete(stub, run):
    expect_read(stub, BUDGET, EXISTING)
    stub.add_response("delete_budget", {}, KEY)
    result = run({"state": "absent"}, diff=True)
    assert result["changed"] and result["budget"] == {} and result["diff"]["after"] == {}


def test_delete_absent_is_a_noop(stub, run):
    expect_read(stub)
    assert not run({"state": "absent"})["changed"]


def test_check_mode_makes_no_write_call(stub, run):
    expect_read(stub)
    result = run(check_mode=True)
    assert result["changed"]
    assert result["budget"]["budget_limit"] == {"amount": "1000", "unit": "USD"}
    assert [n["threshold"] for n in result["budget"]["notifications"]] == [100.0, 80.0]
    expect_read(stub, BUDGET, EXISTING)
    result = run({"limit_amount": "5"}, check_mode=True)
    assert result["changed"] and result["budget"]["budget_limit"]["amount"] == "5"


def test_create_without_limit_fails(stub, run):
    expect_read(stub)
    result = run({"limit_amount": None})
    assert result["failed"] and "limit_amount is required to create budget monthly" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"name": "a:b"}, "name must be 1-100 characters"),
        ({"account_id": "12"}, "account_id must be a 12-digit account id"),
        ({"limit_amount": "ten"}, "limit_amount must be a non-negative number"),
        ({"time_period": {"start": "2026-13-01"}}, "time_period.start must be a date"),
        ({"time_period": {"start": "2027-01-01", "end": "2026-01-01"}}, "time_period.start must be before"),
        ({"budget_type": "USAGE"}, "cost_types only applies to budget_type=COST"),
        ({"notifications": ARGS["notifications"] * 3}, "a budget has at most 5"),
        ({"notifications": [ARGS["notifications"][1]] * 2}, "notifications[1] repeats notification ACTUAL"),
        (
            {
                "notifications": [
                    dict(ARGS["notifications"][1], subscribers=[{"subscription_type": "SNS", "address": "x"}])
                ]
            },
            "is not an SNS topic ARN",
        ),
        (
            {
                "notifications": [
                    dict(
                        ARGS["notifications"][1],
                        subscribers=[{"subscription_type": "SNS", "address": "arn:aws:sqs:us-east-1:123456789012:x"}],
                    )
                ]
            },
            "is not an SNS topic ARN",
        ),
        (
            {
                "notifications": [
                    dict(
                        ARGS["notifications"][1],
                        subscribers=[{"subscription_type": "SNS", "address": "arn:aws:sns:us-east-1:1234:alerts"}],
                    )
                ]
            },
            "is not an SNS topic ARN",
        ),
        (
            {
                "notifications": [
                    dict(
                        ARGS["notifications"][1],
                        subscribers=[{"subscription_type": "EMAIL", "address": f"a{i}@b.io"} for i in range(11)],
                    )
                ]
            },
            "11 EMAIL subscribers; at most 10",
        ),
        ({"notifications": [dict(ARGS["notifications"][1], threshold=0)]}, "threshold must be greater than 0"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, args, message):
    result = run_module(budgets_budget.main, with_args(args))
    assert result["failed"] and message in result["msg"]


def test_info_lists_all(stub, run_module, budgets):
    stub.add_response("describe_budgets", {"Budgets": [BUDGET]}, {"AccountId": ACCOUNT})
    expect_read(stub, BUDGET, EXISTING)
    result = run_module(budgets_budget_info.main, {"account_id": ACCOUNT}, client=budgets[0])
    assert [b["budget_name"] for b in result["budgets"]] == ["monthly"]
    assert len(result["budgets"][0]["notifications"]) == 2
