#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: config_rules
short_description: Converge a set of AWS Config managed rules in one or more regions
version_added: 0.1.0
description:
  - Makes the AWS managed Config rules of O(rules) exist as given in O(region), or in every region of O(regions),
    in one module run (one paginated DescribeConfigRules of every rule of a region, then PutConfigRule only for the
    rules that are missing or differ, and DeleteConfigRule for the rules to remove). A loop of
    M(community.aws.config_rule) makes two calls per rule and does not support check mode.
  - With O(regions), every region is read first; a rule that differs in one region is put in that region only.
  - Only what a rule sets is compared; an option that is not set keeps the rule's value (the put re-sends it, as
    it re-sends the rule's evaluation modes). What AWS adds by itself (V(ACTIVE) state, V(DETECTIVE) evaluation
    mode, the 24-hour frequency of a periodic rule) is therefore never a difference.
  - Service-linked rules, those whose C(CreatedBy) is set (created by a conformance pack, an organization rule,
    Security Hub ...), are never changed or deleted, also not by O(purge_rules); a rule of O(rules) with the name
    of one (in any region) fails the task before any change.
  - A rule AWS is still deleting (state V(DELETING)) counts as absent.
  - Tags are not managed.
  - Supports check mode (returns the predicted rules) and diff mode (the listed and the deleted rules, before and
    after; one entry a region with O(regions)).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  rules:
    description:
      - The rules, each an AWS managed rule (owner V(AWS)). Names are unique.
      - With O(state=absent), only each rule's O(rules[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the rule (1 to 128 characters).
        type: str
        required: true
      source_identifier:
        description:
          - Identifier of the AWS managed rule, such as V(ENCRYPTED_VOLUMES). Required with O(state=present).
        type: str
      description:
        description: Description of the rule (at most 256 characters).
        type: str
      input_parameters:
        description:
          - The rule's parameters, sent as a JSON string and compared as parsed JSON (key order does not matter).
            When set, the whole set of parameters (V({}) removes them all).
          - Numbers and booleans are sent as strings (V(14) as V("14"), V(true) as V("true")), as AWS managed
            rules take them.
        type: dict
      execution_frequency:
        description: How often AWS Config evaluates a periodic rule (its C(MaximumExecutionFrequency)).
        type: str
        choices: [One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours]
      scope:
        description:
          - The resources that trigger an evaluation. When set (not empty), the rule's whole scope; resource types
            compare in any order.
        type: dict
        suboptions:
          compliance_resource_types:
            description: Resource types, such as V(AWS::EC2::Volume).
            type: list
            elements: str
          compliance_resource_id:
            description:
              - The only resource to evaluate; needs exactly one O(rules[].scope.compliance_resource_types).
            type: str
          tag_key:
            description: Tag key of the resources to evaluate.
            type: str
          tag_value:
            description: Tag value of the resources to evaluate; needs O(rules[].scope.tag_key).
            type: str
  purge_rules:
    description:
      - Whether to delete the rules of the region that are not in O(rules). Service-linked rules (C(CreatedBy)
        set) are never deleted. Only with O(state=present).
    type: bool
    default: false
  regions:
    description:
      - Regions to converge, each as O(region) would; the result then has one entry a region in RV(regions)
        instead of RV(rules) and RV(changed_rules).
    type: list
    elements: str
  state:
    description: Whether the rules of O(rules) should exist (V(absent) deletes them).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Managed rules of the baseline
  prodgrade.aws.config_rules:
    region: eu-west-1
    rules:
      - name: encrypted-volumes
        source_identifier: ENCRYPTED_VOLUMES
        scope:
          compliance_resource_types: ["AWS::EC2::Volume"]
      - name: iam-password-policy
        source_identifier: IAM_PASSWORD_POLICY
        input_parameters:
          MinimumPasswordLength: 14
          PasswordReusePrevention: 24
        execution_frequency: TwentyFour_Hours

- name: Only these rules (service-linked ones stay)
  prodgrade.aws.config_rules:
    rules: "{{ my_rules }}"
    purge_rules: true

- name: The same rules in three regions, in one run
  prodgrade.aws.config_rules:
    regions: [eu-west-1, eu-central-1, us-east-1]
    rules: "{{ my_rules }}"

- name: Remove them
  prodgrade.aws.config_rules:
    rules: [{name: encrypted-volumes}, {name: iam-password-policy}]
    state: absent
