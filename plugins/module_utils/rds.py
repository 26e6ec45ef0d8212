# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RDS API calls, one small function each, retried with ``aws_retry()`` and wrapped by ``RDSErrorHandler``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class AnsibleRDSError(AnsibleAWSError):
    pass


class RDSErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleRDSError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("DBInstanceNotFound")


@RDSErrorHandler.list_error_handler("describe DB instances", [])
@aws_retry()
def describe_db_instances(client, identifiers: List[str]) -> List[Dict[str, Any]]:
    """The instances of ``identifiers`` that exist, all pages (a filter, unlike DBInstanceIdentifier, answers an
    empty list rather than DBInstanceNotFound)."""
    paginator = client.get_paginator("describe_db_instances")
    params = {"Filters": [{"Name": "db-instance-id", "Values": list(identifiers)}]}
    return paginator.paginate(**params).build_full_result().get("DBInstances", [])
