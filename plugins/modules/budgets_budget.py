#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: budgets_budget
short_description: Manage an AWS Budgets budget with its notifications and subscribers
version_added: 0.1.0
description:
  - Creates, updates or deletes one budget of an account, and the notifications (alerts) and subscribers (e-mail
    addresses, SNS topics) of that budget.
  - A notification is identified by its O(notifications[].notification_type),
    O(notifications[].comparison_operator), O(notifications[].threshold) and O(notifications[].threshold_type);
    changing one of these replaces the notification. Its subscribers are made to match the list given.
  - An option that is not set leaves that setting of an existing budget alone (O(budget_type) and O(time_unit)
    only default to V(COST) and V(MONTHLY) when the budget is created).
  - Budget settings this module has no option for (planned limits, auto-adjustment, filter expressions, ...) are
    kept as they are on update.
  - AWS limits are checked before any API call (at most 5 notifications per budget, 1 to 10 e-mail subscribers
    and at most 1 SNS topic per notification).
  - Supports check mode (returns the predicted budget) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of the budget, unique in the account. Up to 100 characters, without V(:) or V(\\).
    type: str
    required: true
    aliases: [budget_name]
  account_id:
    description:
      - Id of the account that owns the budget. Defaults to the account of the credentials (STS GetCallerIdentity).
    type: str
  budget_type:
    description:
      - What the budget tracks. V(COST) when the budget is created and this is not set.
    type: str
    choices: [COST, USAGE, RI_UTILIZATION, RI_COVERAGE, SAVINGS_PLANS_UTILIZATION, SAVINGS_PLANS_COVERAGE]
  limit_amount:
    description:
      - The budgeted amount (a number, as a string or a number), for example V(500). Required to create a budget.
      - Compared as a number, so V(500) and V(500.0) are the same.
    type: str
  limit_unit:
    description:
      - Unit of O(limit_amount), V(USD) for cost budgets, or a usage unit such as V(GB).
    type: str
    default: USD
  time_unit:
    description:
      - Length of a budget period. V(MONTHLY) when the budget is created and this is not set.
    type: str
    choices: [DAILY, MONTHLY, QUARTERLY, ANNUALLY]
  time_period:
    description:
      - When the budget starts and ends, as dates (V(YYYY-MM-DD)). AWS starts a new budget at the beginning of
        the current period and ends it in 2087 when they are not set.
    type: dict
    suboptions:
      start:
        description: Start date.
        type: str
      end:
        description: End date.
        type: str
  cost_filters:
    description:
      - Dimensions the budget is restricted to, for example a C(Service) key listing V(Amazon Relational Database Service).
      - Replaces all the budget's filters when set; V({}) removes them.
    type: dict
  cost_types:
    description:
      - Which costs the budget counts (cost budgets). Sub-options that are not set are left alone.
    type: dict
    suboptions:
      include_tax:
        description: Include taxes.
        type: bool
      include_subscription:
        description: Include non-RI subscription costs.
        type: bool
      use_blended:
        description: Use blended costs.
        type: bool
      include_refund:
        description: Include refunds.
        type: bool
      include_credit:
        description: Include credits.
        type: bool
      include_upfront:
        description: Include upfront RI costs.
        type: bool
      include_recurring:
        description: Include recurring fees.
        type: bool
      include_other_subscription:
        description: Include other subscription costs.
        type: bool
      include_support:
        description: Include support subscription fees.
        type: bool
      include_discount:
        description: Include discounts.
        type: bool
      use_amortized:
        description: Use amortized costs.
        type: bool
  notifications:
    description:
      - The budget's alerts. When not set, the notifications are left alone.
    type: list
    elements: dict
    suboptions:
      notification_type:
        description: Whether the alert is about the actual or the forecasted spend.
        type: str
        choices: [ACTUAL, FORECASTED]
        required: true
      comparison_operator:
        description: How the spend is compared with the threshold.
        type: str
        choices: [GREATER_THAN, LESS_THAN, EQUAL_TO]
        default: GREATER_THAN
      threshold:
        description: The threshold, a percentage of the budgeted amount or an absolute value.
        type: float
        required: true
      threshold_type:
        description: Whether O(notifications[].threshold) is a percentage or an amount.
        type: str
        choices: [PERCENTAGE, ABSOLUTE_VALUE]
        default: PERCENTAGE
      subscribers:
        description: Who is notified (1 to 10 e-mail addresses and at most 1 SNS topic).
        type: list
        elements: dict
        required: true
        suboptions:
          subscription_type:
            description: Kind of subscriber.
            type: str
            choices: [EMAIL, SNS]
            required: true
          address:
            description: E-mail address, or ARN of the SNS topic.
            type: str
            required: true
  purge_notifications:
    description:
      - Delete the notifications of the budget that O(notifications) does not list.
    type: bool
    default: true
  state:
    description:
      - Whether the budget should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Monthly cost budget with alerts at 80% (forecast) and 100% (actual)
  prodgrade.aws.budgets_budget:
    name: prod-monthly-budget
    budget_type: COST
    time_unit: MONTHLY
    limit_amount: "1000"
    cost_types:
      include_credit: false
      include_refund: false
    notifications:
      - notification_type: FORECASTED
        threshold: 80
        subscribers:
          - subscription_type: EMAIL
            address: finops@example.com
          - subscription_type: SNS
            address: arn:aws:sns:us-east-1:123456789012:cost-alerts
      - notification_type: ACTUAL
        threshold: 100
        subscribers:
          - subscription_type: EMAIL
            address: finops@example.com

