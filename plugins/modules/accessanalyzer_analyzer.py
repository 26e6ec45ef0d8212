#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: accessanalyzer_analyzer
short_description: Manage an IAM Access Analyzer analyzer and its archive rules
version_added: 0.1.0
description:
  - Creates, re-tags or deletes an IAM Access Analyzer analyzer, and creates, updates or deletes its archive rules,
    in O(region) or in every region of O(regions) in one module run (analyzers are regional; a region whose
    analyzer is as given is only read).
  - An analyzer's O(type) cannot change; when it differs (in any region) the module fails before any change
    (delete the analyzer first).
  - Archive rules that are not listed are left alone unless O(purge_archive_rules=true).
  - Supports check mode (returns the predicted analyzer) and diff mode (one entry a region with O(regions)).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  name:
    description: Name of the analyzer.
    type: str
    required: true
  type:
    description:
      - The zone of trust. V(ORGANIZATION) (from the management or delegated administrator account) reports access
        from outside the organization; V(ACCOUNT) from outside the account. The V(*_UNUSED_ACCESS) types report
        unused access instead (paid).
    type: str
    choices: [ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS]
    default: ACCOUNT
  unused_access_age:
    description:
      - Days after which access counts as unused, for the V(*_UNUSED_ACCESS) types. Only used at creation.
    type: int
  archive_rules:
    description: Archive rules (findings they match are archived automatically).
    type: list
    elements: dict
    suboptions:
      rule_name:
        description: Name of the rule.
        type: str
        required: true
      filter:
        description:
          - Criteria by finding attribute, each a dict with one or more of V(eq), V(neq), V(contains) (lists of
            strings) and V(exists) (bool), for example C(isPublic) with C(eq) V(["false"]).
        type: dict
        required: true
  purge_archive_rules:
    description: Whether to delete the archive rules O(archive_rules) does not list.
    type: bool
    default: false
  regions:
    description:
      - Regions to converge, each as O(region) would; the result then has one entry a region in RV(regions)
        instead of RV(analyzer).
    type: list
    elements: str
  state:
    description: Whether the analyzer should exist.
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
- name: Organization zone of trust, in the delegated administrator account
  prodgrade.aws.accessanalyzer_analyzer:
    name: ecia-organization
    type: ORGANIZATION
    archive_rules:
      - rule_name: log-archive-reads
        filter:
          principal.AWS: {eq: ["111111111111"]}
    tags:
      Owner: security

- name: An account analyzer in every region the account uses
  prodgrade.aws.accessanalyzer_analyzer:
    regions: [eu-west-1, eu-central-1, us-east-1]
    name: ecia-account
    type: ACCOUNT
"""

RETURN = r"""
analyzer:
  description: The analyzer (GetAnalyzer) with its archive rules, snake_cased; predicted in check mode.
  returned: without O(regions)
  type: dict
  contains:
    arn:
      description: ARN of the analyzer.
      returned: when it exists
      type: str
      sample: arn:aws:access-analyzer:us-east-1:123456789012:analyzer/ecia-organization
    name:
      description: Name.
      type: str
      sample: ecia-organization
    type:
      description: Zone of trust.
      type: str
      sample: ORGANIZATION
    status:
      description: V(ACTIVE), V(CREATING), V(DISABLED) or V(FAILED).
      returned: when it exists
      type: str
      sample: ACTIVE
    tags:
      description: Tags.
      type: dict
      sample: {"Owner": "security"}
    archive_rules:
      description: Archive rules, sorted by name.
      type: list
      elements: dict
      sample: [{"rule_name": "log-archive-reads", "filter": {"principal.AWS": {"eq": ["111111111111"]}}}]
regions:
  description: Each region's RV(analyzer), by region.
  returned: always
  type: dict
  sample: {"eu-west-1": {"analyzer": {"name": "ecia-account", "type": "ACCOUNT", "status": "ACTIVE"}}}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import create_analyzer
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import create_archive_rule
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import delete_analyzer
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import delete_archive_rule
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import describe_analyzer
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import ensure_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.accessanalyzer import update_archive_rule
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.common import merge

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    type=dict(
        type="str",
        default="ACCOUNT",
        choices=["ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS"],
    ),
    unused_access_age=dict(type="int"),
    archive_rules=dict(
        type="list",
        elements="dict",
        options=dict(rule_name=dict(type="str", required=True), filter=dict(type="dict", required=True)),
    ),
    purge_archive_rules=dict(type="bool", default=False),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **clients.REGIONS_OPTION,
)
OPERATORS = {"eq": list, "neq": list, "contains": list, "exists": bool}


