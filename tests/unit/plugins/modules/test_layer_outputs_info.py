"""prodgrade.aws.layer_outputs_info: one run reads every part asked for, one paginated read per kind, and lists
what is missing instead of failing. Stubber checks every request against the service model."""

import datetime

import pytest

from ansible_collections.prodgrade.aws.plugins.modules import layer_outputs_info

ACCOUNT = "111122223333"
VPC = "vpc-0123456789abcdef0"
KEY_S3 = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_RDS = "2234abcd-12ab-34cd-56ef-1234567890ab"
ELB = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}"


def _subnet(subnet_id, zone, tier, name=None):
    tags = [{"Key": "Tier", "Value": tier}] if tier else []
    tags += [{"Key": "Name", "Value": name}] if name else []
    return {"SubnetId": subnet_id, "AvailabilityZone": zone, "VpcId": VPC, "CidrBlock": "10.0.0.0/24", "Tags": tags}


def _alias(name, key=None):
    alias = {"AliasName": name, "AliasArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:{name}"}
    return dict(alias, TargetKeyId=key) if key else alias


def _vpc_filter(name="ecia-prod-vpc"):
    return {"Filters": [{"Name": "tag:Name", "Values": [name]}]}


def _lb(name, suffix):
    return {
        "LoadBalancerArn": f"{ELB}:loadbalancer/app/{name}/{suffix}",
        "LoadBalancerName": name,
        "DNSName": f"{name}-1.us-east-1.elb.amazonaws.com",
        "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K",
        "Scheme": "internet-facing",
        "Type": "application",
        "VpcId": VPC,
        "State": {"Code": "active"},
    }


def _tg(name):
    return {"TargetGroupArn": f"{ELB}:targetgroup/{name}/6d0ecf831eec9f09", "TargetGroupName": name}


COMPUTE_ARGS = {
    "vpc_name": "ecia-prod-vpc",
    "subnet_tiers": ["app", "public"],
    "security_groups": ["ecia-prod-alb-sg", "ecia-prod-app-sg"],
    "kms_aliases": ["alias/ecia-prod-s3", "ecia-prod-rds"],
}


def _expect_network(ec2, subnets, groups):
    ec2.add_response("describe_vpcs", {"Vpcs": [{"VpcId": VPC, "CidrBlock": "10.20.0.0/16"}]}, _vpc_filter())
    ec2.add_response(
        "describe_subnets",
        {"Subnets": subnets},
        {
            "Filters": [
                {"Name": "vpc-id", "Values": [VPC]},
                {"Name": "tag:Tier", "Values": ["app", "public"]},
            ]
        },
    )
    ec2.add_response(
        "describe_security_groups",
        {"SecurityGroups": groups},
        {
            "Filters": [
                {"Name": "vpc-id", "Values": [VPC]},
                {"Name": "group-name", "Values": ["ecia-prod-alb-sg", "ecia-prod-app-sg"]},
            ]
        },
    )


def _group(name, group_id):
    return {"GroupName": name, "GroupId": group_id, "VpcId": VPC, "OwnerId": ACCOUNT, "Description": name}


@pytest.mark.parametrize("check_mode", [False, True])
def test_compute_tier_outputs_found(aws_client, run_module, check_mode):
    ec2, ec2_stub = aws_client("ec2")
    kms, kms_stub = aws_client("kms")
    _expect_network(
        ec2_stub,
        [
            _subnet("subnet-0b", "us-east-1b", "app"),
            _subnet("subnet-0a", "us-east-1a", "app"),
            _subnet("subnet-0c", "us-east-1a", "public"),
            _subnet("subnet-0d", "us-east-1b", "public"),
        ],
        [_group("ecia-prod-alb-sg", "sg-0a"), _group("ecia-prod-app-sg", "sg-0b")],
    )
    kms_stub.add_response(
        "list_aliases",
        {
            "Aliases": [
                _alias("alias/ecia-prod-s3", KEY_S3),
                _alias("alias/ecia-prod-rds", KEY_RDS),
                _alias("alias/aws/s3"),
            ],
            "Truncated": False,
        },
        {},
    )

    result = run_module(layer_outputs_info.main, COMPUTE_ARGS, {"ec2": ec2, "kms": kms}, check_mode=check_mode)

    assert not result["failed"] and not result["changed"]
    assert result["vpc"] == {"id": VPC, "cidr": "10.20.0.0/16", "name": "ecia-prod-vpc"}
    assert result["subnets"] == {
        "app": {"us-east-1a": "subnet-0a", "us-east-1b": "subnet-0b"},
        "public": {"us-east-1a": "subnet-0c", "us-east-1b": "subnet-0d"},
    }
    assert result["security_groups"] == {"ecia-prod-alb-sg": "sg-0a", "ecia-prod-app-sg": "sg-0b"}
    assert result["kms_keys"] == {
        "alias/ecia-prod-s3": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_S3}",
        "alias/ecia-prod-rds": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_RDS}",
    }
    assert result["missing"] == {}
    # Only the parts asked for are returned.
    assert "load_balancers" not in result and "buckets" not in result


