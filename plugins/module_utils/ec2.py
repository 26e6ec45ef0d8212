# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""EC2 API calls (VPCs, subnets, security groups), one small function each, retried with ``aws_retry()`` and
wrapped by ``EC2ErrorHandler`` (botocore errors become ``AnsibleEC2Error``).

Reads take EC2 filters and return every page: a Describe with filters answers an empty list, not an error, when
nothing matches.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import time
from typing import Any
from typing import Dict
from typing import Iterable
from typing import List
from typing import Optional

try:
    from botocore.exceptions import WaiterError
    from botocore.waiter import NormalizedOperationMethod
    from botocore.waiter import Waiter
    from botocore.waiter import WaiterModel
except ImportError:
    pass  # AnsibleAWSModule reports the missing SDK

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.ec2 import AnsibleEC2Error
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.prodgrade.aws.plugins.module_utils.common import sync_tags
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


# An image id that does not exist, or is not an image id at all, is "not found" to a reader (layer_outputs_info).
class EC2ImageErrorHandler(EC2ErrorHandler):
    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["InvalidAMIID.NotFound", "InvalidAMIID.Malformed", "InvalidAMIID.Unavailable"])


@EC2ImageErrorHandler.list_error_handler("describe images", [])
@aws_retry()
def describe_images(client, image_ids: List[str]) -> List[Dict[str, Any]]:
    return client.describe_images(ImageIds=list(image_ids)).get("Images", [])


# ------------------------------------------------ subnets and route tables (ec2_vpc_subnets, ec2_vpc_route_tables)
# A route table just created may not be visible yet (amazon.aws.ec2_vpc_route_table waits with a Describe).
NEW_ROUTE_TABLE_CODES = ("InvalidRouteTableID.NotFound",)
# Likewise a subnet just created (amazon.aws.ec2_vpc_subnet retries its tagging on this code).
NEW_SUBNET_CODES = ("InvalidSubnetID.NotFound",)


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


@EC2ErrorHandler.common_error_handler("modify subnet attribute")
@aws_retry(catch_extra_error_codes=NEW_SUBNET_CODES)
def modify_new_subnet_attribute(client, subnet_id: str, **attribute: Any) -> bool:
    """modify_subnet_attribute on a subnet just created, which EC2 may not show yet (eventual consistency)."""
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


