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


# ------------------------------------------------ subnets and route tables (ec2_vpc_subnets, ec2_vpc_route_tables)
# A route table just created may not be visible yet (amazon.aws.ec2_vpc_route_table waits with a Describe).
NEW_ROUTE_TABLE_CODES = ("InvalidRouteTableID.NotFound",)


class EC2RouteTableErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleEC2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(
            ["InvalidRouteTableID.NotFound", "InvalidAssociationID.NotFound", "InvalidRoute.NotFound"]
        )


@EC2ErrorHandler.common_error_handler("create subnet")
@aws_retry()
def create_subnet(client, **params: Any) -> Dict[str, Any]:
    return client.create_subnet(**params)["Subnet"]


@EC2ErrorHandler.deletion_error_handler("delete subnet")
@aws_retry()
def delete_subnet(client, subnet_id: str) -> bool:
    """False when the subnet was already gone."""
    client.delete_subnet(SubnetId=subnet_id)
    return True


@EC2ErrorHandler.common_error_handler("modify subnet attribute")
@aws_retry()
def modify_subnet_attribute(client, subnet_id: str, **attribute: Any) -> bool:
    """One attribute a call (AWS refuses several), e.g. ``MapPublicIpOnLaunch={"Value": False}``."""
    client.modify_subnet_attribute(SubnetId=subnet_id, **attribute)
    return True


@EC2ErrorHandler.common_error_handler("associate subnet IPv6 CIDR block")
@aws_retry()
def associate_subnet_cidr_block(client, subnet_id: str, ipv6_cidr_block: str) -> Dict[str, Any]:
    return client.associate_subnet_cidr_block(SubnetId=subnet_id, Ipv6CidrBlock=ipv6_cidr_block)


@EC2ErrorHandler.common_error_handler("disassociate subnet IPv6 CIDR block")
@aws_retry()
def disassociate_subnet_cidr_block(client, association_id: str) -> bool:
    client.disassociate_subnet_cidr_block(AssociationId=association_id)
    return True


def wait_subnets_available(client, subnet_ids: List[str], timeout: int) -> None:
    """botocore's SubnetAvailable waiter over all the ids at once (amazon.aws.ec2_vpc_subnet waits one by one)."""
    client.get_waiter("subnet_available").wait(
        SubnetIds=list(subnet_ids), WaiterConfig={"Delay": 5, "MaxAttempts": max(1, timeout // 5)}
    )


@EC2RouteTableErrorHandler.list_error_handler("describe route tables", [])
@aws_retry()
def describe_route_tables(client, **params: Any) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("describe_route_tables")
    return paginator.paginate(**params).build_full_result().get("RouteTables", [])


@EC2RouteTableErrorHandler.common_error_handler("create route table")
@aws_retry()
def create_route_table(client, vpc_id: str, tag_specifications: List[Dict[str, Any]]) -> Dict[str, Any]:
    params: Dict[str, Any] = {"VpcId": vpc_id}
    if tag_specifications:
        params["TagSpecifications"] = tag_specifications
    return client.create_route_table(**params)["RouteTable"]


@EC2RouteTableErrorHandler.deletion_error_handler("delete route table")
@aws_retry()
def delete_route_table(client, route_table_id: str) -> bool:
    client.delete_route_table(RouteTableId=route_table_id)
    return True


@EC2RouteTableErrorHandler.common_error_handler("create route")
@aws_retry(catch_extra_error_codes=NEW_ROUTE_TABLE_CODES)
def create_route(client, route_table_id: str, **route: Any) -> bool:
    client.create_route(RouteTableId=route_table_id, **route)
    return True


@EC2RouteTableErrorHandler.common_error_handler("replace route")
@aws_retry()
def replace_route(client, route_table_id: str, **route: Any) -> bool:
    client.replace_route(RouteTableId=route_table_id, **route)
    return True


@EC2RouteTableErrorHandler.deletion_error_handler("delete route")
@aws_retry()
def delete_route(client, route_table_id: str, **destination: str) -> bool:
    client.delete_route(RouteTableId=route_table_id, **destination)
    return True


@EC2RouteTableErrorHandler.common_error_handler("associate route table")
@aws_retry(catch_extra_error_codes=NEW_ROUTE_TABLE_CODES)
def associate_route_table(client, route_table_id: str, subnet_id: str) -> str:
    return client.associate_route_table(RouteTableId=route_table_id, SubnetId=subnet_id)["AssociationId"]


@EC2RouteTableErrorHandler.common_error_handler("replace route table association")
@aws_retry()
def replace_route_table_association(client, association_id: str, route_table_id: str) -> str:
    """Moves a subnet's association to another table in one call; the new association id."""
    result = client.replace_route_table_association(AssociationId=association_id, RouteTableId=route_table_id)
    return result["NewAssociationId"]


@EC2RouteTableErrorHandler.deletion_error_handler("disassociate route table")
@aws_retry()
def disassociate_route_table(client, association_id: str) -> bool:
    client.disassociate_route_table(AssociationId=association_id)
    return True
