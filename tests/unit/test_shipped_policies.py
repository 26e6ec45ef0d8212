"""Every IAM policy document the collection ships (roles/*/files/**/*.json), renders
(roles/*/templates/**/*.json.j2, rendered with the role's defaults and vars plus sample inventory values) or builds
in Python (the plan filters of plugins/filter/*.py and plugins/plugin_utils/kms.py: KMS key policies, bucket
policies, trust policies, the S3 replication role's policy) grants no wildcard power: no Allow of "*" or a whole
service ("s3:*"), no NotAction in an Allow, no write action on "Resource": "*". Deny statements (SCPs, guardrails,
TLS-only bucket statements) may use any wildcard. Files are found by glob, so a new role's policies are checked the
day they land; a template that needs facts the samples lack fails loudly, never silently. The filters are called
with their role's defaults and vars plus the sample inventory, as the role's validate task calls them, and every
policy document anywhere in what they return is checked; a plugin file that builds a "Statement" but has no sample
here fails test_every_policy_building_plugin_has_samples.

One exemption, AWS's own rule, the same for files, templates and filters: in a KMS key policy "Resource": "*" means
the key itself, and the account's root principal holds kms:* (AWS's default statement, which delegates the key to
IAM policies; without it the key can become unmanageable). A document is a key policy when every Allow names a
Principal and only kms: actions (plugin_utils/kms.py's service_key_policy builds such documents; its statements
are scoped by kms:ViaService and kms:CallerAccount instead of by resource).
"""

import json
import re
from pathlib import Path

import pytest
from ansible.errors import AnsibleUndefinedVariable
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template
from ansible_collections.prodgrade.aws.plugins.filter.backup_dr import backup_dr_plan, backup_dr_replication_policy
from ansible_collections.prodgrade.aws.plugins.filter.data_tier import data_tier_plan
from ansible_collections.prodgrade.aws.plugins.plugin_utils.kms import service_key_policy

ROOT = Path(__file__).resolve().parents[2]
ROLES = ROOT / "roles"
ACCOUNT = "123456789012"

# What the inventory gives every account host (inventories/local, one workload account).
SAMPLE_INVENTORY = {
    "aws_account_id": ACCOUNT,
    "aws_home_region": "ap-south-1",
    "aws_management_account_id": "100000000000",
    "env_name": "dev",
    "env_prefix": "ecia-dev",
    "org_name": "ecia",
    "org_tags": {"ManagedBy": "prodgrade.aws"},
    "org_allowed_regions": ["ap-south-1", "ap-southeast-1", "us-east-1"],
    "inventory_hostname": "ecia-dev",
}

# Facts a role registers before it renders a template (the values only need the right shape).
SAMPLE_FACTS = {
    "compute_tier": {
        "__compute_tier_kms_arns": {
            k: f"arn:aws:kms:ap-south-1:{ACCOUNT}:key/00000000-0000-0000-0000-00000000000{i}"
            for i, k in enumerate(["s3", "rds", "secrets"])
        },
        "__compute_tier_bastion_arn": f"arn:aws:ec2:ap-south-1:{ACCOUNT}:instance/i-0123456789abcdef0",
    },
    "network": {"__network_log_group_arn": f"arn:aws:logs:ap-south-1:{ACCOUNT}:log-group:/aws/vpc/flowlogs/ecia-dev"},
    # Not a policy (a dashboard body), rendered all the same: a template that fails to render fails here.
    "observability": {
        "__observability_resources": {
            "asg": "ecia-dev-asg",
            "alb": f"arn:aws:elasticloadbalancing:ap-south-1:{ACCOUNT}:loadbalancer/app/ecia-dev-alb/0123456789abcdef",
            "db": "ecia-dev-db",
        }
    },
}
# Fallback for any other undefined name: a plausible ARN string.
SAMPLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/sample"

READ_PREFIXES = (
    "Describe",
    "Get",
    "List",
    "Head",
    "Lookup",
    "Search",
    "Select",
    "Query",
    "Scan",
    "BatchGet",
    "View",
    "Check",
    "Test",
    "Validate",
)


def _as_list(value):
    return value if isinstance(value, list) else [value]


