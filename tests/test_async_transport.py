"""The default async transports over real loopback sockets: aiohttp's pool under httpx (when aiohttp is installed)
and httpx's own pool (when it is not): calls, the event stream, and every kind of failure typed the way the retry
rules need, the same with either."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from smartthings_client import APIConnectionError, APITimeoutError, AsyncSmartThings, RetryPolicy
from smartthings_client._aiohttp import AiohttpTransport
from smartthings_client._http_clients import HttpxPoolPerLoop, _aiohttp_transport
from smartthings_client.resources.events import Backoff, MemorySinkStore
from smartthings_client.testing import Emulator, LoopbackServer

from .test_events import _credential, _flip, _opened_sinks, _streaming, _when

EXPECTED_TRANSPORT = {"aiohttp": AiohttpTransport, "httpx": HttpxPoolPerLoop}


@pytest.fixture(params=["aiohttp", "httpx"])
def pool(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Which pool the default async client gets: aiohttp's (the dev extra installs it), or httpx's own, as for a
    user without the aiohttp extra (its import fails, as when it is not installed)."""
    if request.param == "httpx":
        monkeypatch.setitem(sys.modules, "aiohttp", None)  # `import aiohttp` raises ImportError
        monkeypatch.delitem(sys.modules, "smartthings_client._aiohttp", raising=False)
    _aiohttp_transport.cache_clear()
    yield request.param
    _aiohttp_transport.cache_clear()


def _pool_of(st: AsyncSmartThings) -> httpx.AsyncBaseTransport:
    transport: httpx.AsyncBaseTransport = st._transport.http._transport
    return transport


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def server(emu: Emulator) -> Iterator[LoopbackServer]:
    with emu.serve(port=0) as running:
        yield running


def _no_wait() -> RetryPolicy:
    async def no_sleep(seconds: float) -> None:
        return None

    return RetryPolicy(async_sleep=no_sleep)


def test_the_default_async_client_works_over_sockets_with_either_pool(
    pool: str, emu: Emulator, server: LoopbackServer
) -> None:
    light = emu.find_devices(["switch"])[0]

    async def main() -> tuple[Any, Any, int]:
        async with AsyncSmartThings(emu.issue_pat(), base_url=server.base_url) as st:
            assert type(_pool_of(st)) is EXPECTED_TRANSPORT[pool]
            await st.devices.command(light, "switch", "on")
            status = await st.devices.status(light)
            devices = [device async for device in st.devices.list()]
            return status, devices, len(devices)

    status, devices, count = asyncio.run(main())
    assert emu.attribute(light, "switch", "switch") == "on"
    assert status.value("switch", "switch") == "on"
    assert count == len(emu.find_devices([]))
    assert light in {d.device_id for d in devices}


def test_a_dropped_connection_is_retried_for_a_get_but_not_for_a_post(
    pool: str, emu: Emulator, server: LoopbackServer
) -> None:
    light = emu.find_devices(["switch"])[0]
    emu.faults.add("drop", method="GET", path="/devices")
    emu.faults.add("drop", method="POST", path="/commands")

    async def main() -> APIConnectionError:
        async with AsyncSmartThings(emu.issue_pat(), base_url=server.base_url, retry=_no_wait()) as st:
            assert len([d async for d in st.devices.list()]) > 0  # retried after the drop
            with pytest.raises(APIConnectionError) as caught:
                await st.devices.command(light, "switch", "on")
            return caught.value

    error = asyncio.run(main())
    assert error.request_sent is True  # the server may have acted on it: a POST is not repeated
    assert sum(1 for r in emu.requests if r.method == "POST") == 1


