#!/usr/bin/env python3
"""Benchmark against the local endpoint: wall time, API calls and module runs of

- site: a full converge of site.yml from an empty endpoint and a no-op re-run;
- collection: the no-op of the ecia-prod network and workload layers alone (playbooks/network.yml and
  playbooks/workload.yml --limit ecia-prod), per resource;
- handwritten: tests/bench/handwritten_prod.yml, the same resources written as a plain amazon.aws /
  community.aws playbook, converge then no-op, in an account of its own, per resource;
- scale: the security baseline (playbooks/security.yml) on the 8 accounts plus N generated member accounts
  (created in the endpoint's organization, inventory in build/bench-inventory/), converge then no-op, per account.

All parts (the default) write docs/BENCHMARKS.md, keeping its history; `--only` runs some parts on whatever the
endpoint holds (a part that needs the converged estate builds it first, untimed) and writes
build/BENCHMARKS.partial.md instead. Run with `make bench` (which sets up and starts the endpoint first).
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import recap  # noqa: E402

PORT = os.environ.get("PRODGRADE_EMULATOR_PORT", "5100")
ENDPOINT = f"http://127.0.0.1:{PORT}"
BUILD = ROOT / "build"
DOC = ROOT / "docs" / "BENCHMARKS.md"
PLAYBOOK = str(ROOT / ".venv" / "bin" / "ansible-playbook")
if not os.path.exists(PLAYBOOK):
    PLAYBOOK = "ansible-playbook"

SITE = ["site.yml", "-i", "inventories/local"]
PROD = ["playbooks/network.yml", "playbooks/workload.yml", "-i", "inventories/local", "--limit", "ecia-prod"]
HANDWRITTEN = ["tests/bench/handwritten_prod.yml", "-i", "tests/bench/inventory.yml"]
SECURITY = "playbooks/security.yml"
SCALE_INVENTORY = BUILD / "bench-inventory"
# The accounts of inventories/local; generated members are added to the shared_services group, which the
# security baseline's every-account play targets.
SCALE_GROUP = "shared_services"
MEMBER_EMAIL = "bench-member-{:03d}@company.com"
PARTS = ("site", "collection", "handwritten", "scale")

# profile_tasks' summary lines: "role : task name ----- 18.37s"
SLOW_TASK = re.compile(r"^(.+?) -+ ([0-9.]+)s$", re.M)
# A task header followed (after its timestamp line) by a changed result.
CHANGED_TASK = re.compile(r"^TASK \[(.+?)\] \**\n(?:.*\n)??changed:", re.M)


def http(method, path):
    with urllib.request.urlopen(urllib.request.Request(ENDPOINT + path, method=method), timeout=60) as r:
        body = r.read()
    return json.loads(body) if body else None


def ansible_env(runs_file):
    env = dict(os.environ, PRODGRADE_EMULATOR_PORT=PORT, ANSIBLE_NOCOLOR="1")
    # Module runs per role (scripts/callback_plugins/module_runs.py) besides profile_tasks' timings.
    env["ANSIBLE_CALLBACK_PLUGINS"] = str(ROOT / "scripts" / "callback_plugins")
    env["ANSIBLE_CALLBACKS_ENABLED"] = "ansible.builtin.profile_tasks,module_runs"
    env["PRODGRADE_MODULE_RUNS_FILE"] = str(runs_file)
    return env


def measure(name, args, log, expect_noop=False):
    """Run ansible-playbook ARGS once; wall time, API calls (the endpoint's count), module runs, recap."""
    BUILD.mkdir(exist_ok=True)
    runs_file = BUILD / (log.removesuffix(".log") + ".module-runs.json")
    runs_file.unlink(missing_ok=True)
    http("DELETE", "/_prodgrade/calls")
    load_before = os.getloadavg()[0]
    print(f"bench: {name}: ansible-playbook {' '.join(args)}", flush=True)
    start = time.monotonic()
    proc = subprocess.run(
        [PLAYBOOK, *args],
        cwd=ROOT,
        env=ansible_env(runs_file),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    wall = time.monotonic() - start
    (BUILD / log).write_text(proc.stdout)
    if proc.returncode:
        sys.exit(f"bench: {name} failed, see build/{log}")
    hosts = recap.recap(proc.stdout)
    calls = http("GET", "/_prodgrade/calls")
    runs = json.loads(runs_file.read_text()) if runs_file.exists() else {"module_runs": 0, "by_role": {}}
    result = {
        "name": name,
        "command": "ansible-playbook " + " ".join(args),
        "wall": wall,
        "changed": sum(h["changed"] for h in hosts.values()),
        "hosts": len(hosts),
        "calls": calls,
        "module_runs": runs["module_runs"],
        "controller_actions": runs.get("controller_actions", 0),
        "by_role": runs["by_role"],
        # Wall time on 2 shared cores depends on what else runs: the 1-minute load average says how busy it was.
        "load": (load_before, os.getloadavg()[0]),
        "slowest": SLOW_TASK.findall(proc.stdout.split("TASKS RECAP", 1)[-1])[:10],
        "changed_tasks": sorted(set(CHANGED_TASK.findall(proc.stdout))),
    }
    print(
        f"bench: {name}: {wall:.1f} s, {calls['total']} calls, {result['module_runs']} module runs, "
        f"changed={result['changed']}",
        flush=True,
    )
    if expect_noop and result["changed"]:
        sys.exit(f"bench: {name} changed {result['changed']} things; see build/{log}")
    return result


def setup(args, log):
    """An untimed run that builds what a part measures on (with --only on an endpoint that lacks it)."""
    print(f"bench: setup: ansible-playbook {' '.join(args)}", flush=True)
    proc = subprocess.run(
        [PLAYBOOK, *args], cwd=ROOT, env=dict(os.environ, PRODGRADE_EMULATOR_PORT=PORT), capture_output=True, text=True
    )
    (BUILD / log).write_text(proc.stdout + proc.stderr)
    if proc.returncode:
        sys.exit(f"bench: setup failed, see build/{log}")


# ---------------------------------------------------------------------------------------------------- AWS helpers


def aws(service):
    import boto3  # only the parts that talk to the organization need it

    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def organization_exists():
    try:
        aws("organizations").describe_organization()
        return True
    except Exception:  # AWSOrganizationsNotInUseException, or no endpoint
        return False


def ensure_members(count):
    """COUNT generated member accounts in the organization (bench-member-NNN@company.com), created when missing;
    returns [(host, account id)] in order."""
    org = aws("organizations")
    existing = {}
    for page in org.get_paginator("list_accounts").paginate():
        existing.update({a["Email"]: a["Id"] for a in page["Accounts"]})
    members = []
    for i in range(1, count + 1):
        email = MEMBER_EMAIL.format(i)
        if email not in existing:
            status = org.create_account(Email=email, AccountName=f"Bench Member {i:03d}")["CreateAccountStatus"]
            for _ in range(60):
                if status["State"] != "IN_PROGRESS":
                    break
                time.sleep(1)
                status = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
            if status["State"] != "SUCCEEDED":
                sys.exit(f"bench: creating {email} failed: {status}")
            existing[email] = status["AccountId"]
        members.append((f"bench-member-{i:03d}", existing[email]))
    return members


def scale_inventory(members):
    """inventories/local's accounts plus MEMBERS in the shared_services group, with its group_vars."""
    hosts = yaml.safe_load((ROOT / "inventories" / "local" / "hosts.yml").read_text())
    group = hosts["all"]["children"][SCALE_GROUP].setdefault("hosts", {})
    group.update({host: {"aws_account_id": account} for host, account in members})
    SCALE_INVENTORY.mkdir(parents=True, exist_ok=True)
    link = SCALE_INVENTORY / "group_vars"
    if not link.is_symlink():
        link.symlink_to(os.path.relpath(ROOT / "inventories" / "local" / "group_vars", SCALE_INVENTORY))
    path = SCALE_INVENTORY / "hosts.yml"
    path.write_text(
        "---\n# Generated by scripts/bench.py (scale): inventories/local's accounts and the bench's member accounts.\n"
        + yaml.safe_dump(hosts, sort_keys=False)
    )
    return sum(1 for _ in _hosts(hosts["all"]))


def _hosts(group):
    yield from (group.get("hosts") or {})
    for child in (group.get("children") or {}).values():
        yield from _hosts(child or {})


def self_signed_certificate():
    """A throwaway certificate for the hand-written playbook's HTTPS listener (the collection's role imports one of
    its own on the local endpoint alike)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    out = BUILD / "bench-handwritten"
    if (out / "cert.pem").exists():
        return  # the same certificate every run, so the no-op re-imports nothing
    out.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hw-prod.ecia.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("hw-prod.ecia.test")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (out / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (out / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def resources():
    data = yaml.safe_load((ROOT / "tests" / "bench" / "resources.yml").read_text())["resources"]
    return {side: sum(r[side] for r in data) for side in ("collection", "handwritten")}


# ---------------------------------------------------------------------------------------------------- the parts


def part_site(results):
    http("POST", "/moto-api/reset")
    results["site"] = [
        measure("full converge (empty endpoint)", SITE, "bench-converge.log"),
        measure("no-op re-converge", SITE, "bench-noop.log", expect_noop=True),
    ]


def part_collection(results):
    if "site" not in results and not organization_exists():
        setup(SITE, "bench-setup-site.log")
    results["collection"] = measure("ecia-prod network + workload no-op", PROD, "bench-prod-noop.log", expect_noop=True)


def part_handwritten(results):
    self_signed_certificate()
    results["handwritten"] = [
        measure("hand-written converge", HANDWRITTEN, "bench-handwritten-converge.log"),
        # Not required to be changed=0: amazon.aws.autoscaling_group reports a change on every run here (see the
        # report's note); the baseline stays as a user writes it.
        measure("hand-written no-op", HANDWRITTEN, "bench-handwritten-noop.log"),
    ]


def part_scale(results, counts):
    if "site" not in results and not organization_exists():
        setup(
            ["playbooks/organization.yml", "playbooks/landing_zone.yml", SECURITY, "-i", "inventories/local"],
            "bench-setup-security.log",
        )
    results["scale"] = []
    for n in sorted(counts):
        accounts = scale_inventory(ensure_members(n))
        args = [SECURITY, "-i", str((SCALE_INVENTORY / "hosts.yml").relative_to(ROOT))]
        converge = measure(f"security baseline, {accounts} accounts (+{n}): converge", args, f"bench-scale-{n}.log")
        noop = measure(f"security baseline, {accounts} accounts (+{n}): no-op", args, f"bench-scale-{n}-noop.log", True)
        results["scale"].append({"extra": n, "accounts": accounts, "converge": converge, "noop": noop})


# ---------------------------------------------------------------------------------------------------- the report


def table(runs):
    rows = [
        "| run | wall time | API calls | module runs | changed | hosts in the recap | load average (1 min) before / after |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        rows.append(
            f"| {r['name']} | {r['wall']:.1f} s | {r['calls']['total']} | {r['module_runs']} | {r['changed']} "
            f"| {r['hosts']} | {r['load'][0]:.1f} / {r['load'][1]:.1f} |"
        )
    return "\n".join(rows)


def top_operations(result, n=15):
    ops = sorted(result["calls"]["by_operation"].items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return "| operation | calls |\n|---|---|\n" + "\n".join(f"| {op} | {count} |" for op, count in ops)


def slowest(result):
    return "| task | wall time |\n|---|---|\n" + "\n".join(
        f"| {name.strip()} | {seconds} s |" for name, seconds in result["slowest"]
    )


def by_role(runs):
    """Module runs per role, one column per run."""
    roles = sorted(
        {role for r in runs for role in r["by_role"]}, key=lambda role: -max(r["by_role"].get(role, 0) for r in runs)
    )
    rows = ["| role | " + " | ".join(r["name"] for r in runs) + " |", "|---|" + "---|" * len(runs)]
    rows += [f"| {role} | " + " | ".join(str(r["by_role"].get(role, 0)) for r in runs) + " |" for role in roles]
    rows.append("| **total** | " + " | ".join(f"**{r['module_runs']}**" for r in runs) + " |")
    return "\n".join(rows)


def per_resource(results):
    counts = resources()
    collection, hand_noop = results["collection"], results["handwritten"][1]
    rows = [
        "| no-op run | resources | wall time | API calls | module runs | seconds per resource | calls per resource |",
        "|---|---|---|---|---|---|---|",
    ]
    for r, n in ((collection, counts["collection"]), (hand_noop, counts["handwritten"])):
        rows.append(
            f"| {r['name']} | {n} | {r['wall']:.1f} s | {r['calls']['total']} | {r['module_runs']} "
            f"| {r['wall'] / n:.2f} s | {r['calls']['total'] / n:.1f} |"
        )
    ratio = (collection["wall"] / counts["collection"]) / (hand_noop["wall"] / counts["handwritten"])
    return "\n".join(rows), ratio


def scale_table(scale):
    rows = [
        "| accounts (extra) | converge: wall / calls / module runs | no-op: wall / calls / module runs "
        "| no-op per account: seconds / calls / module runs |",
        "|---|---|---|---|",
    ]
    for s in scale:
        c, n, a = s["converge"], s["noop"], s["accounts"]
        rows.append(
            f"| {a} (+{s['extra']}) | {c['wall']:.0f} s / {c['calls']['total']} / {c['module_runs']} "
            f"| {n['wall']:.0f} s / {n['calls']['total']} / {n['module_runs']} "
            f"| {n['wall'] / a:.1f} s / {n['calls']['total'] / a:.0f} / {n['module_runs'] / a:.0f} |"
        )
    return "\n".join(rows)


HISTORY = "## History (one line a run; wall times on 2 shared cores, see the load average)"
HISTORY_HEADER = (
    "| measured (UTC) | commit | converge: wall / calls / module runs | no-op: wall / calls / module runs "
    "| prod no-op per resource: collection / hand-written | security no-op per account: fewest / most accounts "
    "| load before |\n|---|---|---|---|---|---|---|"
)


# The commit measured is the one checked out when the run starts (a run takes many minutes).
COMMIT = subprocess.run(
    ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
).stdout.strip()


def pad_row(line, columns):
    """A history row of an older run, with "-" in the columns it did not measure (before its last, the load)."""
    cells = line.strip().strip("|").split("|")
    missing = columns - len(cells)
    return "|" + "|".join(cells[:-1] + [" - "] * missing + cells[-1:]) + "|" if missing > 0 else line


def history(results):
    """The earlier runs' lines of docs/BENCHMARKS.md's history, then this run's: a change's effect stays visible."""
    text = DOC.read_text() if DOC.exists() else ""
    old = text.split(HISTORY, 1)[1] if HISTORY in text else ""
    columns = HISTORY_HEADER.splitlines()[0].count("|") - 1
    lines = [pad_row(line, columns) for line in old.strip().splitlines() if line.startswith("| 20")]
    converge, noop = results["site"]
    prod = ""
    if "collection" in results and "handwritten" in results:
        counts = resources()
        prod = (
            f"{results['collection']['wall'] / counts['collection']:.2f} s / "
            f"{results['handwritten'][1]['wall'] / counts['handwritten']:.2f} s"
        )
    scale = ""
    if results.get("scale"):
        ends = [results["scale"][0], results["scale"][-1]]
        scale = " / ".join(f"{e['noop']['wall'] / e['accounts']:.1f} s ({e['accounts']})" for e in ends)
    lines.append(
        f"| {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} | {COMMIT or '?'} "
        f"| {converge['wall']:.0f} s / {converge['calls']['total']} / {converge['module_runs']} "
        f"| {noop['wall']:.0f} s / {noop['calls']['total']} / {noop['module_runs']} | {prod} | {scale} "
        f"| {converge['load'][0]:.1f} |"
    )
    return HISTORY_HEADER + "\n" + "\n".join(lines)


def report(results, partial):
    parts = []
    head = f"""# Benchmarks

Produced by `make bench` (scripts/bench.py) against the local endpoint. API calls are counted by the endpoint
itself (`GET /_prodgrade/calls`), so they include STS and every read a module makes. Module runs are the task
results of modules that start a Python process (each loop item counts; set_fact, assert, include_* and the like
run in the controller in milliseconds and are not counted), from scripts/callback_plugins/module_runs.py: on 2
cores, wall time follows them.

Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores,
Python {platform.python_version()}, forks from ansible.cfg.{' Partial run (`--only`): not docs/BENCHMARKS.md.' if partial else ''}
"""
    parts.append(head)
    if "site" in results:
        site = results["site"]
        parts.append(f"""## Whole site

`ansible-playbook {' '.join(SITE)}`, first on empty accounts, then again with nothing to change. The recap's
hosts are the accounts a layer touched plus, on the re-run, the app instances the dynamic inventory found (nothing
to do on them locally: no SSM agent answers there).

{table(site)}

The local endpoint answers in milliseconds, so wall time here is mostly Ansible's own per-task cost
(module start-up, templating); the call counts carry over to AWS, where each call and each wait costs more.

### Module runs by role

{by_role(site)}

### Calls by operation, full converge (top 15)

{top_operations(site[0])}

### Calls by operation, no-op re-converge (top 15)

{top_operations(site[1])}

### Slowest tasks, full converge (profile_tasks, all hosts of a task together)

{slowest(site[0])}
""")
    if "collection" in results or "handwritten" in results:
        runs = ([results["collection"]] if "collection" in results else []) + results.get("handwritten", [])
        text = f"""## ecia-prod network and workload: the collection against a hand-written playbook

The collection: `ansible-playbook {' '.join(PROD)}` on the converged estate. The baseline:
tests/bench/handwritten_prod.yml, the same resources as a user would write them with amazon.aws and community.aws
modules only, one task per resource (a loop where they are alike), in an account of its own on the same endpoint
(`ansible-playbook {' '.join(HANDWRITTEN)}`), converged then re-run. tests/bench/resources.yml lists the resources
each side manages, which the per-resource figures divide by. Issue 12's target: the collection's seconds per
resource at most half the hand-written playbook's.

{table(runs)}
"""
        if "collection" in results and "handwritten" in results:
            rows, ratio = per_resource(results)
            text += f"""
{rows}

The collection's no-op costs **{ratio:.2f}x** the hand-written one's per resource.
"""
        hand = results.get("handwritten", [{}, {}])[1]
        if hand.get("changed"):
            text += (
                f"\nThe hand-written re-run reported changed={hand['changed']} ({', '.join(hand['changed_tasks'])}):"
                " as written, with nothing to change.\n"
            )
        text += f"""
### Module runs by role

{by_role(runs)}
"""
        parts.append(text)
    if "scale" in results:
        parts.append(f"""## Scale: the security baseline on more accounts

`ansible-playbook {SECURITY} -i build/bench-inventory/hosts.yml`: inventories/local's 8 accounts plus N member
accounts bench creates in the endpoint's organization (Organizations CreateAccount, emails
`{MEMBER_EMAIL.format(1).replace('001', 'NNN')}`), listed in the {SCALE_GROUP} group of a generated inventory.
Converge (the new accounts' first run; the others have nothing to change), then a no-op. Per account: the
no-op's figures divided by the number of accounts, the three organization-wide plays included.

{scale_table(results['scale'])}
""")
    if not partial:
        parts.append(f"{HISTORY}\n\n{history(results)}\n")
    return "\n".join(parts)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--only",
        help=f"comma-separated parts to run, of {','.join(PARTS)} (default: all, in that order; writes "
        "build/BENCHMARKS.partial.md, not docs/BENCHMARKS.md)",
    )
    p.add_argument(
        "--scale",
        default="4,16",
        help="extra member accounts of the scale part, comma-separated (default 4,16); each step adds to the last",
    )
    a = p.parse_args()
    only = [part for part in (a.only or "").split(",") if part]
    unknown = set(only) - set(PARTS)
    if unknown:
        p.error(f"--only: unknown part(s) {sorted(unknown)}; parts are {', '.join(PARTS)}")
    try:
        counts = [int(n) for n in a.scale.split(",") if n.strip()]
    except ValueError:
        p.error(f"--scale: '{a.scale}' must be comma-separated numbers of accounts, e.g. 4,16")
    if any(n < 0 for n in counts) or not counts:
        p.error("--scale: give at least one number of accounts, none negative")
    parts = only or list(PARTS)
    try:
        http("GET", "/_prodgrade/calls")
    except (urllib.error.URLError, OSError) as e:
        sys.exit(f"bench: no endpoint on {ENDPOINT} ({e}); start it with `emulator/ctl start`")

    results = {}
    for part in PARTS:
        if part not in parts:
            continue
        if part == "scale":
            part_scale(results, counts)
        else:
            {"site": part_site, "collection": part_collection, "handwritten": part_handwritten}[part](results)
        BUILD.mkdir(exist_ok=True)
        (BUILD / "bench-results.json").write_text(json.dumps(results, indent=1))

    partial = set(parts) != set(PARTS)
    out = BUILD / "BENCHMARKS.partial.md" if partial else DOC
    out.write_text(report(results, partial))
    print(f"bench: wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
