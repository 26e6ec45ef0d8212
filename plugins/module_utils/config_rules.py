# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Config rules: the API calls of ``prodgrade.aws.config_rules`` (one small function each, retried with
``aws_retry()`` and wrapped by config.py's ``ConfigErrorHandler``) and the conversions between a rule as
DescribeConfigRules returns it and the snake_cased shape the module compares.

A rule in the compared shape::

    {"config_rule_name": "iam-password-policy",
     "source": {"owner": "AWS", "source_identifier": "IAM_PASSWORD_POLICY"},
     "description": "...",                                  # "" when AWS returns none
     "input_parameters": {"MinimumPasswordLength": "14"},   # parsed JSON, {} when none
     "maximum_execution_frequency": "TwentyFour_Hours",     # when set
     "scope": {"compliance_resource_types": [...]},         # when set; empty values dropped, types sorted
     "config_rule_arn": ..., "config_rule_id": ..., "config_rule_state": ..., "evaluation_modes": [...],
     "created_by": ...}                                      # read back only
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict

from ansible_collections.prodgrade.aws.plugins.module_utils.config import ConfigErrorHandler
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

# Config's "try again": the rule is being deleted, or evaluated, or its results deleted.
BUSY = ("ResourceInUseException",)


# ------------------------------------------------------------------ API calls
@ConfigErrorHandler.common_error_handler("describe config rules")
@aws_retry()
def describe_config_rules(client) -> List[Dict[str, Any]]:
    """Every rule of the region (no names filter: one paginated read, service-linked rules included)."""
    paginator = client.get_paginator("describe_config_rules")
    return paginator.paginate().build_full_result().get("ConfigRules", [])


@ConfigErrorHandler.common_error_handler("put config rule")
@aws_retry(catch_extra_error_codes=BUSY)
def put_config_rule(client, config_rule: Dict[str, Any]) -> bool:
    client.put_config_rule(ConfigRule=config_rule)
    return True


@ConfigErrorHandler.deletion_error_handler("delete config rule")
@aws_retry(catch_extra_error_codes=BUSY)
def delete_config_rule(client, name: str) -> bool:
    """False when the rule was already gone."""
    client.delete_config_rule(ConfigRuleName=name)
    return True


# ----------------------------------------------------------------- conversions
def _parameters(raw: Optional[str]) -> Any:
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return raw  # not JSON: kept verbatim (and re-sent verbatim)


def normalize_scope(scope: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A snake_cased scope without empty values, resource types sorted (their order means nothing)."""
    result = {k: v for k, v in (scope or {}).items() if v not in (None, "", [])}
    if "compliance_resource_types" in result:
        result["compliance_resource_types"] = sorted(result["compliance_resource_types"])
    return result


def normalize_rule(rule: Dict[str, Any]) -> Dict[str, Any]:
    """A DescribeConfigRules rule in the compared shape (see the module docstring)."""
    result = camel_dict_to_snake_dict(rule)
    result["input_parameters"] = _parameters(rule.get("InputParameters"))
    result["description"] = rule.get("Description", "")
    scope = normalize_scope(result.pop("scope", None))
    if scope:
        result["scope"] = scope
    return result


def parameter_value(value: Any) -> Any:
    """AWS managed rules take every parameter as a JSON string ("Blank spaces are not acceptable for input
    parameter ..." answers an unquoted number): numbers and booleans become strings; other values are kept."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def rule_request(rule: Dict[str, Any], desired: Dict[str, Any]) -> Dict[str, Any]:
    """PutConfigRule's ConfigRule for ``rule`` (the current rule merged with ``desired``). AWS replaces the rule
    with what is sent, so what the module leaves alone (unset options, EvaluationModes) is re-sent as it is."""
    source = rule["source"]
    request: Dict[str, Any] = dict(
        ConfigRuleName=rule["config_rule_name"],
        Source=dict(Owner=source["owner"], SourceIdentifier=source["source_identifier"]),
    )
    if rule.get("description") or desired.get("description") == "":
        request["Description"] = rule.get("description") or ""
    parameters = rule.get("input_parameters")
    if isinstance(parameters, str):
        request["InputParameters"] = parameters
    elif parameters or desired.get("input_parameters") is not None:
        request["InputParameters"] = json.dumps(parameters or {}, sort_keys=True)
    if rule.get("maximum_execution_frequency"):
        request["MaximumExecutionFrequency"] = rule["maximum_execution_frequency"]
    if rule.get("scope"):
        request["Scope"] = snake_dict_to_camel_dict(rule["scope"], capitalize_first=True)
    if rule.get("evaluation_modes"):
        request["EvaluationModes"] = [dict(Mode=m["mode"]) for m in rule["evaluation_modes"]]
    return request


def predict(current: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> Dict[str, Any]:
    """The rule after a put of ``desired`` over ``current``: every set top-level value replaces the current one
    (the put sends the desired source, scope and parameters whole)."""
    result = copy.deepcopy(current) if current else {}
    result.update({k: copy.deepcopy(v) for k, v in desired.items() if v is not None})
    return result