- name: Remove the budget
  prodgrade.aws.budgets_budget:
    name: prod-monthly-budget
    state: absent
"""

RETURN = r"""
budget:
  description:
    - The budget, snake_cased, with its notifications and their subscribers. In check mode, the predicted budget.
      An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    budget_name:
      description: Name of the budget.
      type: str
      sample: prod-monthly-budget
    budget_type:
      description: What the budget tracks.
      type: str
      sample: COST
    budget_limit:
      description: The budgeted amount and its unit.
      type: dict
      sample: {"amount": "1000.0", "unit": "USD"}
    time_unit:
      description: Length of a budget period.
      type: str
      sample: MONTHLY
    time_period:
      description: Start and end dates.
      type: dict
      sample: {"start": "2026-11-01", "end": "2087-06-15"}
    cost_filters:
      description: Dimensions the budget is restricted to.
      type: dict
      sample: {}
    cost_types:
      description: Which costs the budget counts.
      type: dict
      sample: {"include_tax": true, "include_credit": false}
    calculated_spend:
      description: Actual and forecasted spend.
      returned: when the budget exists
      type: dict
      sample: {"actual_spend": {"amount": "0", "unit": "USD"}}
    notifications:
      description: The alerts, sorted, each with its subscribers.
      type: list
      elements: dict
      sample:
        - notification_type: ACTUAL
          comparison_operator: GREATER_THAN
          threshold: 100.0
          threshold_type: PERCENTAGE
          subscribers: [{"subscription_type": "EMAIL", "address": "finops@example.com"}]
