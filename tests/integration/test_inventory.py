"""The app servers come from the aws_ec2 inventory plugin (inventories/<env>/aws_ec2.yml), grouped by Role tag and
AZ, named by instance id, reached over SSM; instances of another env, stopped ones and untagged ones stay out.

The ASG is built the way the compute tier builds `<env_prefix>-app-asg`: with the workload playbook when the
compute tier can converge (test_workload_asg_instances_...), and directly with boto3 otherwise (a launch
template and an ASG whose tags propagate Name, Environment and Role to the instances), so the inventory is
tested whatever state the compute tier is in.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import estate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_LOCAL_HOSTS = yaml.safe_load((ROOT / "inventories/local/hosts.yml").read_text())["all"]["children"]["workloads"]
DEV_ACCOUNT = _LOCAL_HOSTS["children"]["dev"]["hosts"]["ecia-dev"]["aws_account_id"]
PROD_ACCOUNT = _LOCAL_HOSTS["children"]["prod"]["hosts"]["ecia-prod"]["aws_account_id"]
ASG = "ecia-dev-app-asg"
SSM_VARS = {
    "ansible_connection": "amazon.aws.aws_ssm",
    "ansible_aws_ssm_bucket_name": "ecia-dev-ssm",
    "ansible_aws_ssm_region": "ap-south-1",
    "env_name": "dev",
}


def _plain(value):
    """ansible-inventory --list marks plugin-made values as {"__ansible_unsafe": value}; tests want the value."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _inventory():
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "ansible-inventory"), "-i", "inventories/local", "--list"],
        cwd=ROOT,
        env=dict(os.environ, ANSIBLE_NOCOLOR="1"),
        capture_output=True,
        text=True,
        check=True,
    )
    data = _plain(json.loads(out.stdout))
    groups = {name: set(body.get("hosts", [])) for name, body in data.items() if name != "_meta"}
    return data["_meta"]["hostvars"], groups, out.stderr


def _ami(ec2):
    return ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]


def _tags(env, role="app"):
    tags = {"Name": f"ecia-{env}-app", "Environment": env}
    if role:
        tags["Role"] = role
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def _run(ec2, env, az, role="app"):
    spec = [{"ResourceType": "instance", "Tags": _tags(env, role)}]
    res = ec2.run_instances(
        ImageId=_ami(ec2), MinCount=1, MaxCount=1, Placement={"AvailabilityZone": az}, TagSpecifications=spec
    )
    return res["Instances"][0]["InstanceId"]


def _running(session, name):
    """Ids of the running instances tagged Name=name."""
    ec2 = session.client("ec2", endpoint_url=estate.endpoint_url())
    filters = [{"Name": "tag:Name", "Values": [name]}, {"Name": "instance-state-name", "Values": ["running"]}]
    return {i["InstanceId"] for r in ec2.describe_instances(Filters=filters)["Reservations"] for i in r["Instances"]}


def _asg_instances(session):
    asg = session.client("autoscaling", endpoint_url=estate.endpoint_url())
    groups = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[ASG])["AutoScalingGroups"]
    assert groups, f"{ASG} does not exist"
    return {i["InstanceId"]: i["AvailabilityZone"] for i in groups[0]["Instances"]}


def _build_asg_like_compute_tier(session, desired=3):
    ec2 = session.client("ec2", endpoint_url=estate.endpoint_url())
    asg = session.client("autoscaling", endpoint_url=estate.endpoint_url())
    ec2.create_launch_template(
        LaunchTemplateName="ecia-dev-app-lt",
        LaunchTemplateData={
            "ImageId": _ami(ec2),
            "InstanceType": "t3.micro",
            "MetadataOptions": {"HttpTokens": "required"},
        },
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName=ASG,
        LaunchTemplate={"LaunchTemplateName": "ecia-dev-app-lt", "Version": "$Latest"},
        MinSize=1,
        MaxSize=4,
        DesiredCapacity=desired,
        AvailabilityZones=["ap-south-1a", "ap-south-1b"],
        Tags=[
            {"ResourceId": ASG, "ResourceType": "auto-scaling-group", "PropagateAtLaunch": True, **t}
            for t in _tags("dev")
        ],
    )


