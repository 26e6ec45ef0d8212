# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Counts module runs per role and per action for scripts/bench.py.

A module run is one task result of a module that starts a process (every loop item counts); the actions Ansible
runs in the controller (set_fact, assert, debug, include_*, meta ...) are counted apart, as they cost
milliseconds. Written as JSON to $PRODGRADE_MODULE_RUNS_FILE at the end of the run.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: module_runs
type: aggregate
short_description: count module runs per role for the benchmark
description: Writes module runs per role and per action to the file named by PRODGRADE_MODULE_RUNS_FILE.
requirements: [enable in ansible.cfg or ANSIBLE_CALLBACKS_ENABLED]
"""

CONTROLLER_ACTIONS = {
    "set_fact",
    "assert",
    "debug",
    "fail",
    "include_role",
    "import_role",
    "include_tasks",
    "import_tasks",
    "include_vars",
    "meta",
    "set_stats",
    "validate_argument_spec",
    "add_host",
    "group_by",
    "pause",
}


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "module_runs"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.by_role = Counter()
        self.by_action = Counter()
        self.controller = 0

    def _count(self, result):
        task = result._task
        action = task.action.rsplit(".", 1)[-1]
        if action in CONTROLLER_ACTIONS:
            self.controller += 1
            return
        role = task._role.get_name() if task._role else "(playbook)"
        self.by_role[role.rsplit(".", 1)[-1]] += 1
        self.by_action[task.action] += 1

    def _whole(self, result):
        # A loop's items were counted one by one; its summary result is not another run.
        if not (result._task.loop and "results" in result._result):
            self._count(result)

    def v2_runner_on_ok(self, result):
        self._whole(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._whole(result)

    def v2_runner_item_on_ok(self, result):
        self._count(result)

    def v2_runner_item_on_failed(self, result):
        self._count(result)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("PRODGRADE_MODULE_RUNS_FILE")
        if not path:
            return
        data = {
            "module_runs": sum(self.by_role.values()),
            "controller_actions": self.controller,
            "by_role": dict(self.by_role.most_common()),
            "by_action": dict(self.by_action.most_common()),
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