"""

import datetime
import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_id
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import COST_TYPES
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import READ_ONLY
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import create_budget
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import create_notification
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import create_subscriber
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import delete_budget
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import delete_notification
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import delete_subscriber
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import get_budget
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import notification_key
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import notification_to_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import sorted_notifications
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import sorted_subscribers
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import subscriber_to_boto3
from ansible_collections.prodgrade.aws.plugins.module_utils.budgets import update_budget
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn

SUBSCRIBER = dict(
    subscription_type=dict(type="str", required=True, choices=["EMAIL", "SNS"]),
    address=dict(type="str", required=True),
)
NOTIFICATION = dict(
    notification_type=dict(type="str", required=True, choices=["ACTUAL", "FORECASTED"]),
    comparison_operator=dict(type="str", default="GREATER_THAN", choices=["GREATER_THAN", "LESS_THAN", "EQUAL_TO"]),
    threshold=dict(type="float", required=True),
    threshold_type=dict(type="str", default="PERCENTAGE", choices=["PERCENTAGE", "ABSOLUTE_VALUE"]),
    subscribers=dict(type="list", elements="dict", required=True, options=SUBSCRIBER),
)
ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True, aliases=["budget_name"]),
    account_id=dict(type="str"),
    budget_type=dict(
        type="str",
        choices=[
            "COST",
            "USAGE",
            "RI_UTILIZATION",
            "RI_COVERAGE",
            "SAVINGS_PLANS_UTILIZATION",
            "SAVINGS_PLANS_COVERAGE",
        ],
    ),
    limit_amount=dict(type="str"),
    limit_unit=dict(type="str", default="USD"),
    time_unit=dict(type="str", choices=["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY"]),
    time_period=dict(type="dict", options=dict(start=dict(type="str"), end=dict(type="str"))),
    cost_filters=dict(type="dict"),
    cost_types=dict(
        type="dict", options={re.sub(r"(?<!^)([A-Z])", r"_\1", k).lower(): dict(type="bool") for k in COST_TYPES}
    ),
    notifications=dict(type="list", elements="dict", options=NOTIFICATION),
    purge_notifications=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

MAX_NOTIFICATIONS = 5  # AWS Budgets quota: notifications per budget
MAX_EMAILS = 10  # ... and e-mail subscribers per notification (plus one SNS topic)
NAME = re.compile(r"^[^:\\]{1,100}$")
AMOUNT = re.compile(r"^([0-9]*\.)?[0-9]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
ACCOUNT_ID = re.compile(r"^\d{12}$")


def _parse_date(value):
    return datetime.datetime.strptime(value[:10], "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)


def validate_params(p):
    """Every input error, each naming its option and the rule, before any API call."""
    errors = []
    if not NAME.match(p["name"]) or "/action/" in p["name"]:
        errors.append(f"name must be 1-100 characters without ':', '\\' or '/action/': {p['name']!r}")
    if p["account_id"] and not ACCOUNT_ID.match(p["account_id"]):
        errors.append(f"account_id must be a 12-digit account id: {p['account_id']!r}")
    if p["state"] == "absent":
        return errors
    if p["limit_amount"] is not None and not AMOUNT.match(str(p["limit_amount"])):
        errors.append(f"limit_amount must be a non-negative number such as 500 or 99.5: {p['limit_amount']!r}")
    dates = {}
    for key, value in (p["time_period"] or {}).items():
        if value is None:
            continue
        try:
            dates[key] = _parse_date(value)
        except ValueError:
            errors.append(f"time_period.{key} must be a date (YYYY-MM-DD): {value!r}")
    if len(dates) == 2 and dates["start"] >= dates["end"]:
        errors.append("time_period.start must be before time_period.end")
    for key, values in (p["cost_filters"] or {}).items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            errors.append(f"cost_filters.{key} must be a list of strings")
    if (
        p["cost_types"]
        and any(v is not None for v in p["cost_types"].values())
        and p["budget_type"] not in (None, "COST")
    ):
        errors.append(f"cost_types only applies to budget_type=COST, not {p['budget_type']}")
    errors.extend(_notification_errors(p["notifications"] or []))
    return errors


def _notification_errors(notifications):
    errors, seen = [], set()
    if len(notifications) > MAX_NOTIFICATIONS:
        errors.append(f"notifications has {len(notifications)} entries; a budget has at most {MAX_NOTIFICATIONS}")
    for index, notification in enumerate(notifications):
        where = f"notifications[{index}]"
        key = notification_key(notification)
        if key in seen:
            errors.append(f"{where} repeats notification {key[0]} {key[1]} {key[2]:g} {key[3]}")
        seen.add(key)
        if notification["threshold"] <= 0:
            errors.append(f"{where}.threshold must be greater than 0: {notification['threshold']}")
        subscribers = notification["subscribers"]
        emails = [s for s in subscribers if s["subscription_type"] == "EMAIL"]
        topics = [s for s in subscribers if s["subscription_type"] == "SNS"]
        if not subscribers:
            errors.append(f"{where}.subscribers must list at least one subscriber")
        if len(emails) > MAX_EMAILS:
            errors.append(f"{where}.subscribers has {len(emails)} EMAIL subscribers; at most {MAX_EMAILS}")
        if len(topics) > 1:
            errors.append(f"{where}.subscribers has {len(topics)} SNS subscribers; at most 1")
        for s in emails:
            if not EMAIL.match(s["address"]):
                errors.append(f"{where}.subscribers: {s['address']!r} is not an e-mail address")
        for s in topics:
            topic = parse_arn(s["address"], "sns", region=True, account=True)
            if not (topic and TOPIC_NAME.fullmatch(topic["resource"])):
                errors.append(f"{where}.subscribers: {s['address']!r} is not an SNS topic ARN")
        if len({(s["subscription_type"], s["address"]) for s in subscribers}) < len(subscribers):
            errors.append(f"{where}.subscribers lists a subscriber twice")
    return errors


def _amount(value):
    return None if value is None else float(value)


def desired_budget(p, current):
    """The budget the task asks for (None: absent), snake_cased like get_budget's; None values are unset."""
    if p["state"] == "absent":
        return None
    creating = current is None
    desired = dict(
        budget_name=p["name"],
        budget_type=p["budget_type"] or ("COST" if creating else None),
        time_unit=p["time_unit"] or ("MONTHLY" if creating else None),
        budget_limit=None,
        time_period={k: v[:10] for k, v in (p["time_period"] or {}).items() if v is not None} or None,
        cost_filters=p["cost_filters"],
        cost_types={k: v for k, v in (p["cost_types"] or {}).items() if v is not None} or None,
        notifications=None,
    )
    if p["limit_amount"] is not None:
        desired["budget_limit"] = dict(amount=str(p["limit_amount"]), unit=p["limit_unit"])
    if p["notifications"] is not None:
        wanted = [
            dict(
                notification_type=n["notification_type"],
                comparison_operator=n["comparison_operator"],
                threshold=float(n["threshold"]),
                threshold_type=n["threshold_type"],
                subscribers=sorted_subscribers([dict(s) for s in n["subscribers"]]),
            )
            for n in p["notifications"]
        ]
        if not p["purge_notifications"] and current:
            keys = {notification_key(n) for n in wanted}
            wanted += [n for n in current.get("notifications", []) if notification_key(n) not in keys]
        desired["notifications"] = sorted_notifications(wanted)
    return desired


