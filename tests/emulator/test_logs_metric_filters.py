"""PutMetricFilter replaces the filter of that name on the log group, as AWS does (moto appended another)."""


def test_put_metric_filter_replaces_by_name(client):
    logs = client("logs")
    logs.create_log_group(logGroupName="/trail")
    logs.create_log_group(logGroupName="/other")
    metric = [{"metricName": "Root", "metricNamespace": "CIS", "metricValue": "1"}]
    logs.put_metric_filter(
        logGroupName="/trail", filterName="Root", filterPattern="{ $.a = 1 }", metricTransformations=metric
    )
    logs.put_metric_filter(
        logGroupName="/other", filterName="Root", filterPattern="{ $.a = 1 }", metricTransformations=metric
    )
    logs.put_metric_filter(
        logGroupName="/trail", filterName="Root", filterPattern="{ $.a = 2 }", metricTransformations=metric
    )
    trail = logs.describe_metric_filters(logGroupName="/trail")["metricFilters"]
    assert [(f["filterName"], f["filterPattern"]) for f in trail] == [("Root", "{ $.a = 2 }")]
    other = logs.describe_metric_filters(logGroupName="/other")["metricFilters"]
    assert [f["filterPattern"] for f in other] == ["{ $.a = 1 }"]
