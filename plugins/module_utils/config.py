# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Config API calls, one small function each, retried with ``aws_retry()``: the configuration recorder, its
status and the delivery channel (``prodgrade.aws.config_recorder`` and ``config_recorder_status``) and the rules
(``config_rules``), wrapped by ``ConfigErrorHandler``; the organization conformance packs
(``config_organization_conformance_pack``), wrapped by ``ConfigOrganizationErrorHandler``. Also the conversions
between what Describe* returns and the snake_cased shapes the modules compare.

A recorder in the compared shape::

    {"name": "default",
     "role_arn": "arn:aws:iam::123456789012:role/ecia-config-recorder",
     "recording_group": {"all_supported": True, "include_global_resource_types": True,
                         "resource_types": [], "exclusion_resource_types": [],          # sorted
                         "recording_strategy": "ALL_SUPPORTED_RESOURCE_TYPES"},
     "recording_mode": {...}}                                                            # read only, as AWS has it

A delivery channel in the compared shape (empty strings for what is not set)::

    {"name": "default", "s3_bucket_name": "...", "s3_key_prefix": "", "s3_kms_key_arn": "...",
     "sns_topic_arn": "", "delivery_frequency": "TwentyFour_Hours"}                     # None when AWS has none
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# The API error codes of a recorder, channel or rule that does not exist.
MISSING = [
    "NoSuchConfigurationRecorderException",
    "NoSuchDeliveryChannelException",
    "NoSuchConfigRuleException",
]
# The delivery channel's put also fails this way while the recorder's new role is not usable by Config yet.
IAM_NOT_READY = ("InsufficientDeliveryPolicyException",)
STRATEGIES = {
    "all": "ALL_SUPPORTED_RESOURCE_TYPES",
    "inclusion": "INCLUSION_BY_RESOURCE_TYPES",
    "exclusion": "EXCLUSION_BY_RESOURCE_TYPES",
}


class AnsibleConfigError(AnsibleAWSError):
    pass


class ConfigErrorHandler(AWSErrorHandler):
    """AWS Config's calls: the recorder's and channel's and the rules'."""

    _CUSTOM_EXCEPTION = AnsibleConfigError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(MISSING)


# ------------------------------------------------------------------ API calls
@ConfigErrorHandler.list_error_handler("describe configuration recorder")
@aws_retry()
def describe_recorder(client, name: str) -> Optional[Dict[str, Any]]:
    recorders = client.describe_configuration_recorders(ConfigurationRecorderNames=[name])
    return recorders["ConfigurationRecorders"][0] if recorders["ConfigurationRecorders"] else None


@ConfigErrorHandler.list_error_handler("describe configuration recorder status")
@aws_retry()
def describe_recorder_status(client, name: str) -> Optional[Dict[str, Any]]:
    statuses = client.describe_configuration_recorder_status(ConfigurationRecorderNames=[name])
    return statuses["ConfigurationRecordersStatus"][0] if statuses["ConfigurationRecordersStatus"] else None


@ConfigErrorHandler.common_error_handler("put configuration recorder")
@aws_retry()
def put_recorder(client, recorder: Dict[str, Any]) -> bool:
    client.put_configuration_recorder(ConfigurationRecorder=recorder)
    return True


@ConfigErrorHandler.deletion_error_handler("delete configuration recorder")
@aws_retry()
def delete_recorder(client, name: str) -> bool:
    client.delete_configuration_recorder(ConfigurationRecorderName=name)
    return True


@ConfigErrorHandler.common_error_handler("start configuration recorder")
@aws_retry()
def start_recorder(client, name: str) -> bool:
    client.start_configuration_recorder(ConfigurationRecorderName=name)
    return True


@ConfigErrorHandler.common_error_handler("stop configuration recorder")
@aws_retry()
def stop_recorder(client, name: str) -> bool:
    client.stop_configuration_recorder(ConfigurationRecorderName=name)
    return True


@ConfigErrorHandler.list_error_handler("describe delivery channel")
@aws_retry()
def describe_delivery_channel(client, name: str) -> Optional[Dict[str, Any]]:
    channels = client.describe_delivery_channels(DeliveryChannelNames=[name])
    return channels["DeliveryChannels"][0] if channels["DeliveryChannels"] else None


