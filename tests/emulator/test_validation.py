"""Strict validation: the endpoint refuses what AWS's front end refuses (issue 14), moto's operations included.

One refused request per constraint kind, in each protocol's error shape and code; the per-service switch; the
refusal count. Where botocore's client-side validation would stop the request first (required, type, minimums),
the client is made with ``parameter_validation=False``, as a non-botocore client might send it.
"""

import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import NO_RETRIES

UNCHECKED = Config(retries={"total_max_attempts": 1, "mode": "standard"}, parameter_validation=False)
ALARM = {
    "AlarmName": "cpu",
    "MetricName": "CPUUtilization",
    "Namespace": "AWS/EC2",
    "Statistic": "Average",
    "Period": 60,
    "EvaluationPeriods": 1,
    "Threshold": 80.0,
    "ComparisonOperator": "GreaterThanThreshold",
}


def refused(call) -> dict:
    with pytest.raises(ClientError) as err:
        call()
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return err.value.response["Error"]


@pytest.mark.parametrize(
    "service, config, call, code, words",
    [
        # enum, json to a query-compatible service (the query code travels in x-amzn-query-error)
        (
            "cloudwatch",
            NO_RETRIES,
            lambda c: c.put_metric_alarm(**dict(ALARM, ComparisonOperator="NOPE")),
            "InvalidParameterValue",
            "ComparisonOperator: 'NOPE' is not one of",
        ),
        # pattern, query protocol
        (
            "iam",
            NO_RETRIES,
            lambda c: c.create_role(RoleName="bad name!", AssumeRolePolicyDocument="{}"),
            "ValidationError",
            "RoleName: 'bad name!' does not match the pattern",
        ),
        # string maximum (botocore checks minimums only)
        (
            "iam",
            NO_RETRIES,
            lambda c: c.create_role(RoleName="r" * 65, AssumeRolePolicyDocument="{}"),
            "ValidationError",
            "RoleName: 65 characters, above the maximum 64",
        ),
        # list maximum
        (
            "elbv2",
            NO_RETRIES,
            lambda c: c.modify_load_balancer_attributes(
                LoadBalancerArn="arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1",
                Attributes=[{"Key": f"k{i}", "Value": "v"} for i in range(21)],
            ),
            "ValidationError",
            "Attributes: 21 items, above the maximum 20",
        ),
        # number maximum, json protocol
        (
            "logs",
            NO_RETRIES,
            lambda c: c.describe_log_groups(limit=51),
            "ValidationException",
            "limit: 51, above the maximum 50",
        ),
        # number minimum, ec2 protocol (botocore would stop it client-side)
        (
            "ec2",
            UNCHECKED,
            lambda c: c.describe_vpcs(MaxResults=4),
            "InvalidParameterValue",
            "MaxResults: 4, below the minimum 5",
        ),
        # required member
        (
            "iam",
            UNCHECKED,
            lambda c: c.create_role(RoleName="r"),
            "ValidationError",
            "AssumeRolePolicyDocument: required, missing",
        ),
        # type, rest-json
        (
            "guardduty",
            UNCHECKED,
            lambda c: c.list_detectors(MaxResults="ten"),
            "ValidationException",
            "MaxResults: expected an integer",
        ),
    ],
)
def test_a_request_the_model_forbids_is_refused(client, service, config, call, code, words):
    error = refused(lambda: call(client(service, config=config)))
    assert error["Code"] == code and words in error["Message"], error


def test_a_cbor_request_is_checked_too(cbor_request):
    raw, parsed = cbor_request("cloudwatch", "PutMetricAlarm", dict(ALARM, ComparisonOperator="NOPE"))
    assert raw.status_code == 400 and raw.headers["content-type"] == "application/cbor"
    assert parsed["Error"]["Code"] == "InvalidParameterValue"


def test_what_the_model_allows_passes_and_refusals_are_counted(client, endpoint, calls):
    cloudwatch = client("cloudwatch")
    cloudwatch.put_metric_alarm(**ALARM)
    assert [a["AlarmName"] for a in cloudwatch.describe_alarms()["MetricAlarms"]] == ["cpu"]
    refused(lambda: cloudwatch.put_metric_alarm(**dict(ALARM, ComparisonOperator="NOPE")))
    status = requests.get(f"{endpoint}/_prodgrade/validation", timeout=5).json()
    assert status["enabled"] and status["rejected"] == {"cloudwatch.PutMetricAlarm": 1}
    assert calls()["rejected"] == {"cloudwatch.PutMetricAlarm": 1}  # beside the call counts


def test_the_switch_turns_a_service_off_for_diagnosis(client, endpoint):
    iam = client("iam")
    bad = {"RoleName": "r" * 65, "AssumeRolePolicyDocument": "{}"}
    set_to = requests.post(f"{endpoint}/_prodgrade/validation", json={"skip": ["iam"]}, timeout=5).json()
    assert set_to["skip"] == ["iam"]
    iam.create_role(**bad)  # moto itself does not check the length
    requests.post(f"{endpoint}/_prodgrade/validation", json={"skip": []}, timeout=5)
    refused(lambda: iam.create_role(**bad))
    bad_switch = requests.post(f"{endpoint}/_prodgrade/validation", json={"skip": "iam"}, timeout=5)
    assert bad_switch.status_code == 400
