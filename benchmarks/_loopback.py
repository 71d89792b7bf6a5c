"""A fast loopback HTTP server in its own process, serving one device status to every contestant.

aiohttp's server answers in tens of microseconds, so the fan-out figures measure the clients, not the server.
It runs in a child process so that it does not share the clients' interpreter (and GIL).

By default every answer is the same body, as when a dashboard polls a device whose state has not changed.  With
``fresh=True`` every answer carries timestamps no earlier answer had (each year moved on by the request's number),
so a client can reuse nothing it decoded before: the worst case for caches.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serve(body: Path, *, fresh: bool = False) -> Iterator[str]:
    """Serve ``body`` as JSON at any ``/v1/devices/{id}/status`` path; yield the origin (``http://127.0.0.1:N``)."""
    port = _free_port()
    child = subprocess.Popen([sys.executable, __file__, str(body), str(port), "fresh" if fresh else "same"])
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or child.poll() is not None:
                    raise RuntimeError("the loopback benchmark server did not start") from None
                time.sleep(0.05)
        yield origin
    finally:
        child.terminate()
        child.wait(timeout=10)


def _main(body_path: str, port: int, fresh: bool) -> None:
    from aiohttp import web

    body = Path(body_path).read_bytes()
    served = 0

    async def status(request: web.Request) -> web.Response:
        nonlocal served
        served += 1
        answer = body
        if fresh:  # the fixture's timestamps are all of 2024 and 2025
            shift = 2 * (served % 3000)
            answer = body.replace(b'"2024-', b'"%d-' % (2100 + shift)).replace(b'"2025-', b'"%d-' % (2101 + shift))
        return web.Response(body=answer, content_type="application/json")

    app = web.Application()
    app.router.add_get("/v1/devices/{device_id}/status", status)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None, backlog=1024)


if __name__ == "__main__":
    _main(sys.argv[1], int(sys.argv[2]), sys.argv[3] == "fresh")