def is_write(action: str) -> bool:
    """ec2:DescribeInstances / ec2:Describe* are reads; anything else (incl. s3:Put*, kms:*) may write."""
    name = action.partition(":")[2]
    return not name.startswith(READ_PREFIXES)


def _is_key_policy(statements) -> bool:
    allows = [s for s in statements if s.get("Effect") == "Allow"]
    return bool(allows) and all(
        "Principal" in s and all(a.startswith("kms:") for a in _as_list(s.get("Action", []))) for s in allows
    )


def _root_principal(statement) -> bool:
    principal = statement.get("Principal", {})
    aws = _as_list(principal.get("AWS", [])) if isinstance(principal, dict) else []
    return bool(aws) and all(re.match(r"^arn:aws[a-z-]*:iam::\d{12}:root$", p) for p in aws)


def violations(document: dict) -> list:
    """What in one policy document breaks the rule; empty when it is fine."""
    found = []
    statements = _as_list(document.get("Statement", []))
    key_policy = _is_key_policy(statements)
    for index, statement in enumerate(statements):
        if statement.get("Effect") != "Allow":
            continue
        where = statement.get("Sid") or f"statement {index}"
        if "NotAction" in statement:
            found.append(f"{where}: Allow with NotAction grants everything else")
        actions = _as_list(statement.get("Action", []))
        resources = _as_list(statement.get("Resource", []))
        for action in actions:
            if action == "*":
                found.append(f"{where}: Allow of Action '*'")
            elif action.endswith(":*") and not (key_policy and _root_principal(statement)):
                found.append(f"{where}: Allow of a whole service '{action}'")
        if "*" in resources and not key_policy:
            writes = [a for a in actions if a != "*" and is_write(a)]
            if writes:
                found.append(f"{where}: write actions {writes} on Resource '*'")
    return found


def _templar(role: Path) -> Templar:
    loader = DataLoader()
    variables = dict(SAMPLE_INVENTORY)
    for part in ("defaults/main.yml", "vars/main.yml"):
        path = role / part
        if path.exists():
            variables.update(loader.load_from_file(str(path), trusted_as_template=True) or {})
    variables.update(SAMPLE_FACTS.get(role.name, {}))
    return Templar(loader=loader, variables=variables)


def render(path: Path) -> dict:
    """Render with the role's defaults/vars and the samples; a name nothing defines (a fact, another layer's
    inventory value) gets SAMPLE_ARN, one at a time, so every defined expression is really evaluated."""
    role = ROLES / path.relative_to(ROLES).parts[0]
    templar = _templar(role)
    source = path.read_text()
    for _attempt in range(50):
        try:
            return json.loads(templar.template(trust_as_template(source)))
        except AnsibleUndefinedVariable as e:
            name = re.search(r"'([A-Za-z_][A-Za-z0-9_]*)' is undefined", str(e))
            if not name or name.group(1) in templar.available_variables:
                pytest.fail(f"{path.relative_to(ROOT)}: cannot render with sample vars ({e}); add to SAMPLE_FACTS")
            templar.available_variables = {**templar.available_variables, name.group(1): SAMPLE_ARN}
    pytest.fail(f"{path.relative_to(ROOT)}: too many undefined names; add to SAMPLE_FACTS")


def policy_files():
    files = sorted(ROLES.glob("*/files/**/*.json")) + sorted(ROLES.glob("*/templates/**/*.json.j2"))
    return [pytest.param(p, id=str(p.relative_to(ROLES))) for p in files]


def load(path: Path) -> dict:
    return render(path) if path.name.endswith(".j2") else json.loads(path.read_text())


def test_files_are_found():
    ids = [p.id for p in policy_files()]
    assert "compute_tier/templates/app_policy.json.j2" in ids
    assert "compute_tier/files/ec2_trust_policy.json" in ids


@pytest.mark.parametrize("path", policy_files())
def test_shipped_policy_grants_no_wildcard_power(path):
    document = load(path)
    if "Statement" not in document:
        pytest.skip("not a policy document")
    assert violations(document) == [], f"{path.relative_to(ROOT)}"


