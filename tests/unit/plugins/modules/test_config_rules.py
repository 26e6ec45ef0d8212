"""config_rules through main() against a Stubber-validated Config client: one unfiltered DescribeConfigRules per
run, a PutConfigRule per missing or differing rule only, DeleteConfigRule for removed ones."""

import json

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import config_rules as module

REGION = "ap-south-1"
ARN = "arn:aws:config:ap-south-1:123456789012:config-rule/"
PASSWORD = {"MinimumPasswordLength": "14", "PasswordReusePrevention": "24"}
ARGS = {
    "rules": [
        {
            "name": "encrypted-volumes",
            "source_identifier": "ENCRYPTED_VOLUMES",
            "scope": {"compliance_resource_types": ["AWS::EC2::Volume"]},
        },
        {
            "name": "iam-password-policy",
            "source_identifier": "IAM_PASSWORD_POLICY",
            "description": "CIS 1.8",
            "input_parameters": {"MinimumPasswordLength": 14, "PasswordReusePrevention": "24"},
            "execution_frequency": "TwentyFour_Hours",
        },
    ]
}


def aws_rule(name, identifier, rule_id, **extra):
    """A rule as AWS returns it, AWS's own defaults included (ACTIVE, DETECTIVE)."""
    return dict(
        {
            "ConfigRuleName": name,
            "ConfigRuleArn": ARN + rule_id,
            "ConfigRuleId": rule_id,
            "Source": {"Owner": "AWS", "SourceIdentifier": identifier},
            "ConfigRuleState": "ACTIVE",
            "EvaluationModes": [{"Mode": "DETECTIVE"}],
        },
        **extra,
    )


VOLUMES = aws_rule(
    "encrypted-volumes",
    "ENCRYPTED_VOLUMES",
    "config-rule-aaaaaa",
    Scope={"ComplianceResourceTypes": ["AWS::EC2::Volume"]},
)
# AWS stores the parameters' JSON as sent: here in another key order than the module would send.
POLICY = aws_rule(
    "iam-password-policy",
    "IAM_PASSWORD_POLICY",
    "config-rule-bbbbbb",
    Description="CIS 1.8",
    InputParameters='{"PasswordReusePrevention":"24","MinimumPasswordLength":"14"}',
    MaximumExecutionFrequency="TwentyFour_Hours",
)
# Created by Security Hub: never purged.
LINKED = aws_rule(
    "securityhub-iam-root-access-key-check-1a2b3c",
    "IAM_ROOT_ACCESS_KEY_CHECK",
    "config-rule-cccccc",
    CreatedBy="securityhub.amazonaws.com",
    InputParameters="{}",
)
STRAY = aws_rule("s3-bucket-versioning-enabled", "S3_BUCKET_VERSIONING_ENABLED", "config-rule-dddddd")

PUT_VOLUMES = {
    "ConfigRule": {
        "ConfigRuleName": "encrypted-volumes",
        "Source": {"Owner": "AWS", "SourceIdentifier": "ENCRYPTED_VOLUMES"},
        "Scope": {"ComplianceResourceTypes": ["AWS::EC2::Volume"]},
    }
}
PUT_POLICY = {
    "ConfigRule": {
        "ConfigRuleName": "iam-password-policy",
        "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_PASSWORD_POLICY"},
        "Description": "CIS 1.8",
        "InputParameters": json.dumps(PASSWORD, sort_keys=True),
        "MaximumExecutionFrequency": "TwentyFour_Hours",
    }
}


@pytest.fixture
def cfg(aws_client):
    return aws_client("config", region=REGION)


@pytest.fixture
def stub(cfg):
    return cfg[1]


@pytest.fixture
def run(run_module, cfg):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, region=REGION, **(args or {})), client=cfg[0], **kw)

    return run_


def expect_describe(stub, *rules):
    """One unfiltered DescribeConfigRules (no names, no filters)."""
    stub.add_response("describe_config_rules", {"ConfigRules": list(rules)}, {})


def test_create_from_nothing(stub, run):
    expect_describe(stub)
    stub.add_response("put_config_rule", {}, PUT_VOLUMES)
    stub.add_response("put_config_rule", {}, PUT_POLICY)
    expect_describe(stub, VOLUMES, POLICY)  # read back once: ARNs and ids
    result = run(diff=True)
    assert result["changed"]
    assert result["changed_rules"] == {
        "created": ["encrypted-volumes", "iam-password-policy"],
        "updated": [],
        "deleted": [],
    }
    volumes, policy = result["rules"]
    assert volumes["config_rule_arn"] == ARN + "config-rule-aaaaaa"
    assert volumes["scope"] == {"compliance_resource_types": ["AWS::EC2::Volume"]}
    assert policy["input_parameters"] == PASSWORD and policy["maximum_execution_frequency"] == "TwentyFour_Hours"
    assert result["diff"]["before"] == {} and sorted(result["diff"]["after"]) == [
        "encrypted-volumes",
        "iam-password-policy",
    ]


