"""Tier 4: the DB master password never reaches the output, even at -vvv: not when the secret is created with a
new password, not when a re-run reads it back. The password is read from the endpoint, so the test knows what
to look for."""

import json

import estate


def _password(host):
    account_id, role = estate.account_hosts("inventories/local", host)[host]
    sm = estate.session(account_id, role).client("secretsmanager", endpoint_url=estate.endpoint_url())
    return json.loads(sm.get_secret_value(SecretId=f"{host}/db/credentials")["SecretString"])["password"]


def test_db_password_never_in_output_at_vvv(empty_endpoint, playbook):
    network = playbook("playbooks/network.yml", "--limit", "ecia-dev")
    assert network.returncode == 0, network.stdout[-4000:]
    # First run generates and stores the password; the second reads it back from the secret and must keep it.
    runs, passwords = [], []
    for _ in range(2):
        runs.append(playbook("playbooks/workload.yml", "--limit", "ecia-dev", "-vvv"))
        assert runs[-1].returncode == 0, runs[-1].stdout[-4000:]
        passwords.append(_password("ecia-dev"))
    assert passwords[0] == passwords[1]

    password = passwords[0]
    # The search below only proves something if there is a real password to search for, and a lot of output.
    assert len(password) == 32 and len(set(password)) > 10
    assert all(len(run.stdout) > 50_000 for run in runs)
    for run in runs:
        assert password not in run.stdout
        # Nor either half of it, in case a callback escapes or splits it.
        assert password[:16] not in run.stdout and password[16:] not in run.stdout
