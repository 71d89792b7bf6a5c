"""Helpers shared by the tests: the real fixture files, a recording fake server, a sync/async harness, and a
one-answer recorder with a runner for tests that build a single resource themselves.

The fixture files are real SmartThings answers copied into tests/data/<source>/, each source with a README of its
provenance; the repository carries every file its tests read.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx

from smartthings_client import AsyncSmartThings, Credential, RetryPolicy, SmartThings
from smartthings_client._paging import AsyncPager, SyncPager

FIXTURES = Path(__file__).resolve().parent / "data"
PYSMARTTHINGS = FIXTURES / "pysmartthings"
CORE_SDK = FIXTURES / "core-sdk"

API = "https://api.smartthings.com/v1"
# Distinctive, so a leak into a log line or an error message cannot hide behind a common word.
TOKEN = "st-test-token-6b1f0c2d9e8a4f37"

DEVICE_ID = "440063de-a200-40b5-8a6b-f3399eaa0370"
LOCATION_ID = "397678e5-9995-4a39-9d9f-ae6ba310236b"
ROOM_ID = "7715151d-0314-457a-a82c-5ce48900e065"
INSTALLED_APP_ID = "5ab6a4b0-3b1a-4c1e-9d3f-2a2e7f0c9d11"
PROFILE_ID = "a79e4507-ecaa-3c7e-b660-a3a71f30eafb"

Mode = Literal["sync", "async"]
MODES: list[Mode] = ["sync", "async"]

# An id that cannot be sent, and the exception the client raises for it before anything leaves.
INVALID_IDS: list[tuple[object, type[Exception]]] = [
    ("", ValueError),
    ("  ", ValueError),
    ("a/b", ValueError),
    ("..", ValueError),
    (".", ValueError),
    ("a\\b", ValueError),
    (42, TypeError),
    (None, TypeError),
]
INVALID_ID_NAMES = ["empty", "blank", "slash", "dotdot", "dot", "backslash", "int", "none"]


def load(relative: str) -> Any:
    """A fixture file under tests/data, parsed."""
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def pysmartthings(name: str) -> Any:
    return load(f"pysmartthings/{name}")


def core_sdk(group: str, verb: str, name: str) -> dict[str, Any]:
    """One request/response pair of a core-sdk fixture file."""
    pairs: dict[str, dict[str, Any]] = load(f"core-sdk/{group}/{verb}.json")
    return pairs[name]


def zip_archive(**files: str) -> bytes:
    """A zip file holding these files (name -> text): an Edge driver package, for instance."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


_UNSET: Any = object()

Reply = httpx.Response | type[httpx.TransportError] | Callable[[httpx.Request], httpx.Response]


class FakeServer:
    """A SmartThings stand-in for ``httpx.MockTransport``: records every request, answers from a queue.

    Replies can also be bound to an exact URL (``route``), which pagination tests use to prove that a URL was,
    or was never, requested.  A request nobody expected fails the test.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._queue: list[Reply] = []
        self._routes: dict[str, Reply] = {}

    @staticmethod
    def response(
        status: int = 200,
        json_body: Any = _UNSET,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        if json_body is not _UNSET:
            content = json.dumps(json_body).encode()
            headers = {"content-type": "application/json", **(headers or {})}
        return httpx.Response(status, content=content or b"", headers=headers)

    def reply(
        self,
        status: int = 200,
        json_body: Any = _UNSET,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
    ) -> None:
        for _ in range(times):
            self._queue.append(self.response(status, json_body, content=content, headers=headers))

    def fail(self, error: type[httpx.TransportError], *, times: int = 1) -> None:
        """Raise this httpx transport error (e.g. ``httpx.ConnectError``) for the next request(s)."""
        self._queue.extend([error] * times)

    def route(self, url: str, status: int = 200, json_body: Any = _UNSET) -> None:
        self._routes[url] = self.response(status, json_body)

    def handler(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self._routes.get(str(request.url))
        if reply is None:
            if not self._queue:
                raise AssertionError(f"unexpected request: {request.method} {request.url}")
            reply = self._queue.pop(0)
        if isinstance(reply, httpx.Response):
            # A fresh response per request: httpx binds a response to the request it answers.
            return httpx.Response(reply.status_code, content=reply.content, headers=reply.headers)
        if isinstance(reply, type):
            raise reply(f"simulated {reply.__name__}", request=request)
        return reply(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]

    def body(self, index: int = -1) -> Any:
        """The JSON body of a request that was sent."""
        return json.loads(self.requests[index].content)

    @property
    def urls(self) -> list[str]:
        return [str(request.url) for request in self.requests]


class Harness:
    """Runs one call on a blocking or an async client over a :class:`FakeServer`, so a test is written once.

    ``run(lambda st: st.devices.get(...))`` returns the result on either client (awaiting it on the async one).
    Waits between retries are recorded in ``waits`` instead of slept.
    """

    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.server = FakeServer()
        self.waits: list[float] = []

    @property
    def is_async(self) -> bool:
        return self.mode == "async"

    async def _async_sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def retry(self, **options: Any) -> RetryPolicy:
        """A retry policy that records its waits instead of sleeping."""
        return RetryPolicy(sleep=self.waits.append, async_sleep=self._async_sleep, **options)

    def run(self, call: Callable[[Any], Any], *, token: str | Credential = TOKEN, **options: Any) -> Any:
        options.setdefault("retry", self.retry())
        if not self.is_async:
            with SmartThings(token, transport=self.server.transport(), **options) as st:
                return call(st)

        async def main() -> Any:
            async with AsyncSmartThings(token, transport=self.server.transport(), **options) as st:
                result = call(st)
                if inspect.isawaitable(result):
                    result = await result
                return result

        return asyncio.run(main())

    def collect(self, call: Callable[[Any], Any], **kwargs: Any) -> list[Any]:
        """Every item of a paged call (``call`` returns the pager), on either client."""
        items: list[Any] = self.run(lambda st: call(st).to_list(), **kwargs)
        return items


class ResourceCall(Protocol):
    """``call(harness, fn)``: ``fn(resource)`` on the harness's client; made by :func:`resource_caller`."""

    def __call__(self, harness: Harness, fn: Callable[[Any], Any], *, token: Any = ..., **options: Any) -> Any: ...


