"""ec2_security_groups through main() against a Stubber-validated EC2 client: one DescribeSecurityGroups (vpc-id and
group-name) for all the groups; missing groups created before the names the rules give are resolved; a write only in
the group that differs, compared as amazon.aws.ec2_security_group compares rules (protocol, ports, source,
description); none in check mode or a no-op. The groups are the security_groups role's own plan."""

import copy

import pytest

from ansible_collections.prodgrade.aws.plugins.filter.security_groups import security_groups_items
from ansible_collections.prodgrade.aws.plugins.filter.security_groups import security_groups_plan
from ansible_collections.prodgrade.aws.plugins.modules import ec2_security_groups as module

REGION = "ap-south-1"
VPC = "vpc-0123456789abcdef0"
OWNER = "123456789012"
TAGS = {"ManagedBy": "ansible"}
PLAN = security_groups_plan("ecia-prod")
ITEMS = security_groups_items(PLAN, TAGS)
NAMES = [g["name"] for g in ITEMS]
IDS = {g["name"]: f"sg-0{g['tags']['Tier']}" for g in ITEMS}
ALB, BASTION, APP, DB = NAMES
DESCRIBE = {
    "Filters": [{"Name": "vpc-id", "Values": [VPC]}, {"Name": "group-name", "Values": NAMES}],
}
ALL_OUT = {
    "IpProtocol": "-1",
    "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "All outbound"}],
    "Ipv6Ranges": [],
    "PrefixListIds": [],
    "UserIdGroupPairs": [],
}


def tcp(port, ranges=(), pairs=()):
    return {
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
        "IpRanges": list(ranges),
        "Ipv6Ranges": [],
        "PrefixListIds": [],
        "UserIdGroupPairs": list(pairs),
    }


def pair(name, desc):
    return {"GroupId": IDS[name], "UserId": OWNER, "Description": desc}


INGRESS = {
    ALB: [
        tcp(80, [{"CidrIp": "0.0.0.0/0", "Description": "port 80 from 0.0.0.0/0"}]),
        tcp(443, [{"CidrIp": "0.0.0.0/0", "Description": "port 443 from 0.0.0.0/0"}]),
    ],
    BASTION: [],
    APP: [tcp(8080, pairs=[pair(ALB, f"app port from {ALB}")])],
    DB: [tcp(3306, pairs=[pair(APP, f"DB from {APP}")])],
}


def aws_group(name, ingress=None, egress=None, tags=None, description=None):
    spec = next(g for g in ITEMS if g["name"] == name)
    return {
        "GroupId": IDS[name],
        "GroupName": name,
        "Description": description or spec["description"],
        "OwnerId": OWNER,
        "VpcId": VPC,
        "IpPermissions": copy.deepcopy(INGRESS[name] if ingress is None else ingress),
        "IpPermissionsEgress": copy.deepcopy([ALL_OUT] if egress is None else egress),
        "Tags": [{"Key": k, "Value": v} for k, v in (tags or spec["tags"]).items()],
    }


@pytest.fixture
def ec2(aws_client):
    return aws_client("ec2", region=REGION)


@pytest.fixture
def stub(ec2):
    return ec2[1]


@pytest.fixture
def run(run_module, ec2):
    def run_(args=None, client=True, **kw):
        args = dict({"vpc_id": VPC, "security_groups": copy.deepcopy(ITEMS), "region": REGION}, **(args or {}))
        return run_module(module.main, args, client=ec2[0] if client else None, **kw)

    return run_


def expect_describe(stub, *groups, params=None):
    stub.add_response("describe_security_groups", {"SecurityGroups": list(groups)}, params or DESCRIBE)


def all_groups(**changed):
    return [changed.get(n) or aws_group(n) for n in NAMES]


def test_noop_makes_only_the_describe(stub, run):
    expect_describe(stub, *all_groups())
    result = run(diff=True)
    assert not result["changed"]
    assert result["group_ids"] == IDS
    assert [g["group_name"] for g in result["groups"]] == NAMES
    assert result["groups"][2]["ip_permissions"][0]["user_id_group_pairs"][0]["group_id"] == IDS[ALB]
    assert result["diff"]["before"] == result["diff"]["after"]
    assert result["changed_groups"] == {"created": [], "updated": [], "deleted": []}


