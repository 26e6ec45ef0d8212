#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: organizations_account
short_description: Create, place, tag or close an AWS account of the organization
version_added: 0.1.0
description:
  - Finds the account by O(email) (case-insensitive) or O(account_id), so a re-run never creates a second account.
    A creation still in progress for the same O(name) (an earlier run that timed out) is waited on, not repeated.
  - Creates it when missing (CreateAccount), waits on DescribeCreateAccountStatus and reports AWS's failure reason
    when the creation fails.
  - Moves it into the OU at O(ou_path) (or the parent O(parent_id)) when it is elsewhere, for example after a
    manual move, and sets its tags.
  - O(state=absent) closes the account (CloseAccount), only with O(close=true). A closed account stays in the
    organization as C(SUSPENDED) for 90 days.
  - AWS Organizations cannot rename an account; a different O(name) for an existing account is reported as a
    warning.
  - Supports check mode (returns the predicted account) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description:
      - Name of the account. Required to create it.
    type: str
  email:
    description:
      - Email of the account's root user; the key that finds an existing account (case-insensitive).
      - Required to create it. One of O(email) and O(account_id) is required.
    type: str
  account_id:
    description:
      - Id of an existing account to manage instead of finding it by O(email), for example the management
        account. The account must exist.
    type: str
  ou_path:
    description:
      - Path of the OU the account must be in, for example V(Workloads/Prod); V(Root) for the root.
      - Mutually exclusive with O(parent_id). When neither is set the account stays where it is (a new account
        stays in the root).
    type: str
  parent_id:
    description:
      - Id of the OU (V(ou-...)) or root (V(r-...)) the account must be in; V(Root) for the root.
    type: str
  role_name:
    description:
      - Name of the IAM role AWS creates in a new account for the management account to assume. Only used when
        the account is created.
    type: str
    default: OrganizationAccountAccessRole
  iam_user_access_to_billing:
    description:
      - Whether IAM users of a new account may see its billing information. Only used when the account is created;
        AWS's default is V(ALLOW).
    type: str
    choices: [ALLOW, DENY]
  wait:
    description:
      - Wait for a creation to finish. Without waiting, a new account cannot be moved or tagged in the same run
        (a later run does it).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for a creation to finish.
    type: int
    default: 900
  close:
    description:
      - Confirms that O(state=absent) should close the account. Closing is hard to undo (only within 90 days,
        through AWS support), so O(state=absent) without it fails.
    type: bool
    default: false
  state:
    description:
      - V(present) creates, places and tags the account; V(absent) closes it (with O(close=true)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Production workload account in its OU
  prodgrade.aws.organizations_account:
    name: ecia-prod
    email: aws-ecia-prod@example.com
    ou_path: Workloads/Prod
    tags:
      Environment: prod

- name: Tag the management account (found by id)
  prodgrade.aws.organizations_account:
    account_id: "111111111111"
    tags:
      Purpose: management
    purge_tags: false

- name: Close an account
  prodgrade.aws.organizations_account:
    email: aws-sandbox@example.com
    close: true
    state: absent
"""

RETURN = r"""
account:
  description:
    - The account. In check mode, the predicted account (without RV(account.id) when it would be created). An
      empty dict when O(state=absent) and no account was found.
  returned: always
  type: dict
  contains:
    id:
      description: Id of the account.
      type: str
      sample: "222222222222"
    arn:
      description: ARN of the account.
      type: str
      sample: arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222
    name:
      description: Name of the account.
      type: str
      sample: ecia-prod
    email:
      description: Email of the account's root user.
      type: str
      sample: aws-ecia-prod@example.com
    status:
      description: V(ACTIVE), V(SUSPENDED) or V(PENDING_CLOSURE) (V(IN_PROGRESS) while a creation is not waited on).
      type: str
      sample: ACTIVE
    state:
      description: The account's state (AWS's successor of RV(account.status)).
      type: str
      sample: ACTIVE
    joined_method:
      description: V(CREATED) or V(INVITED).
      type: str
      sample: CREATED
    parent_id:
      description: Id of the OU or root the account is in.
      type: str
      sample: ou-ab12-34cd56ef
    ou_path:
      description: Path of that OU (empty for the root).
      type: str
      sample: Workloads/Prod
    tags:
      description: Tags of the account.
      type: dict
      sample: {"Environment": "prod"}
