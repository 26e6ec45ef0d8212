#!/usr/bin/env python3
"""Sum the PLAY RECAP of an ansible-playbook log: `recap.py LOG [--expect-changed 0]`."""

import argparse
import re
import sys

LINE = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")


def recap(text):
    hosts = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            hosts[m.group(1)] = dict(zip(("ok", "changed", "unreachable", "failed"), map(int, m.groups()[1:])))
    return hosts


def main():
    p = argparse.ArgumentParser()
    p.add_argument("log")
    p.add_argument("--expect-changed", type=int)
    a = p.parse_args()
    hosts = recap(open(a.log).read())
    total = {k: sum(h[k] for h in hosts.values()) for k in ("ok", "changed", "unreachable", "failed")}
    print(f"{len(hosts)} hosts: " + " ".join(f"{k}={v}" for k, v in total.items()))
    if not hosts or total["failed"] or total["unreachable"]:
        sys.exit(1)
    if a.expect_changed is not None and total["changed"] != a.expect_changed:
        changed = [h for h, v in hosts.items() if v["changed"]]
        print(f"expected changed={a.expect_changed}, got {total['changed']} on {changed}")
        sys.exit(1)


if __name__ == "__main__":
    main()