def test_no_vpc_reports_everything_in_it_missing_without_reading_it(aws_client, run_module):
    ec2, ec2_stub = aws_client("ec2")
    kms, kms_stub = aws_client("kms")
    ec2_stub.add_response("describe_vpcs", {"Vpcs": []}, _vpc_filter())
    kms_stub.add_response("list_aliases", {"Aliases": [], "Truncated": False}, {})

    result = run_module(layer_outputs_info.main, COMPUTE_ARGS, {"ec2": ec2, "kms": kms}, check_mode=True)

    assert not result["failed"]
    assert result["vpc"] == {}
    assert result["subnets"] == {"app": {}, "public": {}}
    assert result["security_groups"] == {} and result["kms_keys"] == {}
    assert result["missing"] == {
        "vpc": ["ecia-prod-vpc"],
        "subnets": ["app", "public"],
        "security_groups": ["ecia-prod-alb-sg", "ecia-prod-app-sg"],
        "kms_keys": ["alias/ecia-prod-s3", "alias/ecia-prod-rds"],
    }


def test_partial_lists_only_what_is_missing(aws_client, run_module):
    ec2, ec2_stub = aws_client("ec2")
    kms, kms_stub = aws_client("kms")
    _expect_network(ec2_stub, [_subnet("subnet-0a", "us-east-1a", "app")], [_group("ecia-prod-app-sg", "sg-0b")])
    # An alias without a target key (an AWS managed alias not used yet) is no key.
    kms_stub.add_response(
        "list_aliases",
        {"Aliases": [_alias("alias/ecia-prod-s3", KEY_S3), _alias("alias/ecia-prod-rds")], "Truncated": False},
        {},
    )

    result = run_module(layer_outputs_info.main, COMPUTE_ARGS, {"ec2": ec2, "kms": kms})

    assert result["subnets"] == {"app": {"us-east-1a": "subnet-0a"}, "public": {}}
    assert result["security_groups"] == {"ecia-prod-app-sg": "sg-0b"}
    assert list(result["kms_keys"]) == ["alias/ecia-prod-s3"]
    assert result["missing"] == {
        "subnets": ["public"],
        "security_groups": ["ecia-prod-alb-sg"],
        "kms_keys": ["alias/ecia-prod-rds"],
    }


def test_two_subnets_of_a_tier_in_one_zone_keep_the_first_and_warn(aws_client, run_module):
    ec2, ec2_stub = aws_client("ec2")
    ec2_stub.add_response("describe_vpcs", {"Vpcs": [{"VpcId": VPC, "CidrBlock": "10.20.0.0/16"}]}, _vpc_filter())
    ec2_stub.add_response(
        "describe_subnets",
        {"Subnets": [_subnet("subnet-0f", "us-east-1a", "app"), _subnet("subnet-0e", "us-east-1a", "app")]},
        {"Filters": [{"Name": "vpc-id", "Values": [VPC]}, {"Name": "tag:Tier", "Values": ["app"]}]},
    )

    result = run_module(layer_outputs_info.main, {"vpc_name": "ecia-prod-vpc", "subnet_tiers": ["app"]}, {"ec2": ec2})

    assert result["subnets"] == {"app": {"us-east-1a": "subnet-0e"}}
    assert any("Several app subnets in us-east-1a" in w for w in result.get("warnings", []))


