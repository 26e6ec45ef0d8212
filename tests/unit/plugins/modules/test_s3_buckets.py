"""s3_buckets driven through main() against a Stubber-validated S3 client: three buckets as the data tier has them."""

import copy
import json

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import s3_buckets

KEY = "arn:aws:kms:ap-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
APP, LOGS, ALB = "ecia-prod-app-123456789012", "ecia-prod-logs-123456789012", "ecia-prod-alb-logs-123456789012"
BLOCK_ALL = dict(
    block_public_acls=True, ignore_public_acls=True, block_public_policy=True, restrict_public_buckets=True
)
LIFECYCLE = dict(
    id="tiering-and-expiry",
    prefix="",
    transitions=[
        dict(transition_days=30, storage_class="standard_ia"),
        dict(transition_days=90, storage_class="glacier"),
    ],
    expiration_days=365,
    noncurrent_version_transitions=[
        dict(transition_days=30, storage_class="standard_ia"),
        dict(transition_days=90, storage_class="glacier"),
    ],
    noncurrent_version_expiration_days=365,
    abort_incomplete_multipart_upload_days=7,
)
# The rule as S3 answers it (transitions in another order than sent: the order means nothing).
LIFECYCLE_RULE = {
    "ID": "tiering-and-expiry",
    "Filter": {"Prefix": ""},
    "Status": "Enabled",
    "Expiration": {"Days": 365},
    "Transitions": [{"Days": 90, "StorageClass": "GLACIER"}, {"Days": 30, "StorageClass": "STANDARD_IA"}],
    "NoncurrentVersionTransitions": [
        {"NoncurrentDays": 30, "StorageClass": "STANDARD_IA"},
        {"NoncurrentDays": 90, "StorageClass": "GLACIER"},
    ],
    "NoncurrentVersionExpiration": {"NoncurrentDays": 365},
    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
}
CORS = [dict(allowed_origins=["*"], allowed_methods=["GET", "HEAD"], allowed_headers=["*"], max_age_seconds=3000)]
CORS_RULES = [
    {"AllowedOrigins": ["*"], "AllowedMethods": ["HEAD", "GET"], "AllowedHeaders": ["*"], "MaxAgeSeconds": 3000}
]


# A waiter matches on the HTTP status, which a stubbed response carries only when given.
EXISTS = {"ResponseMetadata": {"HTTPStatusCode": 200}}


def tls_only(name):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


def bucket(name, **changes):
    """A bucket of O(buckets) as the data tier role passes it."""
    item = dict(
        name=name,
        encryption="AES256",
        versioning=False,
        public_access=dict(BLOCK_ALL),
        object_ownership="BucketOwnerEnforced",
        policy=tls_only(name),
        tags={"Environment": "prod", "Name": name},
        purge_tags=True,
    )
    item.update(changes)
    return {k: v for k, v in item.items() if v is not None}


def three():
    return [
        bucket(
            APP,
            encryption="aws:kms",
            encryption_key_id=KEY,
            bucket_key_enabled=True,
            versioning=True,
            lifecycle_rules=[dict(LIFECYCLE)],
            cors_rules=copy.deepcopy(CORS),
        ),
        bucket(LOGS, lifecycle_rules=[dict(LIFECYCLE)]),
        bucket(ALB),
    ]


