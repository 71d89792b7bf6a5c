"""A hub's live log endpoint over TLS on loopback (what ``smartthings-client drivers logcat`` reads).

A real hub serves it on its LAN address, port 9495, with a self-signed certificate: ``GET /drivers`` lists the
installed drivers (``driver_id``, ``driver_name``, ``status``), ``GET /drivers/logs[?driver_id=ID]`` is a
server-sent event stream of ``{timestamp, driver_id, driver_name, log_level, message}`` objects, and both take the
account's token as ``Authorization: Bearer``.  Here the stream sends the messages logged with :meth:`log` so far
and then ends (a real hub keeps it open), so that a test reads it to the end without waiting.
"""

from __future__ import annotations

import json
import ssl
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from . import _edge

if TYPE_CHECKING:
    from ._emulator import Emulator

LEVELS = {"trace": 100, "debug": 200, "info": 300, "warn": 400, "error": 500, "fatal": 600, "print": 1000}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    logs: HubLogServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        hub = self.server.logs
        hub.requests.append(self.path)
        url = urlsplit(self.path)
        if not hub.authorized(self.headers.get("Authorization", "")):
            self._send(401, "application/json", b'{"error": "unauthorized"}')
            return
        if url.path == "/drivers":
            self._send(200, "application/json", json.dumps(hub.drivers()).encode())
        elif url.path == "/drivers/logs":
            wanted = parse_qs(url.query).get("driver_id", [None])[0]
            events = "".join(f"data: {json.dumps(m)}\n\n" for m in hub.messages if wanted in (None, m["driver_id"]))
            self._send(200, "text/event-stream", events.encode())
        else:
            self._send(404, "application/json", b'{"error": "not found"}')

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests say what matters."""


class HubLogServer:
    """The live log endpoint of one emulated hub.  ``address`` is ``127.0.0.1:PORT`` (``--hub-address``)."""

    def __init__(self, emulator: Emulator, hub_id: str, certfile: str, keyfile: str, port: int = 0) -> None:
        self.emulator, self.hub_id = emulator, hub_id
        self.messages: list[dict[str, Any]] = []
        self.requests: list[str] = []  # the paths asked for, in order (a test checks what reached the hub)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.logs = self
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self.port = int(self._httpd.server_address[1])
        self.address = f"127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def authorized(self, header: str) -> bool:
        """A bearer token the emulator issued and that has not expired."""
        value = header.removeprefix("Bearer ").strip()
        state = self.emulator._state
        with self.emulator._lock:
            token = state.tokens.access.get(value)
            return token is not None and token.expires_at > self.emulator.clock.now()

    def drivers(self) -> list[dict[str, Any]]:
        with self.emulator._lock:
            state = self.emulator._state
            store = _edge.edge(state)
            installed = _edge.hub_drivers(_edge.hub(state, self.hub_id))
            found = []
            for entry in installed:
                record = store.drivers.get(str(entry.get("driverId")))
                name = record.doc.get("name") if record is not None else None
                found.append({"driver_id": entry.get("driverId"), "driver_name": name, "status": "Running"})
            return found

    def log(self, driver_id: str, message: str, level: str = "info") -> None:
        """Queue one log line of an installed driver (its name is looked up)."""
        names = {d["driver_id"]: d["driver_name"] for d in self.drivers()}
        self.messages.append(
            {
                "timestamp": datetime.now(timezone.utc).isoformat(),
                "driver_id": driver_id,
                "driver_name": names.get(driver_id, driver_id),
                "log_level": LEVELS[level],
                "message": message,
            }
        )

    def shutdown(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> HubLogServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.shutdown()