def test_subnets_by_name_pattern_and_groups_by_name_anywhere(aws_client, run_module):
    """data_tier's lookup: subnets by a Name pattern, the DB group by name, no VPC asked for (so no vpc-id filter)."""
    ec2, ec2_stub = aws_client("ec2")
    ec2_stub.add_response(
        "describe_subnets",
        {
            "Subnets": [
                _subnet("subnet-0b", "us-east-1b", "data", "ecia-prod-data-b"),
                _subnet("subnet-0a", "us-east-1a", "data", "ecia-prod-data-a"),
            ]
        },
        {"Filters": [{"Name": "tag:Name", "Values": ["ecia-prod-data-*"]}]},
    )
    ec2_stub.add_response(
        "describe_security_groups",
        {"SecurityGroups": [_group("ecia-prod-db-sg", "sg-0d")]},
        {"Filters": [{"Name": "group-name", "Values": ["ecia-prod-db-sg"]}]},
    )

    result = run_module(
        layer_outputs_info.main,
        {"subnet_name": "ecia-prod-data-*", "security_groups": ["ecia-prod-db-sg"]},
        {"ec2": ec2},
    )

    assert result["subnets"] == {"data": {"us-east-1a": "subnet-0a", "us-east-1b": "subnet-0b"}}
    assert result["security_groups"] == {"ecia-prod-db-sg": "sg-0d"}
    assert result["missing"] == {}
    assert "vpc" not in result


def test_subnet_name_matching_nothing_is_missing(aws_client, run_module):
    ec2, ec2_stub = aws_client("ec2")
    ec2_stub.add_response(
        "describe_subnets", {"Subnets": []}, {"Filters": [{"Name": "tag:Name", "Values": ["ecia-prod-data-*"]}]}
    )

    result = run_module(layer_outputs_info.main, {"subnet_name": "ecia-prod-data-*"}, {"ec2": ec2})

    assert result["subnets"] == {}
    assert result["missing"] == {"subnets": ["ecia-prod-data-*"]}


WORKLOAD_ARGS = {
    "load_balancers": ["ecia-prod-alb"],
    "target_groups": ["ecia-prod-app-tg"],
    "auto_scaling_groups": ["ecia-prod-app-asg"],
    "db_instances": ["ecia-prod-db"],
    "topics": ["ecia-prod-alerts"],
}


def _expect_workload(elbv2_stub, autoscaling_stub, rds_stub, sns_stub, found=True):
    # Every load balancer of the region over two pages; only the one asked for is kept.
    elbv2_stub.add_response(
        "describe_load_balancers", {"LoadBalancers": [_lb("other-alb", "1")], "NextMarker": "page2"}, {}
    )
    elbv2_stub.add_response(
        "describe_load_balancers",
        {"LoadBalancers": [_lb("ecia-prod-alb", "2")] if found else []},
        {"Marker": "page2"},
    )
    elbv2_stub.add_response(
        "describe_target_groups", {"TargetGroups": [_tg("other-tg")] + ([_tg("ecia-prod-app-tg")] if found else [])}, {}
    )
    asg = {
        "AutoScalingGroupName": "ecia-prod-app-asg",
        "AutoScalingGroupARN": f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/ecia-prod-app-asg",
        "MinSize": 1,
        "MaxSize": 2,
        "DesiredCapacity": 1,
        "DefaultCooldown": 300,
        "AvailabilityZones": ["us-east-1a"],
        "HealthCheckType": "ELB",
        "HealthCheckGracePeriod": 300,
        "TerminationPolicies": ["Default"],
        "LaunchTemplate": {"LaunchTemplateId": "lt-0a", "LaunchTemplateName": "ecia-prod-app-lt", "Version": "3"},
        "VPCZoneIdentifier": "subnet-0b,subnet-0a",
        "TargetGroupARNs": [f"{ELB}:targetgroup/ecia-prod-app-tg/6d0ecf831eec9f09"],
        "Tags": [
            {"Key": "Name", "Value": "ecia-prod-app", "PropagateAtLaunch": True},
            {"Key": "Owner", "Value": "ops", "PropagateAtLaunch": False},
        ],
        "CreatedTime": datetime.datetime(2026, 1, 1),
    }
    autoscaling_stub.add_response(
        "describe_auto_scaling_groups",
        {"AutoScalingGroups": [asg] if found else []},
        {"AutoScalingGroupNames": ["ecia-prod-app-asg"]},
    )
    db = {
        "DBInstanceIdentifier": "ecia-prod-db",
        "DBInstanceArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:db:ecia-prod-db",
        "DBInstanceClass": "db.t3.micro",
        "Engine": "postgres",
        "DBInstanceStatus": "available",
        "StorageEncrypted": True,
        "KmsKeyId": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_RDS}",
        "Endpoint": {"Address": "ecia-prod-db.abc.us-east-1.rds.amazonaws.com", "Port": 3306},
    }
    rds_stub.add_response(
        "describe_db_instances",
        {"DBInstances": [db] if found else []},
        {"Filters": [{"Name": "db-instance-id", "Values": ["ecia-prod-db"]}]},
    )
    sns_stub.add_response(
        "list_topics",
        {"Topics": [{"TopicArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:ecia-prod-alerts"}] if found else []},
        {},
    )


