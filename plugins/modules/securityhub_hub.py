#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: securityhub_hub
short_description: Enable or disable Security Hub in an account and region, and set its hub configuration
version_added: 0.1.0
description:
  - Enables Security Hub (EnableSecurityHub), updates its configuration (UpdateSecurityHubConfiguration) and tags,
    or disables it; in the region, or in each region of O(regions) in one run.
  - Standards are not enabled by default (O(enable_default_standards=false)). Subscribe the ones you want with
    M(prodgrade.aws.securityhub_standard), so the list is in your configuration, not in AWS's defaults.
  - An option that is not set is not compared and leaves that setting alone.
  - Supports check mode (returns the predicted hub) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  regions:
    description:
      - Regions to converge, each to the same settings, in one run (one module start, one boto3 session).
      - When set, O(region) is not used and the result has RV(regions) instead of RV(hub).
    type: list
    elements: str
  enable_default_standards:
    description:
      - Whether to subscribe AWS's default standards when Security Hub is enabled. Only used when the module
        enables Security Hub; never compared afterwards.
    type: bool
    default: false
  control_finding_generator:
    description:
      - V(SECURITY_CONTROL) (consolidated control findings, one finding per check across standards) or
        V(STANDARD_CONTROL) (one finding per standard).
    type: str
    choices: [SECURITY_CONTROL, STANDARD_CONTROL]
  auto_enable_controls:
    description:
      - Whether new controls of subscribed standards are enabled automatically.
    type: bool
  state:
    description:
      - Whether Security Hub should be enabled. V(absent) disables it (and drops its findings and subscriptions).
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
- name: Security Hub with consolidated control findings
  prodgrade.aws.securityhub_hub:
    control_finding_generator: SECURITY_CONTROL
    auto_enable_controls: true
    tags:
      Owner: security

- name: The same hub in every region of the organization, in one run
  prodgrade.aws.securityhub_hub:
    regions: [ap-south-1, us-east-1, eu-west-1]
    control_finding_generator: SECURITY_CONTROL
    auto_enable_controls: true
"""

RETURN = r"""
hub:
  description:
    - The hub, as DescribeHub returns it, snake_cased, with its tags. Predicted in check mode (without
      RV(hub.hub_arn) when it would be enabled). Empty when Security Hub is disabled.
  returned: when O(regions) is not set
  type: dict
  contains:
    hub_arn:
      description: ARN of the hub.
      type: str
      sample: arn:aws:securityhub:us-east-1:123456789012:hub/default
    subscribed_at:
      description: When Security Hub was enabled.
      type: str
      sample: "2024-01-01T00:00:00.000Z"
    auto_enable_controls:
      description: Whether new controls are enabled automatically.
      type: bool
      sample: true
    control_finding_generator:
      description: How control findings are generated.
      type: str
      sample: SECURITY_CONTROL
    tags:
      description: Tags of the hub.
      type: dict
      sample: {"Owner": "security"}
regions:
  description:
    - Each region's hub (as RV(hub)), keyed by region. The diff has one entry per region.
  returned: always
  type: dict
  sample: {"us-east-1": {"hub": {"hub_arn": "arn:aws:securityhub:us-east-1:123456789012:hub/default"}}}
"""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import describe_hub
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import disable_security_hub
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import enable_security_hub
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import in_region
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import list_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.securityhub import update_security_hub_configuration

ARGUMENT_SPEC = dict(
    **clients.REGIONS_OPTION,
    enable_default_standards=dict(type="bool", default=False),
    control_finding_generator=dict(type="str", choices=["SECURITY_CONTROL", "STANDARD_CONTROL"]),
    auto_enable_controls=dict(type="bool"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
SETTINGS = dict(auto_enable_controls="AutoEnableControls", control_finding_generator="ControlFindingGenerator")


def read_hub(client):
    hub = describe_hub(client)
    if hub is None:
        return None
    result = camel_dict_to_snake_dict(hub, ignore_list=["Tags"])
    result.pop("tags", None)
    result["tags"] = list_tags(client, hub["HubArn"])
    return result


def desired_hub(p, current):
    if p["state"] == "absent":
        return None
    desired = {key: p[key] for key in SETTINGS}
    desired["tags"] = None
    if p["tags"] is not None:
        desired["tags"] = dict(p["tags"]) if p["purge_tags"] else dict((current or {}).get("tags") or {}, **p["tags"])
    return desired


def predict(current, desired):
    after = merge(current, desired)
    after.setdefault("tags", {})
    return after


def settings_params(current, desired):
    keys = changed_keys(current, desired)
    return {SETTINGS[k]: desired[k] for k in keys if k in SETTINGS}


def create(client, p, desired):
    params = dict(EnableDefaultStandards=p["enable_default_standards"])
    if desired["control_finding_generator"]:
        params["ControlFindingGenerator"] = desired["control_finding_generator"]
    if desired["tags"]:
        params["Tags"] = desired["tags"]
    enable_security_hub(client, **params)
    current = read_hub(client) or {}
    rest = settings_params(current, desired)
    if rest:
        update_security_hub_configuration(client, **rest)
    return read_hub(client) or predict(None, desired)


def update(client, p, current, desired):
    params = settings_params(current, desired)
    if params:
        update_security_hub_configuration(client, **params)
    ensure_tags(client, current["hub_arn"], current.get("tags"), p["tags"], p["purge_tags"])
    return read_hub(client) or predict(current, desired)


def converge(module, region):
    p = module.params
    client = clients.client(module, "securityhub", region=region)
    with in_region(region):
        current = read_hub(client)
        return ensure(
            current,
            desired_hub(p, current),
            check_mode=module.check_mode,
            predict=predict,
            create=lambda d: create(client, p, d),
            update=lambda c, d: update(client, p, c, d),
            delete=lambda c: disable_security_hub(client),
        )


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        result = clients.for_regions(module, lambda region: converge(module, region), "hub")
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
