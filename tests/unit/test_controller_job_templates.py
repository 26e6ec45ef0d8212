"""The AWX / Automation Controller data (playbooks/vars/controller.yml) against the runbooks it launches.

- Every playbook in playbooks/ops/ has exactly one job template, and every template's playbook exists.
- Every survey variable (and every template extra variable) is one the runbook reads: a name used in its Jinja
  expressions or conditionals, a play variable it lets extra vars override, or an option of a role it applies.
- Every variable the runbook requires without a default (``X is defined`` in the ``that`` of its checks, and a
  role option marked required that the role's defaults do not fill, unless every env inventory sets it: the
  template's inventory gives it) is a required survey question; where the check names the allowed values
  (``X in ['a', 'b']``) the question's choices are exactly those.
- Inventory sources are files of the repo; credentials are referenced by a name the data defines, never with secrets.
- playbooks/controller.yml passes ``--syntax-check``, and without controller_host it fails in its first task, with
  a message naming controller_host, before any call to a Controller.
- The whole-site workflow runs site.yml's layers in site.yml's order: the organization and landing zone layers
  first, unsliced, on the management account; then the per-account layers as sliced jobs (the security baseline's
  organization-wide accounts in an unsliced job before the sliced one on every other account); every layer of
  site.yml once, every node reachable, no cycle.
- Against a small stand-in for the Controller API (it stores what it is sent), the play creates every object of the
  data, workflow nodes linked as the data says, and a second run reports changed=0 and writes nothing (one or two
  minutes: two runs of ~40 awx.awx module runs).
"""

import json
import os
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OPS = ROOT / "playbooks" / "ops"
DATA = yaml.safe_load((ROOT / "playbooks" / "vars" / "controller.yml").read_text())
TEMPLATES = DATA["controller_job_templates"]
LAYERS = DATA["controller_layer_job_templates"]
WORKFLOWS = DATA["controller_workflows"]
ANSIBLE_PLAYBOOK = ROOT / ".venv" / "bin" / "ansible-playbook"

# AWX's survey question types (awx/main/models/mixins.py, SurveyJobTemplateMixin).
SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}
CONDITIONAL_KEYS = {"when", "that", "until", "failed_when", "changed_when"}
JINJA = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.S)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
NAME = re.compile(r"(?<![.\w])([A-Za-z_]\w*)")
SECRET = re.compile(r"password|secret|token|private_key")


def _inventory_vars(env: str) -> set:
    names = set()
    for path in (ROOT / "inventories" / env / "group_vars").rglob("*.yml"):
        names |= set(yaml.safe_load(path.read_text()) or {})
    return names


# Set by every env inventory (e.g. data_tier_db_instance_class, per env): a template's inventory gives them.
INVENTORY_VARS = set.intersection(*(_inventory_vars(env) for env in ("dev", "staging", "prod")))


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

    required = runbook["required"] - INVENTORY_VARS
    missing = required - set(questions)
    assert not missing, f"{template['playbook']} requires {sorted(missing)}, the survey does not ask it"
    for name in required:
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
    return subprocess.run(
        command, cwd=ROOT, env=_controller_env(), capture_output=True, text=True, timeout=360, check=False
    )


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


SITE_LAYERS = [entry["ansible.builtin.import_playbook"] for entry in yaml.safe_load((ROOT / "site.yml").read_text())]
# Plays on one of these groups act for the whole organization: later plays on other accounts depend on them.
ORGANIZATION_WIDE = {"management", "log_archive", "audit"}


def _plays(playbook: str) -> list:
    return yaml.safe_load((ROOT / playbook).read_text())


def _excluded(limit: str) -> set:
    return {part[1:] for part in limit.split(":") if part.startswith("!")}


def _descendants(nodes: dict, identifier: str) -> set:
    found, todo = set(), list(nodes[identifier]["success_nodes"])
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo += nodes[node]["success_nodes"]
    return found


