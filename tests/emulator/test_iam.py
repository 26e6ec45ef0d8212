"""IAM answered as AWS does where moto did not (emulator/ext/iam.py): no MaxPasswordAge for a policy without
expiry, policy names unique whatever the path, DeleteConflict for a policy or group still in use, UpdateRole
changing only what it is sent."""

import json

import pytest
from botocore.exceptions import ClientError

DOC = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
)


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_password_policy_without_expiry_has_no_max_age(client):
    iam = client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=14, RequireSymbols=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert "MaxPasswordAge" not in policy and "PasswordReusePrevention" not in policy
    assert policy["ExpirePasswords"] is False and policy["MinimumPasswordLength"] == 14
    iam.update_account_password_policy(MinimumPasswordLength=14, MaxPasswordAge=90, PasswordReusePrevention=24)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MaxPasswordAge"] == 90 and policy["PasswordReusePrevention"] == 24 and policy["ExpirePasswords"]


def test_policy_name_unique_whatever_the_path(client):
    iam = client("iam")
    iam.create_policy(PolicyName="p", PolicyDocument=DOC)
    with pytest.raises(ClientError) as excinfo:
        iam.create_policy(PolicyName="p", Path="/other/", PolicyDocument=DOC)
    assert error_code(excinfo) == "EntityAlreadyExists"
    iam.create_policy(PolicyName="ReadOnlyAccess", PolicyDocument=DOC)  # an AWS managed name is no conflict


def test_policy_deleted_only_once_detached_and_alone(client):
    iam = client("iam")
    arn = iam.create_policy(PolicyName="p", PolicyDocument=DOC)["Policy"]["Arn"]
    iam.create_group(GroupName="g")
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=DOC, SetAsDefault=True)
    with pytest.raises(ClientError) as excinfo:
        iam.delete_policy(PolicyArn=arn)
    assert error_code(excinfo) == "DeleteConflict"
    iam.detach_group_policy(GroupName="g", PolicyArn=arn)
    with pytest.raises(ClientError) as excinfo:
        iam.delete_policy(PolicyArn=arn)
    assert error_code(excinfo) == "DeleteConflict"
    iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    iam.delete_policy(PolicyArn=arn)


def test_group_deleted_only_once_empty(client):
    iam = client("iam")
    arn = iam.create_policy(PolicyName="p", PolicyDocument=DOC)["Policy"]["Arn"]
    iam.create_group(GroupName="g")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="g", UserName="alice")
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    iam.put_group_policy(GroupName="g", PolicyName="inline", PolicyDocument=DOC)
    for undo in (
        lambda: iam.remove_user_from_group(GroupName="g", UserName="alice"),
        lambda: iam.detach_group_policy(GroupName="g", PolicyArn=arn),
        lambda: iam.delete_group_policy(GroupName="g", PolicyName="inline"),
    ):
        with pytest.raises(ClientError) as excinfo:
            iam.delete_group(GroupName="g")
        assert error_code(excinfo) == "DeleteConflict"
        undo()
    iam.delete_group(GroupName="g")


def test_update_role_changes_only_what_is_sent(client):
    iam = client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": []})
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust, Description="d", MaxSessionDuration=7200)
    iam.update_role(RoleName="r", MaxSessionDuration=10800)
    role = iam.get_role(RoleName="r")["Role"]
    assert role["Description"] == "d" and role["MaxSessionDuration"] == 10800
    iam.update_role(RoleName="r", Description="e")
    role = iam.get_role(RoleName="r")["Role"]
    assert role["Description"] == "e" and role["MaxSessionDuration"] == 10800