def validate_params(p):
    errors, seen = [], set()
    if p["unused_access_age"] is not None and not p["type"].endswith("_UNUSED_ACCESS"):
        errors.append(f"unused_access_age is only used with the *_UNUSED_ACCESS types, not {p['type']}")
    for rule in p["archive_rules"] or []:
        name = rule["rule_name"]
        if name in seen:
            errors.append(f"archive_rules: {name} is listed twice")
        seen.add(name)
        if not rule["filter"]:
            errors.append(f"archive_rules: {name} needs at least one filter criterion")
        for key, criterion in rule["filter"].items():
            if not isinstance(criterion, dict) or not criterion or not set(criterion) <= set(OPERATORS):
                errors.append(f"archive_rules: {name} filter {key} must be a dict of {', '.join(OPERATORS)}")
                continue
            for op, value in criterion.items():
                if not isinstance(value, OPERATORS[op]):
                    errors.append(f"archive_rules: {name} filter {key}.{op} must be a {OPERATORS[op].__name__}")
    return errors


def desired_analyzer(p, current):
    if p["state"] == "absent":
        return None
    desired = dict(name=p["name"], type=p["type"], tags=None, archive_rules=None)
    if p["tags"] is not None:
        desired["tags"] = dict(p["tags"]) if p["purge_tags"] else dict((current or {}).get("tags") or {}, **p["tags"])
    if p["archive_rules"] is not None or p["purge_archive_rules"]:
        rules = (
            {} if p["purge_archive_rules"] else {r["rule_name"]: r for r in (current or {}).get("archive_rules", [])}
        )
        rules.update(
            {r["rule_name"]: dict(rule_name=r["rule_name"], filter=r["filter"]) for r in p["archive_rules"] or []}
        )
        desired["archive_rules"] = [rules[k] for k in sorted(rules)]
    return desired


def predict(current, desired):
    after = merge(current, desired)
    after.setdefault("tags", {})
    after.setdefault("archive_rules", [])
    return after


def create(client, p, desired):
    params = dict(analyzerName=p["name"], type=p["type"])
    if desired["tags"]:
        params["tags"] = desired["tags"]
    if desired["archive_rules"]:
        params["archiveRules"] = [dict(ruleName=r["rule_name"], filter=r["filter"]) for r in desired["archive_rules"]]
    if p["unused_access_age"] is not None:
        params["configuration"] = dict(unusedAccess=dict(unusedAccessAge=p["unused_access_age"]))
    create_analyzer(client, **params)
    return describe_analyzer(client, p["name"]) or predict(None, desired)


def update(client, p, current, desired):
    if desired["archive_rules"] is not None:
        have = {r["rule_name"]: r["filter"] for r in current.get("archive_rules", [])}
        want = {r["rule_name"]: r["filter"] for r in desired["archive_rules"]}
        for name, rule_filter in want.items():
            if name not in have:
                create_archive_rule(client, p["name"], name, rule_filter)
            elif have[name] != rule_filter:
                update_archive_rule(client, p["name"], name, rule_filter)
        for name in set(have) - set(want):
            delete_archive_rule(client, p["name"], name)
    ensure_tags(client, current["arn"], current.get("tags"), p["tags"], p["purge_tags"])
    return describe_analyzer(client, p["name"]) or predict(current, desired)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    at = []  # the region being read or converged, named in an error
    try:
        # Every region is read, and its analyzer's type checked, before any change in any region.
        found = {}
        for region in clients.regions_of(module):
            at[:] = [region]
            client = clients.client(module, "accessanalyzer", region=region)
            found[region] = (client, describe_analyzer(client, p["name"]))
        for region, (_client, current) in found.items():
            if current and p["state"] == "present" and current.get("type") != p["type"]:
                where = f" in {region}" if p["regions"] else ""
                module.fail_json(
                    msg=f"Analyzer {p['name']}{where} has type {current.get('type')}, not {p['type']}: AWS cannot "
                    "change an analyzer's type; delete it first (state=absent)",
                    analyzer=current,
                )

        def converge(region):
            at[:] = [region]
            client, current = found[region]
            return ensure(
                current,
                desired_analyzer(p, current),
                check_mode=module.check_mode,
                predict=predict,
                create=lambda d: create(client, p, d),
                update=lambda c, d: update(client, p, c, d),
                delete=lambda c: delete_analyzer(client, p["name"]),
            )

        result = clients.for_regions(module, converge, "analyzer")
    except AnsibleAWSError as e:
        if p["regions"]:
            e.message = f"{e.message} in {at[0]}"
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
