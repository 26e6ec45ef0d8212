"""CloudFront distributions (moto's, patched): read back as AWS answers them, ETags, delete only when disabled."""

import pytest

DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"


def distribution_config(reference):
    return {
        "CallerReference": reference,
        "Comment": "",
        "Enabled": True,
        "Origins": {
            "Quantity": 2,
            "Items": [
                {
                    "Id": "alb",
                    "DomainName": "alb-1.ap-south-1.elb.amazonaws.com",
                    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
                },
                {
                    "Id": "s3",
                    "DomainName": "assets.s3.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                    "OriginAccessControlId": "E1OAC",
                },
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "alb",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": DISABLED,
        },
        "CacheBehaviors": {
            "Quantity": 1,
            "Items": [
                {
                    "PathPattern": "/static/*",
                    "TargetOriginId": "s3",
                    "ViewerProtocolPolicy": "https-only",
                    "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                    "MinTTL": 60,
                }
            ],
        },
        "ViewerCertificate": {
            "ACMCertificateArn": CERT,
            "SSLSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
    }


@pytest.fixture
def cf(client):
    return client("cloudfront")


def test_read_back_as_aws(cf):
    created = cf.create_distribution(DistributionConfig=distribution_config("read-back"))["Distribution"]
    config = cf.get_distribution_config(Id=created["Id"])["DistributionConfig"]
    default = config["DefaultCacheBehavior"]
    assert default["CachePolicyId"] == DISABLED
    assert not {"ForwardedValues", "MinTTL", "DefaultTTL", "MaxTTL"} & set(default)
    legacy = config["CacheBehaviors"]["Items"][0]  # no cache policy: its legacy settings stay
    assert legacy["ForwardedValues"]["QueryString"] is False and legacy["MinTTL"] == 60
    s3 = config["Origins"]["Items"][1]
    assert s3["S3OriginConfig"] == {"OriginAccessIdentity": ""} and s3["OriginAccessControlId"] == "E1OAC"
    certificate = config["ViewerCertificate"]
    assert certificate["CloudFrontDefaultCertificate"] is False and certificate["CertificateSource"] == "acm"


def test_etags_and_delete_only_when_disabled(cf):
    created = cf.create_distribution(DistributionConfig=distribution_config("lifecycle"))
    dist_id, etag = created["Distribution"]["Id"], created["ETag"]
    config = cf.get_distribution_config(Id=dist_id)["DistributionConfig"]
    with pytest.raises(cf.exceptions.PreconditionFailed):
        cf.update_distribution(Id=dist_id, IfMatch="stale", DistributionConfig=config)
    with pytest.raises(cf.exceptions.DistributionNotDisabled):
        cf.delete_distribution(Id=dist_id, IfMatch=etag)
    config["Enabled"] = False
    updated = cf.update_distribution(Id=dist_id, IfMatch=etag, DistributionConfig=config)
    assert updated["ETag"] != etag
    assert cf.get_distribution_config(Id=dist_id)["ETag"] == updated["ETag"]
    cf.delete_distribution(Id=dist_id, IfMatch=updated["ETag"])
    with pytest.raises(cf.exceptions.NoSuchDistribution):
        cf.get_distribution(Id=dist_id)