def aws_state(item):
    """What S3 answers for a bucket converged to ``item`` (the reads' responses, by operation)."""
    kms = item.get("encryption", "").startswith("aws:kms")
    default = {"SSEAlgorithm": item.get("encryption")}
    if kms and item.get("encryption_key_id"):
        default["KMSMasterKeyID"] = item["encryption_key_id"]
    pab = item.get("public_access") or {}
    return {
        "get_bucket_encryption": {
            "ServerSideEncryptionConfiguration": {
                "Rules": [
                    {
                        "ApplyServerSideEncryptionByDefault": default,
                        "BucketKeyEnabled": bool(item.get("bucket_key_enabled")),
                    }
                ]
            }
        },
        "get_bucket_versioning": {"Status": "Enabled"} if item.get("versioning") else {},
        "get_bucket_logging": (
            {
                "LoggingEnabled": {
                    "TargetBucket": item["logging"]["target_bucket"],
                    "TargetPrefix": item["logging"]["target_prefix"],
                }
            }
            if (item.get("logging") or {}).get("target_bucket")
            else {}
        ),
        "get_public_access_block": {
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": pab.get("block_public_acls", False),
                "IgnorePublicAcls": pab.get("ignore_public_acls", False),
                "BlockPublicPolicy": pab.get("block_public_policy", False),
                "RestrictPublicBuckets": pab.get("restrict_public_buckets", False),
            }
        },
        "get_bucket_ownership_controls": {
            "OwnershipControls": {"Rules": [{"ObjectOwnership": item.get("object_ownership", "")}]}
        },
        "get_bucket_policy": {"Policy": json.dumps(item.get("policy"))},
        "get_bucket_tagging": {"TagSet": [{"Key": k, "Value": v} for k, v in (item.get("tags") or {}).items()]},
        "get_bucket_lifecycle_configuration": {"Rules": [copy.deepcopy(LIFECYCLE_RULE)]},
        "get_bucket_cors": {"CORSRules": copy.deepcopy(CORS_RULES)},
    }


# Which option each read serves, in the order the module reads.
READS = [
    ("encryption", "get_bucket_encryption"),
    ("versioning", "get_bucket_versioning"),
    ("logging", "get_bucket_logging"),
    ("public_access", "get_public_access_block"),
    ("object_ownership", "get_bucket_ownership_controls"),
    ("policy", "get_bucket_policy"),
    ("tags", "get_bucket_tagging"),
    ("lifecycle_rules", "get_bucket_lifecycle_configuration"),
    ("cors_rules", "get_bucket_cors"),
]


def expect_reads(stub, item, overrides=None):
    """HeadBucket, then one Get per setting ``item`` manages (responses of a converged bucket unless overridden;
    an override that is a str is the error code S3 answers)."""
    name = item["name"]
    stub.add_response("head_bucket", {}, {"Bucket": name})
    state = aws_state(item)
    state.update(overrides or {})
    for option, operation in READS:
        if option not in item:
            continue
        if isinstance(state[operation], str):
            stub.add_client_error(operation, state[operation], "not found", 404, expected_params={"Bucket": name})
        else:
            stub.add_response(operation, state[operation], {"Bucket": name})


def expect_missing(stub, name):
    stub.add_client_error("head_bucket", "404", "Not Found", 404, expected_params={"Bucket": name})


@pytest.fixture
def s3(aws_client):
    return aws_client("s3", region="ap-south-1")


@pytest.fixture
def stub(s3):
    return s3[1]


@pytest.fixture
def run(run_module, s3):
    def run_(buckets, **kw):
        args = dict(region="ap-south-1", buckets=buckets)
        args.update({k: kw.pop(k) for k in ("state", "force") if k in kw})
        return run_module(s3_buckets.main, args, client=s3[0], **kw)

    return run_


def test_converged_buckets_are_read_and_left_alone(run, stub):
    for item in three():
        expect_reads(stub, item)

    result = run(three())

    assert not result["failed"], result.get("msg")
    assert result["changed"] is False
    assert result["changed_buckets"] == dict(created=[], updated=[], deleted=[])
    app = result["buckets"][0]
    assert app["encryption"] == dict(sse_algorithm="aws:kms", kms_master_key_id=KEY, bucket_key_enabled=True)
    assert app["versioning"] == "Enabled"
    assert app["lifecycle_rules"][0]["ID"] == "tiering-and-expiry"
    assert [b["name"] for b in result["buckets"]] == [APP, LOGS, ALB]
    assert "lifecycle_rules" not in result["buckets"][2] and "cors_rules" not in result["buckets"][1]


