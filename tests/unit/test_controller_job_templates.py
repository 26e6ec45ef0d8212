"""The AWX / Automation Controller data (playbooks/vars/controller.yml) against the runbooks it launches.

- Every playbook in playbooks/ops/ has exactly one job template, and every template's playbook exists.
- Every survey variable (and every template extra variable) is one the runbook reads: a name used in its Jinja
  expressions or conditionals, a play variable it lets extra vars override, or an option of a role it applies.
- Every variable the runbook requires without a default (``X is defined`` in the ``that`` of its checks, and a
  role option marked required that the role's defaults do not fill) is a required survey question; where the check
  names the allowed values (``X in ['a', 'b']``) the question's choices are exactly those.
- Inventory sources are files of the repo; credentials are referenced by a name the data defines, never with secrets.
- playbooks/controller.yml passes ``--syntax-check``, and without controller_host it fails in its first task, with
  a message naming controller_host, before any call to a Controller.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OPS = ROOT / "playbooks" / "ops"
DATA = yaml.safe_load((ROOT / "playbooks" / "vars" / "controller.yml").read_text())
TEMPLATES = DATA["controller_job_templates"]
ANSIBLE_PLAYBOOK = ROOT / ".venv" / "bin" / "ansible-playbook"

# AWX's survey question types (awx/main/models/mixins.py, SurveyJobTemplateMixin).
SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}
CONDITIONAL_KEYS = {"when", "that", "until", "failed_when", "changed_when"}
JINJA = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.S)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
NAME = re.compile(r"(?<![.\w])([A-Za-z_]\w*)")
SECRET = re.compile(r"password|secret|token|private_key")


def _names(expression: str) -> set:
    """Variable-like names in a Jinja expression (string literals and attribute names left out)."""
    return set(NAME.findall(QUOTED.sub("''", expression)))


def _walk(node, key=None):
    """Yield (key, string) for every string in a parsed playbook, with the mapping key it sits under."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)
    elif isinstance(node, str):
        yield key, node


def _role_names(plays: list) -> set:
    names = set()
    for play in plays:
        for role in play.get("roles", []):
            names.add(role["role"] if isinstance(role, dict) else role)
    for key, value in _walk(plays):
        if key == "name" and value.startswith("prodgrade.aws."):
            names.add(value)  # include_role / import_role
    return {name.split(".")[-1] for name in names if name.startswith("prodgrade.aws.")}


def _role_options(role: str) -> tuple:
    """(every option, required options the role's defaults leave unset) of roles/<role>."""
    specs = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text())
    options = specs["argument_specs"]["main"]["options"]
    defaults_file = ROOT / "roles" / role / "defaults" / "main.yml"
    defaults = yaml.safe_load(defaults_file.read_text()) if defaults_file.exists() else {}
    required = {name for name, spec in options.items() if spec.get("required") and name not in (defaults or {})}
    return set(options), required


def _runbook(path: Path) -> dict:
    """What a runbook reads, what it requires without default, and the allowed values its checks name."""
    plays = yaml.safe_load(path.read_text())
    reads, required, choices = set(), set(), {}
    for play in plays:
        reads |= set(play.get("vars", {}))  # play vars: extra vars override them
    for key, text in _walk(plays):
        if key in CONDITIONAL_KEYS:
            reads |= _names(text)
        for match in JINJA.finditer(text):
            reads |= _names(match.group(1) or match.group(2))
    for role in _role_names(plays):
        options, role_required = _role_options(role)
        reads |= options
        required |= role_required
    for play in plays:
        play_vars = set(play.get("vars", {}))
        for task in play.get("pre_tasks", []) + play.get("tasks", []):
            check = task.get("ansible.builtin.assert") or task.get("assert")
            if not check:
                continue
            that = check["that"] if isinstance(check["that"], list) else [check["that"]]
            for condition in that:
                required |= set(re.findall(r"(?<![.\w])(\w+) is defined", condition)) - play_vars
                for name, values in re.findall(r"(?<![.\w])(\w+) in \[([^\]]*)\]", condition):
                    choices[name] = re.findall(r"'([^']*)'", values)
    return {"reads": reads, "required": required, "choices": choices}


def _by_playbook() -> dict:
    found = {}
    for template in TEMPLATES:
        found.setdefault(template["playbook"], []).append(template["name"])
    return found


RUNBOOKS = sorted(OPS.glob("*.yml"))


def test_every_runbook_has_exactly_one_job_template():
    by_playbook = _by_playbook()
    assert RUNBOOKS, "no runbook found in playbooks/ops"
    for runbook in RUNBOOKS:
        path = str(runbook.relative_to(ROOT))
        assert len(by_playbook.get(path, [])) == 1, f"{path}: job templates {by_playbook.get(path, [])}"


def test_every_template_playbook_exists_and_names_are_unique():
    names = [template["name"] for template in TEMPLATES]
    assert len(names) == len(set(names))
    for template in TEMPLATES:
        assert (ROOT / template["playbook"]).is_file(), template["playbook"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["playbook"])
