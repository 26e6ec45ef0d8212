# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM API calls of prodgrade.aws: the account password policy, customer managed policies (addressed by ARN, never
found through ListPolicies) and groups with their attached managed policies. One small function each, retried with
``aws_retry()`` and wrapped by ``IAMErrorHandler`` (NoSuchEntity is "missing"), plus the conversions to the
snake_cased shapes the modules compare.

The patterns and lengths below are botocore's IAM service model (which the Stubber does not enforce), checked by
the modules before any call; the five versions a managed policy may have are IAM's quota.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from urllib.parse import unquote

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ACCOUNT_ID
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# botocore's IAM model: policyNameType / groupNameType, policyPathType (CreatePolicy), pathType (CreateGroup).
# ASCII and \Z: Python's \w is Unicode unless re.ASCII, and $ also matches before a final newline; use fullmatch.
NAME = re.compile(r"[\w+=,.@-]{1,128}\Z", re.ASCII)
POLICY_PATH = re.compile(r"((/[A-Za-z0-9.,+@=_-]+)*)/\Z")
GROUP_PATH = re.compile(r"(/|/[\u0021-\u007E]+/)\Z")
PATH_MAX = 512
DESCRIPTION_MAX = 1000  # policyDescriptionType
TAGS_MAX = 50  # tagListType
# A policy ARN's path before its name (ARNs are 20 to 2048 characters: arnType).
POLICY_ARN_PATH = re.compile(r"(.+/)?")
# IAM quota: "A managed policy can have up to five versions" (CreatePolicyVersion answers LimitExceeded).
POLICY_VERSIONS_MAX = 5

# GetAccountPasswordPolicy's keys, snake_cased, with what UpdateAccountPasswordPolicy sets when a parameter is not
# sent (it resets every parameter not given, so the module always sends the whole policy). 0 = not set: AWS omits
# MaxPasswordAge / PasswordReusePrevention then (their minimum is 1).
PASSWORD_POLICY_DEFAULTS = dict(
    minimum_password_length=6,
    require_symbols=False,
    require_numbers=False,
    require_uppercase_characters=False,
    require_lowercase_characters=False,
    allow_users_to_change_password=False,
    max_password_age=0,
    password_reuse_prevention=0,
    hard_expiry=False,
)
PASSWORD_POLICY_KEYS = dict(
    minimum_password_length="MinimumPasswordLength",
    require_symbols="RequireSymbols",
    require_numbers="RequireNumbers",
    require_uppercase_characters="RequireUppercaseCharacters",
    require_lowercase_characters="RequireLowercaseCharacters",
    allow_users_to_change_password="AllowUsersToChangePassword",
    max_password_age="MaxPasswordAge",
    password_reuse_prevention="PasswordReusePrevention",
    hard_expiry="HardExpiry",
)


class AnsibleIAMError(AnsibleAWSError):
    pass


class IAMErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleIAMError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchEntity")


def is_role_arn(value: Any) -> bool:
    """Whether ``value`` is an IAM role's ARN (arn:aws:iam::<account>:role/[<path>/]<name>)."""
    return parse_arn(value, "iam", resource_type="role/", region=False, account=True) is not None


def is_policy_arn(value: Any) -> bool:
    """Whether ``value`` is a managed policy's ARN (arn:aws:iam::<account, or aws>:policy/[<path>/]<name>)."""
    parts = parse_arn(value, "iam", resource_type="policy/", region=False)
    if not parts or not (parts["account_id"] == "aws" or ACCOUNT_ID.fullmatch(parts["account_id"])):
        return False
    name = parts["resource_id"].rsplit("/", 1)[-1]
    return bool(NAME.fullmatch(name) and POLICY_ARN_PATH.fullmatch(parts["resource_id"][: -len(name)]))


# ------------------------------------------------------------- password policy
@IAMErrorHandler.list_error_handler("get account password policy")
@aws_retry()
def get_password_policy(client) -> Optional[Dict[str, Any]]:
    """The account's password policy as AWS returns it, or None when the account has none."""
    return client.get_account_password_policy()["PasswordPolicy"]


@IAMErrorHandler.common_error_handler("update account password policy")
@aws_retry()
def update_password_policy(client, policy: Dict[str, Any]) -> bool:
    """Set the whole policy (snake_cased, every key of PASSWORD_POLICY_DEFAULTS); 0 leaves an age/reuse unset."""
    request = {boto: policy[key] for key, boto in PASSWORD_POLICY_KEYS.items()}
    for boto in ("MaxPasswordAge", "PasswordReusePrevention"):
        if not request[boto]:
            del request[boto]
    client.update_account_password_policy(**request)
    return True


