"""The shared input rules: one definition of a region, of an account id, of CloudWatch Logs retentions, and ARNs
read with amazon.aws's parse_aws_arn."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.plugin_utils import inputs


@pytest.mark.parametrize(
    "value, allowed, problem",
    [
        ("ap-south-1", None, None),
        ("us-gov-west-1", None, None),
        ("ap-south-1", ["ap-south-1"], None),
        # Well shaped is not enough: botocore must know the region.
        ("ap-south-9", None, "'ap-south-9' is not a known AWS region"),
        ("", None, "'' is not a known AWS region"),
        (["ap-south-1"], None, "'['ap-south-1']' is not a known AWS region"),
        (
            "eu-west-1",
            ["us-east-1", "ap-south-1"],
            "is not in the organization's allowed regions ['ap-south-1', 'us-east-1']",
        ),
    ],
)
def test_region_problem(value, allowed, problem):
    found = inputs.region_problem(value, allowed)
    assert found == problem if problem is None else problem in found


def test_known_regions_are_every_partitions_regions_without_global_pseudo_regions():
    import botocore.session

    session = botocore.session.get_session()
    from_endpoints = {
        name
        for partition in session.get_available_partitions()
        for name in session.get_available_regions("ec2", partition_name=partition)
    }
    known = inputs.known_regions()
    # Every region botocore's endpoint data has, in every partition; none of the "aws-global"-style names.
    assert from_endpoints <= known
    assert {"us-east-1", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1"} <= known
    assert not [name for name in known if name.endswith("-global")]


def test_regions_are_a_non_empty_list_without_repeats():
    assert inputs.regions(["ap-south-1", "us-east-1"], "v") == ["ap-south-1", "us-east-1"]
    for value, message in ((["ap-south-1", "ap-south-1"], "listed more than once"), ([], "non-empty list")):
        with pytest.raises(AnsibleFilterError, match=message):
            inputs.regions(value, "v")


@pytest.mark.parametrize(
    "value, service, types, expected",
    [
        ("arn:aws:kms:ap-south-1:123456789012:key/abc", "kms", ("key", "alias"), "abc"),
        ("arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/x", "kms", None, "x"),
        ("arn:aws:s3:::bucket/prefix", "s3", None, "prefix"),
        ("arn:aws:kms:ap-south-1:123456789012:key/abc", "acm", None, None),
        ("arn:aws:kms:ap-south-1:123456789012:grant/abc", "kms", ("key", "alias"), None),
        # Not an ARN from its first character, or an account id that is not 12 digits.
        ("x arn:aws:kms:ap-south-1:123456789012:key/abc", "kms", None, None),
        ("arn:aws:kms:ap-south-1:1234:key/abc", "kms", None, None),
        (None, "kms", None, None),
    ],
)
def test_arn(value, service, types, expected):
    parts = inputs.arn(value, service, types)
    assert (parts and parts["resource_id"]) == expected or (parts is None and expected is None)


def test_retention_days_are_the_values_cloudwatch_logs_accepts():
    assert inputs.retention_days("365", "v") == 365
    with pytest.raises(AnsibleFilterError, match="^v: 31 is not a CloudWatch Logs retention"):
        inputs.retention_days(31, "v")


def test_the_guardduty_features_are_the_modules():
    from ansible_collections.prodgrade.aws.plugins.module_utils.guardduty import DETECTOR_FEATURES

    assert list(inputs.GUARDDUTY_FEATURES) == DETECTOR_FEATURES