def test_a_port_drift_in_one_group_is_revoked_and_authorized_only_there(stub, run):
    drifted = aws_group(APP, ingress=[tcp(8081, pairs=[pair(ALB, f"app port from {ALB}")])])
    expect_describe(stub, *all_groups(**{APP: drifted}))
    stub.add_response(
        "revoke_security_group_ingress",
        {"Return": True},
        {
            "GroupId": IDS[APP],
            "IpPermissions": [
                {
                    "IpProtocol": "tcp",
                    "FromPort": 8081,
                    "ToPort": 8081,
                    "UserIdGroupPairs": [{"GroupId": IDS[ALB], "Description": f"app port from {ALB}"}],
                }
            ],
        },
    )
    stub.add_response(
        "authorize_security_group_ingress",
        {"Return": True},
        {
            "GroupId": IDS[APP],
            "IpPermissions": [
                {
                    "IpProtocol": "tcp",
                    "FromPort": 8080,
                    "ToPort": 8080,
                    "UserIdGroupPairs": [{"GroupId": IDS[ALB], "Description": f"app port from {ALB}"}],
                }
            ],
        },
    )
    result = run(diff=True)
    assert result["changed_groups"] == {"created": [], "updated": [APP], "deleted": []}
    assert result["diff"]["after"][APP]["ip_permissions"] == [
        {
            "ip_protocol": "tcp",
            "from_port": 8080,
            "to_port": 8080,
            "ip_ranges": [],
            "ipv6_ranges": [],
            "prefix_list_ids": [],
            "user_id_group_pairs": [{"group_id": IDS[ALB], "user_id": OWNER, "description": f"app port from {ALB}"}],
        }
    ]
    assert result["diff"]["before"][DB] == result["diff"]["after"][DB]


def test_a_rule_description_drift_is_updated_in_place(stub, run):
    drifted = copy.deepcopy(INGRESS[ALB])
    drifted[1]["IpRanges"][0]["Description"] = "edited by hand"
    expect_describe(stub, *all_groups(**{ALB: aws_group(ALB, ingress=drifted)}))
    stub.add_response(
        "update_security_group_rule_descriptions_ingress",
        {"Return": True},
        {
            "GroupId": IDS[ALB],
            "IpPermissions": [
                {
                    "IpProtocol": "tcp",
                    "FromPort": 443,
                    "ToPort": 443,
                    "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "port 443 from 0.0.0.0/0"}],
                }
            ],
        },
    )
    result = run()
    assert result["changed_groups"]["updated"] == [ALB]
    assert result["groups"][0]["ip_permissions"][1]["ip_ranges"] == [
        {"cidr_ip": "0.0.0.0/0", "description": "port 443 from 0.0.0.0/0"}
    ]


def test_an_extra_rule_is_purged_and_kept_without_purge(stub, run):
    extra = tcp(22, [{"CidrIp": "198.51.100.0/24"}])
    expect_describe(stub, *all_groups(**{BASTION: aws_group(BASTION, ingress=[extra])}))
    stub.add_response(
        "revoke_security_group_ingress",
        {"Return": True},
        {
            "GroupId": IDS[BASTION],
            "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "198.51.100.0/24"}]}
            ],
        },
    )
    assert run()["changed_groups"]["updated"] == [BASTION]

    expect_describe(stub, *all_groups(**{BASTION: aws_group(BASTION, ingress=[extra])}))
    items = [dict(g, purge_rules=False) if g["name"] == BASTION else g for g in copy.deepcopy(ITEMS)]
    assert not run({"security_groups": items})["changed"]


def test_egress_is_left_alone_without_rules_egress_and_emptied_with_an_empty_list(stub, run):
    extra = tcp(443, [{"CidrIp": "10.0.0.0/8"}])
    expect_describe(stub, *all_groups(**{DB: aws_group(DB, egress=[ALL_OUT, extra])}))
    items = copy.deepcopy(ITEMS)
    items[3]["rules_egress"] = None
    assert not run({"security_groups": items})["changed"]

    expect_describe(stub, *all_groups())
    items[3]["rules_egress"] = []
    stub.add_response(
        "revoke_security_group_egress",
        {"Return": True},
        {
            "GroupId": IDS[DB],
            "IpPermissions": [
                {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "All outbound"}]}
            ],
        },
    )
    result = run({"security_groups": items})
    assert result["changed_groups"]["updated"] == [DB]
    assert result["groups"][3]["ip_permissions_egress"] == []


