# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The security_groups role's inputs, checked on the controller before any API call, and the groups they make.

``security_groups_plan`` fails naming the variable and the rule it breaks; ``security_groups_items`` turns the plan
into prodgrade.aws.ec2_security_groups items; ``security_groups_rules`` reads rules back (ec2_security_group_info) in
a comparable form.
"""

import ipaddress

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail as _fail
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import integer as _int
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import resource_name as _name


def _port(value, var):
    return _int(value, var, 1, 65535, " (a TCP port)")


def allow_list(cidrs, var):
    """A list of IPv4/IPv6 CIDRs that may be opened to: valid, network-aligned, never the whole internet."""
    if cidrs is None:
        return []
    if not isinstance(cidrs, list):
        _fail(f"{var}: must be a list of CIDRs such as ['203.0.113.10/32'], got {cidrs!r}")
    out = []
    for cidr in cidrs:
        try:
            net = ipaddress.ip_network(str(cidr), strict=True)
        except ValueError as e:
            _fail(f"{var}: '{cidr}' is not a valid CIDR ({e}); use the network address, e.g. 203.0.113.0/24")
        if net.prefixlen == 0:
            _fail(f"{var}: '{cidr}' would open the port to the whole internet; list the admin networks instead")
        if str(net) not in out:
            out.append(str(net))
    return out


def _ingress_cidr(port, cidr, desc):
    key = "cidr_ipv6" if ":" in cidr else "cidr_ip"
    return {"proto": "tcp", "ports": [port], key: cidr, "rule_desc": desc}


def _ingress_group(port, group, desc):
    # By name: ec2_security_groups creates the groups of the list before it resolves names to ids.
    return {"proto": "tcp", "ports": [port], "group_name": group["name"], "rule_desc": desc}


def security_groups_plan(
    name,
    alb_ports=(80, 443),
    alb_ingress_cidrs=("0.0.0.0/0",),
    app_port=8080,
    db_port=3306,
    ssh_allowed_cidrs=None,
    bastion_allowed_cidrs=None,
    app_ssh_from_bastion=False,
):
    """The four tier security groups in creation order (a group is created before any group that refers to it).

    Between tiers every rule names the source group, never a CIDR. Only the ALB admits the internet.
    """
    _name(name, "security_groups_name")
    alb_ports = [_port(p, "security_groups_alb_ports") for p in (alb_ports or [])]
    if not alb_ports:
        _fail("security_groups_alb_ports: the ALB needs at least one listener port, e.g. [80, 443]")
    app_port = _port(app_port, "security_groups_app_port")
    db_port = _port(db_port, "security_groups_db_port")
    alb_cidrs = []
    for cidr in alb_ingress_cidrs or []:
        try:
            alb_cidrs.append(str(ipaddress.ip_network(str(cidr), strict=True)))
        except ValueError as e:
            _fail(f"security_groups_alb_ingress_cidrs: '{cidr}' is not a valid CIDR ({e})")
    ssh = allow_list(ssh_allowed_cidrs, "security_groups_ssh_allowed_cidrs")
    bastion = allow_list(bastion_allowed_cidrs, "security_groups_bastion_allowed_cidrs")
    egress = [{"proto": "all", "cidr_ip": "0.0.0.0/0", "rule_desc": "All outbound"}]

    def group(key, description, rules):
        return {
            "key": key,
            "name": f"{name}-{key}-sg",
            "description": description,
            "rules": rules,
            "rules_egress": egress,
        }

    alb = group(
        "alb",
        f"{name} ALB: HTTP/HTTPS from the internet",
        [_ingress_cidr(p, c, f"port {p} from {c}") for p in alb_ports for c in alb_cidrs],
    )
    bastion_sg = group(
        "bastion",
        f"{name} bastion: SSH from the admin networks only",
        [_ingress_cidr(22, c, f"SSH from {c}") for c in bastion],
    )
    app_rules = [_ingress_group(app_port, alb, f"app port from {alb['name']}")]
    app_rules += [_ingress_cidr(22, c, f"SSH from {c}") for c in ssh]
    if app_ssh_from_bastion:
        app_rules.append(_ingress_group(22, bastion_sg, f"SSH from {bastion_sg['name']}"))
    app = group("app", f"{name} app servers: app port from the ALB only", app_rules)
    db = group(
        "db",
        f"{name} database: {db_port} from the app servers only",
        [_ingress_group(db_port, app, f"DB from {app['name']}")],
    )
    return [alb, bastion_sg, app, db]


def security_groups_items(plan, tags):
    """The plan's groups as prodgrade.aws.ec2_security_groups items (plan order), tagged Name and Tier over ``tags``."""
    return [
        {
            "name": g["name"],
            "description": g["description"],
            "rules": g["rules"],
            "rules_egress": g["rules_egress"],
            "tags": dict(tags, Name=g["name"], Tier=g["key"]),
        }
        for g in plan
    ]


def sg_rules(permissions):
    """Read-back helper: ec2_security_group_info ip_permissions (or _egress) as sorted "proto port source" strings,
    the source being a CIDR, a security group id or a prefix list id."""
    out = []
    for perm in permissions or []:
        proto = str(perm.get("ip_protocol"))
        low, high = perm.get("from_port"), perm.get("to_port")
        port = "all" if proto == "-1" or low is None else (str(low) if low == high else f"{low}-{high}")
        sources = [r["cidr_ip"] for r in perm.get("ip_ranges") or []]
        sources += [r["cidr_ipv6"] for r in perm.get("ipv6_ranges") or []]
        sources += [r["group_id"] for r in perm.get("user_id_group_pairs") or []]
        sources += [r["prefix_list_id"] for r in perm.get("prefix_list_ids") or []]
        out += [f"{proto} {port} {src}" for src in sources]
    return sorted(out)


class FilterModule:
    def filters(self):
        return {
            "security_groups_plan": security_groups_plan,
            "security_groups_items": security_groups_items,
            "security_groups_rules": sg_rules,
        }
