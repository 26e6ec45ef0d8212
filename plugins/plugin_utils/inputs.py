# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The input rules the roles share, in one place. Each role's own contract is its filter,
``plugins/filter/<role>.py``; this file holds what several of them check the same way (a region, an account id,
a bucket name, CloudWatch Logs retentions, the CIS password rules, GuardDuty's features, ARNs) and the helpers that
fail naming the variable and the rule it breaks.

A check fails with ``<variable>: <rule>``; a ``*_problem`` function returns that rule (or None) for the filters
that report every problem at once (organization, landing_zone).
"""

import functools
import re

from ansible.errors import AnsibleFilterError
from ansible_collections.amazon.aws.plugins.module_utils.arn import parse_aws_arn

# Modules run on the target and cannot import plugin_utils: the list lives with the GuardDuty module code.
from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import DETECTOR_FEATURES

# ------------------------------------------------------------------------------------------------ AWS facts

# The values CloudWatch Logs accepts for a log group's retention (PutRetentionPolicy).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922)
RETENTION_DAYS += (3288, 3653)
# CIS AWS Foundations Benchmark v3.0.0, 1.8 and 1.9: at least 14 characters, the last 24 passwords not reused.
CIS_MIN_PASSWORD_LENGTH = 14
CIS_PASSWORD_REUSE = 24
# The protection features a GuardDuty detector can enable (botocore's DetectorFeature).
GUARDDUTY_FEATURES = tuple(DETECTOR_FEATURES)

ACCOUNT_ID = re.compile(r"^\d{12}$")
# The env's resource name prefix (e.g. ecia-prod).
NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
# S3 bucket naming rules: 3-63 characters, lowercase letters, digits, dots and hyphens, letter or digit at both ends.
BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KMS_ALIAS = re.compile(r"^[a-zA-Z0-9/_-]{1,250}$")
TRAIL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$")
LOG_GROUP = re.compile(r"^[\w/.#-]{1,512}$")
TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
IAM_NAME = re.compile(r"^[\w+=,.@-]{1,128}$")
METRIC_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,255}$")
UUID = re.compile(r"^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$")


@functools.lru_cache(maxsize=None)
def known_regions():
    """Every region of every partition botocore knows: the offline source of truth.

    Read from botocore's partitions.json (7 KB, what its endpoint rules resolve regions with), not through a
    botocore session's endpoints.json (1.2 MB, 0.15 s): every task that validates a region runs in a fresh
    worker process, so this cache lives for one task. Every botocore amazon.aws supports (1.34+) ships it. The
    pseudo-regions of global endpoints (aws-global...) are not regions to deploy to.
    """
    import botocore.loaders

    partitions = botocore.loaders.create_loader().load_data("partitions")["partitions"]
    return frozenset(
        name for partition in partitions for name in partition.get("regions", {}) if not name.endswith("-global")
    )


def arn(value, service, resource_types=None):
    """amazon.aws's parse_aws_arn fields when value is, from its first character, an ARN of service with a
    12-digit account (or none) and, if given, one of resource_types; None otherwise."""
    parts = parse_aws_arn(value) if isinstance(value, str) else None
    if not parts or parts["service"] != service:
        return None
    whole = f"arn:{parts['partition']}:{service}:{parts['region']}:{parts['account_id']}:{parts['resource']}"
    if value != whole or not (parts["account_id"] == "" or ACCOUNT_ID.match(parts["account_id"])):
        return None
    if resource_types and parts["resource_type"] not in resource_types:
        return None
    return parts


def arn_resource(value):
    """The resource part of an ARN (``loadbalancer/app/<name>/<id>``, ``bucket/prefix``...), or ''."""
    return ((parse_aws_arn(value) if isinstance(value, str) else None) or {}).get("resource") or ""


# ------------------------------------------------------------------------------------------------ helpers


def fail(msg):
    raise AnsibleFilterError(msg)


def integer(value, var, low=None, high=None, rule=""):
    """value as an int, or a failure naming var: not a whole number (booleans too), or outside low..high (either
    bound may be None). rule is appended to the range message as given, e.g. " seconds" or " (KMS limit)"."""
    if isinstance(value, bool):
        fail(f"{var}: must be an integer, got {value!r}")
    try:
        number = int(str(value))
    except ValueError:
        fail(f"{var}: must be an integer, got {value!r}")
    if low is not None and high is not None and not low <= number <= high:
        fail(f"{var}: {number} must be between {low} and {high}{rule}")
    if high is None and low is not None and number < low:
        fail(f"{var}: {number} must be at least {low}{rule}")
    if low is None and high is not None and number > high:
        fail(f"{var}: {number} must be at most {high}{rule}")
    return number


def matches(value, var, pattern, rule):
    """value when it is a string matching pattern; else fails with ``<var>: '<value>' <rule>``."""
    if not isinstance(value, str) or not pattern.match(value):
        fail(f"{var}: '{value}' {rule}")
    return value


def a_list(value, var, non_empty=True):
    if not isinstance(value, list) or (non_empty and not value):
        fail(f"{var}: must be a " + ("non-empty " if non_empty else "") + "list")
    return value


def unique(names, var):
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        fail(f"{var}: {dupes} listed more than once")


def mappings(items, var, required):
    """A list of mappings, each with every key of required set."""
    for index, item in enumerate(a_list(items, var, non_empty=False)):
        if not isinstance(item, dict):
            fail(f"{var}[{index}]: must be a mapping")
        missing = [k for k in required if item.get(k) in (None, "")]
        if missing:
            fail(f"{var}[{index}]: needs {', '.join(missing)}")
    return items


def validate(inputs, rules, role, checks=()):
    """A role's validate filter: every variable of inputs is set and passes its rule in rules (name -> function
    (value, var)), then each of checks (functions of inputs, for rules across variables) runs. Returns inputs."""
    if not isinstance(inputs, dict):
        fail(f"{role}_validate: expects a mapping of variable names to values")
    for var, value in inputs.items():
        if var not in rules:
            fail(f"{var}: not an input of the {role} role ({', '.join(sorted(rules))})")
        if value is None:
            fail(f"{var}: is not set")
        rules[var](value, var)
    for check in checks:
        check(inputs)
    return inputs


# ------------------------------------------------------------------------------------------------ rules


def region_problem(value, allowed=None):
    """Why value is not a region to use (None when it is): botocore knows it and, with allowed, it is allowed."""
    if not isinstance(value, str) or value not in known_regions():
        return f"'{value}' is not a known AWS region"
    if allowed and value not in allowed:
        return f"'{value}' is not in the organization's allowed regions {sorted(allowed)} (org_allowed_regions)"
    return None


def region(value, var, allowed=None):
    problem = region_problem(value, allowed)
    if problem:
        fail(f"{var}: {problem}")
    return value


def regions(value, var, allowed=None):
    """A non-empty list of regions, each known (and allowed), none twice."""
    for name in a_list(value, var):
        region(name, var, allowed)
    unique(value, var)
    return value


def account_id(value, var, why=" (the aws_account_id of its inventory host)"):
    value = str(value)
    if not ACCOUNT_ID.match(value):
        fail(f"{var}: '{value}' must be a 12-digit account id{why}")
    return value


def resource_name(value, var):
    """The env's resource name prefix (e.g. ecia-prod): every resource a role names starts with it."""
    return matches(value, var, NAME, "must be lower-case letters, digits and hyphens, e.g. ecia-prod")