def test_one_drift_in_one_bucket_is_fixed_there_only(run, stub):
    items = three()
    expect_reads(stub, items[0])
    drifted = dict(aws_state(items[1])["get_public_access_block"])
    drifted["PublicAccessBlockConfiguration"] = dict(
        drifted["PublicAccessBlockConfiguration"], RestrictPublicBuckets=False
    )
    expect_reads(stub, items[1], {"get_public_access_block": drifted})
    stub.add_response(
        "put_public_access_block",
        {},
        {
            "Bucket": LOGS,
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        },
    )
    expect_reads(stub, items[2])

    result = run(items, diff=True)

    assert not result["failed"], result.get("msg")
    assert result["changed"] is True
    assert result["changed_buckets"] == dict(created=[], updated=[LOGS], deleted=[])
    assert result["diff"]["before"][LOGS]["public_access"]["restrict_public_buckets"] is False
    assert result["diff"]["after"][LOGS]["public_access"]["restrict_public_buckets"] is True
    assert result["diff"]["before"][APP] == result["diff"]["after"][APP]


def test_tags_are_replaced_whole_and_read_back(run, stub, sleeps):
    items = three()[2:]
    expect_reads(
        stub,
        items[0],
        {"get_bucket_tagging": {"TagSet": [{"Key": "Name", "Value": ALB}, {"Key": "Old", "Value": "x"}]}},
    )
    stub.add_response(
        "put_bucket_tagging",
        {},
        {
            "Bucket": ALB,
            "Tagging": {"TagSet": [{"Key": "Environment", "Value": "prod"}, {"Key": "Name", "Value": ALB}]},
        },
    )
    # S3 answers the old set once more, then the new one.
    stub.add_response("get_bucket_tagging", {"TagSet": [{"Key": "Name", "Value": ALB}, {"Key": "Old", "Value": "x"}]})
    stub.add_response(
        "get_bucket_tagging", {"TagSet": [{"Key": "Environment", "Value": "prod"}, {"Key": "Name", "Value": ALB}]}
    )

    result = run(items)

    assert result["changed"] is True
    assert result["buckets"][0]["tags"] == {"Environment": "prod", "Name": ALB}
    assert sleeps == [5]


def test_no_tags_left_deletes_the_tag_set(run, stub):
    item = dict(name=ALB, tags={})
    expect_reads(stub, item, {"get_bucket_tagging": {"TagSet": [{"Key": "Old", "Value": "x"}]}})
    stub.add_response("delete_bucket_tagging", {}, {"Bucket": ALB})
    stub.add_client_error("get_bucket_tagging", "NoSuchTagSet", "none", 404)

    result = run([item])

    assert result["changed"] is True
    assert result["buckets"][0]["tags"] == {}


def test_only_the_managed_settings_are_read(run, stub):
    item = dict(name=ALB, tags={"Name": ALB})
    expect_reads(stub, item)  # HeadBucket and GetBucketTagging only

    result = run([item])

    assert result["changed"] is False
    assert result["buckets"] == [{"name": ALB, "tags": {"Name": ALB}}]


def test_policy_compared_as_a_policy(run, stub):
    # Another spelling of the same policy: a list of one action, resources in another order, no Version.
    same = tls_only(ALB)
    statement = same["Statement"][0]
    statement.update(Action=["s3:*"], Resource=list(reversed(statement["Resource"])))
    item = dict(name=ALB, policy=tls_only(ALB))
    expect_reads(stub, item, {"get_bucket_policy": {"Policy": json.dumps(same)}})

    assert run([item])["changed"] is False


def test_a_different_policy_is_put_and_read_back(run, stub):
    item = dict(name=ALB, policy=json.dumps(tls_only(ALB)))
    other = tls_only(ALB)
    other["Statement"][0]["Effect"] = "Allow"
    expect_reads(stub, item, {"get_bucket_policy": {"Policy": json.dumps(other)}})
    stub.add_response("put_bucket_policy", {}, {"Bucket": ALB, "Policy": json.dumps(tls_only(ALB))})
    stub.add_response("get_bucket_policy", {"Policy": json.dumps(tls_only(ALB))}, {"Bucket": ALB})

    result = run([item])

    assert result["changed"] is True
    assert result["buckets"][0]["policy"] == tls_only(ALB)


