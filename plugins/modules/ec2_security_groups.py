#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ec2_security_groups
short_description: Converge several security groups of one VPC, their rules and tags, in one run
version_added: 0.1.0
description:
  - Makes the security groups of O(security_groups) exist in O(vpc_id) with the description, ingress and egress rules
    and tags given, in one module run. The groups, and the groups their rules name, are read with one paginated
    DescribeSecurityGroups (filters V(vpc-id) and V(group-name)); then only what is missing or differs is written, in
    the group that differs. A loop of M(amazon.aws.ec2_security_group) starts a module per group, reads every group
    of the account and the caller's account id each time.
  - Groups are found by name in O(vpc_id). The missing ones are created first, so a rule may name any group of
    O(security_groups) (itself included) whatever the order; then rule sources named by group are resolved to ids.
    A rule may also name by O(security_groups[].rules[].group_name) a group of the VPC that the task does not list.
  - Rules are compared as M(amazon.aws.ec2_security_group) compares them, one rule per protocol, port range and
    source (a CIDR, an IPv6 CIDR, a prefix list or a security group); protocols by name or number (V(6) is V(tcp),
    V(all) is V(-1)); ports of protocols other than tcp, udp, icmp and icmpv6 are not compared (AWS opens every
    port). A missing rule is authorized; a rule whose description differs gets its description updated
    (UpdateSecurityGroupRuleDescriptionsIngress/Egress; no description removes it); with
    O(security_groups[].purge_rules) and O(security_groups[].purge_rules_egress) the rules not listed are revoked.
    Revokes and authorizations go by IpPermissions, one call per group and direction.
  - AWS adds an allow-all IPv4 egress rule (and an IPv6 one in a dual-stack VPC) to a group it creates; a new group
    is read back once (one DescribeSecurityGroups by id for all the new groups) and that rule is kept, described or
    revoked like any other.
  - A group's description cannot be changed (AWS has no call for it). As M(amazon.aws.ec2_security_group) does, a
    differing description is reported in a warning and left as it is; delete and re-create the group to change it.
  - With O(state=absent) the groups of O(security_groups) that exist are deleted, each after every listed group
    whose rules name it (rules naming each other in a cycle are revoked first). A group that something else still
    uses (an instance, another group) makes AWS refuse, and the module fails.
  - Supports check mode (returns the predicted groups; a new group has no C(group_id), and its rules naming another
    new group show the C(group_name)) and diff mode (before and after, by name).
author:
  - prodgrade.aws maintainers (@prodgrade)
