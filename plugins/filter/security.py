# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate the security baseline roles' inputs on the controller, before any API call.

``{{ {'var_name': value, ...} | prodgrade.aws.security_validate('<role>') }}`` checks every variable it is given by
its name (the rules below), raises naming the variable and the rule, and returns the inputs unchanged.
"""

import re

from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import (
    RETENTION_DAYS,
)  # noqa: F401 (observability imports it from here)

ACCOUNT_ID = re.compile(r"^\d{12}$")
# S3 bucket naming rules: 3-63 characters, lowercase letters, digits, dots and hyphens, letter or digit at both ends.
BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
KMS_ALIAS = re.compile(r"^[a-zA-Z0-9/_-]{1,250}$")
TRAIL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$")
LOG_GROUP = re.compile(r"^[\w/.#-]{1,512}$")
TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CONTROL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*\.\d+$")
STANDARD = re.compile(r"^(arn:aws[a-z-]*:securityhub:[a-z0-9-]*::(standards|ruleset)/)?[a-z0-9-]+(/v/[0-9.]+)?$")
CONFIG_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")
PACK_NAME = re.compile(r"^[A-Za-z][-a-zA-Z0-9]{0,127}$")
IAM_NAME = re.compile(r"^[\w+=,.@-]{1,128}$")
METRIC_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,255}$")
GUARDDUTY_FEATURES = (
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "EKS_RUNTIME_MONITORING",
    "RUNTIME_MONITORING",
    "AI_PROTECTION",
)
# CIS AWS Foundations Benchmark v3.0.0, 1.8 and 1.9: at least 14 characters, the last 24 passwords not reused.
CIS_MIN_PASSWORD_LENGTH = 14
CIS_PASSWORD_REUSE = 24


def _fail(var, msg):
    raise AnsibleFilterError(f"{var}: {msg}")


def _regex(var, value, pattern, rule):
    if not isinstance(value, str) or not pattern.match(value):
        _fail(var, f"'{value}' {rule}")


def _int(var, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            _fail(var, f"'{value}' must be an integer")
    if not low <= value <= high:
        _fail(var, f"{value} must be between {low} and {high}")
    return value


def _list(var, value, non_empty=True):
    if not isinstance(value, list) or (non_empty and not value):
        _fail(var, "must be a " + ("non-empty " if non_empty else "") + "list")
    return value


def _unique(var, names):
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        _fail(var, f"{dupes} listed more than once")


def _regions(var, value):
    import botocore.session

    session = botocore.session.get_session()
    known = set()
    for partition in session.get_available_partitions():
        known.update(session.get_available_regions("ec2", partition_name=partition))
    for region in [value] if isinstance(value, str) else _list(var, value):
        if region not in known:
            _fail(var, f"'{region}' is not a known AWS region")
    if isinstance(value, list):
        _unique(var, value)


def _mappings(var, items, required):
    for index, item in enumerate(_list(var, items, non_empty=False)):
        if not isinstance(item, dict):
            _fail(f"{var}[{index}]", "must be a mapping")
        missing = [k for k in required if item.get(k) in (None, "")]
        if missing:
            _fail(f"{var}[{index}]", f"needs {', '.join(missing)}")
    return items


def _account(var, value):
    _regex(var, str(value), ACCOUNT_ID, "must be a 12-digit account id (the aws_account_id of its inventory host)")


def _check(var, value):
    """The rule for one variable, found by its name's suffix."""
    if var.endswith("_account_id"):
        _account(var, value)
    elif var.endswith("bucket_name"):
        _regex(var, value, BUCKET, "is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-')")
    elif var.endswith("key_alias"):
        _regex(var, value, KMS_ALIAS, "must be a KMS alias name without the 'alias/' prefix")
        if value.startswith("aws/"):
            _fail(var, "'aws/' aliases are reserved for AWS managed keys")
    elif var.endswith("_regions") or var.endswith("_region"):
        _regions(var, value)
    elif var.endswith("key_deletion_days"):
        _int(var, value, 7, 30)
    elif var.endswith("retention_in_days"):
        if _int(var, value, 1, 3653) not in RETENTION_DAYS:
            _fail(var, f"{value} is not a CloudWatch Logs retention ({', '.join(map(str, RETENTION_DAYS))})")
    elif var.endswith("_days"):
        _int(var, value, 1, 36500)
    elif var.endswith("trail_name"):
        _regex(var, value, TRAIL, "is not a valid trail name (3-128 letters, digits, '.', '_', '-')")
    elif var.endswith("log_group_name"):
        _regex(var, value, LOG_GROUP, "is not a valid log group name")
    elif var.endswith("topic_name"):
        _regex(var, value, TOPIC, "is not a valid SNS topic name (letters, digits, '_', '-', at most 256)")
    elif var.endswith("_emails"):
        for email in _list(var, value, non_empty=False):
            _regex(var, email, EMAIL, "is not an e-mail address")
    elif var.endswith("_name") or var.endswith("_names"):
        for name in [value] if isinstance(value, str) else _list(var, value, non_empty=False):
            _regex(var, name, IAM_NAME, "is not a valid name (letters, digits and +=,.@_-, at most 128)")
    else:
        return False
    return True