def _workload_clients(aws_client):
    made = {service: aws_client(service) for service in ("elbv2", "autoscaling", "rds", "sns")}
    return {s: c for s, (c, _stub) in made.items()}, [stub for _client, stub in made.values()]


def test_workload_outputs_found(aws_client, run_module):
    clients, stubs = _workload_clients(aws_client)
    _expect_workload(*stubs)

    result = run_module(layer_outputs_info.main, WORKLOAD_ARGS, clients)

    assert result["load_balancers"] == {
        "ecia-prod-alb": {
            "arn": f"{ELB}:loadbalancer/app/ecia-prod-alb/2",
            "dns_name": "ecia-prod-alb-1.us-east-1.elb.amazonaws.com",
            "canonical_hosted_zone_id": "Z35SXDOTRQ7X7K",
            "scheme": "internet-facing",
            "type": "application",
            "vpc_id": VPC,
            "state": "active",
        }
    }
    assert result["target_groups"] == {"ecia-prod-app-tg": f"{ELB}:targetgroup/ecia-prod-app-tg/6d0ecf831eec9f09"}
    assert result["auto_scaling_groups"] == {
        "ecia-prod-app-asg": {
            "arn": f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:autoScalingGroup:uuid:autoScalingGroupName/ecia-prod-app-asg",
            "min_size": 1,
            "max_size": 2,
            "desired_capacity": 1,
            "health_check_type": "ELB",
            "health_check_grace_period": 300,
            "default_cooldown": 300,
            "termination_policies": ["Default"],
            "launch_template": {"id": "lt-0a", "name": "ecia-prod-app-lt", "version": "3"},
            "subnets": ["subnet-0a", "subnet-0b"],
            "target_group_arns": [f"{ELB}:targetgroup/ecia-prod-app-tg/6d0ecf831eec9f09"],
            "tags": {"Name": "ecia-prod-app", "Owner": "ops"},
            "propagated_tags": {"Name": "ecia-prod-app"},
        }
    }
    assert result["db_instances"]["ecia-prod-db"]["instance_class"] == "db.t3.micro"
    assert result["db_instances"]["ecia-prod-db"]["status"] == "available"
    assert result["db_instances"]["ecia-prod-db"]["endpoint"] == {
        "address": "ecia-prod-db.abc.us-east-1.rds.amazonaws.com",
        "port": 3306,
    }
    assert result["db_instances"]["ecia-prod-db"]["arn"] == f"arn:aws:rds:us-east-1:{ACCOUNT}:db:ecia-prod-db"
    assert result["topics"] == {"ecia-prod-alerts": f"arn:aws:sns:us-east-1:{ACCOUNT}:ecia-prod-alerts"}
    assert result["missing"] == {}
    assert "vpc" not in result and "subnets" not in result


def test_workload_outputs_missing_on_an_empty_account_under_check(aws_client, run_module):
    clients, stubs = _workload_clients(aws_client)
    _expect_workload(*stubs, found=False)

    result = run_module(layer_outputs_info.main, WORKLOAD_ARGS, clients, check_mode=True)

    assert not result["failed"]
    assert result["load_balancers"] == {} and result["db_instances"] == {}
    assert result["missing"] == dict(WORKLOAD_ARGS)


def _kms_arn(key):
    return f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key}"