def _pattern_rule(pattern, rule):
    """A check (value, var) that value matches pattern, failing with ``<var>: '<value>' <rule>``."""
    return functools.partial(matches, pattern=pattern, rule=rule)


bucket_name = _pattern_rule(BUCKET, "is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-')")
trail_name = _pattern_rule(TRAIL, "is not a valid trail name (3-128 letters, digits, '.', '_', '-')")
log_group_name = _pattern_rule(LOG_GROUP, "is not a valid log group name")
topic_name = _pattern_rule(TOPIC, "is not a valid SNS topic name (letters, digits, '_', '-', at most 256)")
iam_name = _pattern_rule(IAM_NAME, "is not a valid name (letters, digits and +=,.@_-, at most 128)")


def kms_alias(value, var):
    matches(value, var, KMS_ALIAS, "must be a KMS alias name without the 'alias/' prefix")
    if value.startswith("aws/"):
        fail(f"{var}: 'aws/' aliases are reserved for AWS managed keys")
    return value


def emails(value, var):
    for email in a_list(value, var, non_empty=False):
        matches(email, var, EMAIL, "is not an e-mail address")
    return value


def retention_days(value, var):
    """A CloudWatch Logs retention (the values PutRetentionPolicy accepts)."""
    days = integer(value, var, 1, 3653)
    if days not in RETENTION_DAYS:
        fail(f"{var}: {days} is not a CloudWatch Logs retention ({', '.join(map(str, RETENTION_DAYS))})")
    return days


def days(value, var):
    """A lifecycle age in days: 1 to 100 years."""
    return integer(value, var, 1, 36500)


def key_deletion_days(value, var):
    """A KMS key's deletion window (ScheduleKeyDeletion's PendingWindowInDays)."""
    return integer(value, var, 7, 30, " (KMS limit)")
