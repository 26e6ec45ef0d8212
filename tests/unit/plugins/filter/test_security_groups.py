"""The security_groups filter: groups chained by reference, every input rule with the message users see, and the
read-back of rules."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.filter.security_groups import (
    allow_list,
    security_groups_items,
    security_groups_plan,
    sg_rules,
)


def by_key(groups):
    return {g["key"]: g for g in groups}


def test_groups_reference_each_other_and_only_the_alb_admits_the_internet():
    groups = security_groups_plan("ecia-prod")
    assert [g["name"] for g in groups] == [
        "ecia-prod-alb-sg",
        "ecia-prod-bastion-sg",
        "ecia-prod-app-sg",
        "ecia-prod-db-sg",
    ]
    g = by_key(groups)
    assert [(r["ports"], r["cidr_ip"]) for r in g["alb"]["rules"]] == [([80], "0.0.0.0/0"), ([443], "0.0.0.0/0")]
    assert [(r["ports"], r["group_name"]) for r in g["app"]["rules"]] == [([8080], "ecia-prod-alb-sg")]
    assert [(r["ports"], r["group_name"]) for r in g["db"]["rules"]] == [([3306], "ecia-prod-app-sg")]
    assert g["bastion"]["rules"] == []
    for group in groups[1:]:
        assert not any(r.get("cidr_ip") in ("0.0.0.0/0",) or r.get("cidr_ipv6") == "::/0" for r in group["rules"])


def test_allow_lists_open_ssh_by_cidr_and_the_bastion_jump_by_reference():
    g = by_key(
        security_groups_plan(
            "ecia-dev",
            ssh_allowed_cidrs=["205.254.163.158/32", "2001:db8::/32"],
            bastion_allowed_cidrs=["198.51.100.0/24"],
            app_ssh_from_bastion=True,
        )
    )
    app = [(r["ports"], r.get("cidr_ip") or r.get("cidr_ipv6") or r.get("group_name")) for r in g["app"]["rules"]]
    assert app == [
        ([8080], "ecia-dev-alb-sg"),
        ([22], "205.254.163.158/32"),
        ([22], "2001:db8::/32"),
        ([22], "ecia-dev-bastion-sg"),
    ]
    assert [r["cidr_ip"] for r in g["bastion"]["rules"]] == ["198.51.100.0/24"]


@pytest.mark.parametrize(
    "cidrs, message",
    [
        (["0.0.0.0/0"], "would open the port to the whole internet"),
        (["::/0"], "would open the port to the whole internet"),
        (["10.0.0.1/24"], "has host bits set"),
        (["10.0.0.0/33"], "is not a valid CIDR"),
        ("10.0.0.0/8", "must be a list of CIDRs"),
    ],
)
def test_allow_list_rules(cidrs, message):
    with pytest.raises(AnsibleFilterError, match=message) as e:
        allow_list(cidrs, "security_groups_bastion_allowed_cidrs")
    assert str(e.value).startswith("security_groups_bastion_allowed_cidrs:")


def test_read_back_rules_as_strings():
    perms = [
        {"ip_protocol": "tcp", "from_port": 8080, "to_port": 8080, "user_id_group_pairs": [{"group_id": "sg-1"}]},
        {"ip_protocol": "tcp", "from_port": 80, "to_port": 80, "ip_ranges": [{"cidr_ip": "0.0.0.0/0"}]},
        {"ip_protocol": "-1", "ip_ranges": [{"cidr_ip": "0.0.0.0/0"}], "ipv6_ranges": [{"cidr_ipv6": "::/0"}]},
    ]
    assert sg_rules(perms) == ["-1 all 0.0.0.0/0", "-1 all ::/0", "tcp 80 0.0.0.0/0", "tcp 8080 sg-1"]


def test_items_for_the_module_carry_name_and_tier_tags_and_no_plan_key():
    plan = security_groups_plan("ecia-prod")
    items = security_groups_items(plan, {"ManagedBy": "ansible", "Tier": "overridden"})
    assert [i["name"] for i in items] == [g["name"] for g in plan]
    assert items[2]["tags"] == {"ManagedBy": "ansible", "Name": "ecia-prod-app-sg", "Tier": "app"}
    assert set(items[3]) == {"name", "description", "rules", "rules_egress", "tags"}
    assert items[3]["rules"] == [
        {"proto": "tcp", "ports": [3306], "group_name": "ecia-prod-app-sg", "rule_desc": "DB from ecia-prod-app-sg"}
    ]
