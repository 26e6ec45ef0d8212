"""Build and run the WSGI app: moto's server app wrapped in our middleware."""

import logging
import os
import signal
import sys


def configure_moto() -> None:
    """Must run before moto is imported: moto reads these settings at import."""
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def build_app():
    configure_moto()
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        create_backend_app,
    )

    import emulator.ext  # noqa: F401  (registers the extension operations)
    from emulator import speedups
    from emulator.middleware import EmulatorMiddleware
    from emulator.models import warm_up

    speedups.apply()
    warm_up()
    return EmulatorMiddleware(DomainDispatcherApplication(create_backend_app))


def run(port: int, host: str = "127.0.0.1") -> None:
    """Serve in the foreground, one thread per request (Ansible forks run in parallel)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    os.environ.setdefault("MOTO_PORT", str(port))  # moto builds some URLs from it
    app = build_app()
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import run_simple

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    logging.getLogger("emulator").info("prodgrade emulator on http://%s:%d (pid %d)", host, port, os.getpid())
    run_simple(host, port, app, threaded=True, request_handler=MotoRequestHandler)
