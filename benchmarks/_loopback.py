"""A fast loopback HTTP server in its own process, serving one fixed device status to every contestant.

aiohttp's server answers in tens of microseconds, so the fan-out figures measure the clients, not the server.
It runs in a child process so that it does not share the clients' interpreter (and GIL).
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
def serve(body: Path) -> Iterator[str]:
    """Serve ``body`` as JSON at any ``/v1/devices/{id}/status`` path; yield the origin (``http://127.0.0.1:N``)."""
    port = _free_port()
    child = subprocess.Popen([sys.executable, __file__, str(body), str(port)])
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


def _main(body_path: str, port: int) -> None:
    from aiohttp import web

    body = Path(body_path).read_bytes()

    async def status(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/v1/devices/{device_id}/status", status)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None, backlog=1024)


if __name__ == "__main__":
    _main(sys.argv[1], int(sys.argv[2]))
