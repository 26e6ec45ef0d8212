"""AWS Backup selections (missing from moto 5.2.5) and DescribeBackupVault's AccessDenied for a missing vault."""

import pytest
from botocore.exceptions import ClientError

SELECTION = {
    "SelectionName": "by-tag",
    "IamRoleArn": "arn:aws:iam::123456789012:role/backup",
    "Resources": ["arn:aws:rds:*:*:db:*"],
    "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}],
}


@pytest.fixture
def backup(client):
    return client("backup", "ap-south-1")


@pytest.fixture
def plan_id(backup):
    backup.create_backup_vault(BackupVaultName="vault-1")
    rule = {"RuleName": "daily", "TargetBackupVaultName": "vault-1", "ScheduleExpression": "cron(0 2 * * ? *)"}
    return backup.create_backup_plan(BackupPlan={"BackupPlanName": "p", "Rules": [rule]})["BackupPlanId"]


def test_selection_lifecycle(backup, plan_id):
    selection_id = backup.create_backup_selection(BackupPlanId=plan_id, BackupSelection=SELECTION)["SelectionId"]
    got = backup.get_backup_selection(BackupPlanId=plan_id, SelectionId=selection_id)["BackupSelection"]
    assert got["ListOfTags"] == SELECTION["ListOfTags"] and got["NotResources"] == []
    assert got["Conditions"] == {"StringEquals": [], "StringNotEquals": [], "StringLike": [], "StringNotLike": []}
    listed = backup.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"]
    assert [(s["SelectionId"], s["SelectionName"]) for s in listed] == [(selection_id, "by-tag")]
    with pytest.raises(backup.exceptions.AlreadyExistsException):
        backup.create_backup_selection(BackupPlanId=plan_id, BackupSelection=SELECTION)
    backup.delete_backup_selection(BackupPlanId=plan_id, SelectionId=selection_id)
    with pytest.raises(backup.exceptions.ResourceNotFoundException):
        backup.get_backup_selection(BackupPlanId=plan_id, SelectionId=selection_id)


def test_unknown_plan(backup):
    with pytest.raises(backup.exceptions.ResourceNotFoundException):
        backup.create_backup_selection(BackupPlanId="nope", BackupSelection=SELECTION)


def test_missing_vault_is_access_denied_as_on_aws(backup):
    with pytest.raises(ClientError) as err:
        backup.describe_backup_vault(BackupVaultName="nope")
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
