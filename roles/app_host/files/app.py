"""The role's default application: a stand-in for the real artifact, standard library only.

Listens on APP_PORT (8080), answers 200 with a small JSON body on APP_HEALTH_PATH (/health) and on /, 404
elsewhere, and writes one access line per request to APP_LOG_FILE (which logrotate rotates and the CloudWatch
agent ships). SIGTERM stops it cleanly, so `systemctl restart` is quick.
"""

import json
import logging
import logging.handlers
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("APP_PORT", "8080"))
HEALTH_PATH = os.environ.get("APP_HEALTH_PATH", "/health")
VERSION = os.environ.get("APP_VERSION", "0.0.0")
INSTANCE = {k: os.environ.get("APP_" + k.upper(), "") for k in ("instance_id", "availability_zone", "environment")}

log = logging.getLogger("app")


class Handler(BaseHTTPRequestHandler):
    server_version = "ecia-app/" + VERSION

    def _reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path == HEALTH_PATH:
            self._reply(200, {"status": "ok", "version": VERSION, **INSTANCE})
        elif path == "/":
            self._reply(200, {"service": "ecia-app", "version": VERSION})
        else:
            self._reply(404, {"error": "not found"})

    do_HEAD = do_GET  # noqa: N815

    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)


def main():
    handlers = [logging.StreamHandler(sys.stdout)]
    if os.environ.get("APP_LOG_FILE"):
        # WatchedFileHandler reopens the file after logrotate moves it (no copytruncate needed).
        handlers = [logging.handlers.WatchedFileHandler(os.environ["APP_LOG_FILE"])]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", handlers=handlers)
    server = ThreadingHTTPServer(("", PORT), Handler)
    # SystemExit from the handler ends serve_forever() in the main thread; finally closes the socket.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log.info("ecia-app %s listening on :%d (health: %s)", VERSION, PORT, HEALTH_PATH)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