def _decoys(dev, prod):
    """Instances that must not appear: another env's tag, stopped, no Role tag (ungrouped), another account."""
    dev_ec2 = dev.client("ec2", endpoint_url=estate.endpoint_url())
    staging_tagged = _run(dev_ec2, "staging", "ap-south-1a")
    stopped = _run(dev_ec2, "dev", "ap-south-1b")
    dev_ec2.stop_instances(InstanceIds=[stopped])
    untagged_role = _run(dev_ec2, "dev", "ap-south-1a", role=None)
    other_account = _run(prod.client("ec2", endpoint_url=estate.endpoint_url()), "dev", "ap-south-1a")
    return {"staging_tagged": staging_tagged, "stopped": stopped, "other_account": other_account}, untagged_role


def _assert_inventory(expected, decoys, untagged_role, others=frozenset()):
    hostvars, groups, stderr = _inventory()
    assert "Failed to parse" not in stderr, stderr
    found = groups.get("aws_ec2", set())
    # Every ASG instance, named by its instance id, in role_app and in its AZ's group.
    assert groups.get("role_app") == set(expected), (groups.get("role_app"), expected)
    for instance_id, az in expected.items():
        assert re.fullmatch(r"i-[0-9a-f]+", instance_id)
        assert instance_id in groups.get("az_" + az.replace("-", "_"), set()), (instance_id, az, groups.keys())
        assert instance_id in groups.get("env_dev", set())
        hv = hostvars[instance_id]
        assert {k: hv.get(k) for k in SSM_VARS} == SSM_VARS, instance_id
        # An instance runs its own Python, not the controller's (all.yml's account-host setting).
        assert hv["ansible_python_interpreter"] == "auto_silent"
    # Nothing of another env, account or state; an instance without a Role tag is listed but in no role group.
    for what, instance_id in decoys.items():
        assert instance_id not in found, f"{what} instance {instance_id} is in the inventory"
    assert found == set(expected) | {untagged_role} | set(others)
    assert not any(untagged_role in hosts for name, hosts in groups.items() if name.startswith("role_"))
    # Other instances of the env (the bastion) are listed under their own Role group, never under role_app.
    for instance_id in others:
        assert instance_id in groups.get("env_dev", set()) and instance_id not in groups.get("role_app", set())
    # The account hosts are still there, untouched by the plugin.
    assert groups.get("dev") == {"ecia-dev"}
    return hostvars, groups


def test_asg_instances_are_grouped_by_role_and_az_with_ssm_vars(empty_endpoint):
    dev = estate.session(DEV_ACCOUNT)
    _build_asg_like_compute_tier(dev, desired=3)
    decoys, untagged_role = _decoys(dev, estate.session(PROD_ACCOUNT))
    expected = _asg_instances(dev)
    # moto places one launch's instances in a single random AZ (AWS balances them): AZs are not asserted here.
    assert len(expected) == 3
    _assert_inventory(expected, decoys, untagged_role)


def test_every_env_account_of_the_endpoint_is_listed(empty_endpoint):
    """inventories/local has one aws_ec2 source per env account: a prod app server is found, in the prod groups, with
    the prod SSM bucket."""
    prod_ec2 = estate.session(PROD_ACCOUNT).client("ec2", endpoint_url=estate.endpoint_url())
    prod_app = _run(prod_ec2, "prod", "ap-south-1c")
    hostvars, groups, stderr = _inventory()
    assert "Failed to parse" not in stderr, stderr
    assert prod_app in groups.get("env_prod", set()) and prod_app in groups.get("role_app", set())
    assert prod_app in groups.get("az_ap_south_1c", set())
    assert hostvars[prod_app]["ansible_connection"] == "amazon.aws.aws_ssm"
    assert hostvars[prod_app]["ansible_aws_ssm_bucket_name"] == "ecia-prod-ssm"
    assert not groups.get("env_dev") and not groups.get("env_staging")