def test_noop_one_describe_no_put(stub, run):
    expect_describe(stub, VOLUMES, LINKED, POLICY)
    result = run(diff=True)
    assert not result["changed"]
    assert result["changed_rules"] == {"created": [], "updated": [], "deleted": []}
    assert [r["config_rule_name"] for r in result["rules"]] == ["encrypted-volumes", "iam-password-policy"]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_unset_options_and_aws_defaults_are_no_difference(stub, run):
    # AWS gives a periodic rule a 24-hour frequency and "{}" parameters; nothing here sets either.
    stored = aws_rule(
        "root-account-mfa-enabled",
        "ROOT_ACCOUNT_MFA_ENABLED",
        "config-rule-eeeeee",
        InputParameters="{}",
        MaximumExecutionFrequency="TwentyFour_Hours",
        Description="set in the console",
    )
    expect_describe(stub, stored)
    result = run({"rules": [{"name": "root-account-mfa-enabled", "source_identifier": "ROOT_ACCOUNT_MFA_ENABLED"}]})
    assert not result["changed"] and result["rules"][0]["description"] == "set in the console"


def test_update_only_the_differing_rule(stub, run):
    expect_describe(stub, VOLUMES, dict(POLICY, MaximumExecutionFrequency="One_Hour"))
    stub.add_response(
        "put_config_rule", {}, {"ConfigRule": dict(PUT_POLICY["ConfigRule"], EvaluationModes=[{"Mode": "DETECTIVE"}])}
    )
    expect_describe(stub, VOLUMES, POLICY)
    result = run(diff=True)
    assert result["changed"] and result["changed_rules"]["updated"] == ["iam-password-policy"]
    assert result["changed_rules"]["created"] == [] and result["changed_rules"]["deleted"] == []
    assert result["diff"]["before"]["iam-password-policy"]["maximum_execution_frequency"] == "One_Hour"
    assert result["diff"]["after"]["iam-password-policy"]["maximum_execution_frequency"] == "TwentyFour_Hours"


def test_update_resends_what_is_not_set(stub, run):
    # Only the identifier changes: the stored description, parameters, frequency and modes are sent back as they are.
    expect_describe(stub, dict(POLICY, Source={"Owner": "AWS", "SourceIdentifier": "OLD_IDENTIFIER"}))
    stub.add_response(
        "put_config_rule",
        {},
        {
            "ConfigRule": {
                "ConfigRuleName": "iam-password-policy",
                "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_PASSWORD_POLICY"},
                "Description": "CIS 1.8",
                "InputParameters": json.dumps(PASSWORD, sort_keys=True),
                "MaximumExecutionFrequency": "TwentyFour_Hours",
                "EvaluationModes": [{"Mode": "DETECTIVE"}],
            }
        },
    )
    expect_describe(stub, POLICY)
    result = run({"rules": [{"name": "iam-password-policy", "source_identifier": "IAM_PASSWORD_POLICY"}]})
    assert result["changed_rules"]["updated"] == ["iam-password-policy"]


@pytest.mark.parametrize(
    "stored",
    [
        '{"PasswordReusePrevention":"24","MinimumPasswordLength":"14"}',
        '{\n  "MinimumPasswordLength": "14",\n  "PasswordReusePrevention": "24"\n}',
    ],
)
def test_input_parameters_compare_as_parsed_json(stub, run, stored):
    expect_describe(stub, VOLUMES, dict(POLICY, InputParameters=stored))
    assert not run()["changed"]


def test_input_parameters_differing_value_updates(stub, run):
    expect_describe(
        stub, VOLUMES, dict(POLICY, InputParameters='{"MinimumPasswordLength":"8","PasswordReusePrevention":"24"}')
    )
    stub.add_response(
        "put_config_rule", {}, {"ConfigRule": dict(PUT_POLICY["ConfigRule"], EvaluationModes=[{"Mode": "DETECTIVE"}])}
    )
    expect_describe(stub, VOLUMES, POLICY)
    assert run()["changed_rules"]["updated"] == ["iam-password-policy"]


def test_scope_resource_types_in_any_order(stub, run):
    stored = dict(VOLUMES, Scope={"ComplianceResourceTypes": ["AWS::EC2::Volume", "AWS::EC2::Instance"]})
    expect_describe(stub, stored, POLICY)
    rules = [dict(ARGS["rules"][0], scope={"compliance_resource_types": ["AWS::EC2::Instance", "AWS::EC2::Volume"]})]
    assert not run({"rules": rules + ARGS["rules"][1:]})["changed"]


