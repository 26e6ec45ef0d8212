"""logs_metric_filters through main() against a Stubber-validated CloudWatch Logs client: one paginated
DescribeMetricFilters of the log group for all the filters, a PutMetricFilter only for a filter missing or
differing in its pattern or any value of its transformation, DeleteMetricFilter for the filters removed."""

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import logs_metric_filters as module

REGION = "eu-west-1"
GROUP = "/ecia/cloudtrail/organization"
ROOT = {
    "name": "RootAccountUsage",
    "pattern": '{ $.userIdentity.type = "Root" }',
    "metric_transformation": {
        "metric_name": "RootAccountUsage",
        "metric_namespace": "CISBenchmark",
        "metric_value": "1",
    },
}
# A name that is a prefix of another filter's: amazon.aws's filterNamePrefix read would see two filters.
CONSOLE = {
    "name": "Console",
    "pattern": "{ $.eventName = ConsoleLogin }",
    "metric_transformation": {
        "metric_name": "Console",
        "metric_namespace": "CISBenchmark",
        "metric_value": "1",
        "default_value": 0,
        "unit": "Count",
    },
}
ARGS = {"log_group_name": GROUP, "filters": [ROOT, CONSOLE]}

AWS_ROOT = {
    "filterName": "RootAccountUsage",
    "filterPattern": '{ $.userIdentity.type = "Root" }',
    "metricTransformations": [
        {"metricName": "RootAccountUsage", "metricNamespace": "CISBenchmark", "metricValue": "1"}
    ],
    "creationTime": 1700000000000,
    "logGroupName": GROUP,
}
AWS_CONSOLE = {
    "filterName": "Console",
    "filterPattern": "{ $.eventName = ConsoleLogin }",
    "metricTransformations": [
        {
            "metricName": "Console",
            "metricNamespace": "CISBenchmark",
            "metricValue": "1",
            "defaultValue": 0.0,
            "unit": "Count",
        }
    ],
    "creationTime": 1700000000000,
    "logGroupName": GROUP,
}
AWS_CONSOLE_MFA = dict(AWS_CONSOLE, filterName="ConsoleWithoutMFA")
PUT_ROOT = {
    "logGroupName": GROUP,
    "filterName": "RootAccountUsage",
    "filterPattern": '{ $.userIdentity.type = "Root" }',
    "metricTransformations": [
        {"metricName": "RootAccountUsage", "metricNamespace": "CISBenchmark", "metricValue": "1"}
    ],
}
PUT_CONSOLE = {
    "logGroupName": GROUP,
    "filterName": "Console",
    "filterPattern": "{ $.eventName = ConsoleLogin }",
    "metricTransformations": [
        {
            "metricName": "Console",
            "metricNamespace": "CISBenchmark",
            "metricValue": "1",
            "defaultValue": 0.0,
            "unit": "Count",
        }
    ],
}


@pytest.fixture
def logs(aws_client):
    return aws_client("logs", region=REGION)


@pytest.fixture
def stub(logs):
    return logs[1]


@pytest.fixture
def run(run_module, logs):
    def run_(args=None, **kw):
        return run_module(module.main, dict(ARGS, region=REGION, **(args or {})), client=logs[0], **kw)

    return run_


def expect_describe(stub, *filters):
    stub.add_response("describe_metric_filters", {"metricFilters": list(filters)}, {"logGroupName": GROUP})


def test_create_from_nothing(stub, run):
    expect_describe(stub)
    stub.add_response("put_metric_filter", {}, PUT_ROOT)
    stub.add_response("put_metric_filter", {}, PUT_CONSOLE)
    expect_describe(stub, AWS_ROOT, AWS_CONSOLE)
    result = run(diff=True)
    assert result["changed"]
    assert result["changed_filters"] == {"created": ["RootAccountUsage", "Console"], "updated": [], "deleted": []}
    assert [f["creation_time"] for f in result["metric_filters"]] == [1700000000000] * 2
    assert result["diff"]["before"] == {}


def test_noop_one_describe_no_put(stub, run):
    expect_describe(stub, AWS_CONSOLE_MFA, AWS_CONSOLE, AWS_ROOT)
    result = run(diff=True)
    assert not result["changed"]
    assert [f["filter_name"] for f in result["metric_filters"]] == ["RootAccountUsage", "Console"]
    assert result["diff"]["before"] == result["diff"]["after"]


