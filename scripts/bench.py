#!/usr/bin/env python3
"""Benchmark: wall time and API calls of a full converge from an empty local endpoint and of a no-op re-run.

Writes docs/BENCHMARKS.md. Run with `make bench` (which sets up and starts the endpoint first).
"""

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import recap

PORT = os.environ.get("PRODGRADE_EMULATOR_PORT", "5100")
ENDPOINT = f"http://127.0.0.1:{PORT}"
COMMAND = ["ansible-playbook", "site.yml", "-i", "inventories/local"]
# profile_tasks' summary lines: "role : task name ----- 18.37s"
SLOW_TASK = re.compile(r"^(.+?) -+ ([0-9.]+)s$", re.M)


def http(method, path):
    with urllib.request.urlopen(urllib.request.Request(ENDPOINT + path, method=method), timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None


def measure(name, log):
    http("DELETE", "/_prodgrade/calls")
    load_before = os.getloadavg()[0]
    start = time.monotonic()
    proc = subprocess.run(COMMAND, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    wall = time.monotonic() - start
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / log).write_text(proc.stdout)
    if proc.returncode:
        sys.exit(f"bench: {name} failed, see build/{log}")
    hosts = recap.recap(proc.stdout)
    calls = http("GET", "/_prodgrade/calls")
    return {
        "name": name,
        "wall": wall,
        "changed": sum(h["changed"] for h in hosts.values()),
        "hosts": len(hosts),
        "calls": calls,
        # Wall time on 2 shared cores depends on what else runs: the 1-minute load average says how busy it was.
        "load": (load_before, os.getloadavg()[0]),
        "slowest": SLOW_TASK.findall(proc.stdout.split("TASKS RECAP", 1)[-1])[:10],
    }


def table(results):
    rows = [
        "| run | wall time | API calls | changed | hosts in the recap | load average (1 min) before / after |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['name']} | {r['wall']:.1f} s | {r['calls']['total']} | {r['changed']} | {r['hosts']} "
            f"| {r['load'][0]:.1f} / {r['load'][1]:.1f} |"
        )
    return "\n".join(rows)


def top_operations(result, n=15):
    ops = sorted(result["calls"]["by_operation"].items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return "\n".join(f"| {op} | {count} |" for op, count in ops)


def slowest(result):
    return "\n".join(f"| {name.strip()} | {seconds} s |" for name, seconds in result["slowest"])


HISTORY = "## History (one line a run; wall times on 2 shared cores, see the load average)"


def history(results):
    """The earlier runs' lines of docs/BENCHMARKS.md's history, then this run's: a change's effect stays visible."""
    path = ROOT / "docs" / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else ""
    old = text.split(HISTORY, 1)[1] if HISTORY in text else ""
    lines = [line for line in old.strip().splitlines() if line.startswith("| 20")]
    converge, noop = results
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    lines.append(
        f"| {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} | {commit.stdout.strip() or '?'} "
        f"| {converge['wall']:.0f} s / {converge['calls']['total']} | {noop['wall']:.0f} s / {noop['calls']['total']} "
        f"| {converge['load'][0]:.1f} |"
    )
    header = "| measured (UTC) | commit | converge: wall / calls | no-op: wall / calls | load before |\n|---|---|---|---|---|"
    return header + "\n" + "\n".join(lines)


def main():
    http("POST", "/moto-api/reset")
    results = [
        measure("full converge (empty endpoint)", "bench-converge.log"),
        measure("no-op re-converge", "bench-noop.log"),
    ]
    if results[1]["changed"]:
        sys.exit(f"bench: the re-run changed {results[1]['changed']} things; see build/bench-noop.log")
    text = f"""# Benchmarks

Produced by `make bench` (scripts/bench.py): `{' '.join(COMMAND)}` against the local endpoint, first on empty
accounts, then again with nothing to change. API calls are counted by the endpoint itself
(`GET /_prodgrade/calls`), so they include STS and every read a module makes. The recap's hosts are the accounts
a layer touched plus, on the re-run, the app instances the dynamic inventory found (nothing to do on them locally:
no SSM agent answers there).

Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores,
Python {platform.python_version()}, forks from ansible.cfg.

{table(results)}

The local endpoint answers in milliseconds, so wall time here is mostly Ansible's own per-task cost
(module start-up, templating); the call counts carry over to AWS, where each call and each wait costs more.

## Calls by operation, full converge (top 15)

| operation | calls |
|---|---|
{top_operations(results[0])}

## Calls by operation, no-op re-converge (top 15)

| operation | calls |
|---|---|
{top_operations(results[1])}

## Slowest tasks, full converge (profile_tasks, all hosts of a task together)

| task | wall time |
|---|---|
{slowest(results[0])}

{HISTORY}

{history(results)}
"""
    (ROOT / "docs" / "BENCHMARKS.md").write_text(text)
    print(table(results))


if __name__ == "__main__":
    main()
