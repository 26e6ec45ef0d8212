#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_flow_log
short_description: Manage a VPC, subnet or network interface flow log
version_added: 0.1.0
description:
  - Creates, updates the tags of, replaces or deletes one flow log.
  - A flow log is identified by its resource, traffic type and destination. AWS cannot change a flow log's other
    settings in place; when they differ the module fails naming them, or replaces the flow log when
    O(replace_on_change=true).
  - Check mode returns the predicted flow log; diff mode returns it before and after.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  resource_id:
    description: Id of the VPC, subnet, network interface or transit gateway (attachment).
    type: str
    required: true
  resource_type:
    description: Type of O(resource_id).
    type: str
    choices: [VPC, Subnet, NetworkInterface, TransitGateway, TransitGatewayAttachment]
    default: VPC
  traffic_type:
    description: Traffic to capture.
    type: str
    choices: [ACCEPT, REJECT, ALL]
    default: ALL
  log_destination_type:
    description: Where the records go.
    type: str
    choices: [cloud-watch-logs, s3, kinesis-data-firehose]
    default: cloud-watch-logs
  log_group_name:
    description: CloudWatch Logs group, for O(log_destination_type=cloud-watch-logs).
    type: str
  log_destination:
    description: ARN of the destination (log group, bucket or delivery stream).
    type: str
  deliver_logs_permission_arn:
    description:
      - IAM role the flow log service assumes to publish. Required to create a flow log to CloudWatch Logs.
    type: str
  log_format:
    description: Custom record format; unset leaves it alone (AWS default format on create).
    type: str
  max_aggregation_interval:
    description: Seconds over which packets are aggregated; unset leaves it alone.
    type: int
    choices: [60, 600]
  replace_on_change:
    description: Delete and re-create the flow log when a setting AWS cannot update differs.
    type: bool
    default: false
  state:
    description: Whether the flow log exists.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: All traffic of a VPC to CloudWatch Logs
  prodgrade.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    traffic_type: ALL
    log_group_name: /aws/vpc/flowlogs/ecia-prod
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/ecia-prod-vpc-flow-logs
    tags:
      Name: ecia-prod-flow-log

- name: Remove it
  prodgrade.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    log_group_name: /aws/vpc/flowlogs/ecia-prod
    state: absent
"""

RETURN = r"""
flow_log:
  description: The flow log (predicted in check mode); empty when absent.
  returned: always
  type: dict
  contains:
    flow_log_id: {description: Id of the flow log., type: str, sample: fl-0123456789abcdef0}
    resource_id: {description: The resource it watches., type: str}
    traffic_type: {description: Captured traffic., type: str}
    log_destination_type: {description: Destination type., type: str}
    log_group_name: {description: Log group, for CloudWatch Logs., type: str}
    deliver_logs_permission_arn: {description: Role used to publish., type: str}
    tags: {description: Tags as a dict., type: dict}