def test_buckets_versioning_and_key_resolved_to_an_arn(aws_client, run_module):
    s3, s3_stub = aws_client("s3")
    kms, kms_stub = aws_client("kms")
    app, logs, gone = f"ecia-prod-app-{ACCOUNT}", f"ecia-prod-logs-{ACCOUNT}", "ecia-prod-gone"
    s3_stub.add_response("get_bucket_versioning", {"Status": "Enabled"}, {"Bucket": app})
    s3_stub.add_response(
        "get_bucket_encryption",
        {
            "ServerSideEncryptionConfiguration": {
                "Rules": [
                    {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/app"}}
                ]
            }
        },
        {"Bucket": app},
    )
    kms_stub.add_response(
        "describe_key", {"KeyMetadata": {"KeyId": KEY_S3, "Arn": _kms_arn(KEY_S3)}}, {"KeyId": "alias/app"}
    )
    # Versioning never set, no default encryption configuration.
    s3_stub.add_response("get_bucket_versioning", {}, {"Bucket": logs})
    s3_stub.add_client_error(
        "get_bucket_encryption", "ServerSideEncryptionConfigurationNotFoundError", expected_params={"Bucket": logs}
    )
    s3_stub.add_client_error("get_bucket_versioning", "NoSuchBucket", expected_params={"Bucket": gone})

    result = run_module(layer_outputs_info.main, {"buckets": [app, logs, gone]}, {"s3": s3, "kms": kms})

    assert result["buckets"] == {
        app: {
            "versioning": "Enabled",
            "sse_algorithm": "aws:kms",
            "kms_key_id": "alias/app",
            "kms_key_arn": _kms_arn(KEY_S3),
        },
        logs: {"versioning": "", "sse_algorithm": "", "kms_key_id": "", "kms_key_arn": ""},
    }
    assert result["missing"] == {"buckets": [gone]}


def test_a_bucket_key_already_an_arn_or_listed_alias_needs_no_describe_key(aws_client, run_module):
    s3, s3_stub = aws_client("s3")
    kms, kms_stub = aws_client("kms")
    kms_stub.add_response("list_aliases", {"Aliases": [_alias("alias/app", KEY_S3)], "Truncated": False}, {})
    for bucket, key in (("a", _kms_arn(KEY_RDS)), ("b", "alias/app")):
        s3_stub.add_response("get_bucket_versioning", {"Status": "Enabled"}, {"Bucket": bucket})
        s3_stub.add_response(
            "get_bucket_encryption",
            {
                "ServerSideEncryptionConfiguration": {
                    "Rules": [
                        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}
                    ]
                }
            },
            {"Bucket": bucket},
        )

    result = run_module(
        layer_outputs_info.main, {"kms_aliases": ["app"], "buckets": ["a", "b"]}, {"s3": s3, "kms": kms}
    )

    assert result["buckets"]["a"]["kms_key_arn"] == _kms_arn(KEY_RDS)
    assert result["buckets"]["b"]["kms_key_arn"] == _kms_arn(KEY_S3)
    assert result["kms_keys"] == {"alias/app": _kms_arn(KEY_S3)}


def test_nothing_asked_makes_no_client(run_module):
    result = run_module(layer_outputs_info.main, {}, None)

    assert not result["failed"] and result["missing"] == {}


def test_an_api_error_fails_naming_the_read(aws_client, run_module):
    ec2, ec2_stub = aws_client("ec2")
    ec2_stub.add_client_error("describe_vpcs", "UnauthorizedOperation", "not allowed", expected_params=_vpc_filter())

    result = run_module(layer_outputs_info.main, {"vpc_name": "ecia-prod-vpc"}, {"ec2": ec2})

    assert result["failed"]
    assert "describe VPCs" in result["msg"]


AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"


def _image(image_id="ami-0123456789abcdef0", architecture="x86_64"):
    return {
        "ImageId": image_id,
        "Name": "al2023-ami-2023.6-kernel-6.1-x86_64",
        "Architecture": architecture,
        "VirtualizationType": "hvm",
        "RootDeviceType": "ebs",
        "RootDeviceName": "/dev/xvda",
        "State": "available",
    }


