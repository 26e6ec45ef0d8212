# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate the edge layer's inputs before any API call and plan its names, WAF rules and records.

Every message names the variable and the rule it breaks.
"""

import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import (
    ACCOUNT_ID,
    EMAIL,
    UUID,
    integer,
    retention_days,
)
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail as _fail

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# WAF: web ACL and rule names and metric names, 1-128 of these characters.
WAF_NAME = re.compile(r"^[\w-]{1,128}$")
METRIC_NAME = re.compile(r"^[\w#:.-]{1,128}$")
# CloudWatch Logs group names; WAF only logs to groups whose name starts with aws-waf-logs-.
LOG_GROUP = re.compile(r"^aws-waf-logs-[\w./#-]{1,499}$")
# CloudFront cache behavior path patterns (no spaces, at most 255 characters).
PATH_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
HEALTH_PATH = re.compile(r"^/[\x21-\x7e]{0,254}$")
HEADER = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$")
SNS_NAME = re.compile(r"^[\w-]{1,256}$")

# Values the CloudFront, WAF and Route 53 APIs accept (botocore's enums where it has them).
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
HTTP_VERSIONS = ("http1.1", "http2", "http3", "http2and3")
ORIGIN_POLICIES = ("http-only", "match-viewer", "https-only")
ORIGIN_SSL = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2")
TLS_VERSIONS = ("TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021")
MISSING_DATA = ("breaching", "notBreaching", "ignore", "missing")
# The AWS managed rule groups the issue names; any other AWS group is accepted by name, not checked here.
MANAGED_GROUP = re.compile(r"^AWSManagedRules[A-Za-z0-9]+$")
# CloudFront takes certificates and CLOUDFRONT-scope web ACLs only from us-east-1; Route 53 health check
# metrics are only published there, so the alarm and its topic live there too.
GLOBAL_REGION = "us-east-1"


def _choice(p, var, choices):
    if p[var] not in choices:
        _fail(f"{var}: '{p[var]}' must be one of {', '.join(choices)}")
    return p[var]


def _list(p, var):
    if not isinstance(p[var], list):
        _fail(f"{var}: must be a list, got {type(p[var]).__name__}")
    return p[var]


def _check_names(p):
    if p["edge_state"] not in ("present", "absent"):
        _fail(f"edge_state: must be 'present' or 'absent', got '{p['edge_state']}'")
    name = str(p["edge_name"])
    if not NAME.match(name) or len(name) > 64:
        _fail(f"edge_name: '{name}' must be lower-case letters, digits and hyphens, at most 64 (e.g. ecia-prod)")
    if not ACCOUNT_ID.match(str(p["edge_account_id"])):
        _fail(f"edge_account_id: must be a 12-digit AWS account id, got '{p['edge_account_id']}'")
    domain = str(p["edge_domain"]).rstrip(".").lower()
    if not domain:
        _fail(
            "edge_domain: must be set where the edge is enabled (the apex name of the Route 53 zone, e.g. example.com)"
        )
    if len(domain) > 253 or not DOMAIN.match(domain):
        _fail(f"edge_domain: '{p['edge_domain']}' is not a DNS name (letters, digits, hyphens, dots; no wildcard)")
    if not LOG_GROUP.match(str(p["edge_waf_log_group"])) or len(str(p["edge_waf_log_group"])) > 512:
        _fail(
            f"edge_waf_log_group: '{p['edge_waf_log_group']}' must start with 'aws-waf-logs-' (WAF logs only to such "
            "log groups) and be at most 512 characters"
        )
    if not SNS_NAME.match(str(p["edge_alerts_topic_name"])):
        _fail("edge_alerts_topic_name: must be 1-256 letters, digits, hyphens or underscores (SNS rule)")
    return name, domain


def _check_waf(p, name):
    groups = _list(p, "edge_waf_managed_rule_groups")
    if not groups:
        _fail("edge_waf_managed_rule_groups: list at least one AWS managed rule group")
    for group in groups:
        if not isinstance(group, str) or not MANAGED_GROUP.match(group):
            _fail(f"edge_waf_managed_rule_groups: '{group}' is not an AWS managed rule group name (AWSManagedRules...)")
    if len(set(groups)) != len(groups):
        _fail("edge_waf_managed_rule_groups: lists a rule group twice")
    limit = integer(
        p["edge_waf_rate_limit"], "edge_waf_rate_limit", 10, 2000000000, " requests per 5 minutes per IP (WAF's range)"
    )
    headers = _list(p, "edge_waf_redacted_headers")
    for header in headers:
        if not HEADER.match(str(header)):
            _fail(f"edge_waf_redacted_headers: '{header}' is not an HTTP header name")
    retention_days(p["edge_waf_log_retention_days"], "edge_waf_log_retention_days")
    if not WAF_NAME.match(f"{name}-web-acl"):
        _fail(f"edge_name: '{name}-web-acl' must be at most 128 characters (WAF name rule)")

    def visibility(metric):
        if not METRIC_NAME.match(metric):
            _fail(f"edge_name: '{metric}' is not a valid WAF metric name (at most 128 characters)")
        return {"sampled_requests_enabled": True, "cloud_watch_metrics_enabled": True, "metric_name": metric}

    # Managed groups first (in the order given), the rate rule last: WAF evaluates rules by priority.
    rules = [
        {
            "name": f"AWS-{group}",
            "priority": index,
            "override_action": {"none": {}},
            "visibility_config": visibility(f"{name}-{group}"),
            "statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": group}},
        }
        for index, group in enumerate(groups)
    ]
    rules.append(
        {
            "name": "rate-limit-per-ip",
            "priority": len(groups),
            "action": {"block": {}},
            "visibility_config": visibility(f"{name}-rate-limit"),
            "statement": {"rate_based_statement": {"limit": limit, "aggregate_key_type": "IP"}},
        }
    )
    redacted = [{"single_header": {"name": str(h).lower()}} for h in headers]
    return rules, redacted


def _check_distribution(p):
    _choice(p, "edge_price_class", PRICE_CLASSES)
    _choice(p, "edge_http_version", HTTP_VERSIONS)
    _choice(p, "edge_origin_protocol_policy", ORIGIN_POLICIES)
    _choice(p, "edge_minimum_protocol_version", TLS_VERSIONS)
    protocols = _list(p, "edge_origin_ssl_protocols")
    if not protocols or any(x not in ORIGIN_SSL for x in protocols):
        _fail(f"edge_origin_ssl_protocols: must list some of {', '.join(ORIGIN_SSL)}, got {protocols}")
    integer(p["edge_origin_read_timeout"], "edge_origin_read_timeout", 1, 180, " seconds (CloudFront's range)")
    integer(
        p["edge_origin_keepalive_timeout"], "edge_origin_keepalive_timeout", 1, 180, " seconds (CloudFront's range)"
    )
    patterns = _list(p, "edge_static_path_patterns")
    for pattern in patterns:
        if not PATH_PATTERN.match(str(pattern)) or pattern in ("*", "/*"):
            _fail(
                f"edge_static_path_patterns: '{pattern}' must be a path pattern such as /static/* "
                "(no spaces, not the default behavior's '*')"
            )
    if len(set(patterns)) != len(patterns):
        _fail("edge_static_path_patterns: lists a path pattern twice")
    for key in ("min_ttl", "default_ttl", "max_ttl"):
        var = f"edge_static_cache_{key}"
        integer(p[var], var, 0, 3153600000, " seconds")
    low, default, high = (int(p[f"edge_static_cache_{k}"]) for k in ("min_ttl", "default_ttl", "max_ttl"))
    if not low <= default <= high or high == 0:
        _fail(
            "edge_static_cache_default_ttl: the static policy needs min_ttl <= default_ttl <= max_ttl and max_ttl > 0 "
            f"(got {low}, {default}, {high}); static assets are the long-cached ones"
        )
    if not str(p["edge_dynamic_cache_policy"]).startswith("Managed-"):
        _fail("edge_dynamic_cache_policy: must name an AWS managed cache policy, e.g. Managed-CachingDisabled")
    if not UUID.match(str(p["edge_origin_request_policy_id"])):
        _fail("edge_origin_request_policy_id: must be an origin request policy id (uuid), e.g. Managed-AllViewer's")
    root = str(p["edge_default_root_object"])
    if root.startswith("/") or len(root) > 255:
        _fail("edge_default_root_object: must be an object name without a leading '/' (e.g. index.html) or empty")
    integer(p["edge_distribution_wait_timeout"], "edge_distribution_wait_timeout", 1, 7200, " seconds")

    # Every behavior redirects HTTP to HTTPS and sends the viewer's Host to the ALB (origin request policy), so
    # the ALB's certificate matches; the cache policy ids are added by the role once it knows them.
    def behavior(**extra):
        return dict(
            target_origin_id=f"{p['edge_name']}-alb",
            viewer_protocol_policy="redirect-to-https",
            origin_request_policy_id=p["edge_origin_request_policy_id"],
            compress=True,
            **extra,
        )

    default = behavior(
        allowed_methods=["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"], cached_methods=["GET", "HEAD"]
    )
    static = [
        behavior(path_pattern=str(x), allowed_methods=["GET", "HEAD"], cached_methods=["GET", "HEAD"]) for x in patterns
    ]
    return default, static


def _check_health(p):
    if not HEALTH_PATH.match(str(p["edge_health_check_path"])):
        _fail("edge_health_check_path: must start with '/' and be at most 255 printable characters (Route 53 rule)")
    if int(p["edge_health_check_interval"]) not in (10, 30):
        _fail(f"edge_health_check_interval: must be 10 or 30 seconds (Route 53), got {p['edge_health_check_interval']}")
    integer(p["edge_health_check_failure_threshold"], "edge_health_check_failure_threshold", 1, 10, " (Route 53 rule)")
    period = integer(p["edge_health_alarm_period"], "edge_health_alarm_period", 10, 86400, " seconds")
    if period not in (10, 20, 30) and period % 60:
        _fail("edge_health_alarm_period: must be 10, 20, 30 or a multiple of 60 seconds (CloudWatch rule)")
    integer(p["edge_health_alarm_evaluation_periods"], "edge_health_alarm_evaluation_periods", 1, 100)
    _choice(p, "edge_health_alarm_treat_missing_data", MISSING_DATA)
    for address in _list(p, "edge_alerts_emails"):
        if not EMAIL.match(str(address)):
            _fail(f"edge_alerts_emails: '{address}' is not an e-mail address")


def edge_check(p):
    """Check every ``edge_*`` input (``p`` maps variable names to values); return the plan the role applies.

    A disabled edge is checked only for its state and returns ``{'enabled': False}``; ``absent`` checks only what
    teardown needs (names).
    """
    if not p["edge_enabled"]:
        if p["edge_state"] not in ("present", "absent"):
            _fail(f"edge_state: must be 'present' or 'absent', got '{p['edge_state']}'")
        return {"enabled": False}
    name, domain = _check_names(p)
    region = str(p["edge_region"])
    www = bool(p["edge_www_enabled"])
    aliases = [domain] + ([f"www.{domain}"] if www else [])
    plan = {
        "enabled": True,
        "domain": domain,
        "aliases": aliases,
        "global_region": GLOBAL_REGION,
        "web_acl_name": f"{name}-web-acl",
        "log_group_arn": f"arn:aws:logs:{GLOBAL_REGION}:{p['edge_account_id']}:log-group:{p['edge_waf_log_group']}",
        "topic_arn": f"arn:aws:sns:{GLOBAL_REGION}:{p['edge_account_id']}:{p['edge_alerts_topic_name']}",
        "static_cache_policy": f"{name}-static",
        "caller_reference": f"{name}-edge",
        "origin_id": f"{name}-alb",
        "health_check_name": f"{name}-health",
        "health_alarm_name": f"{name}-route53-health",
        "region": region,
        "subscriptions": [{"protocol": "email", "endpoint": str(e)} for e in p["edge_alerts_emails"] or []],
    }
    if p["edge_state"] == "absent":
        return plan
    plan["waf_rules"], plan["waf_redacted_fields"] = _check_waf(p, name)
    plan["default_behavior"], plan["static_behaviors"] = _check_distribution(p)
    _check_health(p)
    return plan


class FilterModule:
    def filters(self):
        return {"edge_check": edge_check}