def _wait_subnets(client, subnet_ids: List[str], what: str, acceptors: List[Dict[str, Any]], timeout: int) -> None:
    """DescribeSubnets(SubnetIds) every 5 s until a botocore waiter ``acceptors`` succeeds; a timeout, failure state
    or unexpected error raises AnsibleEC2Error naming the subnets and ``what`` was awaited (not botocore's
    WaiterError)."""
    waiter = {"operation": "DescribeSubnets", "delay": 5, "maxAttempts": max(1, timeout // 5), "acceptors": acceptors}
    config = WaiterModel({"version": 2, "waiters": {"Subnet": waiter}}).get_waiter("Subnet")
    try:
        Waiter("Subnet", config, NormalizedOperationMethod(client.describe_subnets)).wait(SubnetIds=list(subnet_ids))
    except WaiterError as e:
        raise AnsibleEC2Error(message=f"Failed waiting for subnet {', '.join(subnet_ids)} {what}: {e}") from e


def wait_subnets_available(client, subnet_ids: List[str], timeout: int) -> None:
    """botocore's SubnetAvailable over all the ids at once (amazon.aws.ec2_vpc_subnet waits one by one), which also
    waits while a new subnet is not found yet (amazon.aws waits for its subnet_exists first)."""
    acceptors = [
        {"matcher": "pathAll", "argument": "Subnets[].State", "expected": "available", "state": "success"},
        {"matcher": "error", "expected": NEW_SUBNET_CODES[0], "state": "retry"},
    ]
    _wait_subnets(client, subnet_ids, "to be available", acceptors, timeout)


def wait_subnet_ipv6_association(client, subnet_id: str, association_id: str, associated: bool, timeout: int) -> None:
    """Wait until a subnet's IPv6 CIDR association is ``associated`` (``associated``) or is ``disassociated`` or gone.

    By association id: amazon.aws.ec2_vpc_subnet's filter on any association's state matches an older disassociated
    one too."""
    associations = "Subnets[].Ipv6CidrBlockAssociationSet[]"
    states = f"{associations} | [?AssociationId=='{association_id}'].Ipv6CidrBlockState.State"
    failure = {"matcher": "pathAny", "argument": states, "expected": "failed", "state": "failure"}
    if associated:
        acceptors = [{"matcher": "pathAny", "argument": states, "expected": "associated", "state": "success"}, failure]
    else:
        # A stale read may still say "associated": only disassociated, or no longer listed, is done.
        pending = f"[?AssociationId=='{association_id}' && Ipv6CidrBlockState.State != 'disassociated']"
        gone = f"length({associations} | {pending}) == `0`"
        acceptors = [{"matcher": "path", "argument": gone, "expected": True, "state": "success"}, failure]
    what = f"IPv6 CIDR association {association_id} to be {'associated' if associated else 'disassociated'}"
    _wait_subnets(client, [subnet_id], what, acceptors, timeout)


def cidr_network(value: str) -> Optional[Any]:
    """The ipaddress network of a CIDR written as DestinationCidrBlock/CidrBlock take it (address/prefix length, no
    host bits set), else None: ipaddress alone also takes a netmask (10.0.0.0/255.0.0.0), a bare address or an IPv6
    scope. ``str()`` of it is the form AWS returns (2600:1F18:0::/56 -> 2600:1f18::/56)."""
    address, slash, prefix = value.partition("/")
    if not slash or not (prefix.isascii() and prefix.isdigit()) or "%" in address:
        return None
    try:
        return ipaddress.ip_network(value)  # strict: a host bit set is an error
    except ValueError:
        return None


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


# -------------------- VPC flow logs and EC2 tags (ec2_vpc_flow_log)
# VPC flow log (and EC2 tag) API calls, one small function each, in amazon.aws's module_utils/ec2.py style.
#
# Every call is retried with ``aws_retry()`` (which also retries ThrottlingException) and wrapped by an
# ``AWSErrorHandler`` that turns botocore errors into ``AnsibleEC2Error``; modules catch ``AnsibleAWSError`` and call
# ``module.fail_json_aws_error(e)``.

FLOW_LOG_NOT_FOUND = "InvalidFlowLogId.NotFound"


class EC2FlowLogErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleEC2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(FLOW_LOG_NOT_FOUND)


class EC2TagErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleEC2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["InvalidID", FLOW_LOG_NOT_FOUND])


def _unsuccessful_message(unsuccessful: List[Dict[str, Any]]) -> str:
    return "; ".join(
        f"{u.get('ResourceId', '?')}: {u.get('Error', {}).get('Code', '')} {u.get('Error', {}).get('Message', '')}"
        for u in unsuccessful
    )


@EC2FlowLogErrorHandler.list_error_handler("describe flow logs", [])
@aws_retry()
def describe_flow_logs(client, **params: Any) -> List[Dict[str, Any]]:
    """DescribeFlowLogs, all pages; boto3-shaped flow logs ([] when none/not found)."""
    paginator = client.get_paginator("describe_flow_logs")
    return paginator.paginate(**params).build_full_result()["FlowLogs"]


@EC2FlowLogErrorHandler.common_error_handler("create flow log")
@aws_retry()
def create_flow_logs(client, **params: Any) -> List[str]:
    """CreateFlowLogs; the new flow log ids. Per-resource failures (returned, not raised, by AWS) raise."""
    result = client.create_flow_logs(**params)
    if result.get("Unsuccessful"):
        raise AnsibleEC2Error(message=f"Failed to create flow log: {_unsuccessful_message(result['Unsuccessful'])}")
    return result.get("FlowLogIds", [])


@EC2FlowLogErrorHandler.deletion_error_handler("delete flow log")
@aws_retry()
def delete_flow_logs(client, flow_log_ids: List[str]) -> bool:
    """DeleteFlowLogs; True. Ids already gone are ignored; other per-id failures raise."""
    result = client.delete_flow_logs(FlowLogIds=list(flow_log_ids))
    failed = [u for u in result.get("Unsuccessful", []) if u.get("Error", {}).get("Code") != FLOW_LOG_NOT_FOUND]
    if failed:
        raise AnsibleEC2Error(message=f"Failed to delete flow log: {_unsuccessful_message(failed)}")
    return True


@EC2TagErrorHandler.common_error_handler("create tags")
@aws_retry()
def create_tags(client, resource_ids: List[str], tags: Dict[str, str]) -> bool:
    """CreateTags (add/overwrite) on EC2 resources; False when there is nothing to set."""
    if not tags:
        return False
    client.create_tags(Resources=list(resource_ids), Tags=ansible_dict_to_boto3_tag_list(tags))
    return True


@EC2TagErrorHandler.common_error_handler("delete tags")
@aws_retry()
def delete_tags(client, resource_ids: List[str], tag_keys: Iterable[str]) -> bool:
    """DeleteTags (by key) on EC2 resources; False when there is nothing to remove."""
    tag_keys = list(tag_keys)
    if not tag_keys:
        return False
    client.delete_tags(Resources=list(resource_ids), Tags=[{"Key": key} for key in tag_keys])
    return True


def ensure_ec2_tags(
    client,
    resource_id: str,
    current_tags: Optional[Dict[str, str]],
    tags: Optional[Dict[str, str]],
    purge_tags: bool,
) -> bool:
    """Make ``resource_id``'s tags match ``tags`` (None: leave alone) given the tags it has now; True if changed."""
    return sync_tags(
        current_tags,
        tags,
        purge_tags,
        lambda t: create_tags(client, [resource_id], t),
        lambda k: delete_tags(client, [resource_id], k),
    )


def normalize_flow_log(flow_log: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """boto3 flow log -> the snake_cased dict the modules return (tags as a dict); {} for None."""
    if not flow_log:
        return {}
    result = camel_dict_to_snake_dict(flow_log, ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(flow_log.get("Tags", []))
    return result


def _arn(value: Optional[str]) -> Optional[str]:
    # A CloudWatch Logs group ARN may come back with or without the ":*" suffix.
    return value[:-2] if value and value.endswith(":*") else value


def flow_log_matches(
    flow_log: Dict[str, Any],
    resource_id: str,
    traffic_type: Optional[str] = None,
    log_destination_type: Optional[str] = None,
    log_group_name: Optional[str] = None,
    log_destination: Optional[str] = None,
) -> bool:
    """Whether a snake_cased flow log has this identity (None criteria are not checked)."""
    wanted = {
        "resource_id": resource_id,
        "traffic_type": traffic_type,
        "log_destination_type": log_destination_type,
        "log_group_name": log_group_name,
    }
    if any(value is not None and flow_log.get(key) != value for key, value in wanted.items()):
        return False
    return log_destination is None or _arn(flow_log.get("log_destination")) == _arn(log_destination)


def find_flow_log(
    client,
    resource_id: str,
    traffic_type: Optional[str] = None,
    **identity: Optional[str],
):
    """The snake_cased flow log of ``resource_id`` with this identity (see flow_log_matches), or None."""
    filters = [{"Name": "resource-id", "Values": [resource_id]}]
    if traffic_type:
        filters.append({"Name": "traffic-type", "Values": [traffic_type]})
    for flow_log in describe_flow_logs(client, Filters=filters):
        flow_log = normalize_flow_log(flow_log)
        if flow_log_matches(flow_log, resource_id, traffic_type, **identity):
            return flow_log
    return None


def get_flow_log(client, flow_log_id: str) -> Optional[Dict[str, Any]]:
    """The snake_cased flow log with this id, or None."""
    found = describe_flow_logs(client, FlowLogIds=[flow_log_id])
    return normalize_flow_log(found[0]) if found else None


# -------------------- EBS encryption by default (ec2_ebs_default_encryption)
AWS_MANAGED_EBS_KEY = "alias/aws/ebs"


@EC2ErrorHandler.common_error_handler("get EBS encryption by default")
@aws_retry()
def get_ebs_encryption_by_default(client) -> bool:
    return client.get_ebs_encryption_by_default()["EbsEncryptionByDefault"]


@EC2ErrorHandler.common_error_handler("get EBS default KMS key")
@aws_retry()
def get_ebs_default_kms_key_id(client) -> str:
    return client.get_ebs_default_kms_key_id()["KmsKeyId"]


@EC2ErrorHandler.common_error_handler("set EBS encryption by default")
@aws_retry()
def set_ebs_encryption_by_default(client, enabled: bool) -> bool:
    if enabled:
        client.enable_ebs_encryption_by_default()
    else:
        client.disable_ebs_encryption_by_default()
    return True


@EC2ErrorHandler.common_error_handler("set EBS default KMS key")
@aws_retry()
def set_ebs_default_kms_key_id(client, key_id: str) -> str:
    """ModifyEbsDefaultKmsKeyId, or ResetEbsDefaultKmsKeyId for the AWS managed key; the key now in use."""
    if key_id == AWS_MANAGED_EBS_KEY:
        client.reset_ebs_default_kms_key_id()
        return AWS_MANAGED_EBS_KEY
    return client.modify_ebs_default_kms_key_id(KmsKeyId=key_id)["KmsKeyId"]


def ebs_default_encryption(client) -> Dict[str, Any]:
    return dict(
        ebs_encryption_by_default=get_ebs_encryption_by_default(client),
        kms_key_id=get_ebs_default_kms_key_id(client),
    )


# ------------------------------------------------ NAT gateways (ec2_vpc_nat_gateways)
# DescribeNatGateways/DeleteNatGateway answer NatGatewayNotFound (InvalidNatGatewayID.NotFound in some regions) for an
# id EC2 does not show; a gateway just created may not be shown yet. ReleaseAddress answers
# InvalidAllocationID.NotFound for an address already released.
NAT_GATEWAY_NOT_FOUND = ("NatGatewayNotFound", "InvalidNatGatewayID.NotFound")
NAT_GATEWAY_WAIT_DELAY = 5


class EC2NatGatewayErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleEC2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(list(NAT_GATEWAY_NOT_FOUND) + ["InvalidAllocationID.NotFound"])


@EC2NatGatewayErrorHandler.list_error_handler("describe NAT gateways", [])
@aws_retry()
def describe_nat_gateways(client, **params: Any) -> List[Dict[str, Any]]:
    """DescribeNatGateways, all pages ([] when an id is not found)."""
    paginator = client.get_paginator("describe_nat_gateways")
    return paginator.paginate(**params).build_full_result().get("NatGateways", [])


@EC2NatGatewayErrorHandler.common_error_handler("create NAT gateway")
@aws_retry()
def create_nat_gateway(client, **params: Any) -> Dict[str, Any]:
    """CreateNatGateway; the caller passes the ClientToken, so a retried request creates one gateway."""
    return client.create_nat_gateway(**params)["NatGateway"]


@EC2NatGatewayErrorHandler.deletion_error_handler("delete NAT gateway")
@aws_retry()
def delete_nat_gateway(client, nat_gateway_id: str) -> bool:
    """False when the gateway was already gone."""
    client.delete_nat_gateway(NatGatewayId=nat_gateway_id)
    return True


@EC2NatGatewayErrorHandler.common_error_handler("allocate Elastic IP address")
@aws_retry()
def allocate_vpc_address(client) -> str:
    """AllocateAddress in the VPC domain; its allocation id."""
    return client.allocate_address(Domain="vpc")["AllocationId"]


@EC2NatGatewayErrorHandler.deletion_error_handler("release Elastic IP address")
@aws_retry()
def release_vpc_address(client, allocation_id: str) -> bool:
    """False when the address was already released. AWS refuses (AuthFailure) while a NAT gateway that is not
    ``deleted`` yet holds it: wait for that first."""
    client.release_address(AllocationId=allocation_id)
    return True


def wait_nat_gateways(client, nat_gateway_ids: List[str], target: str, timeout: int) -> List[Dict[str, Any]]:
    """Poll one DescribeNatGateways(NatGatewayIds) for all the gateways every 5 s until each is ``target``
    (``available``, or ``deleted``: a gateway no longer shown counts as deleted); the gateways as last read.

    As botocore's NatGatewayAvailable/NatGatewayDeleted over all the ids at once (amazon.aws.ec2_vpc_nat_gateway
    waits for one gateway a run): a gateway not shown yet is waited for, one that turns ``failed`` (or
    ``deleting``/``deleted`` while awaited ``available``) fails at once, naming it and AWS's failure message (the
    error's ``nat_gateways`` are those gateways)."""
    ids = list(nat_gateway_ids)
    attempts = max(1, timeout // NAT_GATEWAY_WAIT_DELAY)
    gateways: List[Dict[str, Any]] = []
    for attempt in range(attempts):
        gateways = describe_nat_gateways(client, NatGatewayIds=ids)
        states = {g["NatGatewayId"]: g.get("State") for g in gateways}
        if target == "available":
            broken = [g for g in gateways if g.get("State") in ("failed", "deleting", "deleted")]
            if broken:
                reasons = "; ".join(
                    f"{g['NatGatewayId']} is {g['State']}"
                    + (f" ({g.get('FailureCode', '')}: {g['FailureMessage']})" if g.get("FailureMessage") else "")
                    for g in broken
                )
                error = AnsibleEC2Error(message=f"NAT gateway failed while waiting for it to be available: {reasons}")
                error.nat_gateways = broken  # the caller may clean up after them
                raise error
            done = all(states.get(i) == "available" for i in ids)
        else:
            done = all(states.get(i, "deleted") == "deleted" for i in ids)
        if done:
            return gateways
        if attempt + 1 < attempts:
            time.sleep(NAT_GATEWAY_WAIT_DELAY)
    waiting = sorted(i for i in ids if states.get(i, "deleted" if target == "deleted" else "not found") != target)
    raise AnsibleEC2Error(
        message=f"Timeout waiting {timeout} s for NAT gateway {', '.join(waiting)} to be {target}: "
        + ", ".join(f"{i} is {states.get(i, 'not found')}" for i in waiting)
    )


# ------------------------------------------------ VPC gateway endpoints (ec2_vpc_endpoints)
VPC_ENDPOINT_NOT_FOUND = "InvalidVpcEndpointId.NotFound"
VPC_ENDPOINT_WAIT_DELAY = 5


class EC2VpcEndpointErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleEC2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code([VPC_ENDPOINT_NOT_FOUND, "InvalidVpcEndpoint.NotFound"])


@EC2VpcEndpointErrorHandler.list_error_handler("describe VPC endpoints", [])
@aws_retry()
def describe_vpc_endpoints(client, **params: Any) -> List[Dict[str, Any]]:
    """DescribeVpcEndpoints, all pages ([] when an id is not found)."""
    paginator = client.get_paginator("describe_vpc_endpoints")
    return paginator.paginate(**params).build_full_result().get("VpcEndpoints", [])


@EC2VpcEndpointErrorHandler.common_error_handler("create VPC endpoint")
@aws_retry()
def create_vpc_endpoint(client, **params: Any) -> Dict[str, Any]:
    """CreateVpcEndpoint; the caller passes the ClientToken, so a retried request creates one endpoint."""
    return client.create_vpc_endpoint(**params)["VpcEndpoint"]


@EC2VpcEndpointErrorHandler.common_error_handler("modify VPC endpoint")
@aws_retry()
def modify_vpc_endpoint(client, vpc_endpoint_id: str, **changes: Any) -> bool:
    """ModifyVpcEndpoint (route tables to add/remove, policy) in one request."""
    client.modify_vpc_endpoint(VpcEndpointId=vpc_endpoint_id, **changes)
    return True


@EC2VpcEndpointErrorHandler.deletion_error_handler("delete VPC endpoints")
@aws_retry()
def delete_vpc_endpoints(client, vpc_endpoint_ids: List[str]) -> bool:
    """DeleteVpcEndpoints; ids already gone are ignored, other per-id failures (returned, not raised) raise."""
    result = client.delete_vpc_endpoints(VpcEndpointIds=list(vpc_endpoint_ids))
    failed = [
        u
        for u in result.get("Unsuccessful", [])
        if u.get("Error", {}).get("Code") not in (VPC_ENDPOINT_NOT_FOUND, "InvalidVpcEndpoint.NotFound")
    ]
    if failed:
        raise AnsibleEC2Error(message=f"Failed to delete VPC endpoints: {_unsuccessful_message(failed)}")
    return True


def wait_vpc_endpoints_available(client, vpc_endpoint_ids: List[str], timeout: int) -> List[Dict[str, Any]]:
    """Poll one DescribeVpcEndpoints(VpcEndpointIds) for all the endpoints every 5 s until each is ``available``;
    the endpoints as last read. One that turns ``failed``/``rejected``/``expired`` (or is deleted) fails at once."""
    ids = list(vpc_endpoint_ids)
    attempts = max(1, timeout // VPC_ENDPOINT_WAIT_DELAY)
    states: Dict[str, str] = {}
    for attempt in range(attempts):
        endpoints = describe_vpc_endpoints(client, VpcEndpointIds=ids)
        states = {e["VpcEndpointId"]: (e.get("State") or "").lower() for e in endpoints}
        broken = [i for i, s in states.items() if s in ("failed", "rejected", "expired", "deleting", "deleted")]
        if broken:
            raise AnsibleEC2Error(
                message="VPC endpoint failed while waiting for it to be available: "
                + ", ".join(f"{i} is {states[i]}" for i in broken)
            )
        if all(states.get(i) == "available" for i in ids):
            return endpoints
        if attempt + 1 < attempts:
            time.sleep(VPC_ENDPOINT_WAIT_DELAY)
    waiting = [i for i in ids if states.get(i) != "available"]
    raise AnsibleEC2Error(
        message=f"Timeout waiting {timeout} s for VPC endpoint {', '.join(waiting)} to be available: "
        + ", ".join(f"{i} is {states.get(i, 'not found')}" for i in waiting)
    )


# Security groups (ec2_security_groups)
# A group just created may not be visible yet to the calls that follow (amazon.aws.ec2_security_group waits for it).
NEW_SECURITY_GROUP_CODES = ("InvalidGroup.NotFound",)


class EC2SecurityGroupErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = AnsibleEC2Error

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code(["InvalidGroup.NotFound", "InvalidGroupId.NotFound"])


def _unknown_permissions(action: str, group_id: str, result: Dict[str, Any]) -> bool:
    # AWS answers Return=false and lists the permissions it did not find instead of failing.
    unknown = result.get("UnknownIpPermissions") or []
    if unknown or result.get("Return") is False:
        raise AnsibleEC2Error(message=f"Failed to {action} of {group_id}: AWS did not find {unknown}")
    return True


@EC2SecurityGroupErrorHandler.list_error_handler("describe security groups", [])
@aws_retry(catch_extra_error_codes=NEW_SECURITY_GROUP_CODES)
def describe_new_security_groups(client, group_ids: List[str]) -> List[Dict[str, Any]]:
    """DescribeSecurityGroups by id of groups just created (retried while EC2 does not show them yet)."""
    paginator = client.get_paginator("describe_security_groups")
    return paginator.paginate(GroupIds=list(group_ids)).build_full_result().get("SecurityGroups", [])


@EC2SecurityGroupErrorHandler.common_error_handler("create security group")
@aws_retry()
def create_security_group(
    client, vpc_id: str, name: str, description: str, tag_specifications: List[Dict[str, Any]]
) -> str:
    """CreateSecurityGroup in ``vpc_id`` with its tags; the new group id."""
    params: Dict[str, Any] = {"GroupName": name, "Description": description, "VpcId": vpc_id}
    if tag_specifications:
        params["TagSpecifications"] = tag_specifications
    return client.create_security_group(**params)["GroupId"]


@EC2SecurityGroupErrorHandler.deletion_error_handler("delete security group")
@aws_retry()
def delete_security_group(client, group_id: str) -> bool:
    """False when the group was already gone."""
    client.delete_security_group(GroupId=group_id)
    return True


@EC2SecurityGroupErrorHandler.common_error_handler("authorize security group ingress")
@aws_retry(catch_extra_error_codes=NEW_SECURITY_GROUP_CODES)
def authorize_security_group_ingress(client, group_id: str, permissions: List[Dict[str, Any]]) -> bool:
    client.authorize_security_group_ingress(GroupId=group_id, IpPermissions=permissions)
    return True


@EC2SecurityGroupErrorHandler.common_error_handler("authorize security group egress")
@aws_retry(catch_extra_error_codes=NEW_SECURITY_GROUP_CODES)
def authorize_security_group_egress(client, group_id: str, permissions: List[Dict[str, Any]]) -> bool:
    client.authorize_security_group_egress(GroupId=group_id, IpPermissions=permissions)
    return True


@EC2SecurityGroupErrorHandler.common_error_handler("revoke security group ingress")
@aws_retry(catch_extra_error_codes=NEW_SECURITY_GROUP_CODES)
def revoke_security_group_ingress(client, group_id: str, permissions: List[Dict[str, Any]]) -> bool:
    result = client.revoke_security_group_ingress(GroupId=group_id, IpPermissions=permissions)
    return _unknown_permissions("revoke ingress rules", group_id, result)


@EC2SecurityGroupErrorHandler.common_error_handler("revoke security group egress")
@aws_retry(catch_extra_error_codes=NEW_SECURITY_GROUP_CODES)
def revoke_security_group_egress(client, group_id: str, permissions: List[Dict[str, Any]]) -> bool:
    result = client.revoke_security_group_egress(GroupId=group_id, IpPermissions=permissions)
    return _unknown_permissions("revoke egress rules", group_id, result)


@EC2SecurityGroupErrorHandler.common_error_handler("update security group ingress rule descriptions")
@aws_retry(catch_extra_error_codes=NEW_SECURITY_GROUP_CODES)
def update_security_group_rule_descriptions_ingress(client, group_id: str, permissions: List[Dict[str, Any]]) -> bool:
    """A rule given without a description loses its description."""
    client.update_security_group_rule_descriptions_ingress(GroupId=group_id, IpPermissions=permissions)
    return True


@EC2SecurityGroupErrorHandler.common_error_handler("update security group egress rule descriptions")
@aws_retry(catch_extra_error_codes=NEW_SECURITY_GROUP_CODES)
def update_security_group_rule_descriptions_egress(client, group_id: str, permissions: List[Dict[str, Any]]) -> bool:
    """A rule given without a description loses its description."""
    client.update_security_group_rule_descriptions_egress(GroupId=group_id, IpPermissions=permissions)
    return True
