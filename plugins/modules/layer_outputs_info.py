#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: layer_outputs_info
short_description: Read back, in one run, what the earlier layers built in a region, by name and tag
version_added: 0.1.0
description:
  - The one place where a role finds the outputs of the layers before it (see docs/layer-outputs.md). It reads the
    VPC by its C(Name) tag, its subnets by C(Tier) tag and Availability Zone, security groups by name, KMS key ARNs by alias,
    the workload's load balancers, target groups, Auto Scaling groups, RDS instances, SNS topics and S3 buckets
    by name, an AMI by id or by SSM parameter, and the ISSUED ACM certificate of a domain.
  - Each part is read only when its option is given (a non-empty value), with one paginated Describe/List call per
    kind of resource, all from one boto3 session; S3 buckets take two reads each (versioning, default encryption),
    an AMI by SSM parameter two (GetParameter, DescribeImages).
  - Read-only; safe and identical under check mode. What was asked for and not found is listed in RV(missing)
    rather than failing, so a caller decides whether that is an ordering error or a plan on an empty account.
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  vpc_name:
    description:
      - C(Name) tag of the VPC (the network layer's C(<name>-vpc)). Returned in RV(vpc).
      - When given, O(subnet_tiers), O(subnet_name) and O(security_groups) are looked up in this VPC only, and are
        reported missing without a read when the VPC does not exist.
    type: str
  subnet_tiers:
    description:
      - C(Tier) tag values of the subnets to find (the network layer tags C(public), C(app), C(data)...). Returned in
        RV(subnets) by tier and Availability Zone.
    type: list
    elements: str
  subnet_name:
    description:
      - C(Name) tag of the subnets to find, with EC2 filter wildcards (V(*), V(?)), e.g. V(ecia-prod-data-*).
      - With O(subnet_tiers) a subnet must match both.
    type: str
  security_groups:
    description:
      - Names of the security groups to find (in the VPC of O(vpc_name) when given). Returned in
        RV(security_groups).
    type: list
    elements: str
  kms_aliases:
    description:
      - KMS aliases whose key ARNs to find, with or without the V(alias/) prefix. Returned in RV(kms_keys).
    type: list
    elements: str
  load_balancers:
    description:
      - Names of Elastic Load Balancing v2 load balancers (ALB, NLB) to find. Returned in RV(load_balancers).
    type: list
    elements: str
  target_groups:
    description:
      - Names of target groups to find. Returned in RV(target_groups).
    type: list
    elements: str
  auto_scaling_groups:
    description:
      - Names of Auto Scaling groups to find, with their sizes, health check, launch template, subnets, target groups
        and tags. Returned in RV(auto_scaling_groups).
    type: list
    elements: str
  db_instances:
    description:
      - Identifiers of RDS DB instances to find, with their status and endpoint. Returned in RV(db_instances).
    type: list
    elements: str
  topics:
    description:
      - Names of SNS topics to find. Returned in RV(topics).
    type: list
    elements: str
  buckets:
    description:
      - Names of S3 buckets to find, with their versioning and default encryption. Returned in RV(buckets).
    type: list
    elements: str
  ami_id:
    description:
      - Id of an AMI to describe. Returned in RV(ami).
      - Mutually exclusive with O(ami_ssm_parameter).
    type: str
  ami_ssm_parameter:
    description:
      - Name of the SSM parameter whose value is the AMI id to describe, e.g. AWS's public
        V(/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64). Returned in RV(ami).
      - Mutually exclusive with O(ami_id).
    type: str
  certificate_domain:
    description:
      - Domain name of the ACM certificate to find among the region's ISSUED ones (the certificate's own domain
        name, not a subject alternative name; ACM's default key types, RSA 2048). Returned in RV(certificate).
    type: str
notes:
  - A name that matches several resources (two VPCs with the same C(Name) tag, two subnets of one tier in one
    Availability Zone, groups of one name in several VPCs) gives the first in AWS's answer and a warning.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: What the compute tier needs of the network, security_groups and data_tier layers
  prodgrade.aws.layer_outputs_info:
    region: ap-south-1
    vpc_name: ecia-prod-vpc
    subnet_tiers: [app, public]
    security_groups: [ecia-prod-alb-sg, ecia-prod-app-sg]
    kms_aliases: [alias/ecia-prod-s3, alias/ecia-prod-rds, alias/ecia-prod-secrets]
    ami_ssm_parameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
    certificate_domain: app.example.com
    target_groups: [ecia-prod-app-tg]
    auto_scaling_groups: [ecia-prod-app-asg]
  register: outputs

- name: Stop when an earlier layer has not run
  ansible.builtin.assert:
    that: outputs.missing | length == 0
    fail_msg: "Not found: {{ outputs.missing }}"

- name: What the alarms watch
  prodgrade.aws.layer_outputs_info:
    load_balancers: [ecia-prod-alb]
    target_groups: [ecia-prod-app-tg]
    auto_scaling_groups: [ecia-prod-app-asg]
    db_instances: [ecia-prod-db]
  register: workload
"""

RETURN = r"""
vpc:
  description: The VPC of O(vpc_name); empty when there is none.
  returned: when O(vpc_name) is given
  type: dict
  contains:
    id:
      description: VPC id.
      type: str
      sample: vpc-0123456789abcdef0
    cidr:
      description: The VPC's primary IPv4 CIDR block.
      type: str
      sample: 10.20.0.0/16
    name:
      description: Its C(Name) tag.
      type: str
      sample: ecia-prod-vpc
subnets:
  description:
    - Subnet ids by C(Tier) tag, then by Availability Zone (full name), e.g. C(subnets.app["ap-south-1a"]).
    - Every tier of O(subnet_tiers) is a key, empty when none was found; a subnet found by O(subnet_name) without
      a C(Tier) tag is under the empty tier V("").
  returned: when O(subnet_tiers) or O(subnet_name) is given
  type: dict
  sample: {"app": {"ap-south-1a": "subnet-0a", "ap-south-1b": "subnet-0b"}, "public": {"ap-south-1a": "subnet-0c"}}
security_groups:
  description: Group id by group name, for the names of O(security_groups) that exist.
  returned: when O(security_groups) is given
  type: dict
  sample: {"ecia-prod-alb-sg": "sg-0123456789abcdef0"}
kms_keys:
  description: Key ARN by alias (always spelled with its V(alias/) prefix), for the aliases that exist.
  returned: when O(kms_aliases) is given
  type: dict
  sample: {"alias/ecia-prod-s3": "arn:aws:kms:ap-south-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
load_balancers:
  description: The load balancers of O(load_balancers) that exist, by name.
  returned: when O(load_balancers) is given
  type: dict
  sample:
    ecia-prod-alb:
      arn: arn:aws:elasticloadbalancing:ap-south-1:111122223333:loadbalancer/app/ecia-prod-alb/50dc6c495c0c9188
      dns_name: ecia-prod-alb-123456789.ap-south-1.elb.amazonaws.com
      canonical_hosted_zone_id: ZP97RAFLXTNZK
      scheme: internet-facing
      type: application
      vpc_id: vpc-0123456789abcdef0
      state: active
target_groups:
  description: Target group ARN by name, for the names of O(target_groups) that exist.
  returned: when O(target_groups) is given
  type: dict
  sample: {"ecia-prod-app-tg": "arn:aws:elasticloadbalancing:ap-south-1:111122223333:targetgroup/ecia-prod-app-tg/6d0ecf831eec9f09"}
auto_scaling_groups:
  description: The Auto Scaling groups of O(auto_scaling_groups) that exist, by name.
  returned: when O(auto_scaling_groups) is given
  type: dict
  sample:
    ecia-prod-app-asg:
      arn: arn:aws:autoscaling:ap-south-1:111122223333:autoScalingGroup:uuid:autoScalingGroupName/ecia-prod-app-asg
      min_size: 1
      max_size: 2
      desired_capacity: 1
      health_check_type: ELB
      health_check_grace_period: 300
      default_cooldown: 300
      termination_policies: [Default]
      launch_template: {id: lt-0123456789abcdef0, name: ecia-prod-app-lt, version: "3"}
      subnets: [subnet-0a, subnet-0b]
      target_group_arns: ["arn:aws:elasticloadbalancing:ap-south-1:111122223333:targetgroup/ecia-prod-app-tg/6d0ecf831eec9f09"]
      tags: {Name: ecia-prod-app, Environment: prod}
      propagated_tags: {Name: ecia-prod-app}
  contains:
    arn:
      description: The group's ARN.
      type: str
    min_size:
      description: Minimum size.
      type: int
    max_size:
      description: Maximum size.
      type: int
    desired_capacity:
      description: Desired capacity.
      type: int
    health_check_type:
      description: V(EC2), V(ELB), V(VPC_LATTICE) or V(EBS).
      type: str
    health_check_grace_period:
      description: Seconds before the first health check of a new instance.
      type: int
    default_cooldown:
      description: Default cooldown in seconds.
      type: int
    termination_policies:
      description: Termination policies in AWS's order.
      type: list
      elements: str
    launch_template:
      description:
        - The launch template (C(id), C(name), C(version) as the group stores it, e.g. V($Latest) or V(3)), also
          when it is the one of a mixed instances policy; V({}) for a group on a launch configuration.
      type: dict
    subnets:
      description: Subnet ids of the group's VPCZoneIdentifier, sorted.
      type: list
      elements: str
    target_group_arns:
      description: Target group ARNs, sorted.
      type: list
      elements: str
    tags:
      description: Every tag of the group.
      type: dict
    propagated_tags:
      description: The tags the group propagates to its instances at launch.
      type: dict
db_instances:
  description: The DB instances of O(db_instances) that exist, by identifier.
  returned: when O(db_instances) is given
  type: dict
  sample:
    ecia-prod-db:
      arn: arn:aws:rds:ap-south-1:111122223333:db:ecia-prod-db
      instance_class: db.t3.micro
      engine: postgres
      status: available
      storage_encrypted: true
      kms_key_id: arn:aws:kms:ap-south-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
      endpoint: {address: ecia-prod-db.abcdefghijkl.ap-south-1.rds.amazonaws.com, port: 3306}
  contains:
    arn:
      description: The instance's ARN.
      type: str
    instance_class:
      description: Its DB instance class.
      type: str
    engine:
      description: Its engine.
      type: str
    status:
      description: Its DBInstanceStatus (V(available), V(creating), V(modifying)...).
      type: str
    storage_encrypted:
      description: Whether its storage is encrypted.
      type: bool
    kms_key_id:
      description: The storage's KMS key, V("") if none.
      type: str
    endpoint:
      description: C(address) and C(port) to connect to; V({}) while the instance is being created.
      type: dict
topics:
  description: SNS topic ARN by name, for the names of O(topics) that exist.
  returned: when O(topics) is given
  type: dict
  sample: {"ecia-prod-alerts": "arn:aws:sns:ap-south-1:111122223333:ecia-prod-alerts"}
buckets:
  description: The S3 buckets of O(buckets) that exist, by name.
  returned: when O(buckets) is given
  type: dict
  sample:
    ecia-prod-app-111122223333:
      versioning: Enabled
      sse_algorithm: aws:kms
      kms_key_id: arn:aws:kms:ap-south-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
      kms_key_arn: arn:aws:kms:ap-south-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
  contains:
    versioning:
      description: V(Enabled), V(Suspended), or V("") for a bucket whose versioning was never set.
      type: str
    sse_algorithm:
      description: The default encryption's algorithm (V(AES256), V(aws:kms), V(aws:kms:dsse)), V("") if none.
      type: str
    kms_key_id:
      description: The default encryption's key as S3 reports it (an ARN, a key id or an alias), V("") if none.
      type: str
    kms_key_arn:
      description: That key's ARN (resolved when S3 reports an id or an alias), V("") if none or unknown.
      type: str
ami:
  description: The AMI of O(ami_id) or O(ami_ssm_parameter); V({}) when there is none (or no such parameter).
  returned: when O(ami_id) or O(ami_ssm_parameter) is given
  type: dict
  sample:
    id: ami-0123456789abcdef0
    name: al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64
    architecture: x86_64
    virtualization_type: hvm
    root_device_type: ebs
    root_device_name: /dev/xvda
    state: available
  contains:
    id:
      description: Image id.
      type: str
    name:
      description: Image name.
      type: str
    architecture:
      description: V(x86_64), V(arm64), V(i386)...
      type: str
    virtualization_type:
      description: V(hvm) or V(paravirtual).
      type: str
    root_device_type:
      description: V(ebs) or V(instance-store).
      type: str
    root_device_name:
      description: Device name of the root volume, e.g. V(/dev/xvda).
      type: str
    state:
      description: V(available), V(pending), V(failed)...
      type: str
certificate:
  description:
    - The ISSUED ACM certificate whose domain name is O(certificate_domain), the one expiring last when there are
      several; V({}) when there is none.
  returned: when O(certificate_domain) is given
  type: dict
  sample:
    arn: arn:aws:acm:ap-south-1:111122223333:certificate/12345678-1234-1234-1234-123456789012
    domain_name: app.example.com
    not_after: "2027-01-01T00:00:00+00:00"
  contains:
    arn:
      description: Certificate ARN.
      type: str
    domain_name:
      description: Its domain name.
      type: str
    not_after:
      description: End of its validity (ISO 8601).
      type: str
missing:
  description:
    - What was asked for and not found, by part (the keys above); a part with nothing missing is left out, so an
      empty dict means everything was found.
    - Under C(vpc) the O(vpc_name); under C(ami) the O(ami_id) or O(ami_ssm_parameter); under C(certificate) the
      O(certificate_domain); under C(subnets) the tiers without any subnet (or O(subnet_name) when no tier
      was asked and nothing matched); under the others the names not found.
  returned: always
  type: dict
  sample: {"subnets": ["public"], "kms_keys": ["alias/ecia-prod-secrets"]}
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.prodgrade.aws.plugins.module_utils import acm
from ansible_collections.prodgrade.aws.plugins.module_utils import autoscaling
from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils import ec2
from ansible_collections.prodgrade.aws.plugins.module_utils import elbv2
from ansible_collections.prodgrade.aws.plugins.module_utils import kms
from ansible_collections.prodgrade.aws.plugins.module_utils import rds
from ansible_collections.prodgrade.aws.plugins.module_utils import s3
from ansible_collections.prodgrade.aws.plugins.module_utils import sns
from ansible_collections.prodgrade.aws.plugins.module_utils import ssm
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

NAME_LISTS = ("security_groups", "kms_aliases", "load_balancers", "target_groups", "auto_scaling_groups")
NAME_LISTS += ("db_instances", "topics", "buckets", "subnet_tiers")


class Reader:
    """One module run's reads: a client per service from the run's one session, the warnings, what is missing."""

    def __init__(self, module: AnsibleAWSModule):
        self.module = module
        self.missing: Dict[str, List[str]] = {}
        self._clients: Dict[str, Any] = {}
        self._aliases: Optional[Dict[str, str]] = None

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = clients.client(self.module, service, retry_decorator=aws_retry())
        return self._clients[service]

    def report(self, part: str, wanted: List[str], found: Dict[str, Any]) -> None:
        absent = [name for name in wanted if name not in found]
        if absent:
            self.missing[part] = absent

    def first(self, what: str, items: List[Dict[str, Any]], key: str) -> Dict[str, Any]:
        """{name: first item of that name}, warning about names several items share."""
        by_name: Dict[str, Dict[str, Any]] = {}
        for item in items:
            name = item[key] if key in item else ""
            if name in by_name:
                self.module.warn(f"Several {what} named {name}: using the first AWS listed")
                continue
            by_name[name] = item
        return by_name

    def alias_arns(self) -> Dict[str, str]:
        if self._aliases is None:
            self._aliases = kms.alias_key_arns(kms.list_aliases(self.client("kms")))
        return self._aliases

    def key_arn(self, key_id: str) -> str:
        """A key as an ARN: S3 may report a key ARN, a key id, an alias name or an alias ARN ("" if unknown)."""
        if not key_id or ":key/" in key_id:
            return key_id
        if self._aliases is not None and key_id in self._aliases:
            return self._aliases[key_id]  # already listed for kms_aliases: no DescribeKey
        metadata = kms.describe_key(self.client("kms"), key_id)
        return metadata["Arn"] if metadata else ""


def _tags(resource: Dict[str, Any]) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(resource.get("Tags") or [])


def _alias(name: str) -> str:
    return name if name.startswith("alias/") else "alias/" + name


def read_vpc(reader: Reader, name: str) -> Dict[str, Any]:
    vpcs = ec2.describe_vpcs(reader.client("ec2"), Filters=[ec2.tag_filter("Name", [name])])
    if not vpcs:
        reader.missing["vpc"] = [name]
        return {}
    if len(vpcs) > 1:
        reader.module.warn(f"{len(vpcs)} VPCs are named {name}: using {vpcs[0]['VpcId']}")
    return {"id": vpcs[0]["VpcId"], "cidr": vpcs[0].get("CidrBlock", ""), "name": name}


def read_subnets(reader: Reader, vpc_id: Optional[str], tiers: List[str], name: Optional[str]) -> Dict[str, Any]:
    found: Dict[str, Dict[str, str]] = {tier: {} for tier in tiers}
    if vpc_id != "":  # "" is a VPC that was asked for and does not exist: nothing can be in it
        filters = [{"Name": "vpc-id", "Values": [vpc_id]}] if vpc_id else []
        filters += [ec2.tag_filter("Tier", tiers)] if tiers else []
        filters += [ec2.tag_filter("Name", [name])] if name else []
        subnets = ec2.describe_subnets(reader.client("ec2"), Filters=filters)
        for subnet in sorted(subnets, key=lambda s: (s["AvailabilityZone"], s["SubnetId"])):
            tier, zone = _tags(subnet).get("Tier", ""), subnet["AvailabilityZone"]
            by_zone = found.setdefault(tier, {})
            if zone in by_zone:
                reader.module.warn(f"Several {tier or 'untiered'} subnets in {zone}: using {by_zone[zone]}")
                continue
            by_zone[zone] = subnet["SubnetId"]
    absent = [tier for tier in tiers if not found[tier]] if tiers else ([name] if not any(found.values()) else [])
    if absent:
        reader.missing["subnets"] = absent
    return found


def read_security_groups(reader: Reader, vpc_id: Optional[str], names: List[str]) -> Dict[str, str]:
    found: Dict[str, str] = {}
    if vpc_id != "":
        filters = [{"Name": "vpc-id", "Values": [vpc_id]}] if vpc_id else []
        filters.append({"Name": "group-name", "Values": names})
        groups = reader.first(
            "security groups", ec2.describe_security_groups(reader.client("ec2"), Filters=filters), "GroupName"
        )
        found = {name: group["GroupId"] for name, group in groups.items()}
    reader.report("security_groups", names, found)
    return found


def read_kms_keys(reader: Reader, aliases: List[str]) -> Dict[str, str]:
    arns = reader.alias_arns()
    wanted = [_alias(a) for a in aliases]
    found = {alias: arns[alias] for alias in wanted if alias in arns}
    reader.report("kms_keys", wanted, found)
    return found


def read_load_balancers(reader: Reader, names: List[str]) -> Dict[str, Dict[str, Any]]:
    balancers = reader.first(
        "load balancers", elbv2.describe_load_balancers(reader.client("elbv2")), "LoadBalancerName"
    )
    found = {
        name: {
            "arn": lb["LoadBalancerArn"],
            "dns_name": lb.get("DNSName", ""),
            "canonical_hosted_zone_id": lb.get("CanonicalHostedZoneId", ""),
            "scheme": lb.get("Scheme", ""),
            "type": lb.get("Type", ""),
            "vpc_id": lb.get("VpcId", ""),
            "state": lb.get("State", {}).get("Code", ""),
        }
        for name, lb in balancers.items()
        if name in names
    }
    reader.report("load_balancers", names, found)
    return found


def read_target_groups(reader: Reader, names: List[str]) -> Dict[str, str]:
    groups = reader.first("target groups", elbv2.describe_target_groups(reader.client("elbv2")), "TargetGroupName")
    found = {name: group["TargetGroupArn"] for name, group in groups.items() if name in names}
    reader.report("target_groups", names, found)
    return found


def _launch_template(group: Dict[str, Any]) -> Dict[str, str]:
    template = group.get("LaunchTemplate") or (
        (group.get("MixedInstancesPolicy") or {}).get("LaunchTemplate", {}).get("LaunchTemplateSpecification")
    )
    if not template:
        return {}
    return {
        "id": template.get("LaunchTemplateId", ""),
        "name": template.get("LaunchTemplateName", ""),
        "version": template.get("Version", ""),
    }


def _auto_scaling_group(group: Dict[str, Any]) -> Dict[str, Any]:
    tags = group.get("Tags") or []
    return {
        "arn": group["AutoScalingGroupARN"],
        "min_size": group["MinSize"],
        "max_size": group["MaxSize"],
        "desired_capacity": group["DesiredCapacity"],
        "health_check_type": group.get("HealthCheckType", ""),
        "health_check_grace_period": group.get("HealthCheckGracePeriod", 0),
        "default_cooldown": group["DefaultCooldown"],
        "termination_policies": group.get("TerminationPolicies", []),
        "launch_template": _launch_template(group),
        "subnets": sorted(s for s in (group.get("VPCZoneIdentifier") or "").split(",") if s),
        "target_group_arns": sorted(group.get("TargetGroupARNs", [])),
        "tags": {tag["Key"]: tag.get("Value", "") for tag in tags},
        "propagated_tags": {tag["Key"]: tag.get("Value", "") for tag in tags if tag.get("PropagateAtLaunch")},
    }


def read_auto_scaling_groups(reader: Reader, names: List[str]) -> Dict[str, Dict[str, Any]]:
    groups = autoscaling.describe_auto_scaling_groups(reader.client("autoscaling"), names)
    found = {g["AutoScalingGroupName"]: _auto_scaling_group(g) for g in groups if g["AutoScalingGroupName"] in names}
    reader.report("auto_scaling_groups", names, found)
    return found


def read_db_instances(reader: Reader, identifiers: List[str]) -> Dict[str, Dict[str, Any]]:
    found = {
        db["DBInstanceIdentifier"]: {
            "arn": db["DBInstanceArn"],
            "instance_class": db.get("DBInstanceClass", ""),
            "engine": db.get("Engine", ""),
            "status": db.get("DBInstanceStatus", ""),
            "storage_encrypted": db.get("StorageEncrypted", False),
            "kms_key_id": db.get("KmsKeyId", ""),
            "endpoint": (
                {
                    "address": db["Endpoint"].get("Address", ""),
                    "port": db["Endpoint"].get("Port", 0),
                }
                if db.get("Endpoint")
                else {}
            ),
        }
        for db in rds.describe_db_instances(reader.client("rds"), identifiers)
        if db["DBInstanceIdentifier"] in identifiers
    }
    reader.report("db_instances", identifiers, found)
    return found


def read_topics(reader: Reader, names: List[str]) -> Dict[str, str]:
    found = {arn.rsplit(":", 1)[-1]: arn for arn in sns.list_topic_arns(reader.client("sns"))}
    found = {name: arn for name, arn in found.items() if name in names}
    reader.report("topics", names, found)
    return found


def read_buckets(reader: Reader, names: List[str]) -> Dict[str, Dict[str, str]]:
    found = {}
    for name in names:
        versioning = s3.get_bucket_versioning(reader.client("s3"), name)
        if versioning is None:
            continue
        encryption = s3.get_bucket_default_encryption(reader.client("s3"), name)
        key_id = encryption.get("KMSMasterKeyID", "")
        found[name] = {
            "versioning": versioning,
            "sse_algorithm": encryption.get("SSEAlgorithm", ""),
            "kms_key_id": key_id,
            "kms_key_arn": reader.key_arn(key_id),
        }
    reader.report("buckets", names, found)
    return found


def read_ami(reader: Reader, image_id: Optional[str], parameter: Optional[str]) -> Dict[str, str]:
    if parameter:
        image_id = ssm.get_parameter_value(reader.client("ssm"), parameter)
    images = ec2.describe_images(reader.client("ec2"), [image_id]) if image_id else []
    if not images:
        reader.missing["ami"] = [parameter or image_id]
        return {}
    image = images[0]
    return {
        "id": image["ImageId"],
        "name": image.get("Name", ""),
        "architecture": image.get("Architecture", ""),
        "virtualization_type": image.get("VirtualizationType", ""),
        "root_device_type": image.get("RootDeviceType", ""),
        "root_device_name": image.get("RootDeviceName", ""),
        "state": image.get("State", ""),
    }


def read_certificate(reader: Reader, domain: str) -> Dict[str, str]:
    issued = [c for c in acm.list_issued_certificates(reader.client("acm")) if c.get("DomainName") == domain]
    if not issued:
        reader.missing["certificate"] = [domain]
        return {}
    # The one valid longest; an ISSUED certificate always has NotAfter, str() keeps a stray one comparable.
    latest = max(issued, key=lambda c: str(c.get("NotAfter", "")))
    not_after = latest.get("NotAfter")
    return {
        "arn": latest["CertificateArn"],
        "domain_name": domain,
        "not_after": not_after.isoformat() if hasattr(not_after, "isoformat") else str(not_after or ""),
    }


def read_outputs(reader: Reader, params: Dict[str, Any]) -> Dict[str, Any]:
    """Every part asked for, in an order where the VPC comes before what is looked up in it."""
    out: Dict[str, Any] = {}
    vpc_id = None
    if params["vpc_name"]:
        out["vpc"] = read_vpc(reader, params["vpc_name"])
        vpc_id = out["vpc"].get("id", "")
    if params["subnet_tiers"] or params["subnet_name"]:
        out["subnets"] = read_subnets(reader, vpc_id, params["subnet_tiers"] or [], params["subnet_name"])
    if params["security_groups"]:
        out["security_groups"] = read_security_groups(reader, vpc_id, params["security_groups"])
    if params["kms_aliases"]:
        out["kms_keys"] = read_kms_keys(reader, params["kms_aliases"])
    parts = (
        ("load_balancers", read_load_balancers),
        ("target_groups", read_target_groups),
        ("auto_scaling_groups", read_auto_scaling_groups),
        ("db_instances", read_db_instances),
        ("topics", read_topics),
        ("buckets", read_buckets),
    )
    for part, read in parts:
        if params[part]:
            out[part] = read(reader, params[part])
    if params["ami_id"] or params["ami_ssm_parameter"]:
        out["ami"] = read_ami(reader, params["ami_id"], params["ami_ssm_parameter"])
    if params["certificate_domain"]:
        out["certificate"] = read_certificate(reader, params["certificate_domain"])
    return out


def main():
    argument_spec = dict(
        vpc_name=dict(type="str"),
        subnet_name=dict(type="str"),
        ami_id=dict(type="str"),
        ami_ssm_parameter=dict(type="str"),
        certificate_domain=dict(type="str"),
        **{option: dict(type="list", elements="str") for option in NAME_LISTS},
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        mutually_exclusive=[("ami_id", "ami_ssm_parameter")],
        supports_check_mode=True,
    )
    reader = Reader(module)
    try:
        outputs = read_outputs(reader, module.params)
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=False, missing=reader.missing, **outputs)


if __name__ == "__main__":
    main()