create_account_status:
  description: The last CreateAccount status (snake_cased), when the account was created (or is being created).
  returned: when a creation was requested or waited on
  type: dict
  sample: {"id": "car-exampleid", "state": "SUCCEEDED", "account_id": "222222222222"}
"""

import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import CLOSED_STATUSES
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import OU_ID
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import ROOT_ID
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import ROOT_NAME
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import OrgResolver
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import account_view
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import close_account
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import create_account
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import describe_account
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import describe_organization
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import desired_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import find_account_by_email
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import list_create_account_status
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import move_account
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import normalize_path
from ansible_collections.prodgrade.aws.plugins.module_utils.organizations import wait_for_account_creation

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    email=dict(type="str"),
    account_id=dict(type="str"),
    ou_path=dict(type="str"),
    parent_id=dict(type="str"),
    role_name=dict(type="str", default="OrganizationAccountAccessRole"),
    iam_user_access_to_billing=dict(type="str", choices=["ALLOW", "DENY"]),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=900),
    close=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(Exception):
    """An input or state problem the module reports as its failure message."""


def validate_params(p):
    """Every input error, each naming its option, before any API call."""
    errors = []
    if p["email"] is not None and not EMAIL.match(p["email"]):
        errors.append(f"email must be an email address, not {p['email']!r}")
    if p["account_id"] is not None and not re.match(r"^\d{12}$", p["account_id"]):
        errors.append(f"account_id must be 12 digits, not {p['account_id']!r}")
    if p["ou_path"] is not None:
        try:
            normalize_path(p["ou_path"])
        except ValueError as e:
            errors.append(f"ou_path: {e}")
    parent = p["parent_id"]
    if parent is not None and parent != ROOT_NAME and not (ROOT_ID.match(parent) or OU_ID.match(parent)):
        errors.append(f"parent_id must be Root, a root id (r-...) or an OU id (ou-...), not {parent!r}")
    if p["state"] == "absent" and not p["close"]:
        errors.append(
            "state=absent closes the account (CloseAccount: it is suspended, then permanently closed after 90 days); "
            "set close=true to confirm"
        )
    if p["wait_timeout"] < 0:
        errors.append("wait_timeout must not be negative")
    return errors


def find(client, p):
    """The boto3 account the task addresses, or None."""
    if p["account_id"]:
        account = describe_account(client, p["account_id"])
        if account is None and p["state"] == "present":
            raise AccountError(f"account_id {p['account_id']}: no such account in the organization")
        return account
    return find_account_by_email(client, p["email"])


def desired_parent(resolver, p, check_mode):
    """(parent id, path) the account must be in; (None, None) when the task does not say; in check mode an OU an
    earlier task would create is (None, its path)."""
    if p["parent_id"]:
        if p["parent_id"] == ROOT_NAME or ROOT_ID.match(p["parent_id"]):
            return resolver.root_id(), ""
        path = resolver.path_of(p["parent_id"])
        if path is None:
            raise AccountError(f"parent_id {p['parent_id']}: no such organizational unit")
        return p["parent_id"], path
    if p["ou_path"] is None:
        return None, None
    path = normalize_path(p["ou_path"])
    node = resolver.find_path(path)
    if node is None:
        if check_mode:
            return None, path
        raise AccountError(f"ou_path {p['ou_path']!r}: no organizational unit at that path (create it first)")
    return node["id"], path


def pending_creation(client, name):
    """An IN_PROGRESS CreateAccount request for an account named ``name`` (an earlier run that did not wait)."""
    if not name:
        return None
    return next((s for s in list_create_account_status(client, ["IN_PROGRESS"]) if s.get("AccountName") == name), None)


def create(client, module, p):
    """Request the account (or pick up the pending request) and wait; (boto3 account or None, status)."""
    status = pending_creation(client, p["name"])
    if status is None:
        params = dict(Email=p["email"], AccountName=p["name"], RoleName=p["role_name"])
        if p["iam_user_access_to_billing"]:
            params["IamUserAccessToBilling"] = p["iam_user_access_to_billing"]
        if p["tags"]:
            params["Tags"] = ansible_dict_to_boto3_tag_list(p["tags"])
        status = create_account(client, **params)
    if p["wait"]:
        status = wait_for_account_creation(client, status["Id"], p["wait_timeout"])
    if status.get("State") != "SUCCEEDED":
        module.warn(
            f"Account {p['name']} is still being created (request {status['Id']}); it is moved and tagged by a "
            "later run"
        )
        return None, status
    return describe_account(client, status["AccountId"]), status


def predicted(p, parent_id, path, tags):
    return {
        "name": p["name"],
        "email": p["email"],
        "status": "ACTIVE",
        "state": "ACTIVE",
        "joined_method": "CREATED",
        "parent_id": parent_id,
        "ou_path": path if path is not None else "",
        "tags": tags or {},
    }


def closed(current):
    """What closing leaves: the account, suspended (a closed one stays as it is)."""
    if current["status"] in CLOSED_STATUSES or current["state"] in CLOSED_STATUSES:
        return current
    return dict(current, status="PENDING_CLOSURE", state="PENDING_CLOSURE")


def differs(current, desired):
    """The keys to change: parent_id (a move, also to an OU an earlier task creates in check mode) and tags."""
    keys = []
    if desired["ou_path"] is not None and (
        desired["parent_id"] is None or desired["parent_id"] != current["parent_id"]
    ):
        keys.append("parent_id")
    if desired["tags"] is not None and desired["tags"] != current["tags"]:
        keys.append("tags")
    return keys


def predict(p, current, desired):
    if current is None:
        return predicted(p, desired["parent_id"], desired["ou_path"], p["tags"])
    after = dict(current)
    keys = differs(current, desired)
    if "parent_id" in keys:
        after.update(parent_id=desired["parent_id"], ou_path=desired["ou_path"])
    if "tags" in keys:
        after["tags"] = desired["tags"]
    return after


def validate(client, p, current, desired):
    if current is None and not (p["name"] and p["email"]):
        raise AccountError("name and email are required to create an account")
    if desired is None:
        org = describe_organization(client) or {}
        if current["id"] == org.get("MasterAccountId"):
            raise AccountError(f"Account {current['id']} is the management account; it cannot be closed from here")


def update(client, p, current, desired):
    """Move and tag; the account as AWS now describes it."""
    keys = differs(current, desired)
    if "parent_id" in keys:
        move_account(client, current["id"], current["parent_id"], desired["parent_id"])
    if "tags" in keys:
        ensure_tags(client, current["id"], current["tags"], p["tags"], p["purge_tags"])
    return account_view(client, OrgResolver(client, False), describe_account(client, current["id"]))


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("ou_path", "parent_id")],
        required_one_of=[("email", "account_id")],
        supports_check_mode=True,
    )
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("organizations")
    resolver = OrgResolver(client, module.check_mode)
    statuses = []

    def create_then_place(desired):
        account, status = create(client, module, p)
        statuses.append(status)
        if account is None:
            return dict(predicted(p, None, "", p["tags"]), status=status.get("State"))
        created = account_view(client, resolver, account)
        return update(client, p, created, dict(desired, tags=desired_tags(created["tags"], p["tags"], p["purge_tags"])))

    try:
        found = find(client, p)
        current = account_view(client, resolver, found) if found else None
        desired = None
        if p["state"] == "present":
            if current is not None and current["status"] in CLOSED_STATUSES:
                raise AccountError(
                    f"Account {current['id']} ({current['email']}) is closed ({current['status']}); it cannot be "
                    "placed or tagged, and its email cannot be reused"
                )
            if current is not None and p["name"] and current["name"] != p["name"]:
                module.warn(
                    f"Account {current['id']} is named {current['name']!r}, not {p['name']!r}; AWS Organizations "
                    "cannot rename an account (the account's own settings can)"
                )
            parent_id, path = desired_parent(resolver, p, module.check_mode)
            tags = desired_tags(current["tags"], p["tags"], p["purge_tags"]) if current else p["tags"]
            desired = dict(parent_id=parent_id, ou_path=path, tags=tags)
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            create=create_then_place,
            update=lambda have, want: update(client, p, have, want),
            delete=lambda have: close_account(client, have["id"]),
            differs=differs,
            predict=lambda have, want: predict(p, have, want),
            validate=lambda have, want, keys: validate(client, p, have, want),
            deleted=closed,
        )
    except AccountError as e:
        module.fail_json(msg=str(e))
    except AnsibleAWSError as e:
        if not e.kwargs.get("create_account_status"):
            module.fail_json_aws_error(e)
        module.fail_json(msg=str(e), create_account_status=camel_dict_to_snake_dict(e.kwargs["create_account_status"]))
    outcome = dict(changed=result.changed, account=result.after or {}, diff=result.diff)
    if statuses:
        outcome["create_account_status"] = camel_dict_to_snake_dict(statuses[0])
    module.exit_json(**outcome)


if __name__ == "__main__":
    main()