def test_purge_deletes_only_unlisted_rules_not_service_linked(stub, run):
    expect_describe(stub, VOLUMES, LINKED, POLICY, STRAY)
    stub.add_response("delete_config_rule", {}, {"ConfigRuleName": "s3-bucket-versioning-enabled"})
    expect_describe(stub, VOLUMES, LINKED, POLICY)
    result = run({"purge_rules": True}, diff=True)
    assert result["changed"]
    assert result["changed_rules"] == {"created": [], "updated": [], "deleted": ["s3-bucket-versioning-enabled"]}
    assert "s3-bucket-versioning-enabled" in result["diff"]["before"]
    assert "s3-bucket-versioning-enabled" not in result["diff"]["after"]
    assert LINKED["ConfigRuleName"] not in result["diff"]["before"]


def test_without_purge_unlisted_rules_stay(stub, run):
    expect_describe(stub, VOLUMES, POLICY, STRAY)
    assert not run()["changed"]


def test_state_absent_deletes_the_listed_rules(stub, run):
    expect_describe(stub, VOLUMES, LINKED, STRAY)  # iam-password-policy is already gone
    stub.add_response("delete_config_rule", {}, {"ConfigRuleName": "encrypted-volumes"})
    expect_describe(stub, LINKED, STRAY)
    rules = [{"name": "encrypted-volumes"}, {"name": "iam-password-policy"}]  # no source_identifier needed
    result = run({"rules": rules, "state": "absent"}, diff=True)
    assert result["changed"] and result["rules"] == []
    assert result["changed_rules"] == {"created": [], "updated": [], "deleted": ["encrypted-volumes"]}
    assert result["diff"]["after"] == {}


def test_state_absent_when_gone_is_no_change(stub, run):
    expect_describe(stub, LINKED)
    assert not run({"state": "absent"})["changed"]


def test_a_rule_being_deleted_counts_as_absent(stub, run):
    expect_describe(stub, dict(VOLUMES, ConfigRuleState="DELETING"), POLICY)
    stub.add_response("put_config_rule", {}, PUT_VOLUMES)
    expect_describe(stub, VOLUMES, POLICY)
    assert run()["changed_rules"]["created"] == ["encrypted-volumes"]


def test_check_mode_makes_no_write_and_predicts(stub, run):
    expect_describe(stub, dict(POLICY, MaximumExecutionFrequency="One_Hour"), STRAY)
    result = run({"purge_rules": True}, check_mode=True, diff=True)  # the Stubber fails on any unexpected call
    assert result["changed"]
    assert result["changed_rules"] == {
        "created": ["encrypted-volumes"],
        "updated": ["iam-password-policy"],
        "deleted": ["s3-bucket-versioning-enabled"],
    }
    volumes, policy = result["rules"]
    assert volumes["source"] == {"owner": "AWS", "source_identifier": "ENCRYPTED_VOLUMES"}
    assert policy["maximum_execution_frequency"] == "TwentyFour_Hours"
    assert policy["config_rule_arn"] == ARN + "config-rule-bbbbbb"  # the stored rule, with the change applied
    assert "s3-bucket-versioning-enabled" not in result["diff"]["after"]


def test_pagination_reads_every_page(stub, run):
    stub.add_response("describe_config_rules", {"ConfigRules": [VOLUMES], "NextToken": "page-2"}, {})
    stub.add_response("describe_config_rules", {"ConfigRules": [POLICY]}, {"NextToken": "page-2"})
    result = run()
    assert not result["changed"] and len(result["rules"]) == 2


def test_a_listed_service_linked_rule_fails_before_any_write(stub, run):
    expect_describe(stub, LINKED)
    rules = [{"name": LINKED["ConfigRuleName"], "source_identifier": "IAM_ROOT_ACCESS_KEY_CHECK"}]
    result = run({"rules": rules})
    assert result["failed"] and "service-linked" in result["msg"] and "securityhub.amazonaws.com" in result["msg"]


def test_api_error_fails_the_task(stub, run):
    expect_describe(stub)
    stub.add_client_error(
        "put_config_rule", "NoAvailableConfigurationRecorderException", "no recorder", expected_params=PUT_VOLUMES
    )
    result = run()
    assert result["failed"] and "put config rule" in result["msg"]


