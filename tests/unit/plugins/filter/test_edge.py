"""The edge layer's input check: the role's defaults pass for prod, and each rule fails with the message users see."""

from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.edge import edge_check

DEFAULTS = yaml.safe_load((Path(__file__).resolve().parents[4] / "roles/edge/defaults/main.yml").read_text())
# The templated defaults as the role sees them for ecia-prod on the local endpoint.
PROD = {
    **DEFAULTS,
    "edge_enabled": True,
    "edge_name": "ecia-prod",
    "edge_region": "ap-south-1",
    "edge_account_id": "200000000003",
    "edge_domain": "ecia-prod.ecia.test",
    "edge_alb_name": "ecia-prod-alb",
    "edge_waf_log_group": "aws-waf-logs-ecia-prod",
    "edge_alerts_topic_name": "ecia-prod-alerts",
    "edge_alerts_emails": ["ops@example.com"],
}


def check(**changes):
    return edge_check({**PROD, **changes})


def test_prod_plan():
    plan = check()
    assert plan["aliases"] == ["ecia-prod.ecia.test", "www.ecia-prod.ecia.test"]
    assert plan["log_group_arn"] == "arn:aws:logs:us-east-1:200000000003:log-group:aws-waf-logs-ecia-prod"
    assert plan["topic_arn"] == "arn:aws:sns:us-east-1:200000000003:ecia-prod-alerts"
    assert plan["subscriptions"] == [{"protocol": "email", "endpoint": "ops@example.com"}]
    rules = plan["waf_rules"]
    assert [r["statement"].get("managed_rule_group_statement", {}).get("name") for r in rules[:4]] == [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesSQLiRuleSet",
    ]
    assert all(r["override_action"] == {"none": {}} for r in rules[:4])
    assert rules[4]["action"] == {"block": {}}
    assert rules[4]["statement"] == {"rate_based_statement": {"limit": 2000, "aggregate_key_type": "IP"}}
    assert [r["priority"] for r in rules] == [0, 1, 2, 3, 4]
    assert plan["static_behaviors"][0]["path_pattern"] == "/static/*"
    assert plan["default_behavior"]["viewer_protocol_policy"] == "redirect-to-https"
    assert plan["waf_redacted_fields"] == [
        {"single_header": {"name": "authorization"}},
        {"single_header": {"name": "cookie"}},
    ]


def test_without_www():
    assert check(edge_www_enabled=False)["aliases"] == ["ecia-prod.ecia.test"]


def test_disabled_checks_nothing_else():
    assert check(edge_enabled=False, edge_domain="") == {"enabled": False}


def test_absent_checks_only_names():
    plan = check(edge_state="absent", edge_waf_rate_limit="many")
    assert plan["web_acl_name"] == "ecia-prod-web-acl" and "waf_rules" not in plan


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"edge_state": "gone"}, "edge_state: must be 'present' or 'absent'"),
        ({"edge_name": "Ecia_Prod"}, "edge_name: 'Ecia_Prod' must be lower-case"),
        ({"edge_account_id": "12345"}, "edge_account_id: must be a 12-digit AWS account id"),
        ({"edge_domain": ""}, "edge_domain: must be set where the edge is enabled"),
        ({"edge_domain": "*.example.com"}, "edge_domain: '*.example.com' is not a DNS name"),
        ({"edge_waf_log_group": "/aws/waf/ecia-prod"}, "edge_waf_log_group: '/aws/waf/ecia-prod' must start with"),
        ({"edge_waf_managed_rule_groups": []}, "edge_waf_managed_rule_groups: list at least one"),
        ({"edge_waf_managed_rule_groups": ["CommonRuleSet"]}, "'CommonRuleSet' is not an AWS managed rule group"),
        ({"edge_waf_rate_limit": 5}, "edge_waf_rate_limit: 5 must be between 10 and 2000000000"),
        ({"edge_waf_redacted_headers": ["bad header"]}, "edge_waf_redacted_headers: 'bad header' is not"),
        ({"edge_waf_log_retention_days": 31}, "edge_waf_log_retention_days: 31 is not a CloudWatch Logs retention"),
        ({"edge_price_class": "PriceClass_300"}, "edge_price_class: 'PriceClass_300' must be one of"),
        ({"edge_origin_protocol_policy": "https"}, "edge_origin_protocol_policy: 'https' must be one of"),
        ({"edge_origin_ssl_protocols": ["TLSv1.3"]}, "edge_origin_ssl_protocols: must list some of"),
        ({"edge_origin_read_timeout": 181}, "edge_origin_read_timeout: 181 must be between 1 and 180"),
        ({"edge_static_path_patterns": ["*"]}, "edge_static_path_patterns: '*' must be a path pattern"),
        ({"edge_static_cache_max_ttl": 0}, "edge_static_cache_default_ttl: the static policy needs"),
        ({"edge_dynamic_cache_policy": "no-cache"}, "edge_dynamic_cache_policy: must name an AWS managed"),
        ({"edge_origin_request_policy_id": "AllViewer"}, "edge_origin_request_policy_id: must be an origin request"),
        ({"edge_health_check_path": "health"}, "edge_health_check_path: must start with '/'"),
        ({"edge_health_check_interval": 60}, "edge_health_check_interval: must be 10 or 30 seconds"),
        ({"edge_health_check_failure_threshold": 11}, "edge_health_check_failure_threshold: 11 must be between 1"),
        ({"edge_health_alarm_period": 45}, "edge_health_alarm_period: must be 10, 20, 30 or a multiple of 60"),
        ({"edge_health_alarm_treat_missing_data": "no"}, "edge_health_alarm_treat_missing_data: 'no' must be"),
        ({"edge_alerts_emails": ["ops"]}, "edge_alerts_emails: 'ops' is not an e-mail address"),
    ],
)
def test_bad_input_names_the_variable(changes, message):
    with pytest.raises(AnsibleFilterError, match=message.replace("*", r"\*").replace(".", r"\.")):
        check(**changes)
