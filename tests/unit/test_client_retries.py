"""botocore's retry settings reach every AWS client the collection makes (issue 13).

AWS throttles (Organizations, KMS, Security Hub, Config) and amazon.aws's AWSRetry does not retry
ThrottlingException, so the retries are botocore's: account_session puts ``retries`` (mode, total attempts) in the
``aws_config`` of every session, which every play hands to every module through ``module_defaults`` for
``group/prodgrade.aws.aws``. Asserted:

- account_session's vars render (Ansible's templar, the local inventory's settings) an ``aws_config`` with the
  role's retries and the inventory's proxies; the caller's ``aws_client_config`` wins per key; the STS call and the
  client_config entry point use the same settings; the defaults are the argument specs' and the EE's;
- with that ``aws_config``, both ``clients.client`` (our modules) and amazon.aws's ``boto3_conn`` (theirs) make a
  client that tries a throttled call 10 times (botocore's default: 3);
- a session's aws_config beats botocore's environment (AWS_MAX_ATTEMPTS, which the EE sets for plugins);
- statically: every play that reaches an AWS module feeds ``group/prodgrade.aws.aws`` from account_session; every
  AWS module task uses a module of that group, and no task, block or play replaces ``aws_config`` with settings of
  its own; every module of ours is in the group; amazon.aws plugins (which take no aws_config) are only the known
  ones. Each check is shown to catch an escape on a made-up play, task or module.
"""

import json
import re
from pathlib import Path
from unittest import mock

import botocore.awsrequest
import botocore.exceptions
import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

from ansible_collections.amazon.aws.plugins.module_utils import botocore as amazon_botocore
from ansible_collections.prodgrade.aws.plugins.module_utils import clients
from ansible_collections.prodgrade.aws.plugins.module_utils.retries import aws_retry

