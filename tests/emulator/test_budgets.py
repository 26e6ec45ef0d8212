"""AWS Budgets: update, notifications matched by value, subscribers (moto 5.2.5 lacks them)."""

import pytest

ACCOUNT = "123456789012"
EMAIL = {"SubscriptionType": "EMAIL", "Address": "a@example.com"}
SNS = {"SubscriptionType": "SNS", "Address": "arn:aws:sns:us-east-1:123456789012:alerts"}
N80 = {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 80}
BUDGET = {
    "BudgetName": "m",
    "BudgetLimit": {"Amount": "100", "Unit": "USD"},
    "TimeUnit": "MONTHLY",
    "BudgetType": "COST",
}
KEY = {"AccountId": ACCOUNT, "BudgetName": "m"}


@pytest.fixture
def budgets(client):
    api = client("budgets")
    api.create_budget(
        AccountId=ACCOUNT, Budget=BUDGET, NotificationsWithSubscribers=[{"Notification": N80, "Subscribers": [EMAIL]}]
    )
    return api


def test_update_budget_keeps_the_period(budgets):
    start = budgets.describe_budget(**KEY)["Budget"]["TimePeriod"]["Start"]
    budgets.update_budget(AccountId=ACCOUNT, NewBudget=dict(BUDGET, BudgetLimit={"Amount": "250", "Unit": "USD"}))
    budget = budgets.describe_budget(**KEY)["Budget"]
    assert budget["BudgetLimit"]["Amount"] == "250" and budget["TimePeriod"]["Start"] == start
    with pytest.raises(budgets.exceptions.NotFoundException):
        budgets.update_budget(AccountId=ACCOUNT, NewBudget=dict(BUDGET, BudgetName="other"))


def test_update_budget_with_a_time_period(budgets):
    import datetime

    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    budgets.update_budget(AccountId=ACCOUNT, NewBudget=dict(BUDGET, TimePeriod={"Start": start}))
    assert budgets.describe_budget(**KEY)["Budget"]["TimePeriod"]["Start"] == start


def test_notifications_are_matched_by_value(budgets):
    spelled_out = dict(N80, Threshold=80.0, ThresholdType="PERCENTAGE")
    with pytest.raises(budgets.exceptions.DuplicateRecordException):
        budgets.create_notification(**KEY, Notification=spelled_out, Subscribers=[EMAIL])
    assert budgets.describe_subscribers_for_notification(**KEY, Notification=spelled_out)["Subscribers"] == [EMAIL]
    budgets.delete_notification(**KEY, Notification=spelled_out)
    assert budgets.describe_notifications_for_budget(**KEY)["Notifications"] == []
    with pytest.raises(budgets.exceptions.NotFoundException):
        budgets.delete_notification(**KEY, Notification=N80)


def test_subscribers(budgets):
    budgets.create_subscriber(**KEY, Notification=N80, Subscriber=SNS)
    with pytest.raises(budgets.exceptions.DuplicateRecordException):
        budgets.create_subscriber(**KEY, Notification=N80, Subscriber=SNS)
    with pytest.raises(budgets.exceptions.InvalidParameterException):
        budgets.create_subscriber(**KEY, Notification=N80, Subscriber=dict(SNS, Address=SNS["Address"] + "2"))
    budgets.delete_subscriber(**KEY, Notification=N80, Subscriber=EMAIL)
    new = dict(SNS, Address=SNS["Address"] + "-v2")
    budgets.update_subscriber(**KEY, Notification=N80, OldSubscriber=SNS, NewSubscriber=new)
    assert budgets.describe_subscribers_for_notification(**KEY, Notification=N80)["Subscribers"] == [new]
    budgets.update_notification(**KEY, OldNotification=N80, NewNotification=dict(N80, Threshold=90))
    assert budgets.describe_notifications_for_budget(**KEY)["Notifications"][0]["Threshold"] == 90.0


def test_missing_budget_is_not_found(budgets):
    with pytest.raises(budgets.exceptions.NotFoundException):
        budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName="nope")


def test_describe_budgets_pages(budgets):
    budgets.create_budget(AccountId=ACCOUNT, Budget=dict(BUDGET, BudgetName="n"))
    first = budgets.describe_budgets(AccountId=ACCOUNT, MaxResults=1)
    second = budgets.describe_budgets(AccountId=ACCOUNT, MaxResults=1, NextToken=first["NextToken"])
    assert [b["BudgetName"] for b in first["Budgets"] + second["Budgets"]] == ["m", "n"]
