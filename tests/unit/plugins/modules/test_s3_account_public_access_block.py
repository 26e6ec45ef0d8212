"""s3_account_public_access_block through main() against Stubber-validated s3control (and sts) clients."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import s3_account_public_access_block as module

ACCOUNT = "123456789012"
ALL_ON = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
ARGS = {
    "account_id": ACCOUNT,
    "block_public_acls": True,
    "ignore_public_acls": True,
    "block_public_policy": True,
    "restrict_public_buckets": True,
}


@pytest.fixture
def s3c(aws_client):
    return aws_client("s3control")


@pytest.fixture
def stub(s3c):
    return s3c[1]


@pytest.fixture
def run(run_module, s3c):
    def run_(args=None, **kw):
        merged = {k: v for k, v in dict(ARGS, **(args or {})).items() if v is not None}
        return run_module(module.main, merged, client=s3c[0], **kw)

    return run_


def expect_get(stub, config=None):
    if config is None:
        stub.add_client_error(
            "get_public_access_block",
            "NoSuchPublicAccessBlockConfiguration",
            "none",
            404,
            expected_params={"AccountId": ACCOUNT},
        )
    else:
        stub.add_response("get_public_access_block", {"PublicAccessBlockConfiguration": config}, {"AccountId": ACCOUNT})


def test_create(stub, run):
    expect_get(stub)
    stub.add_response("put_public_access_block", {}, {"AccountId": ACCOUNT, "PublicAccessBlockConfiguration": ALL_ON})
    expect_get(stub, ALL_ON)
    result = run(diff=True)
    assert result["changed"] and all(result["public_access_block_configuration"].values())
    assert result["diff"]["before"] == {} and result["account_id"] == ACCOUNT


def test_noop(stub, run):
    expect_get(stub, ALL_ON)
    assert not run()["changed"]


def test_update_one_flag_keeps_the_others(stub, run):
    expect_get(stub, dict(ALL_ON, RestrictPublicBuckets=False))
    stub.add_response("put_public_access_block", {}, {"AccountId": ACCOUNT, "PublicAccessBlockConfiguration": ALL_ON})
    expect_get(stub, ALL_ON)
    args = {"block_public_acls": None, "ignore_public_acls": None, "block_public_policy": None}
    result = run(args, diff=True)
    assert result["changed"] and result["diff"]["before"]["restrict_public_buckets"] is False


def test_delete(stub, run):
    expect_get(stub, ALL_ON)
    stub.add_response("delete_public_access_block", {}, {"AccountId": ACCOUNT})
    result = run({"state": "absent"})
    assert result["changed"] and result["public_access_block_configuration"] == {}


def test_read_only_when_nothing_set(stub, run):
    expect_get(stub)
    flags = dict.fromkeys(["block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"])
    result = run(flags)
    assert not result["changed"] and result["public_access_block_configuration"] == {}


def test_check_mode_makes_no_write(stub, run):
    expect_get(stub)
    result = run({"restrict_public_buckets": False}, check_mode=True)
    assert result["changed"]
    assert result["public_access_block_configuration"] == {
        "block_public_acls": True,
        "ignore_public_acls": True,
        "block_public_policy": True,
        "restrict_public_buckets": False,
    }


class Clients:
    """module.client() returns one object for every service: this one answers with the client that has the call."""

    def __init__(self, *clients):
        self.clients = clients

    def __getattr__(self, name):
        return getattr(next(c for c in self.clients if hasattr(c, name)), name)


def test_account_from_sts(run_module, aws_client):
    sts, sts_stub = aws_client("sts")
    s3c, s3c_stub = aws_client("s3control")
    sts_stub.add_response(
        "get_caller_identity", {"Account": ACCOUNT, "Arn": "arn:aws:iam::123456789012:root", "UserId": "x"}, {}
    )
    expect_get(s3c_stub, ALL_ON)
    args = {k: v for k, v in ARGS.items() if k != "account_id"}
    result = run_module(module.main, args, client=Clients(sts, s3c))
    assert not result["changed"] and result["account_id"] == ACCOUNT


def test_bad_account_id(run_module):
    result = run_module(module.main, dict(ARGS, account_id="prod"))
    assert result["failed"] and "account_id must be a 12-digit account id" in result["msg"]
