#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: config_recorder
short_description: Converge AWS Config's recorder, delivery channel and recording in one or more regions
version_added: 0.2.0
description:
  - Makes the AWS Config configuration recorder O(name), its delivery channel and its recording status what is
    given, in O(region) or in every region of O(regions), in one module run. In each region it reads the recorder,
    its status and the channel (three calls) and writes only what differs; a difference in one region is fixed
    in that region only.
  - "Recorder: the role (O(role_arn)) and the recording group are compared whole (all supported types or the
    listed ones; global resource types or not; the recording strategy). The recorder's recording mode
    (frequency and overrides) is not managed: a put re-sends it as it is."
  - "Delivery channel (when O(delivery_channel) is given): the bucket, key prefix, KMS key and SNS topic are
    compared whole, what is not set meaning none (AWS replaces the channel with what is sent);
    O(delivery_channel.delivery_frequency) when set (AWS's default otherwise)."
  - "Recording (O(recording)): started or stopped. AWS starts a recorder only once it has a delivery channel,
    which this module puts first."
  - With O(state=absent), recording is stopped, then the delivery channel and the recorder are deleted.
  - M(community.aws.config_recorder) compares its request with DescribeConfigurationRecorders' whole answer and
    so re-puts the recorder on every run; neither it nor M(community.aws.config_delivery_channel) supports check
    mode or several regions, and neither starts recording.
  - Supports check mode (returns the predicted recorder of each region; a recorder to create is predicted) and
    diff mode (one entry a region, with every attribute compared).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description: Name of the configuration recorder.
    type: str
    default: default
  role_arn:
    description: ARN of the IAM role the recorder uses. Required with O(state=present).
    type: str
  recording_group:
    description:
      - What the recorder records. Not set, every supported resource type (global ones as
        O(global_resource_types_region) says).
    type: dict
    suboptions:
      all_supported:
        description: Whether every supported resource type is recorded (then O(recording_group.resource_types) is
          not used).
        type: bool
        default: true
      include_global_types:
        description:
          - Whether global resource types (IAM) are recorded too, with O(recording_group.all_supported=true).
            Not set, false. Not with O(global_resource_types_region).
        type: bool
      resource_types:
        description: The resource types recorded with O(recording_group.all_supported=false), such as
          V(AWS::EC2::Volume).
        type: list
        elements: str
  global_resource_types_region:
    description:
      - The one region whose recorder records global resource types (IAM), so they are not recorded once per
        region; the recorders of the other regions do not. Needs every supported type recorded.
    type: str
  delivery_channel:
    description:
      - The delivery channel of the region. Not set, the channel is left alone (AWS starts recording only with
        one).
    type: dict
    suboptions:
      name:
        description: Name of the channel; default O(name).
        type: str
      s3_bucket:
        description: Bucket the configuration snapshots and history go to. Required with O(state=present).
        type: str
      s3_prefix:
        description: Key prefix in the bucket; not set, none.
        type: str
      kms_key_arn:
        description: ARN of the KMS key the objects are encrypted with; not set, none (the bucket's default).
        type: str
      sns_topic_arn:
        description: ARN of the SNS topic notified of deliveries; not set, none.
        type: str
      delivery_frequency:
        description: How often configuration snapshots are delivered; not set, left as it is.
        type: str
        choices: [One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours]
  recording:
    description: Whether the recorder records (StartConfigurationRecorder / StopConfigurationRecorder).
    type: bool
    default: true
  regions:
    description:
      - Regions to converge, each as O(region) would; the result then has one entry a region in RV(regions)
        instead of RV(recorder).
    type: list
    elements: str
  state:
    description: Whether the recorder and its channel should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Record everything in every region, global types in the home region (CIS 3.3)
  prodgrade.aws.config_recorder:
    regions: [eu-west-1, eu-central-1, us-east-1]
    global_resource_types_region: eu-west-1
    role_arn: arn:aws:iam::123456789012:role/ecia-config-recorder
    delivery_channel:
      s3_bucket: ecia-log-archive
      kms_key_arn: arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab
      delivery_frequency: TwentyFour_Hours
    recording: true

- name: Stop recording and remove the recorders and channels
  prodgrade.aws.config_recorder:
    regions: [eu-west-1, eu-central-1, us-east-1]
    state: absent
"""

RETURN = r"""
recorder:
  description:
    - The recorder, its status and its channel (with O(region), without O(regions)); predicted in check mode.
      Empty with O(state=absent).
  returned: without O(regions)
  type: dict
  contains:
    name:
      description: Name of the recorder.
      type: str
      sample: default
    role_arn:
      description: Role the recorder uses.
      type: str
      sample: arn:aws:iam::123456789012:role/ecia-config-recorder
    recording_group:
      description: What it records.
      type: dict
      sample:
        all_supported: true
        include_global_resource_types: true
        resource_types: []
        exclusion_resource_types: []
        recording_strategy: ALL_SUPPORTED_RESOURCE_TYPES
    recording_mode:
      description: Recording frequency and overrides, as AWS has them.
      returned: when AWS returns them
      type: dict
      sample: {"recording_frequency": "CONTINUOUS", "recording_mode_overrides": []}
    recording:
      description: Whether it records.
      type: bool
      sample: true
    last_status:
      description: Status of the last recording event; empty when predicted for a new recorder.
      type: str
      sample: SUCCESS
    delivery_channel:
      description: The delivery channel (what is not set is empty).
      returned: when O(delivery_channel) is given or the channel exists
      type: dict
      sample:
        name: default
        s3_bucket_name: ecia-log-archive
        s3_key_prefix: ""
        s3_kms_key_arn: arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab
        sns_topic_arn: ""
        delivery_frequency: TwentyFour_Hours
regions:
  description: Each region's RV(recorder), by region.
  returned: always
  type: dict
  sample: {"eu-west-1": {"recorder": {"name": "default", "recording": true}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import EnsureResult
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.config import channel_request
from ansible_collections.prodgrade.aws.plugins.module_utils.config import delete_delivery_channel
from ansible_collections.prodgrade.aws.plugins.module_utils.config import delete_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.config import describe_delivery_channel
from ansible_collections.prodgrade.aws.plugins.module_utils.config import describe_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.config import describe_recorder_status
from ansible_collections.prodgrade.aws.plugins.module_utils.config import normalize_channel
from ansible_collections.prodgrade.aws.plugins.module_utils.config import normalize_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.config import put_delivery_channel
from ansible_collections.prodgrade.aws.plugins.module_utils.config import put_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.config import recorder_request
from ansible_collections.prodgrade.aws.plugins.module_utils.config import recording_group
from ansible_collections.prodgrade.aws.plugins.module_utils.config import start_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.config import stop_recorder

FREQUENCIES = ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"]
ARGUMENT_SPEC = dict(
    name=dict(type="str", default="default"),
    role_arn=dict(type="str"),
    recording_group=dict(
        type="dict",
        options=dict(
            all_supported=dict(type="bool", default=True),
            include_global_types=dict(type="bool"),
            resource_types=dict(type="list", elements="str"),
        ),
    ),
    global_resource_types_region=dict(type="str"),
    delivery_channel=dict(
        type="dict",
        options=dict(
            name=dict(type="str"),
            s3_bucket=dict(type="str"),
            s3_prefix=dict(type="str"),
            kms_key_arn=dict(type="str", no_log=False),
            sns_topic_arn=dict(type="str"),
            delivery_frequency=dict(type="str", choices=FREQUENCIES),
        ),
    ),
    recording=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **clients.REGIONS_OPTION,
)


def validate_params(p):
    if p["state"] == "absent":
        return []
    errors = []
    group = p["recording_group"] or {}
    channel = p["delivery_channel"]
    if not p["role_arn"]:
        errors.append("role_arn is required with state=present")
    if group.get("all_supported", True):
        if group.get("resource_types"):
            errors.append("recording_group.resource_types is only used with recording_group.all_supported=false")
    else:
        if not group.get("resource_types"):
            errors.append("recording_group.resource_types is required with recording_group.all_supported=false")
        if group.get("include_global_types") or p["global_resource_types_region"]:
            errors.append("global resource types are recorded only with recording_group.all_supported=true")
    if group.get("include_global_types") is not None and p["global_resource_types_region"]:
        errors.append("recording_group.include_global_types and global_resource_types_region are exclusive")
    if channel is not None and not channel["s3_bucket"]:
        errors.append("delivery_channel.s3_bucket is required with state=present")
    for key in ("s3_prefix", "kms_key_arn", "sns_topic_arn"):
        if channel is not None and channel[key] == "":
            errors.append(f"delivery_channel.{key} cannot be empty (leave it unset for none)")
    return errors


def channel_name(p):
    return (p["delivery_channel"] or {}).get("name") or p["name"]


def desired_recorder(p, region):
    group = p["recording_group"] or {}
    include_global = group.get("include_global_types")
    if p["global_resource_types_region"]:
        include_global = region == p["global_resource_types_region"]
    return dict(
        name=p["name"],
        role_arn=p["role_arn"],
        recording_group=recording_group(
            group.get("all_supported", True), bool(include_global), group.get("resource_types") or []
        ),
    )


def desired_channel(p):
    channel = p["delivery_channel"]
    if channel is None:
        return None
    return dict(
        name=channel_name(p),
        s3_bucket_name=channel["s3_bucket"],
        s3_key_prefix=channel["s3_prefix"] or "",
        s3_kms_key_arn=channel["kms_key_arn"] or "",
        sns_topic_arn=channel["sns_topic_arn"] or "",
        delivery_frequency=channel["delivery_frequency"],
    )


def read_recorder(client, name):
    found = describe_recorder(client, name)
    return normalize_recorder(found) if found else None


def read_status(client, name):
    status = describe_recorder_status(client, name) or {}
    return dict(recording=bool(status.get("recording")), last_status=status.get("lastStatus", ""))


def read_channel(client, name):
    found = describe_delivery_channel(client, name)
    return normalize_channel(found) if found else None


def put_recorder_as(client, current, desired):
    recorder = merge(current, desired)
    put_recorder(client, recorder_request(recorder))
    return read_recorder(client, desired["name"]) or recorder


def put_channel_as(client, current, desired):
    channel = merge(current, desired)  # an unset frequency keeps the current one
    put_delivery_channel(client, channel_request(channel))
    return read_channel(client, desired["name"]) or channel


def set_recording(client, name, current, desired):
    (start_recorder if desired["recording"] else stop_recorder)(client, name)
    return read_status(client, name)


def combine(recorder, status, channel, channel_managed):
    """One region's object: the recorder with its status and channel; None when nothing exists."""
    if recorder is None and channel is None:
        return None
    result = dict(recorder or {})
    if recorder is not None:
        result.update(status)
    if channel is not None or channel_managed:
        result["delivery_channel"] = channel or {}
    return result


def converge_present(client, p, region, check_mode):
    name = p["name"]
    current_recorder = read_recorder(client, name)
    current_status = read_status(client, name) if current_recorder else dict(recording=False, last_status="")
    wanted_channel = desired_channel(p)
    current_channel = read_channel(client, channel_name(p)) if wanted_channel else None

    recorder = ensure(
        current_recorder,
        desired_recorder(p, region),
        check_mode=check_mode,
        differs=lambda c, d: changed_keys(c, d, exact_keys=("recording_group",)),
        create=lambda d: put_recorder_as(client, None, d),
        update=lambda c, d: put_recorder_as(client, c, d),
        delete=None,
    )
    channel = (
        ensure(
            current_channel,
            wanted_channel,
            check_mode=check_mode,
            create=lambda d: put_channel_as(client, None, d),
            update=lambda c, d: put_channel_as(client, c, d),
            delete=None,
        )
        if wanted_channel
        else EnsureResult(False, None, None, [])
    )
    status = ensure(
        current_status,
        dict(recording=p["recording"]),
        check_mode=check_mode,
        create=None,
        update=lambda c, d: set_recording(client, name, c, d),
        delete=None,
    )
    parts = (recorder, channel, status)
    return EnsureResult(
        any(r.changed for r in parts),
        combine(current_recorder, current_status, current_channel, False),
        combine(recorder.after, status.after, channel.after, wanted_channel is not None),
        [k for r in parts for k in r.changed_keys],
    )


def converge_absent(client, p, check_mode):
    name = p["name"]
    recorder = read_recorder(client, name)
    status = read_status(client, name) if recorder else dict(recording=False, last_status="")
    channel = read_channel(client, channel_name(p))
    if not check_mode:
        if status["recording"]:
            stop_recorder(client, name)  # AWS keeps the channel of a recorder that records
        if channel:
            delete_delivery_channel(client, channel["name"])
        if recorder:
            delete_recorder(client, name)
    before = combine(recorder, status, channel, False)
    return EnsureResult(before is not None, before, None, [])


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))

    at = []  # the region being converged, named in an error

    def converge(region):
        at[:] = [region]
        client = clients.client(module, "config", region=region)
        if p["state"] == "absent":
            return converge_absent(client, p, module.check_mode)
        return converge_present(client, p, region, module.check_mode)

    try:
        result = clients.for_regions(module, converge, "recorder")
    except AnsibleAWSError as e:
        e.message = f"{e.message} in {at[0]}"
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
