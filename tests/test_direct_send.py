"""The library's own clients send straight to their transport (``smartthings_client/_direct.py``), not through
``httpx.Client.request``: what goes on the wire and what comes back must be what httpx's client path gives, with
every transport a client can have (httpx's pools, aiohttp's, an injected ``transport=``), and an injected
``http_client=`` keeps httpx's path with its own hooks."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pytest
from pytest_httpx import HTTPXMock

from smartthings_client import (
    APIConnectionError,
    AsyncSmartThings,
    Command,
    RateLimitError,
    ResponseDecodeError,
    SmartThings,
)
from smartthings_client._aiohttp import AiohttpTransport
from smartthings_client._http_clients import HttpxPool, HttpxPoolPerLoop
from smartthings_client.auth import RefreshableToken
from smartthings_client.client import DEFAULT_LIMITS

from .fixtures import DEVICE_ID, TOKEN, pysmartthings

DEVICE = json.dumps(pysmartthings("device.json")).encode()
SWITCH_ON = Command(capability="switch", command="on")

# Every transport the library's own clients send with: httpx's sync pool (SmartThings), aiohttp's pool and
# httpx's async pool (AsyncSmartThings with and without the aiohttp extra).
KINDS = ["sync", "async-aiohttp", "async-httpx"]


class _Handler(BaseHTTPRequestHandler):
    """Answers like SmartThings would, and records what it was sent; as a forward proxy, ``self.path`` is the
    absolute URL the client asked the proxy for."""

    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, str, dict[str, str], bytes]]] = []
    ports: ClassVar[list[int]] = []  # the client's port of each request: one per connection
    new_token: ClassVar[str] = ""

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self.ports.append(self.client_address[1])
        path = self.path
        if path.endswith("/oauth/token"):
            self._answer(200, json.dumps(_token_answer(self.new_token)).encode())
        elif self.new_token and self.headers.get("Authorization") != f"Bearer {self.new_token}":
            self._answer(401, b'{"error": "invalid_token"}')
        elif path.endswith("/gzip"):
            self._answer(200, gzip.compress(DEVICE), {"Content-Encoding": "gzip"})
        elif path.endswith("/broken-gzip"):
            self._answer(200, b"not gzip at all", {"Content-Encoding": "gzip"})
        elif path.endswith("/limited"):
            self._answer(429, b'{"error": {"message": "slow down"}}', {"X-RateLimit-Reset": "2"})
        elif path.endswith("/html"):
            self._answer(200, b"<html>maintenance</html>", {"Content-Type": "text/html"})
        elif path.endswith("/commands"):
            self._answer(200, b'{"results": [{"id": "c1", "status": "ACCEPTED"}]}')
        else:
            self._answer(200, DEVICE)

    do_GET = do_POST = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        return


def _token_answer(access_token: str) -> dict[str, Any]:
    return {
        "access_token": access_token,
        "refresh_token": "refresh-2",
        "expires_in": 86399,
        "token_type": "bearer",
        "scope": "r:devices:*",
    }


@pytest.fixture
def origin() -> Iterator[str]:
    """A loopback HTTP/1.1 server; yields its origin (``http://127.0.0.1:N``)."""
    _Handler.seen = []
    _Handler.ports = []
    _Handler.new_token = ""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _run(kind: str, token: Any, base_url: str, call: Callable[[Any], Any], **options: Any) -> Any:
    """``call(client)`` with a client of ``kind``, awaited for the async ones."""
    if kind == "sync":
        with SmartThings(token, base_url=base_url, **options) as st:
            return call(st)

    async def main() -> Any:
        transport: httpx.AsyncBaseTransport = HttpxPoolPerLoop(limits=DEFAULT_LIMITS)
        if kind == "async-aiohttp":
            transport = AiohttpTransport(limits=DEFAULT_LIMITS)
        async with AsyncSmartThings(token, base_url=base_url, transport=transport, **options) as st:
            return await call(st)

    return asyncio.run(main())


@pytest.mark.parametrize("kind", KINDS)
def test_a_get_and_a_post_carry_what_httpx_would_send(kind: str, origin: str) -> None:
    device = _run(kind, TOKEN, origin + "/v1", lambda st: st.devices.get(DEVICE_ID))
    assert device.device_id == DEVICE_ID
    _run(kind, TOKEN, origin + "/v1", lambda st: st.devices.execute(DEVICE_ID, [SWITCH_ON]))
    (get_method, get_path, get_headers, _), (post_method, post_path, post_headers, post_body) = _Handler.seen
    assert (get_method, get_path) == ("GET", f"/v1/devices/{DEVICE_ID}")
    assert (post_method, post_path) == ("POST", f"/v1/devices/{DEVICE_ID}/commands")
    for headers in (get_headers, post_headers):  # a few device calls pin a dated version, as the official SDK does
        assert headers["accept"].startswith("application/vnd.smartthings+json;v=")
    for headers in (get_headers, post_headers):
        assert headers["host"] == origin.removeprefix("http://")
        assert headers["authorization"] == f"Bearer {TOKEN}"
        assert headers["user-agent"].startswith("smartthings-client/")
        assert "gzip" in headers["accept-encoding"]
    assert "content-length" not in get_headers
    assert post_headers["content-type"] == "application/json"
    assert int(post_headers["content-length"]) == len(post_body)
    assert json.loads(post_body) == {
        "commands": [{"component": "main", "capability": "switch", "command": "on", "arguments": []}]
    }


def _sent_by_direct_and_by_httpx(call: Callable[[SmartThings], object]) -> tuple[httpx.Request, httpx.Request]:
    """The request the direct path sends for ``call``, and the one httpx's client path builds for the same
    operation (``Client.build_request`` and the Bearer flow)."""
    sent: list[httpx.Request] = []
    operations: list[Any] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.params:
            return httpx.Response(200, json={"items": []})
        return httpx.Response(200, content=DEVICE if request.method == "GET" else b'{"results": []}')

    with SmartThings(TOKEN, transport=httpx.MockTransport(answer)) as st:
        core = st._transport.core
        request_args = core.request_args

        def recording(op: Any) -> dict[str, Any]:
            operations.append(op)
            return request_args(op)

        core.request_args = recording  # type: ignore[method-assign]
        call(st)
        args = request_args(operations[0])
        reference = st._transport.http.build_request(**args)
        reference.headers["Authorization"] = f"Bearer {TOKEN}"
    return sent[0], reference


@pytest.mark.parametrize(
    "call",
    [
        lambda st: st.devices.get(DEVICE_ID),
        lambda st: st.devices.execute(DEVICE_ID, [SWITCH_ON]),
        lambda st: list(st.devices.list(capability="switch")),
        lambda st: st.devices.delete(DEVICE_ID),
    ],
    ids=["get", "post-json", "get-query", "delete"],
)
def test_the_direct_request_is_the_one_httpx_client_builds(call: Callable[[SmartThings], object]) -> None:
    sent, reference = _sent_by_direct_and_by_httpx(call)
    assert sent.method == reference.method
    assert sent.url == reference.url
    assert sorted(sent.headers.multi_items()) == sorted(reference.headers.multi_items())
    assert sent.content == reference.content
    assert sent.extensions["timeout"] == reference.extensions["timeout"]


def _refreshing(kind: str, origin: str, access_token: str, test: str) -> RefreshableToken:
    """A token whose flow reads answers (a 401 refreshes it), unlike a plain token's header.  Its refresh token is
    its test's own: a rotation seen by another test would be followed, process-wide."""
    return RefreshableToken(
        access_token,
        f"refresh-{test}-{kind}",
        datetime.now(timezone.utc) + timedelta(hours=12),
        client_id="client-1",
        client_secret="secret-1",
        token_url=origin + "/oauth/token",
    )


@pytest.mark.parametrize("token", ["plain", "refreshing"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_answer_compressed_with_gzip_is_decoded(kind: str, token: str, origin: str) -> None:
    credential = TOKEN if token == "plain" else _refreshing(kind, origin, "token-0001", "gzip")
    got = _run(kind, credential, origin + "/v1", lambda st: st.devices.get("gzip"))
    assert got.device_id == DEVICE_ID
    with pytest.raises(APIConnectionError):
        _run(kind, credential, origin + "/v1", lambda st: st.devices.get("broken-gzip"), max_retries=0)


@pytest.mark.parametrize("kind", KINDS)
def test_a_body_that_is_not_what_its_encoding_says_is_a_typed_error(kind: str, origin: str) -> None:
    with pytest.raises(APIConnectionError):
        _run(kind, TOKEN, origin + "/v1", lambda st: st.devices.get("broken-gzip"), max_retries=0)


@pytest.mark.parametrize("kind", KINDS)
def test_error_answers_are_typed_with_their_headers_and_bodies(kind: str, origin: str) -> None:
    with pytest.raises(RateLimitError) as limited:
        _run(kind, TOKEN, origin + "/v1", lambda st: st.devices.get("limited"), max_retries=0)
    assert limited.value.retry_after == pytest.approx(2.0)
    assert limited.value.headers["x-ratelimit-reset"] == "2"
    assert limited.value.url == f"{origin}/v1/devices/limited"
    with pytest.raises(ResponseDecodeError) as html:
        _run(kind, TOKEN, origin + "/v1", lambda st: st.devices.get("html"))
    assert "text/html" in str(html.value)
    assert html.value.url == f"{origin}/v1/devices/html"


@pytest.mark.parametrize("kind", KINDS)
def test_requests_go_through_the_proxy_the_environment_names(
    kind: str, origin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTP_PROXY", origin)  # the loopback server answers as a forward proxy would
    # A host that does not resolve: only the proxy can answer for it.
    device = _run(kind, TOKEN, "http://api.smartthings.invalid/v1", lambda st: st.devices.get(DEVICE_ID))
    assert device.device_id == DEVICE_ID
    [(_, path, headers, _)] = _Handler.seen
    assert path == f"http://api.smartthings.invalid/v1/devices/{DEVICE_ID}"
    assert headers["authorization"] == f"Bearer {TOKEN}"


def test_the_sync_pool_makes_one_pool_per_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    pool = HttpxPool(limits=DEFAULT_LIMITS)
    direct = pool._pool(httpx.URL("https://127.0.0.1/v1"))
    proxied = pool._pool(httpx.URL("https://api.smartthings.com/v1"))
    assert direct is not proxied
    assert pool._pool(httpx.URL("https://api.smartthings.com/v1/devices")) is proxied
    pool.close()
    assert pool._pools == {}


@pytest.mark.parametrize("kind", KINDS)
def test_httpx_still_logs_each_request_line(kind: str, origin: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="httpx"):
        _run(kind, TOKEN, origin + "/v1", lambda st: st.devices.get(DEVICE_ID))
    lines = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert lines == [f'HTTP Request: GET {origin}/v1/devices/{DEVICE_ID} "HTTP/1.1 200 OK"']
    assert TOKEN not in caplog.text


@pytest.mark.parametrize("kind", KINDS)
def test_a_refreshing_token_refreshes_and_resends_after_a_401(kind: str, origin: str) -> None:
    # The server now only takes the token the refresh gives: the first request gets 401, the flow refreshes at
    # the token URL and sends again, all through the client's own transport.
    _Handler.new_token = "fresh-token-0001"
    token = _refreshing(kind, origin, "stale-token-0001", "401")
    device = _run(kind, token, origin + "/v1", lambda st: st.devices.get(DEVICE_ID))
    assert device.device_id == DEVICE_ID
    assert [(method, path.rsplit("/", 2)[-2:]) for method, path, _, _ in _Handler.seen] == [
        ("GET", ["devices", DEVICE_ID]),
        ("POST", ["oauth", "token"]),
        ("GET", ["devices", DEVICE_ID]),
    ]
    assert _Handler.seen[2][2]["authorization"] == "Bearer fresh-token-0001"
    assert token.pair.access_token == "fresh-token-0001"


def test_an_injected_client_keeps_httpx_send_path_and_its_event_hooks() -> None:
    seen: list[str] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=DEVICE))

    def on_request(request: httpx.Request) -> None:
        seen.append(f"request {request.url.path}")

    def on_response(response: httpx.Response) -> None:
        seen.append(f"response {response.status_code}")

    hooks: dict[str, list[Callable[..., Any]]] = {"request": [on_request], "response": [on_response]}
    with httpx.Client(transport=transport, event_hooks=hooks) as http:
        SmartThings(TOKEN, http_client=http).devices.get(DEVICE_ID)

    async def on_request_async(request: httpx.Request) -> None:
        on_request(request)

    async def on_response_async(response: httpx.Response) -> None:
        on_response(response)

    async def main() -> None:
        async_hooks: dict[str, list[Callable[..., Any]]] = {
            "request": [on_request_async],
            "response": [on_response_async],
        }
        async with httpx.AsyncClient(transport=transport, event_hooks=async_hooks) as http:
            await AsyncSmartThings(TOKEN, http_client=http).devices.get(DEVICE_ID)

    asyncio.run(main())
    assert seen == [f"request /v1/devices/{DEVICE_ID}", "response 200"] * 2


def test_with_options_shares_the_direct_sender() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=DEVICE))
    with SmartThings(TOKEN, transport=transport) as st:
        clone = st.with_options(max_retries=0)
        assert clone._transport.direct is st._transport.direct is not None
        assert clone.devices.get(DEVICE_ID).device_id == DEVICE_ID


