"""The default async transport (aiohttp under httpx) over real loopback sockets: calls, the event stream, and
every kind of failure typed the way the retry rules need."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from smartthings_client import APIConnectionError, APITimeoutError, AsyncSmartThings, RetryPolicy
from smartthings_client._aiohttp import AiohttpTransport
from smartthings_client.resources.events import Backoff, MemorySinkStore
from smartthings_client.testing import Emulator, LoopbackServer

from .test_events import _credential, _flip, _opened_sinks, _streaming, _when


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


def test_the_default_async_client_uses_aiohttp_and_works_over_sockets(emu: Emulator, server: LoopbackServer) -> None:
    light = emu.find_devices(["switch"])[0]

    async def main() -> tuple[Any, Any, int]:
        async with AsyncSmartThings(emu.issue_pat(), base_url=server.base_url) as st:
            assert isinstance(st._transport.http._transport, AiohttpTransport)
            await st.devices.command(light, "switch", "on")
            status = await st.devices.status(light)
            devices = [device async for device in st.devices.list()]
            return status, devices, len(devices)

    status, devices, count = asyncio.run(main())
    assert emu.attribute(light, "switch", "switch") == "on"
    assert status.value("switch", "switch") == "on"
    assert count == len(emu.find_devices([]))
    assert light in {d.device_id for d in devices}


def test_a_dropped_connection_is_retried_for_a_get_but_not_for_a_post(emu: Emulator, server: LoopbackServer) -> None:
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


def test_a_refused_connection_was_never_sent() -> None:
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


def test_a_slow_answer_is_a_timeout_error(emu: Emulator, server: LoopbackServer) -> None:
    emu.faults.add("slow", seconds=0.5)

    async def main() -> None:
        async with AsyncSmartThings(emu.issue_pat(), base_url=server.base_url, timeout=0.1, max_retries=0) as st:
            with pytest.raises(APITimeoutError):
                await st.locations.get(emu.location_id)

    asyncio.run(main())


def test_one_client_may_run_in_several_event_loops(emu: Emulator, server: LoopbackServer) -> None:
    st = AsyncSmartThings(emu.issue_pat(), base_url=server.base_url)

    async def count() -> int:
        return len([d async for d in st.devices.list()])

    assert asyncio.run(count()) == asyncio.run(count()) > 0
    asyncio.run(st.aclose())


def test_the_async_event_stream_resumes_after_a_drop_over_sockets(emu: Emulator) -> None:
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
