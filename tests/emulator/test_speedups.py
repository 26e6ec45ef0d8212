"""emulator/speedups.py: AWS managed policies shared across accounts without sharing their per-account state, and a
reset that does not rebuild every account's backends."""

import time

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


def test_bucket_name_is_free_again_after_reset(client, endpoint):
    """S3 keeps a global bucket-name index outside its backends; reset must still clear it."""
    s3 = client("s3")
    s3.create_bucket(Bucket="ecia-reset-check")
    s3.put_object(Bucket="ecia-reset-check", Key="k", Body=b"v")
    requests.post(f"{endpoint}/moto-api/reset", timeout=60).raise_for_status()
    assert s3.list_buckets()["Buckets"] == []
    s3.create_bucket(Bucket="ecia-reset-check")
    assert s3.list_objects_v2(Bucket="ecia-reset-check").get("KeyCount") == 0
