#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_vpc_flow_log
short_description: Manage a VPC, subnet, network interface or transit gateway flow log
version_added: 0.1.0
description:
  - Creates, re-tags, replaces or deletes one flow log.
  - A flow log is identified by O(resource_id), O(traffic_type), O(log_destination_type) and its destination
    (O(log_group_name) or O(log_destination)).
  - AWS cannot update a flow log's other settings (O(deliver_logs_permission_arn), O(log_format),
    O(max_aggregation_interval), O(destination_options)). When one of them differs the module fails naming the
    differing options, or deletes and re-creates the flow log when O(replace_on_change=true). Tags are updated in
    place.
  - An option that is not set is not compared and leaves that setting of an existing flow log alone.
  - Supports check mode (returns the predicted flow log without changing anything) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  resource_id:
    description:
      - Id of the VPC, subnet, network interface, transit gateway or transit gateway attachment to log.
    type: str
    required: true
  resource_type:
    description:
      - Type of O(resource_id).
    type: str
    choices: [VPC, Subnet, NetworkInterface, TransitGateway, TransitGatewayAttachment]
    default: VPC
  traffic_type:
    description:
      - Traffic to capture.
      - Ignored for O(resource_type=TransitGateway) and O(resource_type=TransitGatewayAttachment), which always
        capture all traffic.
    type: str
    choices: [ACCEPT, REJECT, ALL]
    default: ALL
  log_destination_type:
    description:
      - Where the flow log records are published.
    type: str
    choices: [cloud-watch-logs, s3, kinesis-data-firehose]
    default: cloud-watch-logs
  log_group_name:
    description:
      - Name of the CloudWatch Logs log group, for O(log_destination_type=cloud-watch-logs).
      - Mutually exclusive with O(log_destination).
    type: str
  log_destination:
    description:
      - ARN of the destination, required for O(log_destination_type=s3) (a bucket, optionally with a folder,
        V(arn:aws:s3:::bucket/prefix/)) and O(log_destination_type=kinesis-data-firehose) (a delivery stream).
      - For O(log_destination_type=cloud-watch-logs), the log group's ARN, instead of O(log_group_name).
    type: str
  deliver_logs_permission_arn:
    description:
      - ARN of the IAM role the flow logs service assumes to publish.
      - Required to create a flow log with O(log_destination_type=cloud-watch-logs); not used with
        O(log_destination_type=s3).
      - Cannot be updated; see O(replace_on_change).
    type: str
  log_format:
    description:
      - Custom format of the flow log records, for example V(${version} ${srcaddr} ${dstaddr} ${action}).
      - When not set, a new flow log uses the AWS default format and an existing one is left alone.
      - Cannot be updated; see O(replace_on_change).
    type: str
  max_aggregation_interval:
    description:
      - Seconds during which packets are aggregated into a record. Transit gateway flow logs only support V(60).
      - When not set, a new flow log uses the AWS default (V(600)) and an existing one is left alone.
      - Cannot be updated; see O(replace_on_change).
    type: int
    choices: [60, 600]
  destination_options:
    description:
      - Options of an O(log_destination_type=s3) destination. Sub-options that are not set are not compared.
      - Cannot be updated; see O(replace_on_change).
    type: dict
    suboptions:
      file_format:
        description: Format of the log files.
        type: str
        choices: [plain-text, parquet]
      hive_compatible_partitions:
        description: Whether to use Hive-compatible prefixes.
        type: bool
      per_hour_partition:
        description: Whether to partition the files per hour.
        type: bool
  replace_on_change:
    description:
      - When a setting AWS cannot update differs, delete the flow log and create it again with the requested
        settings (and its current tags, unless O(tags) is set).
      - When V(false), the module fails naming the differing options.
    type: bool
    default: false
  state:
    description:
      - Whether the flow log should exist.
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
- name: Log all traffic of a VPC to CloudWatch Logs
  prodgrade.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    traffic_type: ALL
    log_group_name: /aws/vpc/flowlogs/ecia-prod
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/ecia-prod-vpc-flow-logs
    max_aggregation_interval: 60
    tags:
      Name: ecia-prod-flow-log