def differs(current, desired):
    plain = {k: v for k, v in desired.items() if k not in ("budget_limit", "cost_filters", "notifications")}
    keys = changed_keys(current, plain)
    limit = desired.get("budget_limit")
    have = current.get("budget_limit") or {}
    if limit and (_amount(have.get("amount")) != _amount(limit["amount"]) or have.get("unit") != limit["unit"]):
        keys.append("budget_limit")
    for key in ("cost_filters", "notifications"):  # compared whole: the list given is the list wanted
        if desired.get(key) is not None and current.get(key) != desired[key]:
            keys.append(key)
    return keys


def predict(current, desired):
    result = merge(current, {k: v for k, v in desired.items() if k not in ("cost_filters", "notifications")})
    for key in ("cost_filters", "notifications"):
        if desired.get(key) is not None:
            result[key] = desired[key]
    result.setdefault("notifications", [])
    return result


def budget_to_boto3(desired, raw=None):
    """The Budget structure for Create/UpdateBudget: ``raw`` (the current boto3 budget) with the task's values."""
    budget = {k: v for k, v in (raw or {}).items() if k not in READ_ONLY}
    budget["BudgetName"] = desired["budget_name"]
    for key, boto3_key in (("budget_type", "BudgetType"), ("time_unit", "TimeUnit")):
        if desired.get(key):
            budget[boto3_key] = desired[key]
    if desired.get("budget_limit"):
        budget["BudgetLimit"] = dict(Amount=desired["budget_limit"]["amount"], Unit=desired["budget_limit"]["unit"])
    if desired.get("time_period"):
        period = dict(budget.get("TimePeriod") or {})
        period.update({k.capitalize(): _parse_date(v) for k, v in desired["time_period"].items()})
        budget["TimePeriod"] = period
    if desired.get("cost_filters") is not None:
        budget["CostFilters"] = desired["cost_filters"]
    if desired.get("cost_types"):
        names = {re.sub(r"(?<!^)([A-Z])", r"_\1", k).lower(): k for k in COST_TYPES}
        budget["CostTypes"] = dict(
            budget.get("CostTypes") or {}, **{names[k]: v for k, v in desired["cost_types"].items()}
        )
    return budget


def create(client, account_id, desired):
    notifications = [
        dict(Notification=notification_to_boto3(n), Subscribers=[subscriber_to_boto3(s) for s in n["subscribers"]])
        for n in desired.get("notifications") or []
    ]
    create_budget(client, account_id, budget_to_boto3(desired), notifications)


def update_notifications(client, account_id, name, current, wanted):
    have = {notification_key(n): n for n in current}
    want = {notification_key(n): n for n in wanted}
    for key, notification in have.items():
        if key not in want:
            delete_notification(client, account_id, name, notification_to_boto3(notification))
    for key, notification in want.items():
        subscribers = [subscriber_to_boto3(s) for s in notification["subscribers"]]
        if key not in have:
            create_notification(client, account_id, name, notification_to_boto3(notification), subscribers)
            continue
        old = [subscriber_to_boto3(s) for s in have[key]["subscribers"]]
        for subscriber in subscribers:  # add first: a notification cannot lose its last subscriber
            if subscriber not in old:
                create_subscriber(client, account_id, name, notification_to_boto3(notification), subscriber)
        for subscriber in old:
            if subscriber not in subscribers:
                delete_subscriber(client, account_id, name, notification_to_boto3(notification), subscriber)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("budgets")
    account_id = p["account_id"] or get_aws_account_id(module)
    name = p["name"]

    def read():
        return get_budget(client, account_id, name)

    try:
        current, raw = read()
        desired = desired_budget(p, current)
        if desired and current is None and desired["budget_limit"] is None:
            module.fail_json(msg=f"limit_amount is required to create budget {name}")

        def do_create(d):
            create(client, account_id, d)
            return read()[0] or predict(None, d)

        def do_update(c, d):
            keys = differs(c, d)
            if [k for k in keys if k != "notifications"]:
                update_budget(client, account_id, budget_to_boto3(d, raw))
            if "notifications" in keys:
                update_notifications(client, account_id, name, c["notifications"], d["notifications"])
            return read()[0] or predict(c, d)

        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=differs,
            predict=predict,
            create=do_create,
            update=do_update,
            delete=lambda c: delete_budget(client, account_id, name),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, budget=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
