# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""EC2 API calls (VPCs, subnets, security groups), one small function each, retried with ``aws_retry()`` and
wrapped by ``EC2ErrorHandler`` (botocore errors become ``AnsibleEC2Error``).

Reads take EC2 filters and return every page: a Describe with filters answers an empty list, not an error, when
nothing matches.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any
from typing import Dict
from typing import List

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.ec2 import AnsibleEC2Error
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


class EC2ErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleEC2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidGroup.NotFound"])


def tag_filter(key: str, values: List[str]) -> Dict[str, Any]:
    """An EC2 filter on a tag's value (EC2 filter wildcards ``*`` and ``?`` allowed in ``values``)."""
    return {"Name": f"tag:{key}", "Values": list(values)}


@EC2ErrorHandler.list_error_handler("describe VPCs", [])
@aws_retry()
def describe_vpcs(client, **params: Any) -> List[Dict[str, Any]]:
    return client.get_paginator("describe_vpcs").paginate(**params).build_full_result().get("Vpcs", [])


@EC2ErrorHandler.list_error_handler("describe subnets", [])
@aws_retry()
def describe_subnets(client, **params: Any) -> List[Dict[str, Any]]:
    return client.get_paginator("describe_subnets").paginate(**params).build_full_result().get("Subnets", [])


@EC2ErrorHandler.list_error_handler("describe security groups", [])
@aws_retry()
def describe_security_groups(client, **params: Any) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("describe_security_groups")
    return paginator.paginate(**params).build_full_result().get("SecurityGroups", [])
