"""Shared helpers of the token-lifecycle tests: emulator credentials and a recording, gating transport."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from datetime import datetime, timezone
from urllib.parse import parse_qs

import httpx

from smartthings_client.auth import RefreshableToken, TokenStore
from smartthings_client.testing import EmulatedApp, Emulator, Installation

API = "https://api.smartthings.com/v1"
TOKEN_PATH = "/oauth/token"
DAY = 24 * 3600.0


def utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def token_calls(emu: Emulator) -> int:
    """How many requests reached the token endpoint (any host, with or without /v1)."""
    return sum(1 for r in emu.requests if r.path == TOKEN_PATH)


def api_statuses(emu: Emulator) -> list[int | None]:
    return [r.status for r in emu.requests if r.path != TOKEN_PATH]


def make_token(
    emu: Emulator,
    app: EmulatedApp,
    installation: Installation,
    *,
    expires_in: float = DAY,
    store: TokenStore | None = None,
    token_url: str = API + TOKEN_PATH,
    client_secret: str | None = None,
) -> RefreshableToken:
    """The INSTALL pair as a refreshable credential on the emulator's clock."""
    return RefreshableToken(
        installation.auth_token,
        installation.refresh_token,
        utc(emu.clock.now() + expires_in),
        client_id=app.client_id,
        client_secret=client_secret or app.client_secret,
        scopes=app.scopes,
        installed_app_id=installation.installed_app_id,
        location_id=installation.location_id,
        token_url=token_url,
        store=store,
        clock=emu.clock.now,
    )


def form_of(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def basic_of(request: httpx.Request) -> tuple[str, str]:
    scheme, _, value = request.headers["authorization"].partition(" ")
    assert scheme == "Basic"
    client_id, _, secret = base64.b64decode(value).decode().partition(":")
    return client_id, secret


class Recording(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps the emulator's transport: keeps every exchange and every secret the token endpoint handed out.

    ``hold_token_requests_until`` makes token requests wait (bounded) until that many 401s were answered, so
    concurrent callers are certain to have failed with the old token before the one refresh completes.
    """

    def __init__(self, emu: Emulator, hold_token_requests_until: int = 0) -> None:
        self.inner = emu.transport
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []
        self.secrets: set[str] = set()
        self.hold = hold_token_requests_until
        self.unauthorized = 0
        self._released = threading.Event()
        self._lock = threading.Lock()
        if not self.hold:
            self._released.set()

    def _after(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        with self._lock:
            self.exchanges.append((request, response))
            if response.status_code == 401:
                self.unauthorized += 1
                if self.unauthorized >= self.hold:
                    self._released.set()
            if request.url.path.endswith(TOKEN_PATH) and response.status_code == 200:
                try:
                    body = json.loads(response.content)
                except ValueError:  # a garbled answer (fault injection) hands out nothing usable
                    body = {}
                self.secrets.update(v for k, v in body.items() if k in ("access_token", "refresh_token"))
        return response

    def token_requests(self) -> list[httpx.Request]:
        return [req for req, _ in self.exchanges if req.url.path.endswith(TOKEN_PATH)]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if request.url.path.endswith(TOKEN_PATH):
            assert self._released.wait(10), "the concurrent callers never all got their 401"
        response = self.inner.handle_request(request)
        response.read()
        return self._after(request, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        if request.url.path.endswith(TOKEN_PATH):
            deadline = time.monotonic() + 10
            while not self._released.is_set():
                assert time.monotonic() < deadline, "the concurrent callers never all got their 401"
                await asyncio.sleep(0.001)
        response = await self.inner.handle_async_request(request)
        await response.aread()
        return self._after(request, response)