def test_layer_templates_are_the_site_layers_and_reference_defined_objects():
    inventories = {inventory["name"] for inventory in DATA["controller_inventories"]}
    credentials = {credential["name"] for credential in DATA["controller_credentials"]}
    names = [template["name"] for template in LAYERS]
    assert len(names) == len(set(names)) and not set(names) & {template["name"] for template in TEMPLATES}
    for template in LAYERS:
        assert template["playbook"] in SITE_LAYERS, template["playbook"]
        assert template["inventory"] in inventories and set(template["credentials"]) <= credentials
    # Every layer of site.yml has a template (the security baseline two: its organization-wide accounts first).
    assert {template["playbook"] for template in LAYERS} == set(SITE_LAYERS)


@pytest.mark.parametrize("template", LAYERS, ids=lambda t: t["name"])
def test_per_account_layers_are_sliced_and_management_layers_are_not(template):
    plays = _plays(template["playbook"])
    hosts = {play["hosts"] for play in plays}
    limit = template.get("limit", "all")
    sliced = template.get("job_slice_count", 1) > 1
    if hosts == {"management"}:
        assert not sliced, "a management-account layer is one job"
    elif any(play.get("serial") for play in plays):
        assert not sliced, "serial batches over the fleet: parallel slices would break them"
    elif set(limit.split(":")) <= ORGANIZATION_WIDE:
        assert not sliced, "the organization-wide accounts run before the others, in one job"
    else:
        assert sliced, f"{template['name']}: a per-account layer is sliced over the accounts"
    if sliced:
        # No slice may run an organization-wide play: the other slices' accounts depend on it being done first.
        for play in plays:
            if play["hosts"] in ORGANIZATION_WIDE:
                assert play["hosts"] in _excluded(limit), f"{template['name']} slices the play on {play['hosts']}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w["name"])
def test_whole_site_workflow_runs_the_layers_in_site_order(workflow):
    layers = {template["name"]: template for template in LAYERS}
    nodes = {node["identifier"]: node for node in workflow["nodes"]}
    assert len(nodes) == len(workflow["nodes"]), "an identifier is used twice"
    assert workflow["inventory"] in {inventory["name"] for inventory in DATA["controller_inventories"]}
    parents = {identifier: set() for identifier in nodes}
    for node in workflow["nodes"]:
        assert node["job_template"] in layers, node["job_template"]
        for successor in node["success_nodes"]:
            assert successor in nodes, f"{node['identifier']} -> {successor}: no such node"
            parents[successor].add(node["identifier"])
    for identifier in nodes:
        assert identifier not in _descendants(nodes, identifier), f"{identifier} is in a cycle"

    def index(identifier):
        return SITE_LAYERS.index(layers[nodes[identifier]["job_template"]]["playbook"])

    # One root, the organization layer, then the landing zone: both on the management account, unsliced.
    roots = [identifier for identifier, found in parents.items() if not found]
    assert len(roots) == 1 and index(roots[0]) == 0
    assert _descendants(nodes, roots[0]) == set(nodes) - {roots[0]}
    second = nodes[roots[0]]["success_nodes"]
    assert len(second) == 1 and SITE_LAYERS[index(second[0])] == "playbooks/landing_zone.yml"
    # Every template of the layers runs once; nothing runs before a layer site.yml runs earlier.
    assert sorted(node["job_template"] for node in workflow["nodes"]) == sorted(layers)
    for node in workflow["nodes"]:
        for successor in node["success_nodes"]:
            assert index(node["identifier"]) <= index(successor), f"{node['identifier']} -> {successor}"
    # Up to the workload layer site.yml's layers build on each other: every later node waits for each of them.
    workload = SITE_LAYERS.index("playbooks/workload.yml")
    for identifier in nodes:
        if index(identifier) <= workload:
            later = {other for other in nodes if index(other) > index(identifier)}
            assert later <= _descendants(nodes, identifier), f"{sorted(later - _descendants(nodes, identifier))}"
    # The security baseline's organization-wide accounts (unsliced) before every other account (sliced): the two
    # limits split the inventory between them.
    security = [i for i in nodes if SITE_LAYERS[index(i)] == "playbooks/security.yml"]
    assert len(security) == 2
    first, rest = sorted(security, key=lambda i: layers[nodes[i]["job_template"]].get("job_slice_count", 1))
    assert rest in _descendants(nodes, first)
    assert set(layers[nodes[first]["job_template"]]["limit"].split(":")) == ORGANIZATION_WIDE
    assert _excluded(layers[nodes[rest]["job_template"]]["limit"]) == ORGANIZATION_WIDE
    assert layers[nodes[rest]["job_template"]]["limit"].split(":")[0] == "all"
    # Observability watches the edge's WAF log group.
    by_playbook = {SITE_LAYERS[index(i)]: i for i in nodes}
    assert by_playbook["playbooks/observability.yml"] in _descendants(nodes, by_playbook["playbooks/edge.yml"])