"""

RETURN = r"""
rules:
  description:
    - The rules of O(rules), in that order, as DescribeConfigRules returns them after the change, snake_cased,
      O(rules[].input_parameters) parsed. Predicted in check mode. Empty with O(state=absent).
  returned: without O(regions)
  type: list
  elements: dict
  contains:
    config_rule_name:
      description: Name.
      type: str
      sample: iam-password-policy
    config_rule_arn:
      description: ARN.
      returned: when it exists
      type: str
      sample: arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-abcdef
    config_rule_id:
      description: Id.
      returned: when it exists
      type: str
      sample: config-rule-abcdef
    description:
      description: Description (empty when none).
      type: str
      sample: Password policy of CIS 1.8-1.9
    source:
      description: Owner and identifier.
      type: dict
      sample: {"owner": "AWS", "source_identifier": "IAM_PASSWORD_POLICY"}
    input_parameters:
      description: Parameters (empty when none).
      type: dict
      sample: {"MinimumPasswordLength": "14"}
    maximum_execution_frequency:
      description: Evaluation frequency.
      returned: when set
      type: str
      sample: TwentyFour_Hours
    scope:
      description: Scope, resource types sorted.
      returned: when set
      type: dict
      sample: {"compliance_resource_types": ["AWS::EC2::Volume"]}
    config_rule_state:
      description: State (V(ACTIVE), V(EVALUATING) ...).
      returned: when it exists
      type: str
      sample: ACTIVE
    evaluation_modes:
      description: Evaluation modes.
      returned: when it exists
      type: list
      elements: dict
      sample: [{"mode": "DETECTIVE"}]
changed_rules:
  description: Names of the rules created, updated and deleted (would be, in check mode).
  returned: without O(regions)
  type: dict
  contains:
    created:
      description: Created rules.
      type: list
      elements: str
      sample: ["encrypted-volumes"]
    updated:
      description: Updated rules.
      type: list
      elements: str
      sample: ["iam-password-policy"]
    deleted:
      description: Deleted rules.
      type: list
      elements: str
      sample: []
regions:
  description: Each region's RV(rules) and RV(changed_rules), by region.
  returned: always
  type: dict
  sample: {"eu-west-1": {"rules": [], "changed_rules": {"created": [], "updated": [], "deleted": []}}}