@pytest.mark.parametrize("check_mode", [False, True])
def test_ami_by_ssm_parameter(aws_client, run_module, check_mode):
    ssm, ssm_stub = aws_client("ssm")
    ec2, ec2_stub = aws_client("ec2")
    ssm_stub.add_response(
        "get_parameter",
        {"Parameter": {"Name": AL2023, "Type": "String", "Value": "ami-0123456789abcdef0"}},
        {"Name": AL2023},
    )
    ec2_stub.add_response("describe_images", {"Images": [_image()]}, {"ImageIds": ["ami-0123456789abcdef0"]})

    result = run_module(
        layer_outputs_info.main, {"ami_ssm_parameter": AL2023}, {"ssm": ssm, "ec2": ec2}, check_mode=check_mode
    )

    assert not result["failed"] and not result["changed"]
    assert result["ami"] == {
        "id": "ami-0123456789abcdef0",
        "name": "al2023-ami-2023.6-kernel-6.1-x86_64",
        "architecture": "x86_64",
        "virtualization_type": "hvm",
        "root_device_type": "ebs",
        "root_device_name": "/dev/xvda",
        "state": "available",
    }
    assert result["missing"] == {}


def test_ami_by_id_that_does_not_exist_is_missing(aws_client, run_module):
    ec2, ec2_stub = aws_client("ec2")
    ec2_stub.add_client_error(
        "describe_images", "InvalidAMIID.NotFound", "no such image", expected_params={"ImageIds": ["ami-0dead"]}
    )

    result = run_module(layer_outputs_info.main, {"ami_id": "ami-0dead"}, {"ec2": ec2})

    assert not result["failed"]
    assert result["ami"] == {} and result["missing"] == {"ami": ["ami-0dead"]}


def test_ami_parameter_that_does_not_exist_is_missing_without_describing_images(aws_client, run_module):
    ssm, ssm_stub = aws_client("ssm")
    ssm_stub.add_client_error("get_parameter", "ParameterNotFound", "none", expected_params={"Name": "/no/such"})

    result = run_module(layer_outputs_info.main, {"ami_ssm_parameter": "/no/such"}, {"ssm": ssm})

    assert not result["failed"]
    assert result["ami"] == {} and result["missing"] == {"ami": ["/no/such"]}


def test_ami_id_and_parameter_together_fail_before_any_call(run_module):
    result = run_module(layer_outputs_info.main, {"ami_id": "ami-0a", "ami_ssm_parameter": AL2023}, None)

    assert result["failed"]
    assert "ami_id" in result["msg"] and "ami_ssm_parameter" in result["msg"]


def _certificate(suffix, domain, not_after):
    return {
        "CertificateArn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/{suffix}",
        "DomainName": domain,
        "Status": "ISSUED",
        "NotAfter": not_after,
    }


def test_certificate_the_issued_one_of_the_domain_expiring_last(aws_client, run_module):
    acm, acm_stub = aws_client("acm")
    acm_stub.add_response(
        "list_certificates",
        {
            "CertificateSummaryList": [
                _certificate("old", "app.example.com", datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)),
                _certificate("other", "api.example.com", datetime.datetime(2028, 1, 1, tzinfo=datetime.timezone.utc)),
            ],
            "NextToken": "page2",
        },
        {"CertificateStatuses": ["ISSUED"]},
    )
    acm_stub.add_response(
        "list_certificates",
        {
            "CertificateSummaryList": [
                _certificate("new", "app.example.com", datetime.datetime(2027, 6, 1, tzinfo=datetime.timezone.utc)),
            ]
        },
        {"CertificateStatuses": ["ISSUED"], "NextToken": "page2"},
    )

    result = run_module(layer_outputs_info.main, {"certificate_domain": "app.example.com"}, {"acm": acm})

    assert not result["failed"]
    assert result["certificate"] == {
        "arn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/new",
        "domain_name": "app.example.com",
        "not_after": "2027-06-01T00:00:00+00:00",
    }
    assert result["missing"] == {}


def test_no_issued_certificate_for_the_domain_is_missing(aws_client, run_module):
    acm, acm_stub = aws_client("acm")
    acm_stub.add_response(
        "list_certificates",
        {"CertificateSummaryList": [_certificate("other", "api.example.com", datetime.datetime(2028, 1, 1))]},
        {"CertificateStatuses": ["ISSUED"]},
    )

    result = run_module(
        layer_outputs_info.main, {"certificate_domain": "app.example.com"}, {"acm": acm}, check_mode=True
    )

    assert not result["failed"]
    assert result["certificate"] == {} and result["missing"] == {"certificate": ["app.example.com"]}