def test_empty_policy_removes_it(run, stub):
    item = dict(name=ALB, policy="")
    expect_reads(stub, item, {"get_bucket_policy": {"Policy": json.dumps(tls_only(ALB))}})
    stub.add_response("delete_bucket_policy", {}, {"Bucket": ALB})
    stub.add_client_error("get_bucket_policy", "NoSuchBucketPolicy", "none", 404)

    result = run([item])

    assert result["changed"] is True
    assert result["buckets"][0]["policy"] == {}


def test_check_mode_predicts_without_writing(run, stub):
    items = three()
    expect_reads(stub, items[0], {"get_bucket_versioning": {"Status": "Suspended"}})
    expect_missing(stub, LOGS)
    expect_reads(stub, items[2])

    result = run(items, check_mode=True)

    assert result["changed"] is True
    assert result["changed_buckets"] == dict(created=[LOGS], updated=[APP], deleted=[])
    assert result["buckets"][0]["versioning"] == "Enabled"
    logs = result["buckets"][1]
    assert logs["versioning"] == "" and logs["public_access"] == BLOCK_ALL
    assert logs["lifecycle_rules"][0]["Transitions"][0] == {"Days": 30, "StorageClass": "STANDARD_IA"}


def test_missing_bucket_is_created_in_the_region_and_configured(run, stub):
    item = bucket(LOGS, lifecycle_rules=[dict(LIFECYCLE)])
    expect_missing(stub, LOGS)
    stub.add_response(
        "create_bucket", {}, {"Bucket": LOGS, "CreateBucketConfiguration": {"LocationConstraint": "ap-south-1"}}
    )
    stub.add_response("head_bucket", EXISTS, {"Bucket": LOGS})  # the bucket_exists waiter
    state = aws_state(item)
    stub.add_response(
        "put_bucket_encryption",
        {},
        {
            "Bucket": LOGS,
            "ServerSideEncryptionConfiguration": {
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}]
            },
        },
    )
    # versioning false on a bucket never versioned: nothing to write
    stub.add_response(
        "put_public_access_block",
        {},
        {
            "Bucket": LOGS,
            "PublicAccessBlockConfiguration": state["get_public_access_block"]["PublicAccessBlockConfiguration"],
        },
    )
    stub.add_response(
        "put_bucket_ownership_controls",
        {},
        {"Bucket": LOGS, "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}},
    )
    stub.add_response("put_bucket_policy", {}, {"Bucket": LOGS, "Policy": json.dumps(tls_only(LOGS))})
    stub.add_response(
        "put_bucket_tagging",
        {},
        {
            "Bucket": LOGS,
            "Tagging": {"TagSet": [{"Key": "Environment", "Value": "prod"}, {"Key": "Name", "Value": LOGS}]},
        },
    )
    sent = s3_buckets.normalize_lifecycle_rule(LIFECYCLE_RULE)
    stub.add_response(
        "put_bucket_lifecycle_configuration", {}, {"Bucket": LOGS, "LifecycleConfiguration": {"Rules": [sent]}}
    )
    for operation in ("get_bucket_encryption", "get_bucket_policy", "get_bucket_tagging"):
        stub.add_response(operation, state[operation], {"Bucket": LOGS})

    result = run([item])

    assert not result["failed"], result.get("msg")
    assert result["changed_buckets"]["created"] == [LOGS]
    assert result["buckets"][0]["versioning"] == ""
    assert result["buckets"][0]["lifecycle_rules"] == [sent]


def test_us_east_1_bucket_has_no_location_constraint(run_module, aws_client):
    client, stub = aws_client("s3", region="us-east-1")
    expect_missing(stub, ALB)
    stub.add_response("create_bucket", {}, {"Bucket": ALB})
    stub.add_response("head_bucket", EXISTS, {"Bucket": ALB})

    result = run_module(s3_buckets.main, dict(region="us-east-1", buckets=[dict(name=ALB)]), client=client)

    assert not result["failed"], result["msg"]
    assert result["changed_buckets"]["created"] == [ALB]
    assert result["buckets"] == [{"name": ALB}]


def test_versioning_is_suspended_never_removed(run, stub):
    item = dict(name=APP, versioning=False)
    expect_reads(stub, item, {"get_bucket_versioning": {"Status": "Enabled"}})
    stub.add_response("put_bucket_versioning", {}, {"Bucket": APP, "VersioningConfiguration": {"Status": "Suspended"}})
    stub.add_response("get_bucket_versioning", {"Status": "Suspended"}, {"Bucket": APP})
    expect_reads(stub, dict(item, name=LOGS))  # never versioned: stays so

    result = run([item, dict(item, name=LOGS)])

    assert result["changed_buckets"]["updated"] == [APP]
    assert [b["versioning"] for b in result["buckets"]] == ["Suspended", ""]


ACCESS_LOGS = dict(target_bucket=LOGS, target_prefix=f"s3-access/{APP}/")


def test_access_logging_compared_whole_and_turned_off_with_an_empty_dict(run, stub):
    logged = dict(name=APP, logging=dict(ACCESS_LOGS))
    expect_reads(stub, logged)  # converged: no write
    moved = dict(logged, logging=dict(ACCESS_LOGS, target_prefix="other/"))
    expect_reads(stub, moved, {"get_bucket_logging": aws_state(logged)["get_bucket_logging"]})
    stub.add_response(
        "put_bucket_logging",
        {},
        {
            "Bucket": APP,
            "BucketLoggingStatus": {"LoggingEnabled": {"TargetBucket": LOGS, "TargetPrefix": "other/"}},
        },
    )

    assert run([logged])["changed"] is False
    result = run([moved])

    assert result["changed_buckets"]["updated"] == [APP]
    assert result["buckets"][0]["logging"] == dict(target_bucket=LOGS, target_prefix="other/")
    assert result["diff"]["before"][APP]["logging"]["target_prefix"] == f"s3-access/{APP}/"

    off = dict(name=APP, logging={})
    expect_reads(stub, off, {"get_bucket_logging": aws_state(logged)["get_bucket_logging"]})
    stub.add_response("put_bucket_logging", {}, {"Bucket": APP, "BucketLoggingStatus": {}})
    assert run([off])["buckets"][0]["logging"] == {}
    stub.assert_no_pending_responses()


def test_access_logging_drift_under_check_mode_writes_nothing(run, stub):
    logged = dict(name=APP, logging=dict(ACCESS_LOGS))
    expect_reads(stub, logged, {"get_bucket_logging": {}})

    result = run([logged], check_mode=True)

    assert result["changed"] is True and result["buckets"][0]["logging"] == ACCESS_LOGS
    stub.assert_no_pending_responses()


def test_encryption_key_and_bucket_key_compared(run, stub):
    item = dict(name=APP, encryption="aws:kms", encryption_key_id=KEY, bucket_key_enabled=True)
    other_key = {
        "ServerSideEncryptionConfiguration": {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/other"},
                    "BucketKeyEnabled": True,
                }
            ]
        }
    }
    expect_reads(stub, item, {"get_bucket_encryption": other_key})
    wanted = {
        "Rules": [
            {
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KEY},
                "BucketKeyEnabled": True,
            }
        ]
    }
    stub.add_response("put_bucket_encryption", {}, {"Bucket": APP, "ServerSideEncryptionConfiguration": wanted})
    stub.add_response("get_bucket_encryption", {"ServerSideEncryptionConfiguration": wanted}, {"Bucket": APP})

    result = run([item])

    assert result["changed"] is True
    assert result["buckets"][0]["encryption"]["kms_master_key_id"] == KEY


