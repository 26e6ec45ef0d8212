"""sns_topic_encryption through main() against a Stubber-validated sns client."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import sns_topic_encryption as module

TOPIC = "arn:aws:sns:ap-south-1:123456789012:ecia-security-alerts"
KEY = "arn:aws:kms:ap-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture
def sns(aws_client):
    return aws_client("sns", region="ap-south-1")


@pytest.fixture
def run(run_module, sns):
    return lambda args, **kw: run_module(module.main, args, client=sns[0], **kw)


def expect_read(stub, key=None):
    attributes = {"TopicArn": TOPIC, **({"KmsMasterKeyId": key} if key else {})}
    stub.add_response("get_topic_attributes", {"Attributes": attributes}, {"TopicArn": TOPIC})


def expect_set(stub, key):
    stub.add_response(
        "set_topic_attributes", {}, {"TopicArn": TOPIC, "AttributeName": "KmsMasterKeyId", "AttributeValue": key}
    )


def test_encrypts_an_unencrypted_topic(sns, run):
    stub = sns[1]
    expect_read(stub)
    expect_set(stub, KEY)
    expect_read(stub, KEY)
    result = run({"topic_arn": TOPIC, "kms_master_key_id": KEY}, diff=True)
    assert result["changed"] and result["topic_encryption"] == {"topic_arn": TOPIC, "kms_master_key_id": KEY}
    assert result["diff"]["before"]["kms_master_key_id"] == ""
    stub.assert_no_pending_responses()


def test_noop_when_the_key_is_already_set(sns, run):
    expect_read(sns[1], KEY)
    result = run({"topic_arn": TOPIC, "kms_master_key_id": KEY})
    assert not result["changed"] and result["topic_encryption"]["kms_master_key_id"] == KEY


def test_changes_the_key(sns, run):
    stub = sns[1]
    expect_read(stub, "alias/aws/sns")
    expect_set(stub, KEY)
    expect_read(stub, KEY)
    assert run({"topic_arn": TOPIC, "kms_master_key_id": KEY})["changed"]
    stub.assert_no_pending_responses()


def test_absent_turns_encryption_off(sns, run):
    stub = sns[1]
    expect_read(stub, KEY)
    expect_set(stub, "")
    expect_read(stub)
    result = run({"topic_arn": TOPIC, "state": "absent"})
    assert result["changed"] and result["topic_encryption"]["kms_master_key_id"] == ""


def test_check_mode_makes_no_write(sns, run):
    expect_read(sns[1])
    result = run({"topic_arn": TOPIC, "kms_master_key_id": KEY}, check_mode=True)
    assert result["changed"] and result["topic_encryption"]["kms_master_key_id"] == KEY
    sns[1].assert_no_pending_responses()


def test_check_mode_predicts_a_topic_not_created_yet(sns, run):
    sns[1].add_client_error("get_topic_attributes", "NotFound", "Topic does not exist", 404)
    result = run({"topic_arn": TOPIC, "kms_master_key_id": KEY}, check_mode=True)
    assert result["changed"] and result["topic_encryption"] == {"topic_arn": TOPIC, "kms_master_key_id": KEY}


def test_missing_topic_fails(sns, run):
    sns[1].add_client_error("get_topic_attributes", "NotFound", "Topic does not exist", 404)
    result = run({"topic_arn": TOPIC, "kms_master_key_id": KEY})
    assert result["failed"] and f"topic {TOPIC} does not exist" in result["msg"]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"topic_arn": "ecia-security-alerts", "kms_master_key_id": KEY}, "topic_arn must be an SNS topic ARN"),
        ({"topic_arn": TOPIC}, "kms_master_key_id"),
    ],
)
def test_bad_input(run_module, args, message):
    result = run_module(module.main, args)
    assert result["failed"] and message in result["msg"]
