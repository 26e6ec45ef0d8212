"""emulator/speedups.py: AWS managed policies shared across accounts without sharing their per-account state, and a
reset that does not rebuild every account's backends."""

import time

import pytest
import requests

POLICY = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
ACCOUNTS = ("100000000001", "100000000002", "200000000001")


def _iam_in(client, account_id):
    creds = client("sts").assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/any", RoleSessionName="speedups")
    c = creds["Credentials"]
    return client(
        "iam",
        aws_access_key_id=c["AccessKeyId"],
        aws_secret_access_key=c["SecretAccessKey"],
        aws_session_token=c["SessionToken"],
    )


def test_managed_policy_attachments_stay_per_account(client):
    first, second = (_iam_in(client, account) for account in ACCOUNTS[:2])
    first.create_role(RoleName="app", AssumeRolePolicyDocument="{}")
    first.attach_role_policy(RoleName="app", PolicyArn=POLICY)

    assert first.get_policy(PolicyArn=POLICY)["Policy"]["AttachmentCount"] == 1
    assert second.get_policy(PolicyArn=POLICY)["Policy"]["AttachmentCount"] == 0
    attached = second.list_policies(Scope="AWS", OnlyAttached=True)["Policies"]
    assert attached == []
    # Every account still sees the whole managed catalog, documents included.
    default = second.get_policy(PolicyArn=POLICY)["Policy"]["DefaultVersionId"]
    version = second.get_policy_version(PolicyArn=POLICY, VersionId=default)["PolicyVersion"]
    assert "ssm:" in str(version["Document"])


def test_reset_after_many_accounts_is_quick_and_empties_them(client, endpoint):
    for account in ACCOUNTS:
        _iam_in(client, account).create_role(RoleName="app", AssumeRolePolicyDocument="{}")

    start = time.monotonic()
    requests.post(f"{endpoint}/moto-api/reset", timeout=60).raise_for_status()
    # moto's own reset re-initialised every account's backends first (seconds per account with managed policies).
    assert time.monotonic() - start < 2.0

    for account in ACCOUNTS:
        assert _iam_in(client, account).list_roles()["Roles"] == []


@pytest.mark.parametrize("account_id", [None, "200000000001"], ids=["management", "member"])
def test_bucket_name_is_free_again_after_reset(client, endpoint, account_id):
    """S3 keeps a global bucket-name index outside its backends; reset must still clear it (else HeadBucket and
    CreateBucket of a name used before the reset recurse to HTTP 500)."""

    def s3():
        if account_id is None:
            return client("s3")
        c = client("sts").assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/any", RoleSessionName="speedups")
        creds = c["Credentials"]
        return client(
            "s3",
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )

    before = s3()
    before.create_bucket(Bucket="ecia-reset-check")
    before.put_object(Bucket="ecia-reset-check", Key="k", Body=b"v")
    requests.post(f"{endpoint}/moto-api/reset", timeout=60).raise_for_status()
    after = s3()
    assert after.list_buckets()["Buckets"] == []
    after.create_bucket(Bucket="ecia-reset-check")
    after.head_bucket(Bucket="ecia-reset-check")
    assert after.list_objects_v2(Bucket="ecia-reset-check").get("KeyCount") == 0