def test_protocols_and_icmp_compare_as_aws_answers(stub, run):
    # "6" is tcp, "all" is -1, icmp without a type is all types; AWS answers with names and -1.
    rules = [
        {"proto": "6", "ports": ["1024-2048"], "cidr_ipv6": ["2001:DB8:0::/32"], "rule_desc": "high ports"},
        {"proto": "icmp", "cidr_ip": ["10.0.0.0/16"]},
        {"proto": "50", "ip_prefix": ["pl-0123"], "group_id": ["sg-0ext"]},
    ]
    aws = [
        {
            "IpProtocol": "tcp",
            "FromPort": 1024,
            "ToPort": 2048,
            "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32", "Description": "high ports"}],
        },
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
        {
            "IpProtocol": "50",
            "PrefixListIds": [{"PrefixListId": "pl-0123"}],
            "UserIdGroupPairs": [{"GroupId": "sg-0ext", "UserId": OWNER}],
        },
    ]
    expect_describe(stub, *all_groups(**{BASTION: aws_group(BASTION, ingress=aws)}))
    items = [dict(g, rules=rules) if g["name"] == BASTION else g for g in copy.deepcopy(ITEMS)]
    assert not run({"security_groups": items})["changed"]


def test_tags_drift_in_one_group(stub, run):
    expect_describe(stub, *all_groups(**{DB: aws_group(DB, tags={"Name": DB, "Tier": "db", "Stray": "x"})}))
    stub.add_response("delete_tags", {}, {"Resources": [IDS[DB]], "Tags": [{"Key": "Stray"}]})
    stub.add_response("create_tags", {}, {"Resources": [IDS[DB]], "Tags": [{"Key": "ManagedBy", "Value": "ansible"}]})
    result = run()
    assert result["changed_groups"]["updated"] == [DB]
    assert result["groups"][3]["tags"] == {"Name": DB, "Tier": "db", "ManagedBy": "ansible"}


def test_a_description_drift_is_reported_not_changed(stub, run):
    expect_describe(stub, *all_groups(**{APP: aws_group(APP, description="old words")}))
    result = run()
    assert not result["changed"]
    assert any("cannot change a group's description" in w and APP in w for w in result.get("warnings", []))


NEW_IDS = {n: f"sg-0new{i}" for i, n in enumerate(NAMES)}


