#!/usr/bin/env python3
"""A stand-in for the EC2 instance metadata service with IMDSv2 required (HttpTokens=required, as the launch
template sets it): PUT /latest/api/token hands out a token; every GET without a valid token gets 401, as on
EC2. Serves the four paths the app_host role reads. Standard library only."""

import secrets
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

TOKENS = set()
META = {
    "/latest/meta-data/instance-id": "i-0fa4e1ea5e0000001",
    "/latest/meta-data/placement/availability-zone": "ap-south-1b",
    "/latest/meta-data/placement/region": "ap-south-1",
    "/latest/meta-data/instance-type": "t3.micro",
}


class Handler(BaseHTTPRequestHandler):
    def _send(self, status, body=""):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):  # noqa: N802
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if self.path != "/latest/api/token" or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self._send(400)
        token = secrets.token_urlsafe(32)
        TOKENS.add(token)
        return self._send(200, token)

    def do_GET(self):  # noqa: N802
        if self.headers.get("X-aws-ec2-metadata-token") not in TOKENS:
            return self._send(401)
        if self.path not in META:
            return self._send(404)
        return self._send(200, META[self.path])


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
