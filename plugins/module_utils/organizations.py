# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Organizations API calls, one small function each, plus OU path and policy-target resolution.

Every call is retried with ``aws_retry()`` (which also retries ThrottlingException and
ConcurrentModificationException, both common with Organizations) and wrapped by ``OrganizationsErrorHandler``,
which turns botocore errors into ``AnsibleOrganizationsError``; "not found" errors make the read helpers return
None/[] instead. Every list call uses its paginator with ``build_full_result()``.

OU paths are slash-separated OU names from the root (``Workloads/Prod``); a leading ``Root/`` is accepted and
``Root`` (or an empty path) is the root itself. ``OrgResolver`` caches what it reads, so one module run resolves
many paths and targets with few calls.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import time
from typing import Any
from typing import Dict
from typing import Iterable
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.common import whole_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

NOT_FOUND_CODES = [
    "AWSOrganizationsNotInUseException",
    "AccountNotFoundException",
    "AccountNotRegisteredException",
    "ChildNotFoundException",
    "CreateAccountStatusNotFoundException",
    "OrganizationalUnitNotFoundException",
    "ParentNotFoundException",
    "PolicyNotFoundException",
    "RootNotFoundException",
    "TargetNotFoundException",
]

ROOT_NAME = "Root"
ROOT_ID = re.compile(r"^r-[0-9a-z]{4,32}$")
OU_ID = re.compile(r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
ACCOUNT_ID = re.compile(r"^\d{12}$")


class AnsibleOrganizationsError(AnsibleAWSError):
    pass


class OrganizationsErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleOrganizationsError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(NOT_FOUND_CODES)


def _paginate(client, operation: str, result_key: str, **params: Any) -> List[Dict[str, Any]]:
    return client.get_paginator(operation).paginate(**params).build_full_result().get(result_key, [])


# ----------------------------------------------------------------------------------------------- organization


@OrganizationsErrorHandler.list_error_handler("describe organization")
@aws_retry()
def describe_organization(client) -> Optional[Dict[str, Any]]:
    """DescribeOrganization; None when the account is not in an organization."""
    return client.describe_organization()["Organization"]


@OrganizationsErrorHandler.common_error_handler("create organization")
@aws_retry()
def create_organization(client, feature_set: str) -> Dict[str, Any]:
    return client.create_organization(FeatureSet=feature_set)["Organization"]


@OrganizationsErrorHandler.common_error_handler("delete organization")
@aws_retry()
def delete_organization(client) -> bool:
    client.delete_organization()
    return True


@OrganizationsErrorHandler.common_error_handler("enable all features")
@aws_retry()
def enable_all_features(client) -> Dict[str, Any]:
    """EnableAllFeatures; the handshake every invited member account must accept."""
    return client.enable_all_features()["Handshake"]


@OrganizationsErrorHandler.list_error_handler("list handshakes for organization", [])
@aws_retry()
def list_handshakes_for_organization(client, action_type: str) -> List[Dict[str, Any]]:
    return _paginate(client, "list_handshakes_for_organization", "Handshakes", Filter={"ActionType": action_type})


@OrganizationsErrorHandler.list_error_handler("list roots", [])
@aws_retry()
def list_roots(client) -> List[Dict[str, Any]]:
    return _paginate(client, "list_roots", "Roots")


@OrganizationsErrorHandler.common_error_handler("enable policy type")
@aws_retry()
def enable_policy_type(client, root_id: str, policy_type: str) -> Dict[str, Any]:
    return client.enable_policy_type(RootId=root_id, PolicyType=policy_type)["Root"]


@OrganizationsErrorHandler.common_error_handler("disable policy type")
@aws_retry()
def disable_policy_type(client, root_id: str, policy_type: str) -> Dict[str, Any]:
    return client.disable_policy_type(RootId=root_id, PolicyType=policy_type)["Root"]


@OrganizationsErrorHandler.list_error_handler("list AWS service access", [])
@aws_retry()
def list_aws_service_access(client) -> List[str]:
    """The service principals with trusted access, sorted."""
    enabled = _paginate(client, "list_aws_service_access_for_organization", "EnabledServicePrincipals")
    return sorted(e["ServicePrincipal"] for e in enabled)


@OrganizationsErrorHandler.common_error_handler("enable AWS service access")
@aws_retry()
def enable_aws_service_access(client, service_principal: str) -> bool:
    client.enable_aws_service_access(ServicePrincipal=service_principal)
    return True


@OrganizationsErrorHandler.common_error_handler("disable AWS service access")
@aws_retry()
def disable_aws_service_access(client, service_principal: str) -> bool:
    client.disable_aws_service_access(ServicePrincipal=service_principal)
    return True


# -------------------------------------------------------------------------------------- organizational units


@OrganizationsErrorHandler.list_error_handler("list organizational units", [])
@aws_retry()
def list_organizational_units_for_parent(client, parent_id: str) -> List[Dict[str, Any]]:
    return _paginate(client, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent_id)


@OrganizationsErrorHandler.list_error_handler("describe organizational unit")
@aws_retry()
def describe_organizational_unit(client, ou_id: str) -> Optional[Dict[str, Any]]:
    return client.describe_organizational_unit(OrganizationalUnitId=ou_id)["OrganizationalUnit"]


@OrganizationsErrorHandler.common_error_handler("create organizational unit")
@aws_retry()
def create_organizational_unit(
    client, parent_id: str, name: str, tags: Optional[Dict[str, str]] = None
) -> Dict[str, Any]:
    params: Dict[str, Any] = dict(ParentId=parent_id, Name=name)
    if tags:
        params["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    return client.create_organizational_unit(**params)["OrganizationalUnit"]


@OrganizationsErrorHandler.common_error_handler("rename organizational unit")
@aws_retry()
def update_organizational_unit(client, ou_id: str, name: str) -> Dict[str, Any]:
    return client.update_organizational_unit(OrganizationalUnitId=ou_id, Name=name)["OrganizationalUnit"]


@OrganizationsErrorHandler.deletion_error_handler("delete organizational unit")
@aws_retry()
def delete_organizational_unit(client, ou_id: str) -> bool:
    client.delete_organizational_unit(OrganizationalUnitId=ou_id)
    return True


@OrganizationsErrorHandler.list_error_handler("list parents", [])
@aws_retry()
def list_parents(client, child_id: str) -> List[Dict[str, Any]]:
    """ListParents of an OU or account: [{Id, Type}] (one element)."""
    return _paginate(client, "list_parents", "Parents", ChildId=child_id)


# -------------------------------------------------------------------------------------------------- accounts


@OrganizationsErrorHandler.list_error_handler("list accounts", [])
@aws_retry()
def list_accounts(client) -> List[Dict[str, Any]]:
    return _paginate(client, "list_accounts", "Accounts")


@OrganizationsErrorHandler.list_error_handler("list accounts for parent", [])
@aws_retry()
def list_accounts_for_parent(client, parent_id: str) -> List[Dict[str, Any]]:
    return _paginate(client, "list_accounts_for_parent", "Accounts", ParentId=parent_id)


@OrganizationsErrorHandler.list_error_handler("describe account")
@aws_retry()
def describe_account(client, account_id: str) -> Optional[Dict[str, Any]]:
    return client.describe_account(AccountId=account_id)["Account"]


@OrganizationsErrorHandler.common_error_handler("create account")
@aws_retry()
def create_account(client, **params: Any) -> Dict[str, Any]:
    """CreateAccount; the CreateAccountStatus (poll it with describe_create_account_status)."""
    return client.create_account(**params)["CreateAccountStatus"]


@OrganizationsErrorHandler.common_error_handler("describe create account status")
@aws_retry()
def describe_create_account_status(client, request_id: str) -> Dict[str, Any]:
    return client.describe_create_account_status(CreateAccountRequestId=request_id)["CreateAccountStatus"]


@OrganizationsErrorHandler.list_error_handler("list create account status", [])
@aws_retry()
def list_create_account_status(client, states: Iterable[str]) -> List[Dict[str, Any]]:
    return _paginate(client, "list_create_account_status", "CreateAccountStatuses", States=list(states))


@OrganizationsErrorHandler.common_error_handler("move account")
@aws_retry()
def move_account(client, account_id: str, source_parent_id: str, destination_parent_id: str) -> bool:
    client.move_account(
        AccountId=account_id, SourceParentId=source_parent_id, DestinationParentId=destination_parent_id
    )
    return True


@OrganizationsErrorHandler.common_error_handler("close account")
@aws_retry()
def close_account(client, account_id: str) -> bool:
    client.close_account(AccountId=account_id)
    return True


def wait_for_account_creation(client, request_id: str, timeout: float, delay: float = 10) -> Dict[str, Any]:
    """Poll DescribeCreateAccountStatus until it leaves IN_PROGRESS; the last status.

    Raises AnsibleOrganizationsError naming AWS's FailureReason when the creation FAILED, or when ``timeout``
    seconds pass (the request id is in the message so a re-run or a human can follow it).
    """
    deadline = time.time() + timeout
    while True:
        status = describe_create_account_status(client, request_id)
        state = status.get("State")
        if state == "SUCCEEDED":
            return status
        if state == "FAILED":
            raise AnsibleOrganizationsError(
                message=f"Account creation {request_id} for {status.get('AccountName')} failed: "
                f"{status.get('FailureReason', 'no reason given')}",
                create_account_status=status,
            )
        if time.time() >= deadline:
            raise AnsibleOrganizationsError(
                message=f"Timed out after {timeout:g}s waiting for account creation {request_id} "
                f"({status.get('AccountName')}), still {state}; re-run to pick it up",
                create_account_status=status,
            )
        time.sleep(delay)


# -------------------------------------------------------------------------------------------------- policies


@OrganizationsErrorHandler.list_error_handler("list policies", [])
@aws_retry()
def list_policies(client, policy_type: str) -> List[Dict[str, Any]]:
    """ListPolicies of a type: PolicySummary dicts."""
    return _paginate(client, "list_policies", "Policies", Filter=policy_type)


@OrganizationsErrorHandler.list_error_handler("describe policy")
@aws_retry()
def describe_policy(client, policy_id: str) -> Optional[Dict[str, Any]]:
    """DescribePolicy: {PolicySummary, Content}; None when missing."""
    return client.describe_policy(PolicyId=policy_id)["Policy"]


@OrganizationsErrorHandler.common_error_handler("create policy")
@aws_retry()
def create_policy(client, **params: Any) -> Dict[str, Any]:
    return client.create_policy(**params)["Policy"]


@OrganizationsErrorHandler.common_error_handler("update policy")
@aws_retry()
def update_policy(client, policy_id: str, **params: Any) -> Dict[str, Any]:
    return client.update_policy(PolicyId=policy_id, **params)["Policy"]


@OrganizationsErrorHandler.deletion_error_handler("delete policy")
@aws_retry()
def delete_policy(client, policy_id: str) -> bool:
    client.delete_policy(PolicyId=policy_id)
    return True


@OrganizationsErrorHandler.list_error_handler("list targets for policy", [])
@aws_retry()
def list_targets_for_policy(client, policy_id: str) -> List[Dict[str, Any]]:
    """[{TargetId, Arn, Name, Type}]."""
    return _paginate(client, "list_targets_for_policy", "Targets", PolicyId=policy_id)


@OrganizationsErrorHandler.common_error_handler("list policies for target")
@aws_retry()
def list_policies_for_target(client, target_id: str, policy_type: str) -> List[Dict[str, Any]]:
    """PolicySummary dicts of ``policy_type`` attached to ``target_id`` (raises if the target does not exist)."""
    return _paginate(client, "list_policies_for_target", "Policies", TargetId=target_id, Filter=policy_type)


@OrganizationsErrorHandler.common_error_handler("attach policy")
@aws_retry()
def attach_policy(client, policy_id: str, target_id: str) -> bool:
    client.attach_policy(PolicyId=policy_id, TargetId=target_id)
    return True


@OrganizationsErrorHandler.deletion_error_handler("detach policy")
@aws_retry()
def detach_policy(client, policy_id: str, target_id: str) -> bool:
    """DetachPolicy; False when the policy, target or attachment is already gone."""
    try:
        client.detach_policy(PolicyId=policy_id, TargetId=target_id)
    except is_boto3_error_code("PolicyNotAttachedException"):
        return False
    return True


# ------------------------------------------------------------------------------------------------------ tags


@OrganizationsErrorHandler.list_error_handler("list tags", {})
@aws_retry()
def list_tags(client, resource_id: str) -> Dict[str, str]:
    """Tags of an account, OU, root or policy as a dict."""
    return boto3_tag_list_to_ansible_dict(_paginate(client, "list_tags_for_resource", "Tags", ResourceId=resource_id))


@OrganizationsErrorHandler.common_error_handler("tag resource")
@aws_retry()
def tag_resource(client, resource_id: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(ResourceId=resource_id, Tags=ansible_dict_to_boto3_tag_list(tags))
    return True


@OrganizationsErrorHandler.common_error_handler("untag resource")
@aws_retry()
def untag_resource(client, resource_id: str, tag_keys: Iterable[str]) -> bool:
    tag_keys = list(tag_keys)
    if not tag_keys:
        return False
    client.untag_resource(ResourceId=resource_id, TagKeys=tag_keys)
    return True


def desired_tags(
    current: Optional[Dict[str, str]], tags: Optional[Dict[str, str]], purge_tags: bool
) -> Optional[Dict[str, str]]:
    """The complete tag set wanted (None: ``tags`` unset, leave alone); ``aws:`` tags are never purged."""
    return whole_tags(current, tags, purge_tags)


def ensure_tags(
    client, resource_id: str, current: Optional[Dict[str, str]], tags: Optional[Dict[str, str]], purge_tags: bool
) -> bool:
    """Make ``resource_id``'s tags match ``tags`` (None: leave alone); True if changed."""
    return sync_tags(
        current,
        tags,
        purge_tags,
        lambda t: tag_resource(client, resource_id, t),
        lambda k: untag_resource(client, resource_id, k),
    )


# -------------------------------------------------------------------------------------- delegated admins


@OrganizationsErrorHandler.list_error_handler("list delegated administrators", [])
@aws_retry()
def list_delegated_administrators(client, service_principal: Optional[str] = None) -> List[Dict[str, Any]]:
    params = {"ServicePrincipal": service_principal} if service_principal else {}
    return _paginate(client, "list_delegated_administrators", "DelegatedAdministrators", **params)


@OrganizationsErrorHandler.common_error_handler("register delegated administrator")
@aws_retry()
def register_delegated_administrator(client, account_id: str, service_principal: str) -> bool:
    client.register_delegated_administrator(AccountId=account_id, ServicePrincipal=service_principal)
    return True


@OrganizationsErrorHandler.common_error_handler("deregister delegated administrator")
@aws_retry()
def deregister_delegated_administrator(client, account_id: str, service_principal: str) -> bool:
    client.deregister_delegated_administrator(AccountId=account_id, ServicePrincipal=service_principal)
    return True


# ------------------------------------------------------------------------------------ paths and targets


def split_path(path: Optional[str]) -> List[str]:
    """OU path -> OU names from the root; [] for the root itself (``Root``, ``/`` or empty).

    Surrounding slashes and a leading ``Root`` component are dropped; raises ValueError on an empty component
    (``A//B``) so a typo never addresses the wrong OU.
    """
    text = (path or "").strip().strip("/")
    if not text:
        return []
    parts = [p.strip() for p in text.split("/")]
    if any(not p for p in parts):
        raise ValueError(f"OU path {path!r} has an empty component; use names separated by single slashes")
    if parts[0] == ROOT_NAME:
        parts = parts[1:]
    return parts


def join_path(parts: Iterable[str]) -> str:
    return "/".join(parts)


def normalize_path(path: Optional[str]) -> str:
    """``Root/Workloads/Prod/`` -> ``Workloads/Prod``; the root is ``""``."""
    return join_path(split_path(path))


def target_kind(target: str) -> str:
    """How a policy target is written: ROOT (``Root`` or ``r-...``), ORGANIZATIONAL_UNIT (``ou-...``), ACCOUNT
    (12 digits) or PATH (an OU path)."""
    if target == ROOT_NAME or ROOT_ID.match(target):
        return "ROOT"
    if OU_ID.match(target):
        return "ORGANIZATIONAL_UNIT"
    if ACCOUNT_ID.match(target):
        return "ACCOUNT"
    return "PATH"


class OrgResolver:
    """Reads the root, OUs and accounts of the organization on demand and caches them for one module run."""

    def __init__(self, client, check_mode: bool = False):
        self.client = client
        # In check mode an organization that does not exist yet (an earlier task would create it) has a root
        # without id, and no OUs: modules can still predict what they would do.
        self.check_mode = check_mode
        self._root: Optional[Dict[str, Any]] = None
        self._children: Dict[str, List[Dict[str, Any]]] = {}
        self._ous: Dict[str, Dict[str, Any]] = {}  # id -> {id, arn, name, path, parent_id}

    def root(self) -> Dict[str, Any]:
        """The organization's root (boto3 shape); raises when there is no organization."""
        if self._root is None:
            roots = list_roots(self.client)
            if not roots and self.check_mode:
                roots = [{"Id": None, "Arn": None, "Name": ROOT_NAME, "PolicyTypes": []}]
            if not roots:
                raise AnsibleOrganizationsError(
                    message="This account is not the management account of an organization (no root found)"
                )
            self._root = roots[0]
        return self._root

    def root_id(self) -> str:
        return self.root()["Id"]

    def children(self, parent_id: str, parent_path: str) -> List[Dict[str, Any]]:
        """The OUs directly under ``parent_id`` as {id, arn, name, path, parent_id} (cached)."""
        if parent_id is None:  # a root or OU that does not exist yet (check mode)
            return []
        if parent_id not in self._children:
            ous = []
            for ou in list_organizational_units_for_parent(self.client, parent_id):
                item = ou_summary(ou, join_path(split_path(parent_path) + [ou["Name"]]), parent_id)
                self._ous[item["id"]] = item
                ous.append(item)
            self._children[parent_id] = ous
        return self._children[parent_id]

    def forget(self, parent_id: str) -> None:
        """Drop the cached children of ``parent_id`` (after creating or renaming one of them)."""
        self._children.pop(parent_id, None)

    def find_path(self, path: str) -> Optional[Dict[str, Any]]:
        """The OU at ``path`` ({id, arn, name, path, parent_id}), the root's summary for the root path, or None."""
        parts = split_path(path)
        node = self.root_summary()
        for index, name in enumerate(parts):
            match = [ou for ou in self.children(node["id"], join_path(parts[:index])) if ou["name"] == name]
            if not match:
                return None
            node = match[0]
        return node

    def deepest_existing(self, path: str):
        """(node, remaining names): the deepest existing OU on ``path`` and the names below it that are missing."""
        parts = split_path(path)
        node = self.root_summary()
        for index, name in enumerate(parts):
            match = [ou for ou in self.children(node["id"], join_path(parts[:index])) if ou["name"] == name]
            if not match:
                return node, parts[index:]
            node = match[0]
        return node, []

    def root_summary(self) -> Dict[str, Any]:
        root = self.root()
        return {"id": root["Id"], "arn": root["Arn"], "name": root["Name"], "path": "", "parent_id": None}

    def ou_by_id(self, ou_id: str) -> Optional[Dict[str, Any]]:
        """{id, arn, name, path, parent_id} of an OU (path computed from its parents); None if it does not exist."""
        if ou_id in self._ous:
            return self._ous[ou_id]
        ou = describe_organizational_unit(self.client, ou_id)
        if ou is None:
            return None
        parent_id = self.parent_of(ou_id)
        parent_path = self.path_of(parent_id) if parent_id else ""
        item = ou_summary(ou, join_path(split_path(parent_path) + [ou["Name"]]), parent_id)
        self._ous[ou_id] = item
        return item

    def parent_of(self, child_id: str) -> Optional[str]:
        parents = list_parents(self.client, child_id)
        return parents[0]["Id"] if parents else None

    def path_of(self, node_id: Optional[str]) -> Optional[str]:
        """Path of a root/OU id ("" for the root); None if it does not exist."""
        if not node_id:
            return None
        if node_id.startswith("r-"):
            return ""
        ou = self.ou_by_id(node_id)
        return ou["path"] if ou else None

    def walk(self, path: str = "") -> List[Dict[str, Any]]:
        """Every OU under ``path`` (itself included unless it is the root), sorted by path; [] if it is missing."""
        start = self.find_path(path)
        if start is None:
            return []
        found = [start] if start["path"] else []
        pending = [start]
        while pending:
            node = pending.pop()
            for child in self.children(node["id"], node["path"]):
                found.append(child)
                pending.append(child)
        return sorted(found, key=lambda ou: ou["path"])

    def resolve_target(self, target: str, check_mode: bool = False) -> Dict[str, Any]:
        """A policy target as {target_id, type, name, label}; raises naming the target when it does not exist.

        In check mode an OU path that does not exist yet (an earlier task would create it) resolves to
        target_id None, so a plan can still be shown.
        """
        kind = target_kind(target)
        if kind == "ROOT":
            root = self.root()
            if target not in (ROOT_NAME, root["Id"]):
                raise AnsibleOrganizationsError(message=f"Policy target {target} is not this organization's root")
            return {"target_id": root["Id"], "type": "ROOT", "name": root["Name"], "label": ROOT_NAME}
        if kind == "ORGANIZATIONAL_UNIT":
            ou = self.ou_by_id(target)
            if ou is None:
                raise AnsibleOrganizationsError(message=f"Policy target {target}: no such organizational unit")
            return {"target_id": ou["id"], "type": kind, "name": ou["name"], "label": ou["path"]}
        if kind == "ACCOUNT":
            account = describe_account(self.client, target)
            if account is None:
                raise AnsibleOrganizationsError(message=f"Policy target {target}: no such account in the organization")
            return {"target_id": target, "type": kind, "name": account["Name"], "label": f"{target} {account['Name']}"}
        try:
            path = normalize_path(target)
        except ValueError as e:
            raise AnsibleOrganizationsError(message=f"Policy target {target!r}: {e}") from e
        ou = self.find_path(path)
        if ou is None:
            if check_mode:
                return {"target_id": None, "type": "ORGANIZATIONAL_UNIT", "name": split_path(path)[-1], "label": path}
            raise AnsibleOrganizationsError(
                message=f"Policy target {target!r}: no organizational unit at that path (create it first)"
            )
        if not ou["path"]:
            return self.resolve_target(ROOT_NAME)
        return {"target_id": ou["id"], "type": "ORGANIZATIONAL_UNIT", "name": ou["name"], "label": ou["path"]}


def ou_summary(ou: Dict[str, Any], path: str, parent_id: Optional[str]) -> Dict[str, Any]:
    return {"id": ou["Id"], "arn": ou["Arn"], "name": ou["Name"], "path": path, "parent_id": parent_id}


# ---------------------------------------------------------------------------------------- policy objects


def normalize_target(target: Dict[str, Any]) -> Dict[str, Any]:
    """ListTargetsForPolicy item -> {target_id, type, name}."""
    return {"target_id": target["TargetId"], "type": target["Type"], "name": target.get("Name")}


def get_policy(client, policy_id: str, with_tags: bool = True) -> Optional[Dict[str, Any]]:
    """The policy as the modules return it: id, arn, name, type, description, aws_managed, content (parsed; the
    raw text when it is not JSON), targets [{target_id, type, name}] sorted by id, tags. None if missing."""
    policy = describe_policy(client, policy_id)
    if policy is None:
        return None
    summary = policy["PolicySummary"]
    try:
        content = json.loads(policy.get("Content") or "{}")
    except ValueError:
        content = policy.get("Content")
    targets = sorted(
        (normalize_target(t) for t in list_targets_for_policy(client, policy_id)), key=lambda t: t["target_id"]
    )
    return {
        "id": summary["Id"],
        "arn": summary["Arn"],
        "name": summary["Name"],
        "type": summary["Type"],
        "description": summary.get("Description", ""),
        "aws_managed": summary.get("AwsManaged", False),
        "content": content,
        "targets": targets,
        "tags": list_tags(client, policy_id) if with_tags and not summary.get("AwsManaged") else {},
    }


def find_policy(client, name: str, policy_type: str) -> Optional[Dict[str, Any]]:
    """The policy of ``policy_type`` named ``name`` (see get_policy), or None."""
    for summary in list_policies(client, policy_type):
        if summary["Name"] == name:
            return get_policy(client, summary["Id"])
    return None


# ---------------------------------------------------------------------------------------- account objects

CLOSED_STATUSES = ("SUSPENDED", "PENDING_CLOSURE", "CLOSED")


def account_view(client, resolver: OrgResolver, account: Dict[str, Any]) -> Dict[str, Any]:
    """DescribeAccount/ListAccounts item -> the dict the modules return: id, arn, name, email, status, state,
    joined_method, parent_id, ou_path ("" for the root), tags."""
    parent_id = resolver.parent_of(account["Id"])
    return {
        "id": account["Id"],
        "arn": account.get("Arn"),
        "name": account.get("Name"),
        "email": account.get("Email"),
        "status": account.get("Status"),
        "state": account.get("State", account.get("Status")),
        "joined_method": account.get("JoinedMethod"),
        "parent_id": parent_id,
        "ou_path": resolver.path_of(parent_id),
        "tags": list_tags(client, account["Id"]),
    }


def find_account_by_email(client, email: str) -> Optional[Dict[str, Any]]:
    """The organization's account with this email (case-insensitive), boto3-shaped, or None."""
    wanted = email.strip().lower()
    return next((a for a in list_accounts(client) if (a.get("Email") or "").lower() == wanted), None)
