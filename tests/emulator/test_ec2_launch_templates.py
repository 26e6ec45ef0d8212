"""What a launch template gives the instances launched from it, by RunInstances and by an Auto Scaling group."""

import json

import pytest

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


@pytest.fixture
def template(client):
    """A template whose version 1 allows IMDSv1 with no profile, and version 2 requires IMDSv2 with a profile."""
    ec2, iam = client("ec2"), client("iam")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST))
    profile = iam.create_instance_profile(InstanceProfileName="app")["InstanceProfile"]["Arn"]
    iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    created = ec2.create_launch_template(
        LaunchTemplateName="app", LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro"}
    )["LaunchTemplate"]
    ec2.create_launch_template_version(
        LaunchTemplateId=created["LaunchTemplateId"],
        SourceVersion="1",
        LaunchTemplateData={
            "InstanceType": "t3.small",
            "IamInstanceProfile": {"Arn": profile},
            "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2},
        },
    )
    return {"id": created["LaunchTemplateId"], "profile": profile}


def _launched(ec2, ids=None):
    reservations = ec2.describe_instances(**({"InstanceIds": ids} if ids else {}))["Reservations"]
    return [i for r in reservations for i in r["Instances"] if i["State"]["Name"] != "terminated"]


def test_run_instances_takes_metadata_options_and_profile_from_the_template(client, template):
    ec2 = client("ec2")
    ids = [
        i["InstanceId"]
        for i in ec2.run_instances(
            MinCount=2, MaxCount=2, LaunchTemplate={"LaunchTemplateId": template["id"], "Version": "2"}
        )["Instances"]
    ]
    for instance in _launched(ec2, ids):
        assert instance["InstanceType"] == "t3.small"
        assert (instance["MetadataOptions"]["HttpTokens"], instance["MetadataOptions"]["HttpPutResponseHopLimit"]) == (
            "required",
            2,
        )
        # Every instance of the request, not only the first.
        assert instance["IamInstanceProfile"]["Arn"] == template["profile"]


def test_an_auto_scaling_group_launches_its_own_template_version(client, template):
    ec2, asg = client("ec2"), client("autoscaling")
    subnet = ec2.describe_subnets()["Subnets"][0]
    asg.create_auto_scaling_group(
        AutoScalingGroupName="app",
        LaunchTemplate={"LaunchTemplateId": template["id"], "Version": "2"},  # the default version is 1
        MinSize=2,
        MaxSize=2,
        DesiredCapacity=2,
        VPCZoneIdentifier=subnet["SubnetId"],
    )
    ids = [i["InstanceId"] for i in asg.describe_auto_scaling_groups()["AutoScalingGroups"][0]["Instances"]]
    instances = _launched(ec2, ids)
    assert len(instances) == 2
    for instance in instances:
        assert instance["InstanceType"] == "t3.small"
        assert instance["MetadataOptions"]["HttpTokens"] == "required"
        assert instance["IamInstanceProfile"]["Arn"] == template["profile"]


def test_without_a_version_the_group_launches_the_default_one(client, template):
    ec2, asg = client("ec2"), client("autoscaling")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="app",
        LaunchTemplate={"LaunchTemplateId": template["id"]},
        MinSize=1,
        MaxSize=1,
        AvailabilityZones=["us-east-1a"],
    )
    ids = [i["InstanceId"] for i in asg.describe_auto_scaling_groups()["AutoScalingGroups"][0]["Instances"]]
    (instance,) = _launched(ec2, ids)
    assert instance["InstanceType"] == "t3.micro"
    assert instance["MetadataOptions"]["HttpTokens"] == "optional" and "IamInstanceProfile" not in instance