"""

import json
import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import EnsureResult
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_keys
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.config import delete_config_rule
from ansible_collections.prodgrade.aws.plugins.module_utils.config import describe_config_rules
from ansible_collections.prodgrade.aws.plugins.module_utils.config import normalize_rule
from ansible_collections.prodgrade.aws.plugins.module_utils.config import normalize_scope
from ansible_collections.prodgrade.aws.plugins.module_utils.config import parameter_value
from ansible_collections.prodgrade.aws.plugins.module_utils.config import predict
from ansible_collections.prodgrade.aws.plugins.module_utils.config import put_config_rule
from ansible_collections.prodgrade.aws.plugins.module_utils.config import rule_request

FREQUENCIES = ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"]
SCOPE_SPEC = dict(
    compliance_resource_types=dict(type="list", elements="str"),
    compliance_resource_id=dict(type="str"),
    tag_key=dict(type="str", no_log=False),
    tag_value=dict(type="str"),
)
RULE_SPEC = dict(
    name=dict(type="str", required=True),
    source_identifier=dict(type="str"),
    description=dict(type="str"),
    input_parameters=dict(type="dict"),
    execution_frequency=dict(type="str", choices=FREQUENCIES),
    scope=dict(type="dict", options=SCOPE_SPEC),
)
ARGUMENT_SPEC = dict(
    rules=dict(type="list", elements="dict", required=True, options=RULE_SPEC),
    purge_rules=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **clients.REGIONS_OPTION,
)
# Compared whole when set; the other keys (source) as subsets.
EXACT = ("input_parameters", "scope")


def rule_errors(index, rule, present):
    where = f"rules[{index}] ({rule['name']})"
    errors = []
    if not re.match(r"^.*\S.*$", rule["name"]) or len(rule["name"]) > 128:
        errors.append(f"{where}: name must be 1 to 128 characters, not only blanks")
    if not present:
        return errors
    if not rule["source_identifier"]:
        errors.append(f"{where}: source_identifier is required with state=present")
    elif len(rule["source_identifier"]) > 256:
        errors.append(f"{where}: source_identifier is longer than 256 characters")
    if rule["description"] is not None and len(rule["description"]) > 256:
        errors.append(f"{where}: description is longer than 256 characters")
    if rule["input_parameters"] and len(json.dumps(parameters(rule))) > 1024:
        errors.append(f"{where}: input_parameters is longer than 1024 characters as JSON")
    scope = rule["scope"] or {}
    if scope.get("compliance_resource_id") and len(scope.get("compliance_resource_types") or []) != 1:
        errors.append(f"{where}: scope.compliance_resource_id needs exactly one scope.compliance_resource_types")
    if scope.get("tag_value") and not scope.get("tag_key"):
        errors.append(f"{where}: scope.tag_value needs scope.tag_key")
    return errors


def validate_params(p):
    present = p["state"] == "present"
    errors = [e for index, rule in enumerate(p["rules"]) for e in rule_errors(index, rule, present)]
    errors += duplicate_names(p["rules"], "rules")
    return errors


def parameters(rule):
    if rule["input_parameters"] is None:
        return None
    return {k: parameter_value(v) for k, v in rule["input_parameters"].items()}


def desired_rule(rule):
    """A rule of O(rules) in the compared shape of module_utils/config_rules.py (None: not set)."""
    return dict(
        config_rule_name=rule["name"],
        source=dict(owner="AWS", source_identifier=rule["source_identifier"]),
        description=rule["description"],
        input_parameters=parameters(rule),
        maximum_execution_frequency=rule["execution_frequency"],
        scope=normalize_scope(rule["scope"]) or None,
    )


def read(client):
    """Every rule of the region by name, except those AWS is deleting."""
    rules = (normalize_rule(r) for r in describe_config_rules(client))
    return {r["config_rule_name"]: r for r in rules if r.get("config_rule_state") != "DELETING"}


def put(client, current, desired):
    rule = predict(current, desired)
    put_config_rule(client, rule_request(rule, desired))
    return rule


def converge(client, p, existing, check_mode):
    """``{name: EnsureResult}`` of every rule listed or purged."""
    listed = {r["name"]: r for r in p["rules"]}
    wanted = {name: desired_rule(r) if p["state"] == "present" else None for name, r in listed.items()}
    if p["state"] == "present" and p["purge_rules"]:
        wanted.update({n: None for n, r in existing.items() if n not in listed and not r.get("created_by")})
    return {
        name: ensure(
            existing.get(name),
            desired,
            check_mode=check_mode,
            differs=lambda c, d: changed_keys(c, d, exact_keys=EXACT),
            predict=predict,
            create=lambda d: put(client, None, d),
            update=lambda c, d: put(client, c, d),
            delete=lambda c: delete_config_rule(client, c["config_rule_name"]),
        )
        for name, desired in wanted.items()
    }


def service_linked(p, existing):
    names = [r["name"] for r in p["rules"] if existing.get(r["name"], {}).get("created_by")]
    return [f"{n} (created by {existing[n]['created_by']})" for n in names]


def region_result(p, results, after):
    """One region's ``rules`` and ``changed_rules``."""
    return dict(
        rules=[after[r["name"]] for r in p["rules"] if after[r["name"]]],
        changed_rules=changed_names(results),
    )


def converge_region(client, existing, p, check_mode):
    """The region's ``EnsureResult`` (before and after by rule name) and its ``region_result()``."""
    results = converge(client, p, existing, check_mode)
    changed = [name for name, r in results.items() if r.changed]
    after = {name: r.after for name, r in results.items()}
    if changed and not check_mode:
        read_back = read(client)  # the ARNs and ids of new rules, what AWS made of the updates
        after = {name: read_back.get(name, rule) if rule else None for name, rule in after.items()}
    ensured = EnsureResult(
        bool(changed),
        {n: r.before for n, r in results.items() if r.before is not None},
        {n: rule for n, rule in after.items() if rule is not None},
        changed,
    )
    return ensured, region_result(p, results, after)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    at = []  # the region being read or converged, named in an error
    try:
        # Every region is read, and checked for service-linked rules, before any change in any region.
        existing = {}
        for region in clients.regions_of(module):
            at[:] = [region]
            client = clients.client(module, "config", region=region)
            existing[region] = (client, read(client))
        where = (lambda region: f" in {region}") if p["regions"] else (lambda region: "")
        linked = [n + where(r) for r, (_c, rules) in existing.items() for n in service_linked(p, rules)]
        if linked:
            module.fail_json(msg=f"service-linked rules cannot be changed or deleted: {', '.join(linked)}")
        extras = {}

        def converge_in(region):
            at[:] = [region]
            ensured, extras[region] = converge_region(*existing[region], p, module.check_mode)
            return ensured

        result = clients.for_regions(module, converge_in, "rules")
    except AnsibleAWSError as e:
        if p["regions"]:
            e.message = f"{e.message} in {at[0]}"
        module.fail_json_aws_error(e)
    result["regions"] = extras
    if not p["regions"]:
        result.update(next(iter(extras.values())))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