def _compute_tier_ready():
    return (ROOT / "playbooks" / "workload.yml").exists() and (ROOT / "roles/compute_tier/tasks/asg.yml").exists()


@pytest.mark.skipif(not _compute_tier_ready(), reason="the compute tier (roles/compute_tier) cannot build the ASG yet")
def test_workload_asg_instances_are_in_the_inventory(empty_endpoint, playbook):
    for layer in ("playbooks/network.yml", "playbooks/workload.yml"):
        result = playbook(layer, "--limit", "ecia-dev")
        assert result.returncode == 0, result.stdout[-4000:]
    dev = estate.session(DEV_ACCOUNT)
    decoys, untagged_role = _decoys(dev, estate.session(PROD_ACCOUNT))
    expected = _asg_instances(dev)
    assert expected, f"{ASG} launched no instance"
    bastion = _running(dev, "ecia-dev-bastion")
    assert len(bastion) == 1, bastion
    _assert_inventory(expected, decoys, untagged_role, others=bastion)
    _, groups, _ = _inventory()
    assert groups.get("role_bastion") == bastion


def test_app_hosts_playbook_passes_over_the_endpoints_instances(empty_endpoint, playbook):
    """site.yml imports app_hosts.yml: on the local endpoint its instances are listed but not configured."""
    _build_asg_like_compute_tier(estate.session(DEV_ACCOUNT), desired=2)
    result = playbook("playbooks/app_hosts.yml")
    assert result.returncode == 0, result.stdout[-4000:]
    assert re.search(
        r"^i-[0-9a-f]+\s+: ok=0\s+changed=0\s+unreachable=0\s+failed=0", result.stdout, re.M
    ), result.stdout


@pytest.mark.parametrize("env,account_host", [("dev", "ecia-dev"), ("staging", "ecia-staging"), ("prod", "ecia-prod")])
def test_each_env_inventory_lists_only_its_running_instances_over_ssm(env, account_host):
    inv = ROOT / "inventories" / env
    cfg = yaml.safe_load((inv / "aws_ec2.yml").read_text())
    hosts = yaml.safe_load((inv / "hosts.yml").read_text())
    account_id = hosts["all"]["children"]["workloads"]["children"][env]["hosts"][account_host]["aws_account_id"]
    assert cfg["plugin"] == "amazon.aws.aws_ec2"
    assert cfg["iam_role_arn"] == f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"
    assert cfg["filters"] == {"tag:Environment": env, "instance-state-name": "running"}
    assert cfg["hostnames"] == ["instance-id"]
    assert {g["prefix"]: g["key"] for g in cfg["keyed_groups"]} == {
        "role": "tags.Role",
        "az": "placement.availability_zone",
        "env": "tags.Environment",
    }
    assert cfg["compose"]["ansible_connection"] == "'amazon.aws.aws_ssm'"
    assert cfg["compose"]["ansible_aws_ssm_bucket_name"] == f"'ecia-{env}-ssm'"
    assert cfg["cache"] is True and cfg["cache_plugin"] == "ansible.builtin.jsonfile" and cfg["cache_timeout"] > 0


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"rolling_deploy_env": "dev", "rolling_deploy_strategy": "blue_green"}, "rolling_deploy_strategy must be"),
        ({"rolling_deploy_strategy": "instance_refresh"}, "rolling_deploy_env must be"),
        ({"rolling_deploy_env": "dev"}, "in_place needs app_host_app_version"),
    ],
)
def test_rolling_deploy_refuses_a_bad_request_before_any_api_call(empty_endpoint, playbook, extra, message):
    empty_endpoint.reset_calls()
    result = playbook("playbooks/ops/rolling_deploy.yml", "-e", json.dumps(extra))
    assert result.returncode != 0
    assert message in result.stdout, result.stdout[-3000:]
    # Only the inventory plugin's own reads (assume the dev role, list instances) reached the endpoint.
    assert set(empty_endpoint.calls()["by_operation"]) <= {"sts.AssumeRole", "ec2.DescribeInstances"}
