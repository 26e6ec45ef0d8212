# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC flow log API calls, one small function each, shared by ec2_vpc_flow_log and its _info twin."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry


@aws_retry()
def describe_flow_logs(client, **params):
    paginator = client.get_paginator("describe_flow_logs")
    return paginator.paginate(**params).build_full_result()["FlowLogs"]


@aws_retry()
def create_flow_log(client, **params):
    result = client.create_flow_logs(**params)
    if result.get("Unsuccessful"):
        errors = "; ".join(u["Error"]["Message"] for u in result["Unsuccessful"])
        raise ValueError(f"CreateFlowLogs failed: {errors}")
    return result["FlowLogIds"][0]


@aws_retry()
def delete_flow_log(client, flow_log_id):
    client.delete_flow_logs(FlowLogIds=[flow_log_id])


def normalize_flow_log(flow_log):
    """boto3 flow log -> the snake_cased dict the modules return, tags as a dict."""
    if not flow_log:
        return {}
    result = camel_dict_to_snake_dict(flow_log, ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(flow_log.get("Tags", []))
    return result
