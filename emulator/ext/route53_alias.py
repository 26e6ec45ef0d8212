"""Route 53: an alias record whose target is a CloudFront distribution cannot evaluate target health.

AWS's API reference (AliasTarget.EvaluateTargetHealth) says "You can't set EvaluateTargetHealth to true when the
alias target is a CloudFront distribution"; moto 5.2.5 stores any value. Here a CREATE or UPSERT of such an alias
(target zone Z2FDTNDATAQYW2, CloudFront's fixed zone id) with EvaluateTargetHealth true is refused with
InvalidChangeBatch and nothing of the batch is applied (AWS's exact wording is not confirmed).
"""

from moto.route53.exceptions import Route53ClientError
from moto.route53.models import Route53Backend

CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"


def _true(value) -> bool:
    return value is True or str(value).lower() == "true"


def _refused(change: dict) -> bool:
    alias = (change.get("ResourceRecordSet") or {}).get("AliasTarget") or {}
    return (
        change.get("Action") in ("CREATE", "UPSERT")
        and alias.get("HostedZoneId") == CLOUDFRONT_ZONE_ID
        and _true(alias.get("EvaluateTargetHealth"))
    )


def _check(original):
    def change_resource_record_sets(self, zoneid, change_list):
        for change in change_list:
            if _refused(change):
                record = change["ResourceRecordSet"]
                raise Route53ClientError(
                    "InvalidChangeBatch",
                    "[EvaluateTargetHealth can't be true when the alias target is a CloudFront distribution, in "
                    f"Change with [Action={change['Action']}, Name={record['Name']}, Type={record['Type']}]]",
                )
        return original(self, zoneid, change_list)

    change_resource_record_sets._prodgrade = True  # type: ignore[attr-defined]
    return change_resource_record_sets


if not getattr(Route53Backend.change_resource_record_sets, "_prodgrade", False):
    Route53Backend.change_resource_record_sets = _check(Route53Backend.change_resource_record_sets)