ROOT = Path(__file__).resolve().parents[2]
ROLE = ROOT / "roles" / "account_session"
SITE_PACKAGES = next((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
WANTED_RETRIES = {"mode": "standard", "total_max_attempts": 10}

# --- account_session's variables, rendered -------------------------------------------------------------------


def _render(expression, **inventory):
    loader = DataLoader()
    variables = {
        "inventory_hostname": "ecia-prod",
        "aws_account_id": "293870711434",
        "aws_home_region": "ap-south-1",
    }
    variables.update(
        loader.load_from_file(str(ROOT / "inventories/local/group_vars/all/endpoint.yml"), trusted_as_template=True)
    )
    variables["aws_endpoint_url"] = "http://127.0.0.1:5100"  # the file's env lookup needs the plugin loader
    for part in ("defaults", "vars"):
        variables.update(loader.load_from_file(str(ROLE / part / "main.yml"), trusted_as_template=True))
    variables.update(inventory)
    return Templar(loader=loader, variables=variables).template(trust_as_template(expression))


def test_every_session_carries_the_retries_and_keeps_the_inventory_proxies():
    config = _render("{{ __account_session_base }}")["aws_config"]
    assert config["retries"] == WANTED_RETRIES
    assert config["proxies"] == {"http": "http://127.0.0.1:5100"}  # inventories/local: S3 Control through the endpoint


def test_no_client_config_still_gets_the_retries():
    assert _render("{{ __account_session_base }}", aws_client_config={})["aws_config"] == {"retries": WANTED_RETRIES}


@pytest.mark.parametrize(
    "theirs, retries",
    [
        ({"mode": "adaptive"}, {"mode": "adaptive", "total_max_attempts": 10}),
        # botocore lets total_max_attempts beat max_attempts: theirs must replace ours, not lose to it.
        ({"max_attempts": 4}, {"mode": "standard", "max_attempts": 4}),
        ({"total_max_attempts": 5, "mode": "legacy"}, {"mode": "legacy", "total_max_attempts": 5}),
    ],
)
def test_the_callers_client_config_wins_per_key(theirs, retries):
    config = _render(
        "{{ __account_session_base.aws_config }}",
        aws_client_config={"retries": theirs, "connect_timeout": 7},
    )
    assert config == {"retries": retries, "connect_timeout": 7}


def test_role_variables_set_the_retries():
    config = _render(
        "{{ __account_session_client_config }}",
        account_session_retry_mode="adaptive",
        account_session_retry_max_attempts="4",
    )
    assert config["retries"] == {"mode": "adaptive", "total_max_attempts": 4}


def _tasks(path):
    return yaml.safe_load(path.read_text())


def test_the_sts_call_and_the_client_config_entry_point_use_the_same_settings():
    sts = next(t for t in _tasks(ROLE / "tasks/session.yml") if "amazon.aws.sts_assume_role" in t)
    assert _render(sts["amazon.aws.sts_assume_role"]["aws_config"]) == _render(
        "{{ __account_session_base.aws_config }}"
    )
    held = next(t for t in _tasks(ROLE / "tasks/client_config.yml") if "ansible.builtin.set_fact" in t)
    assert _render(held["ansible.builtin.set_fact"]["account_session_aws_config"])["retries"] == WANTED_RETRIES
    # Both entry points check the range before any API call.
    for entry in ("session.yml", "client_config.yml"):
        assert _tasks(ROLE / "tasks" / entry)[0] == {
            "name": "Check the retry settings",
            "ansible.builtin.import_tasks": "retries.yml",
        }


@pytest.mark.parametrize("attempts, ok", [(0, False), (1, True), (10, True), (20, True), (21, False)])
def test_attempts_out_of_range_fail_naming_the_variable(attempts, ok):
    check = _tasks(ROLE / "tasks/retries.yml")[0]["ansible.builtin.assert"]
    assert _render("{{ " + check["that"] + " }}", account_session_retry_max_attempts=attempts) is ok
    assert "account_session_retry_max_attempts" in check["fail_msg"]


def test_defaults_match_the_argument_specs_and_the_execution_environment():
    defaults = yaml.safe_load((ROLE / "defaults/main.yml").read_text())
    specs = yaml.safe_load((ROLE / "meta/argument_specs.yml").read_text())["argument_specs"]
    for entry in ("main", "session", "client_config"):
        options = specs[entry]["options"]
        assert options["account_session_retry_mode"]["default"] == defaults["account_session_retry_mode"] == "standard"
        assert options["account_session_retry_mode"]["choices"] == ["standard", "adaptive"]
        assert options["account_session_retry_max_attempts"]["type"] == "int"
        assert (
            options["account_session_retry_max_attempts"]["default"] == defaults["account_session_retry_max_attempts"]
        )
    ee = yaml.safe_load((ROOT / "execution-environment.yml").read_text())
    env = " ".join(ee["additional_build_steps"]["append_final"])
    assert "AWS_RETRY_MODE=standard" in env and "AWS_MAX_ATTEMPTS=10" in env


# --- the settings in botocore: our clients and amazon.aws's ----------------------------------------------------


class _Raw:
    def __init__(self, body):
        self._body = body

    def stream(self, **_kw):
        yield self._body


def _fail_every_send(client, code):
    sends = []

    def failed(request, **_kw):
        sends.append(request)
        body = json.dumps({"__type": code, "message": code}).encode()
        return botocore.awsrequest.AWSResponse(request.url, 400, {}, _Raw(body))

    client.meta.events.register("before-send", failed)
    return sends


def _throttle_every_send(client):
    return _fail_every_send(client, "ThrottlingException")


def _module(aws_config):
    m = mock.Mock()
    m.params = {
        "region": "ap-south-1",
        "endpoint_url": "http://127.0.0.1:1",
        "access_key": "AKIDTEST",
        "secret_key": "secret",  # nosec
        "session_token": None,
        "profile": None,
        "aws_ca_bundle": None,
        "validate_certs": True,
        "aws_config": aws_config,
    }
    m.region = "ap-south-1"
    return m


def _ours(module):
    return clients.client(module, "kms")


def _amazon_aws(module):
    # What AnsibleAWSModule.client() does: the module's connection info, then boto3_conn.
    region, endpoint, params = amazon_botocore.get_aws_connection_info(module)
    return amazon_botocore.boto3_conn(
        module, conn_type="client", resource="kms", region=region, endpoint=endpoint, **params
    )


@pytest.fixture(autouse=True)
def fresh_sessions(monkeypatch):
    monkeypatch.setattr(clients, "_SESSIONS", {})


@pytest.mark.parametrize("make", [_ours, _amazon_aws], ids=["clients.client", "amazon.aws boto3_conn"])
@pytest.mark.parametrize(
    "aws_config, sends",
    [
        (None, 3),  # botocore's default: the "reached max retries: 2" of the issue
        ({"retries": WANTED_RETRIES, "proxies": {}}, 10),
        # botocore's own max_attempts counts retries, not attempts (adaptive is not tried: its limiter waits for real).
        ({"retries": {"mode": "standard", "max_attempts": 3}}, 4),
    ],
)
def test_a_throttled_call_is_tried_as_often_as_aws_config_says(make, aws_config, sends, monkeypatch):
    for name in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    client = make(_module(aws_config))
    if aws_config:
        assert client.meta.config.retries == aws_config["retries"]
    made = _throttle_every_send(client)
    with pytest.raises(botocore.exceptions.ClientError, match=f"ThrottlingException.*reached max retries: {sends - 1}"):
        client.get_key_rotation_status(KeyId="alias/x")
    assert len(made) == sends


@pytest.mark.parametrize(
    "code, sends",
    [
        # botocore's 10 attempts and no more: before, aws_retry's 10 tries of botocore's 10 made 100.
        ("ThrottlingException", 10),
        # botocore does not retry it; aws_retry does (10 tries, one send each).
        ("ConcurrentModificationException", 10),
    ],
)
def test_our_retrying_client_does_not_multiply_botocores_attempts(code, sends, monkeypatch, sleeps):
    for name in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    client = clients.client(_module({"retries": WANTED_RETRIES}), "kms", retry_decorator=aws_retry())
    made = _fail_every_send(client.client, code)
    with pytest.raises(botocore.exceptions.ClientError, match=code):
        client.get_key_rotation_status(KeyId="alias/x", aws_retry=True)
    assert len(made) == sends


@pytest.mark.parametrize("aws_config, sends", [(None, 6), ({"retries": WANTED_RETRIES}, 10)])
def test_aws_config_beats_the_environment_which_plugins_read(aws_config, sends, monkeypatch):
    # The EE's AWS_MAX_ATTEMPTS reaches a client with no aws_config (amazon.aws's plugins); a session's wins over it.
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "6")
    client = _amazon_aws(_module(aws_config))
    made = _throttle_every_send(client)
    with pytest.raises(botocore.exceptions.ClientError):
        client.get_key_rotation_status(KeyId="alias/x")
    assert len(made) == sends


def test_the_rendered_session_reaches_the_client():
    client = _ours(_module(_render("{{ __account_session_base.aws_config }}", aws_client_config={})))
    made = _throttle_every_send(client)
    with pytest.raises(botocore.exceptions.ClientError):
        client.get_key_rotation_status(KeyId="alias/x")
    assert len(made) == 10


# --- every play and every module task get the settings ---------------------------------------------------------

AWS_COLLECTIONS = ("amazon.aws", "community.aws", "prodgrade.aws")
FQCN = re.compile(r"^([a-z0-9_]+\.[a-z0-9_]+)\.([a-z0-9_]+)$")
SESSION_GROUP = "group/prodgrade.aws.aws"
# module_defaults for the group, fed from a session of account_session (the play's, another account's, another
# host's) or from its client_config entry point.
FROM_SESSION = re.compile(r"\baccount_session_(aws|aws_config|by_account)\b")
# An aws_config a task passes itself must be the session's.
SESSION_CONFIG = re.compile(r"\b(__account_session_client_config|account_session_aws|account_session_aws_config)\b")
# amazon.aws plugins take no aws_config (their options have none; a lookup drops the key): they get the retries
# from botocore's environment (execution-environment.yml sets AWS_RETRY_MODE and AWS_MAX_ATTEMPTS). Known uses only.
KNOWN_PLUGIN_USES = {
    ("roles/data_tier/tasks/secret.yml", "amazon.aws.secretsmanager_secret"),
}
PLUGIN_USE = re.compile(r"""\b(?:lookup|query)\(\s*['"]((?:amazon|community)\.aws\.[a-z0-9_]+)['"]""")


def _group_members():
    """(collection, module) of every module that module_defaults for group/prodgrade.aws.aws reaches."""
    members = set()
    sources = {
        "prodgrade.aws": ROOT / "meta/runtime.yml",
        "amazon.aws": SITE_PACKAGES / "ansible_collections/amazon/aws/meta/runtime.yml",
        "community.aws": SITE_PACKAGES / "ansible_collections/community/aws/meta/runtime.yml",
    }
    runtime = {name: yaml.safe_load(path.read_text()) for name, path in sources.items()}
    extends = next(
        e["metadata"]["extend_group"] for e in runtime["prodgrade.aws"]["action_groups"]["aws"] if isinstance(e, dict)
    )
    assert set(extends) == {"amazon.aws.aws", "community.aws.aws"}
    for name, data in runtime.items():
        members |= {(name, m) for m in data["action_groups"]["aws"] if isinstance(m, str)}
    return members


GROUP = _group_members()


def _action(task):
    """(fqcn, args) of a task's module, or (None, None)."""
    for key, value in task.items():
        if isinstance(key, str) and FQCN.match(key):
            return key, value
    return None, None


def _flat(tasks):
    """Every task of a list, blocks included (a block's module_defaults are checked on the block itself)."""
    for task in tasks or []:
        if not isinstance(task, dict):
            continue
        yield task
        for part in ("block", "rescue", "always"):
            yield from _flat(task.get(part))


def _stray_aws_config(text):
    """An aws_config written in place, not the session's ({'aws_config': account_session_aws_config} is)."""
    return "aws_config" in re.sub(r"""(['"]aws_config['"]\s*:\s*)?\baccount_session_aws_config\b""", "", text)


def _module_defaults_problems(holder, where):
    problems = []
    for key, value in (holder.get("module_defaults") or {}).items():
        text = value if isinstance(value, str) else json.dumps(value)
        if key == SESSION_GROUP and not FROM_SESSION.search(text):
            problems.append(f"{where}: module_defaults {key} is not fed from account_session")
        elif _stray_aws_config(text):
            problems.append(f"{where}: module_defaults {key} replaces aws_config")
    return problems


def task_problems(tasks, where):
    """Module tasks that escape the session's aws_config."""
    problems = []
    for task in _flat(tasks):
        name = f"{where}: {task.get('name', '?')}"
        problems += _module_defaults_problems(task, name)
        fqcn, args = _action(task)
        if not fqcn:
            continue
        collection, module = FQCN.match(fqcn).groups()
        if collection not in AWS_COLLECTIONS:
            continue
        own = args.get("aws_config") if isinstance(args, dict) else None
        if own is not None and not SESSION_CONFIG.search(str(own)):
            problems.append(f"{name}: {fqcn} passes an aws_config of its own, without the session's retries")
        elif own is None and (collection, module) not in GROUP:
            problems.append(f"{name}: {fqcn} is not in group/prodgrade.aws.aws, so module_defaults never reach it")
    return problems


def _roles_of(play):
    names = []
    for entry in play.get("roles") or []:
        names.append(entry if isinstance(entry, str) else entry.get("role", entry.get("name")))
    for part in ("pre_tasks", "tasks", "post_tasks", "handlers"):
        for task in _flat(play.get(part)):
            for action in ("ansible.builtin.import_role", "ansible.builtin.include_role"):
                if action in task:
                    names.append(task[action]["name"])
    return [n.split(".")[-1] for n in names]


def play_problems(play, where):
    """A play that reaches AWS (a role of ours, an AWS module) must feed the group from account_session."""
    problems = _module_defaults_problems(play, where)
    roles = _roles_of(play)
    tasks = [t for part in ("pre_tasks", "tasks", "post_tasks", "handlers") for t in _flat(play.get(part))]
    reaches_aws = bool(roles) or any(
        (_action(t)[0] or "").startswith(tuple(c + "." for c in AWS_COLLECTIONS)) for t in tasks
    )
    if not reaches_aws:
        return problems
    fed = (play.get("module_defaults") or {}).get(SESSION_GROUP)
    if not isinstance(fed, str) or not FROM_SESSION.search(fed):
        return problems + [f"{where}: reaches AWS without module_defaults {SESSION_GROUP} from account_session"]
    # The play runs account_session itself, or uses the session another host holds (hostvars[...].account_session_aws).
    if "account_session" not in roles and not re.search(r"\.account_session_aws\b", fed):
        problems.append(f"{where}: feeds {SESSION_GROUP} from a session it never makes")
    for part in ("pre_tasks", "tasks", "post_tasks", "handlers"):
        problems += task_problems(play.get(part), where)
    return problems


def _playbooks():
    return sorted([ROOT / "site.yml", *(ROOT / "playbooks").glob("*.yml"), *(ROOT / "playbooks/ops").glob("*.yml")])


def test_every_play_feeds_the_session_to_every_module():
    problems, plays = [], 0
    for path in _playbooks():
        for index, play in enumerate(yaml.safe_load(path.read_text())):
            if "hosts" in play:
                plays += 1
                problems += play_problems(play, f"{path.relative_to(ROOT)} play {index + 1} ({play.get('name')})")
    assert plays > 20
    assert problems == []


def test_every_module_task_of_every_role_gets_the_session():
    problems, checked = [], 0
    for path in sorted((ROOT / "roles").glob("*/*/*.yml")):
        if path.parent.name not in ("tasks", "handlers"):
            continue
        tasks = yaml.safe_load(path.read_text()) or []
        checked += sum(1 for t in _flat(tasks) if _action(t)[0])
        problems += task_problems(tasks, str(path.relative_to(ROOT)))
    assert checked > 200
    assert problems == []


def test_every_module_of_ours_is_in_the_group():
    modules = [p.stem for p in (ROOT / "plugins/modules").glob("*.py") if "AnsibleAWSModule" in p.read_text()]
    assert modules
    assert sorted(m for m in modules if ("prodgrade.aws", m) not in GROUP) == []


def test_amazon_aws_plugins_are_only_the_known_ones():
    found = set()
    for path in [*ROOT.glob("roles/*/*/*.yml"), *_playbooks()]:
        for match in PLUGIN_USE.finditer(path.read_text()):
            found.add((str(path.relative_to(ROOT)), match.group(1)))
    assert found == KNOWN_PLUGIN_USES


# --- the checks catch an escape ---------------------------------------------------------------------------------

SESSION_PLAY = {
    "name": "p",
    "hosts": "prod",
    "module_defaults": {SESSION_GROUP: "{{ account_session_aws | default({}) }}"},
    "roles": [{"role": "prodgrade.aws.account_session"}, {"role": "prodgrade.aws.network"}],
}


def test_a_good_play_passes():
    assert play_problems(SESSION_PLAY, "p") == []


@pytest.mark.parametrize(
    "play, problem",
    [
        ({k: v for k, v in SESSION_PLAY.items() if k != "module_defaults"}, "without module_defaults"),
        (dict(SESSION_PLAY, module_defaults={SESSION_GROUP: {"region": "eu-west-1"}}), "not fed from account_session"),
        (dict(SESSION_PLAY, roles=[{"role": "prodgrade.aws.network"}]), "a session it never makes"),
        (
            {"name": "p", "hosts": "prod", "tasks": [{"name": "t", "amazon.aws.s3_bucket_info": {}}]},
            "without module_defaults",
        ),
        (
            dict(SESSION_PLAY, tasks=[{"name": "t", "prodgrade.aws.not_grouped": {}}]),
            "not in group/prodgrade.aws.aws",
        ),
        (
            dict(
                SESSION_PLAY, tasks=[{"name": "b", "block": [{"name": "t", "amazon.aws.kms_key": {"aws_config": {}}}]}]
            ),
            "passes an aws_config of its own",
        ),
        (
            dict(SESSION_PLAY, tasks=[{"name": "b", "module_defaults": {SESSION_GROUP: {}}, "block": []}]),
            "not fed from account_session",
        ),
        (
            dict(
                SESSION_PLAY,
                module_defaults=dict(SESSION_PLAY["module_defaults"], **{"amazon.aws.kms_key": {"aws_config": {}}}),
            ),
            "replaces aws_config",
        ),
        (
            dict(
                SESSION_PLAY, module_defaults={SESSION_GROUP: "{{ account_session_aws | combine({'aws_config': {}}) }}"}
            ),
            "replaces aws_config",
        ),
    ],
    ids=[
        "no-defaults",
        "defaults-not-session",
        "no-session-role",
        "bare-module-play",
        "module-outside-group",
        "own-aws-config",
        "block-defaults",
        "module-defaults-override",
        "session-with-its-aws_config-replaced",
    ],
)
def test_an_escape_is_caught(play, problem):
    problems = play_problems(play, "p")
    assert any(problem in p for p in problems), problems


def test_a_module_missing_from_runtime_yml_is_caught():
    missing = GROUP - {("prodgrade.aws", "kms_keys")}
    tasks = [{"name": "keys", "prodgrade.aws.kms_keys": {"keys": []}}]
    with mock.patch(f"{__name__}.GROUP", missing):
        assert "not in group" in task_problems(tasks, "r")[0]
    assert task_problems(tasks, "r") == []
