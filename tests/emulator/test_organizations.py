"""Organizations on the local endpoint: account ids derived from the email, the same after every reset."""

import requests

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
