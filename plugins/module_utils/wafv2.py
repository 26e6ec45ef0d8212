# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""WAFv2 logging configuration API calls, one small function each, retried with ``aws_retry()`` and wrapped by
``WAFv2LoggingErrorHandler``; plus the destination rules AWS enforces (names starting ``aws-waf-logs-``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

WEB_ACL_ARN = re.compile(
    r"^arn:aws[a-z-]*:wafv2:(?P<region>[a-z0-9-]+):\d{12}:(?P<scope>global|regional)/webacl/[^/]+/[^/]+$"
)
# CloudWatch Logs log group, S3 bucket (optionally with a prefix) or Firehose delivery stream, named aws-waf-logs-*
DESTINATIONS = (
    re.compile(r"^arn:aws[a-z-]*:logs:(?P<region>[a-z0-9-]+):\d{12}:log-group:(?P<name>[^:]+)(:\*)?$"),
    re.compile(r"^arn:aws[a-z-]*:s3:::(?P<name>[^/]+)(/.*)?$"),
    re.compile(r"^arn:aws[a-z-]*:firehose:(?P<region>[a-z0-9-]+):\d{12}:deliverystream/(?P<name>.+)$"),
)
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


def destination_errors(web_acl_arn: str, destinations: List[str]) -> List[str]:
    """What AWS rejects about a web ACL's log destinations, each naming the option and the rule."""
    acl = WEB_ACL_ARN.match(web_acl_arn)
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
        found = next((m for m in (p.match(arn) for p in DESTINATIONS) if m), None)
        if not found:
            errors.append(
                "log_destination_configs must be a CloudWatch Logs log group, S3 bucket or Firehose delivery stream "
                f"ARN: {arn!r}"
            )
            continue
        if not found.group("name").startswith(PREFIX):
            errors.append(
                f"log_destination_configs: WAF only logs to destinations named {PREFIX}*, not {found.group('name')!r}"
            )
        region = found.groupdict().get("region")
        if acl and region and acl.group("scope") == "global" and region != "us-east-1":
            errors.append(f"log_destination_configs: a CloudFront (global) web ACL logs to us-east-1, not {region}")
        if acl and region and acl.group("scope") == "regional" and region != acl.group("region"):
            errors.append(
                f"log_destination_configs: the destination must be in the web ACL's region {acl.group('region')}"
            )
    return errors
