"""Day-2 tags (README "Day-2 commands"): every task of every layer can be picked by its layer and its concern.

The playbooks and role task files are walked the way Ansible inherits tags: a task gets the tags of its own line,
of the static imports and blocks around it, of the ``apply`` of a dynamic include, of its ``roles:`` entry and of
its play, never those of the include line itself (that line only decides whether the include runs). Asserted:

- every task reached from site.yml carries its role's name (the layer tag) or ``always``;
- input validation and the session roles (account_session, security_context) are ``always`` (they run under
  any tag), and every line of a play carries a tag;
- a tag on a task is also on every include line on its path (else ``--tags X`` would never reach it);
- in a role with concern tags, every task that builds (not the teardown) carries one of them, or its layer tag
  on its own line (it runs with the whole layer only);
- the tags used are exactly the README's vocabulary, per role;
- a concern also runs whatever sets a fact its tasks read (register, set_fact, read directly or through the role's
  vars/main.yml): ``--tags scaling`` must find the target group the ASG is attached to;
- ``ansible-playbook site.yml --list-tasks --tags alarms`` selects only alarm and ``always`` tasks (a few seconds,
  no endpoint).
"""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ANSIBLE_PLAYBOOK = ROOT / ".venv" / "bin" / "ansible-playbook"
ALWAYS = "always"
SESSION_ROLES = {"account_session", "security_context"}


def _actions(short):
    return {short, f"ansible.builtin.{short}", f"ansible.legacy.{short}"}


IMPORT_TASKS, INCLUDE_TASKS = _actions("import_tasks"), _actions("include_tasks")
IMPORT_ROLE, INCLUDE_ROLE = _actions("import_role"), _actions("include_role")
IMPORT_PLAYBOOK = _actions("import_playbook")


def _tags(value):
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(t.strip() for t in value.split(",") if t.strip())
    return frozenset(value)


def _load(path):
    return yaml.safe_load(path.read_text()) or []


@dataclass(frozen=True)
class Task:
    name: str
    role: str  # '' outside roles
    files: tuple  # task files on the path, outermost first
    tags: frozenset  # effective tags
    explicit: frozenset  # tags set on the task's own line, its imports, applies and the caller's import_role
    gates: tuple  # effective tags of every dynamic include line on the path
    text: str = ""  # the task as YAML, to find the facts it reads
    defines: frozenset = frozenset()  # the facts it sets (register, set_fact)


@dataclass(frozen=True)
class Ctx:
    tags: frozenset = frozenset()
    explicit: frozenset = frozenset()
    role: str = ""
    files: tuple = ()
    gates: tuple = ()


def _role_name(name):
    return name.split(".")[-1]


def _role_file(role, tasks_from="main"):
    name = tasks_from if tasks_from.endswith((".yml", ".yaml")) else f"{tasks_from}.yml"
    return ROOT / "roles" / role / "tasks" / name


def _walk_tasks(tasks, ctx, out, here):
    for task in tasks or []:
        own = _tags(task.get("tags"))
        if "block" in task:
            for key in ("block", "rescue", "always"):
                _walk_tasks(task.get(key), _with(ctx, own), out, here)
            continue
        action = next((k for k in task if k in IMPORT_TASKS | INCLUDE_TASKS | IMPORT_ROLE | INCLUDE_ROLE), None)
        effective = ctx.tags | own
        if action is None:
            facts = task.get("ansible.builtin.set_fact") or task.get("set_fact") or {}
            defines = frozenset(([task["register"]] if "register" in task else []) + list(facts))
            text = yaml.safe_dump(task)
            out.append(
                Task(
                    task.get("name", "?"), ctx.role, ctx.files, effective, ctx.explicit | own, ctx.gates, text, defines
                )
            )
            continue
        arg = task[action]
        if action in IMPORT_TASKS | INCLUDE_TASKS:
            fname = arg if isinstance(arg, str) else arg["file"]
            path = here.parent / fname if (here.parent / fname).exists() else _role_file(ctx.role, fname)
            targets = [(ctx.role, path)]
        else:
            names = [arg["name"]]
            if "{{ item }}" in arg["name"]:
                names = [arg["name"].replace("{{ item }}", item) for item in task["loop"]]
            targets = [(_role_name(n), _role_file(_role_name(n), arg.get("tasks_from", "main"))) for n in names]
        for role, path in targets:
            if action in IMPORT_TASKS | IMPORT_ROLE:
                inner = _with(ctx, own)
            else:
                # The include line's own tags decide whether it runs; its tasks get only the apply tags.
                target = ctx.files + (path.relative_to(ROOT).as_posix(),)
                out.append(Task(task.get("name", "?"), ctx.role, target, effective, ctx.explicit | own, ctx.gates))
                applied = _tags((arg.get("apply") or {}).get("tags") if isinstance(arg, dict) else None)
                inner = Ctx(ctx.tags | applied, ctx.explicit | applied, ctx.role, ctx.files, ctx.gates + (effective,))
            if role != ctx.role:
                inner = Ctx(
                    inner.tags,
                    inner.explicit | (own if action in IMPORT_ROLE else frozenset()),
                    role,
                    inner.files,
                    inner.gates,
                )
            inner = Ctx(
                inner.tags, inner.explicit, inner.role, inner.files + (path.relative_to(ROOT).as_posix(),), inner.gates
            )
            _walk_tasks(_load(path), inner, out, path)