def test_survey_asks_exactly_the_runbook_inputs(template):
    runbook = _runbook(ROOT / template["playbook"])
    spec = template["survey_spec"]
    assert spec["name"] and spec["description"]
    questions = {question["variable"]: question for question in spec["spec"]}
    assert len(questions) == len(spec["spec"]), "a variable is asked twice"

    unread = (set(questions) | set(template.get("extra_vars", {}))) - runbook["reads"]
    assert not unread, f"{template['playbook']} never reads {sorted(unread)}"

    missing = runbook["required"] - set(questions)
    assert not missing, f"{template['playbook']} requires {sorted(missing)}, the survey does not ask it"
    for name in runbook["required"]:
        assert questions[name]["required"] is True, f"{name} is required by the runbook"

    for name, question in questions.items():
        assert question["type"] in SURVEY_TYPES, name
        assert question["question_name"], name
        if question["type"] in ("multiplechoice", "multiselect"):
            assert question["choices"], name
            if "default" in question:
                assert question["default"] in question["choices"], name
        if name in runbook["choices"]:
            assert (
                question["choices"] == runbook["choices"][name]
            ), f"{name}: the runbook accepts {runbook['choices'][name]}"
        if SECRET.search(name):
            assert question["type"] == "password", f"{name} looks secret: a password question"
        if not question["required"]:
            # A blank optional answer must leave the variable unset (the runbook's default applies).
            assert "default" not in question and not question.get("min"), name


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["playbook"])
def test_template_references_defined_inventory_and_credentials(template):
    inventories = {inventory["name"] for inventory in DATA["controller_inventories"]}
    credentials = {credential["name"] for credential in DATA["controller_credentials"]}
    assert template["inventory"] in inventories
    assert template["credentials"] and set(template["credentials"]) <= credentials


def test_inventories_are_the_repo_env_inventories_with_their_sources():
    envs = {path.name for path in (ROOT / "inventories").iterdir() if (path / "hosts.yml").is_file()} - {"local"}
    credentials = {credential["name"] for credential in DATA["controller_credentials"]}
    by_name = {inventory["name"]: inventory for inventory in DATA["controller_inventories"]}
    assert set(by_name) == {f"ecia-{env}" for env in envs}
    for env in envs:
        sources = {source["source_path"]: source for source in by_name[f"ecia-{env}"]["sources"]}
        assert set(sources) == {f"inventories/{env}/hosts.yml", f"inventories/{env}/aws_ec2.yml"}
        for path, source in sources.items():
            assert (ROOT / path).is_file(), path
        plugin = yaml.safe_load((ROOT / f"inventories/{env}/aws_ec2.yml").read_text())
        assert plugin["plugin"] == "amazon.aws.aws_ec2"
        # The aws_ec2 source lists instances: it needs the AWS credential.
        assert sources[f"inventories/{env}/aws_ec2.yml"]["credential"] in credentials


def test_credentials_carry_no_secret():
    for credential in DATA["controller_credentials"]:
        assert set(credential) == {"name", "credential_type", "description"}, credential["name"]
        assert credential["credential_type"] == "Amazon Web Services"


def _controller_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTROLLER_", "TOWER_", "AWX_"))}
    env["ANSIBLE_NOCOLOR"] = "1"
    return env


def _run_controller_playbook(*args: str) -> subprocess.CompletedProcess:
    command = [str(ANSIBLE_PLAYBOOK), "-i", "localhost,", "playbooks/controller.yml", *args]
    return subprocess.run(command, cwd=ROOT, env=_controller_env(), capture_output=True, text=True, timeout=120)


def test_controller_playbook_syntax():
    result = _run_controller_playbook("--syntax-check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_controller_playbook_without_controller_host_fails_before_any_call():
    result = _run_controller_playbook(
        "-e", "controller_project_scm_url=https://git.example.com/prodgrade.aws.git", "-e", "controller_ee_image=ee:1"
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "controller_host is required" in output
    assert "TASK [Check the connection, the inputs and the data before any call]" in output
    # Nothing after the check ran: no organization, project or template task was reached.
    assert "TASK [Organization]" not in output
    assert "ok=0" in output and "failed=1" in output


def test_controller_playbook_with_inputs_gets_past_the_check():
    # The check must not fail everything: with its inputs set, the first Controller call is made (port 9 refuses).
    env_args = ["-e", "controller_host=https://127.0.0.1:9", "-e", "controller_oauthtoken=token-for-test"]
    result = _run_controller_playbook(
        *env_args,
        "-e",
        "controller_project_scm_url=https://git.example.com/prodgrade.aws.git",
        "-e",
        "controller_ee_image=ee:1",
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "TASK [Organization]" in output
    assert "is required" not in output


def test_vend_account_group_choices_are_inventory_groups():
    def groups(node: dict) -> set:
        found = set()
        for name, group in (node.get("children") or {}).items():
            found |= {name} | groups(group or {})
        return found

    # The entries it prints go to any env's hosts.yml: the groups of the env inventories.
    env_groups = set()
    for env in ("dev", "staging", "prod"):
        env_groups |= groups(yaml.safe_load((ROOT / "inventories" / env / "hosts.yml").read_text())["all"])
    template = next(t for t in TEMPLATES if t["playbook"] == "playbooks/ops/vend_account.yml")
    question = next(q for q in template["survey_spec"]["spec"] if q["variable"] == "vend_account_groups")
    assert set(question["choices"]) <= env_groups, set(question["choices"]) - env_groups


def test_execution_environment_pins_follow_the_project():
    ee = yaml.safe_load((ROOT / "execution-environment.yml").read_text())
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert ee["version"] == 3
    assert ee["dependencies"]["ansible_core"]["package_pip"] == f"ansible-core=={pins['ansible-core']}"
    for requirement in ee["dependencies"]["python"]:
        name, version = requirement.split("==")
        assert pins[name] == version, requirement
    wanted = yaml.safe_load((ROOT / "requirements.yml").read_text())["collections"]
    assert ee["dependencies"]["galaxy"]["collections"] == wanted
    # The data names the image this file builds; the job templates use it.
    assert DATA["controller_execution_environment"]["name"] == "prodgrade-aws"
