"""Counting, fault injection, validation, state isolation and reset."""

import pytest
import requests
from botocore.exceptions import ClientError
from botocore.retries.standard import RetryContext, ThrottledRetryableChecker

OU = "arn:aws:organizations::123456789012:ou/o-abc123/ou-abc1-11111111"
CONTROL = "arn:aws:controltower:us-east-1::control/AWS-GR_RESTRICTED_SSH"


def enable_control(ct, target=OU):
    """The control on the OU, once registered (AWSControlTowerBaseline enabled on it) as Control Tower wants."""
    registration = f"arn:aws:controltower:{ct.meta.region_name}::baseline/17BSJV3IGJ2QSGA2"
    ct.enable_baseline(baselineIdentifier=registration, baselineVersion="4.0", targetIdentifier=target)
    return ct.enable_control(controlIdentifier=CONTROL, targetIdentifier=target)


def test_counts_known_sequence(client, calls, endpoint):
    ec2 = client("ec2")
    ec2.describe_vpcs()
    ec2.create_vpc(CidrBlock="10.0.0.0/16")
    ec2.describe_vpcs()
    client("cloudwatch").list_metrics()  # signed as 'monitoring'
    counts = calls()
    assert counts["total"] == 4
    assert counts["by_service"] == {"ec2": 3, "cloudwatch": 1}
    assert counts["by_operation"] == {
        "ec2.DescribeVpcs": 2,
        "ec2.CreateVpc": 1,
        "cloudwatch.ListMetrics": 1,
    }
    requests.delete(f"{endpoint}/_prodgrade/calls", timeout=5)
    assert calls()["total"] == 0


def test_rest_operations_are_identified(client, calls):
    ct = client("controltower")
    arn = enable_control(ct)["arn"]
    ct.list_tags_for_resource(resourceArn=arn)  # GET /tags/{resourceArn}
    ct.untag_resource(resourceArn=arn, tagKeys=["x"])  # DELETE /tags/{resourceArn}
    assert calls()["by_operation"] == {
        "controltower.EnableBaseline": 1,
        "controltower.EnableControl": 1,
        "controltower.ListTagsForResource": 1,
        "controltower.UntagResource": 1,
    }


# The code AWS throttles these with (their models' error shapes; CloudWatch's query code).
THROTTLE_CODES = {
    "organizations": "TooManyRequestsException",
    "securityhub": "ThrottlingException",
    "cloudwatch": "Throttling",
}


def is_throttle(err: ClientError) -> bool:
    return ThrottledRetryableChecker().is_retryable(RetryContext(attempt_number=1, parsed_response=err.response))


@pytest.mark.parametrize(
    "service, call",
    [
        ("ec2", lambda c: c.describe_vpcs()),  # ec2 protocol
        ("iam", lambda c: c.list_roles()),  # query protocol
        ("controltower", lambda c: c.list_landing_zones()),  # rest-json, extension op
        ("logs", lambda c: c.describe_log_groups()),  # json protocol
        # smithy-rpc-v2-cbor (botocore's choice for CloudWatch, whose model also lists json and query) and query
        # compatible: the error must come back in CBOR with the query code in x-amzn-query-error.
        ("cloudwatch", lambda c: c.describe_alarms()),
        # the service's own throttling error from its model: TooManyRequestsException (json), 429 (rest-json)
        ("organizations", lambda c: c.create_organization(FeatureSet="ALL")),
        ("securityhub", lambda c: c.enable_security_hub()),
    ],
)
def test_throttling_faults_then_success(client, calls, endpoint, service, call):
    api = client(service)
    fault = {
        "rate": 1.0,
        "error": "ThrottlingException",
        "services": [service],
        "count": 3,
    }
    assert requests.post(f"{endpoint}/_prodgrade/faults", json=fault, timeout=5).status_code == 200
    for _ in range(3):
        with pytest.raises(ClientError) as err:
            call(api)
        assert is_throttle(err.value), err.value.response["Error"]
        assert err.value.response["Error"]["Code"] == THROTTLE_CODES.get(service, err.value.response["Error"]["Code"])
    call(api)  # the 4th goes through
    assert requests.get(f"{endpoint}/_prodgrade/faults", timeout=5).json()["injected"] == 3
    assert calls()["by_service"][service] == 4  # faults are counted as the operation called


def test_5xx_faults_filtered_by_operation(client, endpoint):
    ec2 = client("ec2")
    requests.post(
        f"{endpoint}/_prodgrade/faults",
        json={"rate": 1.0, "error": "503", "operations": ["CreateVpc"]},
        timeout=5,
    )
    ec2.describe_vpcs()  # not targeted
    with pytest.raises(ClientError) as err:
        ec2.create_vpc(CidrBlock="10.0.0.0/16")
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    requests.delete(f"{endpoint}/_prodgrade/faults", timeout=5)
    ec2.create_vpc(CidrBlock="10.0.0.0/16")


