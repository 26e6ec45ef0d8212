"""CloudWatch Logs PutMetricFilter: AWS creates the filter or replaces the one of that name on the log group; moto
5.2.5 appends another, so DescribeMetricFilters answered several filters of one name after an update (and
amazon.aws's metric filter module, which then sees no single match, put yet another on every run). Replace it.
"""

from moto.logs.metric_filters import MetricFilters


def _replacing(method):
    def add_filter(self, filter_name, filter_pattern, log_group_name, metric_transformations):
        self.metric_filters = [
            f
            for f in self.metric_filters
            if not (f["filterName"] == filter_name and f["logGroupName"] == log_group_name)
        ]
        return method(self, filter_name, filter_pattern, log_group_name, metric_transformations)

    add_filter._prodgrade = True  # type: ignore[attr-defined]
    return add_filter


if not getattr(MetricFilters.add_filter, "_prodgrade", False):
    MetricFilters.add_filter = _replacing(MetricFilters.add_filter)