def test_compute_tier_policy_renders_the_resources():
    document = render(ROLES / "compute_tier/templates/app_policy.json.j2")
    by_sid = {s["Sid"]: s for s in document["Statement"]}
    assert by_sid["AppBucketObjects"]["Resource"] == f"arn:aws:s3:::ecia-dev-app-{ACCOUNT}/*"
    assert by_sid["DbCredentials"]["Resource"] == (
        f"arn:aws:secretsmanager:ap-south-1:{ACCOUNT}:secret:ecia-dev/db/credentials-??????"
    )
    assert len(by_sid["DataKeys"]["Resource"]) == 3


def _doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


BAD = {
    "action-star": _doc({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}),
    "service-star": _doc({"Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::b/*"}),
    "write-on-any-resource": _doc({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}),
    "write-wildcard-on-any-resource": _doc({"Effect": "Allow", "Action": "ec2:Terminate*", "Resource": ["*"]}),
    "not-action": _doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"}),
    "key-policy-service-star-not-root": _doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:role/x"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ),
}
GOOD = {
    "scoped": _doc({"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}),
    "describe-on-any": _doc({"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:DescribeTags"], "Resource": "*"}),
    "deny-everything": _doc({"Effect": "Deny", "Action": "*", "Resource": "*"}),
    "trust": _doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}),
    "default-key-policy": _doc(
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*"},
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_check_catches(name):
    assert violations(BAD[name])


@pytest.mark.parametrize("name", sorted(GOOD))
def test_the_check_passes(name):
    assert violations(GOOD[name]) == []


# --------------------------------------------------------------------------------------- policies built in Python

PLUGINS = ROOT / "plugins"
# Building a policy document: a "Statement" key written in a dict, not a reader's .get("Statement").
BUILDS_STATEMENT = re.compile(r"""["']Statement["']\s*:""")
KEY = f"arn:aws:kms:ap-south-1:{ACCOUNT}:key/00000000-0000-0000-0000-000000000000"
DR_KEY = f"arn:aws:kms:ap-southeast-1:{ACCOUNT}:key/00000000-0000-0000-0000-000000000001"
# Per-env inventory values the data tier has no default for (inventories/<env>/group_vars/<env>.yml).
DATA_TIER_ENV = {"db_instance_class": "db.t3.micro", "db_name": "appdb_dev", "db_multi_az": False}
# What inventories/prod gives the backup_dr role on top of its defaults (the RDS replica and its DR network).
BACKUP_DR_PROD = {
    "rds_replica_enabled": True,
    "dr_vpc_cidr": "10.101.0.0/16",
    "dr_subnets": {"a": "10.101.20.0/24", "b": "10.101.21.0/24"},
}


def role_inputs(role: str, **inventory) -> dict:
    """The <role>_* variables as the role's validate task reads them (its defaults and vars rendered with the sample
    inventory), without their prefix; __<role>_* vars keep their full name."""
    templar = _templar(ROLES / role)
    templar.available_variables = {**templar.available_variables, **inventory}
    prefix = f"{role}_"
    out = {}
    for name, value in templar.available_variables.items():
        if name.startswith(prefix) or name.startswith(f"__{prefix}"):
            key = name[len(prefix) :] if name.startswith(prefix) else name
            out[key] = templar.template(trust_as_template(value) if isinstance(value, str) else value)
    return out


def data_tier_cfg(**inventory) -> dict:
    cfg = {**role_inputs("data_tier", **inventory), **DATA_TIER_ENV}
    cfg["elb_log_delivery_accounts"] = cfg["__data_tier_elb_log_delivery_accounts"]
    return cfg


def backup_dr_cfg(**changes) -> dict:
    cfg = role_inputs("backup_dr")
    cfg["allowed_regions"] = SAMPLE_INVENTORY["org_allowed_regions"]
    return {**cfg, **changes}


# Every function of plugins/ that returns policy documents, by the file that builds them, with sample inputs. Each
# producer returns an object anywhere in which a dict with a "Statement" is a policy document.
PRODUCERS = {
    "plugins/filter/data_tier.py": {
        # ap-south-1: ELB delivers ALB logs from its regional account; ap-south-2 (after August 2022): the service
        # principal.
        "data_tier_plan[ap-south-1]": lambda: data_tier_plan(data_tier_cfg()),
        "data_tier_plan[ap-south-2]": lambda: data_tier_plan(data_tier_cfg(aws_home_region="ap-south-2")),
    },
    "plugins/filter/backup_dr.py": {
        "backup_dr_plan[dev]": lambda: backup_dr_plan(backup_dr_cfg()),
        "backup_dr_plan[prod]": lambda: backup_dr_plan(backup_dr_cfg(**BACKUP_DR_PROD)),
        "backup_dr_replication_policy[kms-source]": lambda: backup_dr_replication_policy(
            backup_dr_plan(backup_dr_cfg()), KEY, DR_KEY
        ),
        "backup_dr_replication_policy[sse-s3-source]": lambda: backup_dr_replication_policy(
            backup_dr_plan(backup_dr_cfg()), "", DR_KEY
        ),
    },
    "plugins/plugin_utils/kms.py": {
        "service_key_policy[one-service]": lambda: service_key_policy(
            ACCOUNT, "ap-south-1", ["s3"], "ecia-dev-s3", "UseThroughS3", False
        ),
        "service_key_policy[services-with-grants]": lambda: service_key_policy(
            ACCOUNT, "ap-southeast-1", ["backup", "s3", "rds"], "ecia-dev-dr", "UseThroughServices", True
        ),
    },
}


def policy_documents(value, where=""):
    """(path, document) for every dict holding a "Statement" anywhere in value."""
    if isinstance(value, dict):
        if "Statement" in value:
            yield where, value
            return
        for key, item in value.items():
            yield from policy_documents(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from policy_documents(item, f"{where}[{index}]")


def built_policies():
    cases = []
    for producers in PRODUCERS.values():
        for name, produce in producers.items():
            documents = list(policy_documents(produce()))
            assert documents, f"{name} returned no policy document"
            cases += [pytest.param(doc, id=f"{name}:{where or 'document'}") for where, doc in documents]
    return cases


def test_every_policy_building_plugin_has_samples():
    builders = sorted(
        str(path.relative_to(ROOT))
        for path in sorted(PLUGINS.glob("filter/*.py")) + sorted(PLUGINS.glob("plugin_utils/*.py"))
        if BUILDS_STATEMENT.search(path.read_text())
    )
    assert builders == sorted(PRODUCERS), "add samples to PRODUCERS for every plugin that builds a policy"


def test_built_policies_are_found():
    ids = {case.id for case in built_policies()}
    # The kinds the check must see: key policies, bucket policies, trust policies and the replication role's.
    for expected in (
        "data_tier_plan[ap-south-1]:kms_keys[0].policy",
        "data_tier_plan[ap-south-1]:buckets[2].policy",
        "data_tier_plan[ap-south-2]:buckets[2].policy",
        "backup_dr_plan[prod]:dr_key.policy",
        "backup_dr_plan[dev]:backup_trust",
        "backup_dr_plan[dev]:dr_bucket_policy",
        "backup_dr_replication_policy[kms-source]:document",
    ):
        assert expected in ids


@pytest.mark.parametrize("document", built_policies())
def test_built_policy_grants_no_wildcard_power(document):
    assert violations(document) == []


def test_built_key_policies_take_the_key_policy_exemption_only():
    """The key policies pass because "Resource": "*" is the key itself, not because the check missed them: exactly
    the KMS keys' documents are taken for key policies, and their statements would fail as an IAM policy."""
    key_id = re.compile(r"(^service_key_policy\[|:(kms_keys\[\d+\]|backup_key|dr_key)\.policy$)")
    for case in built_policies():
        document = case.values[0]
        statements = _as_list(document["Statement"])
        assert _is_key_policy(statements) == bool(key_id.search(case.id)), case.id
        if _is_key_policy(statements):
            assert all(s["Resource"] == "*" for s in statements), case.id
            # An IAM policy names no Principal: the same statements there would be writes on "*".
            as_iam = [{k: v for k, v in s.items() if k != "Principal"} for s in statements]
            assert violations({"Version": "2012-10-17", "Statement": as_iam}), case.id