def created(name):
    group = aws_group(name, ingress=[], egress=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    return dict(group, GroupId=NEW_IDS[name])


def test_create_from_nothing_then_resolve_the_references(stub, run):
    expect_describe(stub)
    for item in ITEMS:
        tags = [{"Key": k, "Value": v} for k, v in item["tags"].items()]
        stub.add_response(
            "create_security_group",
            {"GroupId": NEW_IDS[item["name"]]},
            {
                "GroupName": item["name"],
                "Description": item["description"],
                "VpcId": VPC,
                "TagSpecifications": [{"ResourceType": "security-group", "Tags": tags}],
            },
        )
    stub.add_response(
        "describe_security_groups",
        {"SecurityGroups": [created(n) for n in NAMES]},
        {"GroupIds": list(NEW_IDS.values())},
    )
    default_out = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "All outbound"}]}
    ingress = {
        ALB: [
            {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": d}]}
            for p, d in ((80, "port 80 from 0.0.0.0/0"), (443, "port 443 from 0.0.0.0/0"))
        ],
        APP: [
            {
                "IpProtocol": "tcp",
                "FromPort": 8080,
                "ToPort": 8080,
                "UserIdGroupPairs": [{"GroupId": NEW_IDS[ALB], "Description": f"app port from {ALB}"}],
            }
        ],
        DB: [
            {
                "IpProtocol": "tcp",
                "FromPort": 3306,
                "ToPort": 3306,
                "UserIdGroupPairs": [{"GroupId": NEW_IDS[APP], "Description": f"DB from {APP}"}],
            }
        ],
    }
    for name in NAMES:
        # Ingress as planned; the allow-all egress rule AWS adds gets the plan's description.
        if name in ingress:
            stub.add_response(
                "authorize_security_group_ingress",
                {"Return": True},
                {"GroupId": NEW_IDS[name], "IpPermissions": ingress[name]},
            )
        stub.add_response(
            "update_security_group_rule_descriptions_egress",
            {"Return": True},
            {"GroupId": NEW_IDS[name], "IpPermissions": [default_out]},
        )
    result = run()
    assert not result["failed"], result["msg"]
    assert result["changed_groups"] == {"created": NAMES, "updated": [], "deleted": []}
    assert result["group_ids"] == NEW_IDS
    db = result["groups"][3]
    assert db["ip_permissions"][0]["user_id_group_pairs"] == [
        {"group_id": NEW_IDS[APP], "user_id": OWNER, "description": f"DB from {APP}"}
    ]
    assert db["ip_permissions_egress"][0]["ip_ranges"] == [{"cidr_ip": "0.0.0.0/0", "description": "All outbound"}]


def test_check_mode_predicts_and_writes_nothing(stub, run):
    # The ALB exists; the others would be created, the app's rule naming the ALB by its id, the DB's the app by name.
    expect_describe(stub, aws_group(ALB))
    result = run(check_mode=True, diff=True)
    assert result["changed_groups"] == {"created": [BASTION, APP, DB], "updated": [], "deleted": []}
    assert result["group_ids"] == {ALB: IDS[ALB]}
    app, db = result["groups"][2], result["groups"][3]
    assert "group_id" not in app
    assert app["ip_permissions"][0]["user_id_group_pairs"][0]["group_id"] == IDS[ALB]
    assert db["ip_permissions"][0]["user_id_group_pairs"] == [{"group_name": APP, "description": f"DB from {APP}"}]
    assert db["ip_permissions_egress"][0]["ip_ranges"] == [{"cidr_ip": "0.0.0.0/0", "description": "All outbound"}]
    assert db["tags"] == {"ManagedBy": "ansible", "Name": DB, "Tier": "db"}

    drifted = aws_group(APP, ingress=[])
    expect_describe(stub, *all_groups(**{APP: drifted}))
    result = run(check_mode=True)
    assert result["changed_groups"]["updated"] == [APP]
    assert result["groups"][2]["ip_permissions"][0]["from_port"] == 8080


def test_a_rule_naming_an_unknown_group_fails_before_any_write(stub, run):
    items = copy.deepcopy(ITEMS)
    items[3]["rules"][0]["group_name"] = ["ecia-prod-cache-sg"]
    expect_describe(
        stub,
        *all_groups(),
        params={
            "Filters": [
                {"Name": "vpc-id", "Values": [VPC]},
                {"Name": "group-name", "Values": NAMES + ["ecia-prod-cache-sg"]},
            ]
        },
    )
    result = run({"security_groups": items})
    assert result["failed"] and "ecia-prod-cache-sg" in result["msg"]


def test_absent_deletes_each_group_after_the_ones_naming_it(stub, run):
    order = [ALB, DB, APP, BASTION]
    filters = [{"Name": "vpc-id", "Values": [VPC]}, {"Name": "group-name", "Values": order}]
    expect_describe(stub, *all_groups(), params={"Filters": filters})
    # Reverse task order, except that the app group waits for the DB group, whose rule names it.
    for name in (BASTION, DB, APP, ALB):
        stub.add_response("delete_security_group", {}, {"GroupId": IDS[name]})
    result = run({"security_groups": [{"name": n} for n in order], "state": "absent"}, diff=True)
    assert not result["failed"], result["msg"]
    assert sorted(result["changed_groups"]["deleted"]) == sorted(NAMES)
    assert result["groups"] == [] and result["diff"]["after"] == {}


def test_absent_revokes_a_cycle_first_and_check_mode_deletes_nothing(stub, run):
    app = aws_group(APP, ingress=INGRESS[APP] + [tcp(22, pairs=[pair(DB, "back")])])
    expect_describe(stub, aws_group(ALB), app, aws_group(DB))
    args = {"security_groups": [{"name": n} for n in NAMES], "state": "absent"}
    assert run(args, check_mode=True)["changed_groups"]["deleted"] == [ALB, APP, DB]

    # Stuck (every group is named by another): the references among them go first, then the deletes.
    expect_describe(stub, aws_group(ALB), app, aws_group(DB))
    db_to_app = {
        "IpProtocol": "tcp",
        "FromPort": 3306,
        "ToPort": 3306,
        "UserIdGroupPairs": [{"GroupId": IDS[APP], "Description": f"DB from {APP}"}],
    }
    app_to_alb = {
        "IpProtocol": "tcp",
        "FromPort": 8080,
        "ToPort": 8080,
        "UserIdGroupPairs": [{"GroupId": IDS[ALB], "Description": f"app port from {ALB}"}],
    }
    app_to_db = {
        "IpProtocol": "tcp",
        "FromPort": 22,
        "ToPort": 22,
        "UserIdGroupPairs": [{"GroupId": IDS[DB], "Description": "back"}],
    }
    stub.add_response(
        "revoke_security_group_ingress", {"Return": True}, {"GroupId": IDS[DB], "IpPermissions": [db_to_app]}
    )
    stub.add_response(
        "revoke_security_group_ingress",
        {"Return": True},
        {"GroupId": IDS[APP], "IpPermissions": [app_to_alb, app_to_db]},
    )
    for name in (DB, APP, ALB):
        stub.add_response("delete_security_group", {}, {"GroupId": IDS[name]})
    result = run(args)
    assert result["changed"], result


def test_absent_noop(stub, run):
    expect_describe(stub)
    result = run({"state": "absent"})
    assert not result["changed"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"rules": [{"ports": ["80"], "cidr_ip": ["10.0.0.1/8"]}]}, "rules[0].cidr_ip: 10.0.0.1/8 is not an IPv4 CIDR"),
        ({"rules": [{"ports": ["80"], "cidr_ip": ["2001:db8::/32"]}]}, "is not an IPv4 CIDR"),
        ({"rules": [{"ports": ["eighty"], "cidr_ip": ["10.0.0.0/8"]}]}, "ports: eighty is not a port"),
        ({"rules": [{"ports": ["70000"], "cidr_ip": ["10.0.0.0/8"]}]}, "ports: 70000 is not a port"),
        ({"rules": [{"cidr_ip": ["10.0.0.0/8"]}]}, "proto tcp needs ports"),
        ({"rules": [{"proto": "all", "ports": ["80"], "cidr_ip": ["10.0.0.0/8"]}]}, "has no ports"),
        ({"rules": [{"proto": "gre", "cidr_ip": ["10.0.0.0/8"]}]}, "proto must be tcp"),
        ({"rules": [{"proto": "icmp", "icmp_type": 300, "cidr_ip": ["10.0.0.0/8"]}]}, "ICMP type and code"),
        ({"rules": [{"ports": ["22"], "group_id": ["bastion"]}]}, "group_id: bastion is not a security group id"),
        ({"rules": [{"ports": ["22"], "cidr_ip": ["10.0.0.0/8"], "rule_desc": "caf\u00e9"}]}, "rule_desc: up to 255"),
        (
            {
                "rules": [
                    {"ports": ["22"], "cidr_ip": ["10.0.0.0/8"], "rule_desc": "a"},
                    {"ports": ["22"], "cidr_ip": ["10.0.0.0/8"], "rule_desc": "b"},
                ]
            },
            "listed twice with other descriptions",
        ),
        ({"description": None}, "description is required"),
        ({"name": "sg-web"}, "not starting with sg-"),
    ],
)
def test_bad_input_fails_before_any_call(run, change, message):
    items = copy.deepcopy(ITEMS)
    items[1].update(change)
    result = run({"security_groups": items}, client=False)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert "security_groups[1]" in result["msg"]