def transformed(**change):
    (t,) = AWS_CONSOLE["metricTransformations"]
    return dict(AWS_CONSOLE, metricTransformations=[{k: v for k, v in dict(t, **change).items() if v is not None}])


DRIFTS = {
    "pattern": dict(AWS_CONSOLE, filterPattern="{ $.eventName = ConsoleLogin && $.x = 1 }"),
    "metric_name": transformed(metricName="Other"),
    "metric_namespace": transformed(metricNamespace="CIS"),
    "metric_value": transformed(metricValue="2"),
    "default_value": transformed(defaultValue=1.0),
    "default_value_removed": transformed(defaultValue=None),
    "unit": transformed(unit="Seconds"),
    "unit_removed": transformed(unit=None),
    "dimensions_added": transformed(defaultValue=None, dimensions={"user": "$.user"}),
}


@pytest.mark.parametrize("drifted", DRIFTS.values(), ids=list(DRIFTS))
def test_one_attribute_drift_is_put_back(stub, run, drifted):
    expect_describe(stub, AWS_ROOT, drifted)
    stub.add_response("put_metric_filter", {}, PUT_CONSOLE)
    expect_describe(stub, AWS_ROOT, AWS_CONSOLE)
    result = run(diff=True)
    assert result["changed_filters"] == {"created": [], "updated": ["Console"], "deleted": []}
    assert result["diff"]["before"]["RootAccountUsage"] == result["diff"]["after"]["RootAccountUsage"]


def test_check_mode_writes_nothing_and_predicts(stub, run):
    expect_describe(stub, transformed(metricValue="2"))
    result = run(check_mode=True, diff=True)
    assert result["changed_filters"] == {"created": ["RootAccountUsage"], "updated": ["Console"], "deleted": []}
    root, console = result["metric_filters"]
    assert console["metric_transformations"][0]["metric_value"] == "1" and console["creation_time"] == 1700000000000
    assert root["filter_pattern"] == ROOT["pattern"]


def test_missing_log_group_in_check_mode_predicts_creation(stub, run):
    stub.add_client_error(
        "describe_metric_filters", "ResourceNotFoundException", "The specified log group does not exist."
    )
    result = run(check_mode=True)
    assert result["changed_filters"]["created"] == ["RootAccountUsage", "Console"]


def test_purge_deletes_only_unlisted(stub, run):
    expect_describe(stub, AWS_ROOT, AWS_CONSOLE, AWS_CONSOLE_MFA)
    stub.add_response("delete_metric_filter", {}, {"logGroupName": GROUP, "filterName": "ConsoleWithoutMFA"})
    result = run({"purge_filters": True})
    assert result["changed_filters"] == {"created": [], "updated": [], "deleted": ["ConsoleWithoutMFA"]}


def test_no_purge_by_default(stub, run):
    expect_describe(stub, AWS_ROOT, AWS_CONSOLE, AWS_CONSOLE_MFA)
    assert not run()["changed"]


def test_absent_deletes_the_existing(stub, run):
    expect_describe(stub, AWS_CONSOLE)
    stub.add_response("delete_metric_filter", {}, {"logGroupName": GROUP, "filterName": "Console"})
    result = run({"state": "absent", "filters": [{"name": "RootAccountUsage"}, {"name": "Console"}]})
    assert result["changed_filters"]["deleted"] == ["Console"] and result["metric_filters"] == []


@pytest.mark.parametrize(
    "metric_filter, message",
    [
        ({"name": "X", "metric_transformation": ROOT["metric_transformation"]}, "filters[0] (X): pattern is required"),
        ({"name": "X", "pattern": "x"}, "filters[0] (X): metric_transformation is required"),
        (
            dict(CONSOLE, metric_transformation=dict(CONSOLE["metric_transformation"], dimensions={"a": "$.a"})),
            "default_value or dimensions, not both",
        ),
        (dict(ROOT, name="a:b"), "without ':' or '*'"),
    ],
)
def test_bad_input_fails_before_any_call(run_module, metric_filter, message):
    result = run_module(module.main, {"log_group_name": GROUP, "filters": [metric_filter]})
    assert result["failed"] and message in result["msg"]