@ConfigErrorHandler.common_error_handler("put delivery channel")
@aws_retry(catch_extra_error_codes=IAM_NOT_READY)
def put_delivery_channel(client, channel: Dict[str, Any]) -> bool:
    client.put_delivery_channel(DeliveryChannel=channel)
    return True


@ConfigErrorHandler.deletion_error_handler("delete delivery channel")
@aws_retry()
def delete_delivery_channel(client, name: str) -> bool:
    client.delete_delivery_channel(DeliveryChannelName=name)
    return True


# ----------------------------------------------------------------- conversions
def normalize_recording_group(group: Dict[str, Any]) -> Dict[str, Any]:
    """DescribeConfigurationRecorders' recordingGroup in the compared shape; a recorder made before recording
    strategies existed has none, so its strategy is derived from what it records."""
    resource_types = sorted(group.get("resourceTypes") or [])
    excluded = sorted((group.get("exclusionByResourceTypes") or {}).get("resourceTypes") or [])
    strategy = (group.get("recordingStrategy") or {}).get("useOnly")
    if not strategy:
        strategy = STRATEGIES["all" if group.get("allSupported") else "exclusion" if excluded else "inclusion"]
    return dict(
        all_supported=bool(group.get("allSupported")),
        include_global_resource_types=bool(group.get("includeGlobalResourceTypes")),
        resource_types=resource_types,
        exclusion_resource_types=excluded,
        recording_strategy=strategy,
    )


def normalize_recorder(recorder: Dict[str, Any]) -> Dict[str, Any]:
    result = dict(
        name=recorder["name"],
        role_arn=recorder.get("roleARN", ""),
        recording_group=normalize_recording_group(recorder.get("recordingGroup") or {}),
    )
    if recorder.get("recordingMode"):
        result["recording_mode"] = camel_dict_to_snake_dict(recorder["recordingMode"])
    return result


def recording_group(all_supported: bool, include_global: bool, resource_types: List[str]) -> Dict[str, Any]:
    """The compared recording group that records all supported types, or only ``resource_types``."""
    return dict(
        all_supported=all_supported,
        include_global_resource_types=include_global if all_supported else False,
        resource_types=[] if all_supported else sorted(resource_types),
        exclusion_resource_types=[],
        recording_strategy=STRATEGIES["all" if all_supported else "inclusion"],
    )


def recorder_request(recorder: Dict[str, Any]) -> Dict[str, Any]:
    """PutConfigurationRecorder's ConfigurationRecorder for ``recorder`` (compared shape). AWS replaces the recorder
    with what is sent, so the recording mode, which the modules leave alone, is re-sent as it is."""
    group = recorder["recording_group"]
    request: Dict[str, Any] = dict(
        name=recorder["name"],
        roleARN=recorder["role_arn"],
        recordingGroup=dict(
            allSupported=group["all_supported"],
            includeGlobalResourceTypes=group["include_global_resource_types"],
            resourceTypes=list(group["resource_types"]),
            recordingStrategy=dict(useOnly=group["recording_strategy"]),
        ),
    )
    if group["exclusion_resource_types"]:
        request["recordingGroup"]["exclusionByResourceTypes"] = dict(resourceTypes=group["exclusion_resource_types"])
    mode = recorder.get("recording_mode")
    if mode and mode.get("recording_frequency"):
        request["recordingMode"] = dict(recordingFrequency=mode["recording_frequency"])
        overrides = [
            dict(
                {"description": o["description"]} if o.get("description") else {},
                resourceTypes=o["resource_types"],
                recordingFrequency=o["recording_frequency"],
            )
            for o in mode.get("recording_mode_overrides") or []
        ]
        if overrides:
            request["recordingMode"]["recordingModeOverrides"] = overrides
    return request


def normalize_channel(channel: Dict[str, Any]) -> Dict[str, Any]:
    return dict(
        name=channel["name"],
        s3_bucket_name=channel.get("s3BucketName", ""),
        s3_key_prefix=channel.get("s3KeyPrefix", ""),
        s3_kms_key_arn=channel.get("s3KmsKeyArn", ""),
        sns_topic_arn=channel.get("snsTopicARN", ""),
        delivery_frequency=(channel.get("configSnapshotDeliveryProperties") or {}).get("deliveryFrequency"),
    )