def _with(ctx, tags):
    return Ctx(ctx.tags | tags, ctx.explicit | tags, ctx.role, ctx.files, ctx.gates)


def walk_playbook(path, out, inherited=frozenset()):
    for play in _load(path):
        action = next((k for k in play if k in IMPORT_PLAYBOOK), None)
        if action:
            walk_playbook(path.parent / play[action], out, inherited | _tags(play.get("tags")))
            continue
        play_tags = inherited | _tags(play.get("tags"))
        sections = [
            ("pre_tasks", play.get("pre_tasks")),
            ("roles", play.get("roles")),
            ("tasks", play.get("tasks")),
            ("post_tasks", play.get("post_tasks")),
        ]
        for section, items in sections:
            if section != "roles":
                _walk_tasks(items, Ctx(tags=play_tags), out, path)
                continue
            for entry in items or []:
                entry = {"role": entry} if isinstance(entry, str) else entry
                role = _role_name(entry.get("role") or entry["name"])
                path_ = _role_file(role)
                ctx = Ctx(
                    play_tags | _tags(entry.get("tags")), frozenset(), role, (path_.relative_to(ROOT).as_posix(),)
                )
                _walk_tasks(_load(path_), ctx, out, path_)
    return out


TASKS = walk_playbook(ROOT / "site.yml", [])