def test_duplicate_names_fail_before_any_call(run):
    result = run({"security_groups": [ITEMS[0], ITEMS[0]]}, client=False)
    assert result["failed"] and "names must be unique" in result["msg"]


def test_a_rule_without_rule_desc_loses_the_description_aws_has(stub, run):
    expect_describe(stub, *all_groups())
    items = copy.deepcopy(ITEMS)
    del items[3]["rules"][0]["rule_desc"]
    stub.add_response(
        "update_security_group_rule_descriptions_ingress",
        {"Return": True},
        {
            "GroupId": IDS[DB],
            "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": IDS[APP]}]}
            ],
        },
    )
    result = run({"security_groups": items})
    assert result["changed_groups"]["updated"] == [DB]
    assert result["groups"][3]["ip_permissions"][0]["user_id_group_pairs"] == [{"group_id": IDS[APP], "user_id": OWNER}]


def test_a_revoke_aws_does_not_find_fails(stub, run):
    expect_describe(stub, *all_groups(**{BASTION: aws_group(BASTION, ingress=[tcp(22, [{"CidrIp": "10.0.0.0/8"}])])}))
    unknown = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
    stub.add_response(
        "revoke_security_group_ingress",
        {"Return": False, "UnknownIpPermissions": unknown},
        {"GroupId": IDS[BASTION], "IpPermissions": unknown},
    )
    result = run()
    assert result["failed"] and "did not find" in result["msg"]
