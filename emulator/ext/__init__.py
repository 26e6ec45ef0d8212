"""Extension operations: what moto lacks or gets wrong.  Importing this package
registers them all; a new service is one more module imported here."""

from emulator.ext import (
    accessanalyzer,
    acm_validation,
    autoscaling,
    backup,
    budgets,
    cloudfront,
    config,
    config_rules,
    controltower,
    ec2_ebs,
    ec2_launch_templates,
    ec2_security_groups,
    ec2_tags,
    elbv2,
    guardduty,
    kms,
    organizations,
    rds,
    rds_replicas,
    s3,
    s3_replication,
    secretsmanager,
    securityhub,
    wafv2,
)