def test_no_default_encryption_is_drift(run, stub):
    item = dict(name=LOGS, encryption="AES256")
    expect_reads(stub, item, {"get_bucket_encryption": "ServerSideEncryptionConfigurationNotFoundError"})

    result = run([item], check_mode=True)

    assert result["changed"] is True
    assert result["buckets"][0]["encryption"] == dict(
        sse_algorithm="AES256", kms_master_key_id=None, bucket_key_enabled=False
    )


def test_lifecycle_keeps_other_rules_unless_purged(run, stub):
    other = {"ID": "old", "Filter": {}, "Status": "Enabled", "Expiration": {"Days": 10}}
    answer = {"Rules": [copy.deepcopy(LIFECYCLE_RULE), other]}
    item = dict(name=LOGS, lifecycle_rules=[dict(LIFECYCLE)])
    expect_reads(stub, item, {"get_bucket_lifecycle_configuration": answer})
    expect_reads(stub, dict(item, name=APP, purge_lifecycle_rules=True), {"get_bucket_lifecycle_configuration": answer})
    sent = s3_buckets.normalize_lifecycle_rule(LIFECYCLE_RULE)
    stub.add_response(
        "put_bucket_lifecycle_configuration", {}, {"Bucket": APP, "LifecycleConfiguration": {"Rules": [sent]}}
    )

    result = run([item, dict(item, name=APP, purge_lifecycle_rules=True)])

    assert result["changed_buckets"]["updated"] == [APP]
    assert [r["ID"] for r in result["buckets"][0]["lifecycle_rules"]] == ["old", "tiering-and-expiry"]
    assert [r["ID"] for r in result["buckets"][1]["lifecycle_rules"]] == ["tiering-and-expiry"]