options:
  vpc_id:
    description: Id of the VPC.
    type: str
    required: true
  security_groups:
    description:
      - The security groups. Names are unique.
      - With O(state=absent), only each group's O(security_groups[].name) is used.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the group in O(vpc_id). Up to 255 characters among C(a-z A-Z 0-9), spaces and C(._-:/()#,@[]+=&;{}!$*),
            not starting with C(sg-).
        type: str
        required: true
      description:
        description:
          - Description of the group, the same characters as O(security_groups[].name). Required with O(state=present).
          - Set when the group is created; AWS cannot change it (see above).
        type: str
      rules:
        description:
          - Ingress rules. Each expands to one rule per port range and source listed.
          - An empty list (the default) with O(security_groups[].purge_rules) leaves no ingress rule.
        type: list
        elements: dict
        default: []
        suboptions: &rule_options
          proto:
            description:
              - V(tcp), V(udp), V(icmp), V(icmpv6), V(all) (or V(-1)), or a protocol number V(0) to V(255).
            type: str
            default: tcp
          ports:
            description:
              - Ports, each a port (V(8080)) or a range (V(1024-65535)), for V(tcp) and V(udp).
              - Mutually exclusive with O(security_groups[].rules[].from_port), O(security_groups[].rules[].to_port),
                O(security_groups[].rules[].icmp_type) and O(security_groups[].rules[].icmp_code).
            type: list
            elements: str
          from_port:
            description:
              - Start of the port range (V(tcp), V(udp)), or the ICMP type (V(-1) for all), with
                O(security_groups[].rules[].to_port).
            type: int
          to_port:
            description:
              - End of the port range (V(tcp), V(udp)), or the ICMP code (V(-1) for all), with
                O(security_groups[].rules[].from_port).
            type: int
          icmp_type:
            description: ICMP type (V(-1) for all), for V(icmp) and V(icmpv6).
            type: int
          icmp_code:
            description:
              - ICMP code (V(-1) for all, the default when O(security_groups[].rules[].icmp_type) is set).
            type: int
          cidr_ip:
            description:
              - IPv4 CIDRs, network addresses (V(10.0.0.1/8) makes the module fail before any call).
            type: list
            elements: str
          cidr_ipv6:
            description:
              - IPv6 CIDRs, network addresses; compared as AWS writes them (V(2001:DB8:0::/32) is V(2001:db8::/32)).
            type: list
            elements: str
          ip_prefix:
            description: Prefix list ids (V(pl-...)).
            type: list
            elements: str
          group_id:
            description: Security group ids (V(sg-...)).
            type: list
            elements: str
          group_name:
            description:
              - Names of security groups of O(vpc_id), each a group of O(security_groups) (the group itself included) or an
                existing group of the VPC. Any other name makes the module fail before any write.
            type: list
            elements: str
          rule_desc:
            description:
              - Description of the rule (up to 255 characters, as for names). Not set, the rule has no description.
            type: str
      rules_egress:
        description:
          - Egress rules, as O(security_groups[].rules).
          - Not set, the egress rules are left as they are (a new group keeps the allow-all rule AWS adds); an empty
            list with O(security_groups[].purge_rules_egress) leaves none.
        type: list
        elements: dict
        suboptions: *rule_options
      purge_rules:
        description: Whether ingress rules that O(security_groups[].rules) does not list are revoked.
        type: bool
        default: true
      purge_rules_egress:
        description:
          - Whether egress rules that O(security_groups[].rules_egress) does not list are revoked (when it is set).
        type: bool
        default: true
      tags:
        description:
          - Tags of the group. Not set, an existing group's tags are left alone.
          - Compared as M(amazon.aws.ec2_security_group) compares them, values as strings; the AWS-reserved C(aws:*)
            tags are neither compared nor removed.
        type: dict
      purge_tags:
        description: Whether tags that O(security_groups[].tags) does not list are removed (never C(aws:*) tags).
        type: bool
        default: true
  state:
    description: Whether the groups of O(security_groups) should exist.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: A load balancer, app and database chain, each tier admitting only the one before it
  prodgrade.aws.ec2_security_groups:
    vpc_id: vpc-0123456789abcdef0
    security_groups:
      - name: web-alb-sg
        description: web ALB
        rules:
          - {ports: [80, 443], cidr_ip: 0.0.0.0/0, rule_desc: HTTP and HTTPS from the internet}
        rules_egress:
          - {proto: all, cidr_ip: 0.0.0.0/0, rule_desc: All outbound}
        tags: {Tier: alb}
      - name: web-app-sg
        description: web app servers
        rules:
          - {ports: [8080], group_name: web-alb-sg, rule_desc: app port from the ALB}
          - {proto: icmp, icmp_type: 8, cidr_ip: 10.0.0.0/16, rule_desc: ping from the VPC}
        rules_egress:
          - {proto: all, cidr_ip: 0.0.0.0/0, rule_desc: All outbound}
        tags: {Tier: app}
      - name: web-db-sg
        description: web database
        rules:
          - {ports: [3306], group_name: web-app-sg, rule_desc: MySQL from the app servers}
        rules_egress: []
        tags: {Tier: db}
  register: web_groups

- name: Remove them (the database group first, as it names the app group)
  prodgrade.aws.ec2_security_groups:
    vpc_id: vpc-0123456789abcdef0
    security_groups: [{name: web-alb-sg}, {name: web-app-sg}, {name: web-db-sg}]
    state: absent