def channel_request(channel: Dict[str, Any]) -> Dict[str, Any]:
    """PutDeliveryChannel's DeliveryChannel for ``channel`` (compared shape): AWS refuses empty strings, so what is
    not set is not sent."""
    request: Dict[str, Any] = dict(name=channel["name"], s3BucketName=channel["s3_bucket_name"])
    for key, boto_key in (
        ("s3_key_prefix", "s3KeyPrefix"),
        ("s3_kms_key_arn", "s3KmsKeyArn"),
        ("sns_topic_arn", "snsTopicARN"),
    ):
        if channel.get(key):
            request[boto_key] = channel[key]
    if channel.get("delivery_frequency"):
        request["configSnapshotDeliveryProperties"] = dict(deliveryFrequency=channel["delivery_frequency"])
    return request


def recorder_status(client, name: str) -> Optional[Dict[str, Any]]:
    """``{name, recording, last_status, role_arn, all_supported, include_global_resource_types}``, or None when the
    recorder does not exist (``prodgrade.aws.config_recorder_status``'s shape)."""
    status = describe_recorder_status(client, name)
    recorder = describe_recorder(client, name) if status is not None else None
    if status is None or recorder is None:
        return None
    group = recorder.get("recordingGroup", {})
    return dict(
        name=status["name"],
        recording=bool(status.get("recording")),
        last_status=status.get("lastStatus", ""),
        role_arn=recorder.get("roleARN", ""),
        all_supported=bool(group.get("allSupported")),
        include_global_resource_types=bool(group.get("includeGlobalResourceTypes")),
    )


# -------------------- organization conformance packs (config_organization_conformance_pack)
# AWS Config organization conformance pack API calls, one small function each, retried with ``aws_retry()``
# and wrapped by ``ConfigOrganizationErrorHandler``.

# Config's own "try again": an organization pack is being created/updated/deleted in member accounts.
BUSY = ("ResourceInUseException",)


class AnsibleConfigOrganizationError(AnsibleAWSError):
    pass


class ConfigOrganizationErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleConfigOrganizationError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NoSuchOrganizationConformancePackException")


@ConfigOrganizationErrorHandler.list_error_handler("describe organization conformance pack")
@aws_retry()
def describe_organization_conformance_pack(client, name: str) -> Optional[Dict[str, Any]]:
    paginator = client.get_paginator("describe_organization_conformance_packs")
    found = paginator.paginate(OrganizationConformancePackNames=[name]).build_full_result()
    packs = found.get("OrganizationConformancePacks", [])
    return packs[0] if packs else None


@ConfigOrganizationErrorHandler.list_error_handler("describe organization conformance pack status")
@aws_retry()
def describe_organization_conformance_pack_status(client, name: str) -> Optional[Dict[str, Any]]:
    paginator = client.get_paginator("describe_organization_conformance_pack_statuses")
    found = paginator.paginate(OrganizationConformancePackNames=[name]).build_full_result()
    statuses = found.get("OrganizationConformancePackStatuses", [])
    return statuses[0] if statuses else None


@ConfigOrganizationErrorHandler.common_error_handler("put organization conformance pack")
@aws_retry(catch_extra_error_codes=BUSY)
def put_organization_conformance_pack(client, **params: Any) -> str:
    return client.put_organization_conformance_pack(**params)["OrganizationConformancePackArn"]


@ConfigOrganizationErrorHandler.deletion_error_handler("delete organization conformance pack")
@aws_retry(catch_extra_error_codes=BUSY)
def delete_organization_conformance_pack(client, name: str) -> bool:
    client.delete_organization_conformance_pack(OrganizationConformancePackName=name)
    return True


