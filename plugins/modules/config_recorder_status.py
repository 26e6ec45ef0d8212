#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: config_recorder_status
short_description: Start or stop an AWS Config configuration recorder
version_added: 0.1.0
description:
  - Starts (O(recording=true)) or stops (O(recording=false)) an existing configuration recorder
    (StartConfigurationRecorder / StopConfigurationRecorder). M(community.aws.config_recorder) creates the
    recorder but never starts it, and a recorder that is not started records nothing.
  - AWS refuses to start a recorder without a delivery channel, so create that first with
    M(community.aws.config_delivery_channel).
  - Supports check mode (returns the predicted status) and diff mode. In check mode, a recorder that does not exist
    yet (an earlier task would create it) is predicted rather than reported missing.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description: Name of the configuration recorder.
    type: str
    default: default
  recording:
    description:
      - Whether the recorder records. When not set, the module only returns the recorder's status (as an info
        module would).
    type: bool
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Record (CIS 3.3, FSBP Config.1)
  prodgrade.aws.config_recorder_status:
    name: default
    recording: true

- name: Is it recording?
  prodgrade.aws.config_recorder_status:
  register: config_recorder
"""

RETURN = r"""
recorder_status:
  description: The recorder's status; predicted in check mode.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the recorder.
      type: str
      sample: default
    recording:
      description: Whether it records.
      type: bool
      sample: true
    last_status:
      description: Status of the last recording event (V(PENDING), V(SUCCESS), V(FAILURE)); empty when predicted.
      type: str
      sample: SUCCESS
    role_arn:
      description: Role the recorder uses (DescribeConfigurationRecorders).
      returned: when the recorder exists
      type: str
      sample: arn:aws:iam::123456789012:role/ecia-config-recorder
    all_supported:
      description: Whether every supported resource type is recorded.
      returned: when the recorder exists
      type: bool
      sample: true
    include_global_resource_types:
      description: Whether global resource types (IAM) are recorded.
      returned: when the recorder exists
      type: bool
      sample: true
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.baseline_settings import recorder_status
from ansible_collections.prodgrade.aws.plugins.module_utils.baseline_settings import start_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.baseline_settings import stop_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure

ARGUMENT_SPEC = dict(
    name=dict(type="str", default="default"),
    recording=dict(type="bool"),
)


def update(client, current, desired):
    (start_recorder if desired["recording"] else stop_recorder)(client, current["name"])
    return recorder_status(client, current["name"])


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    name = module.params["name"]
    client = module.client("config")
    try:
        current = recorder_status(client, name)
        if module.params["recording"] is None:
            module.exit_json(
                changed=False, recorder_status=current or {}, diff={"before": current or {}, "after": current or {}}
            )
        if current is None:
            if not module.check_mode:
                module.fail_json(msg=f"configuration recorder {name} does not exist in {module.region}")
            current = dict(name=name, recording=False, last_status="")
        result = ensure(
            current,
            dict(name=name, recording=module.params["recording"]),
            check_mode=module.check_mode,
            create=None,
            update=lambda c, d: update(client, c, d),
            delete=None,
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, recorder_status=result.after, diff=result.diff)


if __name__ == "__main__":
    main()