def resource_caller(sync_type: Callable[[Any], Any], async_type: Callable[[Any], Any], *, token: Any) -> ResourceCall:
    """A ``call(harness, fn, *, token=token, **options)`` for one resource class, built on the harness's client.

    ``fn`` gets ``sync_type(st._transport)`` or ``async_type(ast._transport)`` on the harness's client; its
    result is awaited on the async one, and pagers are drained to a list.
    """
    default_token = token

    def call(harness: Harness, fn: Callable[[Any], Any], *, token: Any = default_token, **options: Any) -> Any:
        def run(st: Any) -> Any:
            resource = async_type(st._transport) if isinstance(st, AsyncSmartThings) else sync_type(st._transport)
            result = fn(resource)
            return result.to_list() if hasattr(result, "to_list") else result

        return harness.run(run, token=token, **options)

    return call


def sent(harness: Harness) -> list[tuple[str, str]]:
    """Method and raw path of every request the harness's server got, in order."""
    return [(r.method, r.url.raw_path.decode()) for r in harness.server.requests]


def error_body(code: str, message: str) -> dict[str, Any]:
    """A SmartThings error answer."""
    return {"requestId": "req-1", "error": {"code": code, "message": message, "details": []}}


class Recorder:
    """A mock SmartThings that answers every request with one response and records what it got.

    A handler for ``httpx.MockTransport``; see :func:`run_resource`.
    """

    def __init__(self, body: Any = None, status: int = 200, content: bytes | None = None) -> None:
        self.body = body
        self.status = status
        self.content = content
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.content is not None:
            return httpx.Response(self.status, content=self.content)
        return httpx.Response(self.status, json=self.body)

    @property
    def only(self) -> httpx.Request:
        assert len(self.requests) == 1, f"expected one request, got {len(self.requests)}"
        return self.requests[0]

    def body_of(self) -> Any:
        return json.loads(self.only.content)


def run_resource(
    mode: Mode,
    handler: Callable[[httpx.Request], httpx.Response],
    call: Callable[[Any], Any],
    *,
    sync_resource: Callable[[SmartThings], Any],
    async_resource: Callable[[AsyncSmartThings], Any],
    token: Any = "pat",
) -> Any:
    """Run ``call(resource)`` on a blocking or an async client without retries, answered by ``handler``.

    The resource is ``sync_resource(st)`` or ``async_resource(ast)``; an awaitable result is awaited, and a pager
    (returned or awaited) is read to a list before the client is closed.
    """
    if mode == "sync":
        with SmartThings(token, transport=httpx.MockTransport(handler), max_retries=0) as st:
            result = call(sync_resource(st))
            return result.to_list() if isinstance(result, SyncPager) else result

    async def main() -> Any:
        async with AsyncSmartThings(token, transport=httpx.MockTransport(handler), max_retries=0) as ast:
            result = call(async_resource(ast))
            if inspect.isawaitable(result):
                result = await result
            return await result.to_list() if isinstance(result, AsyncPager) else result

    return asyncio.run(main())


def run_cli(capsys: Any, *argv: str) -> tuple[int, str, str]:
    """``smartthings-client ARGV``: exit code, standard output and standard error."""
    from smartthings_client import cli

    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_emulated_cli(capsys: Any, *argv: str) -> tuple[int, str, str]:
    """``smartthings-client ARGV --emulator``: exit code, standard output and standard error."""
    return run_cli(capsys, *argv, "--emulator")


def send_cli_clients_to(monkeypatch: Any, transport: httpx.BaseTransport, **options: Any) -> None:
    """Make the command line's clients send to ``transport`` (with client ``options``) instead of the API."""
    from smartthings_client._cli import session

    real_make_client = session.make_client

    def redirected(credential: Credential, **kwargs: Any) -> SmartThings:
        kwargs.pop("base_url", None)
        return real_make_client(credential, **{**kwargs, **options, "transport": transport})

    monkeypatch.setattr(session, "make_client", redirected)


def run_emulated_cli_json(capsys: Any, *argv: str) -> Any:
    """The parsed ``--json`` output of a command that must succeed against the emulator."""
    code, out, err = run_emulated_cli(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)
