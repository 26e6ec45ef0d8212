#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_flow_log_info
short_description: List VPC flow logs
version_added: 0.1.0
description:
  - Lists flow logs, filtered like the DescribeFlowLogs API.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  filters:
    description:
      - "Filters as a dict, e.g. C({resource-id: vpc-0123, traffic-type: ALL}); see the DescribeFlowLogs API."
    type: dict
    default: {}
  flow_log_ids:
    description: Flow log ids to describe.
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
"""

RETURN = r"""
flow_logs:
  description: The flow logs, snake_cased, tags as a dict.
  returned: always
  type: list
  elements: dict
"""

try:
    import botocore
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.transformation import ansible_dict_to_boto3_filter_list

from ansible_collections.prodgrade.aws.plugins.module_utils.ec2_flow_logs import describe_flow_logs
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2_flow_logs import normalize_flow_log


def main():
    argument_spec = dict(
        filters=dict(type="dict", default={}),
        flow_log_ids=dict(type="list", elements="str", default=[]),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    client = module.client("ec2")
    params = {"Filters": ansible_dict_to_boto3_filter_list(module.params["filters"])}
    if module.params["flow_log_ids"]:
        params["FlowLogIds"] = module.params["flow_log_ids"]
    try:
        flow_logs = describe_flow_logs(client, **params)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg="Failed to describe flow logs")
    module.exit_json(flow_logs=[normalize_flow_log(fl) for fl in flow_logs])


if __name__ == "__main__":
    main()