def _guardduty(inputs):
    for var in ("guardduty_features",):
        if var in inputs:
            features = _mappings(var, inputs[var], ["name"])
            for feature in features:
                if feature["name"] not in GUARDDUTY_FEATURES:
                    _fail(var, f"'{feature['name']}' is not a GuardDuty feature ({', '.join(GUARDDUTY_FEATURES)})")
            _unique(var, [f["name"] for f in features])
    if "guardduty_alert_min_severity" in inputs:
        value = inputs["guardduty_alert_min_severity"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 8.9:
            _fail("guardduty_alert_min_severity", f"'{value}' must be a number from 1 to 8.9 (GuardDuty severities)")


def _securityhub(inputs):
    if "securityhub_standards" in inputs:
        standards = _mappings("securityhub_standards", inputs["securityhub_standards"], ["standard"])
        _unique("securityhub_standards", [s["standard"] for s in standards])
        for index, standard in enumerate(standards):
            var = f"securityhub_standards[{index}]"
            _regex(
                var,
                standard["standard"],
                STANDARD,
                "is not a standard short name such as 'cis-aws-foundations-benchmark/v/3.0.0' or an ARN",
            )
            controls = _mappings(
                f"{var}.disabled_controls", standard.get("disabled_controls", []), ["control_id", "reason"]
            )
            for control in controls:
                _regex(
                    f"{var}.disabled_controls",
                    control["control_id"],
                    CONTROL_ID,
                    "is not a security control id such as 'IAM.6'",
                )
            _unique(f"{var}.disabled_controls", [c["control_id"] for c in controls])
    if "securityhub_configuration_policies" in inputs:
        policies = _mappings(
            "securityhub_configuration_policies", inputs["securityhub_configuration_policies"], ["name", "ous"]
        )
        _unique("securityhub_configuration_policies", [p["name"] for p in policies])
        for index, policy in enumerate(policies):
            _list(f"securityhub_configuration_policies[{index}].ous", policy["ous"])


def _aws_config(inputs):
    if "aws_config_rules" in inputs:
        rules = _mappings("aws_config_rules", inputs["aws_config_rules"], ["name", "source_identifier"])
        _unique("aws_config_rules", [r["name"] for r in rules])
        for index, rule in enumerate(rules):
            _regex(f"aws_config_rules[{index}].name", rule["name"], CONFIG_NAME, "is not a valid Config rule name")
            if not re.match(r"^[A-Z0-9_]+$", rule["source_identifier"]):
                _fail(
                    f"aws_config_rules[{index}].source_identifier",
                    f"'{rule['source_identifier']}' is not an AWS managed rule identifier such as ENCRYPTED_VOLUMES",
                )
            if not isinstance(rule.get("input_parameters", {}), dict):
                _fail(f"aws_config_rules[{index}].input_parameters", "must be a mapping")
    if "aws_config_conformance_packs" in inputs:
        packs = _mappings("aws_config_conformance_packs", inputs["aws_config_conformance_packs"], ["name", "template"])
        _unique("aws_config_conformance_packs", [p["name"] for p in packs])
        for index, pack in enumerate(packs):
            _regex(
                f"aws_config_conformance_packs[{index}].name",
                pack["name"],
                PACK_NAME,
                "is not a conformance pack name (letters, digits, '-', starting with a letter)",
            )


def _account_baseline(inputs):
    policy = inputs.get("account_baseline_password_policy")
    if policy is not None:
        var = "account_baseline_password_policy"
        if not isinstance(policy, dict):
            _fail(var, "must be a mapping")
        if _int(f"{var}.min_length", policy.get("min_length"), 6, 128) < CIS_MIN_PASSWORD_LENGTH:
            _fail(f"{var}.min_length", f"CIS 1.8 needs at least {CIS_MIN_PASSWORD_LENGTH}")
        if _int(f"{var}.reuse_prevention", policy.get("reuse_prevention"), 1, 24) < CIS_PASSWORD_REUSE:
            _fail(f"{var}.reuse_prevention", f"CIS 1.9 needs {CIS_PASSWORD_REUSE}")
        _int(f"{var}.max_age_days", policy.get("max_age_days", 0), 0, 1095)
    for var in ("account_baseline_mfa_groups",):
        if var in inputs:
            groups = _list(var, inputs[var], non_empty=False)
            for name in groups:
                _regex(var, name, IAM_NAME, "is not a valid IAM group name")
            _unique(var, groups)


def _cis_monitoring(inputs):
    if "cis_monitoring_controls" in inputs:
        var = "cis_monitoring_controls"
        controls = _mappings(var, inputs[var], ["id", "name", "pattern"])
        _unique(var, [c["name"] for c in controls])
        for index, control in enumerate(controls):
            _regex(f"{var}[{index}].name", control["name"], METRIC_NAME, "is not a valid metric name")
            pattern = control["pattern"].strip()
            if not (pattern.startswith("{") and pattern.endswith("}")) or pattern.count("(") != pattern.count(")"):
                _fail(f"{var}[{index}].pattern", "must be a JSON filter pattern '{ ... }' with balanced parentheses")


ROLES = {
    "guardduty": _guardduty,
    "securityhub": _securityhub,
    "aws_config": _aws_config,
    "account_baseline": _account_baseline,
    "cis_monitoring": _cis_monitoring,
}


def security_validate(inputs, role):
    if not isinstance(inputs, dict):
        raise AnsibleFilterError("security_validate: expects a mapping of variable names to values")
    for var, value in inputs.items():
        if value is None:
            _fail(var, "is not set")
        _check(var, value)
    ROLES.get(role, lambda _inputs: None)(inputs)
    return inputs


def security_email_subscriptions(emails):
    """SNS subscriptions (community.aws.sns_topic's shape) for a list of e-mail addresses."""
    return [{"endpoint": email, "protocol": "email"} for email in emails]


class FilterModule:
    def filters(self):
        return {"security_validate": security_validate, "security_email_subscriptions": security_email_subscriptions}