@IAMErrorHandler.deletion_error_handler("delete account password policy")
@aws_retry()
def delete_password_policy(client) -> bool:
    """False when the account had no password policy."""
    client.delete_account_password_policy()
    return True


def normalize_password_policy(policy: Dict[str, Any]) -> Dict[str, Any]:
    """GetAccountPasswordPolicy's answer, snake_cased, every key there (what AWS omits is its unset value)."""
    out = {key: policy.get(boto, PASSWORD_POLICY_DEFAULTS[key]) for key, boto in PASSWORD_POLICY_KEYS.items()}
    out["max_password_age"] = out["max_password_age"] or 0
    out["password_reuse_prevention"] = out["password_reuse_prevention"] or 0
    out["expire_passwords"] = bool(policy.get("ExpirePasswords", out["max_password_age"] > 0))
    return out


# ------------------------------------------------------------ managed policies
@IAMErrorHandler.list_error_handler("get policy")
@aws_retry()
def get_policy(client, arn: str) -> Optional[Dict[str, Any]]:
    """The customer managed policy at ``arn`` (with its tags), or None when there is none."""
    return client.get_policy(PolicyArn=arn)["Policy"]


@IAMErrorHandler.common_error_handler("get policy version")
@aws_retry()
def get_policy_version(client, arn: str, version_id: str) -> Dict[str, Any]:
    return client.get_policy_version(PolicyArn=arn, VersionId=version_id)["PolicyVersion"]


