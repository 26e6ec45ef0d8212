#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_flow_log_info
short_description: List VPC, subnet, network interface and transit gateway flow logs
version_added: 0.1.0
description:
  - Lists flow logs, optionally filtered, as returned by the DescribeFlowLogs API.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  filters:
    description:
      - A dict of filters to apply. Each dict item consists of a filter key and a filter value (a string or a list).
      - See U(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html) for the possible
        filters, for example V(resource-id), V(traffic-type), V(log-destination-type), V(log-group-name),
        V(deliver-log-status), V(flow-log-id) or V(tag:<key>).
    type: dict
    default: {}
  flow_log_ids:
    description:
      - Ids of the flow logs to describe.
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Flow logs of a VPC
  prodgrade.aws.ec2_vpc_flow_log_info:
    filters:
      resource-id: vpc-0123456789abcdef0
  register: vpc_flow_logs

- name: Flow logs by id
  prodgrade.aws.ec2_vpc_flow_log_info:
    flow_log_ids:
      - fl-0123456789abcdef0

- name: Flow logs publishing to S3 and tagged for production
  prodgrade.aws.ec2_vpc_flow_log_info:
    filters:
      log-destination-type: s3
      "tag:Environment": prod
"""

RETURN = r"""
flow_logs:
  description: The flow logs, snake_cased, tags as a dict.
  returned: always
  type: list
  elements: dict
  contains:
    flow_log_id:
      description: Id of the flow log.
      type: str
      sample: fl-0123456789abcdef0
    resource_id:
      description: Id of the resource it logs.
      type: str
      sample: vpc-0123456789abcdef0
    traffic_type:
      description: Captured traffic (not returned for transit gateways).
      type: str
      sample: ALL
    log_destination_type:
      description: Destination type.
      type: str
      sample: cloud-watch-logs
    log_group_name:
      description: CloudWatch Logs log group name, for CloudWatch Logs destinations.
      type: str
      sample: /aws/vpc/flowlogs/ecia-prod
    log_destination:
      description: ARN of the destination.
      type: str
      sample: arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/flowlogs/ecia-prod
    deliver_logs_permission_arn:
      description: IAM role used to publish.
      type: str
      sample: arn:aws:iam::123456789012:role/ecia-prod-vpc-flow-logs
    deliver_logs_status:
      description: Status of publishing the logs.
      type: str
      sample: SUCCESS
    flow_log_status:
      description: Status of the flow log.
      type: str
      sample: ACTIVE
    creation_time:
      description: When the flow log was created.
      type: str
      sample: "2024-01-01T00:00:00+00:00"
    log_format:
      description: Format of the records.
      type: str
      sample: "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport}"
    max_aggregation_interval:
      description: Aggregation interval in seconds.
      type: int
      sample: 600
    destination_options:
      description: Options of an S3 destination (file_format, hive_compatible_partitions, per_hour_partition).
      returned: for S3 destinations
      type: dict
      sample: {"file_format": "parquet", "hive_compatible_partitions": false, "per_hour_partition": true}
    tags:
      description: Tags of the flow log.
      type: dict
      sample: {"Name": "ecia-prod-flow-log"}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.transformation import ansible_dict_to_boto3_filter_list

from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_flow_logs
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import normalize_flow_log

ARGUMENT_SPEC = dict(
    filters=dict(type="dict", default={}),
    flow_log_ids=dict(type="list", elements="str", default=[]),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = {}
    if module.params["filters"]:
        params["Filters"] = ansible_dict_to_boto3_filter_list(module.params["filters"])
    if module.params["flow_log_ids"]:
        params["FlowLogIds"] = module.params["flow_log_ids"]
    client = module.client("ec2")
    try:
        flow_logs = describe_flow_logs(client, **params)
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(flow_logs=[normalize_flow_log(flow_log) for flow_log in flow_logs])


if __name__ == "__main__":
    main()
