"""Snapshots: a loaded endpoint answers exactly as the saved one did (ids, tags, account ids, extension state)."""

import os
import subprocess
import sys

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from conftest import NO_RETRIES, REPO_ROOT, wait_until_up


def _post(endpoint, route, **body):
    reply = requests.post(f"{endpoint}/_prodgrade/{route}", json=body, timeout=120)
    assert reply.status_code == 200, reply.text
    return reply.json()


def _member_client(client, org):
    """A client in a new member account, through its OrganizationAccountAccessRole (as the playbooks reach one)."""
    status = org.create_account(AccountName="dev", Email="aws-dev@company.com")["CreateAccountStatus"]
    account = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
    return account["AccountId"], _member(client, account["AccountId"])


def _member(client, account_id):
    creds = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="snapshot"
    )["Credentials"]
    keys = {
        "aws_access_key_id": creds["AccessKeyId"],
        "aws_secret_access_key": creds["SecretAccessKey"],
        "aws_session_token": creds["SessionToken"],
    }
    return lambda service, region="us-east-1": client(service, region, **keys)


def _estate(client, member):
    """What a test would read back from the estate: ids, tags, accounts, extension state."""
    org = client("organizations")
    ec2 = member("ec2", "eu-west-1")
    return {
        "accounts": sorted((a["Id"], a["Email"]) for a in org.list_accounts()["Accounts"]),
        "roots": org.list_roots()["Roots"][0]["Id"],
        "ous": sorted(
            (ou["Id"], ou["Name"])
            for ou in org.list_organizational_units_for_parent(ParentId=org.list_roots()["Roots"][0]["Id"])[
                "OrganizationalUnits"
            ]
        ),
        "vpcs": sorted(
            (v["VpcId"], v["CidrBlock"], tuple(sorted((t["Key"], t["Value"]) for t in v.get("Tags", []))))
            for v in ec2.describe_vpcs()["Vpcs"]
        ),
        "subnets": sorted((s["SubnetId"], s["VpcId"], s["CidrBlock"]) for s in ec2.describe_subnets()["Subnets"]),
        "buckets": sorted(b["Name"] for b in member("s3").list_buckets()["Buckets"]),
        "bucket_tags": member("s3").get_bucket_tagging(Bucket="snap-app")["TagSet"],
        # Object bodies live in temporary files: they must be open and whole after a load (and after a second one).
        "objects": [(o["Key"], o["ETag"]) for o in member("s3").list_objects(Bucket="snap-app")["Contents"]],
        "body": member("s3").get_object(Bucket="snap-app", Key="a/b.txt")["Body"].read(),
        # An operation our extension serves (moto has none): its state lives in emulator.registry.STATE.
        "ebs_default_key": ec2.get_ebs_default_kms_key_id()["KmsKeyId"],
        "parameter": member("ssm", "eu-west-1").get_parameter(Name="/snap/p")["Parameter"]["Value"],
        "securityhub_admin": member("securityhub", "eu-west-1").describe_organization_configuration()["AutoEnable"],
        "key_alias": sorted(
            (a["AliasName"], a.get("TargetKeyId"))
            for a in member("kms", "eu-west-1").list_aliases()["Aliases"]
            if a["AliasName"] == "alias/snap"
        ),
    }


def _build(client):
    """An organization with a member account holding a little of every kind of state a snapshot must keep."""
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    org.create_organizational_unit(ParentId=org.list_roots()["Roots"][0]["Id"], Name="Workloads")
    account_id, member = _member_client(client, org)
    ec2 = member("ec2", "eu-west-1")
    vpc = ec2.create_vpc(
        CidrBlock="10.7.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "v"}]}]
    )["Vpc"]["VpcId"]
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.1.0/24", AvailabilityZone="eu-west-1a")
    key = member("kms", "eu-west-1").create_key()["KeyMetadata"]["KeyId"]
    member("kms", "eu-west-1").create_alias(AliasName="alias/snap", TargetKeyId=key)
    ec2.modify_ebs_default_kms_key_id(KmsKeyId=key)
    # SSM's backend keeps a defaultdict with a lambda default (pickle cannot name it).
    member("ssm", "eu-west-1").put_parameter(Name="/snap/p", Value="v1", Type="String")
    # Security Hub keeps the organization's delegated administrator on its backend class, not in an account.
    client("securityhub", "eu-west-1").enable_security_hub()
    client("securityhub", "eu-west-1").enable_organization_admin_account(AdminAccountId=account_id)
    member("s3").create_bucket(Bucket="snap-app")
    member("s3").put_bucket_tagging(Bucket="snap-app", Tagging={"TagSet": [{"Key": "env", "Value": "dev"}]})
    member("s3").put_object(Bucket="snap-app", Key="a/b.txt", Body=b"kept")
    return account_id, member, vpc