- name: Log rejected traffic of a subnet to S3 as hourly Parquet files
  prodgrade.aws.ec2_vpc_flow_log:
    resource_id: subnet-0123456789abcdef0
    resource_type: Subnet
    traffic_type: REJECT
    log_destination_type: s3
    log_destination: arn:aws:s3:::ecia-log-archive/flow-logs/
    destination_options:
      file_format: parquet
      per_hour_partition: true

- name: Change the record format, replacing the flow log (AWS cannot update it in place)
  prodgrade.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    log_group_name: /aws/vpc/flowlogs/ecia-prod
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/ecia-prod-vpc-flow-logs
    log_format: "${version} ${interface-id} ${srcaddr} ${dstaddr} ${action}"
    replace_on_change: true

- name: Remove the flow log
  prodgrade.aws.ec2_vpc_flow_log:
    resource_id: vpc-0123456789abcdef0
    log_group_name: /aws/vpc/flowlogs/ecia-prod
    state: absent
"""

RETURN = r"""
flow_log:
  description:
    - The flow log, as returned by DescribeFlowLogs, snake_cased, tags as a dict.
    - In check mode, the predicted flow log (without the keys only AWS can know, such as RV(flow_log.flow_log_id) of a
      new flow log). An empty dict when O(state=absent).
  returned: always
  type: dict
  contains:
    flow_log_id:
      description: Id of the flow log.
      returned: when the flow log exists
      type: str
      sample: fl-0123456789abcdef0
    resource_id:
      description: Id of the resource it logs.
      returned: when the flow log exists
      type: str
      sample: vpc-0123456789abcdef0
    traffic_type:
      description: Captured traffic.
      returned: when the flow log exists, except for transit gateways
      type: str
      sample: ALL
    log_destination_type:
      description: Destination type.
      returned: when the flow log exists
      type: str
      sample: cloud-watch-logs
    log_group_name:
      description: CloudWatch Logs log group name.
      returned: for CloudWatch Logs destinations
      type: str
      sample: /aws/vpc/flowlogs/ecia-prod
    log_destination:
      description: ARN of the destination.
      returned: when the flow log exists
      type: str
      sample: arn:aws:s3:::ecia-log-archive/flow-logs/
    deliver_logs_permission_arn:
      description: IAM role used to publish.
      returned: when set
      type: str
      sample: arn:aws:iam::123456789012:role/ecia-prod-vpc-flow-logs
    deliver_logs_status:
      description: Status of publishing the logs.
      returned: when the flow log exists
      type: str
      sample: SUCCESS
    flow_log_status:
      description: Status of the flow log.
      returned: when the flow log exists
      type: str
      sample: ACTIVE
    creation_time:
      description: When the flow log was created.
      returned: when the flow log exists
      type: str
      sample: "2024-01-01T00:00:00+00:00"
    log_format:
      description: Format of the records.
      returned: when the flow log exists
      type: str
      sample: "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport}"
    max_aggregation_interval:
      description: Aggregation interval in seconds.
      returned: when the flow log exists
      type: int
      sample: 600
    destination_options:
      description: Options of an S3 destination.
      returned: for S3 destinations
      type: dict
      contains:
        file_format:
          description: Format of the log files.
          type: str
          sample: parquet
        hive_compatible_partitions:
          description: Whether Hive-compatible prefixes are used.
          type: bool
          sample: false
        per_hour_partition:
          description: Whether the files are partitioned per hour.
          type: bool
          sample: true
    tags:
      description: Tags of the flow log.
      returned: when the flow log exists
      type: dict
      sample: {"Name": "ecia-prod-flow-log"}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications

from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.common import parse_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_flow_logs
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_flow_logs
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import ensure_ec2_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import find_flow_log
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import get_flow_log
from ansible_collections.prodgrade.aws.plugins.module_utils.iam import is_role_arn
from ansible_collections.prodgrade.aws.plugins.module_utils.s3 import arn_bucket

