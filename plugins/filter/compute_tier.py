# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate the compute tier's inputs before any API call; every message names the variable and the rule."""

import re

from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import fail as _fail
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import integer as _int
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import ACCOUNT_ID, UUID, arn

# AWS limits: ALB and target group names are at most 32 characters, alphanumerics and hyphens.
ELB_NAME = re.compile(r"^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
DOMAIN = re.compile(r"^(\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# A KMS key by alias or id (ARNs are checked with amazon.aws's parse_aws_arn).
KMS_KEY = re.compile(r"^(alias/[a-zA-Z0-9/_-]+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$")
ELB_POLICY = re.compile(r"^ELBSecurityPolicy-[A-Za-z0-9-]+$")
AMI_ID = re.compile(r"^ami-[0-9a-f]{8,17}$")
HEALTH_PATH = re.compile(r"^/[\x21-\x7e]{0,1023}$")
# EventBridge: cron(minutes hours day-of-month month day-of-week year), one of the two day fields '?'.
EVENTS_CRON = re.compile(r"^cron\((\S+ \S+ \S+ \S+ \S+ \S+)\)$")
CRON_FIELD = re.compile(r"^[0-9A-Za-z*?/,#L W-]+$")
UNIX_CRON_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
UNIX_CRON_NAMES = ["minute", "hour", "day of month", "month", "day of week"]


def instance_types():
    # botocore's EC2 model lists every instance type AWS accepts; offline, versioned with the SDK.
    import botocore.session

    model = botocore.session.get_session().get_service_model("ec2")
    return set(model.shape_for("InstanceType").enum)


def _unix_cron_field(field, low, high):
    if field == "*":
        return True
    for part in field.split(","):
        base, step = part.split("/", 1) if "/" in part else (part, "")
        if step and not step.isdigit():
            return False
        if base == "*":
            continue
        bounds = base.split("-")
        if len(bounds) > 2 or not all(b.isdigit() and low <= int(b) <= high for b in bounds):
            return False
    return True


def check_unix_cron(value, var):
    """Auto Scaling recurrence: five unix cron fields, numbers, ranges, lists and steps."""
    fields = str(value).split()
    if len(fields) != 5:
        _fail(f"{var}: '{value}' must be a unix cron expression of 5 fields (minute hour day month weekday)")
    for field, (low, high), name in zip(fields, UNIX_CRON_RANGES, UNIX_CRON_NAMES):
        if not _unix_cron_field(field, low, high):
            _fail(
                f"{var}: '{value}': the {name} field '{field}' must be *, numbers {low}-{high}, ranges, lists or steps"
            )
    return value


def check_events_cron(value, var):
    """EventBridge schedule: cron() with 6 fields, exactly one of day-of-month / day-of-week being '?'."""
    match = EVENTS_CRON.match(str(value))
    if not match:
        _fail(f"{var}: '{value}' must be an EventBridge cron(minutes hours day-of-month month day-of-week year)")
    fields = match.group(1).split()
    if not all(CRON_FIELD.match(f) for f in fields):
        _fail(f"{var}: '{value}' has characters EventBridge cron does not accept")
    if (fields[2] == "?") == (fields[4] == "?"):
        _fail(f"{var}: '{value}': exactly one of day-of-month and day-of-week must be '?'")
    if not (_unix_cron_field(fields[0], 0, 59) and _unix_cron_field(fields[1], 0, 23)):
        _fail(f"{var}: '{value}': minutes must be 0-59 and hours 0-23")
    return value


def compute_tier_check(p):
    """Check every input of the compute tier. ``p`` maps variable names to values; returns the derived plan."""
    if p["compute_tier_state"] not in ("present", "absent"):
        _fail(f"compute_tier_state: must be 'present' or 'absent', got '{p['compute_tier_state']}'")
    name = str(p["compute_tier_name"])
    if not NAME.match(name):
        _fail(f"compute_tier_name: '{name}' must be lower-case letters, digits and hyphens (e.g. ecia-prod)")
    for suffix in ("-alb", "-app-tg"):
        if not ELB_NAME.match(name + suffix):
            _fail(f"compute_tier_name: '{name}{suffix}' would exceed the 32-character limit of ELB names")
    if not ACCOUNT_ID.match(str(p["compute_tier_account_id"])):
        _fail(f"compute_tier_account_id: must be a 12-digit AWS account id, got '{p['compute_tier_account_id']}'")
    if p["compute_tier_state"] == "absent":
        return {"https": False}

    known = instance_types()
    for var in ("compute_tier_instance_type", "compute_tier_bastion_instance_type"):
        if p[var] not in known:
            _fail(f"{var}: '{p[var]}' is not an EC2 instance type (botocore's list), e.g. t3.small")
    if p["compute_tier_ami_id"] and not AMI_ID.match(p["compute_tier_ami_id"]):
        _fail(f"compute_tier_ami_id: '{p['compute_tier_ami_id']}' must look like ami-0123456789abcdef0 (or be empty)")
    if not str(p["compute_tier_ami_ssm_parameter"]).startswith("/"):
        _fail("compute_tier_ami_ssm_parameter: must be an SSM parameter path starting with '/'")

    low = _int(p["compute_tier_asg_min_size"], "compute_tier_asg_min_size", 0, 10000)
    high = _int(p["compute_tier_asg_max_size"], "compute_tier_asg_max_size", 1, 10000)
    desired = _int(p["compute_tier_asg_desired_capacity"], "compute_tier_asg_desired_capacity", 0, 10000)
    if not low <= desired <= high:
        _fail(
            f"compute_tier_asg_desired_capacity: {desired} must lie between compute_tier_asg_min_size ({low}) "
            f"and compute_tier_asg_max_size ({high}) (min <= desired <= max)"
        )
    rule = " (compute_tier_asg_min_size..compute_tier_asg_max_size)"
    if p["compute_tier_schedule_enabled"]:
        for var in ("compute_tier_schedule_scale_down_desired", "compute_tier_schedule_scale_up_desired"):
            _int(p[var], var, low, high, rule)
        for var in ("compute_tier_schedule_scale_down_recurrence", "compute_tier_schedule_scale_up_recurrence"):
            check_unix_cron(p[var], var)
    _int(p["compute_tier_asg_health_check_grace_period"], "compute_tier_asg_health_check_grace_period", 0, 7200)
    _int(p["compute_tier_cpu_target"], "compute_tier_cpu_target", 1, 100, " (percent CPU)")
    _int(
        p["compute_tier_instance_refresh_min_healthy_percentage"],
        "compute_tier_instance_refresh_min_healthy_percentage",
        0,
        100,
    )
    _int(p["compute_tier_app_port"], "compute_tier_app_port", 1, 65535)
    _int(p["compute_tier_metadata_hop_limit"], "compute_tier_metadata_hop_limit", 1, 64)
    _int(p["compute_tier_root_volume_size"], "compute_tier_root_volume_size", 8, 16384, " GiB (AL2023 needs 8)")
    _int(p["compute_tier_bastion_volume_size"], "compute_tier_bastion_volume_size", 8, 16384, " GiB (AL2023 needs 8)")
    if p["compute_tier_root_volume_type"] not in ("gp3", "gp2", "io1", "io2"):
        _fail("compute_tier_root_volume_type: must be gp3, gp2, io1 or io2 (a bootable SSD type)")
    key = p["compute_tier_ebs_kms_key_id"]
    if key and not (KMS_KEY.match(str(key)) or arn(key, "kms")):
        _fail("compute_tier_ebs_kms_key_id: must be a KMS key id, alias/<name> or key ARN (or empty for aws/ebs)")

    # Target group health check: AWS's ranges for ALB target groups.
    _int(p["compute_tier_health_check_interval"], "compute_tier_health_check_interval", 5, 300, " seconds")
    timeout = _int(p["compute_tier_health_check_timeout"], "compute_tier_health_check_timeout", 2, 120, " seconds")
    if timeout >= int(p["compute_tier_health_check_interval"]):
        _fail("compute_tier_health_check_timeout: must be shorter than compute_tier_health_check_interval")
    _int(p["compute_tier_healthy_threshold"], "compute_tier_healthy_threshold", 2, 10)
    _int(p["compute_tier_unhealthy_threshold"], "compute_tier_unhealthy_threshold", 2, 10)
    _int(p["compute_tier_deregistration_delay"], "compute_tier_deregistration_delay", 0, 3600, " seconds")
    if not HEALTH_PATH.match(str(p["compute_tier_health_check_path"])):
        _fail("compute_tier_health_check_path: must start with '/' and be at most 1024 printable characters")
    _int(p["compute_tier_alb_idle_timeout"], "compute_tier_alb_idle_timeout", 1, 4000, " seconds")
    prefix = str(p["compute_tier_alb_logs_prefix"])
    if prefix.startswith("/") or prefix.endswith("/") or "AWSLogs" in prefix:
        _fail("compute_tier_alb_logs_prefix: must not start or end with '/' nor contain 'AWSLogs' (ELB rule)")

    https = bool(p["compute_tier_https_enabled"])
    certificate, domain = p["compute_tier_certificate_arn"], p["compute_tier_certificate_domain"]
    if certificate:
        parts = arn(certificate, "acm", ("certificate",))
        if not (parts and parts["region"] and parts["account_id"] and UUID.match(parts["resource_id"])):
            _fail(
                "compute_tier_certificate_arn: must be an ACM certificate ARN "
                "(arn:aws:acm:<region>:<account>:certificate/<uuid>)"
            )
        if parts["region"] != p["compute_tier_region"]:
            _fail(
                f"compute_tier_certificate_arn: the certificate is in {parts['region']}; an ALB needs one "
                f"in its own region {p['compute_tier_region']}"
            )
    if domain and not DOMAIN.match(domain):
        _fail(f"compute_tier_certificate_domain: '{domain}' is not a DNS name")
    if https and not (certificate or domain):
        _fail("compute_tier_https_enabled: HTTPS needs compute_tier_certificate_arn or compute_tier_certificate_domain")
    if https and not ELB_POLICY.match(str(p["compute_tier_ssl_policy"])):
        _fail("compute_tier_ssl_policy: must name an ELB security policy, e.g. ELBSecurityPolicy-TLS13-1-2-2021-06")

    if p["compute_tier_key_pair_enabled"] and not p["compute_tier_key_pair_name"]:
        _fail("compute_tier_key_pair_name: must be set when compute_tier_key_pair_enabled is true")
    if p["compute_tier_bastion_enabled"]:
        check_events_cron(p["compute_tier_bastion_stop_schedule"], "compute_tier_bastion_stop_schedule")
        if not re.match(r"^[a-z]$", str(p["compute_tier_bastion_public_subnet_az"])):
            _fail("compute_tier_bastion_public_subnet_az: must be an AZ suffix such as 'a'")
    return {"https": https}


class FilterModule:
    def filters(self):
        return {"compute_tier_check": compute_tier_check}
