"""AWS Budgets: what moto 5.2.5 lacks or gets wrong for budgets with notifications and subscribers.

moto keeps budgets (with their notifications and subscribers) in its backend; these handlers work on those objects.

- UpdateBudget, UpdateNotification, DescribeSubscribersForNotification, CreateSubscriber, DeleteSubscriber and
  UpdateSubscriber are not implemented (HTTP 500).
- CreateNotification accepts a notification the budget already has (AWS: DuplicateRecordException) and
  DeleteNotification silently ignores one it does not have (AWS: NotFoundException); both match notifications by
  exact dict equality, so a notification created without ThresholdType could not be deleted with the (default)
  PERCENTAGE spelled out. Notifications are matched by type, operator, threshold and threshold type here.
- DescribeNotificationsForBudget on a missing budget crashed (KeyError, HTTP 500); AWS: NotFoundException.
- DescribeBudgets ignored MaxResults/NextToken.
"""

import datetime
import time

from emulator.registry import AwsError, Context, operation, paginate

SERVICE = "budgets"


def _backend(ctx: Context):
    from moto.budgets.models import budgets_backends

    return budgets_backends[ctx.account_id]["aws"]


def _epochs(value):
    """moto keeps budget timestamps as epoch seconds (and json.dumps them): convert parsed datetimes back."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {k: _epochs(v) for k, v in value.items()}
    return value


def _budget(ctx: Context, params: dict):
    budget = _backend(ctx).budgets[params["AccountId"]].get(params["BudgetName"])
    if budget is None:
        raise AwsError(
            "NotFoundException", f"Unable to find budget: {params['BudgetName']} - the budget doesn't exist."
        )
    return budget


def _key(notification: dict) -> tuple:
    return (
        notification["NotificationType"],
        notification["ComparisonOperator"],
        float(notification["Threshold"]),
        notification.get("ThresholdType") or "PERCENTAGE",
    )


def _notification(budget, notification: dict):
    found = next((n for n in budget.notifications if _key(n.details) == _key(notification)), None)
    if found is None:
        raise AwsError("NotFoundException", "Unable to find notification - the notification doesn't exist.")
    return found


def _clean(notification: dict) -> dict:
    details = {k: v for k, v in notification.items() if k != "NotificationState"}
    details["Threshold"] = float(details["Threshold"])
    details.setdefault("ThresholdType", "PERCENTAGE")
    return details


def _subscriber_key(subscriber: dict) -> tuple:
    return subscriber["SubscriptionType"], subscriber["Address"]


def _check_subscribers(subscribers: list) -> None:
    emails = [s for s in subscribers if s["SubscriptionType"] == "EMAIL"]
    topics = [s for s in subscribers if s["SubscriptionType"] == "SNS"]
    if len(emails) > 10 or len(topics) > 1:
        raise AwsError(
            "InvalidParameterException", "A notification can have at most 10 email subscribers and 1 SNS subscriber."
        )


@operation(SERVICE, "DescribeBudgets")
def describe_budgets(ctx: Context, params: dict) -> dict:
    budgets = [b.to_dict() for b in _backend(ctx).budgets[params["AccountId"]].values()]
    page, token = paginate(budgets, params.get("MaxResults"), params.get("NextToken"))
    return {"Budgets": page, **({"NextToken": token} if token else {})}


@operation(SERVICE, "UpdateBudget")
def update_budget(ctx: Context, params: dict) -> dict:
    new = params["NewBudget"]
    budget = _budget(ctx, {"AccountId": params["AccountId"], "BudgetName": new["BudgetName"]})
    if "BudgetLimit" not in new and "PlannedBudgetLimits" not in new and "AutoAdjustData" not in new:
        raise AwsError("InvalidParameterException", "Unable to update budget - please provide a Budget Limit.")
    kept = {k: budget.budget[k] for k in ("TimePeriod",) if k in budget.budget and k not in new}
    budget.budget = dict(_epochs(new), **kept, LastUpdatedTime=time.time())
    return {}


@operation(SERVICE, "DescribeNotificationsForBudget")
def describe_notifications_for_budget(ctx: Context, params: dict) -> dict:
    details = [dict(n.details) for n in _budget(ctx, params).notifications]
    page, token = paginate(details, params.get("MaxResults"), params.get("NextToken"))
    return {"Notifications": page, **({"NextToken": token} if token else {})}


@operation(SERVICE, "CreateNotification")
def create_notification(ctx: Context, params: dict) -> dict:
    budget = _budget(ctx, params)
    if any(_key(n.details) == _key(params["Notification"]) for n in budget.notifications):
        raise AwsError("DuplicateRecordException", "Unable to create notification - the notification already exists.")
    _check_subscribers(params["Subscribers"])
    budget.add_notification(_clean(params["Notification"]), list(params["Subscribers"]))
    return {}


@operation(SERVICE, "DeleteNotification")
def delete_notification(ctx: Context, params: dict) -> dict:
    budget = _budget(ctx, params)
    found = _notification(budget, params["Notification"])
    budget.notifications = [n for n in budget.notifications if n is not found]
    return {}


@operation(SERVICE, "UpdateNotification")
def update_notification(ctx: Context, params: dict) -> dict:
    budget = _budget(ctx, params)
    found = _notification(budget, params["OldNotification"])
    if _key(params["NewNotification"]) != _key(found.details) and any(
        _key(n.details) == _key(params["NewNotification"]) for n in budget.notifications
    ):
        raise AwsError("DuplicateRecordException", "Unable to update notification - the notification already exists.")
    found.details = _clean(params["NewNotification"])
    return {}


@operation(SERVICE, "DescribeSubscribersForNotification")
def describe_subscribers_for_notification(ctx: Context, params: dict) -> dict:
    found = _notification(_budget(ctx, params), params["Notification"])
    page, token = paginate(list(found.subscribers), params.get("MaxResults"), params.get("NextToken"))
    return {"Subscribers": page, **({"NextToken": token} if token else {})}


@operation(SERVICE, "CreateSubscriber")
def create_subscriber(ctx: Context, params: dict) -> dict:
    found = _notification(_budget(ctx, params), params["Notification"])
    if any(_subscriber_key(s) == _subscriber_key(params["Subscriber"]) for s in found.subscribers):
        raise AwsError("DuplicateRecordException", "Unable to create subscriber - the subscriber already exists.")
    _check_subscribers(found.subscribers + [params["Subscriber"]])
    found.subscribers = found.subscribers + [params["Subscriber"]]
    return {}


@operation(SERVICE, "DeleteSubscriber")
def delete_subscriber(ctx: Context, params: dict) -> dict:
    found = _notification(_budget(ctx, params), params["Notification"])
    kept = [s for s in found.subscribers if _subscriber_key(s) != _subscriber_key(params["Subscriber"])]
    if len(kept) == len(found.subscribers):
        raise AwsError("NotFoundException", "Unable to find subscriber - the subscriber doesn't exist.")
    found.subscribers = kept
    return {}


@operation(SERVICE, "UpdateSubscriber")
def update_subscriber(ctx: Context, params: dict) -> dict:
    found = _notification(_budget(ctx, params), params["Notification"])
    old = _subscriber_key(params["OldSubscriber"])
    if not any(_subscriber_key(s) == old for s in found.subscribers):
        raise AwsError("NotFoundException", "Unable to find subscriber - the subscriber doesn't exist.")
    found.subscribers = [params["NewSubscriber"] if _subscriber_key(s) == old else s for s in found.subscribers]
    return {}
