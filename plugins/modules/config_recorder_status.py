#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: config_recorder_status
short_description: Start, stop or read an AWS Config configuration recorder in one or more regions
version_added: 0.1.0
description:
  - Starts (O(recording=true)) or stops (O(recording=false)) an existing configuration recorder
    (StartConfigurationRecorder / StopConfigurationRecorder). M(community.aws.config_recorder) creates the
    recorder but never starts it, and a recorder that is not started records nothing.
  - AWS refuses to start a recorder without a delivery channel, so create that first. M(prodgrade.aws.config_recorder)
    converges the recorder, its delivery channel and its recording in one run; this module is for starting,
    stopping or reading a recorder made otherwise.
  - O(regions) does every region in one module run.
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
  regions:
    description:
      - Regions to converge or read, each as O(region) would; the result then has one entry a region in
        RV(regions) instead of RV(recorder_status).
    type: list
    elements: str
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
  description: The recorder's status; predicted in check mode. Empty when there is no recorder.
  returned: without O(regions)
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
regions:
  description: Each region's RV(recorder_status), by region.
  returned: always
  type: dict
  sample: {"eu-west-1": {"recorder_status": {"name": "default", "recording": true, "last_status": "SUCCESS"}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.config import recorder_status
from ansible_collections.prodgrade.aws.plugins.module_utils.config import start_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils.config import stop_recorder
from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import EnsureResult
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure

ARGUMENT_SPEC = dict(
    name=dict(type="str", default="default"),
    recording=dict(type="bool"),
    **clients.REGIONS_OPTION,
)


def update(client, current, desired):
    (start_recorder if desired["recording"] else stop_recorder)(client, current["name"])
    return recorder_status(client, current["name"])


def converge(module, region):
    name = module.params["name"]
    client = clients.client(module, "config", region=region)
    current = recorder_status(client, name)
    if module.params["recording"] is None:
        return EnsureResult(False, current, current, [])
    if current is None:
        if not module.check_mode:
            module.fail_json(msg=f"configuration recorder {name} does not exist in {region}")
        current = dict(name=name, recording=False, last_status="")
    return ensure(
        current,
        dict(name=name, recording=module.params["recording"]),
        check_mode=module.check_mode,
        create=None,
        update=lambda c, d: update(client, c, d),
        delete=None,
    )


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    at = []  # the region being converged, named in an error

    def converge_in(region):
        at[:] = [region]
        return converge(module, region)

    try:
        result = clients.for_regions(module, converge_in, "recorder_status")
    except AnsibleAWSError as e:
        if module.params["regions"]:
            e.message = f"{e.message} in {at[0]}"
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
