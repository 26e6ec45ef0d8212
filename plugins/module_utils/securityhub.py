# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Security Hub API calls (hub, standards and their controls, organization configuration, finding aggregators;
the organization admin calls, alike in GuardDuty, are in delegated_admin.py), one small function each, plus what the
securityhub_* modules share: resolving a standard's short name to the region's ARN, reading a subscription's
disabled controls, waiting for a subscription to be ready.

Every call is retried with ``aws_retry()`` and wrapped by ``SecurityHubErrorHandler`` (botocore errors become
``AnsibleSecurityHubError``); modules catch ``AnsibleAWSError`` and call ``module.fail_json_aws_error(e)``.
Modules that take ``regions`` converge each region inside ``in_region(region)``, so an error names its region.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from contextlib import contextmanager
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

BATCH = 100  # BatchGet/BatchUpdateStandardsControlAssociations take at most 100 items per call


class AnsibleSecurityHubError(AnsibleAWSError):
    pass


class SecurityHubErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleSecurityHubError

    @classmethod
    def _is_missing(cls):
        # InvalidAccessException: the account is not subscribed to Security Hub (so nothing of it exists).
        return is_boto3_error_code(["ResourceNotFoundException", "InvalidAccessException"])


@contextmanager
def in_region(region: str):
    """AWS errors raised inside name ``region`` (a module run may cover several)."""
    try:
        yield
    except AnsibleAWSError as e:
        e.message = f"{e.message or 'AWS error'} in {region}"
        raise


def _strip(result: Dict[str, Any]) -> Dict[str, Any]:
    result.pop("ResponseMetadata", None)
    return result


# ------------------------------------------------------------------------ hub


@SecurityHubErrorHandler.list_error_handler("describe hub")
@aws_retry()
def describe_hub(client) -> Optional[Dict[str, Any]]:
    """DescribeHub; None when Security Hub is not enabled."""
    return _strip(client.describe_hub())


@SecurityHubErrorHandler.list_error_handler("get administrator account", {})
@aws_retry()
def get_administrator_account(client) -> Dict[str, Any]:
    """The account's Security Hub administrator ({} when none)."""
    return client.get_administrator_account().get("Administrator", {})


@SecurityHubErrorHandler.common_error_handler("enable Security Hub")
@aws_retry()
def enable_security_hub(client, **params: Any) -> bool:
    client.enable_security_hub(**params)
    return True


@SecurityHubErrorHandler.common_error_handler("update Security Hub configuration")
@aws_retry()
def update_security_hub_configuration(client, **params: Any) -> bool:
    client.update_security_hub_configuration(**params)
    return True


@SecurityHubErrorHandler.deletion_error_handler("disable Security Hub")
@aws_retry()
def disable_security_hub(client) -> bool:
    client.disable_security_hub()
    return True


@SecurityHubErrorHandler.list_error_handler("list tags", {})
@aws_retry()
def list_tags(client, arn: str) -> Dict[str, str]:
    return client.list_tags_for_resource(ResourceArn=arn).get("Tags", {})