class _FakeController(BaseHTTPRequestHandler):
    """The slice of the Controller API (/api/v2) the awx.awx modules use: list with filters, create, read, patch,
    associations and the survey spec. It stores what it is sent, so it shows the play's calls are well formed and
    that a second run sends nothing new; it does not show what a real Controller normalizes."""

    store: dict = {}
    writes: list = []

    def log_message(self, *args):  # quiet
        pass

    def _reply(self, status: int, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-API-Product-Name", "AWX")
        self.send_header("X-API-Product-Version", "24.6.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _parts(self):
        url = urlparse(self.path)
        return [p for p in url.path.split("/") if p][2:], parse_qs(url.query)  # after api/v2

    @staticmethod
    def _matches(item: dict, query: dict) -> bool:
        ors = {k[4:]: v[0] for k, v in query.items() if k.startswith("or__")}
        if ors and not any(str(item.get(k)) == v for k, v in ors.items()):
            return False
        return all(
            str(item.get(k)) == v[0] for k, v in query.items() if not k.startswith("or__") and k not in ("page_size",)
        )

    # Associations of a workflow node name other nodes.
    LINKED = {"success_nodes": "workflow_job_template_nodes", "failure_nodes": "workflow_job_template_nodes"}
    LINKED |= {"always_nodes": "workflow_job_template_nodes"}

    def do_GET(self):
        parts, query = self._parts()
        if parts[0] == "unified_job_templates":  # every kind of template, as the Controller lists them
            items = {}
            for kind in ("job_templates", "workflow_job_templates"):
                items.update({(kind, k): v for k, v in self.store.get(kind, {}).items()})
            found = [item for item in items.values() if self._matches(item, query)]
            return self._reply(200, {"count": len(found), "next": None, "results": found})
        items = self.store.setdefault(parts[0], {})
        if len(parts) == 1:
            found = [item for item in items.values() if self._matches(item, query)]
            return self._reply(200, {"count": len(found), "next": None, "results": found})
        item = items.get(int(parts[1]))
        if item is None:
            return self._reply(404, {"detail": "Not found."})
        if len(parts) == 2:
            return self._reply(200, item)
        if parts[2] == "survey_spec":
            return self._reply(200, item.get("__survey_spec", {}))
        kind = self.LINKED.get(parts[2], parts[2])
        linked = [self.store[kind][i] for i in item.setdefault("__" + parts[2], [])]
        return self._reply(200, {"count": len(linked), "next": None, "results": linked})

    def do_POST(self):
        parts = self._parts()[0]
        data = self._body()
        self.writes.append(("POST", self.path))
        items = self.store.setdefault(parts[0], {})
        if len(parts) == 1:
            new_id = len(items) + 1
            url = f"/api/v2/{parts[0]}/{new_id}/"
            item = dict(data, id=new_id, url=url, type=parts[0].rstrip("s"), summary_fields={}, scm_revision="")
            related = ("survey_spec", "credentials", "labels", "instance_groups", *self.LINKED)
            item["related"] = {name: f"{url}{name}/" for name in related}
            items[new_id] = item
            return self._reply(201, item)
        item = items[int(parts[1])]
        if parts[2] == "survey_spec":
            item["__survey_spec"] = data
            return self._reply(200, {})
        linked = item.setdefault("__" + parts[2], [])
        if data.get("disassociate"):
            linked.remove(data["id"])
        else:
            linked.append(data["id"])
        return self._reply(204)

    def do_PATCH(self):
        parts = self._parts()[0]
        self.writes.append(("PATCH", self.path))
        item = self.store[parts[0]][int(parts[1])]
        item.update(self._body())
        return self._reply(200, item)


@pytest.fixture
def fake_controller():
    _FakeController.store = {"credential_types": {1: {"id": 1, "name": "Amazon Web Services", "kind": "cloud"}}}
    _FakeController.writes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeController)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _FakeController
    server.shutdown()


def test_controller_playbook_applies_the_data_and_a_second_run_changes_nothing(fake_controller):
    url, api = fake_controller
    args = [
        "-e",
        f"controller_host={url}",
        "-e",
        "controller_oauthtoken=token-for-test",
        "-e",
        "controller_project_scm_url=https://git.example.com/prodgrade.aws.git",
        "-e",
        "controller_ee_image=ee:1",
        "-e",
        "controller_aws_access_key_id=AKIAEXAMPLEEXAMPLE00",
        "-e",
        "controller_aws_secret_access_key=not-a-real-secret-for-the-test",
    ]
    first = _run_controller_playbook(*args)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "not-a-real-secret-for-the-test" not in first.stdout + first.stderr
    templates = {t["name"]: t for t in api.store["job_templates"].values()}
    assert set(templates) == {t["name"] for t in TEMPLATES + LAYERS}
    for wanted in LAYERS:
        stored = templates[wanted["name"]]
        assert (stored["playbook"], stored["job_slice_count"]) == (wanted["playbook"], wanted.get("job_slice_count", 1))
        assert stored.get("limit") == wanted.get("limit")
    # Each workflow's nodes, their templates and their links as the data says.
    workflows = {w["name"]: w for w in api.store["workflow_job_templates"].values()}
    assert set(workflows) == {w["name"] for w in WORKFLOWS}
    nodes = api.store["workflow_job_template_nodes"]
    for wanted in WORKFLOWS:
        stored = {
            n["identifier"]: n for n in nodes.values() if n["workflow_job_template"] == workflows[wanted["name"]]["id"]
        }
        assert set(stored) == {n["identifier"] for n in wanted["nodes"]}
        for node in wanted["nodes"]:
            assert stored[node["identifier"]]["unified_job_template"] == templates[node["job_template"]]["id"]
            linked = {nodes[i]["identifier"] for i in stored[node["identifier"]].get("__success_nodes", [])}
            assert linked == set(node["success_nodes"]), node["identifier"]
    for wanted in TEMPLATES:
        stored = templates[wanted["name"]]
        assert stored["playbook"] == wanted["playbook"]
        assert stored["__survey_spec"] == wanted["survey_spec"]
        assert stored["survey_enabled"] is True
        assert len(stored["__credentials"]) == 1
    sources = {s["name"]: s for s in api.store["inventory_sources"].values()}
    assert {s["source_path"] for s in sources.values()} == {
        s["source_path"] for i in DATA["controller_inventories"] for s in i["sources"]
    }
    assert "changed=0" not in first.stdout

    writes = len(api.writes)
    second = _run_controller_playbook(*args)
    assert second.returncode == 0, second.stdout + second.stderr
    assert re.search(r"localhost\s+: ok=\d+\s+changed=0 ", second.stdout), second.stdout
    assert api.writes[writes:] == []