"""

RETURN = r"""
groups:
  description:
    - The groups of O(security_groups), in that order, as M(amazon.aws.ec2_security_group) returns one (rules grouped
      by protocol and ports, as DescribeSecurityGroups groups them). Predicted in check mode (a group to create has no
      RV(groups[].group_id)). Empty with O(state=absent).
  returned: always
  type: list
  elements: dict
  contains:
    group_id:
      description: Security group id.
      returned: when the group exists
      type: str
      sample: sg-0123456789abcdef0
    group_name:
      description: Name.
      type: str
      sample: web-app-sg
    description:
      description: Description.
      type: str
      sample: web app servers
    vpc_id:
      description: VPC id.
      type: str
      sample: vpc-0123456789abcdef0
    owner_id:
      description: Account id of the owner.
      returned: when the group exists
      type: str
      sample: "123456789012"
    ip_permissions:
      description: Ingress rules.
      type: list
      elements: dict
      sample: [{"ip_protocol": "tcp", "from_port": 8080, "to_port": 8080, "ip_ranges": [], "ipv6_ranges": [],
                "prefix_list_ids": [], "user_id_group_pairs": [{"group_id": "sg-0aaaaaaaaaaaaaaa1",
                "user_id": "123456789012", "description": "app port from the ALB"}]}]
    ip_permissions_egress:
      description: Egress rules.
      type: list
      elements: dict
      sample: [{"ip_protocol": "-1", "ip_ranges": [{"cidr_ip": "0.0.0.0/0", "description": "All outbound"}],
                "ipv6_ranges": [], "prefix_list_ids": [], "user_id_group_pairs": []}]
    tags:
      description: Tags.
      type: dict
      sample: {"Tier": "app"}
group_ids:
  description: Ids of the existing groups of O(security_groups) by name (a group to create in check mode is missing).
  returned: always
  type: dict
  sample: {"web-alb-sg": "sg-0aaaaaaaaaaaaaaa1", "web-app-sg": "sg-0bbbbbbbbbbbbbbb1"}
