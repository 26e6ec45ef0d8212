# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate an organization description (OUs, accounts, policies and where they apply, delegated administrators)
and turn it into a plan, before any API call. Every problem found is reported at once, each naming the variable
(and, for a policy document, the file) and the rule it breaks."""

import re

from ansible.errors import AnsibleFilterError
from ansible_collections.prodgrade.aws.plugins.module_utils.policy_documents import (
    PolicyDocumentError,
    load_policy,
    minify,
    validate_policy,
)
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import ACCOUNT_ID
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import EMAIL
from ansible_collections.prodgrade.aws.plugins.plugin_utils.inputs import region_problem

SCP = "SERVICE_CONTROL_POLICY"
POLICY_TYPES = (SCP, "TAG_POLICY", "BACKUP_POLICY")
ROOT = "Root"
# AWS: OUs nest at most five levels below the root; OU names are 1-128 characters.
MAX_OU_DEPTH = 5
MAX_OU_NAME = 128
# AWS CreateAccount: AccountName 1-50 characters, Email 6-64 characters.
MAX_ACCOUNT_NAME = 50
EMAIL_LENGTH = (6, 64)
OU_ID = re.compile(r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
ROOT_ID = re.compile(r"^r-[0-9a-z]{4,32}$")
SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$")
POLICY_NAME = re.compile(r"^[\w+=,.@ -]{1,128}$")
ACCOUNT_KEYS = ("name", "email", "ou", "host", "tags", "management", "role_name", "iam_user_access_to_billing")
POLICY_KEYS = ("name", "type", "description", "file", "template", "content", "targets", "tags")
SOURCE_KEYS = ("file", "template", "content")
TARGET_KEYS = ("ous", "accounts")


class _Problems:
    def __init__(self):
        self.items = []

    def add(self, msg):
        self.items.append(msg)

    def raise_if_any(self):
        if self.items:
            raise AnsibleFilterError(
                f"organization inputs: {len(self.items)} problem(s), nothing was changed:\n"
                + "\n".join(f"- {m}" for m in self.items)
            )


def ou_path_problem(path):
    """Why an OU path is not well formed (None when it is): 'Parent/Child', each name 1-128 characters."""
    if not isinstance(path, str) or not path:
        return "must be a non-empty string such as 'Workloads/Prod'"
    if path.startswith("/") or path.endswith("/"):
        return "must not start or end with '/' (paths are relative to the root, e.g. 'Workloads/Prod')"
    names = path.split("/")
    if any(not n for n in names):
        return "has an empty OU name ('//'); separate names with a single '/'"
    for name in names:
        if name != name.strip():
            return f"OU name '{name}' has leading or trailing spaces"
        if len(name) > MAX_OU_NAME:
            return f"OU name '{name[:20]}...' is longer than {MAX_OU_NAME} characters (AWS limit)"
        if any(ord(c) < 32 for c in name):
            return f"OU name {name!r} contains a control character"
    if names[0] == ROOT:
        return "must not start with 'Root' (paths are relative to the root; 'Root' alone names the root)"
    if len(names) > MAX_OU_DEPTH:
        return f"is {len(names)} levels deep; AWS nests OUs at most {MAX_OU_DEPTH} levels below the root"
    return None


def _plan_ous(ous, problems):
    if not isinstance(ous, list):
        problems.add("organization_ous: must be a list of {path: ..., tags: {...}}")
        return {}
    declared = {}
    for i, ou in enumerate(ous):
        var = f"organization_ous[{i}]"
        if isinstance(ou, str):
            ou = {"path": ou}
        if not isinstance(ou, dict):
            problems.add(f"{var}: must be a dict with a 'path' (got {ou!r})")
            continue
        extra = sorted(set(ou) - {"path", "tags"})
        if extra:
            problems.add(f"{var}: unknown key(s) {', '.join(extra)} (allowed: path, tags)")
        path = ou.get("path")
        why = ou_path_problem(path)
        if why:
            problems.add(f"{var}.path: '{path}' is not a well-formed OU path: it {why}")
            continue
        if path in declared:
            problems.add(f"{var}.path: '{path}' is listed twice")
            continue
        tags = ou.get("tags") or {}
        if not isinstance(tags, dict):
            problems.add(f"{var}.tags: must be a dict of tag key to value")
            tags = {}
        declared[path] = tags
    # Parents are created before children; a parent that is not listed is implied (and untagged).
    plan = {}
    for path in sorted(declared, key=lambda p: (p.count("/"), p)):
        names = path.split("/")
        for depth in range(1, len(names) + 1):
            sub = "/".join(names[:depth])
            if sub not in plan:
                plan[sub] = {
                    "path": sub,
                    "name": names[depth - 1],
                    "parent": "/".join(names[: depth - 1]) or ROOT,
                    "depth": depth,
                    "tags": declared.get(sub, {}),
                    "declared": sub in declared,
                }
    return plan


def _plan_accounts(accounts, ou_plan, problems):
    if not isinstance(accounts, list):
        problems.add("organization_accounts: must be a list of {name, email, ou, ...}")
        return []
    planned, names, emails, hosts = [], {}, {}, {}
    for i, account in enumerate(accounts):
        var = f"organization_accounts[{i}]"
        if not isinstance(account, dict):
            problems.add(f"{var}: must be a dict with name, email and ou (got {account!r})")
            continue
        extra = sorted(set(account) - set(ACCOUNT_KEYS))
        if extra:
            problems.add(f"{var}: unknown key(s) {', '.join(extra)} (allowed: {', '.join(ACCOUNT_KEYS)})")
        name = account.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_ACCOUNT_NAME:
            problems.add(f"{var}.name: must be 1-{MAX_ACCOUNT_NAME} characters (AWS limit), got {name!r}")
            continue
        label = f"{var} '{name}'"
        if name in names:
            problems.add(f"{label}: the name is already used by organization_accounts[{names[name]}]")
        names[name] = i
        management = bool(account.get("management", False))
        email = account.get("email")
        if email is not None or not management:
            if not isinstance(email, str) or not EMAIL.match(email):
                problems.add(f"{label}.email: {email!r} is not a valid email address (name@domain.tld)")
            elif not EMAIL_LENGTH[0] <= len(email) <= EMAIL_LENGTH[1]:
                problems.add(f"{label}.email: must be {EMAIL_LENGTH[0]}-{EMAIL_LENGTH[1]} characters (AWS limit)")
            elif email.lower() in emails:
                problems.add(
                    f"{label}.email: {email} is already the email of organization_accounts[{emails[email.lower()]}]; "
                    "every account needs its own email"
                )
            else:
                emails[email.lower()] = i
        ou = account.get("ou", ROOT if management else None)
        if ou is None:
            problems.add(f"{label}.ou: missing; name the OU path the account belongs in (or Root)")
        elif ou != ROOT and ou not in ou_plan:
            why = ou_path_problem(ou)
            detail = f"is not a well-formed OU path: it {why}" if why else "is not an OU of organization_ous"
            problems.add(f"{label}.ou: '{ou}' {detail}")
        if management and ou != ROOT:
            problems.add(f"{label}.ou: the management account stays at the root (got '{ou}')")
        host = account.get("host")
        if host is not None:
            if host in hosts:
                problems.add(f"{label}.host: {host} is already the host of organization_accounts[{hosts[host]}]")
            hosts[host] = i
        tags = account.get("tags") or {}
        if not isinstance(tags, dict):
            problems.add(f"{label}.tags: must be a dict of tag key to value")
            tags = {}
        entry = {
            "name": name,
            "email": email,
            "ou": ou,
            "host": host,
            "tags": tags,
            "management": management,
        }
        for key in ("role_name", "iam_user_access_to_billing"):
            if key in account:
                entry[key] = account[key]
        planned.append(entry)
    if sum(1 for a in planned if a["management"]) > 1:
        problems.add("organization_accounts: only one account can be the management account")
    return planned


def _policy_source(policy):
    for key in ("file", "template"):
        if key in policy:
            return f"{key} '{policy[key]}'"
    return "inline content"


def _check_targets(label, targets, ou_plan, account_names, problems):
    if targets is None:
        return {"ous": [], "accounts": []}
    if not isinstance(targets, dict):
        problems.add(f"{label}.targets: must be a dict with 'ous' and/or 'accounts' lists")
        return {"ous": [], "accounts": []}
    extra = sorted(set(targets) - set(TARGET_KEYS))
    if extra:
        problems.add(f"{label}.targets: unknown key(s) {', '.join(extra)} (allowed: ous, accounts)")
    ous = targets.get("ous") or []
    accounts = targets.get("accounts") or []
    if not isinstance(ous, list) or not isinstance(accounts, list):
        problems.add(f"{label}.targets: 'ous' and 'accounts' must be lists")
        return {"ous": [], "accounts": []}
    for ou in ous:
        if ou == ROOT or ou in ou_plan or (isinstance(ou, str) and (OU_ID.match(ou) or ROOT_ID.match(ou))):
            continue
        why = ou_path_problem(ou)
        detail = f"is not a well-formed OU path: it {why}" if why else "is not an OU of organization_ous"
        problems.add(f"{label}.targets.ous: '{ou}' {detail}")
    for account in accounts:
        if account in account_names or (isinstance(account, str) and ACCOUNT_ID.match(account)):
            continue
        problems.add(f"{label}.targets.accounts: '{account}' is not an account name of organization_accounts")
    return {"ous": list(dict.fromkeys(ous)), "accounts": list(dict.fromkeys(accounts))}


def _plan_policies(policies, documents, ou_plan, account_names, enabled_types, max_scp_size, problems):
    if not isinstance(policies, list):
        problems.add("organization_policies: must be a list of {name, type, file|template|content, targets}")
        return []
    planned, names = [], {}
    for i, policy in enumerate(policies):
        var = f"organization_policies[{i}]"
        if not isinstance(policy, dict):
            problems.add(f"{var}: must be a dict (got {policy!r})")
            continue
        name = policy.get("name")
        if not isinstance(name, str) or not POLICY_NAME.match(name):
            problems.add(f"{var}.name: must be 1-128 characters of letters, digits, spaces and +=,.@_-, got {name!r}")
            continue
        label = f"{var} '{name}'"
        if name in names:
            problems.add(f"{label}: the name is already used by organization_policies[{names[name]}]")
        names[name] = i
        extra = sorted(set(policy) - set(POLICY_KEYS))
        if extra:
            problems.add(f"{label}: unknown key(s) {', '.join(extra)} (allowed: {', '.join(POLICY_KEYS)})")
        policy_type = policy.get("type", SCP)
        if policy_type not in POLICY_TYPES:
            problems.add(f"{label}.type: '{policy_type}' must be one of {', '.join(POLICY_TYPES)}")
            continue
        if policy_type not in enabled_types:
            problems.add(
                f"{label}.type: {policy_type} is not in organization_enabled_policy_types {sorted(enabled_types)}"
            )
        description = policy.get("description", "")
        if not isinstance(description, str) or len(description) > 512:
            problems.add(f"{label}.description: must be a string of at most 512 characters (AWS limit)")
        sources = [k for k in SOURCE_KEYS if k in policy]
        if len(sources) != 1:
            problems.add(f"{label}: give exactly one of file, template or content (got {sources or 'none'})")
            continue
        where = f"{label} ({_policy_source(policy)})"
        text = policy["content"] if "content" in policy else (documents or {}).get(name)
        if text is None or text == "":
            problems.add(f"{where}: the document could not be read (missing or empty)")
            continue
        try:
            doc = load_policy(text)
        except PolicyDocumentError as e:
            problems.add(f"{where}: {e}")
            continue
        limit = max_scp_size if policy_type == SCP else None
        for error in validate_policy(doc, policy_type, max_size=limit):
            problems.add(f"{where}: {error}")
        tags = policy.get("tags") or {}
        if not isinstance(tags, dict):
            problems.add(f"{label}.tags: must be a dict of tag key to value")
            tags = {}
        planned.append(
            {
                "name": name,
                "type": policy_type,
                "description": description,
                "source": _policy_source(policy),
                "content": minify(doc),
                "targets": _check_targets(label, policy.get("targets"), ou_plan, account_names, problems),
                "tags": tags,
            }
        )
    return planned


def _check_scps_per_target(policies, max_scps_per_target, full_aws_access, problems):
    """Per root/OU/account, the SCPs the plan attaches (FullAWSAccess stays attached and counts) within the quota."""
    per_target = {}
    for policy in policies:
        if policy["type"] != SCP:
            continue
        for kind in TARGET_KEYS:
            for target in policy["targets"][kind]:
                per_target.setdefault((kind, target), []).append(policy["name"])
    counts = {}
    for (kind, target), names in sorted(per_target.items()):
        attached = (["FullAWSAccess"] if full_aws_access else []) + names
        what = f"{'OU' if kind == 'ous' else 'account'} '{target}'"
        counts[f"{kind}/{target}"] = len(attached)
        if len(attached) > max_scps_per_target:
            problems.add(
                f"organization_policies: {len(attached)} SCPs would be attached to {what} ({', '.join(attached)}), "
                f"over the limit of {max_scps_per_target} per target (organization_max_scps_per_target)"
            )
    return counts


def _plan_delegated(delegated, account_names, management, trusted, problems):
    if not isinstance(delegated, list):
        problems.add("organization_delegated_administrators: must be a list of {account, service_principals}")
        return []
    planned = []
    for i, entry in enumerate(delegated):
        var = f"organization_delegated_administrators[{i}]"
        if not isinstance(entry, dict):
            problems.add(f"{var}: must be a dict with account and service_principals")
            continue
        account = entry.get("account")
        if account not in account_names:
            problems.add(f"{var}.account: '{account}' is not an account name of organization_accounts")
        elif account in management:
            problems.add(f"{var}.account: '{account}' is the management account, which AWS cannot delegate to")
        principals = entry.get("service_principals")
        if not isinstance(principals, list) or not principals:
            problems.add(f"{var}.service_principals: must be a non-empty list")
            continue
        for principal in principals:
            if not isinstance(principal, str) or not SERVICE_PRINCIPAL.match(principal):
                problems.add(f"{var}.service_principals: '{principal}' is not a service principal (x.amazonaws.com)")
            elif principal not in trusted:
                problems.add(
                    f"{var}.service_principals: '{principal}' needs trusted access first; "
                    "add it to organization_trusted_services"
                )
            else:
                planned.append({"account": account, "service_principal": principal})
    return planned


def _check_org_settings(trusted, enabled_types, problems):
    if not isinstance(trusted, list):
        problems.add("organization_trusted_services: must be a list of service principals")
        trusted = []
    for principal in trusted:
        if not isinstance(principal, str) or not SERVICE_PRINCIPAL.match(principal):
            problems.add(f"organization_trusted_services: '{principal}' is not a service principal (x.amazonaws.com)")
    if not isinstance(enabled_types, list):
        problems.add("organization_enabled_policy_types: must be a list")
        enabled_types = []
    for policy_type in enabled_types:
        if policy_type not in POLICY_TYPES:
            problems.add(f"organization_enabled_policy_types: '{policy_type}' must be one of {', '.join(POLICY_TYPES)}")
    return trusted, enabled_types


def _check_regions(regions, problems):
    """The region SCP denies everything outside this list: an empty or misspelled list would lock accounts out."""
    if regions is None:
        return
    if not isinstance(regions, list) or not regions:
        problems.add(
            "organization_allowed_regions: must list at least one region (the region SCP denies every region not "
            "listed); it defaults to org_allowed_regions"
        )
        return
    unknown = [r for r in regions if region_problem(r)]
    if unknown:
        problems.add(f"organization_allowed_regions: {unknown} not known AWS regions")


def _positive_int(value, var, problems):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        problems.add(f"{var}: must be a positive integer, got {value!r}")
    return number


def organization_plan(
    ous,
    accounts=None,
    policies=None,
    documents=None,
    delegated_administrators=None,
    trusted_services=None,
    enabled_policy_types=None,
    max_scp_size=5120,
    max_scps_per_target=5,
    full_aws_access=True,
    allowed_regions=None,
):
    problems = _Problems()
    _check_regions(allowed_regions, problems)
    max_scp_size = _positive_int(max_scp_size, "organization_max_scp_size", problems)
    max_scps_per_target = _positive_int(max_scps_per_target, "organization_max_scps_per_target", problems)
    trusted, enabled_types = _check_org_settings(trusted_services or [], enabled_policy_types or [], problems)
    ou_plan = _plan_ous(ous or [], problems)
    planned_accounts = _plan_accounts(accounts or [], ou_plan, problems)
    account_names = {a["name"] for a in planned_accounts}
    management = {a["name"] for a in planned_accounts if a["management"]}
    planned_policies = _plan_policies(
        policies or [], documents, ou_plan, account_names, set(enabled_types), max_scp_size, problems
    )
    scp_counts = _check_scps_per_target(planned_policies, max_scps_per_target, full_aws_access, problems)
    delegated = _plan_delegated(delegated_administrators or [], account_names, management, set(trusted), problems)
    problems.raise_if_any()
    return {
        "ous": list(ou_plan.values()),
        "accounts": planned_accounts,
        "member_accounts": [a for a in planned_accounts if not a["management"]],
        "hosts": {a["host"]: a["name"] for a in planned_accounts if a["host"]},
        "policies": planned_policies,
        "scps_per_target": scp_counts,
        "delegated_administrators": delegated,
    }


def organization_policy_targets(policy, account_ids):
    """The module's target list for one planned policy: OU paths / Root as they are, account names as their ids.

    Accounts without an id yet (not created: --check on a new organization) are left out.
    """
    ids = account_ids or {}
    accounts = [ids.get(a, a if ACCOUNT_ID.match(str(a)) else "") for a in policy["targets"]["accounts"]]
    return list(policy["targets"]["ous"]) + [a for a in accounts if a]


def organization_account_id_mismatches(plan, account_ids, host_ids):
    """Accounts whose inventory host says another aws_account_id than the organization's: the lines to fix.

    ``host_ids`` is inventory host -> its aws_account_id; hosts not in the inventory and accounts without an id yet
    (not created: --check) are skipped.
    """
    ids, hosts = account_ids or {}, host_ids or {}
    out = []
    for account in plan["accounts"]:
        host, real = account.get("host"), ids.get(account["name"])
        if not host or host not in hosts or not real or str(hosts[host]) == str(real):
            continue
        out.append(
            {
                "host": host,
                "name": account["name"],
                "inventory_account_id": str(hosts[host]),
                "account_id": str(real),
                "line": f'{host}: {{aws_account_id: "{real}"}}',
            }
        )
    return out


class FilterModule:
    def filters(self):
        return {
            "organization_plan": organization_plan,
            "organization_policy_targets": organization_policy_targets,
            "organization_account_id_mismatches": organization_account_id_mismatches,
        }
