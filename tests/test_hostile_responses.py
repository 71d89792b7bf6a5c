"""Property tests: whatever status, headers, body and next links a server sends, the main operations raise
nothing but SmartThingsError, on both clients, and the token is never sent to another origin.

Examples are few and derandomized (the same examples on every run), so the suite stays fast and repeatable.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartthings_client import AsyncSmartThings, Command, RetryPolicy, SmartThings, SmartThingsError

from .fixtures import DEVICE_ID, LOCATION_ID, TOKEN

API_HOST = "api.smartthings.com"

PROPERTY = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)

next_links = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.sampled_from(
        [
            "https://api.smartthings.com/devices?page=1",
            "/devices?page=2",
            "https://evil.example/devices?page=1",
            "https://api.smartthings.com.evil.example/x",
            "https://api.smartthings.com@evil.example/x",
            "https://evil.example\\@api.smartthings.com/x",
            "//evil.example/devices",
            "http://api.smartthings.com/devices?page=1",
            "https://API.SmartThings.com:443/devices?page=3",
            "https://[::1/devices",
            "https://api.smartthings.com:0/devices",
            "javascript:alert(1)",
            "https://api.smartthings.com/devices?page=\x00",
            "https://\u0430pi.smartthings.com/devices",
        ]
    ),
    st.builds(lambda host, path: f"https://{host}/{path}", st.text(max_size=15), st.text(max_size=15)),
)


def _body(value: Any) -> bytes:
    return json.dumps(value).encode()


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["json", "page", "envelope", "bytes", "html", "nested", "empty"]))
    if kind == "json":
        return _body(draw(json_values))
    if kind == "page":
        items = draw(st.lists(json_values | st.fixed_dictionaries({"deviceId": st.text(max_size=8)}), max_size=3))
        return _body({"items": items, "_links": {"next": {"href": draw(next_links)}}})
    if kind == "envelope":
        error = st.fixed_dictionaries(
            {"code": json_values, "message": json_values, "details": json_values}, optional={"target": json_values}
        )
        return _body({"requestId": draw(json_values), "error": draw(error)})
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "html":
        return f"<html><title>{draw(st.text(max_size=30))}</title></html>".encode()
    if kind == "nested":
        depth = draw(st.integers(min_value=1, max_value=50_000))
        return b"[" * depth + b"]" * depth
    return b""


header_values = st.one_of(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30),
    st.sampled_from(["-1", "nan", "inf", "1e400", "0", "3", "99999999999", "Wed, 21 Oct 2015 07:28:00 GMT"]),
    st.floats(allow_nan=True).map(str),
)
headers = st.dictionaries(
    st.sampled_from(["retry-after", "x-ratelimit-reset", "content-type", "x-request-id", "x-ratelimit-limit"]),
    header_values,
    max_size=4,
)
statuses = st.one_of(
    st.sampled_from([200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]),
    st.integers(min_value=100, max_value=999),
)
responses = st.lists(st.tuples(statuses, headers, bodies()), min_size=1, max_size=4)

# The main operations, written once for both clients: a call returns a value, a coroutine, or a pager.
OPERATIONS: dict[str, Callable[[Any], Any]] = {
    "devices.get": lambda client: client.devices.get(DEVICE_ID),
    "devices.list": lambda client: client.devices.list().to_list(),
    "devices.status": lambda client: client.devices.status(DEVICE_ID),
    "devices.execute": lambda client: client.devices.execute(DEVICE_ID, [Command(capability="switch", command="on")]),
    "locations.list": lambda client: client.locations.list().to_list(),
    "locations.rooms.list": lambda client: client.locations.rooms.list(LOCATION_ID).to_list(),
    "installedapps.list": lambda client: client.installedapps.list().to_list(),
}


class HostileServer:
    """Answers each request with the next drawn response (the last one repeats), recording where requests went."""

    def __init__(self, answers: list[tuple[int, dict[str, str], bytes]]) -> None:
        self.answers = answers
        self.sent: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        status, header_map, content = self.answers[min(len(self.sent), len(self.answers)) - 1]
        return httpx.Response(status, headers=header_map, content=content)

    def check_the_token_stayed_home(self) -> None:
        for request in self.sent:
            assert request.url.scheme == "https"
            assert request.url.host == API_HOST, f"a request went to {request.url}"
            assert request.url.port is None


def run_sync(server: HostileServer, call: Callable[[Any], Any]) -> None:
    retry = RetryPolicy(sleep=lambda _: None)
    with SmartThings(TOKEN, transport=httpx.MockTransport(server.handle), retry=retry) as client:
        with contextlib.suppress(SmartThingsError):
            call(client)


def run_async(server: HostileServer, call: Callable[[Any], Any]) -> None:
    async def no_wait(_: float) -> None:
        return None

    async def main() -> None:
        retry = RetryPolicy(async_sleep=no_wait)
        async with AsyncSmartThings(TOKEN, transport=httpx.MockTransport(server.handle), retry=retry) as client:
            with contextlib.suppress(SmartThingsError):
                result = call(client)
                if inspect.isawaitable(result):
                    await result

    asyncio.run(main())


@PROPERTY
@given(operation=st.sampled_from(sorted(OPERATIONS)), answers=responses, use_async=st.booleans())
def test_calls_raise_only_smartthings_errors(operation: str, answers: Any, use_async: bool) -> None:
    server = HostileServer(answers)
    (run_async if use_async else run_sync)(server, OPERATIONS[operation])
    server.check_the_token_stayed_home()


@PROPERTY
@given(links=st.lists(next_links, min_size=1, max_size=3), use_async=st.booleans())
def test_next_links_never_carry_the_token_elsewhere(links: list[str | None], use_async: bool) -> None:
    answers: list[tuple[int, dict[str, str], bytes]] = [
        (200, {}, _body({"items": [], "_links": {"next": {"href": link}}})) for link in links
    ]
    answers.append((200, {}, _body({"items": []})))
    server = HostileServer(answers)
    (run_async if use_async else run_sync)(server, OPERATIONS["devices.list"])
    server.check_the_token_stayed_home()
