"""python -m emulator {start,stop,reset,status,calls,faults,snapshot,run}"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from emulator import REPO_ROOT, default_port, state_dir

START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except urllib.error.HTTPError as exc:
        print(f"emulator answered {exc.code}: {exc.read().decode()}", file=sys.stderr)
        return 1
    except urllib.error.URLError as exc:
        print(f"emulator not reachable on port {args.port}: {exc.reason}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m emulator", description="prodgrade.aws local AWS endpoint")
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {
        "start": (cmd_start, "start in the background and wait until it answers"),
        "stop": (cmd_stop, "stop the background server"),
        "reset": (cmd_reset, "wipe all state (moto + extensions) and call counts"),
        "status": (cmd_status, "is it running, where, and how many calls"),
        "calls": (cmd_calls, "show call counts"),
        "faults": (cmd_faults, "configure fault injection"),
        "snapshot": (cmd_snapshot, "save the whole state to a file, or replace it with a saved one"),
        "run": (cmd_run, "serve in the foreground"),
    }
    for name, (func, help_text) in commands.items():
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument(
            "--port",
            type=int,
            default=None,
            help="default: running server's, else $PRODGRADE_EMULATOR_PORT or 5100",
        )
        cmd.set_defaults(func=func)
        if name == "calls":
            cmd.add_argument("--json", action="store_true", help="print raw JSON")
            cmd.add_argument("--reset", action="store_true", help="zero the counts after printing")
        if name == "faults":
            _fault_args(cmd)
        if name == "snapshot":
            cmd.add_argument("action", choices=["save", "load"])
            cmd.add_argument("file", help="snapshot file (the endpoint reads and writes it: a local path)")
    return parser


def _fault_args(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--off", action="store_true", help="turn fault injection off")
    cmd.add_argument(
        "--rate",
        type=float,
        default=1.0,
        help="share of matching calls that fail (0.0-1.0)",
    )
    cmd.add_argument(
        "--error",
        default="ThrottlingException",
        choices=["ThrottlingException", "500", "503"],
    )
    cmd.add_argument("--service", action="append", default=[], help="only this service (repeatable)")
    cmd.add_argument(
        "--operation",
        action="append",
        default=[],
        help="only this operation (repeatable)",
    )
    cmd.add_argument("--count", type=int, default=None, help="stop after N injected faults")
    cmd.add_argument(
        "--burst",
        nargs=2,
        type=float,
        metavar=("SECONDS", "EVERY"),
        help="refuse every matching call for SECONDS out of every EVERY seconds (instead of --rate)",
    )
    cmd.add_argument("--seed", type=int, default=None)
    cmd.add_argument("--show", action="store_true", help="only show the current config")


# ------------------------------------------------------------ state files


def _pid_file(port: int):
    # One set of state files per port, so endpoints on different ports (parallel molecule scenarios) coexist.
    return state_dir() / f"server.{port}.pid"


def _log_file(port: int):
    return state_dir() / f"server.{port}.log"


def _recorded_ports() -> list[int]:
    """Ports of the background servers recorded in the state dir whose process is alive."""
    ports = []
    for path in sorted(state_dir().glob("server.*.pid")):
        try:
            port = int(path.name.split(".")[1])
        except ValueError:
            continue
        if _recorded(port):
            ports.append(port)
    return ports


def _recorded(port: int) -> int | None:
    """pid of the background server started on ``port``, if its process is alive."""
    try:
        pid = int(_pid_file(port).read_text())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _port(args) -> int:
    """--port, else $PRODGRADE_EMULATOR_PORT, else the only server running, else the default port."""
    if args.port:
        return args.port
    if "PRODGRADE_EMULATOR_PORT" not in os.environ:
        running = _recorded_ports()
        if len(running) == 1:
            return running[0]
    return default_port()


# ------------------------------------------------------------------ HTTP


def _request(
    port: int,
    path: str,
    method: str = "GET",
    data: dict | None = None,
    timeout: float = 5.0,
) -> dict:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method)
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        text = resp.read().decode() or "{}"
    return json.loads(text) if text.lstrip().startswith("{") else {"response": text}


def _answers(port: int, timeout: float = 1.0) -> bool:
    try:
        _request(port, "/_prodgrade/calls", timeout=timeout)
        return True
    except (OSError, ValueError):
        return False


# --------------------------------------------------------------- commands


def cmd_run(args) -> int:
    from emulator.server import run

    run(_port(args))
    return 0


def cmd_start(args) -> int:
    port = args.port or default_port()
    pid = _recorded(port)
    if pid:
        print(f"emulator already running on port {port} (pid {pid})")
        return 0
    if _answers(port):
        print(
            f"something already answers on port {port} (not started by us?)",
            file=sys.stderr,
        )
        return 1
    return _spawn(port)


def _spawn(port: int) -> int:
    state_dir().mkdir(parents=True, exist_ok=True)
    log_path = _log_file(port)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "run", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # detach: survives the shell/ansible that started it
        )
    _pid_file(port).write_text(str(proc.pid))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print(
                f"emulator exited with {proc.returncode}; see {log_path}",
                file=sys.stderr,
            )
            _pid_file(port).unlink(missing_ok=True)
            return 1
        if _answers(port):
            print(f"emulator started on http://127.0.0.1:{port} (pid {proc.pid}, log {log_path})")
            return 0
        time.sleep(0.2)
    print(
        f"emulator did not answer within {START_TIMEOUT:.0f}s; see {log_path}",
        file=sys.stderr,
    )
    return 1


def cmd_stop(args) -> int:
    port = _port(args)
    pid = _recorded(port)
    _pid_file(port).unlink(missing_ok=True)
    if not pid:
        print(f"emulator is not running on port {port}")
        return 0
    cpu = _cpu_seconds(pid)
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    # The server runs detached, so `time` around a test run never counts it: say what it used.
    used = f", {cpu:.0f} s CPU" if cpu is not None else ""
    print(f"emulator stopped (pid {pid}, port {port}{used})")
    return 0


def _cpu_seconds(pid):
    """User + system CPU seconds of a running process (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def cmd_status(args) -> int:
    port = _port(args)
    pid = _recorded(port)
    # One question, not a polling loop: a busy machine may take seconds to answer (start polls with 1 s).
    if not _answers(port, timeout=10.0 if pid else 1.0):
        print(f"emulator is not running on port {port}")
        return 1
    counts = _request(port, "/_prodgrade/calls")
    faults = _request(port, "/_prodgrade/faults")
    owner = f"pid {pid}" if pid else "not started by 'start'"
    print(
        f"emulator running on http://127.0.0.1:{port} ({owner}); {counts['total']} calls counted; "
        f"faults {'on' if faults['enabled'] else 'off'}"
    )
    return 0


def cmd_reset(args) -> int:
    # Waits on the server lock behind in-flight requests; a loaded machine takes seconds.
    _request(_port(args), "/moto-api/reset", method="POST", timeout=120.0)
    print("emulator state reset")
    return 0


def cmd_calls(args) -> int:
    port = _port(args)
    counts = _request(port, "/_prodgrade/calls")
    if args.json:
        print(json.dumps(counts, indent=2))
    else:
        print(f"total {counts['total']}")
        for name, n in counts["by_operation"].items():
            print(f"{n:6d}  {name}")
    if args.reset:
        _request(port, "/_prodgrade/calls", method="DELETE")
    return 0


def cmd_snapshot(args) -> int:
    # Large states take a while to pickle on a loaded machine; the endpoint's cwd is not ours, so send a full path.
    path = os.path.abspath(args.file)
    result = _request(
        _port(args), f"/_prodgrade/state/{args.action}", method="POST", data={"path": path}, timeout=300.0
    )
    verb = "saved to" if args.action == "save" else "loaded from"
    print(f"emulator state {verb} {path} ({result['accounts']} accounts, {result['bytes'] // 1024} KiB)")
    return 0


def cmd_faults(args) -> int:
    port = _port(args)
    if args.show:
        result = _request(port, "/_prodgrade/faults")
    elif args.off:
        result = _request(port, "/_prodgrade/faults", method="DELETE")
    else:
        config = {
            "rate": args.rate,
            "error": args.error,
            "services": args.service,
            "operations": args.operation,
            "count": args.count,
            "seed": args.seed,
            "burst": {"seconds": args.burst[0], "every": args.burst[1]} if args.burst else None,
        }
        result = _request(port, "/_prodgrade/faults", method="POST", data=config)
    print(json.dumps(result, indent=2))
    return 0
