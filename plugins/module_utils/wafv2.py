# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""WAFv2 logging configuration API calls, one small function each, retried with ``aws_retry()`` and wrapped by
``WAFv2LoggingErrorHandler``; plus the destination rules AWS enforces (names starting ``aws-waf-logs-``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import arn_bucket

PREFIX = "aws-waf-logs-"


class AnsibleWAFv2LoggingError(AnsibleAWSError):
    pass


class WAFv2LoggingErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleWAFv2LoggingError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("WAFNonexistentItemException")


@WAFv2LoggingErrorHandler.list_error_handler("get logging configuration")
@aws_retry(catch_extra_error_codes=["WAFUnavailableEntityException"])
def get_logging_configuration(client, arn: str) -> Optional[Dict[str, Any]]:
    """GetLoggingConfiguration of a web ACL; None when it has none."""
    return client.get_logging_configuration(ResourceArn=arn)["LoggingConfiguration"]


@WAFv2LoggingErrorHandler.common_error_handler("put logging configuration")
@aws_retry(catch_extra_error_codes=["WAFUnavailableEntityException", "WAFOptimisticLockException"])
def put_logging_configuration(client, configuration: Dict[str, Any]) -> Dict[str, Any]:
    return client.put_logging_configuration(LoggingConfiguration=configuration)["LoggingConfiguration"]


@WAFv2LoggingErrorHandler.deletion_error_handler("delete logging configuration")
@aws_retry(catch_extra_error_codes=["WAFUnavailableEntityException", "WAFOptimisticLockException"])
def delete_logging_configuration(client, arn: str) -> bool:
    client.delete_logging_configuration(ResourceArn=arn)
    return True


def normalize_logging(configuration: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """boto3 LoggingConfiguration -> snake_cased (redacted fields and filter included), None stays None."""
    if configuration is None:
        return None
    result = camel_dict_to_snake_dict(configuration)
    result.setdefault("redacted_fields", [])
    return result


def web_acl(arn: Any) -> Optional[Dict[str, Optional[str]]]:
    """parse_arn() of a web ACL's ARN (arn:aws:wafv2:<region>:<account>:global|regional/webacl/<name>/<id>), with
    its ``scope`` (global: CloudFront's, regional); None when ``arn`` is not one."""
    parts = parse_arn(arn, "wafv2", region=True, account=True)
    segments = parts["resource"].split("/") if parts else []
    if len(segments) != 4 or segments[0] not in ("global", "regional") or segments[1] != "webacl" or not all(segments):
        return None
    return dict(parts, scope=segments[0])


def log_destination(arn: str) -> Optional[Dict[str, Optional[str]]]:
    """The ``name`` and ``region`` (None for S3) of a log destination: a CloudWatch Logs log group (its ARN may end in
    ``:*``), an S3 bucket (optionally with a prefix) or a Firehose delivery stream; None for anything else."""
    group = parse_arn(arn, "logs", resource_type="log-group:", region=True, account=True)
    if group:
        name = group["resource_id"][:-2] if group["resource_id"].endswith(":*") else group["resource_id"]
        return dict(name=name, region=group["region"]) if name and ":" not in name else None
    stream = parse_arn(arn, "firehose", resource_type="deliverystream/", region=True, account=True)
    if stream:
        return dict(name=stream["resource_id"], region=stream["region"])
    bucket = arn_bucket(arn)
    return dict(name=bucket, region=None) if bucket else None


def destination_errors(web_acl_arn: str, destinations: List[str]) -> List[str]:
    """What AWS rejects about a web ACL's log destinations, each naming the option and the rule."""
    acl = web_acl(web_acl_arn)
    errors = []
    if not acl:
        errors.append(
            "web_acl_arn must be a WAFv2 web ACL ARN "
            f"(arn:aws:wafv2:<region>:<account>:global|regional/webacl/<name>/<id>): {web_acl_arn!r}"
        )
    if len(destinations) != 1:
        errors.append(
            f"log_destination_configs must hold exactly one destination (AWS allows one), not {len(destinations)}"
        )
    for arn in destinations:
        found = log_destination(arn)
        if not found:
            errors.append(
                "log_destination_configs must be a CloudWatch Logs log group, S3 bucket or Firehose delivery stream "
                f"ARN: {arn!r}"
            )
            continue
        if not found["name"].startswith(PREFIX):
            errors.append(
                f"log_destination_configs: WAF only logs to destinations named {PREFIX}*, not {found['name']!r}"
            )
        region = found["region"]
        if acl and region and acl["scope"] == "global" and region != "us-east-1":
            errors.append(f"log_destination_configs: a CloudFront (global) web ACL logs to us-east-1, not {region}")
        if acl and region and acl["scope"] == "regional" and region != acl["region"]:
            errors.append(f"log_destination_configs: the destination must be in the web ACL's region {acl['region']}")
    return errors