def test_a_query_compatible_json_error_carries_the_query_code(client, endpoint):
    # botocore speaks JSON to CloudWatch (its model's first protocol is CBOR, then json, then query).
    requests.post(f"{endpoint}/_prodgrade/faults", json={"rate": 1.0, "error": "500", "count": 1}, timeout=5)
    with pytest.raises(ClientError) as err:
        client("cloudwatch").describe_alarms()
    meta = err.value.response["ResponseMetadata"]
    assert err.value.response["Error"]["Code"] == "InternalFailure"  # was "500": an XML body to a JSON client
    assert meta["HTTPStatusCode"] == 500 and meta["HTTPHeaders"]["content-type"] == "application/json"
    assert meta["HTTPHeaders"]["x-amzn-query-error"] == "InternalFailure;Receiver"


def test_a_cbor_request_gets_its_error_in_cbor(endpoint, cbor_request):
    requests.post(f"{endpoint}/_prodgrade/faults", json={"rate": 1.0, "error": "ThrottlingException"}, timeout=5)
    try:
        raw, parsed = cbor_request("cloudwatch", "DescribeAlarms", {})
    finally:
        requests.delete(f"{endpoint}/_prodgrade/faults", timeout=5)
    assert raw.headers["content-type"] == "application/cbor" and raw.headers["smithy-protocol"] == "rpc-v2-cbor"
    assert parsed["Error"]["Code"] == "Throttling"  # the query code botocore retries as throttling
    assert is_throttle(ClientError(parsed, "DescribeAlarms"))


def test_bad_fault_config_is_rejected(endpoint):
    response = requests.post(f"{endpoint}/_prodgrade/faults", json={"rate": 2, "error": "418"}, timeout=5)
    assert response.status_code == 400


def test_malformed_request_gets_validation_exception(endpoint):
    auth = (
        "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/controltower/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )
    response = requests.post(
        f"{endpoint}/enable-control",
        json={"targetIdentifier": OU},
        headers={"Authorization": auth},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-ErrorType"] == "ValidationException"
    assert "controlIdentifier" in response.json()["message"]


def test_state_is_per_account(client):
    creds = client("sts").assume_role(
        RoleArn="arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
        RoleSessionName="test",
    )["Credentials"]
    other = client(
        "controltower",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    arn = enable_control(other)["arn"]
    assert ":111111111111:enabledcontrol/" in arn
    assert [c["arn"] for c in other.list_enabled_controls()["enabledControls"]] == [arn]
    assert client("controltower").list_enabled_controls()["enabledControls"] == []


def test_state_is_per_region(client):
    enable_control(client("controltower", region="eu-west-1"))
    assert client("controltower", region="us-east-1").list_enabled_controls()["enabledControls"] == []
    assert len(client("controltower", region="eu-west-1").list_enabled_controls()["enabledControls"]) == 1


def test_reset_clears_extension_state_and_counts(client, calls, endpoint):
    ct = client("controltower")
    enable_control(ct)
    assert calls()["total"] == 2  # EnableBaseline, EnableControl
    requests.post(f"{endpoint}/moto-api/reset", timeout=10)
    assert calls()["total"] == 0
    assert ct.list_enabled_controls()["enabledControls"] == []


def test_disable_metrics_collection(client):
    ec2, asg = client("ec2"), client("autoscaling")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=image, InstanceType="t3.micro")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="web",
        LaunchConfigurationName="lc",
        MinSize=0,
        MaxSize=1,
        AvailabilityZones=["us-east-1a"],
    )
    asg.enable_metrics_collection(
        AutoScalingGroupName="web",
        Granularity="1Minute",
        Metrics=["GroupMinSize", "GroupMaxSize"],
    )
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"][0]
    assert len(group["EnabledMetrics"]) == 2

    asg.disable_metrics_collection(AutoScalingGroupName="web", Metrics=["GroupMinSize"])
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"][0]
    assert [m["Metric"] for m in group["EnabledMetrics"]] == ["GroupMaxSize"]
    asg.disable_metrics_collection(AutoScalingGroupName="web")  # no Metrics: all of them
    group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"][0]
    assert group["EnabledMetrics"] == []
    with pytest.raises(ClientError, match="not found"):
        asg.disable_metrics_collection(AutoScalingGroupName="nope")


def test_managed_policies_loaded(client):
    policy = client("iam").get_policy(PolicyArn="arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")["Policy"]
    assert policy["PolicyName"] == "AmazonSSMManagedInstanceCore"


def test_extensions_endpoint_lists_operations(endpoint):
    operations = requests.get(f"{endpoint}/_prodgrade/extensions", timeout=5).json()["operations"]
    assert "autoscaling.DisableMetricsCollection" in operations and "controltower.EnableControl" in operations


def test_rest_extension_through_the_endpoint_as_proxy(client, endpoint):
    """inventories/local sends every client through the endpoint as its HTTP proxy: absolute-form targets."""
    from botocore.config import Config

    config = Config(proxies={"http": endpoint}, retries={"total_max_attempts": 1})
    ct = client("controltower", config=config)
    assert ct.list_landing_zones()["landingZones"] == []
    assert len(ct.list_baselines()["baselines"]) == 4
