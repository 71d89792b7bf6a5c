"""The pytest plugin: fixtures give a fresh emulator and token, and clients that are closed afterwards."""

from __future__ import annotations

import asyncio
import sys
import types
from typing import Any, ClassVar

import httpx
import pytest

from smartthings_client.testing import Emulator, pytest_plugin
from smartthings_client.testing.pytest_plugin import async_smartthings_client as async_client_fixture
from smartthings_client.testing.pytest_plugin import smartthings_client as client_fixture
from smartthings_client.testing.pytest_plugin import smartthings_emulator as smartthings_emulator_fixture
from smartthings_client.testing.pytest_plugin import smartthings_token as smartthings_token_fixture

# Imported under other names so this module uses the plugin's fixtures even where the entry point is
# not installed; pytest registers fixtures by their own names.
_FIXTURES = (smartthings_emulator_fixture, smartthings_token_fixture, client_fixture, async_client_fixture)


def test_fixtures_give_a_seeded_emulator_and_a_working_token(
    smartthings_emulator: Emulator, smartthings_token: str
) -> None:
    assert len(smartthings_emulator.devices) > 20
    with httpx.Client(
        transport=smartthings_emulator.transport,
        base_url="https://api.smartthings.com/v1",
        headers={"Authorization": f"Bearer {smartthings_token}"},
    ) as client:
        assert client.get("/devices").status_code == 200


class _FakeClient:
    """Stands in for the real client class to check construction and closing."""

    instances: ClassVar[list[_FakeClient]] = []

    def __init__(self, token: str, *, transport: Any, retry: Any = None) -> None:
        self.token = token
        self.transport = transport
        self.retry = retry
        self.closed = False
        _FakeClient.instances.append(self)

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        await asyncio.sleep(0)
        self.closed = True


@pytest.fixture
def fake_client_module(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("smartthings_client")
    module.SmartThings = _FakeClient  # type: ignore[attr-defined]
    module.AsyncSmartThings = _FakeClient  # type: ignore[attr-defined]
    module.RetryPolicy = dict  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "smartthings_client", module)
    _FakeClient.instances.clear()


@pytest.mark.usefixtures("fake_client_module")
def test_sync_client_is_built_on_the_emulator_transport_and_closed() -> None:
    emu = Emulator(seed=False)
    generator = pytest_plugin.make_client(emu, "token-1")
    client = next(generator)
    assert (client.token, client.transport) == ("token-1", emu.transport)
    # Retries wait on the emulator's clock, never in real time.
    assert client.retry == {"sleep": emu.clock.sleep, "async_sleep": emu.clock.async_sleep}
    assert not client.closed
    with pytest.raises(StopIteration):
        next(generator)
    assert client.closed


@pytest.mark.usefixtures("fake_client_module")
def test_async_client_is_closed_without_a_running_loop() -> None:
    emu = Emulator(seed=False)
    generator = pytest_plugin.make_async_client(emu, "token-2")
    client = next(generator)
    with pytest.raises(StopIteration):
        next(generator)
    assert client.closed


def test_real_client_fixtures(smartthings_emulator: Emulator, smartthings_client: Any) -> None:
    from smartthings_client import SmartThings

    assert isinstance(smartthings_client, SmartThings)
    assert len(list(smartthings_client.devices.list())) == len(smartthings_emulator.devices)


def test_real_async_client_fixture_with_asyncio_run(
    smartthings_emulator: Emulator, async_smartthings_client: Any
) -> None:
    async def main() -> int:
        return len([device async for device in async_smartthings_client.devices.list()])

    assert asyncio.run(main()) == len(smartthings_emulator.devices)
