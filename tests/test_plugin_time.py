"""The pytest plugin's clients wait between retries on the emulator's clock, not in real time."""

from __future__ import annotations

import asyncio

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator


def test_rate_limits_wait_on_the_emulator_clock(
    smartthings_client: SmartThings, smartthings_emulator: Emulator
) -> None:
    light = smartthings_emulator.devices_by_label()[SEED_LIGHT_LABEL]
    smartthings_emulator.rate_limits.enable(limit=2, window=20.0)
    before = smartthings_emulator.clock.now()

    for _ in range(5):
        assert smartthings_client.devices.status(light).value("switch", "switch") in ("on", "off")

    limited = [r for r in smartthings_emulator.requests if r.status == 429]
    assert limited  # SmartThings asked to wait, and the client did, on the emulated clock
    assert smartthings_emulator.clock.now() - before >= 20.0


def test_a_server_error_costs_no_real_backoff(smartthings_client: SmartThings, smartthings_emulator: Emulator) -> None:
    smartthings_emulator.faults.add("server_error", count=2, status=503)
    before = smartthings_emulator.clock.now()

    devices = smartthings_client.devices.list().to_list()

    assert devices
    assert [r.status for r in smartthings_emulator.requests][:3] == [503, 503, 200]
    assert smartthings_emulator.clock.now() > before  # the backoff passed in emulated time


def test_the_async_client_waits_on_the_emulator_clock_too(
    async_smartthings_client: AsyncSmartThings, smartthings_emulator: Emulator
) -> None:
    light = smartthings_emulator.devices_by_label()[SEED_LIGHT_LABEL]
    smartthings_emulator.rate_limits.enable(limit=1, window=30.0)
    before = smartthings_emulator.clock.now()

    async def main() -> None:
        for _ in range(3):
            await async_smartthings_client.devices.status(light)

    asyncio.run(main())
    assert smartthings_emulator.clock.now() - before >= 30.0