# -------------------- rules (config_rules)
# AWS Config rules: the API calls of ``prodgrade.aws.config_rules`` (one small function each, retried with
# ``aws_retry()`` and wrapped by ``ConfigErrorHandler``) and the conversions between a rule as
# DescribeConfigRules returns it and the snake_cased shape the module compares.
#
# A rule in the compared shape::
#
#     {"config_rule_name": "iam-password-policy",
#      "source": {"owner": "AWS", "source_identifier": "IAM_PASSWORD_POLICY"},
#      "description": "...",                                  # "" when AWS returns none
#      "input_parameters": {"MinimumPasswordLength": "14"},   # parsed JSON, {} when none
#      "maximum_execution_frequency": "TwentyFour_Hours",     # when set
#      "scope": {"compliance_resource_types": [...]},         # when set; empty values dropped, types sorted
#      "config_rule_arn": ..., "config_rule_id": ..., "config_rule_state": ..., "evaluation_modes": [...],
#      "created_by": ...}                                      # read back only

# Config's "try again": the rule is being deleted, or evaluated, or its results deleted.


# ------------------------------------------------------------------ API calls
@ConfigErrorHandler.common_error_handler("describe config rules")
@aws_retry()
def describe_config_rules(client) -> List[Dict[str, Any]]:
    """Every rule of the region (no names filter: one paginated read, service-linked rules included)."""
    paginator = client.get_paginator("describe_config_rules")
    return paginator.paginate().build_full_result().get("ConfigRules", [])


@ConfigErrorHandler.common_error_handler("put config rule")
@aws_retry(catch_extra_error_codes=BUSY)
def put_config_rule(client, config_rule: Dict[str, Any]) -> bool:
    client.put_config_rule(ConfigRule=config_rule)
    return True


@ConfigErrorHandler.deletion_error_handler("delete config rule")
@aws_retry(catch_extra_error_codes=BUSY)
def delete_config_rule(client, name: str) -> bool:
    """False when the rule was already gone."""
    client.delete_config_rule(ConfigRuleName=name)
    return True


# ----------------------------------------------------------------- conversions
def _parameters(raw: Optional[str]) -> Any:
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return raw  # not JSON: kept verbatim (and re-sent verbatim)


def normalize_scope(scope: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A snake_cased scope without empty values, resource types sorted (their order means nothing)."""
    result = {k: v for k, v in (scope or {}).items() if v not in (None, "", [])}
    if "compliance_resource_types" in result:
        result["compliance_resource_types"] = sorted(result["compliance_resource_types"])
    return result


def normalize_rule(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeConfigRules rule in the compared shape (see the module docstring)."""
    result = camel_dict_to_snake_dict(rule)
    result["input_parameters"] = _parameters(rule.get("InputParameters"))
    result["description"] = rule.get("Description", "")
    scope = normalize_scope(result.pop("scope", None))
    if scope:
        result["scope"] = scope
    return result


def parameter_value(value: Any) -> Any:
    """AWS managed rules take every parameter as a JSON string ("Blank spaces are not acceptable for input
    parameter ..." answers an unquoted number): numbers and booleans become strings; other values are kept."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def rule_request(rule: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
    """PutConfigRule's ConfigRule for ``rule`` (the current rule merged with ``desired``). AWS replaces the rule
    with what is sent, so what the module leaves alone (unset options, EvaluationModes) is re-sent as it is."""
    source = rule["source"]
    request: Dict[str, Any] = dict(
        ConfigRuleName=rule["config_rule_name"],
        Source=dict(Owner=source["owner"], SourceIdentifier=source["source_identifier"]),
    )
    if rule.get("description") or desired.get("description") == "":
        request["Description"] = rule.get("description") or ""
    parameters = rule.get("input_parameters")
    if isinstance(parameters, str):
        request["InputParameters"] = parameters
    elif parameters or desired.get("input_parameters") is not None:
        request["InputParameters"] = json.dumps(parameters or {}, sort_keys=True)
    if rule.get("maximum_execution_frequency"):
        request["MaximumExecutionFrequency"] = rule["maximum_execution_frequency"]
    if rule.get("scope"):
        request["Scope"] = snake_dict_to_camel_dict(rule["scope"], capitalize_first=True)
    if rule.get("evaluation_modes"):
        request["EvaluationModes"] = [dict(Mode=m["mode"]) for m in rule["evaluation_modes"]]
    return request


def predict(current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> Dict[str, Any]:
    """The rule after a put of ``desired`` over ``current``: every set top-level value replaces the current one
    (the put sends the desired source, scope and parameters whole)."""
    result = copy.deepcopy(current) if current else {}
    result.update({k: copy.deepcopy(v) for k, v in desired.items() if v is not None})
    return result
