# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Budgets API calls (budgets, notifications, subscribers), one small function each, retried with
``aws_retry()`` and wrapped by ``BudgetsErrorHandler``; plus the snake_cased budget shape the modules return.

A notification has no id: it *is* its (type, comparison operator, threshold, threshold type), which is how the
modules match the notifications asked for with the ones a budget has.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# Budget members this collection manages; the others (PlannedBudgetLimits, AutoAdjustData, ...) are kept as they are.
READ_ONLY = ("CalculatedSpend", "LastUpdatedTime", "HealthStatus")
COST_TYPES = (
    "IncludeTax",
    "IncludeSubscription",
    "UseBlended",
    "IncludeRefund",
    "IncludeCredit",
    "IncludeUpfront",
    "IncludeRecurring",
    "IncludeOtherSubscription",
    "IncludeSupport",
    "IncludeDiscount",
    "UseAmortized",
)


class AnsibleBudgetsError(AnsibleAWSError):
    pass


class BudgetsErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleBudgetsError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NotFoundException")


@BudgetsErrorHandler.list_error_handler("describe budget")
@aws_retry()
def describe_budget(client, account_id: str, name: str) -> Optional[Dict[str, Any]]:
    """DescribeBudget (boto3 shape); None when there is no such budget."""
    return client.describe_budget(AccountId=account_id, BudgetName=name)["Budget"]


@BudgetsErrorHandler.list_error_handler("describe budgets", [])
@aws_retry()
def describe_budgets(client, account_id: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("describe_budgets")
    return paginator.paginate(AccountId=account_id).build_full_result().get("Budgets", [])


@BudgetsErrorHandler.list_error_handler("describe notifications", [])
@aws_retry()
def describe_notifications(client, account_id: str, name: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("describe_notifications_for_budget")
    return paginator.paginate(AccountId=account_id, BudgetName=name).build_full_result().get("Notifications", [])


@BudgetsErrorHandler.list_error_handler("describe subscribers", [])
@aws_retry()
def describe_subscribers(client, account_id: str, name: str, notification: Dict[str, Any]) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("describe_subscribers_for_notification")
    pages = paginator.paginate(AccountId=account_id, BudgetName=name, Notification=notification)
    return pages.build_full_result().get("Subscribers", [])


@BudgetsErrorHandler.common_error_handler("create budget")
@aws_retry()
def create_budget(client, account_id: str, budget: Dict[str, Any], notifications: List[Dict[str, Any]]) -> bool:
    params = dict(AccountId=account_id, Budget=budget)
    if notifications:
        params["NotificationsWithSubscribers"] = notifications
    client.create_budget(**params)
    return True


@BudgetsErrorHandler.common_error_handler("update budget")
@aws_retry()
def update_budget(client, account_id: str, budget: Dict[str, Any]) -> bool:
    client.update_budget(AccountId=account_id, NewBudget=budget)
    return True


@BudgetsErrorHandler.deletion_error_handler("delete budget")
@aws_retry()
def delete_budget(client, account_id: str, name: str) -> bool:
    client.delete_budget(AccountId=account_id, BudgetName=name)
    return True


@BudgetsErrorHandler.common_error_handler("create notification")
@aws_retry()
def create_notification(client, account_id: str, name: str, notification: Dict, subscribers: List[Dict]) -> bool:
    client.create_notification(
        AccountId=account_id, BudgetName=name, Notification=notification, Subscribers=subscribers
    )
    return True


@BudgetsErrorHandler.deletion_error_handler("delete notification")
@aws_retry()
def delete_notification(client, account_id: str, name: str, notification: Dict[str, Any]) -> bool:
    client.delete_notification(AccountId=account_id, BudgetName=name, Notification=notification)
    return True


@BudgetsErrorHandler.common_error_handler("create subscriber")
@aws_retry()
def create_subscriber(client, account_id: str, name: str, notification: Dict, subscriber: Dict) -> bool:
    client.create_subscriber(AccountId=account_id, BudgetName=name, Notification=notification, Subscriber=subscriber)
    return True


@BudgetsErrorHandler.deletion_error_handler("delete subscriber")
@aws_retry()
def delete_subscriber(client, account_id: str, name: str, notification: Dict, subscriber: Dict) -> bool:
    client.delete_subscriber(AccountId=account_id, BudgetName=name, Notification=notification, Subscriber=subscriber)
    return True


# ------------------------------------------------------------------ shapes


def notification_key(notification: Dict[str, Any]) -> Tuple[str, str, float, str]:
    """What identifies a snake_cased notification."""
    return (
        notification["notification_type"],
        notification["comparison_operator"],
        float(notification["threshold"]),
        notification.get("threshold_type") or "PERCENTAGE",
    )


def notification_to_boto3(notification: Dict[str, Any]) -> Dict[str, Any]:
    kind, operator, threshold, threshold_type = notification_key(notification)
    return dict(NotificationType=kind, ComparisonOperator=operator, Threshold=threshold, ThresholdType=threshold_type)


def subscriber_to_boto3(subscriber: Dict[str, Any]) -> Dict[str, Any]:
    return dict(SubscriptionType=subscriber["subscription_type"], Address=subscriber["address"])


def sorted_subscribers(subscribers: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return sorted(subscribers, key=lambda s: (s["subscription_type"], s["address"]))


def sorted_notifications(notifications: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return sorted(notifications, key=notification_key)


def _date(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)[:10]


def normalize_budget(budget: Optional[Dict[str, Any]], notifications: List[Dict[str, Any]]) -> Optional[Dict]:
    """boto3 budget + [(boto3 notification, boto3 subscribers)] -> the snake_cased budget the modules return."""
    if not budget:
        return None
    result = camel_dict_to_snake_dict(
        {k: v for k, v in budget.items() if k not in ("CostFilters", "TimePeriod", "LastUpdatedTime")}
    )
    if "BudgetLimit" in budget:
        result["budget_limit"] = {"amount": budget["BudgetLimit"]["Amount"], "unit": budget["BudgetLimit"]["Unit"]}
    result["cost_filters"] = {k: list(v) for k, v in (budget.get("CostFilters") or {}).items()}
    period = budget.get("TimePeriod") or {}
    result["time_period"] = {k.lower(): _date(v) for k, v in period.items()}
    if budget.get("LastUpdatedTime"):
        result["last_updated_time"] = str(budget["LastUpdatedTime"])
    result["notifications"] = sorted_notifications(
        [
            dict(
                camel_dict_to_snake_dict(notification),
                threshold=float(notification["Threshold"]),
                threshold_type=notification.get("ThresholdType") or "PERCENTAGE",
                subscribers=sorted_subscribers([camel_dict_to_snake_dict(s) for s in subscribers]),
            )
            for notification, subscribers in notifications
        ]
    )
    return result


def get_budget(client, account_id: str, name: str) -> Tuple[Optional[Dict[str, Any]], Optional[Dict[str, Any]]]:
    """(snake_cased budget with its notifications and subscribers, boto3 budget); (None, None) when absent."""
    raw = describe_budget(client, account_id, name)
    if raw is None:
        return None, None
    notifications = [
        (n, describe_subscribers(client, account_id, name, _notification_identity(n)))
        for n in describe_notifications(client, account_id, name)
    ]
    return normalize_budget(raw, notifications), raw


def _notification_identity(notification: Dict[str, Any]) -> Dict[str, Any]:
    # NotificationState is an output member: never send it back
    return {k: v for k, v in notification.items() if k != "NotificationState"}
