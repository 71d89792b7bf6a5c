"""A loopback HTTP server feeding the emulator's router, for clients that must use real sockets."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Protocol

import httpx

from ._faults import Outcome
from ._keys import KEY_SERVER_PATH
from ._sinks import LiveStreamBody, StreamDropped

_HOP_BY_HOP = frozenset({"host", "content-length", "transfer-encoding", "connection", "keep-alive"})


class Processor(Protocol):
    """What the server needs from the emulator."""

    def process(self, request: httpx.Request, *, loopback: bool = False) -> Outcome:
        """Route one request and say how to deliver the answer."""
        ...


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Tests restart servers quickly on ephemeral ports.
    allow_reuse_address = True
    # Many clients connect at once in fan-out tests; the default backlog of 5 drops connection attempts, which
    # the kernel retries only after a second.
    request_queue_size = 1024
    processor: Processor


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as separate writes: with Nagle's algorithm the body waits for the client's
        # delayed ACK (about 40 ms per request on loopback).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP]
        request = httpx.Request(self.command, f"http://{host}{self.path}", headers=headers, content=body)
        try:
            outcome = self.server.processor.process(request, loopback=True)
        except Exception:  # a bug in a route must not kill the connection silently
            outcome = Outcome(httpx.Response(500, content=b"emulator error"))
        if outcome.delay:
            # The one place the emulator really waits: a "slow" fault over a socket.
            time.sleep(outcome.delay)
        if outcome.drop is not None or outcome.response is None:
            # Close without answering: the client sees the server disconnect mid-exchange.
            self.close_connection = True
            return
        response = outcome.response
        if isinstance(response.stream, LiveStreamBody):
            self._stream(response, response.stream)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(response.status_code)
            for key, value in response.headers.multi_items():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(response.content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.content)

    def _stream(self, response: httpx.Response, body: LiveStreamBody) -> None:
        """Send an event stream chunk by chunk as events happen; a dropped stream closes the socket mid-body."""
        self.close_connection = True
        try:
            self.send_response(response.status_code)
            for key, value in response.headers.multi_items():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in body:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except StreamDropped:
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            body.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: tests and the CLI print what matters themselves."""


class LoopbackServer:
    """A running emulator server; ``url`` is its origin, ``base_url`` adds ``/v1``. Stop with :meth:`shutdown`."""

    def __init__(self, processor: Processor, host: str = "127.0.0.1", port: int = 8088) -> None:
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.processor = processor
        bound_host, bound_port = self._httpd.server_address[:2]
        self.host = str(bound_host)
        self.port = int(bound_port)
        self.url = f"http://{self.host}:{self.port}"
        # A short poll interval keeps shutdown() quick, which matters for test suites starting many servers.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name=f"smartthings-emulator:{self.port}", daemon=True
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        """The API base URL clients should use (``<url>/v1``)."""
        return self.url + "/v1"

    @property
    def key_server_url(self) -> str:
        """The ST_PADLOCK key server a webhook app in another process verifies this emulator's signatures with
        (``SmartApp(key_server=server.key_server_url)``): it fetches ``<key_server_url><keyId>``."""
        return self.url + KEY_SERVER_PATH

    def shutdown(self) -> None:
        """Stop serving and release the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()
