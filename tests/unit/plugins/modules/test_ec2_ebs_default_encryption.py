"""ec2_ebs_default_encryption through main() against Stubber-validated ec2 (and kms) clients."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import ec2_ebs_default_encryption as module

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture
def clients(aws_client):
    ec2, kms = aws_client("ec2"), aws_client("kms")
    return {"ec2": ec2, "kms": kms}


@pytest.fixture
def run(run_module, clients):
    def run_(args, **kw):
        return run_module(module.main, args, client=Clients(clients["ec2"][0], clients["kms"][0]), **kw)

    return run_


class Clients:
    """module.client() returns one object for every service: this one answers with the client that has the call."""

    def __init__(self, *clients):
        self.clients = clients

    def __getattr__(self, name):
        return getattr(next(c for c in self.clients if hasattr(c, name)), name)


def expect_read(stub, enabled, key="alias/aws/ebs"):
    stub.add_response("get_ebs_encryption_by_default", {"EbsEncryptionByDefault": enabled}, {})
    stub.add_response("get_ebs_default_kms_key_id", {"KmsKeyId": key}, {})


def test_enable_with_a_key_by_alias(clients, run):
    ec2, kms = clients["ec2"][1], clients["kms"][1]
    kms.add_response(
        "describe_key",
        {"KeyMetadata": {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "Arn": KEY}},
        {"KeyId": "alias/ebs"},
    )
    expect_read(ec2, False)
    ec2.add_response("modify_ebs_default_kms_key_id", {"KmsKeyId": KEY}, {"KmsKeyId": KEY})
    ec2.add_response("enable_ebs_encryption_by_default", {"EbsEncryptionByDefault": True}, {})
    expect_read(ec2, True, KEY)
    result = run({"kms_key_id": "alias/ebs"}, diff=True)
    assert result["changed"] and result["ebs_default_encryption"] == {
        "ebs_encryption_by_default": True,
        "kms_key_id": KEY,
    }
    assert result["diff"]["before"]["ebs_encryption_by_default"] is False


def test_noop_with_key_arn(clients, run):
    expect_read(clients["ec2"][1], True, KEY)
    assert not run({"kms_key_id": KEY})["changed"]


def test_an_alias_arn_is_resolved_to_its_key_arn(clients, run):
    alias = "arn:aws:kms:us-east-1:123456789012:alias/ebs"  # a KMS ARN, but not a key's: DescribeKey tells the key
    clients["kms"][1].add_response("describe_key", {"KeyMetadata": {"KeyId": "1234", "Arn": KEY}}, {"KeyId": alias})
    expect_read(clients["ec2"][1], True, KEY)
    assert not run({"kms_key_id": alias})["changed"]


def test_unset_key_is_left_alone(clients, run):
    expect_read(clients["ec2"][1], True, KEY)
    assert not run({})["changed"]


def test_back_to_the_aws_managed_key(clients, run):
    ec2 = clients["ec2"][1]
    expect_read(ec2, True, KEY)
    ec2.add_response("reset_ebs_default_kms_key_id", {"KmsKeyId": KEY.replace("1234abcd", "99999999")}, {})
    expect_read(ec2, True)
    result = run({"kms_key_id": "alias/aws/ebs"})
    assert result["changed"] and result["ebs_default_encryption"]["kms_key_id"] == "alias/aws/ebs"


def test_disable(clients, run):
    ec2 = clients["ec2"][1]
    expect_read(ec2, True)
    ec2.add_response("disable_ebs_encryption_by_default", {"EbsEncryptionByDefault": False}, {})
    expect_read(ec2, False)
    result = run({"state": "absent"})
    assert result["changed"] and result["ebs_default_encryption"]["ebs_encryption_by_default"] is False


def test_check_mode_makes_no_write(clients, run):
    expect_read(clients["ec2"][1], False)
    result = run({"kms_key_id": KEY}, check_mode=True)
    assert result["changed"] and result["ebs_default_encryption"] == {
        "ebs_encryption_by_default": True,
        "kms_key_id": KEY,
    }


def test_check_mode_with_a_key_not_created_yet(clients, run):
    clients["kms"][1].add_client_error("describe_key", "NotFoundException", "no such alias", 400)
    expect_read(clients["ec2"][1], False)
    result = run({"kms_key_id": "alias/new"}, check_mode=True)
    assert result["changed"] and result["ebs_default_encryption"]["kms_key_id"] == "alias/new"


def test_missing_key_fails(clients, run):
    clients["kms"][1].add_client_error("describe_key", "NotFoundException", "no such alias", 400)
    result = run({"kms_key_id": "alias/nope"})
    assert result["failed"] and "kms_key_id alias/nope not found" in result["msg"]


def test_bad_input(run_module):
    result = run_module(module.main, {"state": "absent", "kms_key_id": KEY})
    assert result["failed"] and "kms_key_id is only used with state=present" in result["msg"]


# ------------------------------------------------------------------ regions
REGIONS = ["eu-west-1", "eu-central-1", "us-east-1"]


def key_in(region):
    return KEY.replace("us-east-1", region)


@pytest.fixture
def by_region(aws_client):
    return {region: (aws_client("ec2", region=region), aws_client("kms", region=region)) for region in REGIONS}


@pytest.fixture
def run_regions(run_module, by_region):
    def run_(args, **kw):
        clients = {region: Clients(ec2[0], kms[0]) for region, (ec2, kms) in by_region.items()}
        return run_module(module.main, dict(args, regions=REGIONS), client=clients, **kw)

    return run_


def expect_alias(kms_stub, region):
    kms_stub.add_response(
        "describe_key",
        {"KeyMetadata": {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "Arn": key_in(region)}},
        {"KeyId": "alias/ebs"},
    )


def test_regions_noop_reads_each_region_and_resolves_the_alias_there(by_region, run_regions):
    for region, (ec2, kms) in by_region.items():
        expect_alias(kms[1], region)
        expect_read(ec2[1], True, key_in(region))
    result = run_regions({"kms_key_id": "alias/ebs"}, diff=True)
    assert not result["changed"] and "ebs_default_encryption" not in result
    assert {r: v["ebs_default_encryption"]["kms_key_id"] for r, v in result["regions"].items()} == {
        r: key_in(r) for r in REGIONS
    }
    assert [d["before_header"] for d in result["diff"]] == [f"ebs_default_encryption in {r}" for r in REGIONS]


def test_regions_one_attribute_drift_in_one_region_is_fixed_only_there(by_region, run_regions):
    for region, (ec2, _kms) in by_region.items():
        expect_read(ec2[1], region != "eu-central-1")
    ec2 = by_region["eu-central-1"][0][1]
    ec2.add_response("enable_ebs_encryption_by_default", {"EbsEncryptionByDefault": True}, {})
    expect_read(ec2, True)
    result = run_regions({}, diff=True)
    assert result["changed"]
    changed = [d for d in result["diff"] if d["before"] != d["after"]]
    assert [d["before_header"] for d in changed] == ["ebs_default_encryption in eu-central-1"]
    assert changed[0]["before"] == {"ebs_encryption_by_default": False, "kms_key_id": "alias/aws/ebs"}
    assert changed[0]["after"] == {"ebs_encryption_by_default": True, "kms_key_id": "alias/aws/ebs"}


def test_regions_check_mode_makes_no_write(by_region, run_regions):
    for region, (ec2, _kms) in by_region.items():
        expect_read(ec2[1], region == "eu-west-1")
    result = run_regions({"kms_key_id": "alias/aws/ebs"}, check_mode=True)
    assert result["changed"]
    assert all(v["ebs_default_encryption"]["ebs_encryption_by_default"] for v in result["regions"].values())


def test_regions_a_missing_key_fails_naming_its_region(by_region, run_regions):
    expect_alias(by_region["eu-west-1"][1][1], "eu-west-1")
    expect_read(by_region["eu-west-1"][0][1], True, key_in("eu-west-1"))
    by_region["eu-central-1"][1][1].add_client_error("describe_key", "NotFoundException", "no such alias", 400)
    result = run_regions({"kms_key_id": "alias/ebs"})
    assert result["failed"] and "kms_key_id alias/ebs not found in eu-central-1" in result["msg"]
