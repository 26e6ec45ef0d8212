"""ACM: a requested certificate is issued once its validation CNAMEs are published in Route 53."""


def test_issued_when_the_records_exist(client):
    acm, r53 = client("acm"), client("route53")
    arn = acm.request_certificate(
        DomainName="example.com", SubjectAlternativeNames=["www.example.com"], ValidationMethod="DNS"
    )["CertificateArn"]
    cert = acm.describe_certificate(CertificateArn=arn)["Certificate"]
    assert cert["Status"] == "PENDING_VALIDATION"
    zone = r53.create_hosted_zone(Name="example.com", CallerReference="z")["HostedZone"]["Id"]
    records = {o["ResourceRecord"]["Name"]: o["ResourceRecord"] for o in cert["DomainValidationOptions"]}
    changes = [
        {
            "Action": "UPSERT",
            "ResourceRecordSet": {
                "Name": r["Name"],
                "Type": "CNAME",
                "TTL": 300,
                "ResourceRecords": [{"Value": r["Value"]}],
            },
        }
        for r in list(records.values())[:1]
    ]
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": changes})
    assert acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"] == "PENDING_VALIDATION"  # one of two
    changes = [dict(c, ResourceRecordSet=dict(c["ResourceRecordSet"], Name=n)) for c in changes for n in records]
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": changes})
    assert acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"] == "ISSUED"