def test_lifecycle_rule_compared_whole(run, stub):
    item = dict(name=LOGS, lifecycle_rules=[dict(LIFECYCLE, abort_incomplete_multipart_upload_days=None)])
    expect_reads(stub, item)  # S3 has the abort action the rule no longer lists

    result = run([item], check_mode=True)

    assert result["changed"] is True
    assert "AbortIncompleteMultipartUpload" not in result["buckets"][0]["lifecycle_rules"][0]


def test_no_lifecycle_rules_with_purge_deletes_the_configuration(run, stub):
    item = dict(name=LOGS, lifecycle_rules=[], purge_lifecycle_rules=True)
    expect_reads(stub, item)
    stub.add_response("delete_bucket_lifecycle", {}, {"Bucket": LOGS})

    assert run([item])["changed"] is True


def test_cors_compared_as_s3_cors_and_removed_with_empty_rules(run, stub):
    expect_reads(stub, dict(name=APP, cors_rules=CORS))  # same rules, methods in another order
    expect_reads(stub, dict(name=LOGS, cors_rules=[]))
    stub.add_response("delete_bucket_cors", {}, {"Bucket": LOGS})
    expect_reads(stub, dict(name=ALB, cors_rules=CORS), {"get_bucket_cors": "NoSuchCORSConfiguration"})
    stub.add_response(
        "put_bucket_cors",
        {},
        {
            "Bucket": ALB,
            "CORSConfiguration": {
                "CORSRules": [
                    {
                        "AllowedOrigins": ["*"],
                        "AllowedMethods": ["GET", "HEAD"],
                        "AllowedHeaders": ["*"],
                        "MaxAgeSeconds": 3000,
                    }
                ]
            },
        },
    )

    result = run([dict(name=APP, cors_rules=CORS), dict(name=LOGS, cors_rules=[]), dict(name=ALB, cors_rules=CORS)])

    assert result["changed_buckets"]["updated"] == [LOGS, ALB]


def test_absent_empties_with_force_and_deletes(run, stub):
    stub.add_response("head_bucket", {}, {"Bucket": APP})
    stub.add_response(
        "list_object_versions",
        {
            "IsTruncated": False,
            "Versions": [{"Key": "a", "VersionId": "v1"}, {"Key": "b", "VersionId": "null"}],
            "DeleteMarkers": [{"Key": "a", "VersionId": "v2"}],
        },
        {"Bucket": APP},
    )
    stub.add_response(
        "delete_objects",
        {"Deleted": []},
        {
            "Bucket": APP,
            "Delete": {
                "Objects": [{"Key": "a", "VersionId": "v1"}, {"Key": "b"}, {"Key": "a", "VersionId": "v2"}],
                "Quiet": True,
            },
        },
    )
    stub.add_response("delete_bucket", {}, {"Bucket": APP})
    expect_missing(stub, APP)  # the bucket_not_exists waiter
    expect_missing(stub, LOGS)

    result = run([dict(name=APP), dict(name=LOGS)], state="absent", force=True)

    assert not result["failed"], result.get("msg")
    assert result["changed_buckets"] == dict(created=[], updated=[], deleted=[APP])
    assert result["buckets"] == []


