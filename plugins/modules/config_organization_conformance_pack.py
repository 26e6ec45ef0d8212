#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: config_organization_conformance_pack
short_description: Deploy an AWS Config conformance pack to every account of the organization
version_added: 0.1.0
description:
  - Creates, updates or deletes an organization conformance pack (PutOrganizationConformancePack), from the
    management account or the AWS Config delegated administrator. AWS deploys it to the member accounts
    asynchronously; RV(conformance_pack.status) tells how far it got.
  - AWS does not return a pack's template. The module therefore compares the delivery bucket and prefix, the
    input parameters and the excluded accounts, and sends the template with every change of those; a change of
    the template alone is not detected. Set O(force_template_update=true) to push the template anyway (the task
    then always reports a change), or rename the pack per template version.
  - An option that is not set is not compared and keeps its value (an update re-sends the current one).
  - Supports check mode (returns the predicted pack) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description: Name of the organization conformance pack (letters, digits and hyphens, starting with a letter).
    type: str
    required: true
  template_body:
    description:
      - The conformance pack template (YAML), at most 51,200 characters. Mutually exclusive with
        O(template_s3_uri); one of them is required with O(state=present).
    type: str
  template_s3_uri:
    description: Location of the template, V(s3://bucket/key).
    type: str
  delivery_s3_bucket:
    description:
      - Bucket where AWS Config stores the pack's evaluation results; its name must start with
        V(awsconfigconforms).
    type: str
  delivery_s3_key_prefix:
    description: Prefix in O(delivery_s3_bucket).
    type: str
  input_parameters:
    description: Values of the template's parameters, by parameter name.
    type: dict
  excluded_accounts:
    description: Member accounts the pack is not deployed to (12-digit ids). Order does not matter.
    type: list
    elements: str
  force_template_update:
    description:
      - Whether to put the template even when nothing the module can compare differs (see the description).
    type: bool
    default: false
  state:
    description: Whether the pack should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Operational best practices for CIS in every account but the sandbox
  prodgrade.aws.config_organization_conformance_pack:
    name: cis-baseline
    template_body: "{{ lookup('ansible.builtin.file', 'conformance-packs/cis.yaml') }}"
    input_parameters:
      AccessKeysRotatedParamMaxAccessKeyAge: "90"
    excluded_accounts: ["333333333333"]
"""

RETURN = r"""
conformance_pack:
  description:
    - The pack as DescribeOrganizationConformancePacks returns it, snake_cased, with its deployment status;
      input parameters as a dict. Predicted in check mode. Empty when absent.
  returned: always
  type: dict
  contains:
    organization_conformance_pack_name:
      description: Name.
      type: str
      sample: cis-baseline
    organization_conformance_pack_arn:
      description: ARN.
      returned: when it exists
      type: str
      sample: arn:aws:config:us-east-1:123456789012:organization-conformance-pack/cis-baseline-abcdefgh
    delivery_s3_bucket:
      description: Delivery bucket.
      returned: when set
      type: str
      sample: awsconfigconforms-ecia
    delivery_s3_key_prefix:
      description: Delivery prefix.
      returned: when set
      type: str
      sample: cis
    input_parameters:
      description: Parameter values by name.
      type: dict
      sample: {"AccessKeysRotatedParamMaxAccessKeyAge": "90"}
    excluded_accounts:
      description: Excluded accounts, sorted.
      type: list
      elements: str
      sample: ["333333333333"]
    status:
      description: Deployment status (V(CREATE_IN_PROGRESS), V(CREATE_SUCCESSFUL), V(UPDATE_FAILED) ...).
      returned: when it exists
      type: str
      sample: CREATE_SUCCESSFUL
"""

import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.config import (
    delete_organization_conformance_pack,
)
from ansible_collections.prodgrade.aws.plugins.module_utils.config import (
    describe_organization_conformance_pack,
)
from ansible_collections.prodgrade.aws.plugins.module_utils.config import (
    describe_organization_conformance_pack_status,
)
from ansible_collections.prodgrade.aws.plugins.module_utils.config import (
    put_organization_conformance_pack,
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    template_body=dict(type="str"),
    template_s3_uri=dict(type="str"),
    delivery_s3_bucket=dict(type="str"),
    delivery_s3_key_prefix=dict(type="str", no_log=False),
    input_parameters=dict(type="dict"),
    excluded_accounts=dict(type="list", elements="str"),
    force_template_update=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
COMPARED = ("delivery_s3_bucket", "delivery_s3_key_prefix", "input_parameters", "excluded_accounts")


def validate_params(p):
    errors = []
    if not re.match(r"^[a-zA-Z][-a-zA-Z0-9]{0,127}$", p["name"]):
        errors.append(f"name must be letters, digits and hyphens, start with a letter, at most 128: {p['name']}")
    if p["state"] == "absent":
        return errors
    if not (p["template_body"] or p["template_s3_uri"]):
        errors.append("state=present requires template_body or template_s3_uri")
    if p["template_body"] and len(p["template_body"]) > 51200:
        errors.append(f"template_body is {len(p['template_body'])} characters, AWS takes at most 51200")
    if p["template_s3_uri"] and not p["template_s3_uri"].startswith("s3://"):
        errors.append(f"template_s3_uri must be s3://bucket/key: {p['template_s3_uri']}")
    if p["delivery_s3_bucket"] and not p["delivery_s3_bucket"].startswith("awsconfigconforms"):
        errors.append(f"delivery_s3_bucket must start with awsconfigconforms: {p['delivery_s3_bucket']}")
    bad = [a for a in p["excluded_accounts"] or [] if not re.match(r"^\d{12}$", a)]
    if bad:
        errors.append(f"excluded_accounts must be 12-digit account ids: {', '.join(bad)}")
    return errors


def normalize(pack, status):
    if pack is None:
        return None
    result = camel_dict_to_snake_dict(pack, ignore_list=["ConformancePackInputParameters"])
    params = result.pop("conformance_pack_input_parameters", None) or []
    result["input_parameters"] = {i["ParameterName"]: i["ParameterValue"] for i in params}
    result["excluded_accounts"] = sorted(result.get("excluded_accounts") or [])
    if status:
        result["status"] = status.get("Status")
    return result


def read(client, name, check_mode=False):
    try:
        pack = describe_organization_conformance_pack(client, name)
    except AnsibleAWSError as e:
        # --check before the organization exists (its layer only planned it): no pack can exist yet.
        code = getattr(e.exception, "response", {}).get("Error", {}).get("Code")
        if check_mode and code == "NoAvailableOrganizationException":
            return None
        raise
    status = describe_organization_conformance_pack_status(client, name) if pack else None
    return normalize(pack, status)


def desired_pack(p):
    if p["state"] == "absent":
        return None
    desired = {key: p[key] for key in COMPARED}
    desired["organization_conformance_pack_name"] = p["name"]
    if p["input_parameters"] is not None:
        desired["input_parameters"] = {k: str(v) for k, v in p["input_parameters"].items()}
    if p["excluded_accounts"] is not None:
        desired["excluded_accounts"] = sorted(p["excluded_accounts"])
    return desired


def put(client, p, current, desired):
    merged = dict(current or {}, **{k: v for k, v in desired.items() if v is not None})
    params = dict(OrganizationConformancePackName=p["name"])
    if p["template_body"]:
        params["TemplateBody"] = p["template_body"]
    else:
        params["TemplateS3Uri"] = p["template_s3_uri"]
    for key, boto_key in (
        ("delivery_s3_bucket", "DeliveryS3Bucket"),
        ("delivery_s3_key_prefix", "DeliveryS3KeyPrefix"),
        ("excluded_accounts", "ExcludedAccounts"),
    ):
        if merged.get(key):
            params[boto_key] = merged[key]
    if merged.get("input_parameters"):
        params["ConformancePackInputParameters"] = [
            dict(ParameterName=k, ParameterValue=v) for k, v in sorted(merged["input_parameters"].items())
        ]
    put_organization_conformance_pack(client, **params)
    return read(client, p["name"]) or merged


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("template_body", "template_s3_uri")],
        supports_check_mode=True,
    )
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    client = module.client("config")

    def differs(current, desired):
        keys = changed_keys(current, desired)
        return keys or (["template"] if p["force_template_update"] else [])

    try:
        result = ensure(
            read(client, p["name"], module.check_mode),
            desired_pack(p),
            check_mode=module.check_mode,
            differs=differs,
            create=lambda d: put(client, p, None, d),
            update=lambda c, d: put(client, p, c, d),
            delete=lambda c: delete_organization_conformance_pack(client, p["name"]),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, conformance_pack=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