def test_a_refused_connection_was_never_sent(pool: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: connecting is refused

        async def main() -> APIConnectionError:
            async with AsyncSmartThings("pat", base_url=f"http://127.0.0.1:{port}/v1", max_retries=0) as st:
                with pytest.raises(APIConnectionError) as caught:
                    await st.devices.command("440063de-a200-40b5-8a6b-f3399eaa0370", "switch", "on")
                return caught.value

        error = asyncio.run(main())
    assert error.request_sent is False
    assert "ConnectError" in str(error)


def test_a_slow_answer_is_a_timeout_error(pool: str, emu: Emulator, server: LoopbackServer) -> None:
    emu.faults.add("slow", seconds=0.5)

    async def main() -> None:
        async with AsyncSmartThings(emu.issue_pat(), base_url=server.base_url, timeout=0.1, max_retries=0) as st:
            with pytest.raises(APITimeoutError):
                await st.locations.get(emu.location_id)

    asyncio.run(main())


def test_one_client_may_run_in_several_event_loops(pool: str, emu: Emulator, server: LoopbackServer) -> None:
    st = AsyncSmartThings(emu.issue_pat(), base_url=server.base_url)

    async def count() -> int:
        return len([d async for d in st.devices.list()])

    assert asyncio.run(count()) == asyncio.run(count()) > 0
    asyncio.run(st.aclose())


def test_the_async_event_stream_resumes_after_a_drop_over_sockets(pool: str, emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    def drop_then_more() -> None:
        emu.set_attribute(light, "switch", "switch", "on")
        emu.drop_event_streams()
        _when(_streaming(emu, 2), _flip(emu, light, "off"))

    _when(_streaming(emu), drop_then_more)

    async def main(base_url: str) -> list[Any]:
        values: list[Any] = []
        retry = RetryPolicy(async_sleep=record)
        async with AsyncSmartThings(_credential(install), base_url=base_url, retry=retry) as st:
            watch = st.events.watch(install.location_id, store=MemorySinkStore(), backoff=Backoff(jitter=lambda: 0.0))
            async for event in watch:
                values.append(event.value)  # type: ignore[union-attr]
                if len(values) == 2:
                    break
            await watch.aclose()  # type: ignore[attr-defined]
        return values

    with emu.serve(port=0) as server:
        assert asyncio.run(main(server.base_url)) == ["on", "off"]
    assert waits == [1.0]
    first, second = _opened_sinks(emu)
    assert first != second
    assert emu.event_sinks == ()


def test_an_injected_transport_or_client_is_used_as_given(emu: Emulator) -> None:
    async def main() -> None:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as st:
            assert st._transport.http._transport is emu.transport
        async with httpx.AsyncClient(transport=emu.transport) as http:
            st = AsyncSmartThings(emu.issue_pat(), http_client=http)
            assert st._transport.http is http
            await st.aclose()
            assert not http.is_closed

    asyncio.run(main())


# A user without the aiohttp extra: no aiohttp module at all, in a fresh interpreter.
WITHOUT_AIOHTTP = textwrap.dedent(
    """
    import asyncio, sys
    from importlib.abc import MetaPathFinder

    class NotInstalled(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "aiohttp" or name.startswith("aiohttp."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, NotInstalled())
    from smartthings_client import AsyncSmartThings

    async def main():
        async with AsyncSmartThings(sys.argv[2], base_url=sys.argv[1]) as st:
            devices = [device async for device in st.devices.list()]
            print(type(st._transport.http._transport).__name__, len(devices), "aiohttp" in sys.modules)

    asyncio.run(main())
    """
)


def test_without_aiohttp_installed_the_async_client_sends_with_httpx_own_pool(
    emu: Emulator, server: LoopbackServer
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_AIOHTTP, server.base_url, emu.issue_pat()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["HttpxPoolPerLoop", str(len(emu.find_devices([]))), "False"]


def test_both_pools_take_the_proxy_the_environment_names_for_each_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    from smartthings_client._proxies import EnvironmentProxies

    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    proxies = EnvironmentProxies(trust_env=True)
    assert proxies.for_url(httpx.URL("https://api.smartthings.com/v1/devices")) == "http://proxy.example:3128"
    assert proxies.for_url(httpx.URL("https://127.0.0.1:8088/v1/devices")) is None
    assert proxies.for_url(httpx.URL("http://api.smartthings.com/v1")) is None  # no HTTP_PROXY
    assert EnvironmentProxies(trust_env=False).for_url(httpx.URL("https://api.smartthings.com/v1")) is None
