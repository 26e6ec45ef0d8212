"""Auto Scaling ops moto 5.2.5 lacks."""

from emulator.ext.common import new_uuid, now
from emulator.registry import AwsError, Context, operation, paginate


def _group(ctx: Context, name: str):
    from moto.autoscaling.models import autoscaling_backends

    groups = autoscaling_backends[ctx.account_id][ctx.region].describe_auto_scaling_groups([name])
    if not groups:
        raise AwsError("ValidationError", f"Group {name} not found", 400)
    return groups[0]


@operation("autoscaling", "DisableMetricsCollection")
def disable_metrics_collection(ctx: Context, params: dict) -> None:
    """moto returns 500 (no handler); mirror EnableMetricsCollection, which sets group.metrics."""
    group = _group(ctx, params["AutoScalingGroupName"])
    drop = params.get("Metrics")
    group.metrics = [m for m in group.metrics if drop and m not in drop]


# Instance refresh: moto 5.2.5 has none (HTTP 500). moto does not replace instances either, so a refresh
# completes at once: Successful, 100 %, with the preferences and strategy it was started with (what a caller
# reads back). A group keeps its refreshes newest first, as DescribeInstanceRefreshes returns them.
def _refreshes(ctx: Context, group_name: str) -> list:
    return ctx.table("instance_refreshes").setdefault(group_name, [])


@operation("autoscaling", "StartInstanceRefresh")
def start_instance_refresh(ctx: Context, params: dict) -> dict:
    name = params["AutoScalingGroupName"]
    _group(ctx, name)
    refreshes = _refreshes(ctx, name)
    if any(r["Status"] in ("Pending", "InProgress", "Cancelling", "RollbackInProgress") for r in refreshes):
        raise AwsError("InstanceRefreshInProgress", f"An Instance Refresh is already in progress for {name}.")
    started = now()
    refresh = {
        "InstanceRefreshId": new_uuid(),
        "AutoScalingGroupName": name,
        "Status": "Successful",
        "StatusReason": "Emulated: moto does not replace instances, the refresh completes at once.",
        "StartTime": started,
        "EndTime": started,
        "PercentageComplete": 100,
        "InstancesToUpdate": 0,
        "Preferences": params.get("Preferences") or {},
        "Strategy": params.get("Strategy", "Rolling"),
    }
    if params.get("DesiredConfiguration"):
        refresh["DesiredConfiguration"] = params["DesiredConfiguration"]
    refreshes.insert(0, refresh)
    return {"InstanceRefreshId": refresh["InstanceRefreshId"]}


@operation("autoscaling", "DescribeInstanceRefreshes")
def describe_instance_refreshes(ctx: Context, params: dict) -> dict:
    name = params["AutoScalingGroupName"]
    _group(ctx, name)
    found = [
        r
        for r in _refreshes(ctx, name)
        if not params.get("InstanceRefreshIds") or r["InstanceRefreshId"] in params["InstanceRefreshIds"]
    ]
    page, token = paginate(found, params.get("MaxRecords"), params.get("NextToken"), default=50)
    return {"InstanceRefreshes": page, **({"NextToken": token} if token else {})}


@operation("autoscaling", "CancelInstanceRefresh")
def cancel_instance_refresh(ctx: Context, params: dict) -> dict:
    name = params["AutoScalingGroupName"]
    _group(ctx, name)
    active = [r for r in _refreshes(ctx, name) if r["Status"] in ("Pending", "InProgress")]
    if not active:
        raise AwsError("ActiveInstanceRefreshNotFound", f"No in progress or pending Instance Refresh found for {name}.")
    active[0]["Status"] = "Cancelled"
    return {"InstanceRefreshId": active[0]["InstanceRefreshId"]}


# A group launches its own launch template version (emulator/ext/ec2_launch_templates.py's run_instances reads it).
from moto.autoscaling.models import FakeAutoScalingGroup  # noqa: E402

from emulator.ext.ec2_launch_templates import GROUP_TEMPLATE_VERSION  # noqa: E402

if not getattr(FakeAutoScalingGroup.replace_autoscaling_group_instances, "_prodgrade", False):
    _moto_replace_instances = FakeAutoScalingGroup.replace_autoscaling_group_instances

    def replace_autoscaling_group_instances(self, count_needed, propagated_tags):
        version = GROUP_TEMPLATE_VERSION.set(self.launch_template_version if self.ec2_launch_template else None)
        try:
            return _moto_replace_instances(self, count_needed, propagated_tags)
        finally:
            GROUP_TEMPLATE_VERSION.reset(version)

    replace_autoscaling_group_instances._prodgrade = True
    FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_autoscaling_group_instances