def test_httpx_async_pool_reuses_a_connection_and_opens_no_more_than_its_limit(origin: str) -> None:
    async def main() -> tuple[set[int], set[int]]:
        transport = HttpxPoolPerLoop(limits=httpx.Limits(max_connections=3, max_keepalive_connections=3))
        async with AsyncSmartThings(TOKEN, base_url=origin + "/v1", transport=transport) as st:
            for _ in range(4):
                await st.devices.get(DEVICE_ID)
            in_turn = set(_Handler.ports)
            devices = await asyncio.gather(*(st.devices.get(DEVICE_ID) for _ in range(12)))
            assert {device.device_id for device in devices} == {DEVICE_ID}
            return in_turn, set(_Handler.ports)

    in_turn, every = asyncio.run(main())
    assert len(in_turn) == 1  # calls one after another: one connection
    assert len(_Handler.ports) == 16
    assert 1 < len(every) <= 3  # calls at once: more connections, never more than the limit


def test_pytest_httpx_mocks_the_library_own_clients(httpx_mock: HTTPXMock) -> None:
    # pytest-httpx replaces httpx's transports' send methods: the library's own pools are httpx transports, so a
    # user's tests mock them as they would mock httpx's client.
    url = f"https://api.smartthings.com/v1/devices/{DEVICE_ID}"
    for _ in range(2):
        httpx_mock.add_response(url=url, content=DEVICE)
    with SmartThings(TOKEN) as st:
        assert st.devices.get(DEVICE_ID).device_id == DEVICE_ID

    async def main() -> str:
        # With aiohttp installed (as here) the default pool would be aiohttp's, which the mock cannot see: while
        # httpx's transport is mocked, the async client sends with httpx's pool.
        async with AsyncSmartThings(TOKEN) as st:
            assert isinstance(st._transport.direct.transport, HttpxPoolPerLoop)  # type: ignore[union-attr]
            return (await st.devices.get(DEVICE_ID)).device_id

    assert asyncio.run(main()) == DEVICE_ID
    assert [request.headers["authorization"] for request in httpx_mock.get_requests()] == [f"Bearer {TOKEN}"] * 2
    async_client = AsyncSmartThings(TOKEN)
    assert isinstance(async_client._transport.direct.transport, HttpxPoolPerLoop)  # type: ignore[union-attr]


def test_without_a_mock_the_async_client_sends_with_aiohttp() -> None:
    client = AsyncSmartThings(TOKEN)
    assert isinstance(client._transport.direct.transport, AiohttpTransport)  # type: ignore[union-attr]
