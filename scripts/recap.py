#!/usr/bin/env python3
"""Sum the PLAY RECAP of an ansible-playbook log: `recap.py LOG [--expect-changed 0]`.

Fails (exit 1) on a failed or unreachable host, and on an ignored or rescued task: the collection neither ignores
errors nor rescues them, so either one is a failure that a run would otherwise hide."""

import argparse
import re
import sys

LINE = re.compile(
    r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)"
    r"(?:\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+))?"
)
KEYS = ("ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored")
PROBLEMS = ("failed", "unreachable", "rescued", "ignored")


def recap(text):
    """{host: {ok, changed, unreachable, failed, skipped, rescued, ignored}} of every PLAY RECAP line."""
    hosts = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            hosts[m.group(1)] = dict(zip(KEYS, (int(v or 0) for v in m.groups()[1:])))
    return hosts


def main():
    p = argparse.ArgumentParser()
    p.add_argument("log")
    p.add_argument("--expect-changed", type=int)
    a = p.parse_args()
    hosts = recap(open(a.log).read())
    total = {k: sum(h[k] for h in hosts.values()) for k in KEYS}
    print(f"{len(hosts)} hosts: " + " ".join(f"{k}={v}" for k, v in total.items()))
    if not hosts or any(total[k] for k in PROBLEMS):
        sys.exit(1)
    if a.expect_changed is not None and total["changed"] != a.expect_changed:
        changed = [h for h, v in hosts.items() if v["changed"]]
        print(f"expected changed={a.expect_changed}, got {total['changed']} on {changed}")
        sys.exit(1)


if __name__ == "__main__":
    main()