"""

try:
    import botocore
except ImportError:
    pass  # handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.ec2 import ensure_ec2_tags
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications

from ansible_collections.prodgrade.aws.plugins.module_utils.ec2_flow_logs import create_flow_log
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2_flow_logs import delete_flow_log
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2_flow_logs import describe_flow_logs
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2_flow_logs import normalize_flow_log

# Settings AWS cannot update on an existing flow log: option -> boto3 key.
IMMUTABLE = {
    "deliver_logs_permission_arn": "DeliverLogsPermissionArn",
    "log_format": "LogFormat",
    "max_aggregation_interval": "MaxAggregationInterval",
}


def validate(module):
    p = module.params
    if p["state"] == "absent":
        return
    if p["log_destination_type"] == "cloud-watch-logs":
        if not (p["log_group_name"] or p["log_destination"]):
            module.fail_json(msg="log_group_name or log_destination is required for log_destination_type=cloud-watch-logs")
        if not p["deliver_logs_permission_arn"]:
            module.fail_json(msg="deliver_logs_permission_arn is required for log_destination_type=cloud-watch-logs")
    elif not (p["log_destination"] or "").startswith("arn:"):
        module.fail_json(msg=f"log_destination must be an ARN for log_destination_type={p['log_destination_type']}")


def find(client, module):
    p = module.params
    filters = [
        {"Name": "resource-id", "Values": [p["resource_id"]]},
        {"Name": "traffic-type", "Values": [p["traffic_type"]]},
    ]
    for fl in describe_flow_logs(client, Filters=filters):
        if p["log_group_name"] and fl.get("LogGroupName") != p["log_group_name"]:
            continue
        if p["log_destination"] and fl.get("LogDestination") != p["log_destination"]:
            continue
        return fl
    return None


def create_params(module):
    p = module.params
    params = {
        "ResourceIds": [p["resource_id"]],
        "ResourceType": p["resource_type"],
        "TrafficType": p["traffic_type"],
        "LogDestinationType": p["log_destination_type"],
    }
    optional = {"LogGroupName": p["log_group_name"], "LogDestination": p["log_destination"]}
    optional.update({key: p[opt] for opt, key in IMMUTABLE.items()})
    params.update({k: v for k, v in optional.items() if v is not None})
    if p["tags"]:
        params["TagSpecifications"] = boto3_tag_specifications(p["tags"], types="vpc-flow-log")
    return params


def predicted(module, params):
    fl = {k: v for k, v in params.items() if k not in ("ResourceIds", "ResourceType", "TagSpecifications")}
    fl.update(ResourceId=module.params["resource_id"], FlowLogId="fl-planned")
    fl["Tags"] = [{"Key": k, "Value": v} for k, v in (module.params["tags"] or {}).items()]
    return fl


def ensure_present(client, module, current):
    p = module.params
    if current:
        differs = [opt for opt, key in IMMUTABLE.items() if p[opt] is not None and current.get(key) != p[opt]]
        if not differs:
            changed = False
            if p["tags"] is not None:
                changed = ensure_ec2_tags(
                    client, module, current["FlowLogId"], resource_type="vpc-flow-log",
                    tags=p["tags"], purge_tags=p["purge_tags"],
                )
            return changed, find(client, module) if changed and not module.check_mode else current
        if not p["replace_on_change"]:
            module.fail_json(
                msg=f"flow log {current['FlowLogId']} differs in {', '.join(differs)}, which AWS cannot update; "
                "set replace_on_change=true to replace it"
            )
    params = create_params(module)
    if module.check_mode:
        return True, predicted(module, params)
    if current:
        delete_flow_log(client, current["FlowLogId"])
    flow_log_id = create_flow_log(client, **params)
    found = describe_flow_logs(client, FlowLogIds=[flow_log_id])
    return True, found[0] if found else predicted(module, params)


def main():
    argument_spec = dict(
        resource_id=dict(type="str", required=True),
        resource_type=dict(
            type="str",
            default="VPC",
            choices=["VPC", "Subnet", "NetworkInterface", "TransitGateway", "TransitGatewayAttachment"],
        ),
        traffic_type=dict(type="str", default="ALL", choices=["ACCEPT", "REJECT", "ALL"]),
        log_destination_type=dict(
            type="str", default="cloud-watch-logs", choices=["cloud-watch-logs", "s3", "kinesis-data-firehose"]
        ),
        log_group_name=dict(type="str"),
        log_destination=dict(type="str"),
        deliver_logs_permission_arn=dict(type="str"),
        log_format=dict(type="str"),
        max_aggregation_interval=dict(type="int", choices=[60, 600]),
        replace_on_change=dict(type="bool", default=False),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate(module)
    client = module.client("ec2")
    try:
        current = find(client, module)
        if module.params["state"] == "absent":
            changed, after = bool(current), None
            if current and not module.check_mode:
                delete_flow_log(client, current["FlowLogId"])
        else:
            changed, after = ensure_present(client, module, current)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError, ValueError) as e:
        module.fail_json_aws(e, msg="Failed to manage the flow log")
    module.exit_json(
        changed=changed,
        flow_log=normalize_flow_log(after),
        diff={"before": normalize_flow_log(current), "after": normalize_flow_log(after)},
    )


if __name__ == "__main__":
    main()