def test_absent_without_force_does_not_empty(run, stub):
    stub.add_response("head_bucket", {}, {"Bucket": APP})
    stub.add_client_error("delete_bucket", "BucketNotEmpty", "not empty", 409)

    result = run([dict(name=APP)], state="absent")

    assert result["failed"] is True
    assert "delete bucket" in result["msg"]


def test_absent_check_mode_deletes_nothing(run, stub):
    stub.add_response("head_bucket", {}, {"Bucket": APP})

    result = run([dict(name=APP)], state="absent", force=True, check_mode=True)

    assert result["changed_buckets"]["deleted"] == [APP]


@pytest.mark.parametrize(
    "items, message",
    [
        ([dict(name="Bad_Name")], "buckets[0] (Bad_Name): name must be 3 to 63 characters"),
        ([dict(name="192.168.1.10")], "not an IP address"),
        ([dict(name=APP), dict(name=APP)], "buckets: names must be unique: " + APP),
        ([dict(name=APP, encryption="AES256", encryption_key_id=KEY)], "encryption_key_id needs encryption aws:kms"),
        ([dict(name=APP, encryption="AES256", bucket_key_enabled=True)], "bucket_key_enabled needs encryption aws:kms"),
        ([dict(name=APP, policy="{not json")], "policy is not valid JSON"),
        ([dict(name=APP, tags={"aws:owner": "x"})], "key 'aws:owner' must be 1 to 128 characters"),
        ([dict(name=APP, lifecycle_rules=[dict(id="x")])], "lifecycle_rules[0] (x): a rule needs at least one action"),
        (
            [dict(name=APP, lifecycle_rules=[dict(id="x", expiration_days=1), dict(id="x", expiration_days=2)])],
            "lifecycle_rules[].id: names must be unique: x",
        ),
        ([dict(name=APP, lifecycle_rules=[dict(id="x", expiration_days=0)])], "expiration_days must be 1 or more"),
        ([dict(name=APP, cors_rules=[dict(allowed_origins=[], allowed_methods=["GET"])])], "must not be empty"),
        ([dict(name=APP, logging=dict(target_prefix="x/"))], "logging.target_prefix needs logging.target_bucket"),
        ([dict(name=APP, logging=dict(target_bucket="Bad_Name"))], "logging.target_bucket 'Bad_Name' is not a valid"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, items, message):
    result = run_module(s3_buckets.main, dict(region="ap-south-1", buckets=items))

    assert result["failed"] is True
    assert message in result["msg"]


def test_bad_choice_fails_before_any_call(run_module):
    items = [dict(name=APP, cors_rules=[dict(allowed_origins=["*"], allowed_methods=["PATCH"])])]
    result = run_module(s3_buckets.main, dict(region="ap-south-1", buckets=items))

    assert result["failed"] is True
    assert "allowed_methods" in result["msg"]


def test_write_right_after_create_retries_no_such_bucket(run_module, aws_client, sleeps):
    # S3 is eventually consistent: a bucket just created may answer NoSuchBucket for a moment.
    client, stub = aws_client("s3", region="us-east-1")
    expect_missing(stub, ALB)
    stub.add_response("create_bucket", {}, {"Bucket": ALB})
    stub.add_response("head_bucket", EXISTS, {"Bucket": ALB})
    tagging = {"Bucket": ALB, "Tagging": {"TagSet": [{"Key": "Name", "Value": ALB}]}}
    stub.add_client_error("put_bucket_tagging", "NoSuchBucket", "not yet", 404, expected_params=tagging)
    stub.add_response("put_bucket_tagging", {}, tagging)
    stub.add_response("get_bucket_tagging", {"TagSet": [{"Key": "Name", "Value": ALB}]}, {"Bucket": ALB})

    args = dict(region="us-east-1", buckets=[dict(name=ALB, tags={"Name": ALB})])
    result = run_module(s3_buckets.main, args, client=client)

    assert not result["failed"], result.get("msg")
    assert result["buckets"] == [{"name": ALB, "tags": {"Name": ALB}}]
    assert len(sleeps) == 1
