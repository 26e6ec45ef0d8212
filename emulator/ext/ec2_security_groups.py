"""EC2 security group rules.

- UpdateSecurityGroupRuleDescriptionsIngress/Egress: moto applies the descriptions but answers with an empty body,
  where AWS returns <return>true</return> (the model's output has a Return member). amazon.aws reads
  response["Return"], so amazon.aws.ec2_security_group failed with KeyError 'Return' whenever it set a rule
  description on an existing rule (e.g. describing the default allow-all egress rule). Answer as AWS does.
- A rule's description is not part of its identity in AWS: moto compared security-group sources with their
  description, so a group-sourced rule could not get a new description (UpdateSecurityGroupRuleDescriptions* found
  no rule and changed nothing), and revoking one without its description failed with InvalidPermission.NotFound.
- A rule sent to UpdateSecurityGroupRuleDescriptions* without a description loses its description in AWS; moto kept
  the old one.
"""

from moto.core.responses import ActionResult
from moto.ec2.models.security_groups import SecurityGroupBackend
from moto.ec2.models.security_groups import SecurityGroupRule
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


def _without_description(source):
    return {k: v for k, v in (source or {}).items() if k != "Description"}


def _rule_eq(method):
    def eq(self, other):
        if not isinstance(other, SecurityGroupRule):
            return NotImplemented
        mine, theirs = self.source_group, other.source_group
        self.source_group, other.source_group = _without_description(mine), _without_description(theirs)
        try:
            return method(self, other)
        finally:
            self.source_group, other.source_group = mine, theirs

    eq._prodgrade = True  # type: ignore[attr-defined]
    return eq


def _update_description(method):
    def update(self, security_rule, rule):
        # Matched by index() on protocol, ports and source: the request names this very rule.
        if security_rule.ip_range and "Description" not in security_rule.ip_range:
            rule.ip_range.pop("Description", None)
        if security_rule.source_group and "Description" not in security_rule.source_group:
            rule.source_group.pop("Description", None)
        return method(self, security_rule, rule)

    update._prodgrade = True  # type: ignore[attr-defined]
    return update


if not getattr(SecurityGroupRule.__eq__, "_prodgrade", False):
    SecurityGroupRule.__eq__ = _rule_eq(SecurityGroupRule.__eq__)  # type: ignore[method-assign]
if not getattr(SecurityGroupBackend._sg_update_description, "_prodgrade", False):
    SecurityGroupBackend._sg_update_description = _update_description(SecurityGroupBackend._sg_update_description)
