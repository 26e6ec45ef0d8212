"""Route 53: an alias to a CloudFront distribution is refused with EvaluateTargetHealth=true, as AWS documents."""

import pytest
from botocore.exceptions import ClientError


def alias(name, evaluate, zone_id="Z2FDTNDATAQYW2", action="UPSERT"):
    return {
        "Action": action,
        "ResourceRecordSet": {
            "Name": name,
            "Type": "A",
            "AliasTarget": {
                "HostedZoneId": zone_id,
                "DNSName": "d111.cloudfront.net",
                "EvaluateTargetHealth": evaluate,
            },
        },
    }


def test_cloudfront_alias_cannot_evaluate_target_health(client):
    r53 = client("route53")
    zone = r53.create_hosted_zone(Name="alias.example", CallerReference="alias")["HostedZone"]["Id"]
    with pytest.raises(ClientError) as error:
        r53.change_resource_record_sets(
            HostedZoneId=zone,
            ChangeBatch={"Changes": [alias("www.alias.example", False), alias("alias.example", True)]},
        )
    assert error.value.response["Error"]["Code"] == "InvalidChangeBatch"
    assert "CloudFront" in error.value.response["Error"]["Message"]
    names = [r["Name"] for r in r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]]
    assert "www.alias.example." not in names  # nothing of the batch applied

    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [alias("alias.example", False)]})
    # Another target (a load balancer's zone) may evaluate its health.
    r53.change_resource_record_sets(
        HostedZoneId=zone, ChangeBatch={"Changes": [alias("lb.alias.example", True, zone_id="ZP97RAFLXTNZK")]}
    )
    records = r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    targets = {r["Name"]: r["AliasTarget"]["EvaluateTargetHealth"] for r in records if "AliasTarget" in r}
    assert targets == {"alias.example.": False, "lb.alias.example.": True}
