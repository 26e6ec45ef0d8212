# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM Access Analyzer API calls (analyzers, tags, archive rules), one small function each, retried with
``aws_retry()`` and wrapped by ``AccessAnalyzerErrorHandler``."""

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
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleAccessAnalyzerError(AnsibleAWSError):
    pass


class AccessAnalyzerErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleAccessAnalyzerError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ResourceNotFoundException")


@AccessAnalyzerErrorHandler.list_error_handler("get analyzer")
@aws_retry()
def get_analyzer(client, name: str) -> Optional[Dict[str, Any]]:
    return client.get_analyzer(analyzerName=name)["analyzer"]


@AccessAnalyzerErrorHandler.common_error_handler("list analyzers")
@aws_retry()
def list_analyzers(client, **params: Any) -> List[Dict[str, Any]]:
    return client.get_paginator("list_analyzers").paginate(**params).build_full_result().get("analyzers", [])


@AccessAnalyzerErrorHandler.common_error_handler("create analyzer")
@aws_retry()
def create_analyzer(client, **params: Any) -> str:
    return client.create_analyzer(**params)["arn"]


@AccessAnalyzerErrorHandler.deletion_error_handler("delete analyzer")
@aws_retry()
def delete_analyzer(client, name: str) -> bool:
    client.delete_analyzer(analyzerName=name)
    return True


@AccessAnalyzerErrorHandler.list_error_handler("list archive rules", [])
@aws_retry()
def list_archive_rules(client, name: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_archive_rules")
    return paginator.paginate(analyzerName=name).build_full_result().get("archiveRules", [])


@AccessAnalyzerErrorHandler.common_error_handler("create archive rule")
@aws_retry()
def create_archive_rule(client, name: str, rule_name: str, rule_filter: Dict[str, Any]) -> bool:
    client.create_archive_rule(analyzerName=name, ruleName=rule_name, filter=rule_filter)
    return True


@AccessAnalyzerErrorHandler.common_error_handler("update archive rule")
@aws_retry()
def update_archive_rule(client, name: str, rule_name: str, rule_filter: Dict[str, Any]) -> bool:
    client.update_archive_rule(analyzerName=name, ruleName=rule_name, filter=rule_filter)
    return True


@AccessAnalyzerErrorHandler.deletion_error_handler("delete archive rule")
@aws_retry()
def delete_archive_rule(client, name: str, rule_name: str) -> bool:
    client.delete_archive_rule(analyzerName=name, ruleName=rule_name)
    return True


@AccessAnalyzerErrorHandler.common_error_handler("tag analyzer")
@aws_retry()
def tag_resource(client, arn: str, tags: Dict[str, str]) -> bool:
    if not tags:
        return False
    client.tag_resource(resourceArn=arn, tags=tags)
    return True


@AccessAnalyzerErrorHandler.common_error_handler("untag analyzer")
@aws_retry()
def untag_resource(client, arn: str, keys: List[str]) -> bool:
    if not keys:
        return False
    client.untag_resource(resourceArn=arn, tagKeys=list(keys))
    return True


def ensure_tags(client, arn: str, current: Optional[Dict[str, str]], tags: Optional[Dict[str, str]], purge: bool):
    """Make the analyzer's tags match ``tags`` (None: leave alone); True if changed."""
    return sync_tags(
        current, tags, purge, lambda t: tag_resource(client, arn, t), lambda k: untag_resource(client, arn, k)
    )


def describe_analyzer(client, name: str) -> Optional[Dict[str, Any]]:
    """The analyzer, snake_cased (tags and rule filters as AWS spells them), with its archive rules; or None."""
    analyzer = get_analyzer(client, name)
    if analyzer is None:
        return None
    result = camel_dict_to_snake_dict(analyzer, ignore_list=["tags"])
    result["tags"] = analyzer.get("tags") or {}
    result["archive_rules"] = sorted(
        ({"rule_name": r["ruleName"], "filter": r["filter"]} for r in list_archive_rules(client, name)),
        key=lambda r: r["rule_name"],
    )
    return result