ARGUMENT_SPEC = dict(
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
    destination_options=dict(
        type="dict",
        options=dict(
            file_format=dict(type="str", choices=["plain-text", "parquet"]),
            hive_compatible_partitions=dict(type="bool"),
            per_hour_partition=dict(type="bool"),
        ),
    ),
    replace_on_change=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# What finds a flow log, and what AWS cannot change on one (option names = keys of the returned flow_log).
IDENTITY = ("resource_id", "traffic_type", "log_destination_type", "log_group_name", "log_destination")
IMMUTABLE = ("deliver_logs_permission_arn", "log_format", "max_aggregation_interval", "destination_options")
# flow_log keys -> CreateFlowLogs parameters.
BOTO3_KEYS = dict(
    traffic_type="TrafficType",
    log_destination_type="LogDestinationType",
    log_group_name="LogGroupName",
    log_destination="LogDestination",
    deliver_logs_permission_arn="DeliverLogsPermissionArn",
    deliver_cross_account_role="DeliverCrossAccountRole",
    log_format="LogFormat",
    max_aggregation_interval="MaxAggregationInterval",
)
OPTION_KEYS = dict(
    file_format="FileFormat",
    hive_compatible_partitions="HiveCompatiblePartitions",
    per_hour_partition="PerHourPartition",
)
CREATABLE = ("resource_id", "destination_options", "tags") + tuple(BOTO3_KEYS)
TRANSIT_GATEWAY_TYPES = ("TransitGateway", "TransitGatewayAttachment")
# log_destination_type -> (whether log_destination is such a destination's ARN, what it must be)
DESTINATIONS = {
    "cloud-watch-logs": (
        lambda arn: parse_arn(arn, "logs", resource_type="log-group:", region=True, account=True),
        "a CloudWatch Logs log group ARN (arn:aws:logs:...)",
    ),
    "s3": (arn_bucket, "an S3 bucket ARN (arn:aws:s3:::bucket[/prefix/])"),
    "kinesis-data-firehose": (
        lambda arn: parse_arn(arn, "firehose", resource_type="deliverystream/", region=True, account=True),
        "a Kinesis Data Firehose delivery stream ARN (arn:aws:firehose:...)",
    ),
}


def validate_params(p):
    """Every input error, each naming its option, before any API call."""
    dest_type, errors = p["log_destination_type"], []
    if dest_type == "cloud-watch-logs" and not (p["log_group_name"] or p["log_destination"]):
        errors.append("log_destination_type=cloud-watch-logs requires log_group_name or log_destination")
    if dest_type != "cloud-watch-logs" and not p["log_destination"]:
        errors.append(f"log_destination_type={dest_type} requires log_destination")
    if dest_type != "cloud-watch-logs" and p["log_group_name"]:
        errors.append(f"log_group_name is only valid with log_destination_type=cloud-watch-logs, not {dest_type}")
    is_destination, what = DESTINATIONS[dest_type]
    if p["log_destination"] and not is_destination(p["log_destination"]):
        errors.append(f"log_destination must be {what} for log_destination_type={dest_type}: {p['log_destination']}")
    if p["state"] == "absent":
        return errors
    role = p["deliver_logs_permission_arn"]
    if dest_type == "cloud-watch-logs" and not role:
        errors.append("log_destination_type=cloud-watch-logs requires deliver_logs_permission_arn")
    if role and dest_type == "s3":
        errors.append("deliver_logs_permission_arn is not used with log_destination_type=s3; remove it")
    if role and not is_role_arn(role):
        errors.append(f"deliver_logs_permission_arn must be an IAM role ARN (arn:aws:iam::<account>:role/...): {role}")
    if p["destination_options"] and dest_type != "s3":
        errors.append(f"destination_options is only valid with log_destination_type=s3, not {dest_type}")
    if p["max_aggregation_interval"] == 600 and p["resource_type"] in TRANSIT_GATEWAY_TYPES:
        errors.append(f"max_aggregation_interval must be 60 for resource_type={p['resource_type']}")
    return errors


def identity(p):
    traffic_type = None if p["resource_type"] in TRANSIT_GATEWAY_TYPES else p["traffic_type"]
    return dict(
        resource_id=p["resource_id"],
        traffic_type=traffic_type,
        log_destination_type=p["log_destination_type"],
        log_group_name=p["log_group_name"],
        log_destination=p["log_destination"],
    )


def desired_flow_log(p, current):
    """The flow log the user asks for (None: absent); None values are unset options."""
    if p["state"] == "absent":
        return None
    desired = dict(identity(p), **{key: p[key] for key in IMMUTABLE})
    if p["destination_options"]:
        desired["destination_options"] = {k: v for k, v in p["destination_options"].items() if v is not None}
    have_tags = (current or {}).get("tags") or {}
    if p["tags"] is not None:
        kept = {k: v for k, v in have_tags.items() if k.startswith("aws:") or not p["purge_tags"]}
        desired["tags"] = dict(kept, **p["tags"])
    elif current:
        desired["tags"] = None  # unset: leave alone (carried over on replace, see predict)
    return desired


def differs(current, desired):
    # Identity keys matched when the flow log was found (modulo ARN spelling): compare the rest only.
    return changed_keys(current, {k: v for k, v in desired.items() if k not in IDENTITY})


def replacing(current, desired):
    return current is not None and any(k in IMMUTABLE for k in differs(current, desired))


def predict(current, desired):
    """What AWS will return. A replacement keeps the old flow log's settings (and tags) that the task leaves unset."""
    if current is None:
        return merge(None, dict(desired, tags=desired.get("tags") or {}))
    if replacing(current, desired):
        return merge({k: v for k, v in current.items() if k in CREATABLE}, desired)
    return merge(current, desired)


def create(client, p, desired):
    params = dict(ResourceIds=[p["resource_id"]], ResourceType=p["resource_type"])
    params.update({BOTO3_KEYS[k]: v for k, v in desired.items() if k in BOTO3_KEYS and v is not None})
    if "LogGroupName" in params:  # a replacement knows both; CreateFlowLogs takes one
        params.pop("LogDestination", None)
    if desired.get("destination_options"):
        options = desired["destination_options"]
        params["DestinationOptions"] = {OPTION_KEYS[k]: v for k, v in options.items() if v is not None}
    if desired.get("tags"):
        params["TagSpecifications"] = boto3_tag_specifications(desired["tags"], types="vpc-flow-log")
    flow_log_id = create_flow_logs(client, **params)[0]
    return get_flow_log(client, flow_log_id) or dict(predict(None, desired), flow_log_id=flow_log_id)


def update(client, p, current, desired):
    if replacing(current, desired):
        delete_flow_logs(client, [current["flow_log_id"]])
        return create(client, p, predict(current, desired))
    ensure_ec2_tags(client, current["flow_log_id"], current.get("tags"), p["tags"], p["purge_tags"])
    return get_flow_log(client, current["flow_log_id"]) or predict(current, desired)


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("log_group_name", "log_destination")],
        supports_check_mode=True,
    )
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("ec2")
    try:
        current = find_flow_log(client, **identity(p))
        desired = desired_flow_log(p, current)
        immutable = [k for k in differs(current, desired) if k in IMMUTABLE] if current and desired else []
        if immutable and not p["replace_on_change"]:
            changes = ", ".join(f"{k} ({current.get(k)!r} -> {desired[k]!r})" for k in immutable)
            module.fail_json(
                msg=f"Flow log {current['flow_log_id']} differs in {changes}; AWS cannot update "
                f"{', '.join(immutable)} in place: set replace_on_change=true to delete and re-create it",
                flow_log=current,
            )
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=differs,
            predict=predict,
            create=lambda d: create(client, p, d),
            update=lambda c, d: update(client, p, c, d),
            delete=lambda c: delete_flow_logs(client, [c["flow_log_id"]]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, flow_log=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
