"""AWS Config rule fixes (moto 5.2.5).

- DescribeConfigRules with ConfigRuleNames in a region that has no rule at all answered an empty list, where AWS
  (and moto itself once any rule exists) raises NoSuchConfigRuleException: community.aws.config_rule indexes the
  answer's first rule and failed with IndexError creating the first rule of every account and region.
- DescribeConfigRules: AWS returns each rule's EvaluationModes ([{"Mode": "DETECTIVE"}] unless set); moto omits it,
  and community.aws.config_rule deletes that key from the answer before comparing (KeyError on every re-run).
"""

from moto.config.exceptions import NoSuchConfigRuleException
from moto.config.models import ConfigBackend, ConfigRule

_describe_config_rules = ConfigBackend.describe_config_rules


def describe_config_rules(self, config_rule_names, next_token):
    for name in config_rule_names or []:
        if name not in self.config_rules:
            raise NoSuchConfigRuleException(name)
    return _describe_config_rules(self, config_rule_names, next_token)


ConfigBackend.describe_config_rules = describe_config_rules


_rule_to_dict = ConfigRule.to_dict


def rule_to_dict(self):
    result = _rule_to_dict(self)
    result.setdefault("EvaluationModes", [{"Mode": "DETECTIVE"}])
    return result


ConfigRule.to_dict = rule_to_dict
