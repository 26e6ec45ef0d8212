#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: wafv2_logging_configuration
short_description: Manage the logging configuration of a WAFv2 web ACL
version_added: 0.1.0
description:
  - Sends a web ACL's request logs to a CloudWatch Logs log group, an S3 bucket or a Kinesis Data Firehose stream
    (PutLoggingConfiguration), or stops logging. M(community.aws.wafv2_web_acl) manages the web ACL itself but not
    its logging.
  - AWS's rules are checked before any API call (one destination, named C(aws-waf-logs-*); for a CloudFront
    (global) web ACL, a destination in us-east-1, else in the web ACL's region).
  - The API is called in the web ACL's region (us-east-1 for a CloudFront web ACL), whatever O(region) says.
  - Options that are not set (O(redacted_fields), O(logging_filter)) leave those settings alone.
  - Supports check mode (returns the predicted configuration) and diff mode.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  web_acl_arn:
    description:
      - ARN of the web ACL (the RV(community.aws.wafv2_web_acl#module:arn) that module returns).
    type: str
    required: true
    aliases: [resource_arn]
  log_destination_configs:
    description:
      - ARN of the destination, in a one-item list. A log group ARN may end in V(:*) or not.
      - Required when O(state=present).
    type: list
    elements: str
  redacted_fields:
    description:
      - Parts of the requests kept out of the logs, in the API's shape snake_cased (see the examples).
    type: list
    elements: dict
  logging_filter:
    description:
      - Which requests are logged, in the API's shape snake_cased (see the examples).
    type: dict
  state:
    description:
      - Whether the web ACL should log.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Log the CloudFront web ACL to CloudWatch Logs (us-east-1), without the Authorization header
  prodgrade.aws.wafv2_logging_configuration:
    web_acl_arn: "{{ web_acl.arn }}"
    log_destination_configs:
      - arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-ecia-prod
    redacted_fields:
      - single_header:
          name: authorization

- name: Keep only blocked requests
  prodgrade.aws.wafv2_logging_configuration:
    web_acl_arn: "{{ web_acl.arn }}"
    log_destination_configs:
      - arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-ecia-prod
    logging_filter:
      default_behavior: DROP
      filters:
        - behavior: KEEP
          requirement: MEETS_ANY
          conditions:
            - action_condition:
                action: BLOCK

- name: Stop logging
  prodgrade.aws.wafv2_logging_configuration:
    web_acl_arn: "{{ web_acl.arn }}"
    state: absent
"""

RETURN = r"""
logging_configuration:
  description:
    - The web ACL's logging configuration, snake_cased. In check mode, the predicted one. An empty dict when the web
      ACL does not log.
  returned: always
  type: dict
  contains:
    resource_arn:
      description: ARN of the web ACL.
      type: str
      sample: arn:aws:wafv2:us-east-1:123456789012:global/webacl/ecia-prod/1111-2222
    log_destination_configs:
      description: The destination.
      type: list
      elements: str
      sample: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-ecia-prod"]
    redacted_fields:
      description: Parts of the requests kept out of the logs.
      type: list
      elements: dict
      sample: [{"single_header": {"name": "authorization"}}]
    logging_filter:
      description: Which requests are logged.
      returned: when set
      type: dict
      sample: {"default_behavior": "KEEP", "filters": []}
"""

from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.wafv2 import delete_logging_configuration
from ansible_collections.prodgrade.aws.plugins.module_utils.wafv2 import destination_errors
from ansible_collections.prodgrade.aws.plugins.module_utils.wafv2 import get_logging_configuration
from ansible_collections.prodgrade.aws.plugins.module_utils.wafv2 import normalize_logging
from ansible_collections.prodgrade.aws.plugins.module_utils.wafv2 import put_logging_configuration
from ansible_collections.prodgrade.aws.plugins.module_utils.wafv2 import web_acl

ARGUMENT_SPEC = dict(
    web_acl_arn=dict(type="str", required=True, aliases=["resource_arn"]),
    log_destination_configs=dict(type="list", elements="str"),
    redacted_fields=dict(type="list", elements="dict"),
    logging_filter=dict(type="dict"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def _camel(key, value):
    """A snake_cased option value -> the API's CamelCase (lists included)."""
    return list(snake_dict_to_camel_dict({key: value}, capitalize_first=True).values())[0]


def _log_group(arn):
    return arn[:-2] if arn.endswith(":*") else arn


def validate_params(p):
    if p["state"] == "absent":
        return [] if web_acl(p["web_acl_arn"]) else destination_errors(p["web_acl_arn"], [""])[:1]
    if not p["log_destination_configs"]:
        return ["log_destination_configs is required when state=present"]
    return destination_errors(p["web_acl_arn"], p["log_destination_configs"])


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    arn = p["web_acl_arn"]
    client = module.client("wafv2", region=web_acl(arn)["region"])
    desired = None
    if p["state"] == "present":
        desired = dict(
            resource_arn=arn,
            log_destination_configs=[_log_group(d) for d in p["log_destination_configs"]],
            redacted_fields=(
                normalize_logging({"RedactedFields": _camel("redacted_fields", p["redacted_fields"])})[
                    "redacted_fields"
                ]
                if p["redacted_fields"] is not None
                else None
            ),
            logging_filter=(
                normalize_logging({"LoggingFilter": _camel("logging_filter", p["logging_filter"])})["logging_filter"]
                if p["logging_filter"] is not None
                else None
            ),
        )

    def differs(current, wanted):
        have = dict(current, log_destination_configs=[_log_group(d) for d in current["log_destination_configs"]])
        return [k for k, v in wanted.items() if v is not None and have.get(k) != v]

    def put(current, wanted):
        merged = dict(current or {}, **{k: v for k, v in wanted.items() if v is not None})
        configuration = {
            "ResourceArn": arn,
            "LogDestinationConfigs": merged["log_destination_configs"],
        }
        if merged.get("redacted_fields"):
            configuration["RedactedFields"] = _camel("redacted_fields", merged["redacted_fields"])
        if merged.get("logging_filter"):
            configuration["LoggingFilter"] = _camel("logging_filter", merged["logging_filter"])
        put_logging_configuration(client, configuration)
        return normalize_logging(get_logging_configuration(client, arn)) or merged

    try:
        current = normalize_logging(get_logging_configuration(client, arn))
        result = ensure(
            current,
            desired,
            check_mode=module.check_mode,
            differs=differs,
            predict=lambda c, d: dict(
                {"redacted_fields": []}, **(c or {}), **{k: v for k, v in d.items() if v is not None}
            ),
            create=lambda d: put(None, d),
            update=put,
            delete=lambda c: delete_logging_configuration(client, arn),
        )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=result.changed, logging_configuration=result.after or {}, diff=result.diff)


if __name__ == "__main__":
    main()
