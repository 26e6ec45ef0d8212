"""Auto Scaling ops moto 5.2.5 lacks."""

from emulator.registry import AwsError, Context, operation


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