@pytest.mark.parametrize(
    "rules, message",
    [
        (
            [{"name": "encrypted-volumes"}],
            "rules[0] (encrypted-volumes): source_identifier is required with state=present",
        ),
        ([{"name": "x" * 129, "source_identifier": "A"}], "name must be 1 to 128 characters"),
        ([{"name": "a", "source_identifier": "A"}, {"name": "a", "source_identifier": "B"}], "names must be unique: a"),
        ([{"name": "a", "source_identifier": "A", "description": "d" * 257}], "description is longer than 256"),
        (
            [{"name": "a", "source_identifier": "A", "input_parameters": {"p": "v" * 1024}}],
            "input_parameters is longer than 1024",
        ),
        (
            [{"name": "a", "source_identifier": "A", "scope": {"compliance_resource_id": "vol-1"}}],
            "compliance_resource_id needs exactly one",
        ),
        ([{"name": "a", "source_identifier": "A", "scope": {"tag_value": "v"}}], "tag_value needs scope.tag_key"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, rules, message):
    result = run_module(module.main, {"rules": rules})  # no client: the run_module fixture fails on any call
    assert result["failed"] and message in result["msg"]


def test_unknown_rule_option_fails(run_module):
    result = run_module(module.main, {"rules": [{"name": "a", "source_identifier": "A", "owner": "CUSTOM_LAMBDA"}]})
    assert result["failed"] and "owner" in result["msg"]


# ------------------------------------------------------------------ regions
REGIONS = ["ap-south-1", "eu-west-1", "us-east-1"]


@pytest.fixture
def by_region(aws_client):
    return {region: aws_client("config", region=region) for region in REGIONS}


@pytest.fixture
def run_regions(run_module, by_region):
    def run_(args=None, **kw):
        clients = {region: client for region, (client, _stub) in by_region.items()}
        return run_module(module.main, dict(ARGS, regions=REGIONS, **(args or {})), client=clients, **kw)

    return run_


def test_regions_noop_one_describe_a_region(by_region, run_regions):
    for _client, stub in by_region.values():
        expect_describe(stub, VOLUMES, POLICY)
    result = run_regions(diff=True)
    assert not result["changed"] and "rules" not in result
    assert list(result["regions"]) == REGIONS
    assert all(len(r["rules"]) == 2 for r in result["regions"].values())
    assert [d["before_header"] for d in result["diff"]] == [f"rules in {r}" for r in REGIONS]


def test_regions_one_attribute_drift_in_one_region_is_fixed_only_there(by_region, run_regions):
    for region, (_client, stub) in by_region.items():
        policy = dict(POLICY, MaximumExecutionFrequency="One_Hour") if region == "eu-west-1" else POLICY
        expect_describe(stub, VOLUMES, policy)
    stub = by_region["eu-west-1"][1]
    stub.add_response(
        "put_config_rule", {}, {"ConfigRule": dict(PUT_POLICY["ConfigRule"], EvaluationModes=[{"Mode": "DETECTIVE"}])}
    )
    expect_describe(stub, VOLUMES, POLICY)
    result = run_regions(diff=True)
    assert result["changed"]
    assert {r: v["changed_rules"]["updated"] for r, v in result["regions"].items()} == {
        "ap-south-1": [],
        "eu-west-1": ["iam-password-policy"],
        "us-east-1": [],
    }
    changed = [d for d in result["diff"] if d["before"] != d["after"]]
    assert [d["before_header"] for d in changed] == ["rules in eu-west-1"]
    before, after = changed[0]["before"]["iam-password-policy"], changed[0]["after"]["iam-password-policy"]
    assert [k for k in after if before.get(k) != after[k]] == ["maximum_execution_frequency"]


def test_regions_check_mode_makes_no_write(by_region, run_regions):
    expect_describe(by_region["ap-south-1"][1])
    expect_describe(by_region["eu-west-1"][1], VOLUMES, dict(POLICY, Description="old"))
    expect_describe(by_region["us-east-1"][1], VOLUMES, POLICY)
    result = run_regions(check_mode=True)  # the Stubbers fail on any unexpected call
    assert result["changed"]
    assert result["regions"]["ap-south-1"]["changed_rules"]["created"] == ["encrypted-volumes", "iam-password-policy"]
    assert result["regions"]["eu-west-1"]["changed_rules"]["updated"] == ["iam-password-policy"]
    assert result["regions"]["eu-west-1"]["rules"][1]["description"] == "CIS 1.8"
    assert not any(result["regions"]["us-east-1"]["changed_rules"].values())


def test_regions_a_service_linked_rule_in_any_region_fails_before_any_write(by_region, run_regions):
    expect_describe(by_region["ap-south-1"][1])  # would be created here, but nothing is written anywhere
    expect_describe(by_region["eu-west-1"][1], VOLUMES, POLICY)
    expect_describe(by_region["us-east-1"][1], dict(VOLUMES, CreatedBy="securityhub.amazonaws.com"), POLICY)
    result = run_regions()
    assert result["failed"] and "encrypted-volumes (created by securityhub.amazonaws.com) in us-east-1" in result["msg"]


def test_regions_an_api_error_names_the_region(by_region, run_regions):
    expect_describe(by_region["ap-south-1"][1], VOLUMES, POLICY)
    by_region["eu-west-1"][1].add_client_error("describe_config_rules", "AccessDeniedException", "no", 400)
    result = run_regions()
    assert result["failed"] and "describe config rules in eu-west-1" in result["msg"]