@IAMErrorHandler.common_error_handler("list policy versions")
@aws_retry()
def list_policy_versions(client, arn: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_policy_versions")
    return paginator.paginate(PolicyArn=arn).build_full_result().get("Versions", [])


@IAMErrorHandler.common_error_handler("create policy")
@aws_retry()
def create_policy(
    client, name: str, path: str, document: str, description: Optional[str], tags: Optional[Dict[str, str]]
) -> Dict[str, Any]:
    params: Dict[str, Any] = dict(PolicyName=name, Path=path, PolicyDocument=document)
    if description:
        params["Description"] = description
    if tags:
        params["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    try:
        return client.create_policy(**params)["Policy"]
    except is_boto3_error_code("EntityAlreadyExists") as e:
        # Not at this ARN (read first): a name is unique in the account whatever the path and the case.
        raise AnsibleIAMError(
            message=f"Failed to create policy {name} at path {path}: a policy of that name exists at another path"
            " or in another case (IAM names ignore case), and IAM cannot move or rename a policy: give its path and"
            " name, or delete it",
            exception=e,
        ) from e


@IAMErrorHandler.common_error_handler("create policy version")
@aws_retry()
def create_policy_version(client, arn: str, document: str) -> Dict[str, Any]:
    """A new version of the policy, made its default."""
    return client.create_policy_version(PolicyArn=arn, PolicyDocument=document, SetAsDefault=True)["PolicyVersion"]


@IAMErrorHandler.deletion_error_handler("delete policy version")
@aws_retry()
def delete_policy_version(client, arn: str, version_id: str) -> bool:
    client.delete_policy_version(PolicyArn=arn, VersionId=version_id)
    return True


@IAMErrorHandler.deletion_error_handler("delete policy")
@aws_retry()
def delete_policy(client, arn: str) -> bool:
    """False when the policy was already gone."""
    client.delete_policy(PolicyArn=arn)
    return True


@IAMErrorHandler.common_error_handler("tag policy")
@aws_retry()
def tag_policy(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_policy(PolicyArn=arn, Tags=ansible_dict_to_boto3_tag_list(tags))
    return True


@IAMErrorHandler.common_error_handler("untag policy")
@aws_retry()
def untag_policy(client, arn: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_policy(PolicyArn=arn, TagKeys=sorted(keys))
    return True


@IAMErrorHandler.common_error_handler("list entities for policy")
@aws_retry()
def list_entities_for_policy(client, arn: str) -> Dict[str, List[str]]:
    """The names of the groups, users and roles the policy is attached to (as a permissions policy or boundary)."""
    paginator = client.get_paginator("list_entities_for_policy")
    found = paginator.paginate(PolicyArn=arn).build_full_result()
    return dict(
        groups=[g["GroupName"] for g in found.get("PolicyGroups", [])],
        users=[u["UserName"] for u in found.get("PolicyUsers", [])],
        roles=[r["RoleName"] for r in found.get("PolicyRoles", [])],
    )


@IAMErrorHandler.deletion_error_handler("detach user policy")
@aws_retry()
def detach_user_policy(client, user_name: str, arn: str) -> bool:
    client.detach_user_policy(UserName=user_name, PolicyArn=arn)
    return True


@IAMErrorHandler.deletion_error_handler("detach role policy")
@aws_retry()
def detach_role_policy(client, role_name: str, arn: str) -> bool:
    client.detach_role_policy(RoleName=role_name, PolicyArn=arn)
    return True


def policy_document(version: Dict[str, Any]) -> Any:
    """A GetPolicyVersion document as a dict: botocore decodes it (URL-encoded JSON) unless its handler is off."""
    document = version.get("Document")
    if isinstance(document, str):
        document = json.loads(unquote(document))
    return document


def normalize_policy(policy: Dict[str, Any], document: Any) -> Dict[str, Any]:
    """GetPolicy's policy, snake_cased, with its default version's document and its tags as a dict."""
    return {
        "policy_name": policy["PolicyName"],
        "path": policy.get("Path", "/"),
        "arn": policy["Arn"],
        "policy_id": policy.get("PolicyId"),
        "description": policy.get("Description", ""),
        "default_version_id": policy.get("DefaultVersionId"),
        "attachment_count": policy.get("AttachmentCount"),
        "create_date": _iso(policy.get("CreateDate")),
        "update_date": _iso(policy.get("UpdateDate")),
        "tags": boto3_tag_list_to_ansible_dict(policy.get("Tags") or []),
        "policy_document": document,
    }


def policy_arn(partition: str, account_id: str, path: str, name: str) -> str:
    """A customer managed policy's ARN; the partition is the caller's (aws-cn, aws-us-gov...), never assumed."""
    return f"arn:{partition}:iam::{account_id}:policy{path}{name}"


# ---------------------------------------------------------------------- groups
@IAMErrorHandler.common_error_handler("list groups")
@aws_retry()
def list_groups(client) -> List[Dict[str, Any]]:
    """Every group of the account (IAM allows 300 at most: one page of 1,000)."""
    paginator = client.get_paginator("list_groups")
    return paginator.paginate(PaginationConfig={"PageSize": 1000}).build_full_result().get("Groups", [])


@IAMErrorHandler.list_error_handler("get group")
@aws_retry()
def get_group_users(client, name: str) -> Optional[List[str]]:
    """The names of the group's users, or None when the group does not exist."""
    paginator = client.get_paginator("get_group")
    return [u["UserName"] for u in paginator.paginate(GroupName=name).build_full_result().get("Users", [])]


@IAMErrorHandler.list_error_handler("list attached group policies")
@aws_retry()
def list_attached_group_policies(client, name: str) -> Optional[List[str]]:
    """The ARNs of the managed policies attached to the group, or None when the group does not exist."""
    paginator = client.get_paginator("list_attached_group_policies")
    attached = paginator.paginate(GroupName=name).build_full_result().get("AttachedPolicies", [])
    return [p["PolicyArn"] for p in attached]


@IAMErrorHandler.common_error_handler("create group")
@aws_retry()
def create_group(client, name: str, path: Optional[str]) -> Dict[str, Any]:
    return client.create_group(GroupName=name, **({"Path": path} if path else {}))["Group"]


@IAMErrorHandler.common_error_handler("update group path")
@aws_retry()
def update_group_path(client, name: str, path: str) -> bool:
    client.update_group(GroupName=name, NewPath=path)
    return True


@IAMErrorHandler.deletion_error_handler("delete group")
@aws_retry()
def delete_group(client, name: str) -> bool:
    client.delete_group(GroupName=name)
    return True


@IAMErrorHandler.common_error_handler("attach group policy")
@aws_retry()
def attach_group_policy(client, name: str, arn: str) -> bool:
    client.attach_group_policy(GroupName=name, PolicyArn=arn)
    return True


@IAMErrorHandler.deletion_error_handler("detach group policy")
@aws_retry()
def detach_group_policy(client, name: str, arn: str) -> bool:
    client.detach_group_policy(GroupName=name, PolicyArn=arn)
    return True


@IAMErrorHandler.deletion_error_handler("remove user from group")
@aws_retry()
def remove_user_from_group(client, name: str, user_name: str) -> bool:
    client.remove_user_from_group(GroupName=name, UserName=user_name)
    return True


def normalize_group(group: Dict[str, Any]) -> Dict[str, Any]:
    """A ListGroups / CreateGroup group, snake_cased."""
    return {
        "group_name": group["GroupName"],
        "path": group.get("Path", "/"),
        "arn": group.get("Arn"),
        "group_id": group.get("GroupId"),
        "create_date": _iso(group.get("CreateDate")),
    }


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


# ----------------------------------------------------------------------- roles
# botocore's IAM model: roleNameType (at most 64 of NAME's characters), roleMaxSessionDurationType,
# roleDescriptionType, policyDocumentType (a role's path is POLICY_PATH's: amazon.aws.iam_role's pattern).
ROLE_NAME_MAX = 64
ROLE_DESCRIPTION = re.compile(r"[\t\n\r\x20-\x7e\xa1-\xff]*\Z")
SESSION_DURATION_MIN, SESSION_DURATION_MAX = 3600, 43200
DOCUMENT_MAX = 131072


@IAMErrorHandler.list_error_handler("get role")
@aws_retry()
def get_role(client, name: str) -> Optional[Dict[str, Any]]:
    """The role (with its description, max session, boundary, tags and trust policy), or None when there is none."""
    return client.get_role(RoleName=name)["Role"]


@IAMErrorHandler.common_error_handler("create role")
@aws_retry()
def create_role(client, params: Dict[str, Any]) -> Dict[str, Any]:
    """CreateRole with ``params`` as the model spells them (RoleName, Path, AssumeRolePolicyDocument...)."""
    return client.create_role(**params)["Role"]


@IAMErrorHandler.common_error_handler("update role")
@aws_retry()
def update_role(
    client, name: str, description: Optional[str] = None, max_session_duration: Optional[int] = None
) -> bool:
    """UpdateRole: the description and the maximum session duration, in one call; None leaves either as it is."""
    params: Dict[str, Any] = {}
    if description is not None:
        params["Description"] = description
    if max_session_duration is not None:
        params["MaxSessionDuration"] = max_session_duration
    if not params:
        return False
    client.update_role(RoleName=name, **params)
    return True


@IAMErrorHandler.common_error_handler("update assume role policy")
@aws_retry()
def update_assume_role_policy(client, name: str, document: str) -> bool:
    client.update_assume_role_policy(RoleName=name, PolicyDocument=document)
    return True


@IAMErrorHandler.common_error_handler("put role permissions boundary")
@aws_retry()
def put_role_permissions_boundary(client, name: str, arn: str) -> bool:
    client.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=arn)
    return True


@IAMErrorHandler.deletion_error_handler("delete role permissions boundary")
@aws_retry()
def delete_role_permissions_boundary(client, name: str) -> bool:
    client.delete_role_permissions_boundary(RoleName=name)
    return True


@IAMErrorHandler.common_error_handler("tag role")
@aws_retry()
def tag_role(client, name: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_role(RoleName=name, Tags=ansible_dict_to_boto3_tag_list(tags))
    return True


@IAMErrorHandler.common_error_handler("untag role")
@aws_retry()
def untag_role(client, name: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_role(RoleName=name, TagKeys=sorted(keys))
    return True


@IAMErrorHandler.list_error_handler("list attached role policies")
@aws_retry()
def list_attached_role_policies(client, name: str) -> Optional[List[str]]:
    """The ARNs of the managed policies attached to the role, or None when the role does not exist."""
    paginator = client.get_paginator("list_attached_role_policies")
    attached = paginator.paginate(RoleName=name).build_full_result().get("AttachedPolicies", [])
    return [p["PolicyArn"] for p in attached]


@IAMErrorHandler.common_error_handler("attach role policy")
@aws_retry()
def attach_role_policy(client, name: str, arn: str) -> bool:
    client.attach_role_policy(RoleName=name, PolicyArn=arn)
    return True


@IAMErrorHandler.list_error_handler("list role policies")
@aws_retry()
def list_role_policies(client, name: str) -> Optional[List[str]]:
    """The names of the role's inline policies, or None when the role does not exist."""
    paginator = client.get_paginator("list_role_policies")
    return paginator.paginate(RoleName=name).build_full_result().get("PolicyNames", [])


@IAMErrorHandler.list_error_handler("get role policy")
@aws_retry()
def get_role_policy(client, name: str, policy_name: str) -> Optional[Any]:
    """An inline policy's document as a dict, or None when the role or the policy does not exist."""
    return decode_document(client.get_role_policy(RoleName=name, PolicyName=policy_name)["PolicyDocument"])


@IAMErrorHandler.common_error_handler("put role policy")
@aws_retry()
def put_role_policy(client, name: str, policy_name: str, document: str) -> bool:
    client.put_role_policy(RoleName=name, PolicyName=policy_name, PolicyDocument=document)
    return True


@IAMErrorHandler.deletion_error_handler("delete role policy")
@aws_retry()
def delete_role_policy(client, name: str, policy_name: str) -> bool:
    client.delete_role_policy(RoleName=name, PolicyName=policy_name)
    return True


@IAMErrorHandler.deletion_error_handler("delete role")
@aws_retry()
def delete_role(client, name: str) -> bool:
    """False when the role was already gone."""
    client.delete_role(RoleName=name)
    return True


def decode_document(document: Any) -> Any:
    """A policy document IAM returns (trust or inline) as a dict: botocore decodes its URL-encoded JSON unless its
    handler is off (a Stubber response, a client without it)."""
    if isinstance(document, str):
        document = json.loads(unquote(document))
    return document


def normalize_role(role: Dict[str, Any]) -> Dict[str, Any]:
    """GetRole's / CreateRole's role, snake_cased; what AWS omits is its unset value (no description: "", no
    boundary: "", the 3600 s default session)."""
    return {
        "role_name": role["RoleName"],
        "path": role.get("Path", "/"),
        "arn": role.get("Arn"),
        "role_id": role.get("RoleId"),
        "create_date": _iso(role.get("CreateDate")),
        "description": role.get("Description", ""),
        "assume_role_policy_document": decode_document(role.get("AssumeRolePolicyDocument")),
        "max_session_duration": role.get("MaxSessionDuration", SESSION_DURATION_MIN),
        "boundary": (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn", ""),
        "tags": boto3_tag_list_to_ansible_dict(role.get("Tags") or []),
    }


# ----------------------------------------------------------- instance profiles
@IAMErrorHandler.list_error_handler("get instance profile")
@aws_retry()
def get_instance_profile(client, name: str) -> Optional[Dict[str, Any]]:
    """The instance profile (with its roles and tags), or None when there is none."""
    return client.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]


@IAMErrorHandler.common_error_handler("list instance profiles for role")
@aws_retry()
def list_instance_profiles_for_role(client, name: str) -> List[str]:
    """The names of the instance profiles holding the role."""
    paginator = client.get_paginator("list_instance_profiles_for_role")
    found = paginator.paginate(RoleName=name).build_full_result().get("InstanceProfiles", [])
    return [p["InstanceProfileName"] for p in found]


@IAMErrorHandler.common_error_handler("create instance profile")
@aws_retry()
def create_instance_profile(client, name: str, path: str, tags: Optional[Dict[str, str]]) -> Dict[str, Any]:
    params: Dict[str, Any] = dict(InstanceProfileName=name, Path=path)
    if tags:
        params["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    return client.create_instance_profile(**params)["InstanceProfile"]


@IAMErrorHandler.common_error_handler("add role to instance profile")
@aws_retry()
def add_role_to_instance_profile(client, name: str, role_name: str) -> bool:
    client.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role_name)
    return True


@IAMErrorHandler.deletion_error_handler("remove role from instance profile")
@aws_retry()
def remove_role_from_instance_profile(client, name: str, role_name: str) -> bool:
    client.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=role_name)
    return True


@IAMErrorHandler.deletion_error_handler("delete instance profile")
@aws_retry()
def delete_instance_profile(client, name: str) -> bool:
    client.delete_instance_profile(InstanceProfileName=name)
    return True


@IAMErrorHandler.common_error_handler("tag instance profile")
@aws_retry()
def tag_instance_profile(client, name: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_instance_profile(InstanceProfileName=name, Tags=ansible_dict_to_boto3_tag_list(tags))
    return True


@IAMErrorHandler.common_error_handler("untag instance profile")
@aws_retry()
def untag_instance_profile(client, name: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_instance_profile(InstanceProfileName=name, TagKeys=sorted(keys))
    return True


def normalize_instance_profile(profile: Dict[str, Any]) -> Dict[str, Any]:
    """GetInstanceProfile's / CreateInstanceProfile's profile, snake_cased: its roles by name, its tags as a dict."""
    return {
        "instance_profile_name": profile["InstanceProfileName"],
        "path": profile.get("Path", "/"),
        "arn": profile.get("Arn"),
        "instance_profile_id": profile.get("InstanceProfileId"),
        "create_date": _iso(profile.get("CreateDate")),
        "roles": sorted(r["RoleName"] for r in profile.get("Roles") or []),
        "tags": boto3_tag_list_to_ansible_dict(profile.get("Tags") or []),
    }