@SecurityHubErrorHandler.common_error_handler("tag resource")
@aws_retry()
def tag_resource(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(ResourceArn=arn, Tags=tags)
    return True


@SecurityHubErrorHandler.common_error_handler("untag resource")
@aws_retry()
def untag_resource(client, arn: str, tag_keys: List[str]) -> bool:
    if not tag_keys:
        return False
    client.untag_resource(ResourceArn=arn, TagKeys=list(tag_keys))
    return True


def ensure_tags(client, arn: str, current: Optional[Dict[str, str]], tags: Optional[Dict[str, str]], purge: bool):
    """Make the resource's tags match ``tags`` (None: leave alone); True if changed."""
    return sync_tags(
        current, tags, purge, lambda t: tag_resource(client, arn, t), lambda k: untag_resource(client, arn, k)
    )


# ------------------------------------------------------------------ standards


@SecurityHubErrorHandler.common_error_handler("describe standards")
@aws_retry()
def describe_standards(client) -> List[Dict[str, Any]]:
    return client.get_paginator("describe_standards").paginate().build_full_result().get("Standards", [])


@SecurityHubErrorHandler.list_error_handler("get enabled standards", [])
@aws_retry()
def get_enabled_standards(client, **params: Any) -> List[Dict[str, Any]]:
    """GetEnabledStandards, all pages; [] when Security Hub is not enabled."""
    paginator = client.get_paginator("get_enabled_standards")
    return paginator.paginate(**params).build_full_result().get("StandardsSubscriptions", [])


@SecurityHubErrorHandler.common_error_handler("enable standard")
@aws_retry()
def batch_enable_standards(client, standards_arns: List[str]) -> List[Dict[str, Any]]:
    requests = [{"StandardsArn": arn} for arn in standards_arns]
    return client.batch_enable_standards(StandardsSubscriptionRequests=requests)["StandardsSubscriptions"]


@SecurityHubErrorHandler.common_error_handler("disable standard")
@aws_retry()
def batch_disable_standards(client, subscription_arns: List[str]) -> List[Dict[str, Any]]:
    return client.batch_disable_standards(StandardsSubscriptionArns=list(subscription_arns))["StandardsSubscriptions"]


def short_name(standards_arn: str) -> str:
    """'aws-foundational-security-best-practices/v/1.0.0' from
    'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0'."""
    resource = standards_arn.split(":", 5)[-1]
    return resource.split("/", 1)[1] if "/" in resource else resource


def resolve_standard(standards: List[Dict[str, Any]], name_or_arn: str) -> Optional[Dict[str, Any]]:
    """The standard (as DescribeStandards returns it) named by its ARN or short name (with or without the
    'standards/' / 'ruleset/' prefix), or None. ARNs are per region: the short name picks the region's one."""
    wanted = name_or_arn.split("::", 1)[1] if name_or_arn.startswith("arn:") else name_or_arn
    for standard in standards:
        arn = standard["StandardsArn"]
        if name_or_arn == arn or wanted in (short_name(arn), arn.split(":", 5)[-1]):
            return standard
    return None


@SecurityHubErrorHandler.list_error_handler("list security control definitions", [])
@aws_retry()
def list_security_control_definitions(client, standards_arn: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_security_control_definitions")
    result = paginator.paginate(StandardsArn=standards_arn).build_full_result()
    return result.get("SecurityControlDefinitions", [])


@SecurityHubErrorHandler.common_error_handler("get standards control associations")
@aws_retry()
def _batch_get_associations(client, ids: List[Dict[str, str]]) -> Dict[str, Any]:
    return client.batch_get_standards_control_associations(StandardsControlAssociationIds=ids)


def get_control_associations(client, standards_arn: str, control_ids: List[str]) -> List[Dict[str, Any]]:
    """Each control's association with the standard (status, reason), in batches of BATCH."""
    details = []
    for start in range(0, len(control_ids), BATCH):
        ids = [{"StandardsArn": standards_arn, "SecurityControlId": c} for c in control_ids[start : start + BATCH]]
        details.extend(_batch_get_associations(client, ids).get("StandardsControlAssociationDetails", []))
    return details


@SecurityHubErrorHandler.common_error_handler("update standards control associations")
@aws_retry()
def _batch_update_associations(client, updates: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    result = client.batch_update_standards_control_associations(StandardsControlAssociationUpdates=updates)
    return result.get("UnprocessedAssociationUpdates", [])


def update_control_associations(client, updates: List[Dict[str, Any]]) -> bool:
    """BatchUpdateStandardsControlAssociations in batches; unprocessed updates (returned, not raised) raise."""
    failed = []
    for start in range(0, len(updates), BATCH):
        failed.extend(_batch_update_associations(client, updates[start : start + BATCH]))
    if failed:
        detail = "; ".join(
            f"{f['StandardsControlAssociationUpdate']['SecurityControlId']}: {f.get('ErrorCode', '')} "
            f"{f.get('ErrorReason', '')}".strip()
            for f in failed
        )
        raise AnsibleSecurityHubError(message=f"Failed to update standards control associations: {detail}")
    return bool(updates)


def disabled_controls(
    client, standards_arn: str, definitions: Optional[List[Dict[str, Any]]] = None
) -> List[Dict[str, str]]:
    """[{control_id, reason}] of the standard's disabled controls, sorted by id; ``definitions``: the standard's
    ListSecurityControlDefinitions if the caller has read them already."""
    if definitions is None:
        definitions = list_security_control_definitions(client, standards_arn)
    ids = [d["SecurityControlId"] for d in definitions]
    return sorted(
        (
            {"control_id": a["SecurityControlId"], "reason": a.get("UpdatedReason", "")}
            for a in get_control_associations(client, standards_arn, ids)
            if a.get("AssociationStatus") == "DISABLED"
        ),
        key=lambda c: c["control_id"],
    )


def wait_for_subscription(client, subscription_arn: str, timeout: int) -> Dict[str, Any]:
    """Poll GetEnabledStandards until the subscription is usable: READY, or INCOMPLETE (enabled, some controls
    could not be; the module reports it rather than failing every run). FAILED raises."""
    deadline = time.time() + timeout
    while True:
        found = get_enabled_standards(client, StandardsSubscriptionArns=[subscription_arn])
        status = found[0].get("StandardsStatus") if found else "PENDING"
        if status in ("READY", "INCOMPLETE"):
            return found[0]
        if status == "FAILED":
            reason = (found[0].get("StandardsStatusReason") or {}).get("StatusReasonCode", "")
            raise AnsibleSecurityHubError(message=f"Standard subscription {subscription_arn} is {status} {reason}")
        if time.time() >= deadline:
            raise AnsibleSecurityHubError(message=f"Timeout waiting for {subscription_arn} to be READY ({status})")
        time.sleep(5)


def normalize_subscription(standard: Dict[str, Any], subscription: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """One standard as the securityhub_standard* modules return it."""
    result = dict(
        standard=short_name(standard["StandardsArn"]),
        standards_arn=standard["StandardsArn"],
        name=standard.get("Name", ""),
        enabled_by_default=standard.get("EnabledByDefault", False),
    )
    if subscription:
        result.update(
            standards_subscription_arn=subscription["StandardsSubscriptionArn"],
            standards_status=subscription.get("StandardsStatus"),
        )
    return result


# ----------------------------------------------- organization configuration


@SecurityHubErrorHandler.common_error_handler("describe organization configuration")
@aws_retry()
def describe_organization_configuration(client) -> Dict[str, Any]:
    return camel_dict_to_snake_dict(_strip(client.describe_organization_configuration()))


@SecurityHubErrorHandler.common_error_handler("update organization configuration")
@aws_retry()
def update_organization_configuration(client, **params: Any) -> bool:
    client.update_organization_configuration(**params)
    return True


# ---------------------------------------------------------- finding aggregator


@SecurityHubErrorHandler.list_error_handler("list finding aggregators", [])
@aws_retry()
def list_finding_aggregators(client) -> List[str]:
    paginator = client.get_paginator("list_finding_aggregators")
    found = paginator.paginate().build_full_result().get("FindingAggregators", [])
    return [a["FindingAggregatorArn"] for a in found]


@SecurityHubErrorHandler.list_error_handler("get finding aggregator")
@aws_retry()
def get_finding_aggregator(client, arn: str) -> Optional[Dict[str, Any]]:
    return camel_dict_to_snake_dict(_strip(client.get_finding_aggregator(FindingAggregatorArn=arn)))


@SecurityHubErrorHandler.common_error_handler("create finding aggregator")
@aws_retry()
def create_finding_aggregator(client, **params: Any) -> Dict[str, Any]:
    return camel_dict_to_snake_dict(_strip(client.create_finding_aggregator(**params)))


@SecurityHubErrorHandler.common_error_handler("update finding aggregator")
@aws_retry()
def update_finding_aggregator(client, **params: Any) -> Dict[str, Any]:
    return camel_dict_to_snake_dict(_strip(client.update_finding_aggregator(**params)))


@SecurityHubErrorHandler.deletion_error_handler("delete finding aggregator")
@aws_retry()
def delete_finding_aggregator(client, arn: str) -> bool:
    client.delete_finding_aggregator(FindingAggregatorArn=arn)
    return True


# ------------------------------------------------ central configuration policies


@SecurityHubErrorHandler.common_error_handler("list configuration policies")
@aws_retry()
def list_configuration_policies(client) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_configuration_policies")
    return paginator.paginate().build_full_result().get("ConfigurationPolicySummaries", [])


@SecurityHubErrorHandler.list_error_handler("get configuration policy")
@aws_retry()
def get_configuration_policy(client, identifier: str) -> Optional[Dict[str, Any]]:
    return _strip(client.get_configuration_policy(Identifier=identifier))


@SecurityHubErrorHandler.common_error_handler("create configuration policy")
@aws_retry()
def create_configuration_policy(client, **params: Any) -> Dict[str, Any]:
    return _strip(client.create_configuration_policy(**params))


@SecurityHubErrorHandler.common_error_handler("update configuration policy")
@aws_retry()
def update_configuration_policy(client, **params: Any) -> Dict[str, Any]:
    return _strip(client.update_configuration_policy(**params))


@SecurityHubErrorHandler.deletion_error_handler("delete configuration policy")
@aws_retry()
def delete_configuration_policy(client, identifier: str) -> bool:
    client.delete_configuration_policy(Identifier=identifier)
    return True


@SecurityHubErrorHandler.common_error_handler("list configuration policy associations")
@aws_retry()
def list_configuration_policy_associations(client, **filters: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_configuration_policy_associations")
    result = paginator.paginate(Filters=filters).build_full_result()
    return result.get("ConfigurationPolicyAssociationSummaries", [])


def policy_target(target_id: str) -> Dict[str, str]:
    """An association Target from an id: 12 digits = account, 'ou-' = OU, 'r-' = root."""
    if target_id.startswith("ou-"):
        return {"OrganizationalUnitId": target_id}
    if target_id.startswith("r-"):
        return {"RootId": target_id}
    return {"AccountId": target_id}


@SecurityHubErrorHandler.common_error_handler("associate configuration policy")
@aws_retry()
def associate_configuration_policy(client, policy_id: str, target_id: str) -> bool:
    client.start_configuration_policy_association(
        ConfigurationPolicyIdentifier=policy_id, Target=policy_target(target_id)
    )
    return True


@SecurityHubErrorHandler.deletion_error_handler("disassociate configuration policy")
@aws_retry()
def disassociate_configuration_policy(client, policy_id: str, target_id: str) -> bool:
    client.start_configuration_policy_disassociation(
        ConfigurationPolicyIdentifier=policy_id, Target=policy_target(target_id)
    )
    return True
