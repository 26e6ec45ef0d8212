"""Security group rule descriptions as AWS treats them: not part of a rule's identity (a group-sourced rule gets a
new description, and is revoked without giving its description), and removed when an update omits them."""


def _groups(ec2):
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    alb = ec2.create_security_group(GroupName="t-alb", Description="alb", VpcId=vpc)["GroupId"]
    app = ec2.create_security_group(GroupName="t-app", Description="app", VpcId=vpc)["GroupId"]
    return alb, app


def _ingress(ec2, group_id):
    return ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["IpPermissions"]


def _from(source, desc=None):
    item = dict(source, Description=desc) if desc else dict(source)
    key = "UserIdGroupPairs" if "GroupId" in source else "IpRanges"
    return [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, key: [item]}]


def test_a_group_sourced_rule_gets_a_new_description_and_revokes_without_it(client):
    ec2 = client("ec2")
    alb, app = _groups(ec2)
    ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=_from({"GroupId": alb}, "old"))
    assert ec2.update_security_group_rule_descriptions_ingress(
        GroupId=app, IpPermissions=_from({"GroupId": alb}, "new")
    )["Return"]
    assert _ingress(ec2, app)[0]["UserIdGroupPairs"][0]["Description"] == "new"
    ec2.revoke_security_group_ingress(GroupId=app, IpPermissions=_from({"GroupId": alb}))
    assert _ingress(ec2, app) == []


def test_an_update_without_description_removes_it(client):
    ec2 = client("ec2")
    alb, app = _groups(ec2)
    ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=_from({"GroupId": alb}, "from alb"))
    ec2.authorize_security_group_ingress(GroupId=alb, IpPermissions=_from({"CidrIp": "10.0.0.0/8"}, "from vpn"))
    ec2.update_security_group_rule_descriptions_ingress(GroupId=app, IpPermissions=_from({"GroupId": alb}))
    ec2.update_security_group_rule_descriptions_ingress(GroupId=alb, IpPermissions=_from({"CidrIp": "10.0.0.0/8"}))
    assert "Description" not in _ingress(ec2, app)[0]["UserIdGroupPairs"][0]
    assert _ingress(ec2, alb)[0]["IpRanges"] == [{"CidrIp": "10.0.0.0/8"}]
