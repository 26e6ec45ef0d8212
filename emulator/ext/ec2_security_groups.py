"""EC2 UpdateSecurityGroupRuleDescriptionsIngress/Egress: moto applies the descriptions but answers with an empty
body, where AWS returns <return>true</return> (the model's output has a Return member). amazon.aws reads
response["Return"], so amazon.aws.ec2_security_group failed with KeyError 'Return' whenever it set a rule
description on an existing rule (e.g. describing the default allow-all egress rule). Answer as AWS does.
"""

from moto.core.responses import ActionResult
from moto.ec2.responses.security_groups import SecurityGroups


def _with_return(method):
    def handler(self):
        method(self)
        return ActionResult({"Return": True})

    handler._prodgrade = True  # type: ignore[attr-defined]
    return handler


for _name in ("update_security_group_rule_descriptions_ingress", "update_security_group_rule_descriptions_egress"):
    if not getattr(getattr(SecurityGroups, _name), "_prodgrade", False):
        setattr(SecurityGroups, _name, _with_return(getattr(SecurityGroups, _name)))