def _readme_vocabulary():
    """{layer tag: (group tags, concern tags)} from the README's Day-2 table."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Day-2 commands", 1)[1].split("\n## ", 1)[0]
    vocabulary = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or not cells[0].startswith("`"):
            continue
        words = [re.findall(r"`([a-z_0-9]+)`", c) for c in cells]
        vocabulary[words[0][0]] = (set(words[1]), set(words[2]))
    return vocabulary


VOCABULARY = _readme_vocabulary()


def _label(task):
    return f"{' > '.join(task.files)}: {task.name}"


def test_the_walk_reaches_every_layer():
    roles = {t.role for t in TASKS}
    assert roles >= {p.name for p in (ROOT / "roles").iterdir() if (p / "tasks" / "main.yml").exists()} - {
        "compliance_report"  # playbooks/ops/compliance_report.yml only, not a layer of site.yml
    }
    assert len(TASKS) > 300


def test_every_role_task_carries_its_layer_tag():
    missing = [_label(t) for t in TASKS if t.role and t.role not in t.tags and ALWAYS not in t.tags]
    assert not missing, "tasks without their layer's tag (tag the roles: entry or the include_role's apply):\n" + (
        "\n".join(missing)
    )


def test_validation_sessions_and_playbook_checks_run_under_any_tag():
    sessions = [t for t in TASKS if t.role in SESSION_ROLES]
    assert len(sessions) > 10
    missing = [_label(t) for t in sessions if ALWAYS not in t.tags]
    assert not missing, "must be tagged always:\n" + "\n".join(missing)
    # A validation runs whenever a task of the file that imports it runs: always, or (in a file only some concerns
    # include, e.g. tasks_from: delegate) every tag of those tasks.
    checks = [t for t in TASKS if t.files and t.files[-1].endswith("/validate.yml")]
    assert len(checks) > 30
    problems = []
    for check in checks:
        if ALWAYS in check.tags:
            continue
        guarded = [t for t in TASKS if t.files[: len(check.files) - 1] == check.files[:-1] and t is not check]
        for task in guarded:
            if task.tags - check.tags - {ALWAYS}:
                problems.append(f"{_label(check)} does not run with {_label(task)} ({sorted(task.tags - check.tags)})")
    assert not problems, "\n".join(problems)
    # A play's own tasks and include lines: always, or the tags of what they run.
    untagged = [f"{t.files or 'play'}: {t.name}" for t in TASKS if not t.role and not t.tags]
    assert not untagged, "play-level tasks without tags:\n" + "\n".join(untagged)


def test_every_tag_of_a_task_reaches_it_through_its_includes():
    problems = []
    for task in TASKS:
        for tag in task.tags - {ALWAYS}:
            for gate in task.gates:
                if tag not in gate and ALWAYS not in gate:
                    problems.append(f"{_label(task)}: {tag} (an include on its path lacks it: {sorted(gate)})")
                    break
        if ALWAYS in task.tags and any(ALWAYS not in gate for gate in task.gates):
            problems.append(f"{_label(task)}: always (an include on its path is not always)")
    assert not problems, "\n".join(problems)


def test_every_building_task_of_a_role_with_concerns_carries_a_concern():
    problems = []
    for task in TASKS:
        concerns = VOCABULARY.get(task.role, (set(), set()))[1]
        if not concerns or ALWAYS in task.tags or any("absent" in Path(f).name for f in task.files):
            continue
        if not (task.explicit & concerns) and task.role not in task.explicit:
            problems.append(_label(task))
    assert not problems, (
        "tasks without a concern tag (give the import/include line one of its role's concerns, or the layer tag "
        "if only a whole-layer run should touch it):\n" + "\n".join(problems)
    )


def test_the_tags_are_the_readme_vocabulary():
    assert VOCABULARY, "README.md: no Day-2 commands table"
    used = {}
    for task in TASKS:
        if task.role:
            used.setdefault(task.role, set()).update(task.tags - {ALWAYS})
    for role, tags in used.items():
        if role in SESSION_ROLES:
            continue
        assert role in VOCABULARY, f"{role}: no row in README's Day-2 table"
        groups, concerns = VOCABULARY[role]
        assert tags - {role} == groups | concerns, f"{role}: tasks carry {sorted(tags - {role})}, README says " + (
            f"{sorted(groups | concerns)}"
        )
    assert set(VOCABULARY) - SESSION_ROLES <= set(used), "README lists a layer site.yml does not run"


def test_ansible_selects_only_the_concern_and_always():
    pytest.importorskip("ansible")
    run = subprocess.run(
        [str(ANSIBLE_PLAYBOOK), "site.yml", "-i", "inventories/local/hosts.yml", "--list-tasks", "--tags", "alarms"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    listed = re.findall(r"^\s{6}(.+?)\tTAGS: \[(.*)\]$", run.stdout, re.M)
    assert listed, run.stdout[-2000:]
    for name, tags in listed:
        tags = {t.strip() for t in tags.split(",")}
        assert tags & {"alarms", ALWAYS}, f"--tags alarms would run {name} ({sorted(tags)})"
    names = [name for name, _rest in listed]
    assert "prodgrade.aws.cis_monitoring : Metric filters and alarms" in names
    assert "prodgrade.aws.observability : Build the observability layer" in names


FACT = re.compile(r"\b(__[a-z0-9_]+)\b")


def _vars_closure(role):
    """Internal vars of roles/<role>/vars/main.yml -> every internal name each one reads, transitively."""
    path = ROOT / "roles" / role / "vars" / "main.yml"
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    direct = {k: set(FACT.findall(yaml.safe_dump(v))) for k, v in (data or {}).items()}
    closure = {}
    for name in direct:
        seen, todo = set(), [name]
        while todo:
            for ref in direct.get(todo.pop(), ()):
                if ref not in seen:
                    seen.add(ref)
                    todo.append(ref)
        closure[name] = seen
    return closure


def test_a_concern_also_runs_the_tasks_that_set_the_facts_it_reads():
    """--tags X must run what sets a fact an X task reads (e.g. the target group's ARN before the ASG)."""
    problems = []
    for role in sorted({t.role for t in TASKS if t.role}):
        tasks = [t for t in TASKS if t.role == role and not any("absent" in Path(f).name for f in t.files)]
        closure = _vars_closure(role)
        setters = {}
        for task in tasks:
            for name in task.defines:
                setters.setdefault(name, []).append(task)
        layer = {role} | VOCABULARY.get(role, (set(), set()))[0]
        for task in tasks:
            if ALWAYS in task.tags:
                continue
            # Internal facts by their prefix; exported ones (role-prefixed, e.g. backup_dr_kms_key_arns) by name.
            reads = set(FACT.findall(task.text)) | {n for n in setters if re.search(rf"\b{n}\b", task.text)}
            for name in list(reads):
                reads |= closure.get(name, set())
            for name in sorted(reads - task.defines):
                if f"{name} is defined" in task.text:
                    continue  # the task itself handles the fact's absence (e.g. data_tier's wait without rds)
                found = [s for s in setters.get(name, []) if s is not task]
                if not found:
                    continue
                for tag in sorted(task.tags - layer - {ALWAYS}):
                    if not any(tag in s.tags or ALWAYS in s.tags for s in found):
                        problems.append(f"{_label(task)}: --tags {tag} skips what sets {name} ({_label(found[0])})")
    assert not problems, "\n".join(problems)