def test_a_loaded_endpoint_answers_as_the_saved_one(client, endpoint, calls, tmp_path):
    org = client("organizations")
    account_id, member, vpc = _build(client)
    ec2 = member("ec2", "eu-west-1")
    before = _estate(client, member)

    saved = _post(endpoint, "state/save", path=str(tmp_path / "estate.pickle"))
    assert saved["accounts"] >= 2 and saved["bytes"] > 0
    requests.post(f"{endpoint}/moto-api/reset", timeout=60).raise_for_status()
    with pytest.raises(ClientError):  # really gone: no organization after the reset
        org.describe_organization()

    _post(endpoint, "state/load", path=str(tmp_path / "estate.pickle"))
    assert calls()["total"] == 0  # a load starts the counts afresh, as a reset does
    # The member's role and credentials work again, and every answer is the saved one.
    assert member("sts").get_caller_identity()["Account"] == account_id
    assert _estate(client, member) == before

    # The loaded state is live, not a copy beside it: the bucket name is still taken (S3's global name index),
    # and new resources go into the restored VPC.
    with pytest.raises(ClientError) as taken:
        client("s3").create_bucket(Bucket="snap-app")
    assert taken.value.response["Error"]["Code"] in ("BucketAlreadyExists", "BucketAlreadyOwnedByYou")
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.2.0/24", AvailabilityZone="eu-west-1b")
    assert len(ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]) == 2
    member("ssm", "eu-west-1").put_parameter(Name="/snap/p", Value="v2", Type="String", Overwrite=True)
    member("ssm", "eu-west-1").label_parameter_version(Name="/snap/p", Labels=["current"])  # the lambda's dicts

    # Loading again drops what was done since, and the snapshot can be loaded any number of times.
    _post(endpoint, "state/load", path=str(tmp_path / "estate.pickle"))
    assert _estate(client, member) == before


def test_a_missing_snapshot_is_a_client_error_and_leaves_the_state(client, endpoint, tmp_path):
    client("s3").create_bucket(Bucket="kept")
    reply = requests.post(f"{endpoint}/_prodgrade/state/load", json={"path": str(tmp_path / "none")}, timeout=30)
    assert reply.status_code == 400 and "none" in reply.json()["error"]
    reply = requests.post(f"{endpoint}/_prodgrade/state/load", json={}, timeout=30)
    assert reply.status_code == 400
    assert [b["Name"] for b in client("s3").list_buckets()["Buckets"]] == ["kept"]


def test_a_fresh_endpoint_loads_it_too(client, endpoint, tmp_path, unused_port):
    """Into another endpoint process (as the integration tier's second worker loads the first one's estate): state
    moto keeps outside its backends' dicts (Security Hub's organization configuration) comes along."""
    account_id, member, _ = _build(client)
    before = _estate(client, member)
    _post(endpoint, "state/save", path=str(tmp_path / "estate.pickle"))

    url = f"http://127.0.0.1:{unused_port}"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    with open(tmp_path / "second.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "run", "--port", str(unused_port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(url, proc)
        _post(url, "state/load", path=str(tmp_path / "estate.pickle"))

        def second(service, region="us-east-1", **creds):
            creds = creds or {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
            return boto3.client(service, endpoint_url=url, region_name=region, config=NO_RETRIES, **creds)

        assert _estate(second, _member(second, account_id)) == before
    finally:
        proc.terminate()
        proc.wait(timeout=30)
