"""Organizations on the local endpoint: account ids derived from the email, the same after every reset."""

import pytest
import requests
from botocore.exceptions import ClientError

from emulator.ext.organizations import account_id_for


def _create(org, email):
    status = org.create_account(AccountName=email.split("@")[0], Email=email)["CreateAccountStatus"]
    return org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]


def test_created_account_id_is_derived_from_the_email_and_survives_reset(client, endpoint):
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    first = _create(org, "aws-dev@company.com")
    assert first["State"] == "SUCCEEDED"
    assert first["AccountId"] == account_id_for("AWS-Dev@Company.com") != account_id_for("aws-prod@company.com")
    assert len(first["AccountId"]) == 12 and first["AccountId"][0] != "0"

    requests.post(f"{endpoint}/moto-api/reset", timeout=30).raise_for_status()
    org.create_organization(FeatureSet="ALL")
    assert _create(org, "aws-dev@company.com")["AccountId"] == first["AccountId"]
    # The account is reachable like any other: its OrganizationAccountAccessRole exists.
    role = f"arn:aws:iam::{first['AccountId']}:role/OrganizationAccountAccessRole"
    assert client("sts").assume_role(RoleArn=role, RoleSessionName="test")["AssumedRoleUser"]["Arn"]


def test_second_account_with_the_same_email_fails(client):
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    _create(org, "aws-dev@company.com")
    again = _create(org, "aws-dev@company.com")
    assert again["State"] == "FAILED" and again["FailureReason"] == "EMAIL_ALREADY_EXISTS"
    assert len(org.list_accounts()["Accounts"]) == 2  # the management account and the first one


SCP = "SERVICE_CONTROL_POLICY"
FULL_ACCESS = "p-FullAWSAccess"


def _scp(org, name, size=None):
    content = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}'
    content = content if size is None else content[:-3] + " " * (size - len(content)) + content[-3:]
    return org.create_policy(Name=name, Description=name, Type=SCP, Content=content)["Policy"]["PolicySummary"]["Id"]


def _org_with_ou(org):
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType=SCP)
    return root, org.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]


def _error(call):
    with pytest.raises(ClientError) as err:
        call()
    return err.value.response["Error"]["Code"], err.value.response.get("Reason")


def test_policy_rules_aws_enforces(client):
    org = client("organizations")
    root, ou = _org_with_ou(org)
    assert _error(lambda: _scp(org, "big", size=5121)) == (
        "ConstraintViolationException",
        "POLICY_CONTENT_LIMIT_EXCEEDED",
    )
    deny = _scp(org, "deny-s3", size=5120)
    assert _error(lambda: org.update_policy(PolicyId=deny, Content="x" * 5121))[1] == "POLICY_CONTENT_LIMIT_EXCEEDED"
    org.attach_policy(PolicyId=deny, TargetId=ou)
    assert _error(lambda: org.attach_policy(PolicyId=deny, TargetId=ou))[0] == "DuplicatePolicyAttachmentException"
    # Five SCPs a target, FullAWSAccess counted: it and four more.
    for i in range(3):
        org.attach_policy(PolicyId=_scp(org, f"more-{i}"), TargetId=ou)
    sixth = _scp(org, "sixth")
    assert _error(lambda: org.attach_policy(PolicyId=sixth, TargetId=ou))[1] == "POLICY_NUMBER_LIMIT_EXCEEDED"
    assert _error(lambda: org.detach_policy(PolicyId=sixth, TargetId=ou))[0] == "PolicyNotAttachedException"
    # The root keeps one SCP: FullAWSAccess goes only once another is attached.
    assert _error(lambda: org.detach_policy(PolicyId=FULL_ACCESS, TargetId=root)) == (
        "ConstraintViolationException",
        "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
    )
    org.attach_policy(PolicyId=sixth, TargetId=root)
    org.detach_policy(PolicyId=FULL_ACCESS, TargetId=root)
    tag = org.create_policy(Name="tags", Description="t", Type="TAG_POLICY", Content='{"tags":{}}')
    tag_id = tag["Policy"]["PolicySummary"]["Id"]
    assert _error(lambda: org.attach_policy(PolicyId=tag_id, TargetId=ou))[0] == "PolicyTypeNotEnabledException"