changed_groups:
  description: Names of the groups created, updated and deleted (would be, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created groups.
      type: list
      elements: str
      sample: ["web-db-sg"]
    updated:
      description: Groups whose rules, rule descriptions or tags changed.
      type: list
      elements: str
      sample: ["web-app-sg"]
    deleted:
      description: Deleted groups.
      type: list
      elements: str
      sample: []
"""

import copy
import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.common import changed_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import duplicate_names
from ansible_collections.prodgrade.aws.plugins.module_utils.common import ensure
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import authorize_security_group_egress
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import authorize_security_group_ingress
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import cidr_network
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_security_group
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import create_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_security_group
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import delete_tags
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_new_security_groups
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import describe_security_groups
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import revoke_security_group_egress
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import revoke_security_group_ingress
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import update_security_group_rule_descriptions_egress
from ansible_collections.prodgrade.aws.plugins.module_utils.ec2 import update_security_group_rule_descriptions_ingress

RULE_SPEC = dict(
    proto=dict(type="str", default="tcp"),
    ports=dict(type="list", elements="str"),
    from_port=dict(type="int"),
    to_port=dict(type="int"),
    icmp_type=dict(type="int"),
    icmp_code=dict(type="int"),
    cidr_ip=dict(type="list", elements="str"),
    cidr_ipv6=dict(type="list", elements="str"),
    ip_prefix=dict(type="list", elements="str"),
    group_id=dict(type="list", elements="str"),
    group_name=dict(type="list", elements="str"),
    rule_desc=dict(type="str"),
)
RULE_REQUIREMENTS = dict(
    mutually_exclusive=[
        ["ports", "from_port"],
        ["ports", "to_port"],
        ["ports", "icmp_type"],
        ["ports", "icmp_code"],
        ["icmp_type", "from_port"],
        ["icmp_type", "to_port"],
        ["icmp_code", "from_port"],
        ["icmp_code", "to_port"],
    ],
    required_one_of=[["cidr_ip", "cidr_ipv6", "ip_prefix", "group_id", "group_name"]],
    required_by=dict(icmp_code=["icmp_type"]),
)
GROUP_SPEC = dict(
    name=dict(type="str", required=True),
    description=dict(type="str"),
    rules=dict(type="list", elements="dict", default=[], options=RULE_SPEC, **RULE_REQUIREMENTS),
    rules_egress=dict(type="list", elements="dict", options=RULE_SPEC, **RULE_REQUIREMENTS),
    purge_rules=dict(type="bool", default=True),
    purge_rules_egress=dict(type="bool", default=True),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
)
ARGUMENT_SPEC = dict(
    vpc_id=dict(type="str", required=True),
    security_groups=dict(type="list", elements="dict", required=True, options=GROUP_SPEC),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# AWS's constraint on group names and descriptions and on rule descriptions in a VPC.
AWS_TEXT = re.compile(r"[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]{0,255}")
AWS_TEXT_RULE = "up to 255 characters among a-z A-Z 0-9, spaces and ._-:/()#,@[]+=&;{}!$*"
# Names and numbers of a protocol (AWS accepts either and answers with the name).
PROTOCOLS = {"all": "-1", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
PORT_PROTOCOLS = ("tcp", "udp")
ICMP_PROTOCOLS = ("icmp", "icmpv6")
# Rule kind -> (IpPermission list key, key of the source in its items).
SOURCES = {
    "ipv4": ("IpRanges", "CidrIp"),
    "ipv6": ("Ipv6Ranges", "CidrIpv6"),
    "prefix": ("PrefixListIds", "PrefixListId"),
    "group": ("UserIdGroupPairs", "GroupId"),
}
# Rule option -> rule kind.
SOURCE_OPTIONS = {
    "cidr_ip": "ipv4",
    "cidr_ipv6": "ipv6",
    "ip_prefix": "prefix",
    "group_id": "group",
    "group_name": "group",
}
DIRECTIONS = {
    "rules": ("IpPermissions", "purge_rules"),
    "rules_egress": ("IpPermissionsEgress", "purge_rules_egress"),
}
WRITES = {
    "rules": (
        authorize_security_group_ingress,
        revoke_security_group_ingress,
        update_security_group_rule_descriptions_ingress,
    ),
    "rules_egress": (
        authorize_security_group_egress,
        revoke_security_group_egress,
        update_security_group_rule_descriptions_egress,
    ),
}


def protocol(value):
    """A protocol as AWS answers it (``tcp``, ``-1``, ``50``)."""
    value = to_text(value).strip().lower()
    return PROTOCOLS.get(value, value)


def port_range(proto, low, high):
    """The compared (from, to) of a rule: ICMP "all" is (-1, -1) however written; other protocols have no ports."""
    if proto in PORT_PROTOCOLS:
        return (low, high)
    if proto in ICMP_PROTOCOLS:
        return (-1 if low is None else low, -1 if high is None else high)
    return (None, None)


def rule_description(value):
    return value or None


# ------------------------------------------------------------------------------------------------ the inputs
def parse_ports(value):
    """(from, to) of a ``ports`` item (``80`` or ``1024-65535``, sorted as amazon.aws sorts), or None."""
    low, dash, high = to_text(value).strip().partition("-")
    if not (low.strip().isdigit() and (not dash or high.strip().isdigit())):
        return None
    ports = sorted((int(low), int(high if dash else low)))
    return tuple(ports) if ports[1] <= 65535 else None


def rule_errors(rule, where):
    errors = []
    proto = protocol(rule["proto"])
    if proto not in PORT_PROTOCOLS + ICMP_PROTOCOLS + ("-1",) and not (proto.isdigit() and int(proto) <= 255):
        errors.append(
            f"{where}.proto must be tcp, udp, icmp, icmpv6, all (-1) or a protocol number, got {rule['proto']}"
        )
    if proto in PORT_PROTOCOLS:
        if rule["icmp_type"] is not None:
            errors.append(f"{where}: icmp_type needs proto icmp or icmpv6")
        if rule["ports"] is not None:
            errors += [
                f"{where}.ports: {p} is not a port or a range of ports" for p in rule["ports"] if not parse_ports(p)
            ]
            if not rule["ports"]:
                errors.append(f"{where}.ports must list at least one port")
        elif rule["from_port"] is None or rule["to_port"] is None:
            errors.append(f"{where}: proto {proto} needs ports, or from_port and to_port")
        elif not 0 <= rule["from_port"] <= rule["to_port"] <= 65535:
            errors.append(f"{where}: from_port and to_port must be 0-65535, from_port first")
    elif proto in ICMP_PROTOCOLS:
        if rule["ports"] is not None:
            errors.append(f"{where}: proto {proto} takes icmp_type/icmp_code (or from_port/to_port), not ports")
        values = [rule[k] for k in ("icmp_type", "icmp_code", "from_port", "to_port") if rule[k] is not None]
        if any(not -1 <= v <= 255 for v in values):
            errors.append(f"{where}: ICMP type and code must be -1 (all) to 255")
    elif any(rule[k] is not None for k in ("ports", "from_port", "to_port", "icmp_type", "icmp_code")):
        errors.append(f"{where}: proto {rule['proto']} has no ports (AWS opens all of them): remove the ports")
    for option, version in (("cidr_ip", 4), ("cidr_ipv6", 6)):
        for cidr in rule[option] or []:
            network = cidr_network(cidr)
            if network is None or network.version != version:
                errors.append(
                    f"{where}.{option}: {cidr} is not an IPv{version} CIDR (network address/prefix length, no host bits)"
                )
    errors += [
        f"{where}.group_id: {g} is not a security group id" for g in rule["group_id"] or [] if not g.startswith("sg-")
    ]
    errors += [
        f"{where}.ip_prefix: {p} is not a prefix list id" for p in rule["ip_prefix"] or [] if not p.startswith("pl-")
    ]
    if rule["rule_desc"] and not AWS_TEXT.fullmatch(rule["rule_desc"]):
        errors.append(f"{where}.rule_desc: {AWS_TEXT_RULE}")
    return errors


def validate_params(p):
    errors = duplicate_names(p["security_groups"], "security_groups")
    if p["state"] == "absent":
        return errors
    for index, group in enumerate(p["security_groups"]):
        where = f"security_groups[{index}] ({group['name']})"
        if not AWS_TEXT.fullmatch(group["name"]) or not group["name"] or group["name"].lower().startswith("sg-"):
            errors.append(f"{where}.name: {AWS_TEXT_RULE}, not starting with sg-")
        if not group["description"]:
            errors.append(f"{where}.description is required with state=present")
        elif not AWS_TEXT.fullmatch(group["description"]):
            errors.append(f"{where}.description: {AWS_TEXT_RULE}")
        for option in DIRECTIONS:
            keys = {}
            for number, rule in enumerate(group[option] or []):
                rule_where = f"{where}.{option}[{number}]"
                found = rule_errors(rule, rule_where)
                errors += found
                if found:
                    continue
                for spec in expand_rule(rule):
                    key = (spec["proto"], spec["ports"], spec["kind"], spec["source"])
                    if keys.setdefault(key, spec["desc"]) != spec["desc"]:
                        errors.append(
                            f"{rule_where}: the rule {rule_text(key)} is listed twice with other descriptions"
                        )
    return errors


def rule_text(key):
    proto, (low, high), kind, source = key
    ports = "" if low is None else f" {low}" if low == high else f" {low}-{high}"
    return f"{proto}{ports} {source if not isinstance(source, tuple) else source[1]}"


def expand_rule(rule):
    """A rule option as one dict per port range and source (proto, ports, kind, source, desc); a source named by
    group is ("name", name) until resolved."""
    proto = protocol(rule["proto"])
    if rule["ports"]:
        ranges = [parse_ports(p) for p in rule["ports"]]
    elif rule["icmp_type"] is not None:
        ranges = [(rule["icmp_type"], -1 if rule["icmp_code"] is None else rule["icmp_code"])]
    else:
        ranges = [(rule["from_port"], rule["to_port"])]
    sources = []
    for option, kind in SOURCE_OPTIONS.items():
        for value in rule[option] or []:
            if option in ("cidr_ip", "cidr_ipv6"):
                value = str(cidr_network(value))
            sources.append((kind, ("name", value) if option == "group_name" else value))
    return [
        dict(
            proto=proto,
            ports=port_range(proto, *ports),
            kind=kind,
            source=source,
            desc=rule_description(rule["rule_desc"]),
        )
        for ports in dict.fromkeys(ranges)
        for kind, source in sources
    ]


# -------------------------------------------------------------------------------------------------- the rules
def current_rules(permissions):
    """DescribeSecurityGroups IpPermissions as rule dicts (proto, ports, kind, source, desc, item) in AWS's order."""
    rules = []
    for perm in permissions or []:
        proto = protocol(perm["IpProtocol"])
        ports = port_range(proto, perm.get("FromPort"), perm.get("ToPort"))
        for kind, (list_key, source_key) in SOURCES.items():
            for item in perm.get(list_key) or []:
                source = item.get(source_key)
                if kind in ("ipv4", "ipv6") and source and cidr_network(source):
                    source = str(cidr_network(source))
                elif kind == "group" and not source:
                    source = ("name", item.get("GroupName"))  # EC2-Classic style pair, by name
                rules.append(
                    dict(
                        proto=proto,
                        ports=ports,
                        kind=kind,
                        source=source,
                        desc=rule_description(item.get("Description")),
                        item=item,
                    )
                )
    return rules


def rule_key(rule):
    return (rule["proto"], rule["ports"], rule["kind"], rule["source"])


def resolve(spec, ids):
    """The rule with its source group named resolved to an id (left by name if the group is not created yet)."""
    source = spec["source"]
    if spec["kind"] == "group" and isinstance(source, tuple):
        group_id = ids.get(source[1])
        if group_id:
            return dict(spec, source=group_id)
    return spec


def permission(rule, with_description=True):
    """One IpPermission of one rule; ``with_description`` false leaves the description out (it then removes it)."""
    proto, (low, high) = rule["proto"], rule["ports"]
    perm = {"IpProtocol": proto}
    if low is not None:
        perm.update(FromPort=low, ToPort=high)
    list_key, source_key = SOURCES[rule["kind"]]
    item = {source_key: rule["source"]}
    if with_description and rule["desc"]:
        item["Description"] = rule["desc"]
    perm[list_key] = [item]
    return perm


def plan_rules(group, spec, option, ids):
    """authorize / describe / revoke rule lists for one direction, as amazon.aws.ec2_security_group decides them."""
    have = current_rules(group.get(DIRECTIONS[option][0]))
    if spec[option] is None:
        return dict(authorize=[], describe=[], revoke=[], have=have)
    wanted = {}
    for rule in spec[option]:
        for expanded in expand_rule(rule):
            resolved = resolve(expanded, ids)
            wanted.setdefault(rule_key(resolved), resolved)
    by_key = {rule_key(r): r for r in have}
    return dict(
        authorize=[r for k, r in wanted.items() if k not in by_key],
        describe=[r for k, r in wanted.items() if k in by_key and by_key[k]["desc"] != r["desc"]],
        revoke=[r for k, r in by_key.items() if k not in wanted] if spec[DIRECTIONS[option][1]] else [],
        have=have,
    )


def plan_tags(group, spec):
    """set / unset as amazon.aws compares (values as strings, aws: tags never purged) and the tags after them."""
    current = boto3_tag_list_to_ansible_dict(group.get("Tags", []))
    if spec["tags"] is None:
        return dict(set={}, unset=[], tags=current)
    to_set, to_unset = compare_aws_tags(current, spec["tags"], spec["purge_tags"])
    after = {k: v for k, v in current.items() if k not in to_unset}
    after.update({k: to_text(v) for k, v in to_set.items()})
    return dict(set=to_set, unset=to_unset, tags=after)


def plan_group(group, spec, ids):
    plan = {option: plan_rules(group, spec, option, ids) for option in DIRECTIONS}
    plan["tags"] = plan_tags(group, spec)
    return plan


def plan_keys(plan):
    """The parts of a group that the plan changes (ensure()'s changed keys)."""
    keys = [o for o in DIRECTIONS if any(plan[o][k] for k in ("authorize", "describe", "revoke"))]
    return keys + (["tags"] if plan["tags"]["set"] or plan["tags"]["unset"] else [])


def regroup(rules):
    """Rule dicts as DescribeSecurityGroups lists them: one IpPermission per protocol and ports, in order."""
    perms = {}
    for rule in rules:
        proto, (low, high) = rule["proto"], rule["ports"]
        perm = perms.get((proto, low, high))
        if perm is None:
            perm = perms[(proto, low, high)] = {"IpProtocol": proto}
            if low is not None:
                perm.update(FromPort=low, ToPort=high)
            perm.update({list_key: [] for list_key, _source in SOURCES.values()})
        perm[SOURCES[rule["kind"]][0]].append(rule["item"])
    return list(perms.values())


def item(rule, owner_id):
    """The IpPermission item of a rule to authorize, as AWS will list it."""
    list_key, source_key = SOURCES[rule["kind"]]
    source = rule["source"]
    if isinstance(source, tuple):
        value = {"GroupName": source[1]}
    else:
        value = {source_key: source}
        if rule["kind"] == "group" and owner_id:
            value["UserId"] = owner_id
    if rule["desc"]:
        value["Description"] = rule["desc"]
    return value


def apply(group, plan):
    """The group after the plan."""
    group = copy.deepcopy(group)
    for option, (key, _purge) in DIRECTIONS.items():
        step = plan[option]
        revoked = {rule_key(r) for r in step["revoke"]}
        described = {rule_key(r): r["desc"] for r in step["describe"]}
        rules = []
        for rule in step["have"]:
            if rule_key(rule) in revoked:
                continue
            if rule_key(rule) in described:
                rule = dict(rule, item={k: v for k, v in rule["item"].items() if k != "Description"})
                if described[rule_key(rule)]:
                    rule["item"]["Description"] = described[rule_key(rule)]
            rules.append(rule)
        rules += [dict(r, item=item(r, group.get("OwnerId"))) for r in step["authorize"]]
        group[key] = regroup(rules)
    group["Tags"] = ansible_dict_to_boto3_tag_list(plan["tags"]["tags"])
    return group


def view(group):
    """A DescribeSecurityGroups group as amazon.aws.ec2_security_group returns it (tags as a dict), rules grouped."""
    group = dict(
        group,
        IpPermissions=regroup(current_rules(group.get("IpPermissions"))),
        IpPermissionsEgress=regroup(current_rules(group.get("IpPermissionsEgress"))),
    )
    result = camel_dict_to_snake_dict(group, ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(group.get("Tags", []))
    return result


# -------------------------------------------------------------------------------------------------- the writes
def execute(client, group, plan):
    group_id = group["GroupId"]
    for option, (authorize, revoke, describe) in WRITES.items():
        step = plan[option]
        if step["revoke"]:
            # As amazon.aws sends them: the rule as it is, description included.
            revoke(client, group_id, [permission(r) for r in step["revoke"]])
        if step["describe"]:
            describe(client, group_id, [permission(r) for r in step["describe"]])
        if step["authorize"]:
            authorize(client, group_id, [permission(r) for r in step["authorize"]])
    delete_tags(client, [group_id], plan["tags"]["unset"])
    create_tags(client, [group_id], plan["tags"]["set"])
    return apply(group, plan)


def new_group(vpc_id, spec):
    """A group to create as AWS makes it: no ingress rule, the allow-all IPv4 egress rule, its tags."""
    return dict(
        GroupName=spec["name"],
        Description=spec["description"],
        VpcId=vpc_id,
        IpPermissions=[],
        IpPermissionsEgress=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        Tags=ansible_dict_to_boto3_tag_list(spec["tags"] or {}),
    )


def create_groups(client, vpc_id, specs):
    """Creates the groups of ``specs`` (with their tags) and reads them back once: {name: group}."""
    created = {}
    for spec in specs:
        tags = boto3_tag_specifications(spec["tags"], types="security-group") if spec["tags"] else []
        created[spec["name"]] = create_security_group(client, vpc_id, spec["name"], spec["description"], tags)
    if not created:
        return {}
    found = {g["GroupId"]: g for g in describe_new_security_groups(client, list(created.values()))}
    return {name: found[group_id] for name, group_id in created.items()}


def referenced_ids(group):
    """Ids of the groups a group's rules name."""
    rules = current_rules(group.get("IpPermissions")) + current_rules(group.get("IpPermissionsEgress"))
    return {r["source"] for r in rules if r["kind"] == "group" and not isinstance(r["source"], tuple)}


def deletion_order(groups):
    """The groups to delete, each after every one that names it (reverse task order otherwise), and the groups whose
    rules must be revoked first because they name each other in a cycle."""
    remaining = list(reversed(groups))
    ordered, cycle = [], []
    while remaining:
        ids = {g["GroupId"] for g in remaining}
        named = {i for g in remaining for i in referenced_ids(g) - {g["GroupId"]}} & ids
        free = [g for g in remaining if g["GroupId"] not in named]
        if not free:  # a cycle: its rules go first, then any order works
            cycle = [g for g in remaining if referenced_ids(g) & (ids - {g["GroupId"]})]
            ordered += remaining
            break
        ordered.append(free[0])
        remaining.remove(free[0])
    return ordered, cycle


def revoke_references(client, group, ids):
    """Revokes a group's rules that name one of ``ids``."""
    for option, (key, _purge) in DIRECTIONS.items():
        rules = [r for r in current_rules(group.get(key)) if r["kind"] == "group" and r["source"] in ids]
        if rules:
            WRITES[option][1](client, group["GroupId"], [permission(r) for r in rules])


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    errors = validate_params(p)
    if errors:
        module.fail_json(msg="; ".join(errors))
    present = p["state"] == "present"
    specs = p["security_groups"]
    names = [s["name"] for s in specs]
    # Groups named by rules are read with the listed ones, in the same call.
    referenced = [n for s in specs for o in DIRECTIONS for r in s[o] or [] for n in r["group_name"] or []]
    referenced = referenced if present else []
    results = {}
    try:
        client = clients.client(module, "ec2")
        found = describe_security_groups(
            client,
            Filters=[
                {"Name": "vpc-id", "Values": [p["vpc_id"]]},
                {"Name": "group-name", "Values": list(dict.fromkeys(names + referenced))},
            ],
        )
        existing = {g["GroupName"]: g for g in found if g.get("VpcId") == p["vpc_id"]}
        if not present:
            listed = [existing[n] for n in names if n in existing]
            ordered, cycle = deletion_order(listed)
            if cycle and not module.check_mode:
                ids = {g["GroupId"] for g in listed}
                for group in cycle:
                    revoke_references(client, group, ids - {group["GroupId"]})
            for group in ordered:
                results[group["GroupName"]] = ensure(
                    group,
                    None,
                    check_mode=module.check_mode,
                    create=None,
                    update=None,
                    delete=lambda c: delete_security_group(client, c["GroupId"]),
                )
            results = {n: results[n] for n in names if n in results}
        else:
            unknown = sorted({n for n in referenced if n not in existing and n not in names})
            if unknown:
                module.fail_json(
                    msg=f"security_groups: rules name {', '.join(unknown)}, neither listed nor a group of {p['vpc_id']}"
                )
            for spec in specs:
                current = existing.get(spec["name"])
                if current and current.get("Description") != spec["description"]:
                    module.warn(
                        f"security_groups: {spec['name']}: AWS cannot change a group's description: "
                        f"{current.get('Description')!r} left as it is ({spec['description']!r} asked); delete and "
                        "re-create the group to change it"
                    )
            missing = [s for s in specs if s["name"] not in existing]
            created = {} if module.check_mode else create_groups(client, p["vpc_id"], missing)
            ids = {n: g["GroupId"] for n, g in list(existing.items()) + list(created.items())}
            for spec in specs:
                current = existing.get(spec["name"])
                base = current or created.get(spec["name"]) or new_group(p["vpc_id"], spec)
                plan = plan_group(base, spec, ids)
                results[spec["name"]] = ensure(
                    current,
                    spec,
                    check_mode=module.check_mode,
                    differs=lambda c, d, plan=plan: plan_keys(plan),
                    predict=lambda c, d, base=base, plan=plan: apply(base, plan),
                    create=lambda d, base=base, plan=plan: execute(client, base, plan),
                    update=lambda c, d, plan=plan: execute(client, c, plan),
                    delete=None,
                )
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    groups = {name: view(r.after) for name, r in results.items() if r.after}
    module.exit_json(
        changed=any(r.changed for r in results.values()),
        groups=list(groups.values()),
        group_ids={name: g["group_id"] for name, g in groups.items() if g.get("group_id")},
        changed_groups=changed_names(results),
        diff=dict(
            before={name: view(r.before) for name, r in results.items() if r.before},
            after=groups,
        ),
    )


if __name__ == "__main__":
    main()
